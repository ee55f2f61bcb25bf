//! Interface names.

use crate::Error;

/// A Linux network interface name, with an optional alias label (`lo:1`): at most 15 bytes in all, the name
/// of ASCII letters, digits, `.`, `_` and `-` (not `.` or `..`), the label of letters and digits. Nothing in
/// it can end a token in an interfaces file or be misread by a shell.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct InterfaceName(String);

impl InterfaceName {
    /// Checks `name`.
    pub fn new(name: &str) -> Result<InterfaceName, Error> {
        let invalid = |reason| Error::InvalidInterface {
            name: name.to_owned(),
            reason,
        };
        if name.len() > 15 {
            return Err(invalid("Linux allows at most 15 bytes"));
        }
        let (base, label) = match name.split_once(':') {
            Some((base, label)) => (base, Some(label)),
            None => (name, None),
        };
        if base.is_empty() && label.is_some() {
            return Err(invalid("the name before any `:` must be a real name"));
        }
        vocabulary::check_interface_name(base).map_err(invalid)?;
        if let Some(label) = label
            && (label.is_empty() || !label.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err(invalid("an alias label after `:` is letters and digits"));
        }
        Ok(InterfaceName(name.to_owned()))
    }

    /// Whether it is an alias (`lo:1`).
    pub fn is_alias(&self) -> bool {
        self.0.contains(':')
    }
}

vocabulary::checked_string!(InterfaceName, Error, InterfaceName::new);
