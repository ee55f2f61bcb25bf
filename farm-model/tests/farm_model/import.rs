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
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
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
        panic!("{}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
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
    assert!(unlisted.is_empty(), "differences not listed as deliberate: {unlisted:#?}\n{}", imported.text);
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
    let farm = farm_model::synth(vms, 1).check().unwrap();
    let before = rendered(&farm, "host01");
    assert!(before.len() > 15 && before.contains_key("etc/bind/db.farm"), "{:?}", before.keys());
    let imported = import(&before, None).unwrap_or_else(|errors| {
        panic!("{}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
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
        assert_eq!(text, &after[path], "{path} differs; the plan:\n{}", imported.text);
    }
    if std::env::var_os("SHOW_IMPORT").is_some() {
        eprintln!("{}", imported.text);
    }
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    assert!(notes.is_empty(), "a rendered farm leaves nothing out: {notes:#?}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6))]

    /// A synthetic farm rendered, imported and rendered again gives the same bytes, with no note.
    #[test]
    fn import_of_a_rendered_farm_renders_the_same_bytes(vms in 0_usize..60) {
        round_trip(vms);
    }
}

#[test]
fn import_of_rendered_farms_of_1_and_2_vms_renders_the_same_bytes() {
    round_trip(1);
    round_trip(2);
}
