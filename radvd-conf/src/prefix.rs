//! The /64 prefix advertised for SLAAC.

use std::fmt;
use std::net::Ipv6Addr;

use ipnet::Ipv6Net;

use crate::Error;

/// An IPv6 /64 that hosts can build addresses in by SLAAC (RFC 4862 needs a 64-bit interface id): no host
/// bits, unicast, and neither link-local (`fe80::/10`, which every interface has already), nor the
/// unspecified/loopback `::/64`, nor multicast. Written `2001:db8:1:2::/64`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Prefix(Ipv6Net);

impl Prefix {
    /// Checks `net`.
    pub fn new(net: Ipv6Net) -> Result<Prefix, Error> {
        let invalid = |reason| Error::InvalidPrefix {
            prefix: net.to_string(),
            reason,
        };
        if net.prefix_len() != 64 {
            return Err(invalid("SLAAC needs a /64"));
        }
        if net.trunc() != net {
            return Err(invalid("it has host bits set"));
        }
        let first = net.network().segments()[0];
        if first & 0xff00 == 0xff00 {
            return Err(invalid("it is multicast (ff00::/8)"));
        }
        if first & 0xffc0 == 0xfe80 {
            return Err(invalid("it is link-local (fe80::/10)"));
        }
        if net.network() == Ipv6Addr::UNSPECIFIED {
            return Err(invalid(
                "::/64 holds the unspecified and loopback addresses",
            ));
        }
        Ok(Prefix(net))
    }

    /// Parses and checks `text`, which must say `/64`.
    pub fn parse(text: &str) -> Result<Prefix, Error> {
        let net = text.parse::<Ipv6Net>().map_err(|_| Error::InvalidPrefix {
            prefix: text.to_owned(),
            reason: "it is not an IPv6 prefix (2001:db8:1:2::/64)",
        })?;
        Prefix::new(net)
    }

    /// The network.
    pub fn network(self) -> Ipv6Net {
        self.0
    }

    /// The address of interface id `iid` in the prefix (`::1` is `iid` 1).
    pub fn address(self, iid: u64) -> Ipv6Addr {
        Ipv6Addr::from(u128::from(self.0.network()) | u128::from(iid))
    }
}

vocabulary::string_conversions!(Prefix, Error, Prefix::parse);

impl From<Prefix> for Ipv6Net {
    fn from(p: Prefix) -> Ipv6Net {
        p.0
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
