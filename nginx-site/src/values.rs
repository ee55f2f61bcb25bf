//! Checked values: server names, paths, location prefixes, sizes, comments.

use std::fmt;

use crate::Error;

/// Whether `text` is a DNS name: 1 to 253 characters, labels of 1 to 63 letters, digits and `-`, none
/// starting or ending with `-`.
pub(crate) fn dns_name(text: &str) -> bool {
    check_labels(text, text).is_ok()
}

fn check_labels(name: &str, text: &str) -> Result<(), Error> {
    let invalid = |reason| Error::InvalidServerName {
        name: name.to_owned(),
        reason,
    };
    if text.is_empty() || text.len() > 253 {
        return Err(invalid("a name holds 1 to 253 characters"));
    }
    for label in text.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err(invalid("labels hold 1 to 63 characters"));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(invalid("labels hold only letters, digits and `-`"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(invalid("a label starts or ends with `-`"));
        }
    }
    Ok(())
}

/// A `server_name`: a DNS name (`skaro.dachary.org`), a leading wildcard (`*.example.org`), a dot wildcard
/// (`.example.org`, the name and every name below it), or `_` (matches no real name: a catch-all default
/// server). Lowercase.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct ServerName(String);

impl ServerName {
    /// Checks `name`.
    pub fn new(name: &str) -> Result<ServerName, Error> {
        if name == "_" {
            return Ok(ServerName(name.to_owned()));
        }
        let rest = name
            .strip_prefix("*.")
            .or_else(|| name.strip_prefix('.'))
            .unwrap_or(name);
        check_labels(name, rest)?;
        Ok(ServerName(name.to_ascii_lowercase()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is a wildcard (`*.x` or `.x`).
    pub fn is_wildcard(&self) -> bool {
        self.0.starts_with('*') || self.0.starts_with('.')
    }

    /// A file name for the site: the name with `*` written `_` (`*.example.org` is `_.example.org`).
    pub fn file_name(&self) -> String {
        self.0.replace('*', "_")
    }
}

vocabulary::string_conversions!(ServerName, Error, ServerName::new);

impl fmt::Display for ServerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

fn safe_path_bytes(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-' | b'+' | b'@' | b':' | b',')
}

/// Checks an absolute path: ASCII letters, digits and `/ . _ - + @ : ,` (and `*` where `glob`), no `..`
/// component, at most 1024 characters.
pub(crate) fn check_path(path: &str, glob: bool) -> Result<(), Error> {
    let invalid = |reason| Error::InvalidPath {
        path: path.to_owned(),
        reason,
    };
    if !path.starts_with('/') {
        return Err(invalid("it must be absolute"));
    }
    if path.len() > 1024 {
        return Err(invalid("it is over 1024 characters long"));
    }
    if glob {
        if !path.bytes().all(|b| b == b'*' || safe_path_bytes(b)) {
            return Err(invalid(
                "only ASCII letters, digits and / . _ - + @ : , * are allowed",
            ));
        }
    } else if !path.bytes().all(safe_path_bytes) {
        return Err(invalid(
            "only ASCII letters, digits and / . _ - + @ : , are allowed",
        ));
    }
    if path.split('/').any(|c| c == "..") {
        return Err(invalid("it has a `..` component"));
    }
    Ok(())
}

macro_rules! checked_path {
    ($(#[$doc:meta])* $ty:ident, glob: $glob:expr) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
        )]
        #[serde(try_from = "String", into = "String")]
        pub struct $ty(String);

        impl $ty {
            /// Checks `path`.
            pub fn new(path: &str) -> Result<$ty, Error> {
                check_path(path, $glob)?;
                Ok($ty(path.to_owned()))
            }

            /// The path.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// A path made by this crate from checked parts.
            #[allow(dead_code, reason = "not every path type is built by the crate")]
            pub(crate) fn checked(path: String) -> $ty {
                debug_assert!(check_path(&path, $glob).is_ok(), "{path}");
                $ty(path)
            }
        }

        vocabulary::string_conversions!($ty, Error, $ty::new);

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

checked_path!(
    /// An absolute file path for a log: ASCII letters, digits and `/ . _ - + @ : ,`, no `..` component.
    LogPath,
    glob: false
);

checked_path!(
    /// An absolute path to a file or folder nginx reads (a certificate, a key, a webroot): ASCII letters,
    /// digits and `/ . _ - + @ : ,`, no `..` component.
    FilePath,
    glob: false
);

checked_path!(
    /// An absolute path for `include`, where `*` may stand for any part of a file name (nginx's glob):
    /// ASCII letters, digits, `*` and `/ . _ - + @ : ,`, no `..` component. A glob that matches no file
    /// includes nothing, and nginx loads.
    IncludeGlob,
    glob: true
);

/// A `location` prefix: starts with `/`; ASCII letters, digits and `/ . _ - ~ % +`; no `..` component.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct LocationPrefix(String);

impl LocationPrefix {
    /// Checks `prefix`.
    pub fn new(prefix: &str) -> Result<LocationPrefix, Error> {
        let invalid = |reason| Error::InvalidPrefix {
            prefix: prefix.to_owned(),
            reason,
        };
        if !prefix.starts_with('/') {
            return Err(invalid("it must start with `/`"));
        }
        if prefix.len() > 1024 {
            return Err(invalid("it is over 1024 characters long"));
        }
        if !prefix.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-' | b'~' | b'%' | b'+')
        }) {
            return Err(invalid(
                "only ASCII letters, digits and / . _ - ~ % + are allowed",
            ));
        }
        if prefix.split('/').any(|c| c == "..") {
            return Err(invalid("it has a `..` component"));
        }
        Ok(LocationPrefix(prefix.to_owned()))
    }

    /// The prefix.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

vocabulary::string_conversions!(LocationPrefix, Error, LocationPrefix::new);

impl fmt::Display for LocationPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A size as nginx writes it: a number of bytes, or of `k`, `m` or `g` units (`10m`); at most 2^40 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Size {
    count: u64,
    unit: Option<char>,
}

impl Size {
    /// Checks `text`.
    pub fn new(text: &str) -> Result<Size, Error> {
        let invalid = || Error::InvalidSize {
            text: text.to_owned(),
        };
        let (digits, unit) = match text.char_indices().last() {
            Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], Some(c.to_ascii_lowercase())),
            _ => (text, None),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let count: u64 = digits.parse().map_err(|_| invalid())?;
        let factor: u64 = match unit {
            None => 1,
            Some('k') => 1 << 10,
            Some('m') => 1 << 20,
            Some('g') => 1 << 30,
            Some(_) => return Err(invalid()),
        };
        if count
            .checked_mul(factor)
            .is_none_or(|bytes| bytes > 1 << 40)
        {
            return Err(invalid());
        }
        Ok(Size { count, unit })
    }

    /// Its value in bytes.
    pub fn bytes(self) -> u64 {
        let factor = match self.unit {
            Some('k') => 1 << 10,
            Some('m') => 1 << 20,
            Some('g') => 1 << 30,
            _ => 1,
        };
        self.count * factor
    }
}

vocabulary::string_conversions!(Size, Error, Size::new);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.count)?;
        if let Some(unit) = self.unit {
            write!(f, "{unit}")?;
        }
        Ok(())
    }
}
