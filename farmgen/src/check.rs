//! `farmgen check`: the farm rendered into a temporary folder, every file checked by its daemon.

use std::path::Path;

use checkers::Verdict;
use farm_model::Contents;

use crate::Failure;

pub fn run(plan: &Path) -> Result<(), Failure> {
    let (farm, _, plan_name) = crate::render::load(plan)?;
    let today = crate::render::today()?;
    let dir = tempfile_dir()?;
    let files = crate::render::files(&farm, &plan_name, today, dir.path(), None)?;
    for (path, contents) in &files {
        match contents {
            Contents::Text(text) => crate::write::atomically(path, text.as_bytes()),
            Contents::Link(target) => crate::write::link_atomically(path, target),
        }
        .map_err(|e| Failure::Other(e.to_string()))?;
    }
    let mut failed = 0;
    let mut total = 0;
    for node in &farm.plan.nodes {
        let node = node.name.to_string();
        for check in checkers::check_tree(&dir.path().join(&node)) {
            total += 1;
            let what = format!("{node} {} ({})", check.file, check.tool);
            match check.result {
                Ok(Verdict::Passed { .. }) => println!("ok       {what}"),
                Ok(_) => println!("skipped  {what}: {} is not installed", check.tool),
                Err(failure) => {
                    failed += 1;
                    println!("FAILED   {what}\n{failure}");
                }
            }
        }
    }
    println!("{} passed, {failed} failed", total - failed);
    if failed > 0 {
        return Err(Failure::Other(format!("{failed} check(s) failed")));
    }
    Ok(())
}

fn tempfile_dir() -> Result<tempfile::TempDir, Failure> {
    tempfile::Builder::new()
        .prefix("farmgen-check-")
        .tempdir()
        .map_err(|e| Failure::Other(format!("a temporary folder: {e}")))
}
