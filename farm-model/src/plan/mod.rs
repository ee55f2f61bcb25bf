//! The typed plan: what PLAN.md describes, every value of a checked type. It is the library's entry point:
//! read one from a file ([`crate::read`]) or build one in Rust, then [`Plan::check`] it.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use bind_zone::{AddressMatchElement, Name, Serial, Ttl};
use ganeti::{DiskTemplate, HvKey, HvValue, Hypervisor, OsName, Size, VgName};
use ipnet::{Ipv4Net, Ipv6Net};
use netif::InterfaceName;
use nginx_site::certbot::{AcmeServer, Email};
use nginx_site::{LocationPrefix, ServerName};
use schemars::JsonSchema;
use serde::Serialize;

use values::{Ident, Mac};

pub(crate) mod doc;
pub(crate) mod read;
pub(crate) mod split;
pub(crate) mod split_json;
pub(crate) mod values;

/// A whole farm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The farm's private DNS domain; every name is relative to it.
    #[schemars(with = "String")]
    pub domain: Name,
    /// The name server and its zones.
    pub dns: Dns,
    /// The networks; the one named `nodes` holds the nodes.
    #[serde(default)]
    pub networks: Vec<Network>,
    /// The VMs' bridge on every node.
    pub bridge: Bridge,
    /// An alias on `lo` for local services, and a blackhole route.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local: Option<Local>,
    /// DHCP settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dhcp: Option<Dhcp>,
    /// The Ganeti cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<Cluster>,
    /// The firewall's public addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firewall: Option<Firewall>,
    /// The nodes.
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// The VMs.
    #[serde(default)]
    pub vms: Vec<Vm>,
    /// Where and for whom the certificates of HTTPS sites (`sites[].tls`) are requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<Tls>,
}

/// `[dns]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dns {
    /// The name server's name, relative to the domain (`ns`).
    #[serde(default = "defaults::nameserver")]
    #[schemars(with = "String")]
    pub nameserver: Name,
    /// Where it answers: the bridge's, a node's or the local alias's address.
    pub nameserver_address: Ipv4Addr,
    /// The SOA mailbox, relative to the domain (`hostmaster`).
    #[serde(default = "defaults::hostmaster")]
    #[schemars(with = "String")]
    pub hostmaster: Name,
    /// `$TTL`.
    #[serde(default = "defaults::ttl")]
    #[schemars(with = "String")]
    pub ttl: Ttl,
    /// SOA refresh.
    #[serde(default = "defaults::refresh")]
    #[schemars(with = "String")]
    pub refresh: Ttl,
    /// SOA retry.
    #[serde(default = "defaults::retry")]
    #[schemars(with = "String")]
    pub retry: Ttl,
    /// SOA expire.
    #[serde(default = "defaults::expire")]
    #[schemars(with = "String")]
    pub expire: Ttl,
    /// SOA minimum (negative caching).
    #[serde(default = "defaults::negative_ttl")]
    #[schemars(with = "String")]
    pub negative_ttl: Ttl,
    /// A pinned serial; none for a managed one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<u32>")]
    pub serial: Option<Serial>,
    /// `listen-on`; none for 127.0.0.1 and the name server's address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<String>>")]
    pub listen_on: Option<Vec<AddressMatchElement>>,
    /// `allow-recursion`; none for 127.0.0.1 and every network.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<String>>")]
    pub allow_recursion: Option<Vec<AddressMatchElement>>,
    /// The reverse zones; none for the covering /8, /16 or /24 of each network.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<String>>")]
    pub reverse: Option<Vec<Ipv4Net>>,
    /// The `ip6.arpa` zones, nibble-aligned; none for each node's `prefix6`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<String>>")]
    pub reverse6: Option<Vec<Ipv6Net>>,
    /// With several nodes: the file holding the TSIG key the zone transfers are signed with (made once by
    /// the operator with `tsig-keygen farm-transfer`, copied to every node, included, never rendered); none
    /// for `/etc/bind/farm-transfer.key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub transfer_key_file: Option<bind_zone::ConfPath>,
}

/// `[[networks]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Its name.
    #[schemars(with = "String")]
    pub name: Ident,
    /// Its prefix.
    #[schemars(with = "String")]
    pub cidr: Ipv4Net,
    /// The subdomain its hosts' names live in (`vm`: `skaro.xivo.vm.farm.`); none for the domain itself.
    #[serde(serialize_with = "subdomain", default)]
    #[schemars(with = "String")]
    pub subdomain: Option<Name>,
}

fn subdomain<S: serde::Serializer>(value: &Option<Name>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(name) => s.collect_str(name),
        None => s.serialize_str(""),
    }
}

/// `[bridge]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bridge {
    /// Its interface name.
    #[schemars(with = "String")]
    pub name: InterfaceName,
    /// Its /32 address: the VMs' gateway, DNS and DHCP server.
    pub address: Ipv4Addr,
    /// Spanning tree.
    #[serde(default)]
    pub stp: bool,
    /// `bridge_maxwait`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maxwait: Option<u32>,
}

/// `[local]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Local {
    /// The alias (`lo:1`).
    #[schemars(with = "String")]
    pub interface: InterfaceName,
    /// Its /32 address.
    pub address: Ipv4Addr,
    /// A prefix routed to a blackhole (more specific routes still win).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub blackhole: Option<Ipv4Net>,
}

/// How dhcpd names a reservation's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FixedAddress {
    /// The address (dhcpd needs no DNS to start).
    Address,
    /// The VM's name, as the originals did.
    Name,
}

/// The DHCP server a node runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DhcpServer {
    /// ISC dhcpd: `etc/dhcp/dhcpd.conf` and `etc/default/isc-dhcp-server`.
    #[default]
    Isc,
    /// Kea: `etc/kea/kea-dhcp4.conf` (ISC DHCP is end-of-life upstream, deprecated in Debian 13).
    Kea,
}

impl DhcpServer {
    /// Whether this is the default, ISC dhcpd.
    pub fn is_isc(&self) -> bool {
        *self == DhcpServer::Isc
    }
}

/// `[dhcp]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dhcp {
    /// The subnet declaration; none for the covering prefix of the bridge and the VM networks.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub subnet: Option<Ipv4Net>,
    /// How reservations name their address.
    #[serde(default = "defaults::fixed_address")]
    pub fixed_address: FixedAddress,
    /// The server that serves it.
    #[serde(default, skip_serializing_if = "DhcpServer::is_isc")]
    pub server: DhcpServer,
}

/// `[cluster]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    /// Its name, relative to the domain.
    #[schemars(with = "String")]
    pub name: Name,
    /// Its address, in the nodes network.
    pub address: Ipv4Addr,
    /// The LVM volume group.
    #[schemars(with = "String")]
    pub volume_group: VgName,
    /// The enabled hypervisors.
    #[serde(default = "defaults::hypervisors")]
    #[schemars(with = "Vec<String>")]
    pub hypervisors: Vec<Hypervisor>,
    /// The memory kept free on every node that gives `memory` (capacity check); none for 1G.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub memory_reserve: Option<Size>,
}

/// `[firewall]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Firewall {
    /// Named public addresses; `failover` becomes the param `IP_FAILOVER`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Ipv4Addr>")]
    pub public: BTreeMap<Ident, Ipv4Addr>,
    /// Which node holds each public address (its /32 on that node's uplink, and the DNAT rules through
    /// it); an address not named here is held by the first node.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub holders: BTreeMap<Ident, Name>,
}

/// `[[nodes]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Its name, relative to the domain.
    #[schemars(with = "String")]
    pub name: Name,
    /// Its address in the nodes network (a /32 on the uplink).
    pub address: Ipv4Addr,
    /// The uplink interface.
    #[schemars(with = "String")]
    pub uplink: InterfaceName,
    /// The uplink's address and prefix; none for DHCP.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub uplink_address: Option<Ipv4Net>,
    /// The default gateway, inside the uplink's network.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway: Option<Ipv4Addr>,
    /// The private link between nodes (required with two or more): the node's address goes on it, with
    /// the nodes network's prefix.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub interconnect: Option<InterfaceName>,
    /// The memory its VMs may use (capacity check); none: unchecked.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub memory: Option<Size>,
    /// The size of the cluster's volume group on this node (capacity check); none: unchecked.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub volume_group_size: Option<Size>,
    /// The IPv6 /64 routed to this node: its bridge gets `<prefix>::1/64` and advertises the prefix,
    /// its VMs the address SLAAC gives them in it; none for IPv4 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub prefix6: Option<Ipv6Net>,
    /// A static IPv6 address and prefix on the uplink; none for no IPv6 on the uplink.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub uplink_address6: Option<Ipv6Net>,
    /// The IPv6 default gateway (link-local allowed, `fe80::1`), with `uplink_address6`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub gateway6: Option<Ipv6Addr>,
}

/// `[tls]`: the ACME account and server every HTTPS site's certificate is requested with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    /// The account's e-mail address, for the CA's notices (one address); required once a site has `tls`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub email: Option<Email>,
    /// The ACME server's directory URL (`https://`); Let's Encrypt's production directory by default.
    #[serde(default = "defaults::acme_server")]
    #[schemars(with = "String")]
    pub acme_server: AcmeServer,
}

/// A protocol of a forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Proto {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

/// A public port forwarded to a VM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Forward {
    /// The protocol.
    pub proto: Proto,
    /// The public port.
    pub port: u16,
    /// The VM's port; none for the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<u16>,
    /// The public address (a name of `firewall.public`); none when there is only one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub via: Option<Ident>,
}

/// A site the host's nginx proxies to a VM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The name nginx answers to.
    #[schemars(with = "String")]
    pub server_name: ServerName,
    /// The VM's port.
    #[serde(default = "defaults::site_port")]
    pub port: u16,
    /// The path proxied.
    #[serde(default = "defaults::site_path")]
    #[schemars(with = "String")]
    pub path: LocationPrefix,
    /// Served over HTTPS with a certificate from the ACME server of `[tls]` (HTTP-01): port 80 answers the
    /// challenge and redirects the rest to HTTPS once the certificate exists.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tls: bool,
    /// The public address (a name of `firewall.public`) whose holder's nginx serves the site; none for the
    /// first node.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub via: Option<Ident>,
}

/// `[[vms]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vm {
    /// Its name, relative to its network's subdomain.
    #[schemars(with = "String")]
    pub name: Name,
    /// Its network; none for the network named `vms`, else the only one that is not `nodes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub network: Option<Ident>,
    /// Its address; none to allocate one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Ipv4Addr>,
    /// Its MAC; none to generate one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub mac: Option<Mac>,
    /// Its node; none for the only one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub node: Option<Name>,
    /// The node its DRBD disks are mirrored to (a DRBD instance, `-n node:secondary`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub secondary: Option<Name>,
    /// Its memory.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub memory: Option<Size>,
    /// Its CPUs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vcpus: Option<u32>,
    /// Its disk.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub disk: Option<Size>,
    /// How its disk is stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub disk_template: Option<DiskTemplate>,
    /// Its OS definition.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub os: Option<OsName>,
    /// Hypervisor parameters.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub hypervisor: BTreeMap<HvKey, HvValue>,
    /// Public ports forwarded to it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(default)]
    pub forwards: Vec<Forward>,
    /// Sites proxied to it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(default)]
    pub sites: Vec<Site>,
}

impl Vm {
    /// A VM named `name` and nothing else: every optional key absent (addresses and MACs to allocate).
    pub fn new(name: Name) -> Vm {
        Vm {
            name,
            network: None,
            address: None,
            mac: None,
            node: None,
            secondary: None,
            memory: None,
            vcpus: None,
            disk: None,
            disk_template: None,
            os: None,
            hypervisor: BTreeMap::new(),
            forwards: Vec::new(),
            sites: Vec::new(),
        }
    }
}

/// The defaults of the plan's optional keys: one place for the reader and the JSON Schema.
pub(crate) mod defaults {
    use bind_zone::{Name, Ttl};
    use nginx_site::LocationPrefix;

    use super::FixedAddress;

    fn name(text: &str) -> Name {
        Name::new(text).unwrap_or_else(|_| unreachable!("{text} is a DNS name"))
    }

    fn duration(text: &str) -> Ttl {
        Ttl::new(text).unwrap_or_else(|_| unreachable!("{text} is a BIND duration"))
    }

    pub(crate) fn nameserver() -> Name {
        name("ns")
    }

    pub(crate) fn hostmaster() -> Name {
        name("hostmaster")
    }

    pub(crate) fn ttl() -> Ttl {
        duration("1h")
    }

    pub(crate) fn refresh() -> Ttl {
        duration("1h")
    }

    pub(crate) fn retry() -> Ttl {
        duration("30m")
    }

    pub(crate) fn expire() -> Ttl {
        duration("2w")
    }

    pub(crate) fn negative_ttl() -> Ttl {
        duration("30m")
    }

    pub(crate) fn fixed_address() -> FixedAddress {
        FixedAddress::Address
    }

    pub(crate) fn hypervisors() -> Vec<ganeti::Hypervisor> {
        vec![ganeti::Hypervisor::Kvm]
    }

    pub(crate) fn site_port() -> u16 {
        80
    }

    pub(crate) fn acme_server() -> nginx_site::certbot::AcmeServer {
        nginx_site::certbot::AcmeServer::lets_encrypt()
    }

    pub(crate) fn site_path() -> LocationPrefix {
        LocationPrefix::new("/").unwrap_or_else(|_| unreachable!("/ is a location prefix"))
    }
}
