//! Subnets (`subnet4`) and the reservations they hold.

use ipnet::Ipv4Net;

use crate::option::check_options;
use crate::{DhcpOption, Error, InterfaceName, Reservation, SubnetId};

/// A subnet: its id, its network, optionally the interface its clients are on, its options and its
/// reservations (no dynamic pool: only reserved hosts get an address). Made by [`Subnet::builder`], or
/// [`Subnet::for_host`] for the one-host /32 subnet a farm gives each VM.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", try_from = "RawSubnet")]
pub struct Subnet {
    id: SubnetId,
    subnet: Ipv4Net,
    #[serde(skip_serializing_if = "Option::is_none")]
    interface: Option<InterfaceName>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    option_data: Vec<DhcpOption>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reservations: Vec<Reservation>,
}

impl Subnet {
    /// Starts a subnet `id` of `network`.
    pub fn builder(id: SubnetId, network: Ipv4Net) -> SubnetBuilder {
        SubnetBuilder {
            subnet: Subnet {
                id,
                subnet: network,
                interface: None,
                option_data: Vec::new(),
                reservations: Vec::new(),
            },
        }
    }

    /// The /32 subnet of the reservation's address, holding only it: what gives the host a
    /// 255.255.255.255 mask (Kea computes the mask from the subnet). Cannot fail: the address is in its /32.
    pub fn for_host(id: SubnetId, reservation: Reservation) -> Subnet {
        Subnet {
            id,
            subnet: Ipv4Net::from(reservation.address()),
            interface: None,
            option_data: Vec::new(),
            reservations: vec![reservation],
        }
    }

    /// The id.
    pub fn id(&self) -> SubnetId {
        self.id
    }

    /// The network.
    pub fn network(&self) -> Ipv4Net {
        self.subnet
    }

    /// The interface its clients are on, if tied to one.
    pub fn interface(&self) -> Option<&InterfaceName> {
        self.interface.as_ref()
    }

    /// The subnet's options.
    pub fn options(&self) -> &[DhcpOption] {
        &self.option_data
    }

    /// The reservations.
    pub fn reservations(&self) -> &[Reservation] {
        &self.reservations
    }

    /// How the subnet is named in messages: `subnet 7 (10.10.60.2/32)`.
    pub(crate) fn label(&self) -> String {
        format!("subnet {} ({})", self.id, self.subnet)
    }
}

/// Collects a subnet's parts; [`SubnetBuilder::build`] checks them together.
#[derive(Debug, Clone)]
pub struct SubnetBuilder {
    subnet: Subnet,
}

impl SubnetBuilder {
    /// Ties the subnet to the interface its clients are on.
    pub fn interface(mut self, interface: InterfaceName) -> SubnetBuilder {
        self.subnet.interface = Some(interface);
        self
    }

    /// Adds an option.
    pub fn option(mut self, option: DhcpOption) -> SubnetBuilder {
        self.subnet.option_data.push(option);
        self
    }

    /// Adds a reservation.
    pub fn reservation(mut self, reservation: Reservation) -> SubnetBuilder {
        self.subnet.reservations.push(reservation);
        self
    }

    /// Checks the subnet: no host bits in the network, no option twice, every reservation inside the
    /// network and not its network or broadcast address (below /31). Duplicates among reservations are
    /// checked over the whole file by [`ConfigBuilder::build`](crate::ConfigBuilder::build).
    pub fn build(self) -> Result<Subnet, Error> {
        let s = self.subnet;
        let net = s.subnet;
        if net.trunc() != net {
            return Err(Error::HostBitsSet {
                given: net.to_string(),
                network: net.trunc().to_string(),
            });
        }
        check_options(&s.option_data, || s.label())?;
        for r in &s.reservations {
            let address = r.address();
            if !net.contains(&address) {
                return Err(Error::ReservationOutsideSubnet {
                    address: address.to_string(),
                    hw_address: r.hw_address().to_string(),
                    subnet: net.to_string(),
                });
            }
            if net.prefix_len() < 31 {
                let which = if address == net.network() {
                    Some("network")
                } else if address == net.broadcast() {
                    Some("broadcast")
                } else {
                    None
                };
                if let Some(which) = which {
                    return Err(Error::ReservationNotAHost {
                        address: address.to_string(),
                        hw_address: r.hw_address().to_string(),
                        which,
                        subnet: net.to_string(),
                    });
                }
            }
        }
        Ok(s)
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawSubnet {
    id: SubnetId,
    subnet: Ipv4Net,
    #[serde(default)]
    interface: Option<InterfaceName>,
    #[serde(default)]
    option_data: Vec<DhcpOption>,
    #[serde(default)]
    reservations: Vec<Reservation>,
}

impl TryFrom<RawSubnet> for Subnet {
    type Error = Error;
    fn try_from(raw: RawSubnet) -> Result<Subnet, Error> {
        let mut b = Subnet::builder(raw.id, raw.subnet);
        b.subnet.interface = raw.interface;
        b.subnet.option_data = raw.option_data;
        b.subnet.reservations = raw.reservations;
        b.build()
    }
}
