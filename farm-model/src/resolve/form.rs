//! The intermediate form: a plan with every decision made (names joined, addresses and MACs allocated,
//! defaults applied, forwards given their public address, each node its routes and services). The
//! renderers read only this form.

use std::net::{Ipv4Addr, Ipv6Addr};

use bind_zone::{AddressMatchElement, ConfPath, Name};
use ganeti::{DiskTemplate, Hypervisor, Size, VgName};
use ipnet::{Ipv4Net, Ipv6Net};
use netif::InterfaceName;
use nginx_site::certbot::{AcmeServer, Email};
use nginx_site::{CertName, FilePath};
use vocabulary::HostName;

use crate::plan::values::{Ident, Mac};
use crate::plan::{DhcpServer, FixedAddress, Plan, Proto, Site, Vm};

/// A checked plan with everything decided: what the renderers map onto the format crates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Farm {
    /// The plan as written.
    pub plan: Plan,
    /// The domain, absolute.
    pub domain: Name,
    /// One resolved VM per VM of the plan, in plan order.
    pub vms: Vec<Placement>,
    /// One resolved node per node of the plan, in plan order.
    pub nodes: Vec<NodeForm>,
    /// The networks that hold VMs, in the order of their first VM, without host bits.
    pub vm_networks: Vec<Ipv4Net>,
    /// Index of the network named `nodes`.
    pub nodes_network: Option<usize>,
    /// The firewall's public addresses, in the order of their names.
    pub public: Vec<PublicAddress>,
    /// The name server and its zones.
    pub dns: DnsForm,
    /// The dhcpd subnet: the plan's, or the covering prefix of the bridge and the VM networks.
    pub dhcp_subnet: Ipv4Net,
    /// How reservations name their address.
    pub fixed_address: FixedAddress,
    /// The DHCP server each node runs.
    pub dhcp_server: DhcpServer,
    /// The Ganeti cluster, if the plan has one.
    pub cluster: Option<ClusterForm>,
    /// The reverse zones: the plan's, or the covering prefix of each network.
    pub reverse: Vec<Ipv4Net>,
    /// `listen-on`.
    pub listen_on: Vec<AddressMatchElement>,
    /// `allow-recursion`.
    pub allow_recursion: Vec<AddressMatchElement>,
    /// The `ip6.arpa` zones: the plan's, or each node's prefix.
    pub reverse6: Vec<Ipv6Net>,
    /// `listen-on-v6`: `::1` and each bridge's IPv6 address; empty (`none`) when no node has a prefix.
    pub listen_on_v6: Vec<AddressMatchElement>,
    /// How HTTPS sites get their certificates; none when no site has `tls`.
    pub tls: Option<TlsForm>,
    /// With several nodes: the file every node's named includes for the TSIG key of the zone transfers
    /// (its key named [`TRANSFER_KEY`]); none with one node.
    pub transfer_key_file: Option<ConfPath>,
    /// Whether a VM uses DRBD: every node loads the module for Ganeti, and has an empty `/etc/drbd.conf`.
    pub drbd: bool,
}

/// What every HTTPS site's certificate is requested with: certbot's account and server, and the webroot
/// nginx answers the ACME challenge from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsForm {
    /// The account's e-mail address (`[tls].email`).
    pub email: Email,
    /// The ACME server's directory (`[tls].acme_server`, or Let's Encrypt's).
    pub acme_server: AcmeServer,
    /// The folder certbot writes the challenge into and nginx serves it from
    /// ([`ACME_WEBROOT`](crate::ACME_WEBROOT)).
    pub webroot: FilePath,
}

/// The name of the TSIG key zone transfers between nodes are signed with (`tsig-keygen farm-transfer`).
pub const TRANSFER_KEY: &str = "farm-transfer";

/// A node's part in the zone transfers of a farm of several nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneTransfer {
    /// The primary of every zone: it notifies the others and lets them transfer with the key.
    Primary {
        /// The other nodes' addresses.
        secondaries: Vec<Ipv4Addr>,
    },
    /// A secondary of every zone, transferred from the primary with the key (kept under
    /// `/var/cache/bind/`).
    Secondary {
        /// The primary's address.
        primary: Ipv4Addr,
    },
}

/// A node's end of the private link between nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interconnect {
    /// The interface.
    pub interface: InterfaceName,
    /// The node's address with the nodes network's prefix.
    pub address: Ipv4Net,
}

/// A resolved VM: where it ended up (network, node, address, MAC) and what the files say of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Index of its network in `plan.networks`.
    pub network: usize,
    /// Index of its node in `plan.nodes`.
    pub node: usize,
    /// Its address.
    pub address: Ipv4Addr,
    /// Its MAC.
    pub mac: Mac,
    /// Whether the plan gave the address.
    pub address_pinned: bool,
    /// Whether the plan gave the MAC.
    pub mac_pinned: bool,
    /// Its fully qualified name.
    pub fqdn: Name,
    /// The same, as a host name (no trailing dot).
    pub host: HostName,
    /// Its Shorewall param (`VM_SKARO_XIVO`).
    pub param: String,
    /// Its public ports, each with its public address chosen.
    pub forwards: Vec<ForwardForm>,
    /// The sites proxied to it.
    pub sites: Vec<Site>,
    /// The node whose nginx serves each of its sites (index in `plan.nodes`), in the order of `sites`.
    pub site_nodes: Vec<usize>,
    /// Index of its DRBD secondary node in `plan.nodes`, if it has one.
    pub secondary: Option<usize>,
    /// The Ganeti instance, when the VM has resources.
    pub instance: Option<Instance>,
    /// Its IPv6 address, on a node with a prefix: the prefix and its MAC's modified EUI-64, what SLAAC
    /// gives it.
    pub address6: Option<Ipv6Addr>,
}

/// What the passes decided of one VM, before it is placed ([`Placement::new`]).
pub(crate) struct Decided {
    /// Index of its network in `plan.networks`.
    pub(crate) network: usize,
    /// Index of its node in `plan.nodes`.
    pub(crate) node: usize,
    /// Index of its DRBD secondary node, if it has one.
    pub(crate) secondary: Option<usize>,
    /// Its address, given or allocated.
    pub(crate) address: Ipv4Addr,
    /// Its MAC, given or allocated.
    pub(crate) mac: Mac,
    /// Its fully qualified name.
    pub(crate) fqdn: Name,
    /// The same, as a host name.
    pub(crate) host: HostName,
    /// Its Shorewall param.
    pub(crate) param: String,
    /// Its forwards, each with its public address chosen.
    pub(crate) forwards: Vec<ForwardForm>,
    /// The node serving each of its sites.
    pub(crate) site_nodes: Vec<usize>,
}

impl Placement {
    /// `vm` placed where the passes decided (`decided`), with what follows from the VM as written: a VM
    /// field the renderers need reaches them here.
    pub(crate) fn new(vm: &Vm, decided: Decided) -> Placement {
        let default_template = match decided.secondary {
            Some(_) => DiskTemplate::Drbd,
            None => DiskTemplate::Plain,
        };
        let instance = match (vm.memory, vm.disk, &vm.os) {
            (Some(memory), Some(disk), Some(_)) => Some(Instance {
                memory,
                disk,
                vcpus: vm.vcpus.unwrap_or(1),
                disk_template: vm.disk_template.unwrap_or(default_template),
            }),
            _ => None,
        };
        Placement {
            network: decided.network,
            node: decided.node,
            address: decided.address,
            mac: decided.mac,
            address_pinned: vm.address.is_some(),
            mac_pinned: vm.mac.is_some(),
            fqdn: decided.fqdn,
            host: decided.host,
            param: decided.param,
            forwards: decided.forwards,
            sites: vm.sites.clone(),
            site_nodes: decided.site_nodes,
            secondary: decided.secondary,
            instance,
            address6: None,
        }
    }
}

/// A public port forwarded to a VM, its public address chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForwardForm {
    /// The protocol.
    pub proto: Proto,
    /// The public port.
    pub port: u16,
    /// The VM's port.
    pub to: u16,
    /// Index of its public address in [`Farm::public`].
    pub public: usize,
}

/// A named public address of the firewall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicAddress {
    /// Its name in the plan.
    pub name: Ident,
    /// Its Shorewall param (`IP_FAILOVER`).
    pub param: String,
    /// The address.
    pub address: Ipv4Addr,
}

/// A VM's Ganeti instance, its defaults applied. Its OS and hypervisor parameters are the plan's as
/// written (`farm.plan.vms[i].os`, `.hypervisor`): nothing to decide, and not copied for 100,000 VMs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instance {
    /// Its memory.
    pub memory: Size,
    /// Its disk.
    pub disk: Size,
    /// Its CPUs (1 unless the plan says).
    pub vcpus: u32,
    /// How its disk is stored (plain unless the plan says).
    pub disk_template: DiskTemplate,
}

/// A resolved node: its names, its interfaces, its routes and what it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeForm {
    /// Its index in `plan.nodes` (a VM's `node` and `secondary` name nodes by it).
    pub index: usize,
    /// Its name, relative to the domain.
    pub name: Name,
    /// Its fully qualified name.
    pub fqdn: Name,
    /// The same, as a host name.
    pub host: HostName,
    /// Its name as a host name (`host01`).
    pub short: HostName,
    /// Its address in the nodes network.
    pub address: Ipv4Addr,
    /// The uplink interface.
    pub uplink: InterfaceName,
    /// The uplink's address and prefix; none for DHCP.
    pub uplink_address: Option<Ipv4Net>,
    /// The default gateway.
    pub gateway: Option<Ipv4Addr>,
    /// The networks routed to its bridge.
    pub routes: Vec<Ipv4Net>,
    /// The public addresses it holds (indexes in [`Farm::public`]); the forwards through them are its own.
    pub public: Vec<usize>,
    /// Whether its nginx proxies sites to the VMs (the host reaches the VMs, port 80 is open).
    pub proxies_sites: bool,
    /// Whether its sites share one access log (`/var/log/nginx/farm.access.log`, the host first on each
    /// line) rather than one each: above [`MAX_SITE_LOGS`](crate::MAX_SITE_LOGS) sites, where a file per
    /// site would pass the usual limit of 1024 open files.
    pub shared_access_log: bool,
    /// Whether it is the cluster's master, which runs the provisioning script.
    pub cluster_master: bool,
    /// The certificates its nginx serves HTTPS sites with, one per site with `tls`, in the order of the
    /// VMs and their sites (the issue script's order); port 443 is open when there is one.
    pub certificates: Vec<CertName>,
    /// The IPv6 /64 routed to it, which its bridge advertises; none for IPv4 only.
    pub prefix6: Option<radvd_conf::Prefix>,
    /// The bridge's IPv6 address, `<prefix6>::1`: the VMs' IPv6 gateway and DNS server (radvd's RDNSS),
    /// and an address named listens on.
    pub bridge_address6: Option<Ipv6Addr>,
    /// The uplink's static IPv6 address and prefix.
    pub uplink_address6: Option<Ipv6Net>,
    /// The IPv6 default gateway (maybe link-local).
    pub gateway6: Option<Ipv6Addr>,
    /// Its end of the private link between nodes, with several nodes.
    pub interconnect: Option<Interconnect>,
    /// Its part in the zone transfers, with several nodes.
    pub zone_transfer: Option<ZoneTransfer>,
}

/// The name server, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsForm {
    /// Its fully qualified name.
    pub nameserver: Name,
    /// The SOA mailbox, fully qualified.
    pub hostmaster: Name,
}

/// The Ganeti cluster, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterForm {
    /// Its fully qualified name.
    pub fqdn: Name,
    /// The same, as a host name.
    pub host: HostName,
    /// Its address.
    pub address: Ipv4Addr,
    /// The LVM volume group.
    pub volume_group: VgName,
    /// The enabled hypervisors.
    pub hypervisors: Vec<Hypervisor>,
    /// The hypervisor instances' parameters are for (the first enabled).
    pub hypervisor: Hypervisor,
    /// Index of the cluster's master node (the first node).
    pub primary: usize,
    /// The disk templates the instances use, enabled at init (`--enabled-disk-templates`); empty with one
    /// node (Ganeti's default).
    pub disk_templates: Vec<DiskTemplate>,
    /// The nodes the master adds to the cluster (`gnt-node add`), in plan order.
    pub joining: Vec<usize>,
}

impl Farm {
    /// One line per value the plan did not pin: `vms[1] dev.dachary: address 10.10.60.1 not pinned`.
    pub fn unpinned(&self) -> Vec<String> {
        self.unpinned_notes(usize::MAX)
    }

    /// The first `limit` lines of [`unpinned`](Self::unpinned), written only for them.
    pub fn unpinned_notes(&self, limit: usize) -> Vec<String> {
        let mut notes = Vec::new();
        for (i, (vm, placed)) in self.plan.vms.iter().zip(&self.vms).enumerate() {
            if notes.len() >= limit {
                break;
            }
            if !placed.address_pinned {
                notes.push(format!(
                    "vms[{i}] {}: address {} not pinned",
                    vm.name, placed.address
                ));
            }
            if !placed.mac_pinned {
                notes.push(format!(
                    "vms[{i}] {}: mac {} not pinned",
                    vm.name, placed.mac
                ));
            }
        }
        notes.truncate(limit);
        notes
    }

    /// How many values the plan did not pin (the length of [`unpinned`](Self::unpinned)).
    pub fn unpinned_count(&self) -> usize {
        self.vms
            .iter()
            .map(|p| usize::from(!p.address_pinned) + usize::from(!p.mac_pinned))
            .sum()
    }

    /// The Shorewall param of a VM (`skaro.xivo` is `VM_SKARO_XIVO`).
    pub fn vm_param(vm: &Name) -> String {
        let text = vm.without_dot();
        let mut param = String::with_capacity(text.len() + 4);
        param.push_str("VM_");
        if text.is_ascii() {
            // A name is ASCII: one byte each, no decoding.
            let mut bytes = param.into_bytes();
            bytes.extend(text.bytes().map(|b| {
                if b.is_ascii_alphanumeric() {
                    b.to_ascii_uppercase()
                } else {
                    b'_'
                }
            }));
            // ASCII bytes are always UTF-8.
            param = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        } else {
            param.extend(text.chars().map(param_char));
        }
        if vm.is_absolute() {
            param.push('_');
        }
        param
    }

    /// The Shorewall param of a public address (`failover` is `IP_FAILOVER`).
    pub fn public_param(name: &str) -> String {
        format!("IP_{}", name.chars().map(param_char).collect::<String>())
    }
}

/// A character of a name as a Shorewall param has it: letters and digits uppercase, anything else `_`.
fn param_char(c: char) -> char {
    if c.is_ascii_alphanumeric() {
        c.to_ascii_uppercase()
    } else {
        '_'
    }
}

#[cfg(test)]
mod tests {
    use bind_zone::Name;

    #[test]
    fn params_are_names_in_capitals_with_underscores() {
        let param = |name: &str| super::Farm::vm_param(&Name::new(name).unwrap());
        assert_eq!(param("skaro.xivo"), "VM_SKARO_XIVO");
        assert_eq!(param("Dev-1.dachary.vm.farm."), "VM_DEV_1_DACHARY_VM_FARM_");
        assert_eq!(param("_sip.x9"), "VM__SIP_X9");
    }
}
