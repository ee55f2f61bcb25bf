//! The entries of `zones`, `interfaces`, `policy` and `snat`.

use std::fmt;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::{Error, InterfaceName, LogLevel, ZoneName, ZoneRef};

/// The type of a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ZoneType {
    /// The firewall itself (exactly one per rule set; written `$FW` in rules).
    Firewall,
    /// An IPv4 zone.
    Ipv4,
    /// An IPv6 zone (Shorewall6).
    Ipv6,
}

/// A line of `zones`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The zone's name.
    pub name: ZoneName,
    /// Its type.
    pub kind: ZoneType,
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ZoneType::Firewall => "firewall",
            ZoneType::Ipv4 => "ipv4",
            ZoneType::Ipv6 => "ipv6",
        };
        write!(f, "{:<8}{kind}", self.name)
    }
}

/// An option of an `interfaces` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InterfaceOption {
    /// `tcpflags`: drop packets with illegal TCP flag combinations.
    Tcpflags,
    /// `nosmurfs`: drop packets with a broadcast source.
    Nosmurfs,
    /// `routefilter`: the kernel's reverse-path filter.
    Routefilter,
    /// `logmartians`: log packets with impossible addresses.
    Logmartians,
    /// `sourceroute=0`: refuse source-routed packets.
    NoSourceRoute,
    /// `dhcp`: DHCP passes on this interface.
    Dhcp,
    /// `bridge`: the interface is a bridge.
    Bridge,
}

impl fmt::Display for InterfaceOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InterfaceOption::Tcpflags => "tcpflags",
            InterfaceOption::Nosmurfs => "nosmurfs",
            InterfaceOption::Routefilter => "routefilter",
            InterfaceOption::Logmartians => "logmartians",
            InterfaceOption::NoSourceRoute => "sourceroute=0",
            InterfaceOption::Dhcp => "dhcp",
            InterfaceOption::Bridge => "bridge",
        })
    }
}

/// A line of `interfaces` (`?FORMAT 2`): a zone, an interface, its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceEntry {
    /// The zone the interface leads to.
    pub zone: ZoneName,
    /// The interface.
    pub interface: InterfaceName,
    /// Its options.
    pub options: Vec<InterfaceOption>,
}

impl fmt::Display for InterfaceEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<8}{:<16}", self.zone, self.interface)?;
        if self.options.is_empty() {
            return f.write_str("-");
        }
        for (i, option) in self.options.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{option}")?;
        }
        Ok(())
    }
}

/// What a policy does with a connection no rule decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyAction {
    /// Accept it.
    Accept,
    /// Drop it silently.
    Drop,
    /// Refuse it.
    Reject,
}

impl fmt::Display for PolicyAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PolicyAction::Accept => "ACCEPT",
            PolicyAction::Drop => "DROP",
            PolicyAction::Reject => "REJECT",
        })
    }
}

/// A line of `policy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Where connections come from.
    pub source: ZoneRef,
    /// Where they go.
    pub dest: ZoneRef,
    /// What happens to them.
    pub action: PolicyAction,
    /// Logged at this level, if any.
    pub log: Option<LogLevel>,
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<8}{:<8}",
            self.source.to_string(),
            self.dest.to_string()
        )?;
        match self.log {
            Some(level) => write!(f, "{:<8}{level}", self.action.to_string()),
            None => write!(f, "{}", self.action),
        }
    }
}

/// A line of `snat` (Shorewall 5's replacement for `masq`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnatEntry {
    to: Option<Ipv4Addr>,
    sources: Vec<Ipv4Net>,
    interface: InterfaceName,
    orig_dest: Vec<Ipv4Addr>,
}

impl SnatEntry {
    /// `MASQUERADE SOURCES INTERFACE`: connections from `sources` leaving by `interface` take its address.
    pub fn masquerade(sources: Vec<Ipv4Net>, interface: InterfaceName) -> Result<SnatEntry, Error> {
        SnatEntry::new(None, sources, interface)
    }

    /// `SNAT(ADDRESS) SOURCES INTERFACE`: they take `to`.
    pub fn snat(
        to: Ipv4Addr,
        sources: Vec<Ipv4Net>,
        interface: InterfaceName,
    ) -> Result<SnatEntry, Error> {
        SnatEntry::new(Some(to), sources, interface)
    }

    fn new(
        to: Option<Ipv4Addr>,
        sources: Vec<Ipv4Net>,
        interface: InterfaceName,
    ) -> Result<SnatEntry, Error> {
        if sources.is_empty() {
            return Err(Error::Empty {
                what: "the sources of a snat entry",
            });
        }
        Ok(SnatEntry {
            to,
            sources,
            interface,
            orig_dest: Vec::new(),
        })
    }

    /// `SNAT(ADDRESS) - INTERFACE ... ORIGDEST`: connections DNAT'd from one of `orig_dest` (their
    /// destination before DNAT) leaving by `interface` take `to`, whatever their source: the replies of a
    /// host reached through another router come back through this one.
    pub fn snat_dnatted(
        to: Ipv4Addr,
        interface: InterfaceName,
        orig_dest: Vec<Ipv4Addr>,
    ) -> Result<SnatEntry, Error> {
        if orig_dest.is_empty() {
            return Err(Error::Empty {
                what: "the original destinations of a snat entry",
            });
        }
        Ok(SnatEntry {
            to: Some(to),
            sources: Vec::new(),
            interface,
            orig_dest,
        })
    }
}

impl fmt::Display for SnatEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to {
            Some(to) => write!(f, "{:<24}", format!("SNAT({to})"))?,
            None => write!(f, "{:<24}", "MASQUERADE")?,
        }
        let mut sources = String::new();
        for (i, source) in self.sources.iter().enumerate() {
            if i > 0 {
                sources.push(',');
            }
            sources.push_str(&source.to_string());
        }
        if sources.is_empty() {
            sources.push('-');
        }
        write!(f, "{sources:<24}{}", self.interface)?;
        if !self.orig_dest.is_empty() {
            // PROTO, PORT, IPSEC, MARK, USER and SWITCH left out, then ORIGDEST.
            f.write_str("\t-\t-\t-\t-\t-\t-\t")?;
            for (i, dest) in self.orig_dest.iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                write!(f, "{dest}")?;
            }
        }
        Ok(())
    }
}
