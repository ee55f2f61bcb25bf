//! The options this crate can write, each typed.

use std::fmt;
use std::net::Ipv4Addr;

use crate::{Error, Name};

/// A DHCP option. Anything else is not representable until someone types it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DhcpOption {
    /// `option domain-name "farm";`
    DomainName(Name),
    /// `option domain-search "farm", "vm.farm";`
    DomainSearch(Vec<Name>),
    /// `option domain-name-servers 10.10.0.254;`
    DomainNameServers(Vec<Ipv4Addr>),
    /// `option routers 10.10.0.254;`
    Routers(Vec<Ipv4Addr>),
    /// `option subnet-mask 255.255.255.255;`
    SubnetMask(Ipv4Addr),
    /// `option broadcast-address 10.10.255.255;`
    BroadcastAddress(Ipv4Addr),
    /// `option ntp-servers 10.10.0.254;`
    NtpServers(Vec<Ipv4Addr>),
}

impl DhcpOption {
    /// The option's name in dhcpd.conf.
    pub fn name(&self) -> &'static str {
        match self {
            DhcpOption::DomainName(_) => "domain-name",
            DhcpOption::DomainSearch(_) => "domain-search",
            DhcpOption::DomainNameServers(_) => "domain-name-servers",
            DhcpOption::Routers(_) => "routers",
            DhcpOption::SubnetMask(_) => "subnet-mask",
            DhcpOption::BroadcastAddress(_) => "broadcast-address",
            DhcpOption::NtpServers(_) => "ntp-servers",
        }
    }

    /// Checks what the type cannot: lists are not empty, a mask is contiguous.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let empty = match self {
            DhcpOption::DomainSearch(v) => v.is_empty(),
            DhcpOption::DomainNameServers(v)
            | DhcpOption::Routers(v)
            | DhcpOption::NtpServers(v) => v.is_empty(),
            DhcpOption::SubnetMask(mask) => {
                let bits = u32::from(*mask);
                if bits.leading_ones() + bits.trailing_zeros() != 32 {
                    return Err(Error::InvalidMask {
                        mask: mask.to_string(),
                    });
                }
                false
            }
            DhcpOption::DomainName(_) | DhcpOption::BroadcastAddress(_) => false,
        };
        if empty {
            return Err(Error::EmptyOption {
                option: self.name(),
            });
        }
        Ok(())
    }
}

fn list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T], quoted: bool) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        if quoted {
            write!(f, "\"{item}\"")?;
        } else {
            write!(f, "{item}")?;
        }
    }
    Ok(())
}

impl fmt::Display for DhcpOption {
    /// The statement, `option NAME VALUE;`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "option {} ", self.name())?;
        match self {
            DhcpOption::DomainName(name) => write!(f, "\"{name}\"")?,
            DhcpOption::DomainSearch(names) => list(f, names, true)?,
            DhcpOption::DomainNameServers(a)
            | DhcpOption::Routers(a)
            | DhcpOption::NtpServers(a) => {
                list(f, a, false)?;
            }
            DhcpOption::SubnetMask(a) | DhcpOption::BroadcastAddress(a) => write!(f, "{a}")?,
        }
        f.write_str(";")
    }
}
