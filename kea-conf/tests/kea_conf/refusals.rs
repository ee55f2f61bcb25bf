//! Every refusal of the crate, one test each, with the value named in the message. Those Kea itself
//! refuses are shown to `kea-dhcp4 -t` too: the crate refuses no less than Kea.

use std::net::Ipv4Addr;

use kea_conf::{
    Comment, Config, ConfigBuilder, ControlSocket, DhcpOption, Error, FilePath, HwAddress,
    InterfaceName, Lifetimes, Name, NetworkName, Reservation, SharedNetwork, Subnet, SubnetId,
};

fn id(n: u32) -> SubnetId {
    SubnetId::new(n).unwrap()
}

fn res(mac_last: u8, address: [u8; 4]) -> Reservation {
    Reservation::new(
        HwAddress::new([0x52, 0x54, 0, 0, 0, mac_last].into()).unwrap(),
        Ipv4Addr::from(address),
    )
}

fn bridge(subnets: Vec<Subnet>) -> SharedNetwork {
    SharedNetwork::builder("br0".parse().unwrap(), "br0".parse().unwrap())
        .subnets(subnets)
        .build()
        .unwrap()
}

fn on_br0() -> ConfigBuilder {
    Config::builder(["br0".parse().unwrap()])
}

/// The text Kea would read for a configuration this crate refuses, written by hand.
fn kea_refuses(json: &str, needle: &str) {
    match checkers::kea_dhcp4(json, &["br0", "eth1"]) {
        Ok(verdict) => assert!(!verdict.ran(), "kea-dhcp4 -t accepted:\n{json}"),
        Err(failure) => assert!(failure.output.contains(needle), "{failure}"),
    }
}

/// The text Kea takes for a configuration this crate refuses, written by hand: what Kea lets through and
/// serves wrongly.
fn kea_accepts(json: &str) {
    checkers::kea_dhcp4(json, &["br0", "eth1"]).unwrap();
}

/// `{"Dhcp4": {... "subnet4": [SUBNETS]}}` on br0.
fn kea_json(subnets: &str) -> String {
    format!(
        r#"{{"Dhcp4": {{"interfaces-config": {{"interfaces": ["br0"]}}, "subnet4": [{subnets}]}}}}"#
    )
}

#[test]
fn names() {
    for bad in [
        "", "a..b", ".a", "a.", "-a", "a-", "a_b", "a b", "a;b", "a\"b", "a{b", "a\nb", "é",
    ] {
        let err = Name::new(bad).unwrap_err();
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
    }
    assert!(Name::new(&"a".repeat(64)).is_err());
    assert!(Name::new(&["a"; 128].join(".")).is_err());
    assert_eq!(Name::new("Dev.Farm").unwrap().as_str(), "dev.farm");
}

#[test]
fn interfaces_and_network_names() {
    for bad in [
        "",
        ".",
        "..",
        "a b",
        "a/b",
        "a\"b",
        "br0$x",
        "lo:1",
        "sixteen-bytes-xx",
    ] {
        assert!(
            matches!(
                InterfaceName::new(bad),
                Err(vocabulary::Error::InvalidInterface { .. })
            ),
            "{bad:?}"
        );
    }
    assert!(InterfaceName::new("fifteen-bytes-x").is_ok());
    for bad in ["", "a b", "a\"b", "a/b"] {
        assert!(
            matches!(NetworkName::new(bad), Err(Error::InvalidNetworkName { .. })),
            "{bad:?}"
        );
    }
    assert!(NetworkName::new(&"n".repeat(65)).is_err());
}

#[test]
fn hw_addresses() {
    assert_eq!(
        "00:00:00:00:00:00"
            .parse::<HwAddress>()
            .unwrap_err()
            .to_string(),
        "hardware address \"00:00:00:00:00:00\" is refused: it is all zeros"
    );
    for bad in [
        "ff:ff:ff:ff:ff:ff",
        "01:00:5e:00:00:01",
        "52:54:00:00:00",
        "52:54:00:00:00:00:01",
        "52:54:00:00:00:0g",
        "",
    ] {
        assert!(
            matches!(
                bad.parse::<HwAddress>(),
                Err(Error::InvalidHwAddress { .. })
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn subnet_ids() {
    // Kea takes 0 (it numbers the subnet itself, by its place in the file) and refuses 2^32 - 1.
    for bad in [0, u32::MAX] {
        assert!(matches!(
            SubnetId::new(bad),
            Err(Error::InvalidSubnetId { .. })
        ));
    }
    for bad in ["", "-1", "+1", "4294967296", "1.0", " 1"] {
        assert!(bad.parse::<SubnetId>().is_err(), "{bad:?}");
    }
    kea_refuses(
        &kea_json(r#"{"id": 4294967295, "subnet": "10.0.0.0/8"}"#),
        "not within expected range",
    );
    kea_accepts(&kea_json(r#"{"id": 0, "subnet": "10.0.0.0/8"}"#));
    let from_json = Config::from_json(&kea_json(r#"{"id": 0, "subnet": "10.0.0.0/8"}"#));
    assert!(
        matches!(&from_json, Err(Error::Json { message }) if message.contains("subnet id 0")),
        "{from_json:?}"
    );
}

#[test]
fn paths_and_sockets() {
    for bad in ["", "relative", "/a/../b", "/a\nb", "/folder/"] {
        assert!(
            matches!(FilePath::new(bad), Err(Error::InvalidPath { .. })),
            "{bad:?}"
        );
    }
    assert!(FilePath::new(&format!("/{}", "a".repeat(4095))).is_err());
    let long = FilePath::new(&format!("/run/{}", "s".repeat(103))).unwrap();
    assert!(matches!(
        ControlSocket::unix(long),
        Err(Error::SocketPathTooLong { .. })
    ));
    let fits = FilePath::new(&format!("/run/{}", "s".repeat(102))).unwrap();
    assert!(ControlSocket::unix(fits).is_ok());
}

#[test]
fn comments() {
    assert!(Comment::new("a\n{\"Dhcp4\": {}}").is_err());
    assert!(Comment::new("a\rb").is_err());
    assert!(Comment::new("fine: /* { \"quotes\" } */").is_ok());
}

#[test]
fn lifetimes_out_of_order() {
    for (valid, renew, rebind) in [
        (600, 0, 525),
        (600, 525, 300),
        (600, 300, 300),
        (600, 300, 600),
        (600, 300, 700),
        (600, 700, 800),
        (0, 0, 0),
    ] {
        assert!(
            matches!(
                Lifetimes::new(valid, renew, rebind),
                Err(Error::LifetimesOutOfOrder { .. })
            ),
            "{valid} {renew} {rebind}"
        );
    }
    assert_eq!(
        Lifetimes::new(600, 525, 300).unwrap_err().to_string(),
        "renew-timer 525, rebind-timer 300, valid-lifetime 600: they must grow strictly from above 0"
    );
    let t = Lifetimes::from_valid(600).unwrap();
    assert_eq!((t.renew(), t.rebind(), t.valid()), (300, 525, 600));
    kea_refuses(
        &kea_json(r#"{"id": 1, "subnet": "10.0.0.0/8", "renew-timer": 550, "rebind-timer": 525}"#),
        "greater than the value of rebind-timer",
    );
    kea_accepts(&kea_json(
        r#"{"id": 1, "subnet": "10.0.0.0/8", "renew-timer": 300, "rebind-timer": 700, "valid-lifetime": 600}"#,
    ));
    let partial = Config::from_json(
        r#"{"Dhcp4": {"interfaces-config": {"interfaces": ["br0"]}, "valid-lifetime": 600}}"#,
    );
    assert!(matches!(&partial, Err(Error::Json { message }) if message.contains("together")));
}

#[test]
fn options() {
    let empty = Reservation::new(
        "52:54:00:00:00:01".parse().unwrap(),
        Ipv4Addr::new(10, 0, 0, 1),
    )
    .with_options(vec![DhcpOption::Routers(vec![])]);
    assert_eq!(
        empty.unwrap_err().to_string(),
        "option routers needs at least one value"
    );
    let many = on_br0()
        .option(DhcpOption::DomainNameServers(vec![Ipv4Addr::LOCALHOST; 64]))
        .build();
    assert!(matches!(many, Err(Error::TooManyValues { max: 63, .. })));
    let twice = on_br0()
        .option(DhcpOption::Routers(vec![Ipv4Addr::LOCALHOST]))
        .option(DhcpOption::Routers(vec![Ipv4Addr::BROADCAST]))
        .build();
    assert_eq!(
        twice.unwrap_err().to_string(),
        "option routers is given twice in the global options"
    );
    let twice = Subnet::builder(id(1), "10.0.0.0/8".parse().unwrap())
        .option(DhcpOption::DomainName("a".parse().unwrap()))
        .option(DhcpOption::DomainName("b".parse().unwrap()))
        .build();
    assert!(matches!(twice, Err(Error::DuplicateOption { .. })));
    let twice = SharedNetwork::builder("br0".parse().unwrap(), "br0".parse().unwrap())
        .option(DhcpOption::NtpServers(vec![Ipv4Addr::LOCALHOST]))
        .option(DhcpOption::NtpServers(vec![Ipv4Addr::LOCALHOST]))
        .build();
    assert!(matches!(twice, Err(Error::DuplicateOption { .. })));
    for (name, data) in [
        ("routers", "10.0.0.1, x"),
        ("domain-name", "a b"),
        ("domain-name-servers", ""),
    ] {
        assert!(
            matches!(
                DhcpOption::from_data(name, data),
                Err(Error::InvalidOptionData { .. })
            ),
            "{name} {data:?}"
        );
    }
    assert!(matches!(
        DhcpOption::from_data("subnet-mask", "255.255.255.255"),
        Err(Error::UnknownOption { .. })
    ));
}

#[test]
fn host_bits() {
    // Kea takes 10.10.60.1/24 and serves 10.10.60.0/24.
    let err = Subnet::builder(id(1), "10.10.60.1/24".parse().unwrap())
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "10.10.60.1/24 has host bits set: the network is 10.10.60.0/24"
    );
    kea_accepts(&kea_json(r#"{"id": 1, "subnet": "10.10.60.1/24"}"#));
}

#[test]
fn reservation_outside_its_subnet() {
    let err = Subnet::builder(id(1), "10.10.60.0/24".parse().unwrap())
        .reservation(res(1, [10, 10, 61, 1]))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "reservation 10.10.61.1 (52:54:00:00:00:01) is outside its subnet 10.10.60.0/24"
    );
    kea_refuses(
        &kea_json(
            r#"{"id": 1, "subnet": "10.10.60.0/24", "reservations": [{"hw-address": "52:54:00:00:00:01", "ip-address": "10.10.61.1"}]}"#,
        ),
        "is not within the IPv4 subnet",
    );
}

#[test]
fn reservation_of_a_network_or_broadcast_address() {
    for (last, which) in [(0, "network"), (255, "broadcast")] {
        let err = Subnet::builder(id(1), "10.10.60.0/24".parse().unwrap())
            .reservation(res(1, [10, 10, 60, last]))
            .build()
            .unwrap_err();
        assert!(
            matches!(err, Error::ReservationNotAHost { which: w, .. } if w == which),
            "{err}"
        );
    }
    kea_accepts(&kea_json(
        r#"{"id": 1, "subnet": "10.10.60.0/24", "reservations": [{"hw-address": "52:54:00:00:00:01", "ip-address": "10.10.60.255"}]}"#,
    ));
    // Not below /31: a /32's only address and a /31's two are hosts.
    assert!(
        Subnet::builder(id(1), "10.10.60.0/31".parse().unwrap())
            .reservation(res(1, [10, 10, 60, 0]))
            .reservation(res(2, [10, 10, 60, 1]))
            .build()
            .is_ok()
    );
}

#[test]
fn duplicate_subnet_ids() {
    let err = on_br0()
        .shared_network(bridge(vec![
            Subnet::for_host(id(7), res(1, [10, 10, 60, 1])),
            Subnet::for_host(id(7), res(2, [10, 10, 60, 2])),
        ]))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "subnet id 7 is given to both 10.10.60.1/32 and 10.10.60.2/32"
    );
    // Across a shared network and a top-level subnet too.
    let err = on_br0()
        .shared_network(bridge(vec![Subnet::for_host(
            id(7),
            res(1, [10, 10, 60, 1]),
        )]))
        .subnet(Subnet::for_host(id(7), res(2, [10, 11, 0, 1])))
        .build();
    assert!(matches!(err, Err(Error::DuplicateSubnetId { id: 7, .. })));
    kea_refuses(
        &kea_json(r#"{"id": 7, "subnet": "10.10.60.1/32"}, {"id": 7, "subnet": "10.10.60.2/32"}"#),
        "already in use",
    );
}

#[test]
fn overlapping_subnets() {
    let err = on_br0()
        .subnet(
            Subnet::builder(id(1), "10.10.0.0/16".parse().unwrap())
                .build()
                .unwrap(),
        )
        .shared_network(bridge(vec![Subnet::for_host(
            id(2),
            res(1, [10, 10, 60, 1]),
        )]))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "subnets 10.10.0.0/16 and 10.10.60.1/32 overlap"
    );
    let err = on_br0()
        .subnet(
            Subnet::builder(id(1), "10.10.60.1/32".parse().unwrap())
                .build()
                .unwrap(),
        )
        .subnet(
            Subnet::builder(id(2), "10.10.60.1/32".parse().unwrap())
                .build()
                .unwrap(),
        )
        .build();
    assert!(matches!(err, Err(Error::OverlappingSubnets { .. })));
    // Kea refuses equal subnets, and takes nested ones (it would pick one of them per client).
    kea_refuses(
        &kea_json(r#"{"id": 1, "subnet": "10.10.60.1/32"}, {"id": 2, "subnet": "10.10.60.1/32"}"#),
        "already exists",
    );
    kea_accepts(&kea_json(
        r#"{"id": 1, "subnet": "10.10.0.0/16"}, {"id": 2, "subnet": "10.10.60.1/32"}"#,
    ));
}

#[test]
fn two_reservations_with_one_hw_address_address_or_hostname() {
    let two = |a: Reservation, b: Reservation| {
        on_br0()
            .shared_network(bridge(vec![
                Subnet::builder(id(1), "10.10.60.0/24".parse().unwrap())
                    .reservation(a)
                    .build()
                    .unwrap(),
                Subnet::for_host(id(2), b),
            ]))
            .build()
    };
    let err = two(res(1, [10, 10, 60, 1]), res(1, [10, 10, 61, 2])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "hardware address 52:54:00:00:00:01 is reserved both 10.10.60.1 and 10.10.61.2"
    );
    let name: Name = "vm.farm".parse().unwrap();
    let err = two(
        res(1, [10, 10, 60, 1]).with_hostname(name.clone()),
        res(2, [10, 10, 61, 2]).with_hostname(name),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "hostname vm.farm is given to both 10.10.60.1 and 10.10.61.2"
    );
    let err = on_br0()
        .subnet(
            Subnet::builder(id(1), "10.10.60.0/24".parse().unwrap())
                .reservation(res(1, [10, 10, 60, 1]))
                .reservation(res(2, [10, 10, 60, 1]))
                .build()
                .unwrap(),
        )
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "address 10.10.60.1 is reserved for both 52:54:00:00:00:01 and 52:54:00:00:00:02"
    );
    // Kea refuses one MAC twice in a subnet, and takes it in two subnets, and one hostname twice.
    kea_refuses(
        &kea_json(
            r#"{"id": 1, "subnet": "10.10.60.0/24", "reservations": [{"hw-address": "52:54:00:00:00:01", "ip-address": "10.10.60.1"}, {"hw-address": "52:54:00:00:00:01", "ip-address": "10.10.60.2"}]}"#,
        ),
        "already been added",
    );
    kea_accepts(&kea_json(
        r#"{"id": 1, "subnet": "10.10.60.1/32", "reservations": [{"hw-address": "52:54:00:00:00:01", "ip-address": "10.10.60.1", "hostname": "a"}]}, {"id": 2, "subnet": "10.10.60.2/32", "reservations": [{"hw-address": "52:54:00:00:00:01", "ip-address": "10.10.60.2", "hostname": "a"}]}"#,
    ));
}

#[test]
fn shared_networks_and_interfaces() {
    let err = on_br0()
        .shared_network(bridge(vec![]))
        .shared_network(bridge(vec![]))
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "shared network br0 is declared twice");
    assert!(matches!(
        Config::builder([]).build(),
        Err(Error::NoInterface)
    ));
    assert!(matches!(
        Config::builder(["br0".parse().unwrap(), "br0".parse().unwrap()]).build(),
        Err(Error::DuplicateInterface { .. })
    ));
    let err = Config::builder(["eth1".parse().unwrap()])
        .shared_network(bridge(vec![]))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "shared network br0 is on interface br0, which is not among the interfaces served"
    );
    let err = on_br0()
        .subnet(
            Subnet::builder(id(1), "10.0.0.0/8".parse().unwrap())
                .interface("eth1".parse().unwrap())
                .build()
                .unwrap(),
        )
        .build();
    assert!(matches!(err, Err(Error::InterfaceNotServed { .. })));
    let err = SharedNetwork::builder("br0".parse().unwrap(), "br0".parse().unwrap())
        .subnet(
            Subnet::builder(id(1), "10.0.0.0/8".parse().unwrap())
                .interface("eth1".parse().unwrap())
                .build()
                .unwrap(),
        )
        .build();
    assert!(matches!(err, Err(Error::InterfaceMismatch { .. })));
    let network = |subnet_interface: &str| {
        format!(
            r#"{{"Dhcp4": {{"interfaces-config": {{"interfaces": ["br0"]}}, "shared-networks": [{{"name": "br0", "interface": "br0", "subnet4": [{{"id": 1, "subnet": "10.0.0.0/8", "interface": "{subnet_interface}"}}]}}]}}}}"#
        )
    };
    kea_refuses(
        &network("eth1"),
        "but earlier subnet in the same shared-network",
    );
    kea_accepts(&network("br0"));
    // Kea takes a network on an interface it does not listen on, and never hears its hosts.
    kea_accepts(&kea_json(
        r#"{"id": 1, "subnet": "10.0.0.0/8", "interface": "eth1"}"#,
    ));
}

#[test]
fn text_this_crate_does_not_write() {
    for (json, needle) in [
        ("{", "EOF"),
        (r#"{"Dhcp6": {}}"#, "unknown field"),
        (
            r#"{"Dhcp4": {"interfaces-config": {"interfaces": ["br0"]}, "subnet4": [{"id": 1, "subnet": "10.0.0.0/8", "pools": []}]}}"#,
            "unknown field",
        ),
        (
            r#"{"Dhcp4": {"interfaces-config": {"interfaces": ["br0"]}, "lease-database": {"type": "mysql", "persist": true}}}"#,
            "mysql",
        ),
        (
            r#"{"Dhcp4": {"interfaces-config": {"interfaces": ["br0"]}, "option-data": [{"name": "subnet-mask", "data": "255.255.255.255"}]}}"#,
            "subnet-mask",
        ),
    ] {
        let err = Config::from_json(json).unwrap_err();
        assert!(
            matches!(&err, Error::Json { message } if message.contains(needle)),
            "{json}: {err}"
        );
    }
    assert!(matches!(
        "# a\n# b\nnot json".parse::<Config>(),
        Err(Error::Json { .. })
    ));
}
