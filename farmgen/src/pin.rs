//! `farmgen pin`: the allocation written into the plan.

use std::path::Path;

use crate::Failure;

pub fn run(plan: &Path) -> Result<(), Failure> {
    let (farm, text, _) = crate::render::load(plan)?;
    let notes = farm.unpinned();
    if notes.is_empty() {
        return crate::render::print(&format!(
            "{}: every address and MAC is pinned already\n",
            plan.display()
        ));
    }
    let pinned = farm_model::pin(&text, farm_model::Format::of_path(plan), &farm)
        .map_err(|e| Failure::Other(e.to_string()))?;
    let failure = |e: std::io::Error| Failure::Other(e.to_string());
    let (folder, name) = match (plan.parent(), plan.file_name()) {
        (Some(folder), Some(name)) => (folder, name),
        _ => return Err(Failure::Other(format!("{}: not a file", plan.display()))),
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let dir = crate::dir::Dir::open(folder).map_err(failure)?;
    // The plan keeps its owner, group, mode and extended attributes.
    let keep = match dir.read(name, crate::plan_file::PLAN_LIMIT) {
        crate::dir::Read::Text { keep, .. } => crate::owner::Ids::of_host().kept(keep),
        _ => crate::dir::Keep {
            mode: 0o644,
            ..crate::dir::Keep::default()
        },
    };
    crate::write::atomically(&dir, name, pinned.as_bytes(), &keep).map_err(failure)?;
    let mut printed = String::new();
    for note in &notes {
        printed.push_str(&format!(
            "pinned {}\n",
            note.trim_end_matches(" not pinned")
        ));
    }
    crate::render::print(&printed)
}
