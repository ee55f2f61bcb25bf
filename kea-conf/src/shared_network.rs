//! Shared networks: several subnets on one link.

use crate::option::check_options;
use crate::{DhcpOption, Error, InterfaceName, NetworkName, Subnet};

/// A `shared-networks` entry: subnets whose clients are all on one interface, so Kea picks among them by
/// reservation whatever the interface's own address. A farm puts one /32 subnet per VM
/// ([`Subnet::for_host`]) in the shared network of its bridge: each VM leases its address with a
/// 255.255.255.255 mask.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", try_from = "RawSharedNetwork")]
pub struct SharedNetwork {
    name: NetworkName,
    interface: InterfaceName,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    option_data: Vec<DhcpOption>,
    subnet4: Vec<Subnet>,
}

impl SharedNetwork {
    /// Starts the shared network `name` on `interface`.
    pub fn builder(name: NetworkName, interface: InterfaceName) -> SharedNetworkBuilder {
        SharedNetworkBuilder {
            network: SharedNetwork {
                name,
                interface,
                option_data: Vec::new(),
                subnet4: Vec::new(),
            },
        }
    }

    /// The name.
    pub fn name(&self) -> &NetworkName {
        &self.name
    }

    /// The interface.
    pub fn interface(&self) -> &InterfaceName {
        &self.interface
    }

    /// The options shared by its subnets.
    pub fn options(&self) -> &[DhcpOption] {
        &self.option_data
    }

    /// The subnets.
    pub fn subnets(&self) -> &[Subnet] {
        &self.subnet4
    }
}

/// Collects a shared network's parts; [`SharedNetworkBuilder::build`] checks them together.
#[derive(Debug, Clone)]
pub struct SharedNetworkBuilder {
    network: SharedNetwork,
}

impl SharedNetworkBuilder {
    /// Adds an option shared by the subnets.
    pub fn option(mut self, option: DhcpOption) -> SharedNetworkBuilder {
        self.network.option_data.push(option);
        self
    }

    /// Adds a subnet.
    pub fn subnet(mut self, subnet: Subnet) -> SharedNetworkBuilder {
        self.network.subnet4.push(subnet);
        self
    }

    /// Adds subnets.
    pub fn subnets(mut self, subnets: impl IntoIterator<Item = Subnet>) -> SharedNetworkBuilder {
        self.network.subnet4.extend(subnets);
        self
    }

    /// Checks the shared network: no option twice, no subnet tied to another interface. Ids, overlaps and
    /// reservations are checked over the whole file by [`ConfigBuilder::build`](crate::ConfigBuilder::build).
    pub fn build(self) -> Result<SharedNetwork, Error> {
        let n = self.network;
        check_options(&n.option_data, || format!("shared network {}", n.name))?;
        for s in &n.subnet4 {
            if let Some(own) = s.interface()
                && own != &n.interface
            {
                return Err(Error::InterfaceMismatch {
                    subnet: s.label(),
                    subnet_interface: own.to_string(),
                    network: n.name.to_string(),
                    network_interface: n.interface.to_string(),
                });
            }
        }
        Ok(n)
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawSharedNetwork {
    name: NetworkName,
    interface: InterfaceName,
    #[serde(default)]
    option_data: Vec<DhcpOption>,
    #[serde(default)]
    subnet4: Vec<Subnet>,
}

impl TryFrom<RawSharedNetwork> for SharedNetwork {
    type Error = Error;
    fn try_from(raw: RawSharedNetwork) -> Result<SharedNetwork, Error> {
        let mut b = SharedNetwork::builder(raw.name, raw.interface);
        b.network.option_data = raw.option_data;
        b.network.subnet4 = raw.subnet4;
        b.build()
    }
}
