//! The reloads a swap leaves to do, kept in the state folder (`var/lib/farmgen/pending-reloads`) from just
//! before the swap until the daemons are brought up to the files (or the old files are back): a run killed
//! in between leaves them, and the next run does them first, even when no file changes any more.

use std::ffi::OsStr;
use std::io;
use std::path::Path;

use super::daemon::{Action, Daemon};
use super::stage::STATE;
use crate::dir::{Dir, MANAGED_LIMIT, Read};

/// The file's name in the state folder.
pub const PENDING: &str = "pending-reloads";

/// The reloads a killed run left, if any.
pub fn read(root: &Dir) -> io::Result<Vec<(Daemon, Action)>> {
    let Some(state) = root.descend(Path::new(STATE), None)? else {
        return Ok(Vec::new());
    };
    let text = match state.read(OsStr::new(PENDING), MANAGED_LIMIT) {
        Read::Missing => return Ok(Vec::new()),
        Read::Text { text, .. } => text,
        _ => {
            return Err(io::Error::other(format!(
                "{}: not a file farmgen wrote; remove it by hand",
                state.shown(PENDING).display()
            )));
        }
    };
    text.lines()
        .map(|line| {
            let (d, a) = line.split_once(' ').unwrap_or((line, ""));
            Daemon::parse(d).zip(Action::parse(a)).ok_or_else(|| {
                io::Error::other(format!(
                    "{}: a line farmgen did not write: {line:?}",
                    state.shown(PENDING).display()
                ))
            })
        })
        .collect()
}

/// Records `actions` as pending, durably.
pub fn write(root: &Dir, actions: &[(Daemon, Action)]) -> io::Result<()> {
    let state = root
        .descend(Path::new(STATE), Some(0o755))?
        .ok_or_else(|| io::Error::other(format!("{STATE}: not made")))?;
    let text: String = actions
        .iter()
        .map(|(d, a)| format!("{} {}\n", d.name(), a.name()))
        .collect();
    let keep = crate::owner::Ids::of_host().file(&format!("{STATE}/{PENDING}"));
    crate::write::atomically(&state, OsStr::new(PENDING), text.as_bytes(), &keep)
}

/// Forgets the pending reloads: done.
pub fn clear(root: &Dir) -> io::Result<()> {
    if let Some(state) = root.descend(Path::new(STATE), None)?
        && state.find(PENDING) != crate::dir::Found::Missing
    {
        state.remove(OsStr::new(PENDING))?;
        state.sync()?;
    }
    Ok(())
}
