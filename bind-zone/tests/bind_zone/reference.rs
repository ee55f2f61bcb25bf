//! The reference farm's zones (reference/seed-farm/etc/bind), rebuilt through the API.

use std::net::{IpAddr, Ipv4Addr};

use bind_zone::{
    Comment, RData, Record, ReverseZoneBuilder, Serial, Soa, Zone, ZoneBuilder, reverse_zone_name,
};

use crate::common::{bind_dump, expected_dump, name, reference};

const VMS: [(&str, [u8; 4]); 2] = [
    ("dev.dachary.vm", [10, 10, 60, 1]),
    ("skaro.xivo.vm", [10, 10, 60, 2]),
];

fn a(owner: &str, ip: [u8; 4]) -> Record {
    Record::new(name(owner), None, RData::A(Ipv4Addr::from(ip))).unwrap()
}

/// db.farm as the plan describes it.
pub fn forward() -> Zone {
    let soa = Soa::new(
        name("ns"),
        name("hostmaster"),
        Serial::new(2011031200),
        "1h".parse().unwrap(),
        "30m".parse().unwrap(),
        "2w".parse().unwrap(),
        "30m".parse().unwrap(),
    )
    .unwrap();
    let mut zone = ZoneBuilder::new(name("farm."), "1h".parse().unwrap(), soa).unwrap();
    zone.comment(
        Comment::new("the reference farm's forward zone, rebuilt through bind-zone").unwrap(),
    );
    zone.push(Record::new(name("farm."), None, RData::Ns(name("ns"))).unwrap())
        .unwrap();
    zone.push(a("ns", [10, 10, 0, 254])).unwrap();
    zone.push(a("gnt-cluster", [10, 10, 59, 1])).unwrap();
    zone.push(a("host01", [10, 10, 59, 10])).unwrap();
    for (vm, ip) in VMS {
        zone.push(a(vm, ip)).unwrap();
    }
    zone.finish().unwrap()
}

/// db.10.10 as it was: the 2011 SOA and NS, a PTR for each VM.
fn reverse_as_it_was() -> Zone {
    let soa = Soa::new(
        name("localhost."),
        name("root.localhost."),
        Serial::new(2011031200),
        "604800".parse().unwrap(),
        "86400".parse().unwrap(),
        "2419200".parse().unwrap(),
        "604800".parse().unwrap(),
    )
    .unwrap();
    let prefix = "10.10.0.0/16".parse().unwrap();
    let mut zone = ReverseZoneBuilder::new(prefix, "604800".parse().unwrap(), soa).unwrap();
    let apex = reverse_zone_name(prefix).unwrap();
    let ns = Record::new(apex, None, RData::Ns(name("localhost."))).unwrap();
    zone.zone_mut().push(ns).unwrap();
    for (vm, ip) in VMS {
        let target = name(vm).join(&name("farm.")).unwrap();
        assert!(zone.map(IpAddr::from(ip), &target).unwrap());
    }
    zone.finish().unwrap()
}

#[test]
fn forward_zone_snapshot() {
    insta::assert_snapshot!(forward().to_string());
}

#[test]
fn reverse_zone_snapshot() {
    insta::assert_snapshot!(reverse_as_it_was().to_string());
}

#[test]
fn forward_zone_means_what_the_original_meant() {
    let ours = forward();
    let text = ours.to_string();
    checkers::zone("farm", &text).unwrap();
    let Some(bind_ours) = bind_dump(ours.origin(), &text) else {
        return;
    };
    assert_eq!(
        bind_ours,
        expected_dump(&ours),
        "BIND read our zone otherwise than we meant"
    );
    let original = bind_dump(ours.origin(), &reference("etc/bind/db.farm")).unwrap();
    assert_eq!(bind_ours, original);
}

#[test]
fn reverse_zone_means_what_the_original_meant() {
    let ours = reverse_as_it_was();
    let text = ours.to_string();
    checkers::zone("10.10.in-addr.arpa", &text).unwrap();
    let Some(bind_ours) = bind_dump(ours.origin(), &text) else {
        return;
    };
    assert_eq!(bind_ours, expected_dump(&ours));
    let original = bind_dump(ours.origin(), &reference("etc/bind/db.10.10")).unwrap();
    assert_eq!(bind_ours, original);
}

/// Deriving the reverse zone from the forward one maps every address back: every A has its PTR and back.
#[test]
fn derived_reverse_zone_maps_every_address_back() {
    let forward = forward();
    let prefix = "10.10.0.0/16".parse().unwrap();
    let mut reverse =
        ReverseZoneBuilder::new(prefix, forward.default_ttl(), forward.soa().clone()).unwrap();
    let apex = reverse_zone_name(prefix).unwrap();
    let ns = Record::new(apex, None, RData::Ns(name("ns.farm."))).unwrap();
    reverse.zone_mut().push(ns).unwrap();
    assert_eq!(reverse.derive_from_zone(&forward).unwrap(), 5);
    let reverse = reverse.finish().unwrap();
    insta::assert_snapshot!(reverse.to_string());

    let Some(bind_forward) = bind_dump(forward.origin(), &forward.to_string()) else {
        return;
    };
    let bind_reverse = bind_dump(reverse.origin(), &reverse.to_string()).unwrap();
    assert_eq!(bind_reverse, expected_dump(&reverse));
    let a_records: Vec<(String, String)> = bind_forward
        .iter()
        .filter(|r| r.rtype == "A")
        .map(|r| (r.owner.clone(), r.rdata.clone()))
        .collect();
    let ptrs: Vec<(String, String)> = bind_reverse
        .iter()
        .filter_map(|r| Some((r.rdata.clone(), r.ptr_address()?)))
        .collect();
    assert_eq!(a_records.len(), 5);
    let mut a_sorted = a_records.clone();
    a_sorted.sort();
    let mut ptr_sorted = ptrs.clone();
    ptr_sorted.sort();
    assert_eq!(
        a_sorted, ptr_sorted,
        "every A must have its PTR, and every PTR its A"
    );
}

#[test]
fn the_serial_is_read_back_from_what_was_written() {
    let mut zone = forward();
    assert_eq!(
        bind_zone::read_serial(&zone.to_string()),
        Some(Serial::new(2011031200))
    );
    zone.set_serial(Serial::new(7));
    assert_eq!(
        bind_zone::read_serial(&zone.to_string()),
        Some(Serial::new(7))
    );
    assert_eq!(bind_zone::read_serial("$TTL 1h\n"), None);
}
