//! Writing files atomically: a temporary file in the same folder, then a rename.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The folder of `path` (created) and the temporary name beside it that a rename makes `path`.
fn beside(path: &Path) -> std::io::Result<PathBuf> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs_err::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(dir.join(format!(".{name}.farmgen-tmp")))
}

/// Writes `bytes` to `path` so that a reader sees either the old file or the new one, never a part.
pub fn atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = beside(path)?;
    let mut file = fs_err::File::create(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    if let Ok(meta) = fs_err::metadata(path) {
        fs_err::set_permissions(&temp, meta.permissions())?;
    }
    fs_err::rename(&temp, path)
}

/// Makes `path` a symbolic link to `target`, replacing what is there in one rename.
pub fn link_atomically(path: &Path, target: &str) -> std::io::Result<()> {
    let temp = beside(path)?;
    let _ = std::fs::remove_file(&temp);
    std::os::unix::fs::symlink(target, &temp)?;
    fs_err::rename(&temp, path)
}
