//! `iface NAME inet6 static`: a static IPv6 address and default gateway.

use std::fmt;
use std::net::Ipv6Addr;

use ipnet::Ipv6Net;

use crate::{Error, InterfaceName};

/// The address (with its prefix length) and gateway of an `inet6 static` interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Static6 {
    address: Ipv6Net,
    gateway: Option<Ipv6Addr>,
}

/// Why `address` cannot be an interface's own unicast address, if it cannot.
fn not_unicast(address: Ipv6Addr) -> Option<&'static str> {
    if address.is_unspecified() || address.is_loopback() {
        Some("it is unspecified or loopback")
    } else if address.is_multicast() {
        Some("it is multicast")
    } else if address.to_ipv4_mapped().is_some() {
        Some("it is an IPv4-mapped address")
    } else {
        None
    }
}

impl Static6 {
    /// Checks the address (a unicast host address, not link-local, which the kernel gives every
    /// interface, nor its network's subnet-router anycast address `<prefix>::`) and the gateway (unicast,
    /// not the address itself; link-local, `fe80::1`, as providers give it, or inside the address's
    /// network).
    pub fn new(address: Ipv6Net, gateway: Option<Ipv6Addr>) -> Result<Static6, Error> {
        let refuse = |reason| Error::NotAHostAddress6 {
            address: address.to_string(),
            reason,
        };
        if let Some(reason) = not_unicast(address.addr()) {
            return Err(refuse(reason));
        }
        if address.addr().is_unicast_link_local() {
            return Err(refuse("it is link-local (every interface has one already)"));
        }
        if address.prefix_len() < 127 && address.addr() == address.network() {
            return Err(refuse("it is its network's subnet-router anycast address"));
        }
        if let Some(gateway) = gateway {
            let outside = || Error::GatewayOutside {
                gateway: gateway.to_string(),
                network: address.trunc().to_string(),
            };
            if not_unicast(gateway).is_some() || gateway == address.addr() {
                return Err(outside());
            }
            if !gateway.is_unicast_link_local()
                && address.prefix_len() < 128
                && !address.contains(&gateway)
            {
                return Err(outside());
            }
        }
        Ok(Static6 { address, gateway })
    }

    /// The address and prefix length.
    pub fn address(&self) -> Ipv6Net {
        self.address
    }

    /// The gateway.
    pub fn gateway(&self) -> Option<Ipv6Addr> {
        self.gateway
    }
}

/// An `iface NAME inet6 static` stanza: the IPv6 side of an interface whose `inet` stanza comes before
/// it. Stateless autoconfiguration stays off (ifupdown's default for `static`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iface6 {
    name: InterfaceName,
    method: Static6,
}

impl Iface6 {
    /// The stanza of `name` with `method`; an alias (`eth0:1`) has no IPv6 stanza.
    pub fn new(name: InterfaceName, method: Static6) -> Result<Iface6, Error> {
        if name.is_alias() {
            return Err(Error::Unfit {
                name: name.to_string(),
                reason: "an alias has no inet6 stanza (add the address to the interface itself)",
            });
        }
        Ok(Iface6 { name, method })
    }

    /// The interface.
    pub fn name(&self) -> &InterfaceName {
        &self.name
    }

    /// Its address and gateway.
    pub fn method(&self) -> &Static6 {
        &self.method
    }
}

impl fmt::Display for Iface6 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "iface {} inet6 static", self.name)?;
        writeln!(f, "\taddress {}", self.method.address)?;
        if let Some(gateway) = self.method.gateway {
            writeln!(f, "\tgateway {gateway}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(address: &str, gateway: Option<&str>) -> Result<Static6, Error> {
        Static6::new(
            address.parse().unwrap(),
            gateway.map(|g| g.parse().unwrap()),
        )
    }

    #[test]
    fn addresses_and_gateways() {
        assert!(s("2001:db8::2/64", Some("fe80::1")).is_ok());
        assert!(s("2001:db8::2/64", Some("2001:db8::1")).is_ok());
        assert!(s("2001:db8:1:2::1/64", None).is_ok());
        assert!(s("2001:db8::2/128", Some("2001:db9::1")).is_ok());
        assert!(s("2001:db8::2/64", Some("2001:db9::1")).is_err());
        assert!(s("2001:db8::2/64", Some("2001:db8::2")).is_err());
        assert!(s("2001:db8::2/64", Some("ff02::1")).is_err());
        assert!(s("2001:db8::/64", None).is_err());
        assert!(s("fe80::2/64", None).is_err());
        assert!(s("ff02::2/64", None).is_err());
        assert!(s("::1/128", None).is_err());
        assert!(s("::ffff:10.0.0.1/128", None).is_err());
    }

    #[test]
    fn a_stanza() {
        let iface = Iface6::new(
            "eth0".parse().unwrap(),
            s("2001:db8::2/64", Some("fe80::1")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            iface.to_string(),
            "iface eth0 inet6 static\n\taddress 2001:db8::2/64\n\tgateway fe80::1\n"
        );
        assert!(Iface6::new("eth0:1".parse().unwrap(), iface.method().clone()).is_err());
    }
}

#[cfg(test)]
mod file_tests {
    use crate::{Iface, Iface6, Interfaces, Method, Stanza, Static6};

    /// One inet and one inet6 stanza per interface; two inet6 stanzas for one are refused.
    #[test]
    fn an_interface_has_one_stanza_per_family() {
        let eth0: crate::InterfaceName = "eth0".parse().unwrap();
        let six = || {
            let method = Static6::new("2001:db8::2/64".parse().unwrap(), None).unwrap();
            Stanza::Iface6(Iface6::new(eth0.clone(), method).unwrap())
        };
        let four = Stanza::Iface(Iface::new(eth0.clone(), Method::Dhcp, None, vec![]).unwrap());
        let auto = Stanza::Auto(vec![eth0.clone()]);
        let file = Interfaces::new(vec![], vec![auto.clone(), four.clone(), six()]).unwrap();
        assert_eq!(
            file.to_string(),
            "auto eth0\niface eth0 inet dhcp\n\niface eth0 inet6 static\n\taddress 2001:db8::2/64\n"
        );
        assert!(Interfaces::new(vec![], vec![four, six(), six()]).is_err());
        // An inet6 stanza alone makes `auto` valid.
        assert!(Interfaces::new(vec![], vec![auto, six()]).is_ok());
    }
}
