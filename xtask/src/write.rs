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
/// the folder.
pub fn atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    fs_err::create_dir_all(folder(path))?;
    replace(path, bytes, true)
}

/// [`atomically`] into a folder that exists. `may_exist`: whether a file may be at `path`, whose permissions
/// the new one keeps (false when the caller has just seen that nothing is there: one look-up less).
pub fn replace(path: &Path, bytes: &[u8], may_exist: bool) -> std::io::Result<()> {
    let temp = beside(path);
    let mut file = fs_err::File::create(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    if may_exist && let Ok(meta) = std::fs::metadata(path) {
        fs_err::set_permissions(&temp, meta.permissions())?;
    }
    fs_err::rename(&temp, path)
}

/// Makes `path` a symbolic link to `target`, replacing what is there in one rename; creates the folder.
pub fn link_atomically(path: &Path, target: &str) -> std::io::Result<()> {
    fs_err::create_dir_all(folder(path))?;
    replace_link(path, target, true)
}

/// [`link_atomically`] into a folder that exists. `may_exist`: whether something may be at `path`; when the
/// caller has just seen nothing there, the link is made in place (making a link is atomic in itself), and
/// through a temporary name only if something appeared meanwhile.
pub fn replace_link(path: &Path, target: &str, may_exist: bool) -> std::io::Result<()> {
    if !may_exist {
        match std::os::unix::fs::symlink(target, path) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("creating {}: {e}", path.display()),
                ));
            }
        }
    }
    let temp = beside(path);
    if let Err(e) = std::os::unix::fs::symlink(target, &temp) {
        if e.kind() != std::io::ErrorKind::AlreadyExists {
            return Err(std::io::Error::new(
                e.kind(),
                format!("creating {}: {e}", temp.display()),
            ));
        }
        // A render killed before its rename left the temporary link: replace it.
        fs_err::remove_file(&temp)?;
        std::os::unix::fs::symlink(target, &temp).map_err(|e| {
            std::io::Error::new(e.kind(), format!("creating {}: {e}", temp.display()))
        })?;
    }
    fs_err::rename(&temp, path)
}
