//! The reference farm's interfaces (reference/seed-farm/etc/network/interfaces.fragment) and hosts.

use std::net::IpAddr;

use netif::{
    Bridge, BridgePorts, Comment, Hook, Hosts, HostsEntry, Iface, Interfaces, IpCommand, Method,
    Stanza, Static,
};

fn name(s: &str) -> netif::InterfaceName {
    s.parse().unwrap()
}

fn interfaces() -> Interfaces {
    let lo = Iface::new(name("lo"), Method::Loopback, None, vec![]).unwrap();
    let eth0 = Iface::new(
        name("eth0"),
        Method::Static(
            Static::new(
                "203.0.113.10/24".parse().unwrap(),
                Some("203.0.113.1".parse().unwrap()),
            )
            .unwrap(),
        ),
        None,
        vec![Hook::Up(IpCommand::addr(
            "10.10.59.10/32".parse().unwrap(),
            name("eth0"),
        ))],
    )
    .unwrap();
    let br0 = Iface::new(
        name("br0"),
        Method::Static(Static::new("10.10.0.254/32".parse().unwrap(), None).unwrap()),
        Some(Bridge {
            ports: BridgePorts::None,
            stp: Some(false),
            maxwait: Some(5),
            fd: None,
        }),
        vec![Hook::Up(
            IpCommand::route_dev("10.10.60.0/24".parse().unwrap(), name("br0")).unwrap(),
        )],
    )
    .unwrap();
    let alias = Iface::new(
        name("lo:1"),
        Method::Static(Static::new("10.10.0.10/32".parse().unwrap(), None).unwrap()),
        None,
        vec![Hook::Up(
            IpCommand::blackhole("10.0.0.0/8".parse().unwrap()).unwrap(),
        )],
    )
    .unwrap();
    let mut stanzas = vec![Stanza::Source(
        "/etc/network/interfaces.d/*".parse().unwrap(),
    )];
    for iface in [lo, eth0, br0, alias] {
        stanzas.push(Stanza::Auto(vec![iface.name().clone()]));
        stanzas.push(Stanza::Iface(iface));
    }
    Interfaces::new(
        vec![Comment::new("the reference farm's host01").unwrap()],
        stanzas,
    )
    .unwrap()
}

#[test]
fn interfaces_snapshot() {
    insta::assert_snapshot!(interfaces().to_string());
}

#[test]
fn ifupdown_reads_what_we_meant() {
    let text = interfaces().to_string();
    let Some(reading) = checkers::ifupdown(&text).unwrap() else {
        return;
    };
    assert_eq!(reading.listed, ["lo", "eth0", "br0", "lo:1"]);
    for command in [
        "ip route add default via 203.0.113.1",
        "ip addr add 10.10.59.10/32 dev eth0",
        "ip addr add 10.10.0.254/255.255.255.255",
        "ip route add 10.10.60.0/24 dev br0",
        "ip addr add 10.10.0.10/255.255.255.255",
        "ip route add blackhole 10.0.0.0/8",
    ] {
        assert!(
            reading.plan.contains(command),
            "ifup -n does not plan {command:?}:\n{}",
            reading.plan
        );
    }
    let br0 = checkers::ifquery(&text, "br0").unwrap().unwrap();
    for (key, value) in [
        ("address", "10.10.0.254"),
        ("netmask", "255.255.255.255"),
        ("bridge_ports", "none"),
        ("bridge_stp", "off"),
        ("bridge_maxwait", "5"),
        ("up", "ip route add 10.10.60.0/24 dev br0"),
        ("down", "ip route del 10.10.60.0/24 dev br0"),
    ] {
        assert!(
            br0.contains(&(key.to_owned(), value.to_owned())),
            "{key}: {value} missing from {br0:?}"
        );
    }
    let alias = checkers::ifquery(&text, "lo:1").unwrap().unwrap();
    assert!(alias.contains(&(
        "up".to_owned(),
        "ip route add blackhole 10.0.0.0/8".to_owned()
    )));
}

#[test]
fn hosts_snapshot() {
    let node = HostsEntry::new(
        IpAddr::from([10, 10, 59, 10]),
        vec!["host01.farm".parse().unwrap(), "host01".parse().unwrap()],
    )
    .unwrap();
    let hosts =
        Hosts::with_localhost(vec![Comment::new("host01's names").unwrap()], vec![node]).unwrap();
    insta::assert_snapshot!(hosts.to_string());
    assert_eq!(hosts.entries().len(), 5);
}
