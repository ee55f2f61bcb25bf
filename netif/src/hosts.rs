//! `/etc/hosts`.

use foldhash::{HashSet, HashSetExt as _};
use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;

use crate::{Comment, Error};

/// A host name in /etc/hosts: letter-digit-hyphen labels of 1 to 63 characters (no `-` at either end)
/// joined by dots, at most 253 characters, no trailing dot; lowercase.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct HostName(String);

impl HostName {
    /// Checks `text`.
    pub fn new(text: &str) -> Result<HostName, Error> {
        let invalid = |reason| Error::InvalidHostName {
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
        Ok(HostName(text.to_ascii_lowercase()))
    }
}

impl FromStr for HostName {
    type Err = Error;
    fn from_str(s: &str) -> Result<HostName, Error> {
        HostName::new(s)
    }
}

impl TryFrom<String> for HostName {
    type Error = Error;
    fn try_from(s: String) -> Result<HostName, Error> {
        HostName::new(&s)
    }
}

impl From<HostName> for String {
    fn from(n: HostName) -> String {
        n.0
    }
}

impl fmt::Display for HostName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One line: an address, its canonical name, then aliases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostsEntry {
    address: IpAddr,
    names: Vec<HostName>,
}

impl HostsEntry {
    /// An address with at least one name (the first is the canonical one).
    pub fn new(address: IpAddr, names: Vec<HostName>) -> Result<HostsEntry, Error> {
        if names.is_empty() {
            return Err(Error::Empty {
                what: "the names of an /etc/hosts line",
            });
        }
        Ok(HostsEntry { address, names })
    }

    /// The address.
    pub fn address(&self) -> IpAddr {
        self.address
    }

    /// The names, canonical first.
    pub fn names(&self) -> &[HostName] {
        &self.names
    }
}

/// A whole /etc/hosts: one line per address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hosts {
    comments: Vec<Comment>,
    entries: Vec<HostsEntry>,
}

/// Debian's IPv6 lines, which every /etc/hosts carries.
const IPV6_DEFAULTS: [(Ipv6Addr, &[&str]); 3] = [
    (
        Ipv6Addr::LOCALHOST,
        &["localhost", "ip6-localhost", "ip6-loopback"],
    ),
    (
        Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1),
        &["ip6-allnodes"],
    ),
    (
        Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 2),
        &["ip6-allrouters"],
    ),
];

impl Hosts {
    /// Checks the file: one line per address.
    pub fn new(comments: Vec<Comment>, entries: Vec<HostsEntry>) -> Result<Hosts, Error> {
        let mut seen = HashSet::with_capacity(entries.len());
        if let Some(twice) = entries.iter().find(|e| !seen.insert(e.address)) {
            return Err(Error::DuplicateAddress {
                address: twice.address.to_string(),
            });
        }
        Ok(Hosts { comments, entries })
    }

    /// A file as Debian writes it: `127.0.0.1 localhost`, then `entries`, then the IPv6 lines.
    pub fn with_localhost(
        comments: Vec<Comment>,
        entries: Vec<HostsEntry>,
    ) -> Result<Hosts, Error> {
        let name = |n: &str| HostName(n.to_owned());
        let mut all = vec![HostsEntry {
            address: IpAddr::from([127, 0, 0, 1]),
            names: vec![name("localhost")],
        }];
        all.extend(entries);
        for (address, names) in IPV6_DEFAULTS {
            all.push(HostsEntry {
                address: IpAddr::V6(address),
                names: names.iter().copied().map(name).collect(),
            });
        }
        Hosts::new(comments, all)
    }

    /// The lines.
    pub fn entries(&self) -> &[HostsEntry] {
        &self.entries
    }

    /// Writes the file.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        write!(w, "{self}")
    }
}

impl fmt::Display for Hosts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for comment in &self.comments {
            crate::write_comment(f, comment)?;
        }
        let width = self
            .entries
            .iter()
            .map(|e| e.address.to_string().len())
            .max()
            .unwrap_or(0);
        for entry in &self.entries {
            write!(f, "{:width$}", entry.address.to_string())?;
            for name in &entry.names {
                write!(f, " {name}")?;
            }
            f.write_str("\n")?;
        }
        Ok(())
    }
}
