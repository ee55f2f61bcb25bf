//! IPv6: the example with a routed /64 on its node. Snapshots of the files it changes or adds, every
//! checker on its tree (radvd, Shorewall6, named-checkzone on the ip6.arpa zone), the AAAA and PTR of each
//! VM being the address SLAAC gives it, and a plan without `prefix6` rendering as before.

use std::net::Ipv6Addr;

use farm_model::{Contents, Farm, Format, Rule};

use crate::common::{edit, example};
use crate::render::{render, text, write_tree};

/// The example's node line that IPv6 fields follow.
pub const NODE_GATEWAY: &str = "gateway = \"203.0.113.1\"";

/// The example's node given a /64, an IPv6 uplink address and a link-local gateway.
pub fn ipv6_plan() -> String {
    edit(
        &example(),
        NODE_GATEWAY,
        "gateway = \"203.0.113.1\"\nprefix6 = \"2001:db8:1:2::/64\"\nuplink_address6 = \"2001:db8::10/64\"\ngateway6 = \"fe80::1\"",
    )
}

pub fn ipv6_farm() -> Farm {
    farm_model::load(&ipv6_plan(), Format::Toml, "seed-farm.toml").unwrap()
}

/// The files IPv6 adds or changes, each snapshotted; every other file is the example's, byte for byte.
#[test]
fn a_node_with_a_prefix_snapshot() {
    let before = render(&crate::render::example_farm(), &|_, _| None);
    let after = render(&ipv6_farm(), &|_, _| None);
    let paths: Vec<&str> = after.iter().map(|f| f.path.as_str()).collect();
    insta::assert_snapshot!("ipv6-file-list", paths.join("\n"));
    let mut changed = Vec::new();
    for file in &after {
        if before.contains(file) {
            continue;
        }
        let name = format!("ipv6-{}", file.path.replace('/', "__"));
        match &file.contents {
            Contents::Text(text) => insta::assert_snapshot!(name, text),
            Contents::Link(target) => insta::assert_snapshot!(name, format!("-> {target}")),
        }
        changed.push(file.path.as_str());
    }
    assert_eq!(
        changed,
        [
            "etc/bind/db.farm",
            "etc/bind/db.2.0.0.1.0.d.b.8.0.0.0.1.0.0.0.2",
            "etc/bind/named.conf.local",
            "etc/bind/named.conf.options",
            "etc/network/interfaces",
            "etc/shorewall6/shorewall6.conf",
            "etc/shorewall6/params",
            "etc/shorewall6/zones",
            "etc/shorewall6/interfaces",
            "etc/shorewall6/policy",
            "etc/shorewall6/rules",
            "etc/radvd.conf",
            "etc/nginx/sites-available/skaro.dachary.org",
        ]
    );
}

/// Every checker passes on the tree: radvd's, Shorewall6's (its compiled rules open the forwarded VM port
/// `to` on the VM's IPv6 address), named-checkzone on the ip6.arpa zone, named-checkconf, ifupdown's.
#[test]
fn a_node_with_a_prefix_passes_every_checker() {
    let farm = ipv6_farm();
    let files = render(&farm, &|_, _| None);
    let dir = tempfile::tempdir().unwrap();
    write_tree(&files, "host01", dir.path());
    let mut judged = Vec::new();
    for check in checkers::check_tree(dir.path()) {
        match check.result {
            Ok(checkers::Verdict::Passed { output }) => {
                if check.file == "etc/shorewall6" {
                    let forwarded = farm.vms.iter().find(|vm| !vm.forwards.is_empty());
                    let skaro = forwarded.unwrap().address6.unwrap();
                    assert!(
                        output.lines().any(|l| l.contains(&format!("-d {skaro}"))
                            && l.contains("--dport 22")
                            && l.contains("ACCEPT")),
                        "{output}"
                    );
                }
                judged.push(check.file);
            }
            Ok(_) => judged.push(check.file),
            Err(failure) => panic!("{} failed its checker:\n{failure}", check.file),
        }
    }
    for path in [
        "etc/radvd.conf",
        "etc/shorewall6",
        "etc/bind/db.2.0.0.1.0.d.b.8.0.0.0.1.0.0.0.2",
    ] {
        assert!(judged.iter().any(|j| j == path), "{path} judged by none");
    }
}

/// Each VM's AAAA is its node's prefix and its MAC's modified EUI-64, and its PTR in the ip6.arpa zone
/// names it back: read from the rendered zones as named reads them.
#[test]
fn aaaa_and_ptr_are_the_slaac_address() {
    let farm = ipv6_farm();
    let files = render(&farm, &|_, _| None);
    let forward = bind_zone::read::read_zone(text(&files, "etc/bind/db.farm"), &farm.domain);
    let reverse = bind_zone::read::read_zone(
        text(&files, "etc/bind/db.2.0.0.1.0.d.b.8.0.0.0.1.0.0.0.2"),
        &"2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.".parse().unwrap(),
    );
    let (forward, reverse) = (forward.unwrap(), reverse.unwrap());
    let prefix: radvd_conf::Prefix = "2001:db8:1:2::/64".parse().unwrap();
    assert!(!farm.vms.is_empty());
    for vm in &farm.vms {
        let address = radvd_conf::slaac_address(prefix, vm.mac.get());
        assert_eq!(vm.address6, Some(address));
        let aaaa: Vec<Ipv6Addr> = (forward.records.iter())
            .filter(|r| r.value.owner() == &vm.fqdn)
            .filter_map(|r| match r.value.data() {
                bind_zone::RData::Aaaa(a) => Some(*a),
                _ => None,
            })
            .collect();
        assert_eq!(aaaa, [address], "{}", vm.fqdn);
        let owner = bind_zone::reverse_name(address.into());
        let ptr: Vec<&bind_zone::Name> = (reverse.records.iter())
            .filter(|r| r.value.owner() == &owner)
            .filter_map(|r| match r.value.data() {
                bind_zone::RData::Ptr(name) => Some(name),
                _ => None,
            })
            .collect();
        assert_eq!(ptr, [&vm.fqdn], "{owner}");
        assert_eq!(radvd_conf::slaac_mac(address), Some(vm.mac.get()));
    }
    // Worked out by hand: 52:54:fb:77:1e:82, its U/L bit flipped and ff:fe in its middle.
    let skaro = farm
        .vms
        .iter()
        .find(|vm| vm.host.as_str() == "skaro.xivo.vm.farm");
    assert_eq!(
        skaro.and_then(|vm| vm.address6),
        Some("2001:db8:1:2:5054:fbff:fe77:1e82".parse().unwrap())
    );
}

/// The same plan as JSON gives the same farm: the fields are read by both layers.
#[test]
fn json_reads_the_ipv6_fields_as_toml_does() {
    let toml = ipv6_farm();
    let json = serde_json::to_string(&toml.plan).unwrap();
    let from_json = farm_model::load(&json, Format::Json, "seed-farm.json").unwrap();
    assert_eq!(from_json.plan, toml.plan);
    assert_eq!(from_json.nodes[0].prefix6, toml.nodes[0].prefix6);
    assert!(json.contains("\"prefix6\":\"2001:db8:1:2::/64\""), "{json}");
    assert!(json.contains("\"gateway6\":\"fe80::1\""), "{json}");
}

/// The example with IPv6 on its node, `old` replaced by `new`: refused with an error at `path`, on the
/// line of `needle`, breaking `rule`, whose message holds `fragment`.
fn refused_at(text: &str, path: &str, needle: &str, rule: Rule, fragment: &str) {
    let report = crate::common::refused(text, Format::Toml);
    let d = crate::common::at(&report, path);
    let line = crate::common::line_of(text, needle);
    assert_eq!(d.position.map(|p| p.line), Some(line), "{path}:\n{report}");
    assert_eq!(d.diagnostic.rule, rule, "{report}");
    assert!(d.diagnostic.message.contains(fragment), "{report}");
    assert!(d.diagnostic.hint.is_some(), "{report}");
    assert!(
        report.to_string().contains(&format!("plan.toml:{line}:")),
        "{report}"
    );
}

#[test]
fn two_nodes_with_one_prefix_are_refused_at_the_second() {
    let second = concat!(
        "\n[[nodes]]\nname = \"host02\"\naddress = \"10.10.59.11\"\nuplink = \"eth0\"\n",
        "uplink_address = \"203.0.113.11/24\"\ngateway = \"203.0.113.1\"\n",
        "prefix6 = \"2001:db8:1:2::/64\"  # again\nuplink_address6 = \"2001:db8::11/64\"\n",
        "gateway6 = \"fe80::1\"\n",
    );
    let plan = format!("{}{second}", ipv6_plan());
    refused_at(
        &plan,
        "nodes[1].prefix6",
        "prefix6 = \"2001:db8:1:2::/64\"  # again",
        Rule::Prefix6,
        "another node's",
    );
}

#[test]
fn vms_outside_every_ip6_arpa_zone_are_refused() {
    let plan = edit(
        &ipv6_plan(),
        "reverse = [\"10.10.0.0/16\"]",
        "reverse = [\"10.10.0.0/16\"]\nreverse6 = [\"2001:db8:1:3::/64\"]",
    );
    let report = crate::common::refused(&plan, Format::Toml);
    assert_eq!(
        crate::common::rules(&report),
        [
            ("vms[0].mac".to_owned(), Rule::OutsideReverseZone),
            ("vms[1].mac".to_owned(), Rule::OutsideReverseZone),
        ],
        "{report}"
    );
    let skaro = crate::common::at(&report, "vms[1].mac");
    assert!(skaro.position.is_some(), "{report}");
    let message = &skaro.diagnostic.message;
    assert!(
        message.contains("skaro.xivo") && message.contains("reverse6"),
        "{report}"
    );
    // A zone that holds them, longer than the /64, is taken.
    let plan = edit(
        &ipv6_plan(),
        "reverse = [\"10.10.0.0/16\"]",
        "reverse = [\"10.10.0.0/16\"]\nreverse6 = [\"2001:db8::/32\"]",
    );
    let farm = farm_model::load(&plan, Format::Toml, "plan.toml").unwrap();
    assert_eq!(farm.reverse6, ["2001:db8::/32".parse().unwrap()]);
}

#[test]
fn an_uplink_address_inside_the_prefix_is_refused() {
    let plan = edit(
        &ipv6_plan(),
        "uplink_address6 = \"2001:db8::10/64\"",
        "uplink_address6 = \"2001:db8:1:2::10/64\"",
    );
    refused_at(
        &plan,
        "nodes[0].uplink_address6",
        "uplink_address6 = ",
        Rule::Prefix6,
        "inside prefix6",
    );
}

/// A VM on a node without `prefix6` has no IPv6 address, and the render is the IPv4 one: no radvd, no
/// Shorewall6, `listen-on-v6 { none; }` (the example's snapshots hold the bytes).
#[test]
fn a_plan_without_prefix6_has_no_ipv6() {
    let farm = crate::render::example_farm();
    assert!(farm.vms.iter().all(|vm| vm.address6.is_none()));
    assert!(farm.reverse6.is_empty());
    let files = render(&farm, &|_, _| None);
    assert!(
        !(files.iter()).any(|f| f.path == "etc/radvd.conf" || f.path.starts_with("etc/shorewall6"))
    );
    assert!(text(&files, "etc/bind/named.conf.options").contains("listen-on-v6 { none; };"));
}

/// An HTTPS site on a node with a prefix: nginx listens on `[::]:443`, and Shorewall6 opens 443 to it as
/// Shorewall does over IPv4; without an HTTPS site it stays closed. Judged by `shorewall6 check`'s compiled
/// rules.
#[test]
fn shorewall6_opens_443_for_https_sites() {
    let https = edit(
        &ipv6_plan(),
        "sites = [{ server_name = \"skaro.dachary.org\" }]",
        "sites = [{ server_name = \"skaro.dachary.org\", tls = true }]",
    ) + "\n[tls]\nemail = \"ops@dachary.org\"\n";
    for (plan, open) in [(https, true), (ipv6_plan(), false)] {
        let farm = farm_model::load(&plan, Format::Toml, "seed-farm.toml").unwrap();
        let files = render(&farm, &|_, _| None);
        if open {
            let nginx = text(
                &files,
                "etc/nginx/farm-tls/available/skaro.dachary.org.conf",
            );
            assert!(nginx.contains("listen [::]:443 ssl"), "{nginx}");
        }
        let dir = tempfile::tempdir().unwrap();
        write_tree(&files, "host01", dir.path());
        let Some(compiled) = checkers::check_tree(dir.path())
            .into_iter()
            .find(|check| check.file == "etc/shorewall6")
            .map(|check| match check.result {
                Ok(checkers::Verdict::Passed { output }) => Some(output),
                Ok(_) => None,
                Err(failure) => panic!("etc/shorewall6 failed its checker:\n{failure}"),
            })
            .unwrap()
        else {
            continue;
        };
        let accepts = compiled
            .lines()
            .any(|l| l.contains("--dport 443") && l.contains("ACCEPT"));
        assert_eq!(accepts, open, "{compiled}");
    }
}
