//! The plan's own checked values: identifiers and MACs.

use std::fmt;
use std::str::FromStr;

use macaddr::MacAddr6;

use crate::Error;

/// A name the plan gives to a network or a public address: a lowercase letter, then lowercase letters,
/// digits, `_` or `-`; at most 32 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct Ident(String);

impl Ident {
    /// Checks `text`.
    pub fn new(text: &str) -> Result<Ident, Error> {
        if !text.starts_with(|c: char| c.is_ascii_lowercase()) {
            return Err(Error::IdentStart(text.to_owned()));
        }
        if text.len() > 32
            || !text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        {
            return Err(Error::IdentChars(text.to_owned()));
        }
        Ok(Ident(text.to_owned()))
    }
}

vocabulary::checked_string!(Ident, Error, Ident::new);

/// A VM's MAC: six bytes written lowercase with colons (`52:54:fb:77:1e:82`), unicast and not all zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct Mac(MacAddr6);

impl Mac {
    /// Checks `mac`: unicast and not all zeros.
    pub fn new(mac: MacAddr6) -> Result<Mac, Error> {
        if mac.is_nil() {
            return Err(Error::MacZero);
        }
        if mac.is_multicast() {
            return Err(Error::MacMulticast(Mac(mac)));
        }
        Ok(Mac(mac))
    }

    /// The six bytes.
    pub fn get(self) -> MacAddr6 {
        self.0
    }
}

impl FromStr for Mac {
    type Err = Error;
    /// Six two-digit hexadecimal bytes separated by colons.
    fn from_str(s: &str) -> Result<Mac, Error> {
        let invalid = || Error::MacSyntax(s.to_owned());
        let mut bytes = [0u8; 6];
        let mut parts = s.split(':');
        for byte in &mut bytes {
            let part = parts.next().ok_or_else(invalid)?;
            if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(invalid());
            }
            *byte = u8::from_str_radix(part, 16).map_err(|_| invalid())?;
        }
        if parts.next().is_some() {
            return Err(invalid());
        }
        Mac::new(MacAddr6::from(bytes))
    }
}

impl From<Mac> for String {
    fn from(m: Mac) -> String {
        m.to_string()
    }
}

impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0.as_bytes();
        write!(
            f,
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            b[0], b[1], b[2], b[3], b[4], b[5]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{Error, Ident, Mac};

    #[test]
    fn refusals_name_their_rule() {
        assert_eq!(Ident::new("9a"), Err(Error::IdentStart("9a".into())));
        assert_eq!(Ident::new("a b"), Err(Error::IdentChars("a b".into())));
        assert_eq!("00:00:00:00:00:00".parse::<Mac>(), Err(Error::MacZero));
        assert!(matches!(
            "01:00:00:00:00:01".parse::<Mac>(),
            Err(Error::MacMulticast(_))
        ));
        assert_eq!(
            "52:54".parse::<Mac>(),
            Err(Error::MacSyntax("52:54".into()))
        );
        let mac: Mac = "52:54:fb:77:1e:82".parse().unwrap();
        assert_eq!(mac.to_string().parse::<Mac>(), Ok(mac));
        assert_eq!(Ident::new("vms-2").unwrap().to_string(), "vms-2");
    }
}
