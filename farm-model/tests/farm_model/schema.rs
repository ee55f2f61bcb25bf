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
