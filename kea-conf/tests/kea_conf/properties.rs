//! Every value reads back what it writes; random configurations round-trip through their text and their
//! JSON, and pass `kea-dhcp4 -t`.

use std::net::Ipv4Addr;

use kea_conf::{
    Comment, Config, ControlSocket, DhcpOption, FilePath, HwAddress, InterfaceName, LeaseDatabase,
    Lifetimes, LogOutput, Logger, Name, NetworkName, Reservation, Severity, SharedNetwork, Subnet,
    SubnetId,
};
use proptest::prelude::*;

fn name() -> impl Strategy<Value = Name> {
    "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?){0,3}"
        .prop_map(|s| s.parse().unwrap())
}

fn hw_address() -> impl Strategy<Value = HwAddress> {
    any::<[u8; 6]>()
        .prop_filter("a host's", |b| b[0] & 1 == 0 && *b != [0; 6])
        .prop_map(|b| HwAddress::new(b.into()).unwrap())
}

fn path() -> impl Strategy<Value = FilePath> {
    "(/[a-zA-Z0-9_.+-]{1,12}){1,5}"
        .prop_filter("no ..", |p| !p.split('/').any(|c| c == ".."))
        .prop_map(|p| FilePath::new(&p).unwrap())
}

fn lifetimes() -> impl Strategy<Value = Lifetimes> {
    (1u32..100_000, 1u32..100_000, 1u32..100_000)
        .prop_map(|(a, b, c)| Lifetimes::new(a + b + c, a, a + b).unwrap())
}

/// Options with distinct names, from any of the kinds.
fn options() -> impl Strategy<Value = Vec<DhcpOption>> {
    let addrs = || prop::collection::vec(any::<Ipv4Addr>(), 1..4);
    (
        prop::sample::subsequence(vec![0, 1, 2, 3, 4], 0..=5),
        addrs(),
        addrs(),
        name(),
        prop::collection::vec(name(), 1..4),
        addrs(),
    )
        .prop_map(|(kinds, routers, dns, domain, search, ntp)| {
            kinds
                .into_iter()
                .map(|k| match k {
                    0 => DhcpOption::Routers(routers.clone()),
                    1 => DhcpOption::DomainNameServers(dns.clone()),
                    2 => DhcpOption::DomainName(domain.clone()),
                    3 => DhcpOption::DomainSearch(search.clone()),
                    _ => DhcpOption::NtpServers(ntp.clone()),
                })
                .collect()
        })
}

fn logger() -> impl Strategy<Value = Logger> {
    let output = prop_oneof![
        Just(LogOutput::Stdout),
        Just(LogOutput::Stderr),
        Just(LogOutput::Syslog),
        path().prop_map(LogOutput::File),
    ];
    let severity = prop_oneof![
        Just(Severity::Fatal),
        Just(Severity::Error),
        Just(Severity::Warn),
        Just(Severity::Info),
        Just(Severity::Debug),
    ];
    (output, severity).prop_map(|(o, s)| Logger::new(o, s))
}

/// A configuration on br0 (and eth1): VMs with distinct offsets, MACs and names, each in its /32 subnet of
/// the bridge's shared network or in a top-level 10.20.0.0/16 on eth1; random options, times and the rest.
fn config() -> impl Strategy<Value = Config> {
    let vms = prop::collection::btree_map(
        1u32..4000,
        (
            any::<[u8; 3]>(),
            prop::option::of(name()),
            options(),
            any::<bool>(),
        ),
        0..40,
    );
    (
        vms,
        options(),
        options(),
        prop::option::of(lifetimes()),
        prop::option::of(path()),
        prop::option::of(0u32..100_000),
        prop::option::of(path().prop_filter("short", |p| p.as_str().len() <= 107)),
        prop::option::of(logger()),
        any::<bool>(),
        prop::collection::vec("[ -~]{0,40}", 0..3),
    )
        .prop_map(
            |(
                vms,
                global,
                network_options,
                lifetimes,
                file,
                lfc,
                socket,
                logger,
                auth,
                comments,
            )| {
                let mut bridge =
                    SharedNetwork::builder("br0".parse().unwrap(), "br0".parse().unwrap());
                for option in network_options {
                    bridge = bridge.option(option);
                }
                let mut wide = Subnet::builder(
                    SubnetId::new(100_000).unwrap(),
                    "10.20.0.0/16".parse().unwrap(),
                )
                .interface("eth1".parse().unwrap());
                for (offset, (mac, hostname, options, in_wide)) in vms {
                    let [_, _, hi, lo] = offset.to_be_bytes();
                    let hw = HwAddress::new([0x52, mac[0], mac[1], mac[2], hi, lo].into()).unwrap();
                    let base = if in_wide {
                        [10, 20, 0, 0]
                    } else {
                        [10, 10, 0, 0]
                    };
                    let address = Ipv4Addr::from(u32::from(Ipv4Addr::from(base)) + offset);
                    let mut r = Reservation::new(hw, address).with_options(options).unwrap();
                    if let Some(h) = hostname {
                        r = r.with_hostname(format!("h{offset}.{h}").parse().unwrap_or(h));
                    }
                    if in_wide {
                        wide = wide.reservation(r);
                    } else {
                        bridge = bridge.subnet(Subnet::for_host(SubnetId::new(offset).unwrap(), r));
                    }
                }
                let mut database = LeaseDatabase::memfile();
                if let Some(file) = file {
                    database = database.with_file(file);
                }
                if let Some(lfc) = lfc {
                    database = database.with_lfc_interval(lfc);
                }
                let mut b = Config::builder(["br0".parse().unwrap(), "eth1".parse().unwrap()])
                    .lease_database(database)
                    .authoritative(auth)
                    .shared_network(bridge.build().unwrap())
                    .subnet(wide.build().unwrap());
                for option in global {
                    b = b.option(option);
                }
                for c in comments {
                    b = b.comment(c.parse().unwrap());
                }
                if let Some(l) = lifetimes {
                    b = b.lifetimes(l);
                }
                if let Some(s) = socket {
                    b = b.control_socket(ControlSocket::unix(s).unwrap());
                }
                if let Some(l) = logger {
                    b = b.logger(l);
                }
                b.build().unwrap()
            },
        )
}

proptest! {
    #[test]
    fn config_text_round_trips(config in config()) {
        let text = config.to_string();
        prop_assert_eq!(text.parse::<Config>().unwrap(), config.clone());
        prop_assert_eq!(config.to_string(), text, "same value, same bytes");
    }

    #[test]
    fn config_serde_round_trips(config in config()) {
        let json = serde_json::to_value(&config).unwrap();
        let back: Config = serde_json::from_value(json).unwrap();
        prop_assert_eq!(back, config.clone().without_comments());
        prop_assert_eq!(Config::from_json(&config.to_json()).unwrap(), config.without_comments());
    }

    #[test]
    fn names_round_trip(n in name()) {
        prop_assert_eq!(n.to_string().parse::<Name>().unwrap(), n.clone());
        prop_assert_eq!(serde_json::from_value::<Name>(serde_json::to_value(&n).unwrap()).unwrap(), n);
    }

    #[test]
    fn interface_and_network_names_round_trip(text in "[a-zA-Z0-9_-][a-zA-Z0-9._-]{0,14}") {
        let i: InterfaceName = text.parse().unwrap();
        prop_assert_eq!(i.to_string(), text.clone());
        prop_assert_eq!(serde_json::from_value::<InterfaceName>(serde_json::to_value(&i).unwrap()).unwrap(), i.clone());
        let n = NetworkName::from(i);
        prop_assert_eq!(n.to_string().parse::<NetworkName>().unwrap(), n);
    }

    #[test]
    fn hw_addresses_round_trip(a in hw_address()) {
        let text = a.to_string();
        prop_assert_eq!(text.len(), 17);
        prop_assert_eq!(text.to_ascii_lowercase(), text.clone());
        prop_assert_eq!(text.parse::<HwAddress>().unwrap(), a);
        prop_assert_eq!(text.to_ascii_uppercase().parse::<HwAddress>().unwrap(), a);
        prop_assert_eq!(serde_json::from_value::<HwAddress>(serde_json::to_value(a).unwrap()).unwrap(), a);
    }

    #[test]
    fn subnet_ids_round_trip(id in 1..=SubnetId::MAX) {
        let id = SubnetId::new(id).unwrap();
        prop_assert_eq!(id.to_string().parse::<SubnetId>().unwrap(), id);
        prop_assert_eq!(serde_json::from_value::<SubnetId>(serde_json::to_value(id).unwrap()).unwrap(), id);
    }

    #[test]
    fn paths_and_comments_round_trip(p in path(), c in "[^\\p{Cc}]{0,60}") {
        prop_assert_eq!(p.to_string().parse::<FilePath>().unwrap(), p);
        let c: Comment = c.parse().unwrap();
        prop_assert_eq!(c.to_string().parse::<Comment>().unwrap(), c);
    }

    #[test]
    fn options_read_back_their_data(options in options()) {
        for o in options {
            prop_assert_eq!(DhcpOption::from_data(o.name(), &o.data()).unwrap(), o);
        }
    }

    #[test]
    fn any_control_character_is_refused_in_every_string(prefix in "[a-z]{0,5}", bad in "[\\x00-\\x1f\\x7f]", suffix in "[a-z]{0,5}") {
        let text = format!("{prefix}{bad}{suffix}");
        prop_assert!(text.parse::<Name>().is_err());
        prop_assert!(text.parse::<InterfaceName>().is_err());
        prop_assert!(text.parse::<NetworkName>().is_err());
        prop_assert!(text.parse::<Comment>().is_err());
        let path = format!("/{text}");
        prop_assert!(path.parse::<FilePath>().is_err());
    }
}

proptest! {
    // Each case starts kea-dhcp4 once: few cases, many reservations each.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn random_configs_pass_kea(config in config()) {
        let text = config.to_string();
        checkers::kea_dhcp4(&text, &["br0", "eth1"]).map_err(|f| TestCaseError::fail(format!("{f}\n{text}")))?;
    }
}
