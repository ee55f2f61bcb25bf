//! The crate arrows of ARCHITECTURE.md, read from `cargo metadata`: each crate of the workspace has a
//! layer, and depends only on crates of layers below its own; crates of one layer do not depend on each
//! other; `checkers` depends on none of the workspace, and only tools and tests use it. A new crate is
//! one line of [`LAYERS`].

use std::collections::BTreeMap;

/// Where a crate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    /// The shared vocabulary (host names, interface names, comment lines).
    Vocabulary,
    /// One daemon's format each.
    Format,
    /// The plan, its resolution, the renderers.
    Model,
    /// A program over the model (`farmgen`).
    Tool,
    /// The repository's tasks over the programs (`xtask`).
    Tasks,
    /// The daemons' checkers: apart from the layers, for tools and tests.
    Checkers,
}

/// Every crate of the workspace and its layer.
const LAYERS: &[(&str, Layer)] = &[
    ("vocabulary", Layer::Vocabulary),
    ("bind-zone", Layer::Format),
    ("dhcpd-conf", Layer::Format),
    ("ganeti", Layer::Format),
    ("netif", Layer::Format),
    ("nginx-site", Layer::Format),
    ("shorewall", Layer::Format),
    ("kea-conf", Layer::Format),
    ("radvd-conf", Layer::Format),
    ("farm-model", Layer::Model),
    ("farmgen", Layer::Tool),
    ("xtask", Layer::Tasks),
    ("checkers", Layer::Checkers),
];

/// Whether `from` may depend on `to`; `dev` for a dependency of its tests, benches and examples only.
fn allowed(from: Layer, to: Layer, dev: bool) -> bool {
    match (from, to) {
        (Layer::Checkers, _) => false,
        (Layer::Tool | Layer::Tasks, Layer::Checkers) => true,
        (_, Layer::Checkers) => dev,
        (from, to) => to < from,
    }
}

#[test]
fn crates_depend_only_down_the_layers() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let layers: BTreeMap<&str, Layer> = LAYERS.iter().copied().collect();
    let packages = metadata["packages"].as_array().unwrap();
    let mut wrong = Vec::new();
    for package in packages {
        let name = package["name"].as_str().unwrap();
        let Some(&from) = layers.get(name) else {
            wrong.push(format!("{name} has no layer in LAYERS"));
            continue;
        };
        for dependency in package["dependencies"].as_array().unwrap() {
            let Some(&to) = layers.get(dependency["name"].as_str().unwrap()) else {
                continue;
            };
            let dev = dependency["kind"].as_str() == Some("dev");
            if !allowed(from, to, dev) {
                wrong.push(format!(
                    "{name} ({from:?}) depends on {} ({to:?}){}",
                    dependency["name"],
                    if dev { " for its tests" } else { "" }
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows against ARCHITECTURE.md:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_rule_refuses_what_architecture_md_forbids() {
    use Layer::*;
    assert!(allowed(Model, Format, false));
    assert!(allowed(Format, Vocabulary, false));
    assert!(allowed(Tool, Checkers, false));
    assert!(allowed(Format, Checkers, true));
    assert!(!allowed(Format, Format, false));
    assert!(!allowed(Format, Model, false));
    assert!(!allowed(Model, Tool, false));
    assert!(allowed(Tasks, Tool, false));
    assert!(!allowed(Tool, Tasks, false));
    assert!(!allowed(Model, Checkers, false));
    assert!(!allowed(Checkers, Vocabulary, false));
}
