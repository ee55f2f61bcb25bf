//! Names: host declarations, `domain-name`, `domain-search`, fixed addresses given by name.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// A DNS name as dhcpd writes it: letter-digit-hyphen labels of 1 to 63 characters (no `-` at either end)
/// joined by dots, at most 253 characters, no trailing dot; lowercase. Nothing in it needs quoting or
/// escaping, so it is safe as a host declaration's name and inside `"..."`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

impl Name {
    /// Checks `text`.
    pub fn new(text: &str) -> Result<Name, Error> {
        let invalid = |reason| Error::InvalidName {
            name: text.to_owned(),
            reason,
        };
        if text.is_empty() {
            return Err(invalid("it is empty"));
        }
        if text.len() > 253 {
            return Err(invalid("it is over 253 characters long"));
        }
        for label in text.split('.') {
            if label.is_empty() {
                return Err(invalid(
                    "it has an empty label (a dot at either end, or two in a row)",
                ));
            }
            if label.len() > 63 {
                return Err(invalid("a label is over 63 characters long"));
            }
            if !label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return Err(invalid("a label holds only letters, digits and `-`"));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(invalid("a label starts or ends with `-`"));
            }
        }
        Ok(Name(text.to_ascii_lowercase()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Name {
    type Err = Error;
    fn from_str(s: &str) -> Result<Name, Error> {
        Name::new(s)
    }
}

impl TryFrom<String> for Name {
    type Error = Error;
    fn try_from(s: String) -> Result<Name, Error> {
        Name::new(&s)
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
