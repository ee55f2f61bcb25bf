//! Round trips of the names, and random valid rule sets compiled by Shorewall.

use std::net::Ipv4Addr;

use proptest::prelude::*;
use shorewall::{
    Action, Endpoint, Host, InterfaceEntry, Macro, ParamName, Policy, PolicyAction, Ports, Proto,
    Rule, RuleSet, SnatEntry, Verdict, ZoneName, ZoneRef,
};

use crate::common::{compile, farm_zones, has_rule};

proptest! {
    #[test]
    fn names_round_trip(zone in "[a-zA-Z][a-zA-Z0-9_]{0,4}", param in "[A-Z][A-Z0-9_]{2,20}") {
        prop_assume!(!["all", "any", "none"].contains(&zone.as_str()) && !zone.starts_with("all2") && !zone.ends_with("2all"));
        prop_assume!(!param.starts_with("SW_") && !param.starts_with("SHOREWALL_") && !["PATH", "IFS", "HOME", "PWD", "OLDPWD", "SHELL", "ENV", "PS1", "PS2", "PS4", "OPTIND", "OPTARG", "LINENO", "PPID", "CONFDIR"].contains(&param.as_str()));
        let z: ZoneName = zone.parse().unwrap();
        prop_assert_eq!(z.to_string().parse::<ZoneName>().unwrap(), z);
        let p: ParamName = param.parse().unwrap();
        prop_assert_eq!(p.to_string().parse::<ParamName>().unwrap(), p);
    }
}

/// A random rule set: DNATs on distinct public ports to VMs named by params, accepted ports on the host,
/// macro rules; with the DNATs it must compile to.
fn rule_set() -> impl Strategy<Value = (RuleSet, Vec<(u16, Ipv4Addr, u16)>)> {
    let dnats = prop::collection::btree_map(
        1024u16..60000,
        (any::<u8>(), 1u16..=65535, any::<bool>()),
        0..20,
    );
    let accepts = prop::collection::vec(
        (
            prop::sample::select(vec![Proto::Tcp, Proto::Udp]),
            1u16..=65535,
            any::<bool>(),
        ),
        0..8,
    );
    let macros = prop::collection::vec(
        (
            prop::sample::select(vec![
                "SSH", "HTTP", "HTTPS", "DNS", "Ping", "NTP", "SMTP", "Web",
            ]),
            prop::sample::select(vec![Verdict::Accept, Verdict::Drop, Verdict::Reject]),
        ),
        0..6,
    );
    (dnats, accepts, macros).prop_map(|(dnats, accepts, macros)| {
        let net = || ZoneRef::Zone("net".parse().unwrap());
        let loc = || ZoneRef::Zone("loc".parse().unwrap());
        let mut params = Vec::new();
        let mut rules = Vec::new();
        let mut expected = Vec::new();
        for (i, (public, (host, port, by_param))) in dnats.into_iter().enumerate() {
            let address = Ipv4Addr::new(10, 10, 60, host.max(1));
            let target = if by_param {
                let name: ParamName = format!("VM_{i}").parse().unwrap();
                params.push((name.clone(), address.to_string().parse().unwrap()));
                Host::Param(name)
            } else {
                Host::Address(address)
            };
            rules.push(
                Rule::new(
                    Action::Dnat,
                    Endpoint::zone(net()),
                    Endpoint::dnat_target("loc".parse().unwrap(), target, Some(port)),
                    Some(Proto::Tcp),
                    Some(Ports::single(public).unwrap()),
                    None,
                    Some(Host::Address(Ipv4Addr::new(192, 0, 2, 10))),
                )
                .unwrap(),
            );
            expected.push((public, address, port));
        }
        for (proto, port, to_host) in accepts {
            let dest = if to_host {
                Endpoint::zone(ZoneRef::Firewall)
            } else {
                Endpoint::hosts(loc(), vec![Host::Network("10.10.60.0/24".parse().unwrap())])
                    .unwrap()
            };
            rules.push(
                Rule::new(
                    Action::Verdict(Verdict::Accept),
                    Endpoint::zone(net()),
                    dest,
                    Some(proto),
                    Some(Ports::single(port).unwrap()),
                    None,
                    None,
                )
                .unwrap(),
            );
        }
        for (name, verdict) in macros {
            rules.push(
                Rule::new(
                    Action::Macro(Macro::new(name).unwrap(), verdict),
                    Endpoint::zone(loc()),
                    Endpoint::zone(ZoneRef::Firewall),
                    None,
                    None,
                    None,
                    None,
                )
                .unwrap(),
            );
        }
        let zones = farm_zones();
        let interfaces = vec![
            InterfaceEntry {
                zone: "net".parse().unwrap(),
                interface: "eth0".parse().unwrap(),
                options: vec![],
            },
            InterfaceEntry {
                zone: "loc".parse().unwrap(),
                interface: "br0".parse().unwrap(),
                options: vec![],
            },
        ];
        let policies = vec![
            Policy {
                source: loc(),
                dest: net(),
                action: PolicyAction::Accept,
                log: None,
            },
            Policy {
                source: ZoneRef::All,
                dest: ZoneRef::All,
                action: PolicyAction::Reject,
                log: None,
            },
        ];
        let snat = vec![
            SnatEntry::masquerade(
                vec!["10.10.60.0/24".parse().unwrap()],
                "eth0".parse().unwrap(),
            )
            .unwrap(),
        ];
        (
            RuleSet::builder()
                .zones(zones)
                .interfaces(interfaces)
                .policies(policies)
                .rules(rules)
                .snat(snat)
                .params(params)
                .build()
                .unwrap(),
            expected,
        )
    })
}

proptest! {
    // Each case compiles a rule set (half a second): few cases, many rules each.
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn random_rule_sets_compile((set, dnats) in rule_set()) {
        if let Some(compiled) = compile(&set) {
            for (public, address, port) in dnats {
                let dport = format!("--dport {public} ");
                let target = format!("--to-destination {address}:{port}");
                prop_assert!(has_rule(&compiled, &[&dport, &target]), "no DNAT {} -> {}:{}", public, address, port);
            }
        }
    }
}
