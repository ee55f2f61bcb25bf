//! Paths: defaults are relative to the workspace root, paths given on the command line to the current
//! folder.

use std::path::{Path, PathBuf};

/// The workspace root (the folder above xtask's).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// `path` as given when it exists from the current folder, is absolute, or is not under the workspace
/// root either (so that a message names it as typed); else relative to the workspace root (so the
/// defaults work from any folder of the workspace).
pub fn resolve(path: PathBuf) -> PathBuf {
    if path.is_absolute() || path.exists() {
        return path;
    }
    let in_root = root().join(&path);
    if in_root.exists() { in_root } else { path }
}

/// The output folder: as given when absolute or when its parent exists from the current folder; the
/// default `rendered` goes under the workspace root.
pub fn resolve_out(path: PathBuf) -> PathBuf {
    if path.is_absolute() || path.exists() || path != Path::new("rendered") {
        path
    } else {
        root().join(path)
    }
}
