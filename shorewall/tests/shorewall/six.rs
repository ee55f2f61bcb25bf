//! A Shorewall6 rule set compiled by the real shorewall6.

use shorewall::{
    Action, Endpoint, Host, InterfaceEntry, InterfaceOption, Policy, PolicyAction, Ports, Proto,
    Rule, RuleSet, Verdict, Zone, ZoneRef, ZoneType,
};

/// A bracketed IPv6 address is the compiled rule's destination, and the firewall and net zones compile
/// as ipv6 zones.
#[test]
fn shorewall6_compiles_a_rule_to_an_ipv6_address() {
    let zones = vec![
        Zone {
            name: "fw".parse().unwrap(),
            kind: ZoneType::Firewall,
        },
        Zone {
            name: "net".parse().unwrap(),
            kind: ZoneType::Ipv6,
        },
    ];
    let rule = Rule::new(
        Action::Verdict(Verdict::Accept),
        Endpoint::zone(ZoneRef::Zone("net".parse().unwrap())),
        Endpoint::hosts(
            ZoneRef::Firewall,
            vec![Host::Address6("2001:db8::1".parse().unwrap())],
        )
        .unwrap(),
        Some(Proto::Tcp),
        Some(Ports::single(22).unwrap()),
        None,
        None,
    )
    .unwrap();
    let six = RuleSet::builder()
        .zones(zones)
        .interfaces(vec![InterfaceEntry {
            zone: "net".parse().unwrap(),
            interface: "eth0".parse().unwrap(),
            options: vec![InterfaceOption::Tcpflags],
        }])
        .policies(vec![Policy {
            source: ZoneRef::All,
            dest: ZoneRef::All,
            action: PolicyAction::Reject,
            log: None,
        }])
        .rules(vec![rule])
        .build6()
        .unwrap();
    if let Some(compiled) = crate::common::compile(&six) {
        assert!(
            crate::common::has_rule(&compiled, &["-d 2001:db8::1", "--dport 22", "ACCEPT"]),
            "{compiled}"
        );
    }
}
