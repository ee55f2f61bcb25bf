//! Every refusal of the crate.

use std::net::IpAddr;

use netif::{
    Bridge, BridgePorts, Error, HostName, Hosts, HostsEntry, Iface, InterfaceName, Interfaces,
    IpCommand, Method, SourcePath, Stanza, Static,
};

fn name(s: &str) -> InterfaceName {
    s.parse().unwrap()
}

fn manual(n: &str) -> Iface {
    Iface::new(name(n), Method::Manual, None, vec![]).unwrap()
}

#[test]
fn interface_names() {
    for bad in [
        "",
        ":1",
        "lo:",
        "lo:1:2",
        "lo:a-b",
        ".",
        "..",
        "a b",
        "a/b",
        "a\nb",
        "a#b",
        "a\"b",
        "sixteen-bytes-xx",
        "é",
    ] {
        let err = InterfaceName::new(bad).unwrap_err();
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
    }
    assert!(name("lo:1").is_alias());
    assert!(!name("br0").is_alias());
}

#[test]
fn host_names() {
    for bad in ["", "a..b", "-a", "a-", "a_b", "a b", "a\tb", "a.", "é"] {
        assert!(
            matches!(
                HostName::new(bad),
                Err(vocabulary::Error::InvalidHostName { .. })
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn statics() {
    let s =
        |a: &str, g: Option<&str>| Static::new(a.parse().unwrap(), g.map(|g| g.parse().unwrap()));
    assert!(matches!(
        s("10.0.0.0/24", None),
        Err(Error::NotAHostAddress { .. })
    ));
    assert!(matches!(
        s("10.0.0.255/24", None),
        Err(Error::NotAHostAddress { .. })
    ));
    let err = s("10.0.0.1/24", Some("10.0.1.1")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "gateway 10.0.1.1 is outside 10.0.0.0/24, the network of the interface's address"
    );
    assert!(s("10.0.0.1/24", Some("10.0.0.1")).is_err());
    assert!(s("10.0.0.1/32", Some("192.0.2.1")).is_ok());
    assert!(s("10.0.0.0/31", None).is_ok());
}

#[test]
fn commands() {
    let err = IpCommand::route_dev("10.10.60.1/24".parse().unwrap(), name("br0")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "10.10.60.1/24 has host bits set; the network is 10.10.60.0/24"
    );
    assert!(IpCommand::blackhole("10.0.0.1/8".parse().unwrap()).is_err());
}

#[test]
fn unfit_stanzas() {
    let bridge = Bridge {
        ports: BridgePorts::None,
        stp: None,
        maxwait: None,
        fd: None,
    };
    assert!(matches!(
        Iface::new(name("lo"), Method::Loopback, Some(bridge.clone()), vec![]),
        Err(Error::Unfit { .. })
    ));
    let alias_static = Method::Static(Static::new("10.0.0.1/32".parse().unwrap(), None).unwrap());
    assert!(matches!(
        Iface::new(name("br0:1"), alias_static, Some(bridge.clone()), vec![]),
        Err(Error::Unfit { .. })
    ));
    assert!(matches!(
        Iface::new(name("eth0:1"), Method::Dhcp, None, vec![]),
        Err(Error::Unfit { .. })
    ));
    let no_ports = Bridge {
        ports: BridgePorts::Ports(vec![]),
        ..bridge.clone()
    };
    assert!(matches!(
        Iface::new(name("br0"), Method::Manual, Some(no_ports), vec![]),
        Err(Error::Empty { .. })
    ));
    let itself = Bridge {
        ports: BridgePorts::Ports(vec![name("br0")]),
        ..bridge
    };
    assert!(matches!(
        Iface::new(name("br0"), Method::Manual, Some(itself), vec![]),
        Err(Error::Unfit { .. })
    ));
}

#[test]
fn whole_files() {
    let err = Interfaces::new(
        vec![],
        vec![Stanza::Iface(manual("eth0")), Stanza::Iface(manual("eth0"))],
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "interface eth0 has two iface stanzas");
    let err = Interfaces::new(
        vec![],
        vec![
            Stanza::Auto(vec![name("eth1")]),
            Stanza::Iface(manual("eth0")),
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "auto names eth1, which has no iface stanza"
    );
    assert!(matches!(
        Interfaces::new(vec![], vec![Stanza::AllowHotplug(vec![])]),
        Err(Error::Empty { .. })
    ));
    let sourced = Stanza::Source("/etc/network/interfaces.d/*".parse().unwrap());
    assert!(Interfaces::new(vec![], vec![sourced, Stanza::Auto(vec![name("eth1")])]).is_ok());
    for bad in ["", "a b", "a;b", "a\nb", "$(x)"] {
        assert!(
            matches!(SourcePath::new(bad), Err(Error::InvalidPath { .. })),
            "{bad:?}"
        );
    }
}

#[test]
fn hosts() {
    let entry = |a: [u8; 4]| HostsEntry::new(IpAddr::from(a), vec!["a".parse().unwrap()]).unwrap();
    let err = Hosts::new(vec![], vec![entry([10, 0, 0, 1]), entry([10, 0, 0, 1])]).unwrap_err();
    assert!(matches!(err, Error::DuplicateAddress { .. }));
    assert!(Hosts::with_localhost(vec![], vec![entry([127, 0, 0, 1])]).is_err());
    assert!(HostsEntry::new(IpAddr::from([10, 0, 0, 1]), vec![]).is_err());
    assert!(netif::Comment::new("x\nauto evil").is_err());
}
