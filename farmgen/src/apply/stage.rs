//! The staging tree: the node's rendered files written beside the live tree, to be checked before any
//! live file is touched.

use std::ffi::OsStr;
use std::path::PathBuf;

use farm_model::Contents;

use crate::dir::Dir;
use crate::owner::Ids;

/// The staging tree's name in the root.
pub const STAGE: &str = ".farmgen-stage";

/// A staging tree, removed when dropped.
#[derive(Debug)]
pub struct Stage<'a> {
    root: &'a Dir,
    /// Its path.
    pub path: PathBuf,
}

impl<'a> Stage<'a> {
    /// Writes `files` (paths under the tree) into `root`/[`STAGE`], each owned as on the node, replacing a
    /// staging tree a killed run left.
    pub fn write(root: &'a Dir, files: &[(String, Contents)]) -> std::io::Result<Stage<'a>> {
        root.remove_tree(OsStr::new(STAGE))?;
        let ids = Ids::of_host();
        let tree = crate::write::Tree::first(root, STAGE, files, &ids);
        crate::write::write(&[tree], &|path| ids.folder(path))?;
        Ok(Stage {
            root,
            path: root.path().join(STAGE),
        })
    }
}

impl Drop for Stage<'_> {
    fn drop(&mut self) {
        let _ = self.root.remove_tree(OsStr::new(STAGE));
    }
}
