//! Network interface names and shared network names.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// A Linux network interface name: 1 to 15 bytes of ASCII letters, digits, `.`, `_` and `-`, not `.` or
/// `..` (Linux also refuses `/`, `:` and white space; the rest is kept out so that the name needs no quoting
/// anywhere).
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
        if !safe(name) {
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

fn safe(name: &str) -> bool {
    name.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

crate::string_conversions!(InterfaceName);

impl fmt::Display for InterfaceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name of a shared network: 1 to 64 bytes of ASCII letters, digits, `.`, `_` and `-` (a farm names it
/// after its bridge).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct NetworkName(String);

impl NetworkName {
    /// Checks `name`.
    pub fn new(name: &str) -> Result<NetworkName, Error> {
        let invalid = |reason| Error::InvalidNetworkName {
            name: name.to_owned(),
            reason,
        };
        if name.is_empty() {
            return Err(invalid("it is empty"));
        }
        if name.len() > 64 {
            return Err(invalid("it is over 64 bytes long"));
        }
        if !safe(name) {
            return Err(invalid(
                "only ASCII letters, digits, `.`, `_` and `-` are allowed",
            ));
        }
        Ok(NetworkName(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<InterfaceName> for NetworkName {
    /// A shared network named after its interface (an interface name is always a network name).
    fn from(name: InterfaceName) -> NetworkName {
        NetworkName(name.0)
    }
}

crate::string_conversions!(NetworkName);

impl fmt::Display for NetworkName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
