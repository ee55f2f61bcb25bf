//! Every refusal of the crate, one test each, with the value named in the message.

use std::net::Ipv4Addr;

use dhcpd_conf::{
    Config, Declaration, DhcpOption, Error, FixedAddress, Globals, Host, InterfaceName, Name,
    Subnet,
};
use macaddr::MacAddr6;

fn host(name: &str, mac: [u8; 6], ip: [u8; 4]) -> Declaration {
    Declaration::Host(
        Host::new(
            name.parse().unwrap(),
            MacAddr6::from(mac),
            Some(FixedAddress::Address(Ipv4Addr::from(ip))),
            vec![],
        )
        .unwrap(),
    )
}

fn subnet(net: &str) -> Declaration {
    Declaration::Subnet(Subnet::new(net.parse().unwrap(), None, vec![]).unwrap())
}

fn config(declarations: Vec<Declaration>) -> Result<Config, Error> {
    Config::new(Globals::default(), declarations)
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
fn interfaces() {
    for bad in [
        "",
        ".",
        "..",
        "a b",
        "a/b",
        "a\"b",
        "br0$x",
        "a`b",
        "sixteen-bytes-xx",
        "lo:1",
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
}

#[test]
fn macs() {
    let name: Name = "a".parse().unwrap();
    let nil = Host::new(name.clone(), MacAddr6::nil(), None, vec![]).unwrap_err();
    assert_eq!(
        nil.to_string(),
        "MAC 00:00:00:00:00:00 cannot be a host's: it is all zeros"
    );
    let multicast = Host::new(name.clone(), MacAddr6::broadcast(), None, vec![]).unwrap_err();
    assert!(matches!(multicast, Error::InvalidMac { .. }));
    assert!(Host::new(name, MacAddr6::new(0x01, 0, 0x5e, 0, 0, 1), None, vec![]).is_err());
}

#[test]
fn duplicates() {
    let err = config(vec![
        subnet("10.0.0.0/8"),
        host("a", [2, 0, 0, 0, 0, 1], [10, 0, 0, 1]),
        host("b", [2, 0, 0, 0, 0, 1], [10, 0, 0, 2]),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "MAC 02:00:00:00:00:01 is given to both a and b"
    );
    let err = config(vec![
        subnet("10.0.0.0/8"),
        host("a", [2, 0, 0, 0, 0, 1], [10, 0, 0, 1]),
        host("b", [2, 0, 0, 0, 0, 2], [10, 0, 0, 1]),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "fixed address 10.0.0.1 is given to both a and b"
    );
    let err = config(vec![
        subnet("10.0.0.0/8"),
        host("a", [2, 0, 0, 0, 0, 1], [10, 0, 0, 1]),
        host("a", [2, 0, 0, 0, 0, 2], [10, 0, 0, 2]),
    ])
    .unwrap_err();
    assert_eq!(err.to_string(), "host a is declared twice");
}

#[test]
fn fixed_address_outside_every_subnet() {
    let err = config(vec![
        subnet("10.10.0.0/16"),
        host("a", [2, 0, 0, 0, 0, 1], [10, 11, 0, 1]),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "host a: fixed address 10.11.0.1 is outside every declared subnet (10.10.0.0/16)"
    );
    assert!(matches!(
        config(vec![host("a", [2, 0, 0, 0, 0, 1], [10, 11, 0, 1])]),
        Err(Error::OutsideSubnets { .. })
    ));
}

#[test]
fn subnets() {
    assert!(matches!(
        config(vec![subnet("10.0.0.0/8"), subnet("10.1.0.0/16")]),
        Err(Error::OverlappingSubnets { .. })
    ));
    assert!(matches!(
        Subnet::new("10.0.0.1/8".parse().unwrap(), None, vec![]),
        Err(Error::HostBitsSet { .. })
    ));
    let net = "10.0.0.0/24".parse().unwrap();
    let range = |a: [u8; 4], b: [u8; 4]| {
        Subnet::new(net, Some((Ipv4Addr::from(a), Ipv4Addr::from(b))), vec![])
    };
    assert!(matches!(
        range([10, 0, 0, 9], [10, 0, 0, 2]),
        Err(Error::InvalidRange { .. })
    ));
    assert!(matches!(
        range([10, 0, 0, 9], [10, 0, 1, 2]),
        Err(Error::InvalidRange { .. })
    ));
    assert!(matches!(
        range([10, 0, 0, 0], [10, 0, 0, 2]),
        Err(Error::InvalidRange { .. })
    ));
    assert!(matches!(
        range([10, 0, 0, 9], [10, 0, 0, 255]),
        Err(Error::InvalidRange { .. })
    ));
    assert!(range([10, 0, 0, 9], [10, 0, 0, 200]).is_ok());
}

#[test]
fn options() {
    let bad_mask = Subnet::new(
        "10.0.0.0/8".parse().unwrap(),
        None,
        vec![DhcpOption::SubnetMask(Ipv4Addr::new(255, 0, 255, 0))],
    );
    assert!(matches!(bad_mask, Err(Error::InvalidMask { .. })));
    let empty = Subnet::new(
        "10.0.0.0/8".parse().unwrap(),
        None,
        vec![DhcpOption::Routers(vec![])],
    );
    assert_eq!(
        empty.unwrap_err().to_string(),
        "option routers needs at least one value"
    );
    let globals = Globals {
        default_lease_time: Some(7200),
        max_lease_time: Some(600),
        ..Globals::default()
    };
    assert!(matches!(
        Config::new(globals, vec![]),
        Err(Error::LeaseTimes { .. })
    ));
    let globals = Globals {
        options: vec![DhcpOption::DomainSearch(vec![])],
        ..Globals::default()
    };
    assert!(matches!(
        Config::new(globals, vec![]),
        Err(Error::EmptyOption { .. })
    ));
}

#[test]
fn comments() {
    assert!(dhcpd_conf::Comment::new("a\nhost evil { }").is_err());
    assert!(dhcpd_conf::Comment::new("fine; {}").is_ok());
}
