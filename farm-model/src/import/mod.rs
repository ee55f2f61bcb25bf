//! Import: a farm built by hand turned into a plan. The files of one node (as they lie under `/`) are read
//! by the format crates' lenient readers, mapped onto a [`Plan`](crate::Plan) (which A records are the
//! name server, the cluster, the node and the VMs; the networks from the bridge's routes; the forwards
//! from DNAT rules; the sites from nginx servers; the resources from the Ganeti commands), and written as
//! a plan's TOML with a comment on every value saying where it came from. Whatever the plan cannot say is
//! a [`Note`] at its place, so that nothing is dropped silently. The plan is loaded through
//! [`load`](crate::load) before it is given back: a plan that does not load is an error, not a result.
//!
//! Reading files is the caller's: a [`Tree`] gives their text (farmgen reads a folder, bounded and
//! without following links; tests give a map).

mod files;
mod map;
mod toml;
mod vms;

use std::collections::BTreeMap;
use std::fmt;

use crate::Plan;

/// The files of a node, by their path under `/` (`etc/bind/db.farm`, no leading `/`).
pub trait Tree {
    /// The text of the file at `path`; `None` when there is none. An error for a file that is there but
    /// refused (too large, not a regular file, a link, not UTF-8).
    fn read(&self, path: &str) -> Result<Option<String>, String>;
    /// The names of the files in the folder `path`, sorted; empty when there is no such folder.
    fn list(&self, path: &str) -> Result<Vec<String>, String>;
}

impl Tree for BTreeMap<String, String> {
    fn read(&self, path: &str) -> Result<Option<String>, String> {
        Ok(self.get(path).cloned())
    }

    fn list(&self, path: &str) -> Result<Vec<String>, String> {
        let prefix = format!("{path}/");
        Ok(self
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter(|rest| !rest.contains('/'))
            .map(str::to_owned)
            .collect())
    }
}

/// Something the plan cannot say, at its place in a file: `etc/bind/db.farm:14: note: ...`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The file, as it lies under `/`.
    pub file: String,
    /// Its line (from 1); 0 for the file as a whole.
    pub line: usize,
    /// What was not taken, and why.
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: note: {}", self.file, self.message),
            n => write!(f, "{}:{n}: note: {}", self.file, self.message),
        }
    }
}

/// Why a farm could not be imported: a file's syntax, a refused value, a fact missing: `file:line:col:
/// error: ...`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImportError {
    /// The file, as it lies under `/`.
    pub file: String,
    /// Its line (from 1); 0 for the file as a whole.
    pub line: usize,
    /// Its column (from 1); 0 when the line is enough.
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.col) {
            (0, _) => write!(f, "{}: error: {}", self.file, self.message),
            (n, 0) => write!(f, "{}:{n}: error: {}", self.file, self.message),
            (n, c) => write!(f, "{}:{n}:{c}: error: {}", self.file, self.message),
        }
    }
}

/// An imported farm.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The plan.
    pub plan: Plan,
    /// Its text (TOML), every value with a comment saying where it came from.
    pub text: String,
    /// What the plan does not say, in file and line order.
    pub notes: Vec<Note>,
}

/// Imports the farm whose node's files `tree` holds; `node` is the node's name when the files do not say
/// it. Every error of every file at once, or the plan, loaded and checked, with its notes.
pub fn import(tree: &dyn Tree, node: Option<&str>) -> Result<Imported, Vec<ImportError>> {
    let files = files::read_all(tree)?;
    let mut mapped = map::map(&files, node)?;
    let text = toml::write(&mapped.plan, &mapped.sources);
    let farm = crate::load(&text, crate::Format::Toml, "imported.toml").map_err(|report| {
        vec![ImportError {
            file: "imported plan".into(),
            line: 0,
            col: 0,
            message: format!(
                "the files make a plan that does not load; the plan and why:\n{text}\n{report}"
            ),
        }]
    })?;
    let candidates = std::mem::take(&mut mapped.candidates);
    files::unrendered_notes(tree, &files, &farm, candidates, &mut mapped.notes);
    mapped.notes.sort();
    mapped.notes.dedup();
    Ok(Imported {
        plan: mapped.plan,
        text,
        notes: mapped.notes,
    })
}
