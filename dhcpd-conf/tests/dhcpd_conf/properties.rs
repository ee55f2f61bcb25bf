//! Random valid configurations pass `dhcpd -t` and keep every reservation.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use dhcpd_conf::{
    Config, DdnsUpdateStyle, Declaration, DhcpOption, FixedAddress, Globals, Group, Host, Name,
    Subnet,
};
use ipnet::Ipv4Net;
use macaddr::MacAddr6;
use proptest::prelude::*;

fn name() -> impl Strategy<Value = Name> {
    "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?){0,3}"
        .prop_map(|s| s.parse().unwrap())
}

fn option(net: Ipv4Net) -> impl Strategy<Value = DhcpOption> {
    let addrs = prop::collection::vec(any::<Ipv4Addr>(), 1..4);
    prop_oneof![
        name().prop_map(DhcpOption::DomainName),
        prop::collection::vec(name(), 1..4).prop_map(DhcpOption::DomainSearch),
        addrs.clone().prop_map(DhcpOption::DomainNameServers),
        addrs.clone().prop_map(DhcpOption::Routers),
        addrs.prop_map(DhcpOption::NtpServers),
        (0u8..=32).prop_map(|len| DhcpOption::SubnetMask(
            Ipv4Net::new(Ipv4Addr::UNSPECIFIED, len).unwrap().netmask()
        )),
        Just(DhcpOption::BroadcastAddress(net.broadcast())),
    ]
}

/// A config with one subnet of `net`, and `hosts` hosts with distinct names, MACs and addresses inside it.
fn config() -> impl Strategy<Value = (Config, usize)> {
    (8u8..=24, any::<u32>())
        .prop_flat_map(|(len, base)| {
            let net = Ipv4Net::new(Ipv4Addr::from(base & 0xdfff_ffff | 0x0100_0000), len)
                .unwrap()
                .trunc();
            let hosts = prop::collection::btree_map(
                1u32..200,
                (
                    name(),
                    any::<[u8; 5]>(),
                    prop::collection::vec(option(net), 0..3),
                    any::<bool>(),
                ),
                1..60,
            );
            (
                Just(net),
                prop::collection::vec(option(net), 0..4),
                hosts,
                any::<bool>(),
            )
        })
        .prop_map(|(net, options, hosts, grouped)| {
            let mut seen = BTreeSet::new();
            let mut declarations = Vec::new();
            for (offset, (name, mac, host_options, by_name)) in hosts {
                let name: Name = format!("h{offset}.{name}").parse().unwrap_or(name);
                if !seen.insert(name.clone()) {
                    continue;
                }
                let address = Ipv4Addr::from(u32::from(net.network()) + offset);
                let fixed = if by_name {
                    FixedAddress::Name(name.clone())
                } else {
                    FixedAddress::Address(address)
                };
                let mac = MacAddr6::new(
                    0x52,
                    mac[0],
                    mac[1],
                    mac[2],
                    mac[3],
                    u8::try_from(offset).unwrap(),
                );
                declarations.push(Declaration::Host(
                    Host::new(name, mac, Some(fixed), host_options).unwrap(),
                ));
            }
            let count = declarations.len();
            let subnet = Subnet::new(net, None, vec![]).unwrap();
            let body = if grouped {
                vec![
                    Declaration::Subnet(subnet),
                    Declaration::Group(Group {
                        options,
                        declarations,
                    }),
                ]
            } else {
                let mut all = vec![Declaration::Subnet(subnet)];
                all.extend(declarations);
                all
            };
            let globals = Globals {
                authoritative: true,
                default_lease_time: Some(600),
                max_lease_time: Some(7200),
                ddns_update_style: Some(DdnsUpdateStyle::None),
                ..Globals::default()
            };
            (Config::new(globals, body).unwrap(), count)
        })
}

proptest! {
    // Each case starts dhcpd once: few cases, many hosts each.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn random_configs_pass_dhcpd((config, hosts) in config()) {
        let text = config.to_string();
        checkers::dhcpd(&text).map_err(|f| TestCaseError::fail(format!("{f}\n{text}")))?;
        prop_assert_eq!(text.matches("hardware ethernet").count(), hosts);
    }
}
