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
