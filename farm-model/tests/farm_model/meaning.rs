//! The same meaning as 2011: the reference farm's files (reference/seed-farm) and our rendering of the
//! example plan, read through the daemons where they can say what they understood, compared; every
//! difference must be one of the deliberate ones listed in `deliberate-differences.txt`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use checkers::DumpRecord;

use crate::render::{example_farm, render, text};

fn reference(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../reference/seed-farm")
        .join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn dump(origin: &str, text: &str) -> Option<BTreeSet<String>> {
    let records: Vec<DumpRecord> = checkers::zone_dump(origin, text).unwrap()?;
    Some(records.iter().map(ToString::to_string).collect())
}

fn diff(what: &str, old: &BTreeSet<String>, new: &BTreeSet<String>, out: &mut Vec<String>) {
    out.extend(old.difference(new).map(|r| format!("- {what} {r}")));
    out.extend(new.difference(old).map(|r| format!("+ {what} {r}")));
}

/// `(host, mac, fixed-address)` of every host block.
fn reservations(text: &str) -> BTreeMap<String, (String, String)> {
    let mut found = BTreeMap::new();
    let mut host = None;
    let mut mac = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("host ") {
            host = Some(rest.trim_end_matches('{').trim().to_owned());
        } else if let Some(m) = line.strip_prefix("hardware ethernet ") {
            mac = m.trim_end_matches(';').to_lowercase();
        } else if let Some(f) = line.strip_prefix("fixed-address ")
            && let Some(h) = host.take()
        {
            found.insert(h, (mac.clone(), f.trim_end_matches(';').to_owned()));
        }
    }
    found
}

/// The value after `key ` on the first line that has it, without its `;`.
fn directive(text: &str, key: &str) -> String {
    text.lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix(key))
        .map(|v| v.trim().trim_end_matches(';').to_owned())
        .unwrap_or_default()
}

fn differences() -> Option<Vec<String>> {
    differences_of(&example_farm())
}

/// The differences between the 2011 files and the rendering of `farm`, as the daemons read both.
pub fn differences_of(farm: &farm_model::Farm) -> Option<Vec<String>> {
    let files = render(farm, &|_, _| None);
    let mut out = Vec::new();

    // BIND, as named-checkzone reads both.
    let forward_ours = dump("farm", text(&files, "etc/bind/db.farm"))?;
    let forward_then = dump("farm", &reference("etc/bind/db.farm"))?;
    diff("dns", &forward_then, &forward_ours, &mut out);
    let reverse_ours = dump("10.10.in-addr.arpa", text(&files, "etc/bind/db.10.10"))?;
    let reverse_then = dump("10.10.in-addr.arpa", &reference("etc/bind/db.10.10"))?;
    diff("dns", &reverse_then, &reverse_ours, &mut out);
    let address_of = |name: &str| {
        forward_ours.iter().find_map(|r| {
            r.strip_prefix(&format!("{name}. "))
                .and_then(|rest| rest.split(" IN A ").nth(1))
                .map(str::to_owned)
        })
    };

    // dhcpd: the same reservations; a fixed address by name is the same when the name resolves to it.
    let ours = reservations(text(&files, "etc/dhcp/dhcpd.conf"));
    let then = reservations(&reference("etc/dhcp/dhcpd.conf"));
    for (host, (mac, fixed)) in &then {
        match ours.get(host) {
            Some((m, f)) if m == mac && Some(f.clone()) == address_of(fixed) => {
                out.push(format!(
                    "~ dhcp {host}: fixed-address {fixed} written as its address {f}"
                ));
            }
            Some((m, f)) if m == mac && f == fixed => {}
            other => out.push(format!("- dhcp {host} {mac} {fixed} (ours: {other:?})")),
        }
    }
    out.extend(
        ours.keys()
            .filter(|h| !then.contains_key(*h))
            .map(|h| format!("+ dhcp {h}")),
    );

    // The defaults file, as the shell reads both.
    let vars = ["INTERFACES", "INTERFACESv4", "INTERFACESv6"];
    let then = checkers::source_vars(&reference("etc/default/isc-dhcp-server"), &vars).unwrap()?;
    let ours =
        checkers::source_vars(text(&files, "etc/default/isc-dhcp-server"), &vars).unwrap()?;
    for ((var, a), b) in vars.iter().zip(&then).zip(&ours) {
        if a != b {
            out.push(format!("~ defaults {var}: {a:?} -> {b:?}"));
        }
    }

    // Shorewall: the DNAT of 2011, column for column.
    let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let rules: BTreeSet<String> = text(&files, "etc/shorewall/rules")
        .lines()
        .map(words)
        .collect();
    for line in reference("etc/shorewall/rules.fragment").lines().map(words) {
        if !rules.contains(&line) {
            out.push(format!("- shorewall {line}"));
        }
    }

    // nginx: the same server name, and the proxy target the same host once resolved.
    let site = text(&files, "etc/nginx/sites-available/skaro.dachary.org");
    let then = reference("etc/nginx/sites-available/skaro.dachary.org");
    for key in ["listen ", "server_name ", "access_log "] {
        let (a, b) = (directive(&then, key), directive(site, key));
        if a != b {
            out.push(format!("~ nginx {key}{a} -> {b}"));
        }
    }
    let (target_then, target_ours) = (
        directive(&then, "proxy_pass "),
        directive(site, "proxy_pass "),
    );
    let resolved = target_then
        .strip_prefix("http://")
        .and_then(address_of)
        .map(|a| format!("http://{a}:80"));
    if resolved.as_deref() == Some(target_ours.as_str()) {
        out.push(format!(
            "~ nginx proxy_pass {target_then} written as its address {target_ours}"
        ));
    } else {
        out.push(format!("- nginx proxy_pass {target_then} -> {target_ours}"));
    }

    // ifupdown: the options of br0 and lo:1 as ifquery reads them.
    let fragment = reference("etc/network/interfaces.fragment");
    for iface in ["br0", "lo:1"] {
        let then: BTreeSet<(String, String)> = checkers::ifquery(&fragment, iface)
            .unwrap()?
            .into_iter()
            .collect();
        let ours: BTreeSet<(String, String)> =
            checkers::ifquery(text(&files, "etc/network/interfaces"), iface)
                .unwrap()?
                .into_iter()
                .collect();
        let fmt = |(k, v): &(String, String)| format!("{k}: {v}");
        out.extend(
            then.difference(&ours)
                .map(|o| format!("- interfaces {iface} {}", fmt(o))),
        );
        out.extend(
            ours.difference(&then)
                .map(|o| format!("+ interfaces {iface} {}", fmt(o))),
        );
    }

    // Ganeti: the commands run by hand and ours, word for word.
    let commands = reference("commands.txt");
    let script = text(&files, "etc/ganeti/provision.sh");
    for prefix in ["gnt-cluster init", "gnt-instance add"] {
        let then: Vec<&str> = commands
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap()
            .split_whitespace()
            .collect();
        let ours: Vec<&str> = script
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .unwrap()
            .split_whitespace()
            .collect();
        let (a, b): (BTreeSet<&str>, BTreeSet<&str>) = (
            then.iter().copied().collect(),
            ours.iter().copied().collect(),
        );
        out.extend(a.difference(&b).map(|w| format!("- ganeti {prefix}: {w}")));
        out.extend(b.difference(&a).map(|w| format!("+ ganeti {prefix}: {w}")));
    }
    out.sort();
    Some(out)
}

/// The deliberate differences, as listed.
pub fn listed() -> Vec<String> {
    let listed_file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/farm_model/deliberate-differences.txt");
    std::fs::read_to_string(&listed_file)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_rendering_means_what_2011_meant_but_for_deliberate_differences() {
    let Some(found) = differences() else {
        return;
    };
    let listed_file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/farm_model/deliberate-differences.txt");
    let listed_text = std::fs::read_to_string(&listed_file).unwrap_or_default();
    let listed: Vec<&str> = listed_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert_eq!(
        found,
        listed,
        "the differences from 2011 changed; review them, then update {}",
        listed_file.display()
    );
}
