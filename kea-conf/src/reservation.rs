//! Host reservations: an address (and a hostname) for a hardware address.

use std::net::Ipv4Addr;

use crate::option::check_options;
use crate::{DhcpOption, Error, HwAddress, Name};

/// A reservation: the host with this hardware address gets this address, and its hostname and options if
/// given. Which subnet holds it is checked by [`SubnetBuilder::build`](crate::SubnetBuilder::build).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", try_from = "RawReservation")]
pub struct Reservation {
    hw_address: HwAddress,
    ip_address: Ipv4Addr,
    #[serde(skip_serializing_if = "Option::is_none")]
    hostname: Option<Name>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    option_data: Vec<DhcpOption>,
}

impl Reservation {
    /// A reservation of `address` for `hw_address`, no hostname, no options of its own.
    pub fn new(hw_address: HwAddress, address: Ipv4Addr) -> Reservation {
        Reservation {
            hw_address,
            ip_address: address,
            hostname: None,
            option_data: Vec::new(),
        }
    }

    /// The same reservation with a hostname (Kea sends it as option 12).
    pub fn with_hostname(mut self, hostname: Name) -> Reservation {
        self.hostname = Some(hostname);
        self
    }

    /// The same reservation with options of its own, which override the subnet's and the global ones.
    /// Refuses an empty list value and an option given twice.
    pub fn with_options(mut self, options: Vec<DhcpOption>) -> Result<Reservation, Error> {
        check_options(&options, || format!("reservation {}", self.ip_address))?;
        self.option_data = options;
        Ok(self)
    }

    /// The hardware address.
    pub fn hw_address(&self) -> HwAddress {
        self.hw_address
    }

    /// The reserved address.
    pub fn address(&self) -> Ipv4Addr {
        self.ip_address
    }

    /// The hostname, if any.
    pub fn hostname(&self) -> Option<&Name> {
        self.hostname.as_ref()
    }

    /// The reservation's own options.
    pub fn options(&self) -> &[DhcpOption] {
        &self.option_data
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawReservation {
    hw_address: HwAddress,
    ip_address: Ipv4Addr,
    #[serde(default)]
    hostname: Option<Name>,
    #[serde(default)]
    option_data: Vec<DhcpOption>,
}

impl TryFrom<RawReservation> for Reservation {
    type Error = Error;
    fn try_from(raw: RawReservation) -> Result<Reservation, Error> {
        let mut r =
            Reservation::new(raw.hw_address, raw.ip_address).with_options(raw.option_data)?;
        r.hostname = raw.hostname;
        Ok(r)
    }
}
