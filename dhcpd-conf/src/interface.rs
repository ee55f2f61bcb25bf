//! Network interface names.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// A Linux network interface name: 1 to 15 bytes of ASCII letters, digits, `.`, `_` and `-`, not `.` or
/// `..`. Safe between the quotes of a shell assignment.
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
        if name.is_empty() {
            return Err(invalid("it is empty"));
        }
        if name.len() > 15 {
            return Err(invalid("Linux allows at most 15 bytes"));
        }
        if name == "." || name == ".." {
            return Err(invalid("`.` and `..` are not names"));
        }
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        {
            return Err(invalid(
                "only ASCII letters, digits, `.`, `_` and `-` are allowed",
            ));
        }
        Ok(InterfaceName(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for InterfaceName {
    type Err = Error;
    fn from_str(s: &str) -> Result<InterfaceName, Error> {
        InterfaceName::new(s)
    }
}

impl TryFrom<String> for InterfaceName {
    type Error = Error;
    fn try_from(s: String) -> Result<InterfaceName, Error> {
        InterfaceName::new(&s)
    }
}

impl From<InterfaceName> for String {
    fn from(n: InterfaceName) -> String {
        n.0
    }
}

impl fmt::Display for InterfaceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
