//! Writing files atomically: a temporary file in the same folder, then a rename.

use std::io::Write as _;
use std::path::{Path, PathBuf};

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
    let mut file = fs_err::File::create(&temp)?;
    file.write_all(bytes)?;
    if sync || !cfg!(target_os = "linux") {
        file.sync_all()?;
    }
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
    let mut file = fs_err::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    if sync || !cfg!(target_os = "linux") {
        file.sync_all()?;
    }
    Ok(())
}

/// Makes a link to `target` beside `path`, or at `path` itself when the caller has just seen nothing there
/// (`None`: done, making a link is atomic in itself).
pub fn stage_link(path: &Path, target: &str, may_exist: bool) -> std::io::Result<Option<Staged>> {
    let create = |at: &Path| {
        std::os::unix::fs::symlink(target, at)
            .map_err(|e| std::io::Error::new(e.kind(), format!("creating {}: {e}", at.display())))
    };
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
