//! DNS names: the search domains of DNSSL.

use std::fmt;

use crate::Error;

/// A DNS name: the vocabulary's [`HostName`](vocabulary::HostName) (letter-digit-hyphen labels, at most
/// 253 characters, no trailing dot, lowercase), and read by radvd as a name: not a number (`2`,
/// `1.5`) nor one of its keywords (`on`, `high`, ... in any case).
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
        let host = vocabulary::HostName::new(text).map_err(|e| match e {
            vocabulary::Error::InvalidHostName { reason, .. } => invalid(reason),
            _ => invalid("it is not a host name"),
        })?;
        if let Some(reason) = crate::word::not_a_word(text) {
            return Err(invalid(reason));
        }
        Ok(Name(host.into()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

vocabulary::string_conversions!(Name, Error, Name::new);

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
