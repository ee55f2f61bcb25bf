//! `farmgen import`: a farm built by hand turned into a plan. The node's files are read under the root
//! folder, each opened one folder at a time without following a link (so nothing outside the root is
//! read), each a regular file of at most [`LIMIT`] bytes; the plan goes to standard output, the notes to
//! standard error.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use farm_model::import::Tree;

use crate::Failure;
use crate::dir::{Dir, Found, Read};

/// The largest file read: a hand-written configuration file is far smaller.
pub const LIMIT: u64 = 4 << 20;

/// The files under a root folder, reached through [`Dir`]: one folder at a time, no link followed.
#[derive(Debug)]
pub struct Root {
    dir: PathBuf,
}

impl Root {
    /// The files under `dir`.
    pub fn new(dir: &Path) -> Root {
        Root {
            dir: dir.to_path_buf(),
        }
    }

    /// The folder `parts` (a relative path's names) beneath the root, no link followed; `None` when it is
    /// not there.
    fn folder(&self, parts: &[&str]) -> Result<Option<Dir>, String> {
        let mut dir = Dir::open(&self.dir).map_err(|e| e.to_string())?;
        for (k, part) in parts.iter().enumerate() {
            let shown = || parts[..=k].join("/");
            if part.is_empty() || *part == "." || *part == ".." {
                return Err(format!("{}: not a plain path", parts.join("/")));
            }
            dir = match dir.find(*part) {
                // Missing to a look that may have been refused: opening tells nothing there from a
                // folder this user may not enter.
                Found::Missing | Found::Folder => match dir.folder(OsStr::new(part)) {
                    Ok(Some(next)) => next,
                    Ok(None) => return Ok(None),
                    Err(e) => return Err(e.to_string()),
                },
                _ => return Err(format!("{}: a link or not a folder; not followed", shown())),
            };
        }
        Ok(Some(dir))
    }
}

impl Tree for Root {
    fn read(&self, path: &str) -> Result<Option<String>, String> {
        let parts: Vec<&str> = path.split('/').collect();
        let Some((name, folders)) = parts.split_last() else {
            return Ok(None);
        };
        let Some(dir) = self.folder(folders)? else {
            return Ok(None);
        };
        if let Found::File { size, .. } = dir.find(*name)
            && size > LIMIT
        {
            return Err(format!("larger than {LIMIT} bytes"));
        }
        match dir.read(OsStr::new(name), LIMIT) {
            Read::Text { text, .. } => Ok(Some(text)),
            Read::Missing => Ok(None),
            Read::Link(..) => Err("a link; not followed".into()),
            Read::Folder => Err("not a regular file".into()),
            Read::Other(why) => Err(why),
        }
    }

    fn list(&self, path: &str) -> Result<Vec<String>, String> {
        let parts: Vec<&str> = path.split('/').collect();
        let Some(dir) = self.folder(&parts)? else {
            return Ok(Vec::new());
        };
        let mut names = dir.names().map_err(|e| e.to_string())?;
        names.sort();
        Ok(names)
    }
}

/// Imports the farm under `root`: the plan on standard output, the notes on standard error; every error
/// (exit 2) and nothing on standard output when a file cannot be read or understood.
pub fn run(root: &Path, node: Option<&str>) -> Result<(), Failure> {
    let tree = Root::new(root);
    match farm_model::import::import(&tree, node) {
        Ok(imported) => {
            for note in &imported.notes {
                eprintln!("{note}");
            }
            print!("{}", imported.text);
            Ok(())
        }
        Err(errors) => Err(Failure::Plan(
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )),
    }
}
