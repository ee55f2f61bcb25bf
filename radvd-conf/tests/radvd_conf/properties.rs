//! Every value reads back what it writes; random configurations pass `radvd -c` and round-trip through
//! serde; the SLAAC address of a MAC gives the MAC back.

use std::net::Ipv6Addr;

use ipnet::Ipv6Net;
use macaddr::MacAddr6;
use proptest::prelude::*;
use radvd_conf::{
    Comment, Config, InterfaceName, Intervals, Name, Prefix, slaac_address, slaac_mac,
};

fn name() -> impl Strategy<Value = Name> {
    "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?){0,3}"
        .prop_filter_map("a word radvd reads as a name", |s| s.parse().ok())
}

fn interface() -> impl Strategy<Value = InterfaceName> {
    "[a-zA-Z0-9_-][a-zA-Z0-9._-]{0,14}"
        .prop_filter_map("a word radvd reads as a name", |s| s.parse().ok())
}

/// A global unicast /64 (2000::/3).
fn prefix() -> impl Strategy<Value = Prefix> {
    any::<u64>().prop_map(|high| {
        let high = (high & 0x1fff_ffff_ffff_ffff) | 0x2000_0000_0000_0000;
        Prefix::new(Ipv6Net::new(Ipv6Addr::from(u128::from(high) << 64), 64).unwrap()).unwrap()
    })
}

fn intervals() -> impl Strategy<Value = Intervals> {
    (4u16..=1800)
        .prop_flat_map(|max| (3u16..=max * 3 / 4, Just(max)))
        .prop_map(|(min, max)| Intervals::new(min, max).unwrap())
}

fn config() -> impl Strategy<Value = Config> {
    (
        interface(),
        prefix(),
        prop::option::of(intervals()),
        prop::collection::btree_set(1u64..u64::MAX, 1..=3),
        prop::collection::btree_set(name(), 0..6),
        prop::collection::vec("[^\\p{Cc}]{0,40}", 0..3),
    )
        .prop_map(|(interface, prefix, intervals, iids, dnssl, comments)| {
            let mut b = Config::builder(interface, prefix);
            if let Some(i) = intervals {
                b = b.intervals(i);
            }
            for iid in iids {
                b = b.rdnss(prefix.address(iid));
            }
            for n in dnssl {
                b = b.dnssl(n);
            }
            for c in comments {
                b = b.comment(c.parse().unwrap());
            }
            b.build().unwrap()
        })
}

proptest! {
    #[test]
    fn slaac_addresses_give_their_mac_back(prefix in prefix(), mac in any::<[u8; 6]>()) {
        let mac = MacAddr6::from(mac);
        let address = slaac_address(prefix, mac);
        prop_assert!(prefix.network().contains(&address));
        prop_assert_eq!(slaac_mac(address), Some(mac));
        // The universal/local bit is flipped, ff:fe is in the middle.
        let o = address.octets();
        prop_assert_eq!(o[8], mac.as_bytes()[0] ^ 2);
        prop_assert_eq!((o[11], o[12]), (0xff, 0xfe));
    }

    #[test]
    fn addresses_without_ff_fe_have_no_mac(prefix in prefix(), iid in any::<u64>()) {
        let address = prefix.address(iid);
        let [.., ff, fe, _, _, _] = address.octets();
        prop_assert_eq!(slaac_mac(address).is_some(), (ff, fe) == (0xff, 0xfe));
    }

    #[test]
    fn prefixes_round_trip(p in prefix()) {
        prop_assert_eq!(p.to_string().parse::<Prefix>().unwrap(), p);
        prop_assert_eq!(serde_json::from_value::<Prefix>(serde_json::to_value(p).unwrap()).unwrap(), p);
    }

    #[test]
    fn names_interfaces_and_comments_round_trip(n in name(), i in interface(), c in "[^\\p{Cc}]{0,60}") {
        prop_assert_eq!(n.to_string().parse::<Name>().unwrap(), n);
        prop_assert_eq!(i.to_string().parse::<InterfaceName>().unwrap(), i);
        let c: Comment = c.parse().unwrap();
        prop_assert_eq!(c.to_string().parse::<Comment>().unwrap(), c);
    }

    #[test]
    fn intervals_round_trip_through_serde(i in intervals()) {
        prop_assert_eq!(serde_json::from_value::<Intervals>(serde_json::to_value(i).unwrap()).unwrap(), i);
    }

    #[test]
    fn configs_round_trip_through_serde(config in config()) {
        let json = serde_json::to_string(&config).unwrap();
        prop_assert_eq!(serde_json::from_str::<Config>(&json).unwrap(), config.clone());
        prop_assert_eq!(config.to_string(), config.clone().to_string(), "same value, same bytes");
    }

    #[test]
    fn any_control_character_is_refused_in_every_string(prefix in "[a-z]{0,5}", bad in "[\\x00-\\x1f\\x7f]", suffix in "[a-z]{0,5}") {
        let text = format!("{prefix}{bad}{suffix}");
        prop_assert!(text.parse::<Name>().is_err());
        prop_assert!(text.parse::<InterfaceName>().is_err());
        prop_assert!(text.parse::<Comment>().is_err());
    }
}

proptest! {
    // Each case starts radvd once.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_configs_pass_radvd(config in config()) {
        let text = config.to_string();
        checkers::radvd(&text).map_err(|f| TestCaseError::fail(format!("{f}\n{text}")))?;
    }
}
