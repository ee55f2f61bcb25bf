//! Import: the 2011 farm's files turned into a plan that means what they meant; synthetic farms rendered,
//! imported and rendered again to the same bytes; broken files refused at their place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use farm_model::Format;
use farm_model::import::{Imported, import};

use crate::meaning::{differences_of, listed};

/// Every file under `dir`, by its path relative to it.
fn tree(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

fn seed() -> BTreeMap<String, String> {
    tree(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../reference/seed-farm"))
}

fn import_seed() -> Imported {
    import(&seed(), Some("host01")).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

#[test]
fn import_of_the_seed_snapshot() {
    let imported = import_seed();
    if std::env::var_os("SHOW_IMPORT").is_some() {
        eprintln!("{}", imported.text);
    }
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("import-seed-plan", imported.text);
    insta::assert_snapshot!("import-seed-notes", notes.join("\n"));
}

#[test]
fn import_of_the_seed_means_what_2011_meant_but_for_deliberate_differences() {
    let imported = import_seed();
    let farm = farm_model::load(&imported.text, Format::Toml, "imported.toml").unwrap();
    let Some(found) = differences_of(&farm) else {
        return;
    };
    let listed = listed();
    let unlisted: Vec<&String> = found.iter().filter(|f| !listed.contains(f)).collect();
    assert!(
        unlisted.is_empty(),
        "differences not listed as deliberate: {unlisted:#?}\n{}",
        imported.text
    );
}

/// The files of `node` of `farm`'s rendering, by path (links left out: a tree's reader does not follow them).
fn rendered(farm: &farm_model::Farm, node: &str) -> BTreeMap<String, String> {
    crate::render::render(farm, &|_, _| None)
        .into_iter()
        .filter(|f| f.node == node)
        .filter_map(|f| match f.contents {
            farm_model::Contents::Text(text) => Some((f.path, text)),
            farm_model::Contents::Link(_) => None,
        })
        .collect()
}

/// render → import → render: the same bytes, file for file.
fn round_trip(vms: usize) {
    round_trip_of(farm_model::synth(vms, 1));
}

/// [`round_trip`] of `plan`.
fn round_trip_of(plan: farm_model::Plan) {
    let farm = plan.check().unwrap();
    let before = rendered(&farm, "host01");
    assert!(
        before.len() > 15 && before.contains_key("etc/bind/db.farm"),
        "{:?}",
        before.keys()
    );
    let imported = import(&before, None).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    let again = farm_model::load(&imported.text, Format::Toml, "imported.toml").unwrap();
    let after = rendered(&again, "host01");
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "{}",
        imported.text
    );
    for (path, text) in &before {
        assert_eq!(
            text, &after[path],
            "{path} differs; the plan:\n{}",
            imported.text
        );
    }
    if std::env::var_os("SHOW_IMPORT").is_some() {
        eprintln!("{}", imported.text);
    }
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    assert!(
        notes.is_empty(),
        "a rendered farm leaves nothing out: {notes:#?}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6))]

    /// A synthetic farm rendered, imported and rendered again gives the same bytes, with no note.
    #[test]
    fn import_of_a_rendered_farm_renders_the_same_bytes(vms in 0_usize..60) {
        round_trip(vms);
    }
}

/// A farm with IPv6 (the node's prefix6, its IPv6 uplink and gateway, an ip6.arpa zone of its own)
/// imports with all of it: the same bytes again, radvd's and Shorewall6's files included, and no note.
#[test]
fn import_of_a_rendered_farm_with_ipv6_renders_the_same_bytes() {
    for vms in [0, 3] {
        let mut plan = farm_model::synth(vms, 1);
        plan.nodes[0].prefix6 = Some("2001:db8:1:2::/64".parse().unwrap());
        plan.nodes[0].uplink_address6 = Some("2001:db8::10/64".parse().unwrap());
        plan.nodes[0].gateway6 = Some("fe80::1".parse().unwrap());
        plan.dns.reverse6 = Some(vec!["2001:db8:1::/48".parse().unwrap()]);
        let farm = plan.clone().check().unwrap();
        let files = rendered(&farm, "host01");
        for file in ["etc/radvd.conf", "etc/shorewall6/rules"] {
            assert!(files.contains_key(file), "{:?}", files.keys());
        }
        round_trip_of(plan);
    }
}

#[test]
fn import_of_rendered_farms_of_0_1_and_2_vms_renders_the_same_bytes() {
    round_trip(0);
    round_trip(1);
    round_trip(2);
}

/// The seed with `file` given `text` (appended, or replacing when `replace`).
fn seed_with(edits: &[(&str, &str, bool)]) -> BTreeMap<String, String> {
    let mut files = seed();
    for (file, text, replace) in edits {
        let entry = files.entry((*file).to_owned()).or_default();
        if *replace {
            *entry = (*text).to_owned();
        } else {
            entry.push_str(text);
        }
    }
    files
}

fn errors(files: &BTreeMap<String, String>) -> Vec<String> {
    match import(files, Some("host01")) {
        Ok(imported) => panic!("imported:\n{}", imported.text),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// Each `(file, appended, error)` alone gives that one error.
fn each_alone_is_refused(cases: &[(&str, &str, &str)]) {
    for (file, text, expected) in cases {
        let found = errors(&seed_with(&[(file, text, false)]));
        assert!(
            found.len() == 1 && found[0].starts_with(expected),
            "{file}: {found:#?}, expected {expected}"
        );
    }
}

#[test]
fn a_syntax_error_in_any_file_is_an_error_at_its_place() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "etc/bind/db.farm",
            "bad IN A 10.10.60.300\n",
            "etc/bind/db.farm:22:10: error: IPv4 address",
        ),
        (
            "etc/bind/db.farm",
            "x IN SOA ns hm (\n1 2\n",
            "etc/bind/db.farm:22:16: error: `(` never closed",
        ),
        (
            "etc/bind/db.10.10",
            "3.60 IN PTR (x\n",
            "etc/bind/db.10.10:19:13: error: `(` never closed",
        ),
        (
            "etc/bind/named.conf.local",
            "zone \"x\" { type master }\n",
            "etc/bind/named.conf.local:10:24: error: `;` missing before `}`",
        ),
        (
            "etc/bind/named.conf.options.fragment",
            "listen-on { 1.2.3.4 };\n",
            "etc/bind/named.conf.options.fragment:3:21: error",
        ),
        (
            "etc/dhcp/dhcpd.conf",
            "host x {\n",
            "etc/dhcp/dhcpd.conf:18:8: error: `{` never closed",
        ),
        (
            "etc/network/interfaces.fragment",
            "iface br1 inet static\n address 10.0.0.300\n",
            "etc/network/interfaces.fragment:20:10: error: address",
        ),
        (
            "etc/shorewall/rules.fragment",
            "DNAT net loc:10.10.60.2:99999 tcp 22\n",
            "etc/shorewall/rules.fragment:2:25: error: port",
        ),
        (
            "etc/shorewall/params",
            "IP-X=1.2.3.4\n",
            "etc/shorewall/params:1:1: error",
        ),
        (
            "etc/nginx/sites-available/skaro.dachary.org",
            "server {\n",
            "etc/nginx/sites-available/skaro.dachary.org:10:8: error: `{` never closed",
        ),
        (
            "commands.txt",
            "gnt-instance add -s 30X x\n",
            "commands.txt:21:21: error: disk size",
        ),
    ];
    each_alone_is_refused(cases);
    // Every file's error at once (but named.conf.local's: broken, it names no zone file to read).
    let all: Vec<(&str, &str, bool)> = cases[1..]
        .iter()
        .filter(|(f, _, _)| *f != "etc/bind/named.conf.local")
        .map(|(f, t, _)| (*f, *t, false))
        .collect();
    let found = errors(&seed_with(&all));
    assert_eq!(found.len(), all.len(), "{found:#?}");
}

#[test]
fn a_value_with_a_semicolon_a_quote_or_a_newline_is_refused_at_its_place() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "etc/bind/db.farm",
            "ns\"x IN A 10.10.60.9\n",
            "etc/bind/db.farm:22:3: error: a quoted string not closed",
        ),
        (
            "etc/bind/db.farm",
            "x IN CNAME \"a\nb\"\n",
            "etc/bind/db.farm:22:12: error: a quoted string not closed",
        ),
        (
            "etc/bind/named.conf.local",
            "zone \"a;b\" { type master; file \"x\"; };\n",
            "etc/bind/named.conf.local:10:6: error",
        ),
        (
            "etc/dhcp/dhcpd.conf",
            "host \"a;b\" { hardware ethernet 52:54:00:00:00:09; }\n",
            "etc/dhcp/dhcpd.conf:18:6: error: host name",
        ),
        (
            "etc/network/interfaces.fragment",
            "iface br1;x inet static\n",
            "etc/network/interfaces.fragment:19:10: error",
        ),
        (
            "etc/shorewall/params",
            "IP_X='1.2.3.4;reboot'\n",
            "etc/shorewall/params:1:6: error",
        ),
        (
            "etc/shorewall/rules.fragment",
            "DNAT net loc:10.10.60.2 tcp 22 - \"x\"\n",
            "etc/shorewall/rules.fragment:2:34: error",
        ),
        (
            "etc/nginx/sites-available/skaro.dachary.org",
            "server { server_name \"a;b\"; }\n",
            "etc/nginx/sites-available/skaro.dachary.org:10:22: error",
        ),
        (
            "commands.txt",
            "gnt-instance add -o 'a;b' x\n",
            "commands.txt:21:21: error: OS",
        ),
    ];
    each_alone_is_refused(cases);
}

#[test]
fn what_the_plan_cannot_say_is_a_note_at_its_place() {
    let files = seed_with(&[
        (
            "etc/bind/db.farm",
            "mail IN MX 10 ns\nwww IN CNAME ns\nlost IN A 192.168.1.1\n",
            false,
        ),
        (
            "etc/shorewall/rules.fragment",
            "ACCEPT net $FW tcp 443\nDNAT net loc:10.10.60.77 tcp 2222\n",
            false,
        ),
        (
            "etc/dhcp/dhcpd.conf",
            "host ghost.vm.farm { hardware ethernet 52:54:00:00:00:09; fixed-address ghost.vm.farm; }\n",
            false,
        ),
        ("etc/hosts", "# by hand\n10.9.9.9 a\n10.9.9.8 b\n", true),
    ]);
    let imported = import(&files, Some("host01")).unwrap();
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    for expected in [
        "etc/bind/db.farm:22: note: a MX record",
        "etc/bind/db.farm:23: note: a CNAME record",
        "etc/bind/db.farm:24: note: lost.farm. 192.168.1.1: neither",
        "etc/shorewall/rules.fragment:2: note: not a forward",
        "etc/shorewall/rules.fragment:3: note: DNAT to 10.10.60.77: resolves to no VM",
        "etc/dhcp/dhcpd.conf:18: note: host ghost.vm.farm: ghost.vm.farm resolves to no VM",
        "etc/hosts:2: note: not read: the plan writes this file its own way (2 lines it does not write as they are, from this one)",
    ] {
        assert!(
            notes.iter().any(|n| n.starts_with(expected)),
            "no {expected:?} in {notes:#?}"
        );
    }
    // Every note is `file:line: note: ...` (or `file: note: ...` for the file as a whole), in file order.
    for note in &notes {
        let (place, message) = note.split_once(": note: ").unwrap();
        assert!(!message.is_empty());
        let mut parts = place.split(':');
        assert!(files.contains_key(parts.next().unwrap()), "{note}");
        assert!(parts.all(|p| p.parse::<usize>().is_ok()), "{note}");
    }
    let mut sorted = imported.notes.clone();
    sorted.sort();
    assert_eq!(sorted, imported.notes);
}

/// What an edit of a seed file inserts (an index past the end removes a character instead).
const FRAGMENTS: &[&str] = &[
    ";", "\"", "'", "{", "}", "(", ")", "\n", "$", "#", "\\", " ", ":", "/", "..", "é", "\t",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever is changed in whichever file, the import gives a plan that loads, or errors: never a panic.
    #[test]
    fn any_edit_of_the_seed_imports_or_is_refused(
        file in 0_usize..16,
        edits in proptest::collection::vec((0_usize..100_000, 0_usize..18), 1..4),
    ) {
        let mut files = seed();
        let key = files.keys().nth(file % files.len()).unwrap().clone();
        let text = files.get_mut(&key).unwrap();
        let mut chars: Vec<char> = text.chars().collect();
        for (at, what) in edits {
            let at = at % (chars.len() + 1);
            match FRAGMENTS.get(what) {
                Some(fragment) => {
                    chars.splice(at..at, fragment.chars());
                }
                None if at < chars.len() => {
                    chars.remove(at);
                }
                None => {}
            }
        }
        *text = chars.into_iter().collect();
        match import(&files, Some("host01")) {
            Ok(imported) => {
                proptest::prop_assert!(farm_model::load(&imported.text, Format::Toml, "i.toml").is_ok());
            }
            Err(errors) => proptest::prop_assert!(!errors.is_empty()),
        }
    }
}

#[test]
fn resources_come_from_a_gnt_instance_list_dump_too() {
    let commands = seed()["commands.txt"]
        .lines()
        .filter(|l| !l.starts_with("gnt-instance add"))
        .collect::<Vec<_>>()
        .join("\n");
    let dump = "# gnt-instance list --no-headers --units=m --separator='|' -o name,pnode,snodes,disk_template,os,be/maxmem,be/vcpus,disk.size/0,nic.mac/0\n\
                skaro.xivo.vm.farm|host01.farm||plain|debootstrap+default|512|1|30720|52:54:fb:77:1e:82\n\
                gone.vm.farm|host01.farm||plain|debootstrap+default|512|1|30720|52:54:00:00:00:07\n";
    let files = seed_with(&[
        ("commands.txt", &commands, true),
        ("gnt-instance-list.txt", dump, true),
    ]);
    let imported = import(&files, Some("host01")).unwrap();
    let by_script = import_seed().plan.vms[1].clone();
    let vm = &imported.plan.vms[1];
    assert_eq!(
        (
            vm.memory,
            vm.vcpus,
            vm.disk,
            vm.disk_template,
            &vm.os,
            &vm.node
        ),
        (
            by_script.memory,
            by_script.vcpus,
            by_script.disk,
            by_script.disk_template,
            &by_script.os,
            &by_script.node
        )
    );
    assert!(
        imported
            .text
            .lines()
            .any(|l| l.starts_with("disk = \"30G\" ")
                && l.ends_with("# from gnt-instance-list.txt:2")),
        "{}",
        imported.text
    );
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    assert!(
        notes.contains(&"gnt-instance-list.txt:3: note: instance gone.vm.farm: resolves to no VM of etc/bind/db.farm; left out".to_owned()),
        "{notes:#?}"
    );
    let broken = seed_with(&[(
        "gnt-instance-list.txt",
        "skaro.xivo.vm.farm|host01.farm\n",
        true,
    )]);
    assert_eq!(
        errors(&broken),
        [
            "gnt-instance-list.txt:1:1: error: 2 fields separated by `|`; a dump of `-o name,pnode,snodes,disk_template,os,be/maxmem,be/vcpus,disk.size/0,nic.mac/0` has 9"
        ]
    );
}

/// A node's IPv6 written by hand: the bridge's /64 is `prefix6`, the uplink's inet6 stanza its IPv6
/// uplink and gateway; what the plan writes otherwise (another bridge address than `::1`, an option it does
/// not know, a stanza that is not static) is a note at its line.
#[test]
fn a_hand_written_ipv6_side_is_imported_and_what_differs_is_a_note() {
    let files = seed_with(&[(
        "etc/network/interfaces.fragment",
        "\niface br0 inet6 static\n\taddress 2001:db8:1:2::a/64\n\niface eth0 inet6 static\n\taddress 2001:db8::10/64\n\tgateway fe80::1\n\taccept_ra 0\n\niface eth1 inet6 auto\n",
        false,
    )]);
    let imported = import(&files, Some("host01")).unwrap();
    for line in [
        "prefix6 = \"2001:db8:1:2::/64\"",
        "uplink_address6 = \"2001:db8::10/64\"",
        "gateway6 = \"fe80::1\"",
    ] {
        assert!(imported.text.contains(line), "{line}\n{}", imported.text);
    }
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    let first = files["etc/network/interfaces.fragment"].lines().count() - 10;
    for expected in [
        format!(
            "etc/network/interfaces.fragment:{}: note: the plan gives the bridge the address ::1 of its prefix6",
            first + 3
        ),
        format!(
            "etc/network/interfaces.fragment:{}: note: `accept_ra`: the plan's inet6 stanzas say their address and gateway only",
            first + 8
        ),
        format!(
            "etc/network/interfaces.fragment:{}: note: iface eth1 inet6 auto: the plan's inet6 stanzas are static",
            first + 10
        ),
    ] {
        assert!(notes.contains(&expected), "{expected}\n{notes:#?}");
    }
}

/// IPv6 the plan cannot take as written (a bridge's /64 beside an uplink on SLAAC, a static uplink address
/// without its gateway) is left out with a note at its line: the plan still imports and loads.
#[test]
fn ipv6_the_plan_cannot_take_is_left_out_with_a_note() {
    for (stanzas, left_out) in [
        (
            "\niface br0 inet6 static\n\taddress 2001:db8:1:2::1/64\n\niface eth0 inet6 auto\n",
            vec![(3, "prefix6")],
        ),
        (
            "\niface eth0 inet6 static\n\taddress 2001:db8::10/64\n",
            vec![(3, "uplink_address6")],
        ),
    ] {
        let files = seed_with(&[("etc/network/interfaces.fragment", stanzas, false)]);
        let imported = import(&files, Some("host01")).unwrap();
        assert!(!imported.text.contains("6 = "), "{}", imported.text);
        let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
        let first =
            files["etc/network/interfaces.fragment"].lines().count() - stanzas.lines().count();
        for (line, key) in left_out {
            let note = format!(
                "etc/network/interfaces.fragment:{}: note: {key}: ",
                first + line
            );
            assert!(
                notes
                    .iter()
                    .any(|n| n.starts_with(&note) && n.ends_with("; left out")),
                "{note}\n{notes:#?}"
            );
        }
    }
}
