//! The staging tree: the node's rendered files written beside the live tree (under
//! `ROOT/var/lib/farmgen/stage`), to be checked before any live file is touched.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use farm_model::Contents;

use crate::dir::Dir;
use crate::owner::Ids;

/// The folder, under the root, that holds the staging tree.
pub const STATE: &str = "var/lib/farmgen";

/// The staging tree's name in [`STATE`].
pub const STAGE: &str = "stage";

/// A staging tree, removed when dropped.
#[derive(Debug)]
pub struct Stage {
    state: Dir,
    /// Its path.
    pub path: PathBuf,
}

impl Stage {
    /// Writes `files` (paths under the tree) into `root`/[`STATE`]/[`STAGE`], each owned as on the node,
    /// replacing a staging tree a killed run left.
    pub fn write(root: &Dir, files: &[(String, Contents)]) -> std::io::Result<Stage> {
        let state = root
            .descend(Path::new(STATE), Some(0o755))?
            .ok_or_else(|| std::io::Error::other(format!("{STATE}: not made")))?;
        state.remove_tree(OsStr::new(STAGE))?;
        let ids = Ids::of_host();
        let tree = crate::write::Tree::first(&state, STAGE, files, &ids);
        crate::write::write(&[tree], &|path| ids.folder(path))?;
        let path = state.path().join(STAGE);
        Ok(Stage { state, path })
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = self.state.remove_tree(OsStr::new(STAGE));
    }
}
