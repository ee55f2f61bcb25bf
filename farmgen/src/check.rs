//! `farmgen check`: the farm rendered into a temporary folder, every file checked by its daemon.

use std::path::Path;

use checkers::Verdict;

use crate::Failure;

pub fn run(plan: &Path) -> Result<(), Failure> {
    let (farm, _, plan_name) = crate::render::load(plan)?;
    let today = crate::render::today()?;
    let dir = tempfile_dir()?;
    let failure = |e: std::io::Error| Failure::Other(e.to_string());
    let top = crate::dir::Dir::open(dir.path()).map_err(failure)?;
    let trees = crate::render::trees(&farm, dir.path(), None, None)?;
    let files = crate::render::files(&farm, &plan_name, today, &trees)?;
    let ids = crate::owner::Ids::default();
    let work: Vec<crate::write::Tree<'_>> = trees
        .iter()
        .zip(&files)
        .map(|(tree, files)| crate::write::Tree::first(&top, &tree.node, files, &ids))
        .collect();
    crate::write::write(&work, &|path| ids.folder(path)).map_err(failure)?;
    let mut failed = 0;
    let mut total = 0;
    for node in &farm.plan.nodes {
        let node = node.name.to_string();
        for check in checkers::check_tree(&dir.path().join(&node)) {
            total += 1;
            let what = format!("{node} {} ({})", check.file, check.tool);
            match check.result {
                Ok(Verdict::Passed { .. }) => crate::render::print(&format!("ok       {what}\n"))?,
                Ok(_) => crate::render::print(&format!(
                    "skipped  {what}: {} is not installed\n",
                    check.tool
                ))?,
                Err(failure) => {
                    failed += 1;
                    crate::render::print(&format!("FAILED   {what}\n{failure}\n"))?;
                }
            }
        }
    }
    crate::render::print(&format!("{} passed, {failed} failed\n", total - failed))?;
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
