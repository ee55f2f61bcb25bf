//! The whole file: one interface advertising one /64 for SLAAC, its DNS servers and search domains.

use std::fmt;
use std::net::Ipv6Addr;

use crate::{Comment, Error, InterfaceName, Intervals, Name, Prefix};

/// The most addresses radvd takes in one RDNSS.
const MAX_RDNSS: usize = 3;

/// The most bytes of names one DNSSL option holds: 255 units of 8 bytes, less its 8-byte header.
const MAX_DNSSL_BYTES: usize = 255 * 8 - 8;

/// A `radvd.conf` for one interface, checked as a whole by [`ConfigBuilder::build`]; writing it cannot
/// fail. It advertises the prefix for SLAAC only: `AdvSendAdvert on`, `AdvManagedFlag off` and
/// `AdvOtherConfigFlag off` (no DHCPv6), the prefix `AdvOnLink on` and `AdvAutonomous on`, its DNS servers
/// (RDNSS) and search domains (DNSSL) in the advertisement itself (RFC 8106).
///
/// `Display` writes the file; `Serialize`/`Deserialize` are this value's own fields, checked as the
/// builder checks them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "RawConfig")]
pub struct Config {
    comments: Vec<Comment>,
    interface: InterfaceName,
    prefix: Prefix,
    intervals: Option<Intervals>,
    rdnss: Vec<Ipv6Addr>,
    dnssl: Vec<Name>,
}

impl Config {
    /// Starts the configuration advertising `prefix` on `interface`.
    pub fn builder(interface: InterfaceName, prefix: Prefix) -> ConfigBuilder {
        ConfigBuilder {
            config: Config {
                comments: Vec::new(),
                interface,
                prefix,
                intervals: None,
                rdnss: Vec::new(),
                dnssl: Vec::new(),
            },
        }
    }

    /// The comment lines at the top.
    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    /// The interface.
    pub fn interface(&self) -> &InterfaceName {
        &self.interface
    }

    /// The prefix.
    pub fn prefix(&self) -> Prefix {
        self.prefix
    }

    /// The intervals, if not radvd's defaults.
    pub fn intervals(&self) -> Option<Intervals> {
        self.intervals
    }

    /// The DNS servers.
    pub fn rdnss(&self) -> &[Ipv6Addr] {
        &self.rdnss
    }

    /// The search domains.
    pub fn dnssl(&self) -> &[Name] {
        &self.dnssl
    }

    /// Writes the file.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        for comment in &self.comments {
            if comment.as_str().is_empty() {
                w.write_str("#\n")?;
            } else {
                writeln!(w, "# {comment}")?;
            }
        }
        writeln!(w, "interface {}\n{{", self.interface)?;
        w.write_str("\tAdvSendAdvert on;\n\tAdvManagedFlag off;\n\tAdvOtherConfigFlag off;\n")?;
        if let Some(i) = self.intervals {
            writeln!(w, "\tMinRtrAdvInterval {};", i.min())?;
            writeln!(w, "\tMaxRtrAdvInterval {};", i.max())?;
        }
        writeln!(w, "\n\tprefix {}\n\t{{", self.prefix)?;
        w.write_str("\t\tAdvOnLink on;\n\t\tAdvAutonomous on;\n\t};\n")?;
        w.write_str("\n\tRDNSS")?;
        for address in &self.rdnss {
            write!(w, " {address}")?;
        }
        w.write_str("\n\t{\n\t};\n")?;
        if !self.dnssl.is_empty() {
            w.write_str("\n\tDNSSL")?;
            for name in &self.dnssl {
                write!(w, " {name}")?;
            }
            w.write_str("\n\t{\n\t};\n")?;
        }
        w.write_str("};\n")
    }
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

/// Collects the configuration's parts; [`ConfigBuilder::build`] checks them together.
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// Adds a comment line at the top.
    pub fn comment(mut self, comment: Comment) -> ConfigBuilder {
        self.config.comments.push(comment);
        self
    }

    /// Sets the advertisement intervals.
    pub fn intervals(mut self, intervals: Intervals) -> ConfigBuilder {
        self.config.intervals = Some(intervals);
        self
    }

    /// Adds a DNS server (a farm gives its bridge's address, `<prefix>::1`).
    pub fn rdnss(mut self, address: Ipv6Addr) -> ConfigBuilder {
        self.config.rdnss.push(address);
        self
    }

    /// Adds a search domain.
    pub fn dnssl(mut self, name: Name) -> ConfigBuilder {
        self.config.dnssl.push(name);
        self
    }

    /// Checks the configuration: one to three DNS servers, each a unicast address a host can reach
    /// (not multicast, unspecified, loopback or link-local), none twice; search domains none twice and
    /// fitting one DNSSL option.
    pub fn build(self) -> Result<Config, Error> {
        let c = self.config;
        if c.rdnss.is_empty() {
            return Err(Error::NoRdnss);
        }
        if c.rdnss.len() > MAX_RDNSS {
            return Err(Error::TooManyRdnss {
                count: c.rdnss.len(),
            });
        }
        for (i, address) in c.rdnss.iter().enumerate() {
            let invalid = |reason| Error::InvalidRdnss {
                address: address.to_string(),
                reason,
            };
            if address.is_multicast() {
                return Err(invalid("it is multicast"));
            }
            if address.is_unspecified() || address.is_loopback() {
                return Err(invalid("it is unspecified or loopback"));
            }
            if address.is_unicast_link_local() {
                return Err(invalid("it is link-local"));
            }
            if c.rdnss[..i].contains(address) {
                return Err(Error::Duplicate {
                    what: "RDNSS",
                    value: address.to_string(),
                });
            }
        }
        for (i, name) in c.dnssl.iter().enumerate() {
            if c.dnssl[..i].contains(name) {
                return Err(Error::Duplicate {
                    what: "DNSSL",
                    value: name.to_string(),
                });
            }
        }
        // In wire form a name is its labels, each after its length byte, then a zero byte.
        let bytes: usize = c.dnssl.iter().map(|n| n.as_str().len() + 2).sum();
        if bytes > MAX_DNSSL_BYTES {
            return Err(Error::DnsslTooLong { bytes });
        }
        Ok(c)
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    comments: Vec<Comment>,
    interface: InterfaceName,
    prefix: Prefix,
    #[serde(default)]
    intervals: Option<Intervals>,
    rdnss: Vec<Ipv6Addr>,
    #[serde(default)]
    dnssl: Vec<Name>,
}

impl TryFrom<RawConfig> for Config {
    type Error = Error;
    fn try_from(raw: RawConfig) -> Result<Config, Error> {
        let mut b = Config::builder(raw.interface, raw.prefix);
        b.config.comments = raw.comments;
        b.config.intervals = raw.intervals;
        b.config.rdnss = raw.rdnss;
        b.config.dnssl = raw.dnssl;
        b.build()
    }
}
