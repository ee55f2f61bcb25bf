//! Random valid files through ifupdown.

use ipnet::{IpNet, Ipv4Net};
use netif::{
    Bridge, BridgePorts, Hook, Iface, InterfaceName, Interfaces, IpCommand, Method, Stanza, Static,
};
use proptest::prelude::*;
use std::net::Ipv4Addr;

/// A static method on a random host address with its prefix; a gateway inside it when it has room.
fn static_method() -> impl Strategy<Value = Method> {
    (any::<u32>(), 8u8..=32, any::<bool>()).prop_map(|(addr, len, with_gateway)| {
        let net = Ipv4Net::new(Ipv4Addr::from(addr), len).unwrap();
        let size = 1u64 << (32 - len);
        let host = |i: u64| Ipv4Addr::from(u32::from(net.network()) + u32::try_from(i).unwrap());
        let (address, gateway) = if size >= 4 {
            (host(1), with_gateway.then(|| host(2)))
        } else {
            (net.network(), None)
        };
        Method::Static(Static::new(Ipv4Net::new(address, len).unwrap(), gateway).unwrap())
    })
}

fn command(dev: InterfaceName) -> impl Strategy<Value = IpCommand> {
    let prefix = (any::<u32>(), 0u8..=32)
        .prop_map(|(a, len)| IpNet::V4(Ipv4Net::new(Ipv4Addr::from(a), len).unwrap().trunc()));
    prop_oneof![
        prefix
            .clone()
            .prop_map(move |p| IpCommand::route_dev(p, dev.clone()).unwrap()),
        prefix.prop_map(|p| IpCommand::blackhole(p).unwrap()),
        (any::<u32>(), 8u8..=32).prop_map(|(a, len)| IpCommand::addr(
            IpNet::V4(Ipv4Net::new(Ipv4Addr::from(a), len).unwrap()),
            "eth0".parse().unwrap()
        )),
    ]
}

fn iface(index: usize) -> impl Strategy<Value = Iface> {
    let name: InterfaceName = format!("if{index}").parse().unwrap();
    let method = prop_oneof![Just(Method::Dhcp), Just(Method::Manual), static_method()];
    let bridge = prop::option::of(
        (
            any::<bool>(),
            prop::option::of(0u32..30),
            prop::option::of(0u32..30),
        )
            .prop_map(|(stp, maxwait, fd)| Bridge {
                ports: BridgePorts::None,
                stp: Some(stp),
                maxwait,
                fd,
            }),
    );
    (
        method,
        bridge,
        prop::collection::vec(command(name.clone()), 0..4),
    )
        .prop_map(move |(method, bridge, commands)| {
            Iface::new(
                name.clone(),
                method,
                bridge,
                commands.into_iter().map(Hook::Up).collect(),
            )
            .unwrap()
        })
}

fn file() -> impl Strategy<Value = (Interfaces, Vec<String>)> {
    (1usize..12)
        .prop_flat_map(|n| (0..n).map(iface).collect::<Vec<_>>())
        .prop_map(|ifaces| {
            let mut stanzas = vec![
                Stanza::Auto(vec!["lo".parse().unwrap()]),
                Stanza::Iface(
                    Iface::new("lo".parse().unwrap(), Method::Loopback, None, vec![]).unwrap(),
                ),
            ];
            let mut listed = vec!["lo".to_owned()];
            for iface in ifaces {
                listed.push(iface.name().to_string());
                stanzas.push(Stanza::Auto(vec![iface.name().clone()]));
                stanzas.push(Stanza::Iface(iface));
            }
            (Interfaces::new(vec![], stanzas).unwrap(), listed)
        })
}

proptest! {
    // Each case starts ifquery and ifup once: few cases, many interfaces each.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn random_files_pass_ifup((file, listed) in file()) {
        let text = file.to_string();
        let reading = checkers::ifupdown(&text).map_err(|f| TestCaseError::fail(format!("{f}\n{text}")))?;
        if let Some(reading) = reading {
            prop_assert_eq!(reading.listed, listed);
        }
    }
}
