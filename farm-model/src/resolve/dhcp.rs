//! The DHCP subnet: the plan's, holding the bridge and every VM network, or their covering prefix; and
//! what Kea refuses of the VMs' addresses.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::Resolver;
use crate::path::Path;
use crate::plan::DhcpServer;
use crate::rule::Rule;

/// Kea numbers each VM's /32 subnet by the VM's address as a 32-bit number, so that a subnet keeps its id
/// (and Kea its leases) whatever VMs are added or removed; Kea refuses the ids 0 and 2^32 - 1, the addresses
/// 0.0.0.0 and 255.255.255.255.
pub(super) fn kea_subnet_ids(r: &mut Resolver<'_>, addresses: &[Ipv4Addr]) {
    let plan = r.plan;
    if plan.dhcp.as_ref().map(|d| d.server) != Some(DhcpServer::Kea) {
        return;
    }
    for (i, addr) in addresses.iter().enumerate() {
        if addr.is_unspecified() || addr.is_broadcast() {
            let vm = Path::root().key("vms").index(i);
            let path = match plan.vms.get(i).and_then(|v| v.address) {
                Some(_) => vm.key("address"),
                None => vm,
            };
            r.found
                .error(
                    Rule::KeaSubnetId,
                    path,
                    format!(
                        "Kea numbers a VM's subnet by its address, and refuses {addr} (id {})",
                        u32::from(*addr)
                    ),
                )
                .set_hint("give the VM another address, or use dhcp.server = \"isc\"");
        }
    }
}

pub(super) fn dhcp_subnet(r: &mut Resolver<'_>, vm_networks: &[Option<usize>]) -> Ipv4Net {
    let plan = r.plan;
    let vm_nets: Vec<Ipv4Net> = {
        let mut used: Vec<usize> = vm_networks.iter().flatten().copied().collect();
        used.sort_unstable();
        used.dedup();
        used.iter()
            .map(|n| plan.networks[*n].cidr.trunc())
            .collect()
    };
    let bridge = plan.bridge.address;
    let bridge_net = Ipv4Net::new(bridge, 32).unwrap_or_default();
    let Some(subnet) = plan.dhcp.as_ref().and_then(|d| d.subnet) else {
        return covering(&[&[bridge_net][..], &vm_nets].concat()).unwrap_or(bridge_net);
    };
    let path = Path::root().key("dhcp").key("subnet");
    if subnet.trunc() != subnet {
        r.found.error(
            Rule::HostBits,
            path.clone(),
            format!("{subnet} has host bits set; write {}", subnet.trunc()),
        );
    }
    if !subnet.contains(&bridge) {
        r.found.error(
            Rule::DhcpSubnet,
            path.clone(),
            format!("{subnet} does not hold the bridge address {bridge}"),
        );
    }
    for net in &vm_nets {
        if !subnet.contains(net) {
            r.found.error(
                Rule::DhcpSubnet,
                path.clone(),
                format!("{subnet} does not hold the VM network {net}"),
            );
        }
    }
    subnet.trunc()
}

/// The longest prefix holding every one of `nets`.
fn covering(nets: &[Ipv4Net]) -> Option<Ipv4Net> {
    let first = nets.first()?;
    let mut len = first.prefix_len();
    let base = u32::from(first.network());
    for net in nets {
        let diff = base ^ u32::from(net.network());
        let common = u8::try_from(diff.leading_zeros()).unwrap_or(32);
        len = len.min(common).min(net.prefix_len());
    }
    Ipv4Net::new(first.network(), len).ok().map(|n| n.trunc())
}
