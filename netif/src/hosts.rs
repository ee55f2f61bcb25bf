//! `/etc/hosts`.

use foldhash::{HashSet, HashSetExt as _};
use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

use crate::{Comment, Error, HostName};

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
        let mut all = vec![HostsEntry {
            address: IpAddr::from([127, 0, 0, 1]),
            names: vec![HostName::new("localhost")?],
        }];
        all.extend(entries);
        for (address, names) in IPV6_DEFAULTS {
            all.push(HostsEntry {
                address: IpAddr::V6(address),
                names: names
                    .iter()
                    .map(|n| HostName::new(n))
                    .collect::<Result<_, _>>()?,
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
