//! Shared network names.

use std::fmt;

use crate::{Error, InterfaceName};

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
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        {
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
        NetworkName(name.into())
    }
}

vocabulary::string_conversions!(NetworkName, Error, NetworkName::new);

impl fmt::Display for NetworkName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
