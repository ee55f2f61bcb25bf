//! Property tests: round trips through the canonical text, the refusal rules, RFC 1982, PTR derivation,
//! and BIND as the judge of random zones.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use bind_zone::{
    Error, Mx, Name, RData, Record, Serial, SerialDate, Soa, Srv, Ttl, Txt, ZoneBuilder, ptr_owner,
    reverse_address, reverse_name, reverse_zone_name, reverse_zone_prefix,
};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use proptest::prelude::*;

use crate::common::{bind_dump, expected_dump};

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9]([a-zA-Z0-9-]{0,14}[a-zA-Z0-9])?",
        1 => "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
    ]
}

fn relative_name() -> impl Strategy<Value = String> {
    prop::collection::vec(label(), 1..4)
        .prop_map(|labels| labels.join("."))
        .prop_filter("at most 253 characters", |n| n.len() <= 253)
}

fn name_text() -> impl Strategy<Value = String> {
    (relative_name(), any::<bool>()).prop_map(|(n, absolute)| if absolute { n + "." } else { n })
}

/// A label that breaks exactly one rule.
fn bad_label() -> impl Strategy<Value = String> {
    let bad_char = prop::sample::select(vec![
        ' ', '\t', '\n', '\r', ';', '"', '\'', '{', '}', '(', ')', '\\', '$', '`', '#', '*', '/',
        '@', '\0', 'é', '_',
    ]);
    prop_oneof![
        (label(), bad_char, any::<prop::sample::Index>()).prop_map(|(l, c, at)| {
            // '_' is allowed first, so put every bad character after the first.
            let at = 1 + at.index(l.len());
            let mut l = l;
            l.insert(at.min(l.len()), c);
            l
        }),
        label().prop_map(|l| format!("-{l}")),
        label().prop_map(|l| format!("{l}-")),
        "[a-z]{64,80}",
        Just(String::new()),
        Just("_".to_owned()),
    ]
}

proptest! {
    #[test]
    fn names_round_trip(text in name_text()) {
        let name: Name = text.parse().unwrap();
        prop_assert_eq!(name.to_string(), text.to_ascii_lowercase());
        prop_assert_eq!(name.to_string().parse::<Name>().unwrap(), name.clone());
        let json = serde_json::to_string(&name).unwrap();
        prop_assert_eq!(serde_json::from_str::<Name>(&json).unwrap(), name);
    }

    #[test]
    fn a_bad_label_is_refused_wherever_it_stands(
        before in prop::collection::vec(label(), 0..3),
        bad in bad_label(),
        after in prop::collection::vec(label(), 0..3),
        absolute in any::<bool>(),
    ) {
        let mut labels = before;
        let ends_with_empty = bad.is_empty() && after.is_empty();
        labels.push(bad);
        labels.extend(after);
        if ends_with_empty {
            // An empty last label is just a trailing dot: make it an inner one.
            labels.push("x".to_owned());
        }
        let text = labels.join(".") + if absolute { "." } else { "" };
        prop_assert!(text.parse::<Name>().is_err(), "{:?} was accepted", text);
        prop_assert!(serde_json::from_str::<Name>(&serde_json::to_string(&text).unwrap()).is_err());
    }

    #[test]
    fn too_long_names_are_refused(labels in prop::collection::vec("[a-z]{63}", 4..6)) {
        let refused = matches!(labels.join(".").parse::<Name>(), Err(Error::NameTooLong { .. }));
        prop_assert!(refused);
    }

    #[test]
    fn ttl_seconds_round_trip(secs in 0u32..=i32::MAX as u32) {
        let ttl = Ttl::from_secs(secs).unwrap();
        prop_assert_eq!(ttl.to_string(), secs.to_string());
        prop_assert_eq!(ttl.to_string().parse::<Ttl>().unwrap(), ttl);
    }

    #[test]
    fn ttl_units_round_trip(parts in prop::array::uniform5(prop::option::of(0u32..500))) {
        prop_assume!(parts.iter().any(Option::is_some));
        let text: String = parts
            .iter()
            .zip(['w', 'd', 'h', 'm', 's'])
            .filter_map(|(count, unit)| count.map(|c| format!("{c}{unit}")))
            .collect();
        let ttl: Ttl = text.parse().unwrap();
        prop_assert_eq!(ttl.to_string(), text);
        let secs: u32 = parts
            .iter()
            .zip([604_800, 86_400, 3_600, 60, 1])
            .map(|(c, s)| c.unwrap_or(0) * s)
            .sum();
        prop_assert_eq!(ttl.as_secs(), secs);
        prop_assert_eq!(ttl.to_string().parse::<Ttl>().unwrap(), ttl);
    }

    #[test]
    fn serial_order_is_rfc1982(a in any::<u32>(), n in 1u32..=i32::MAX as u32, b in any::<u32>()) {
        let s = Serial::new(a);
        let later = s.add(n).unwrap();
        prop_assert!(later > s);
        prop_assert_eq!(s.partial_cmp(&later), Some(std::cmp::Ordering::Less));
        prop_assert_eq!(later.get(), a.wrapping_add(n));
        let (x, y) = (Serial::new(a), Serial::new(b));
        prop_assert_eq!(x.partial_cmp(&y), y.partial_cmp(&x).map(std::cmp::Ordering::reverse));
        prop_assert_eq!(x.partial_cmp(&y).is_none(), a.wrapping_sub(b) == 1 << 31);
        prop_assert!(s.add(n | (1 << 31)).is_err());
        prop_assert_eq!(s.to_string().parse::<Serial>().unwrap(), s);
    }

    #[test]
    fn managed_serials_only_move_forward(previous in any::<u32>(), days in 0i64..200_000) {
        let today = SerialDate::from_unix_days(days).unwrap();
        match Serial::next_managed(Some(Serial::new(previous)), today) {
            Ok(next) => {
                prop_assert!(next > Serial::new(previous));
                prop_assert!(next.get() > previous);
                prop_assert!(next.get() >= today.serial_base() || next.get() == previous + 1);
            }
            Err(e) => prop_assert_eq!(e, Error::SerialExhausted { previous }),
        }
    }

    #[test]
    fn ptr_derivation_is_the_inverse_of_the_address(addr in any::<u32>(), octets in 1u8..=3) {
        let addr = Ipv4Addr::from(addr);
        let prefix = IpNet::V4(Ipv4Net::new(addr, octets * 8).unwrap().trunc());
        let owner = ptr_owner(prefix, IpAddr::V4(addr)).unwrap().unwrap();
        let full = owner.join(&reverse_zone_name(prefix).unwrap()).unwrap();
        prop_assert_eq!(&full, &reverse_name(IpAddr::V4(addr)));
        prop_assert_eq!(address_of(&full), IpAddr::V4(addr));
        prop_assert_eq!(reverse_address(&full), Some(IpAddr::V4(addr)));
    }

    #[test]
    fn a_reverse_zone_s_prefix_is_the_inverse_of_its_name(v4 in any::<u32>(), octets in 1u8..=3, v6 in any::<u128>(), nibbles in 1u8..=31) {
        for prefix in [
            IpNet::V4(Ipv4Net::new(Ipv4Addr::from(v4), octets * 8).unwrap().trunc()),
            IpNet::V6(Ipv6Net::new(Ipv6Addr::from(v6), nibbles * 4).unwrap().trunc()),
        ] {
            let name = reverse_zone_name(prefix).unwrap();
            prop_assert_eq!(reverse_zone_prefix(&name), Some(prefix));
            prop_assert_eq!(reverse_address(&name), None);
        }
    }

    #[test]
    fn ip6_ptr_derivation_is_the_inverse(addr in any::<u128>(), nibbles in 1u8..=31) {
        let addr = Ipv6Addr::from(addr);
        let prefix = IpNet::V6(Ipv6Net::new(addr, nibbles * 4).unwrap().trunc());
        let owner = ptr_owner(prefix, IpAddr::V6(addr)).unwrap().unwrap();
        let full = owner.join(&reverse_zone_name(prefix).unwrap()).unwrap();
        prop_assert_eq!(&full, &reverse_name(IpAddr::V6(addr)));
        prop_assert_eq!(address_of(&full), IpAddr::V6(addr));
        prop_assert_eq!(reverse_address(&full), Some(IpAddr::V6(addr)));
    }

    #[test]
    fn records_round_trip(record in record(true)) {
        let text = record.to_string();
        prop_assert_eq!(text.parse::<Record>().unwrap(), record.clone());
        let json = serde_json::to_string(&record).unwrap();
        prop_assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
    }
}

/// The address a full reverse name stands for, read here independently of the library: the inverse the
/// property tests hold the derivation (and the library's `reverse_address`) to.
fn address_of(name: &Name) -> IpAddr {
    let labels: Vec<&str> = name.labels().collect();
    match labels.as_slice() {
        [d, c, b, a, "in-addr", "arpa"] => IpAddr::V4(Ipv4Addr::new(
            a.parse().unwrap(),
            b.parse().unwrap(),
            c.parse().unwrap(),
            d.parse().unwrap(),
        )),
        [nibbles @ .., "ip6", "arpa"] if nibbles.len() == 32 => {
            let value = nibbles.iter().rev().fold(0u128, |acc, n| {
                acc << 4 | u128::from_str_radix(n, 16).unwrap()
            });
            IpAddr::V6(Ipv6Addr::from(value))
        }
        _ => panic!("{name} is not a full reverse name"),
    }
}

fn name_strategy() -> impl Strategy<Value = Name> {
    name_text().prop_map(|t| t.parse().unwrap())
}

fn service_owner() -> impl Strategy<Value = Name> {
    (
        "[a-z]{1,10}",
        prop::sample::select(vec!["tcp", "udp"]),
        prop::option::of(relative_name()),
    )
        .prop_map(|(service, proto, rest)| {
            let mut text = format!("_{service}._{proto}");
            if let Some(rest) = rest {
                text = format!("{text}.{rest}");
            }
            text.parse().unwrap()
        })
}

fn ttl_strategy() -> impl Strategy<Value = Option<Ttl>> {
    prop::option::of(prop_oneof![
        (0u32..100_000).prop_map(|s| Ttl::from_secs(s).unwrap()),
        (1u32..48).prop_map(|h| format!("{h}h").parse().unwrap()),
        (1u32..5, 1u32..7).prop_map(|(w, d)| format!("{w}w{d}d").parse().unwrap()),
    ])
}

fn txt_strategy() -> impl Strategy<Value = Txt> {
    prop_oneof![
        any::<String>().prop_filter_map("fits", |s| Txt::new(&s).ok()),
        prop::collection::vec(prop::collection::vec(any::<u8>(), 0..300), 1..4)
            .prop_filter_map("fits", |strings| Txt::from_strings(strings).ok()),
    ]
}

/// A random record; without `random_targets`, targets are `ns` (which the random zone gives an address) or
/// absolute names elsewhere, so that the zone stays loadable.
fn record(random_targets: bool) -> impl Strategy<Value = Record> {
    let target = if random_targets {
        name_strategy().boxed()
    } else {
        "[a-z]{1,8}\\.example\\."
            .prop_map(|t| t.parse::<Name>().unwrap())
            .boxed()
    };
    let host_target = prop_oneof![Just("ns".parse::<Name>().unwrap()), target.clone()];
    let data = prop_oneof![
        any::<Ipv4Addr>().prop_map(RData::A),
        any::<Ipv6Addr>().prop_map(RData::Aaaa),
        txt_strategy().prop_map(RData::Txt),
        target.clone().prop_map(RData::Cname),
        host_target.clone().prop_map(RData::Ptr),
        (any::<u16>(), host_target.clone()).prop_map(|(preference, exchange)| RData::Mx(Mx {
            preference,
            exchange
        })),
        (any::<u16>(), any::<u16>(), any::<u16>(), host_target).prop_map(
            |(priority, weight, port, target)| RData::Srv(Srv {
                priority,
                weight,
                port,
                target
            })
        ),
    ];
    (relative_name(), service_owner(), ttl_strategy(), data).prop_map(
        |(owner, service, ttl, data)| {
            let owner = if matches!(data, RData::Srv(_)) {
                service
            } else {
                owner.parse().unwrap()
            };
            Record::new(owner, ttl, data).unwrap()
        },
    )
}

proptest! {
    // Each case starts named-checkzone once: few cases, many records each.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn bind_reads_random_zones_as_we_meant(
        origin in relative_name(),
        default_ttl in (1u32..1_000_000).prop_map(|s| Ttl::from_secs(s).unwrap()),
        serial in any::<u32>(),
        records in prop::collection::vec(record(false), 1..40),
    ) {
        let origin: Name = format!("{origin}.").parse().unwrap();
        let soa = Soa::new(
            "ns".parse().unwrap(),
            "hostmaster".parse().unwrap(),
            Serial::new(serial),
            "1h".parse().unwrap(),
            "30m".parse().unwrap(),
            "2w".parse().unwrap(),
            "1h".parse().unwrap(),
        )
        .unwrap();
        let mut zone = ZoneBuilder::new(origin.clone(), default_ttl, soa).unwrap();
        zone.push(Record::new(origin.clone(), None, RData::Ns("ns".parse().unwrap())).unwrap()).unwrap();
        zone.push(Record::new("ns".parse().unwrap(), None, RData::A(Ipv4Addr::new(192, 0, 2, 1))).unwrap()).unwrap();
        let mut accepted = 0;
        for record in records {
            // The builder refuses, and says why, what BIND would refuse or merge (duplicates, CNAME
            // clashes, two TTLs in one RRset, names made too long by the origin); the rest must load as written.
            match zone.push(record) {
                Ok(()) => accepted += 1,
                Err(
                    Error::DuplicateRecord { .. }
                    | Error::CnameAndOtherData { .. }
                    | Error::RrsetTtlMismatch { .. }
                    | Error::NameTooLong { .. },
                ) => {}
                Err(e) => return Err(TestCaseError::fail(e.to_string())),
            }
        }
        let zone = match zone.finish() {
            Ok(zone) => zone,
            // A CNAME at `ns` makes the NS target an alias: refused, rightly.
            Err(Error::TargetIsAlias { .. } | Error::TargetWithoutAddress { .. } | Error::CnameAndOtherData { .. }) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        };
        prop_assert!(accepted > 0 || zone.records().len() == 2);
        let text = zone.to_string();
        if let Some(bind) = bind_dump(zone.origin(), &text) {
            prop_assert_eq!(bind, expected_dump(&zone), "zone text:\n{}", text);
        }
    }
}

#[test]
fn names_that_are_no_reverse_zone_give_no_prefix() {
    let prefix = |text: &str| reverse_zone_prefix(&text.parse().unwrap());
    assert_eq!(
        prefix("10.10.in-addr.arpa."),
        Some("10.10.0.0/16".parse().unwrap())
    );
    assert_eq!(
        prefix("8.b.d.0.1.0.0.2.ip6.arpa."),
        Some("2001:db8::/32".parse().unwrap())
    );
    for text in [
        "010.10.in-addr.arpa.",
        "10.10.in-addr.arpa",
        "in-addr.arpa.",
        "1.2.3.4.in-addr.arpa.",
        "256.in-addr.arpa.",
        "g.ip6.arpa.",
        "10.ip6.arpa.",
        "10.10.farm.",
    ] {
        assert_eq!(prefix(text), None, "{text}");
    }
    let address = |text: &str| reverse_address(&text.parse().unwrap());
    assert_eq!(
        address("2.60.10.10.in-addr.arpa."),
        Some("10.10.60.2".parse().unwrap())
    );
    assert_eq!(address("60.10.10.in-addr.arpa."), None);
    assert_eq!(
        address("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."),
        Some("2001:db8::1".parse().unwrap())
    );
    assert_eq!(
        address("e.f.e.2.8.7.e.f.f.f.b.f.4.5.0.5.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."),
        Some("2001:db8:1:2:5054:fbff:fe78:2efe".parse().unwrap())
    );
}
