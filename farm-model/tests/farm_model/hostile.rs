//! Hostile input: arbitrary bytes, TOML and JSON never make the reader panic; hostile values in every
//! string field are refused with their place, or reach the files only as the whole token they are.

use proptest::prelude::*;

use farm_model::Format;

use crate::common::example;

/// Arbitrary TOML documents, most of them not plans.
fn toml_value() -> impl Strategy<Value = toml::Value> {
    let leaf = prop_oneof![
        any::<String>().prop_map(toml::Value::String),
        any::<i64>().prop_map(toml::Value::Integer),
        any::<bool>().prop_map(toml::Value::Boolean),
        (-1e9f64..1e9).prop_map(toml::Value::Float),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(toml::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    prop::sample::select(vec![
                        "domain", "dns", "vms", "nodes", "networks", "bridge", "name", "address",
                        "mac", "sites", "forwards", "port", "ttl", "serial"
                    ])
                    .prop_map(String::from),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| toml::Value::Table(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = farm_model::load(&text, Format::Toml, "fuzz.toml");
        let _ = farm_model::load(&text, Format::Json, "fuzz.json");
    }

    #[test]
    fn arbitrary_documents_never_panic(value in toml_value()) {
        if let toml::Value::Table(table) = &value {
            let text = toml::to_string(table).unwrap_or_default();
            let _ = farm_model::load(&text, Format::Toml, "fuzz.toml");
        }
        let json = serde_json::to_string(&value).unwrap_or_default();
        let _ = farm_model::load(&json, Format::Json, "fuzz.json");
    }

    #[test]
    fn edits_of_the_example_never_panic(at in any::<prop::sample::Index>(), cut in 0usize..40, insert in ".{0,20}") {
        let text = example();
        let mut start = at.index(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let edited = format!("{}{insert}{}", &text[..start], &text[end..]);
        let _ = farm_model::load(&edited, Format::Toml, "edited.toml");
    }
}

/// Where a string lives in the example plan: a path of keys and indexes; `Key` edits a table key itself.
#[derive(Debug, Clone)]
enum Field {
    Value(&'static [&'static str]),
    Key(&'static str),
}

const FIELDS: &[Field] = &[
    Field::Value(&["domain"]),
    Field::Value(&["dns", "nameserver"]),
    Field::Value(&["dns", "nameserver_address"]),
    Field::Value(&["dns", "hostmaster"]),
    Field::Value(&["dns", "ttl"]),
    Field::Value(&["dns", "expire"]),
    Field::Value(&["dns", "listen_on", "0"]),
    Field::Value(&["dns", "allow_recursion", "1"]),
    Field::Value(&["dns", "reverse", "0"]),
    Field::Value(&["networks", "1", "name"]),
    Field::Value(&["networks", "1", "cidr"]),
    Field::Value(&["networks", "1", "subdomain"]),
    Field::Value(&["bridge", "name"]),
    Field::Value(&["bridge", "address"]),
    Field::Value(&["local", "interface"]),
    Field::Value(&["local", "blackhole"]),
    Field::Value(&["dhcp", "subnet"]),
    Field::Value(&["dhcp", "fixed_address"]),
    Field::Value(&["cluster", "name"]),
    Field::Value(&["cluster", "volume_group"]),
    Field::Value(&["cluster", "hypervisors", "0"]),
    Field::Value(&["firewall", "public", "failover"]),
    Field::Key("failover"),
    Field::Value(&["nodes", "0", "name"]),
    Field::Value(&["nodes", "0", "uplink"]),
    Field::Value(&["nodes", "0", "uplink_address"]),
    Field::Value(&["nodes", "0", "gateway"]),
    Field::Value(&["vms", "1", "name"]),
    Field::Value(&["vms", "1", "address"]),
    Field::Value(&["vms", "1", "mac"]),
    Field::Value(&["vms", "1", "node"]),
    Field::Value(&["vms", "1", "memory"]),
    Field::Value(&["vms", "1", "disk"]),
    Field::Value(&["vms", "1", "disk_template"]),
    Field::Value(&["vms", "1", "os"]),
    Field::Value(&["vms", "1", "hypervisor", "boot_order"]),
    Field::Value(&["vms", "1", "hypervisor", "cdrom_image_path"]),
    Field::Key("boot_order"),
    Field::Value(&["vms", "1", "forwards", "0", "proto"]),
    Field::Value(&["vms", "1", "forwards", "0", "via"]),
    Field::Value(&["vms", "1", "sites", "0", "server_name"]),
];

fn set(item: &mut toml_edit::Item, path: &[&str], value: toml_edit::Value) {
    match path.split_first() {
        None => *item = toml_edit::value(value),
        Some((step, rest)) => match (step.parse::<usize>(), item) {
            (Ok(i), toml_edit::Item::ArrayOfTables(tables)) => {
                let table = tables.get_mut(i).unwrap();
                let (key, rest) = rest.split_first().unwrap();
                set(&mut table[key], rest, value);
            }
            (Ok(i), item) => set(&mut item[i], rest, value),
            (Err(_), item) => set(&mut item[*step], rest, value),
        },
    }
}

/// The example with the string at `field` replaced by `value`; and the text that encodes `value` there.
fn with_value(field: &Field, value: &str) -> (String, String) {
    match field {
        Field::Value(path) => {
            let mut doc: toml_edit::DocumentMut = example().parse().unwrap();
            let encoded = toml_edit::Value::from(value).to_string().trim().to_owned();
            let (first, rest) = path.split_first().unwrap();
            set(&mut doc[first], rest, toml_edit::Value::from(value));
            (doc.to_string(), encoded)
        }
        Field::Key(key) => {
            let encoded = toml_edit::Key::new(value).display_repr().to_string();
            (
                example().replacen(&format!("{key} = "), &format!("{encoded} = "), 1),
                encoded,
            )
        }
    }
}

fn hostile() -> impl Strategy<Value = String> {
    let bad = prop::sample::select(vec![
        "\n",
        "\r\n",
        ";",
        "{",
        "}",
        "\"",
        "'",
        "\\",
        "$",
        "`",
        "#",
        "\0",
        "\t",
        "\u{1}",
        "\u{7f}",
        "é",
        " ",
        "$(reboot)",
        "`id`",
        "\nauto evil",
        "; rm -rf /",
        "\" ; \"",
        "*",
        "..",
        "/",
        ",",
        "=",
        ":",
    ]);
    prop_oneof![
        8 => ("[a-z0-9.-]{0,12}", bad, "[a-z0-9.-]{0,12}").prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        1 => "[a-z]{300,5000}",
        1 => Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn hostile_values_are_refused_where_they_stand_or_stay_one_token(field in prop::sample::select(FIELDS.to_vec()), value in hostile()) {
        // The line of the field, found with a marker written where the value goes.
        let (marked, marker) = with_value(&field, "zz-marker-zz");
        let line = marked[..marked.find(&marker).unwrap()].matches('\n').count() + 1;
        let (text, _) = with_value(&field, &value);
        match farm_model::load(&text, Format::Toml, "hostile.toml") {
            Err(report) => {
                let placed = report.diagnostics().iter().any(|d| d.position.map(|p| p.line) == Some(line));
                prop_assert!(placed, "{:?} at {:?} was refused, but not on line {}:\n{}", value, field, line, report);
            }
            Ok(farm) => {
                // Accepted: every file must pass its checker, and the value must reach the provisioning
                // script as part of exactly one word, as the shell reads it.
                let files = crate::render::render(&farm, &|_, _| None);
                let dir = tempfile::tempdir().unwrap();
                crate::render::write_tree(&files, "host01", dir.path());
                for check in checkers::check_tree(dir.path()) {
                    prop_assert!(check.result.is_ok(), "{:?} at {:?} broke {}: {:?}", value, field, check.file, check.result);
                }
                let script = crate::render::text(&files, "etc/ganeti/provision.sh");
                let mut words = shell_words(script, "gnt-cluster init").unwrap_or_default();
                words.extend(shell_words(script, "gnt-instance add").unwrap_or_default());
                let ganeti = matches!(&field, Field::Value(p) if p[0] == "cluster" || p.get(2) == Some(&"hypervisor") || p.get(2) == Some(&"os"))
                    || matches!(&field, Field::Key("boot_order"));
                if ganeti && !value.is_empty() && !words.is_empty() {
                    prop_assert!(words.iter().any(|w| w.contains(value.as_str())), "{:?} is not inside one word of {:?}", value, words);
                }
            }
        }
    }
}

/// The words of the first script line starting with `prefix`, as `sh` splits them.
fn shell_words(script: &str, prefix: &str) -> Option<Vec<String>> {
    let sh = checkers::require(checkers::Tool::Sh).unwrap()?;
    let line = script
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(prefix))?;
    let out = std::process::Command::new(sh)
        .arg("-c")
        .arg(format!("printf '%s\\0' {line}"))
        .output()
        .unwrap();
    let mut words: Vec<String> = out
        .stdout
        .split(|b| *b == 0)
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    words.pop();
    Some(words)
}
