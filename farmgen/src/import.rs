//! `farmgen import`: a farm built by hand turned into a plan. The node's files are read under the root
//! folder, each opened one folder at a time without following a link (so nothing outside the root is
//! read), each a regular file of at most [`LIMIT`] bytes; the plan goes to standard output, the notes to
//! standard error.

use std::io::Read as _;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

use farm_model::import::Tree;
use rustix::fs::{FileType, Mode, OFlags};
use rustix::io::Errno;

use crate::Failure;

/// The largest file read: a hand-written configuration file is far smaller.
pub const LIMIT: u64 = 4 << 20;

/// The files under a root folder.
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

    /// The folder `path` (relative, `/`-separated) opened beneath the root, no link followed; `None` when
    /// it is not there.
    fn open_dir(&self, parts: &[&str]) -> Result<Option<OwnedFd>, String> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let mut dir = match rustix::fs::open(&self.dir, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(e) => return Err(format!("{}: {e}", self.dir.display())),
        };
        for (k, part) in parts.iter().enumerate() {
            if part.is_empty() || *part == "." || *part == ".." {
                return Err(format!("{}: not a plain path", parts.join("/")));
            }
            dir = match rustix::fs::openat(&dir, *part, flags | OFlags::NOFOLLOW, Mode::empty()) {
                Ok(fd) => fd,
                Err(Errno::NOENT) => return Ok(None),
                Err(Errno::LOOP | Errno::NOTDIR) => {
                    return Err(format!(
                        "{}: a link or not a folder; not followed",
                        parts[..=k].join("/")
                    ));
                }
                Err(e) => return Err(format!("{}: {e}", parts[..=k].join("/"))),
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
        let Some(dir) = self.open_dir(folders)? else {
            return Ok(None);
        };
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
        let fd = match rustix::fs::openat(&dir, *name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => return Ok(None),
            Err(Errno::LOOP) => return Err("a link; not followed".into()),
            Err(e) => return Err(e.to_string()),
        };
        let stat = rustix::fs::fstat(&fd).map_err(|e| e.to_string())?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            return Err("not a regular file".into());
        }
        if u64::try_from(stat.st_size).unwrap_or(u64::MAX) > LIMIT {
            return Err(format!("larger than {LIMIT} bytes"));
        }
        let mut bytes = Vec::new();
        std::fs::File::from(fd)
            .take(LIMIT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > LIMIT {
            return Err(format!("larger than {LIMIT} bytes"));
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| "not UTF-8 text".into())
    }

    fn list(&self, path: &str) -> Result<Vec<String>, String> {
        let parts: Vec<&str> = path.split('/').collect();
        let Some(dir) = self.open_dir(&parts)? else {
            return Ok(Vec::new());
        };
        let entries = rustix::fs::Dir::read_from(&dir).map_err(|e| e.to_string())?;
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name != "." && name != ".." {
                names.push(name);
            }
        }
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
