//! `farmgen pin`: the allocation written into the plan.

use std::path::Path;

use crate::Failure;

pub fn run(plan: &Path) -> Result<(), Failure> {
    let text = fs_err::read_to_string(plan).map_err(|e| Failure::Other(e.to_string()))?;
    let format = farm_model::Format::of_path(plan);
    let name = plan.file_name().map_or_else(
        || plan.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let farm = farm_model::load(&text, format, &name)
        .map_err(|report| Failure::Plan(report.to_string()))?;
    let notes = farm.unpinned();
    if notes.is_empty() {
        println!(
            "{}: every address and MAC is pinned already",
            plan.display()
        );
        return Ok(());
    }
    let pinned = farm_model::pin(&text, format, &farm).map_err(Failure::Other)?;
    crate::write::atomically(plan, pinned.as_bytes()).map_err(|e| Failure::Other(e.to_string()))?;
    for note in &notes {
        println!("pinned {}", note.trim_end_matches(" not pinned"));
    }
    Ok(())
}
