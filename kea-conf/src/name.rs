//! DNS names: reservations' hostnames, `domain-name`, `domain-search`.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// A DNS name: letter-digit-hyphen labels of 1 to 63 characters (no `-` at either end) joined by dots, at
/// most 253 characters, no trailing dot; lowercase.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

impl Name {
    /// Checks `text`, and lowercases it.
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

crate::string_conversions!(Name);

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
