//! Network interface names.

use crate::Error;

/// A Linux network interface name: 1 to 15 bytes of ASCII letters, digits, `.`, `_` and `-`, not `.` or
/// `..` (Linux also refuses `/`, `:` and white space; the rest is kept out so that the name needs no quoting
/// anywhere), and read by radvd as a name: not a number (`2`, `1.5`) nor one of its keywords (`prefix`,
/// `on`, ... in any case).
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
        vocabulary::check_interface_name(name).map_err(invalid)?;
        if let Some(reason) = crate::word::not_a_word(name) {
            return Err(invalid(reason));
        }
        Ok(InterfaceName(name.to_owned()))
    }
}

vocabulary::checked_string!(InterfaceName, Error, InterfaceName::new);
