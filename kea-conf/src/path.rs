//! File paths: the lease file, the control socket, a log file.

use std::fmt;

use crate::Error;

/// An absolute file path: no `..` component, no control character, at most 4095 bytes (Linux's `PATH_MAX`
/// less its NUL).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct FilePath(String);

impl FilePath {
    /// Checks `path`.
    pub fn new(path: &str) -> Result<FilePath, Error> {
        let invalid = |reason| Error::InvalidPath {
            path: path.to_owned(),
            reason,
        };
        if !path.starts_with('/') {
            return Err(invalid("it must be absolute"));
        }
        if path.len() > 4095 {
            return Err(invalid("it is over 4095 bytes long"));
        }
        if path.chars().any(char::is_control) {
            return Err(invalid("it holds a control character"));
        }
        if path.split('/').any(|c| c == "..") {
            return Err(invalid("it has a `..` component"));
        }
        if path.ends_with('/') {
            return Err(invalid("it names a folder (it ends with `/`)"));
        }
        Ok(FilePath(path.to_owned()))
    }

    /// The path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

vocabulary::string_conversions!(FilePath, Error, FilePath::new);

impl fmt::Display for FilePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
