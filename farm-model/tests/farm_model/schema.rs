//! The JSON Schema of a plan: committed as docs/plan.schema.json (regenerated, not edited), and every
//! example plan valid under it.

use std::path::PathBuf;

use crate::common::example;

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&farm_model::schema()).unwrap()
}

fn json_of_toml(text: &str) -> serde_json::Value {
    serde_json::to_value(toml::from_str::<toml::Value>(text).unwrap()).unwrap()
}

#[test]
fn the_committed_schema_is_the_code_s() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/plan.schema.json");
    let generated = serde_json::to_string_pretty(&farm_model::schema()).unwrap() + "\n";
    if std::env::var_os("FARMGEN_BLESS").is_some() {
        std::fs::write(&file, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date: run FARMGEN_BLESS=1 cargo test -p farm-model schema",
        file.display()
    );
}

#[test]
fn example_plans_are_valid_under_the_schema() {
    let validator = validator();
    let seed = json_of_toml(&example());
    let errors: Vec<String> = validator
        .iter_errors(&seed)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for vms in [0, 3, 40] {
        let plan = serde_json::to_value(farm_model::synth(vms, 2)).unwrap();
        assert!(validator.is_valid(&plan), "synth({vms})");
    }
    // Plans written with every optional key left out are valid too.
    let minimal = json_of_toml(
        "domain = \"farm\"\n[dns]\nnameserver_address = \"10.0.0.1\"\n[bridge]\nname = \"br0\"\naddress = \"10.0.0.1\"\n",
    );
    assert!(validator.is_valid(&minimal));
}

#[test]
fn the_schema_refuses_unknown_keys_and_wrong_kinds() {
    let validator = validator();
    let mut typo = json_of_toml(&example());
    typo["dns"]["hostmastr"] = "x".into();
    assert!(!validator.is_valid(&typo));
    let mut kind = json_of_toml(&example());
    kind["vms"][1]["vcpus"] = "one".into();
    assert!(!validator.is_valid(&kind));
    let mut proto = json_of_toml(&example());
    proto["vms"][1]["forwards"][0]["proto"] = "sctp".into();
    assert!(!validator.is_valid(&proto));
}

/// Every field's path in the schema (`dns.ttl`, `vms[].forwards[].port`), walked through `$ref`s.
fn field_paths(schema: &serde_json::Value) -> std::collections::BTreeSet<String> {
    fn walk(
        node: &serde_json::Value,
        defs: &serde_json::Value,
        prefix: &str,
        out: &mut std::collections::BTreeSet<String>,
    ) {
        let node = match node["$ref"].as_str() {
            Some(r) => &defs[r.trim_start_matches("#/$defs/")],
            None => node,
        };
        for key in ["anyOf", "oneOf", "allOf"] {
            for branch in node[key].as_array().into_iter().flatten() {
                walk(branch, defs, prefix, out);
            }
        }
        if let Some(properties) = node["properties"].as_object() {
            for (name, property) in properties {
                let path = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                out.insert(path.clone());
                walk(property, defs, &path, out);
            }
        }
        if node["items"].is_object() {
            walk(&node["items"], defs, &format!("{prefix}[]"), out);
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(schema, &schema["$defs"], "", &mut out);
    out
}

/// The fields docs/plan.md documents: in its "Fields" section, the first cell of the tables' rows, when it is
/// one `code` span.
fn documented_fields(text: &str) -> std::collections::BTreeSet<String> {
    text.lines()
        .skip_while(|line| *line != "## Fields")
        .skip(1)
        .take_while(|line| !line.starts_with("## "))
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once("` |"))
        .map(|(field, _)| field.to_owned())
        .filter(|field| !field.contains('`') && !field.contains(' '))
        .collect()
}

#[test]
fn docs_plan_md_documents_every_field_of_the_schema_and_no_other() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/plan.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let documented = documented_fields(&text);
    let fields = field_paths(&farm_model::schema());
    assert!(fields.contains("vms[].forwards[].port"), "{fields:?}");
    let missing: Vec<&String> = fields.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "{} has no row for {missing:?}: add one to its Fields tables",
        file.display()
    );
    let unknown: Vec<&String> = documented.difference(&fields).collect();
    assert!(
        unknown.is_empty(),
        "{} documents fields the plan does not have: {unknown:?}",
        file.display()
    );
}

/// Each table of the schema (`` for the plan itself, `dns`, `vms[]`, `vms[].forwards[]`) with its fields:
/// the paths of [`field_paths`] grouped by the table they are in.
fn tables(
    schema: &serde_json::Value,
) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut tables: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for path in field_paths(schema) {
        let (table, key) = path.rsplit_once('.').unwrap_or(("", &path));
        tables
            .entry(table.to_owned())
            .or_default()
            .insert(key.to_owned());
    }
    tables
}

/// The object at `table` (a path of [`tables`]) in `plan`, made (an empty object, an array of one) where
/// the plan has none.
fn table_in<'a>(plan: &'a mut serde_json::Value, table: &str) -> &'a mut serde_json::Value {
    let mut here = plan;
    for part in table.split('.').filter(|p| !p.is_empty()) {
        let (key, array) = match part.strip_suffix("[]") {
            Some(key) => (key, true),
            None => (part, false),
        };
        let slot = &mut here[key];
        if array {
            if slot.as_array().is_none_or(Vec::is_empty) {
                *slot = serde_json::json!([{}]);
            }
            // The first element that has every table below (a VM with forwards and sites), or the first.
            let items = slot.as_array_mut().unwrap();
            let rest = table.split_once(part).map_or("", |(_, rest)| rest);
            let k = items
                .iter()
                .position(|item| {
                    rest.split('.')
                        .filter_map(|p| p.strip_suffix("[]"))
                        .all(|key| item[key].as_array().is_some_and(|a| !a.is_empty()))
                })
                .unwrap_or(0);
            here = &mut items[k];
        } else {
            if !slot.is_object() {
                *slot = serde_json::json!({});
            }
            here = slot;
        }
    }
    here
}

/// A key is declared once, where its table's reader reads it: the keys the reader knows (the list an
/// unknown key's hint gives) are, for every table, exactly the fields of the JSON Schema, which is made from
/// the plan's types. A field added to a type but not read, or read but not declared in the type, fails here.
#[test]
fn the_reader_knows_every_field_of_the_schema_and_no_other() {
    let schema = farm_model::schema();
    let tables = tables(&schema);
    assert!(tables.contains_key("vms[].forwards[]"), "{tables:?}");
    let mut mismatches = Vec::new();
    for (table, fields) in &tables {
        let mut plan = json_of_toml(&example());
        table_in(&mut plan, table)["zz_not_a_key"] = "x".into();
        let text = serde_json::to_string_pretty(&plan).unwrap();
        let report = match farm_model::load(&text, farm_model::Format::Json, "plan.json") {
            Ok(_) => panic!("{table}: an unknown key was taken"),
            Err(report) => report.to_string(),
        };
        let mut lines = report.lines();
        lines
            .find(|l| l.ends_with("unknown key `zz_not_a_key`"))
            .unwrap_or_else(|| panic!("{table}: no unknown key in\n{report}"));
        let known: std::collections::BTreeSet<String> = lines
            .next()
            .and_then(|l| l.trim().strip_prefix("hint: known keys here: "))
            .unwrap_or_else(|| panic!("{table}: no list of known keys in\n{report}"))
            .split(", ")
            .map(str::to_owned)
            .collect();
        if known != *fields {
            mismatches.push(format!(
                "{table}: read but not in the schema: {:?}; in the schema but not read: {:?}",
                known.difference(fields).collect::<Vec<_>>(),
                fields.difference(&known).collect::<Vec<_>>()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}
