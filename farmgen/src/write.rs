//! Writing files atomically: a temporary file in the same folder, then a rename; and a render's whole tree
//! at once ([`write_all`]), on every core.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use farm_model::Contents;

/// The folder of `path`.
fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The temporary name beside `path` that a rename makes `path`.
fn beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder(path).join(format!(".{name}.farmgen-tmp"))
}

/// Writes `bytes` to `path` so that a reader sees either the old file or the new one, never a part; creates
/// the folder. For one file (`pin`, `check`); a render writes its many through [`stage`], [`flush`] and
/// [`commit`].
pub fn atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    fs_err::create_dir_all(folder(path))?;
    let staged = stage(path, bytes, true, true)?;
    commit(&staged)
}

/// Makes `path` a symbolic link to `target`, replacing what is there in one rename; creates the folder.
pub fn link_atomically(path: &Path, target: &str) -> std::io::Result<()> {
    fs_err::create_dir_all(folder(path))?;
    match stage_link(path, target, true)? {
        Some(staged) => commit(&staged),
        None => Ok(()),
    }
}

/// A file written beside its path under a temporary name, to be renamed over it by [`commit`].
#[derive(Debug)]
pub struct Staged {
    temp: PathBuf,
    path: PathBuf,
}

/// Writes `bytes` beside `path` (whose folder exists), keeping the permissions of what is there if
/// `may_exist`; nothing at `path` changes until [`commit`]. The data is made durable here (`fsync`) if
/// `sync`, else by one [`flush`] of the filesystems before the commits.
pub fn stage(path: &Path, bytes: &[u8], may_exist: bool, sync: bool) -> std::io::Result<Staged> {
    let temp = beside(path);
    fill(fs_err::File::create(&temp)?, bytes, sync)?;
    if may_exist && let Ok(meta) = std::fs::metadata(path) {
        fs_err::set_permissions(&temp, meta.permissions())?;
    }
    Ok(Staged {
        temp,
        path: path.to_path_buf(),
    })
}

/// Writes `bytes` to a new file at `path` (whose folder exists; nothing may be there), made durable here
/// if `sync`: for a tree that readers see only once it is whole.
pub fn create(path: &Path, bytes: &[u8], sync: bool) -> std::io::Result<()> {
    let file = fs_err::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    fill(file, bytes, sync)
}

/// Writes `bytes` into a file just made, and makes them durable if `sync` (or where no `syncfs` will).
fn fill(mut file: fs_err::File, bytes: &[u8], sync: bool) -> std::io::Result<()> {
    file.write_all(bytes)?;
    if sync || !cfg!(target_os = "linux") {
        file.sync_all()?;
    }
    Ok(())
}

/// Makes a link to `target` at `path`, where nothing may be (making a link is atomic in itself).
pub fn create_link(path: &Path, target: &str) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, path)
        .map_err(|e| std::io::Error::new(e.kind(), format!("creating {}: {e}", path.display())))
}

/// Makes a link to `target` beside `path`, or at `path` itself when the caller has just seen nothing there
/// (`None`: done, see [`create_link`]).
pub fn stage_link(path: &Path, target: &str, may_exist: bool) -> std::io::Result<Option<Staged>> {
    let create = |at: &Path| create_link(at, target);
    if !may_exist {
        match create(path) {
            Ok(()) => return Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    let temp = beside(path);
    if let Err(e) = create(&temp) {
        if e.kind() != std::io::ErrorKind::AlreadyExists {
            return Err(e);
        }
        // A render killed before its rename left the temporary link: replace it.
        fs_err::remove_file(&temp)?;
        create(&temp)?;
    }
    Ok(Some(Staged {
        temp,
        path: path.to_path_buf(),
    }))
}

/// Makes every file staged without `sync` in `folders` durable before any is renamed: one `syncfs` per
/// folder (a folder on a filesystem already flushed costs little). It writes out whatever else is waiting
/// on those filesystems too, so it pays only for many files. Not Linux: nothing to do, [`stage`] synced
/// each file.
pub fn flush(folders: &[&Path]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    for folder in folders {
        let dir = fs_err::File::open(folder)?;
        rustix::fs::syncfs(dir.file()).map_err(|e| {
            let e = std::io::Error::from(e);
            std::io::Error::new(e.kind(), format!("syncfs {}: {e}", folder.display()))
        })?;
    }
    #[cfg(not(target_os = "linux"))]
    let _ = folders;
    Ok(())
}

/// Renames a staged file over its path.
pub fn commit(staged: &Staged) -> std::io::Result<()> {
    fs_err::rename(&staged.temp, &staged.path)
}

/// Removes a staged file that will not be committed.
pub fn discard(staged: &Staged) {
    let _ = std::fs::remove_file(&staged.temp);
}

/// Makes the renames into `folders` durable.
pub fn sync_folders(folders: &[&Path]) -> std::io::Result<()> {
    for folder in folders {
        fs_err::File::open(folder)?.sync_all()?;
    }
    Ok(())
}

/// From this many changed files on, their data is made durable by one `syncfs` per filesystem instead of
/// a `fsync` each (20,017 files: seconds on a disk). Below, a `fsync` each: a `syncfs` also writes out
/// whatever else waits on the filesystem (a build's files: most of a second, measured).
pub const SYNC_AT_ONCE: usize = 512;

/// The folder a node's tree is written into when nothing is at its place yet: beside it, renamed into
/// place whole once every file is written.
pub fn new_tree(root: &Path) -> PathBuf {
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    root.with_file_name(format!(".{name}.farmgen-new"))
}

/// Whether `name` is a folder [`new_tree`] made, left by a render that did not finish.
pub fn is_new_tree(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".farmgen-new")
}

/// The roots of nodes that have no folder in `out` yet (`OUT/<node>`, never `OUT` itself): their trees are
/// written whole beside them and renamed into place, one rename instead of one per file.
pub fn new_roots(
    out: &Path,
    node: Option<&str>,
    changed: &[(&PathBuf, &Contents, bool)],
) -> Vec<PathBuf> {
    if node.is_some() {
        return Vec::new();
    }
    let roots: BTreeSet<PathBuf> = changed
        .iter()
        .filter_map(|(path, _, _)| path.strip_prefix(out).ok()?.components().next())
        .map(|first| out.join(first))
        .collect();
    roots
        .into_iter()
        .filter(|root| std::fs::symlink_metadata(root).is_err())
        .collect()
}

/// The folder of `path`, as text (comparing `Path`s parses them).
fn folder_of(path: &Path) -> Option<&std::ffi::OsStr> {
    path.parent().map(Path::as_os_str)
}

/// How many files of one folder a thread writes at a time.
const FOLDER_TURN: usize = 64;

/// The changed files (sorted by path) cut into runs of at most [`FOLDER_TURN`] files of one folder, the
/// folders taking turns (a run of `sites-available`, a run of `sites-enabled`, ...): threads taking the next
/// run work in different folders, instead of waiting on each other for the same folder's lock.
fn folder_turns(changed: &[(&PathBuf, &Contents, bool)]) -> Vec<std::ops::Range<usize>> {
    let mut folders: Vec<Vec<std::ops::Range<usize>>> = Vec::new();
    let mut start = 0;
    for i in 1..=changed.len() {
        let same = changed
            .get(i)
            .is_some_and(|(p, _, _)| folder_of(p) == folder_of(changed[start].0));
        if !same || i - start == FOLDER_TURN {
            let folder = folder_of(changed[start].0);
            match folders.iter_mut().find(|runs| {
                runs.first()
                    .is_some_and(|r| folder_of(changed[r.start].0) == folder)
            }) {
                Some(runs) => runs.push(start..i),
                None => folders.push(std::iter::once(start..i).collect()),
            }
            start = i;
        }
    }
    let longest = folders.iter().map(Vec::len).max().unwrap_or(0);
    (0..longest)
        .flat_map(|turn| {
            folders
                .iter()
                .filter_map(move |runs| runs.get(turn).cloned())
        })
        .collect()
}

/// Writes every changed file so that each is wholly old or wholly new whatever happens (files are
/// independent, so the order does not matter). A node with no folder yet gets its whole tree written
/// beside its place and renamed into it at the end. Every other file is written beside its path and
/// renamed over it. Files are written on every core and made durable (a `fsync` each, or one `syncfs` for
/// many) before any rename; the folders are synced last. Folders are created first, once each.
pub fn write_all(changed: &[(&PathBuf, &Contents, bool)], new: &[PathBuf]) -> std::io::Result<()> {
    // Where each file is written first: its path, or its path in its node's new tree.
    let written_at = |path: &Path| -> Option<PathBuf> {
        new.iter().find_map(|root| {
            let rest = path.strip_prefix(root).ok()?;
            Some(new_tree(root).join(rest))
        })
    };
    for root in new {
        let tree = new_tree(root);
        if std::fs::symlink_metadata(&tree).is_ok() {
            fs_err::remove_dir_all(&tree)?;
        }
    }
    let folders: Vec<&Path> = changed
        .iter()
        .filter_map(|(p, _, _)| p.parent())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // Each folder where its files are written first.
    let made: Vec<PathBuf> = folders
        .iter()
        .map(|folder| written_at(folder).unwrap_or_else(|| folder.to_path_buf()))
        .collect();
    for folder in &made {
        fs_err::create_dir_all(folder)?;
    }
    let each = changed.len() < SYNC_AT_ONCE;
    let turns = folder_turns(changed);
    let parts = farm_model::in_turns(farm_model::threads(), turns.len(), |k| {
        let part = &changed[turns[k].clone()];
        let mut staged = Vec::with_capacity(part.len());
        for (path, contents, exists) in part {
            let done = match (written_at(path), contents) {
                (Some(at), Contents::Text(text)) => {
                    create(&at, text.as_bytes(), each).map(|()| None)
                }
                (Some(at), Contents::Link(target)) => create_link(&at, target).map(|()| None),
                (None, Contents::Text(text)) => {
                    stage(path, text.as_bytes(), *exists, each).map(Some)
                }
                (None, Contents::Link(target)) => stage_link(path, target, *exists),
            };
            match done {
                Ok(Some(s)) => staged.push(s),
                Ok(None) => {}
                Err(e) => return (staged, Some(e)),
            }
        }
        (staged, None)
    });
    let mut staged = Vec::with_capacity(changed.len());
    let mut error = None;
    for (part, e) in parts {
        staged.extend(part);
        error = error.or(e);
    }
    let trees: Vec<PathBuf> = new.iter().map(|root| new_tree(root)).collect();
    let made: Vec<&Path> = made.iter().map(PathBuf::as_path).collect();
    // The data made durable before any rename, and the new trees' folders with it.
    let flush = || {
        if each {
            let in_trees: Vec<&Path> = made
                .iter()
                .flat_map(|f| f.ancestors())
                .filter(|f| trees.iter().any(|t| f.starts_with(t)))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            sync_folders(&in_trees).err()
        } else {
            flush(&made).err()
        }
    };
    if let Some(e) = error.map_or_else(flush, Some) {
        staged.iter().for_each(discard);
        for tree in &trees {
            let _ = std::fs::remove_dir_all(tree);
        }
        return Err(e);
    }
    for (root, tree) in new.iter().zip(&trees) {
        fs_err::rename(tree, root)?;
    }
    let renamed = farm_model::on_cores(&staged, |_, part| part.iter().try_for_each(commit));
    renamed.into_iter().collect::<std::io::Result<()>>()?;
    let mut synced = folders;
    synced.extend(new.iter().filter_map(|root| root.parent()));
    sync_folders(&synced)
}

#[cfg(test)]
mod tests {
    use super::{FOLDER_TURN, folder_turns};
    use farm_model::Contents;
    use std::path::PathBuf;

    /// Every file once, in runs of one folder each, the folders taking turns.
    #[test]
    fn folders_take_turns() {
        let paths: Vec<PathBuf> = (0..130)
            .map(|i| PathBuf::from(format!("a/{i:03}")))
            .chain((0..70).map(|i| PathBuf::from(format!("b/{i:03}"))))
            .chain([PathBuf::from("c")])
            .collect();
        let contents = Contents::Text(String::new());
        let changed: Vec<_> = paths.iter().map(|p| (p, &contents, false)).collect();
        let turns = folder_turns(&changed);
        let n = FOLDER_TURN;
        assert_eq!(
            turns,
            [
                0..n,
                130..130 + n,
                200..201,
                n..2 * n,
                130 + n..200,
                2 * n..130
            ]
        );
    }
}
