//! Subnet declarations.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::{DhcpOption, Error};

/// `subnet NETWORK netmask MASK { ... }`: the network, an optional dynamic range inside it, and options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    network: Ipv4Net,
    range: Option<(Ipv4Addr, Ipv4Addr)>,
    options: Vec<DhcpOption>,
}

impl Subnet {
    /// Checks the subnet: the network without host bits, the range (low to high) inside it, the options.
    pub fn new(
        network: Ipv4Net,
        range: Option<(Ipv4Addr, Ipv4Addr)>,
        options: Vec<DhcpOption>,
    ) -> Result<Subnet, Error> {
        if network.trunc() != network {
            return Err(Error::HostBitsSet {
                given: network.to_string(),
                network: network.trunc().to_string(),
            });
        }
        if let Some((low, high)) = range {
            let bad = |reason| Error::InvalidRange {
                low: low.to_string(),
                high: high.to_string(),
                subnet: network.to_string(),
                reason,
            };
            if low > high {
                return Err(bad("reversed (low above high), in"));
            }
            if !network.contains(&low) || !network.contains(&high) {
                return Err(bad("not inside"));
            }
            if network.prefix_len() < 31
                && (low == network.network() || high == network.broadcast())
            {
                return Err(bad("holding the network or broadcast address"));
            }
        }
        for option in &options {
            option.check()?;
        }
        Ok(Subnet {
            network,
            range,
            options,
        })
    }

    /// The network.
    pub fn network(&self) -> Ipv4Net {
        self.network
    }

    /// The dynamic range, if any.
    pub fn range(&self) -> Option<(Ipv4Addr, Ipv4Addr)> {
        self.range
    }

    /// The options.
    pub fn options(&self) -> &[DhcpOption] {
        &self.options
    }
}
