//! Every refusal of the crate.

use shorewall::{
    Action, Endpoint, Error, Host, InterfaceEntry, Macro, ParamName, ParamValue, Policy,
    PolicyAction, Ports, Proto, Rule, RuleSet, Verdict, Zone, ZoneName, ZoneRef, ZoneType,
};

#[test]
fn zone_names() {
    for bad in [
        "", "1net", "n-et", "toolong", "all", "any", "none", "SOURCE", "DEST", "all2x", "x2all",
        "a b", "a;b",
    ] {
        assert!(
            matches!(ZoneName::new(bad), Err(Error::InvalidZone { .. })),
            "{bad:?}"
        );
    }
    assert!(ZoneName::new("dmz_1").is_ok());
}

#[test]
fn param_names_and_values() {
    for bad in [
        "",
        "1A",
        "A-B",
        "A B",
        "SW_X",
        "SHOREWALL_X",
        "sw_x",
        "FW",
        "PATH",
        "IFS",
        "A$B",
        &"A".repeat(65),
    ] {
        assert!(
            matches!(ParamName::new(bad), Err(Error::InvalidParamName { .. })),
            "{bad:?}"
        );
    }
    for bad in [
        "", "a b", "$(x)", "`x`", "a;b", "a\"b", "a'b", "a\nb", "a$b", "a#b",
    ] {
        assert!(
            matches!(ParamValue::new(bad), Err(Error::InvalidParamValue { .. })),
            "{bad:?}"
        );
    }
    assert!(ParamValue::new("10.10.60.0/24,192.0.2.1").is_ok());
}

#[test]
fn macros_and_ports() {
    assert!(matches!(
        Macro::new("Nope"),
        Err(Error::UnknownMacro { .. })
    ));
    assert!(matches!(Macro::new("ssh"), Err(Error::UnknownMacro { .. })));
    assert!(Macro::new("SSH").is_ok());
    assert!(matches!(Ports::single(0), Err(Error::InvalidPorts { .. })));
    assert!(matches!(
        Ports::list(vec![(90, 80)]),
        Err(Error::InvalidPorts { .. })
    ));
    assert!(Ports::list(vec![]).is_err());
}

fn loc() -> ZoneName {
    "loc".parse().unwrap()
}

#[test]
fn rules() {
    let net = Endpoint::zone(ZoneRef::Zone("net".parse().unwrap()));
    let fw = Endpoint::zone(ZoneRef::Firewall);
    let p80 = || Some(Ports::single(80).unwrap());
    let accept = Action::Verdict(Verdict::Accept);
    let err = Rule::new(accept, net.clone(), fw.clone(), None, p80(), None, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "rule ACCEPT net $FW - 80: ports need the protocol tcp or udp"
    );
    let target = Endpoint::dnat_target(
        loc(),
        Host::Address("10.0.0.1".parse().unwrap()),
        Some(8080),
    );
    let orig = Some(Host::Address("192.0.2.1".parse().unwrap()));
    let net_orig = Some(Host::Network("192.0.2.0/24".parse().unwrap()));
    let tcp = Some(Proto::Tcp);
    // (what is wrong, action, source, destination, protocol, original destination)
    let refused = [
        (
            "ports with ICMP",
            accept,
            &net,
            &fw,
            Some(Proto::Icmp),
            None,
        ),
        (
            "a DNAT to a zone, not a host",
            Action::Dnat,
            &net,
            &Endpoint::zone(ZoneRef::Zone(loc())),
            tcp,
            None,
        ),
        (
            "a DNAT from the firewall",
            Action::Dnat,
            &fw,
            &target,
            tcp,
            None,
        ),
        (
            "a port in an ACCEPT's destination",
            accept,
            &net,
            &target,
            tcp,
            None,
        ),
        (
            "an original destination on an ACCEPT",
            accept,
            &net,
            &fw,
            tcp,
            orig,
        ),
        (
            "an original destination that is a network",
            Action::Dnat,
            &net,
            &target,
            tcp,
            net_orig,
        ),
        (
            "a REDIRECT without a port",
            Action::Redirect,
            &net,
            &fw,
            tcp,
            None,
        ),
    ];
    for (what, action, source, dest, proto, orig_dest) in refused {
        let rule = Rule::new(
            action,
            source.clone(),
            dest.clone(),
            proto,
            p80(),
            None,
            orig_dest,
        );
        assert!(
            matches!(rule, Err(Error::InvalidRule { .. })),
            "{what}: {rule:?}"
        );
    }
}

fn set(
    zones: Vec<Zone>,
    interfaces: Vec<InterfaceEntry>,
    policies: Vec<Policy>,
    rules: Vec<Rule>,
    params: Vec<(ParamName, ParamValue)>,
) -> Result<RuleSet, Error> {
    RuleSet::builder()
        .zones(zones)
        .interfaces(interfaces)
        .policies(policies)
        .rules(rules)
        .params(params)
        .build()
}

/// The firewall and `net` of `kind`, without `loc`: the refusals below name `loc` as a zone that is not
/// there.
fn fw_net(kind: ZoneType) -> Vec<Zone> {
    vec![
        Zone {
            name: "fw".parse().unwrap(),
            kind: ZoneType::Firewall,
        },
        Zone {
            name: "net".parse().unwrap(),
            kind,
        },
    ]
}

/// [`fw_net`] for Shorewall (IPv4).
fn zones() -> Vec<Zone> {
    fw_net(ZoneType::Ipv4)
}

#[test]
fn whole_rule_sets() {
    let err = set(
        zones(),
        vec![],
        vec![Policy {
            source: ZoneRef::Zone(loc()),
            dest: ZoneRef::All,
            action: PolicyAction::Drop,
            log: None,
        }],
        vec![],
        vec![],
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "policy: zone loc is not defined in zones");
    let dnat = Rule::new(
        Action::Dnat,
        Endpoint::zone(ZoneRef::Zone("net".parse().unwrap())),
        Endpoint::dnat_target(
            "net".parse().unwrap(),
            Host::Param("VM_X".parse().unwrap()),
            None,
        ),
        Some(Proto::Tcp),
        Some(Ports::single(22).unwrap()),
        None,
        None,
    )
    .unwrap();
    let err = set(zones(), vec![], vec![], vec![dnat.clone()], vec![]).unwrap_err();
    assert_eq!(err.to_string(), "rules: $VM_X is not defined in params");
    assert!(
        set(
            zones(),
            vec![],
            vec![],
            vec![dnat],
            vec![("VM_X".parse().unwrap(), "10.0.0.1".parse().unwrap())]
        )
        .is_ok()
    );
    let mut two = zones();
    two.push(Zone {
        name: "fw2".parse().unwrap(),
        kind: ZoneType::Firewall,
    });
    assert!(matches!(
        set(two, vec![], vec![], vec![], vec![]),
        Err(Error::FirewallZone { .. })
    ));
    let mut dup = zones();
    dup.push(Zone {
        name: "net".parse().unwrap(),
        kind: ZoneType::Ipv4,
    });
    assert!(matches!(
        set(dup, vec![], vec![], vec![], vec![]),
        Err(Error::Duplicate { .. })
    ));
    let fw_iface = InterfaceEntry {
        zone: "fw".parse().unwrap(),
        interface: "eth0".parse().unwrap(),
        options: vec![],
    };
    assert!(matches!(
        set(zones(), vec![fw_iface], vec![], vec![], vec![]),
        Err(Error::FirewallZone { .. })
    ));
    let p = || ("A".parse().unwrap(), "1".parse().unwrap());
    assert!(matches!(
        set(zones(), vec![], vec![], vec![], vec![p(), p()]),
        Err(Error::Duplicate { .. })
    ));
}

/// A Shorewall6 rule set: IPv6 zones and hosts only, no option Shorewall6 refuses; an IPv4 set takes no
/// IPv6 host. The files are shorewall6.conf's set, without snat.
#[test]
fn shorewall6_rule_sets_take_ipv6_only() {
    let new6 = |zones, interfaces, rules| {
        RuleSet::builder()
            .zones(zones)
            .interfaces(interfaces)
            .policies(vec![Policy {
                source: ZoneRef::All,
                dest: ZoneRef::All,
                action: PolicyAction::Reject,
                log: None,
            }])
            .rules(rules)
            .build6()
    };
    let to = |host: Host| {
        Rule::new(
            Action::Verdict(Verdict::Accept),
            Endpoint::zone(ZoneRef::Zone("net".parse().unwrap())),
            Endpoint::hosts(ZoneRef::Firewall, vec![host]).unwrap(),
            Some(Proto::Tcp),
            Some(Ports::single(22).unwrap()),
            None,
            None,
        )
        .unwrap()
    };
    let v6 = Host::Address6("2001:db8::1".parse().unwrap());
    assert_eq!(
        to(v6.clone()).to_string(),
        "ACCEPT net $FW:[2001:db8::1] tcp 22"
    );
    assert_eq!(
        Host::Network6("2001:db8::/32".parse().unwrap()).to_string(),
        "[2001:db8::]/32"
    );
    let eth0 = InterfaceEntry {
        zone: "net".parse().unwrap(),
        interface: "eth0".parse().unwrap(),
        options: vec![shorewall::InterfaceOption::Tcpflags],
    };
    let six = new6(fw_net(ZoneType::Ipv6), vec![eth0], vec![to(v6.clone())]).unwrap();
    let names: Vec<&str> = six.files().iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "shorewall6.conf",
            "params",
            "zones",
            "interfaces",
            "policy",
            "rules"
        ]
    );
    let conf = &six.files()[0].1;
    assert!(conf.contains("DROP_DEFAULT=\"AllowICMPs,"), "{conf}");
    assert!(!conf.contains("LOG_MARTIANS"), "{conf}");
    assert!(six.files()[2].1.contains("net     ipv6"));
    // Shorewall6 compiles it: tests/shorewall/six.rs.
    let wrong = |r: Result<RuleSet, Error>| matches!(r, Err(Error::WrongFamily { .. }));
    assert!(wrong(new6(fw_net(ZoneType::Ipv4), vec![], vec![])));
    assert!(wrong(new6(
        fw_net(ZoneType::Ipv6),
        vec![],
        vec![to(Host::Address("10.0.0.1".parse().unwrap()))]
    )));
    let routefilter = InterfaceEntry {
        zone: "net".parse().unwrap(),
        interface: "eth0".parse().unwrap(),
        options: vec![shorewall::InterfaceOption::Routefilter],
    };
    assert!(wrong(new6(
        fw_net(ZoneType::Ipv6),
        vec![routefilter],
        vec![]
    )));
    assert!(matches!(
        set(fw_net(ZoneType::Ipv4), vec![], vec![], vec![to(v6)], vec![]),
        Err(Error::WrongFamily { .. })
    ));
    // Shorewall6 has no NAT: a snat file is refused, not dropped.
    let masquerade = shorewall::SnatEntry::masquerade(
        vec!["10.10.60.0/24".parse().unwrap()],
        "eth0".parse().unwrap(),
    );
    let with_snat = RuleSet::builder()
        .zones(fw_net(ZoneType::Ipv6))
        .snat(vec![masquerade.unwrap()])
        .build6();
    assert!(wrong(with_snat));
}
