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

/// Where a string lives in the example plan: a path of keys and indexes; `Key` edits a key of a map (the
/// map's path, one of its keys).
#[derive(Debug, Clone)]
enum Field {
    Value(Vec<String>),
    Key(Vec<String>, String),
}

/// Every string of a plan, from the plan's own declaration (its JSON Schema, generated from the types):
/// each string field and each map's keys, placed where the example has it first, or added to the first
/// table of its kind that the example has. A new field is here as soon as it is declared.
fn fields() -> Vec<Field> {
    let schema = farm_model::schema();
    let example: toml::Value = toml::from_str(&example()).unwrap();
    let mut fields = Vec::new();
    walk(
        &schema,
        &schema,
        Some(&example),
        &mut Vec::new(),
        &mut fields,
    );
    fields
}

/// `node` of `schema` with its references followed and a nullable type reduced to the other one.
fn resolved<'a>(
    schema: &'a serde_json::Value,
    mut node: &'a serde_json::Value,
) -> &'a serde_json::Value {
    loop {
        if let Some(reference) = node.get("$ref").and_then(|r| r.as_str()) {
            let name = reference.rsplit('/').next().unwrap();
            node = &schema["$defs"][name];
        } else if let Some(any) = node.get("anyOf").and_then(|a| a.as_array()) {
            node = any.iter().find(|a| a["type"] != "null").unwrap();
        } else {
            return node;
        }
    }
}

fn has_type(node: &serde_json::Value, kind: &str) -> bool {
    node["type"] == kind
        || node["type"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t == kind))
}

/// The fields under `node` (whose value in the example is `value`, if it has one) at `path`.
fn walk(
    schema: &serde_json::Value,
    node: &serde_json::Value,
    value: Option<&toml::Value>,
    path: &mut Vec<String>,
    fields: &mut Vec<Field>,
) {
    let node = resolved(schema, node);
    if has_type(node, "string") {
        fields.push(Field::Value(path.clone()));
    } else if has_type(node, "array") {
        // The first element of the example's array that holds the most fields, or a new first one.
        let items = value.and_then(toml::Value::as_array);
        let chosen = items.and_then(|items| {
            items
                .iter()
                .enumerate()
                .max_by_key(|(i, v)| (count(v), std::cmp::Reverse(*i)))
        });
        path.push(chosen.map_or(0, |(i, _)| i).to_string());
        walk(schema, &node["items"], chosen.map(|(_, v)| v), path, fields);
        path.pop();
    } else if node["additionalProperties"].is_object() {
        let key = value
            .and_then(toml::Value::as_table)
            .and_then(|t| t.keys().next().cloned());
        if let Some(key) = key {
            fields.push(Field::Key(path.clone(), key.clone()));
            path.push(key);
            walk(schema, &node["additionalProperties"], None, path, fields);
            path.pop();
        }
    } else if let Some(properties) = node["properties"].as_object() {
        for (key, property) in properties {
            path.push(key.clone());
            let inner = value.and_then(|v| v.get(key));
            walk(schema, property, inner, path, fields);
            path.pop();
        }
    }
}

/// How many values a part of the example holds.
fn count(value: &toml::Value) -> usize {
    match value {
        toml::Value::Table(t) => t.values().map(count).sum::<usize>() + 1,
        toml::Value::Array(a) => a.iter().map(count).sum::<usize>() + 1,
        _ => 1,
    }
}

#[test]
fn every_declared_string_is_a_hostile_field() {
    let fields = fields();
    let shown: Vec<String> = fields
        .iter()
        .map(|f| match f {
            Field::Value(p) => p.join("."),
            Field::Key(p, k) => format!("{}.<{k}>", p.join(".")),
        })
        .collect();
    for expected in [
        "domain",
        "dns.listen_on.0",
        "firewall.public.<failover>",
        "vms.1.hypervisor.<boot_order>",
        "vms.1.sites.0.server_name",
        "vms.1.sites.0.path",
        "vms.1.network",
    ] {
        assert!(
            shown.iter().any(|s| s == expected),
            "{expected} not in {shown:?}"
        );
    }
}

fn set(item: &mut toml_edit::Item, path: &[&str], value: toml_edit::Value) {
    match path.split_first() {
        None => *item = toml_edit::value(value),
        Some((step, rest)) => match (step.parse::<usize>(), item) {
            // A list the example does not have (`dns.reverse6`): made with the one value.
            (Ok(0), item) if item.is_none() && rest.is_empty() => {
                let mut array = toml_edit::Array::new();
                array.push(value);
                *item = toml_edit::value(array);
            }
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
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let (first, rest) = path.split_first().unwrap();
            set(&mut doc[first], rest, toml_edit::Value::from(value));
            (doc.to_string(), encoded)
        }
        Field::Key(_, key) => {
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
    fn hostile_values_are_refused_where_they_stand_or_stay_one_token(field in prop::sample::select(fields()), value in hostile()) {
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
                let ganeti = matches!(&field, Field::Value(p) if p[0] == "cluster" || p.get(2).is_some_and(|k| k == "hypervisor" || k == "os"))
                    || matches!(&field, Field::Key(p, _) if p.last().is_some_and(|k| k == "hypervisor"));
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
