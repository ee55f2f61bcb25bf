//! The reference farm's firewall (reference/seed-farm/etc/shorewall and commands.txt): Shorewall's
//! two-interfaces layout, net = eth0, loc = br0, the DNAT of 22002 to skaro.xivo's 22 on the failover
//! address, HTTP on the host for nginx, and the host allowed to reach the VMs.

use shorewall::{
    Action, Comment, Endpoint, Host, InterfaceEntry, InterfaceOption, LogLevel, Macro, Policy,
    PolicyAction, Ports, Proto, Rule, RuleSet, SnatEntry, Verdict, ZoneRef,
};

use crate::common::{compile, farm_zones, has_rule};

fn zone(name: &str) -> ZoneRef {
    ZoneRef::Zone(name.parse().unwrap())
}

fn rule(
    action: Action,
    source: Endpoint,
    dest: Endpoint,
    proto: Option<Proto>,
    dport: Option<u16>,
) -> Rule {
    Rule::new(
        action,
        source,
        dest,
        proto,
        dport.map(|p| Ports::single(p).unwrap()),
        None,
        None,
    )
    .unwrap()
}

fn mac(name: &str, verdict: Verdict) -> Action {
    Action::Macro(Macro::new(name).unwrap(), verdict)
}

pub fn reference() -> RuleSet {
    use Endpoint as E;
    let (fw, net, loc, all) = (ZoneRef::Firewall, zone("net"), zone("loc"), ZoneRef::All);
    let common = [
        InterfaceOption::Tcpflags,
        InterfaceOption::Nosmurfs,
        InterfaceOption::Routefilter,
        InterfaceOption::Logmartians,
    ];
    let interfaces = vec![
        InterfaceEntry {
            zone: "net".parse().unwrap(),
            interface: "eth0".parse().unwrap(),
            options: [&common[..], &[InterfaceOption::NoSourceRoute]].concat(),
        },
        InterfaceEntry {
            zone: "loc".parse().unwrap(),
            interface: "br0".parse().unwrap(),
            options: [
                &common[..],
                &[InterfaceOption::Dhcp, InterfaceOption::Bridge],
            ]
            .concat(),
        },
    ];
    let policy = |source: &ZoneRef, dest: &ZoneRef, action, log| Policy {
        source: source.clone(),
        dest: dest.clone(),
        action,
        log,
    };
    let policies = vec![
        policy(&loc, &net, PolicyAction::Accept, None),
        policy(&fw, &net, PolicyAction::Accept, None),
        policy(&fw, &loc, PolicyAction::Accept, None),
        policy(&net, &all, PolicyAction::Drop, Some(LogLevel::Info)),
        policy(&all, &all, PolicyAction::Reject, Some(LogLevel::Info)),
    ];
    let dnat = Rule::new(
        Action::Dnat,
        E::zone(net.clone()),
        E::dnat_target(
            "loc".parse().unwrap(),
            Host::Param("VM_SKARO_XIVO".parse().unwrap()),
            Some(22),
        ),
        Some(Proto::Tcp),
        Some(Ports::single(22002).unwrap()),
        None,
        Some(Host::Param("IP_FAILOVER".parse().unwrap())),
    )
    .unwrap();
    let rules = vec![
        rule(
            mac("Invalid", Verdict::Drop),
            E::zone(net.clone()),
            E::zone(all.clone()),
            Some(Proto::Tcp),
            None,
        ),
        rule(
            mac("DNS", Verdict::Accept),
            E::zone(loc.clone()),
            E::zone(fw.clone()),
            None,
            None,
        ),
        rule(
            mac("SSH", Verdict::Accept),
            E::zone(loc.clone()),
            E::zone(fw.clone()),
            None,
            None,
        ),
        rule(
            mac("Ping", Verdict::Accept),
            E::zone(loc.clone()),
            E::zone(fw.clone()),
            None,
            None,
        ),
        rule(
            mac("Ping", Verdict::Drop),
            E::zone(net.clone()),
            E::zone(fw.clone()),
            None,
            None,
        ),
        rule(
            Action::Verdict(Verdict::Accept),
            E::zone(net.clone()),
            E::zone(fw.clone()),
            Some(Proto::Tcp),
            Some(80),
        ),
        dnat,
    ];
    let snat = vec![
        SnatEntry::masquerade(
            vec!["10.10.60.0/24".parse().unwrap()],
            "eth0".parse().unwrap(),
        )
        .unwrap(),
    ];
    let params = vec![
        (
            "VM_SKARO_XIVO".parse().unwrap(),
            "10.10.60.2".parse().unwrap(),
        ),
        (
            "IP_FAILOVER".parse().unwrap(),
            "192.0.2.10".parse().unwrap(),
        ),
    ];
    let zones = farm_zones();
    let comments = vec![Comment::new("the reference farm's firewall").unwrap()];
    RuleSet::builder()
        .comments(comments)
        .zones(zones)
        .interfaces(interfaces)
        .policies(policies)
        .rules(rules)
        .snat(snat)
        .params(params)
        .build()
        .unwrap()
}

#[test]
fn snapshots() {
    let set = reference();
    let mut all = String::new();
    for (name, text) in set.files() {
        all.push_str(&format!("==> {name} <==\n{text}\n"));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn shorewall_compiles_what_we_meant() {
    let Some(compiled) = compile(&reference()) else {
        return;
    };
    assert!(
        has_rule(
            &compiled,
            &[
                "-d 192.0.2.10",
                "-p 6",
                "--dport 22002",
                "-j DNAT --to-destination 10.10.60.2:22"
            ]
        ),
        "no DNAT of 22002 to 10.10.60.2:22:\n{compiled}"
    );
    assert!(
        has_rule(&compiled, &["-s 10.10.60.0/24", "-j MASQUERADE"]),
        "no MASQUERADE:\n{compiled}"
    );
    assert!(
        has_rule(&compiled, &["-p 6", "--dport 80", "-j ACCEPT"]),
        "HTTP is not accepted:\n{compiled}"
    );
    assert!(
        has_rule(&compiled, &["-A OUTPUT", "-o br0", "-j ACCEPT"])
            || has_rule(&compiled, &["-A fw-loc", "-j ACCEPT"]),
        "the host cannot reach the VMs:\n{compiled}"
    );
}
