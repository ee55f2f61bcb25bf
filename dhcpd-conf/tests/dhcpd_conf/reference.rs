//! The reference farm's dhcpd.conf (reference/seed-farm/etc/dhcp/dhcpd.conf) and defaults, rebuilt.

use std::net::Ipv4Addr;
use std::path::PathBuf;

use dhcpd_conf::{
    Comment, Config, Declaration, Defaults, DhcpOption, FixedAddress, Globals, Group, Host, Subnet,
};
use macaddr::MacAddr6;

const VMS: [(&str, [u8; 6], [u8; 4]); 2] = [
    (
        "dev.dachary.vm.farm",
        [0x52, 0x54, 0xbf, 0x3d, 0xd4, 0xef],
        [10, 10, 60, 1],
    ),
    (
        "skaro.xivo.vm.farm",
        [0x52, 0x54, 0xfb, 0x77, 0x1e, 0x82],
        [10, 10, 60, 2],
    ),
];

fn reference(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../reference/seed-farm")
        .join(path);
    std::fs::read_to_string(&file).unwrap()
}

fn config(by_name: bool) -> Config {
    let gateway = Ipv4Addr::new(10, 10, 0, 254);
    let hosts = VMS
        .iter()
        .map(|(name, mac, ip)| {
            let fixed = if by_name {
                FixedAddress::Name(name.parse().unwrap())
            } else {
                FixedAddress::Address(Ipv4Addr::from(*ip))
            };
            let mask = DhcpOption::SubnetMask(Ipv4Addr::new(255, 255, 255, 255));
            Declaration::Host(
                Host::new(
                    name.parse().unwrap(),
                    MacAddr6::from(*mac),
                    Some(fixed),
                    vec![mask],
                )
                .unwrap(),
            )
        })
        .collect();
    let globals = Globals {
        comments: vec![Comment::new("the reference farm, rebuilt through dhcpd-conf").unwrap()],
        authoritative: true,
        ddns_update_style: Some(dhcpd_conf::DdnsUpdateStyle::None),
        ..Globals::default()
    };
    let subnet = Subnet::new("10.10.0.0/16".parse().unwrap(), None, vec![]).unwrap();
    let group = Group {
        options: vec![
            DhcpOption::DomainName("farm".parse().unwrap()),
            DhcpOption::Routers(vec![gateway]),
            DhcpOption::DomainNameServers(vec![gateway]),
        ],
        declarations: hosts,
    };
    Config::new(
        globals,
        vec![Declaration::Subnet(subnet), Declaration::Group(group)],
    )
    .unwrap()
}

/// (host, MAC, fixed address) of every `host` block of a dhcpd.conf: enough to compare meanings.
fn reservations(text: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("host ") {
            current = Some((rest.trim_end_matches('{').trim().to_owned(), String::new()));
        } else if let Some(mac) = line.strip_prefix("hardware ethernet ") {
            if let Some(c) = current.as_mut() {
                c.1 = mac.trim_end_matches(';').to_lowercase();
            }
        } else if let Some(fixed) = line.strip_prefix("fixed-address ")
            && let Some((host, mac)) = current.take()
        {
            found.push((host, mac, fixed.trim_end_matches(';').to_owned()));
        }
    }
    found.sort();
    found
}

#[test]
fn by_address_snapshot_and_dhcpd() {
    let text = config(false).to_string();
    insta::assert_snapshot!(text);
    checkers::dhcpd(&text).unwrap();
    let ours = reservations(&text);
    let expected: Vec<_> = reservations(&reference("etc/dhcp/dhcpd.conf"))
        .into_iter()
        .map(|(host, mac, _)| {
            let ip = VMS.iter().find(|v| v.0 == host).unwrap().2;
            (host, mac, Ipv4Addr::from(ip).to_string())
        })
        .collect();
    assert_eq!(ours, expected);
}

#[test]
fn by_name_means_what_the_original_meant() {
    let text = config(true).to_string();
    insta::assert_snapshot!(text);
    checkers::dhcpd(&text).unwrap();
    assert_eq!(
        reservations(&text),
        reservations(&reference("etc/dhcp/dhcpd.conf"))
    );
    assert_eq!(reservations(&text).len(), 2);
}

#[test]
fn defaults_file_sources_to_the_bridge() {
    let defaults = Defaults {
        comments: vec![Comment::new("interfaces isc-dhcp-server serves").unwrap()],
        interfaces_v4: vec!["br0".parse().unwrap()],
        interfaces_v6: vec![],
    };
    let text = defaults.to_string();
    insta::assert_snapshot!(text);
    if let Some(values) =
        checkers::source_vars(&text, &["INTERFACESv4", "INTERFACESv6", "INTERFACES"]).unwrap()
    {
        assert_eq!(values, ["br0", "", ""]);
    }
    let two = Defaults {
        interfaces_v4: vec!["br0".parse().unwrap(), "eth1".parse().unwrap()],
        ..Defaults::default()
    };
    if let Some(values) = checkers::source_vars(&two.to_string(), &["INTERFACESv4"]).unwrap() {
        assert_eq!(values, ["br0 eth1"]);
    }
}
