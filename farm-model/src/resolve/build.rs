//! The intermediate form put together from what the passes decided, once the plan has no error: each VM
//! placed, each node given its routes, public addresses and services.

use ipnet::Ipv4Net;

use super::vms::{Vms, host_name};
use super::{ClusterForm, DnsForm, Farm, Instance, NodeForm, Placement, PublicAddress, Resolver};
use super::{FIRST_NODE, MAX_SITE_LOGS};
use crate::path::Path;
use crate::plan::{DhcpServer, FixedAddress, Plan};

/// The form but for its plan, or `None` with the reason in `r` (a network with no free address left).
pub(super) fn parts(
    r: &mut Resolver<'_>,
    vms: Vms,
    dhcp_subnet: Ipv4Net,
    reverse: Vec<Ipv4Net>,
    tls: super::tls::Decided,
) -> Option<impl FnOnce(Plan) -> Farm + use<>> {
    let plan = r.plan;
    let domain = r.domain.clone();
    let (addresses, macs) = vms.allocated?;
    let addresses = match addresses {
        Ok(addresses) => addresses,
        Err(i) => {
            let network = &plan.networks[vms.networks[i]?];
            r.found
                .error(
                    Path::root().key("vms").index(i),
                    format!(
                        "network {} ({}) has no free address left",
                        network.name, network.cidr
                    ),
                )
                .set_hint("give the network a shorter prefix, or move VMs to another network");
            return None;
        }
    };
    let mut placed = Vec::with_capacity(plan.vms.len());
    let decided = vms.rules.params.into_iter().zip(vms.rules.forwards);
    let chosen = vms.networks.into_iter().zip(vms.fqdns);
    for (((vm, (network, fqdn)), (address, mac)), (param, forwards)) in plan
        .vms
        .iter()
        .zip(chosen)
        .zip(addresses.into_iter().zip(macs))
        .zip(decided)
    {
        let instance = match (vm.memory, vm.disk, &vm.os) {
            (Some(memory), Some(disk), Some(_)) => Some(Instance {
                memory,
                disk,
                vcpus: vm.vcpus.unwrap_or(1),
                disk_template: vm.disk_template.unwrap_or(ganeti::DiskTemplate::Plain),
            }),
            _ => None,
        };
        let fqdn = fqdn?;
        placed.push(Placement {
            network: network?,
            node: FIRST_NODE,
            address,
            mac,
            address_pinned: vm.address.is_some(),
            mac_pinned: vm.mac.is_some(),
            fqdn: fqdn.0,
            host: fqdn.1,
            param,
            forwards,
            sites: vm.sites.clone(),
            instance,
            address6: None,
        });
    }
    let mut vm_networks: Vec<Ipv4Net> = Vec::new();
    for vm in &placed {
        let net = plan.networks[vm.network].cidr.trunc();
        if !vm_networks.contains(&net) {
            vm_networks.push(net);
        }
    }
    let public: Vec<PublicAddress> = plan
        .firewall
        .iter()
        .flat_map(|f| &f.public)
        .map(|(name, address)| PublicAddress {
            name: name.clone(),
            param: Farm::public_param(name.as_str()),
            address: *address,
        })
        .collect();
    let proxies_sites = placed.iter().any(|vm| !vm.sites.is_empty());
    let nodes_base = r.nodes_base().ok()?;
    let mut nodes = Vec::with_capacity(plan.nodes.len());
    for (i, node) in plan.nodes.iter().enumerate() {
        let path = || Path::root().key("nodes").index(i).key("name");
        let fqdn = node.name.join(&nodes_base).ok()?;
        nodes.push(NodeForm {
            name: node.name.clone(),
            host: host_name(&mut r.found, &fqdn, path().into())?,
            short: host_name(&mut r.found, &node.name, path().into())?,
            fqdn,
            address: node.address,
            uplink: node.uplink.clone(),
            uplink_address: node.uplink_address,
            gateway: node.gateway,
            routes: vm_networks.clone(),
            public: if i == FIRST_NODE {
                (0..public.len()).collect()
            } else {
                Vec::new()
            },
            proxies_sites,
            shared_access_log: (placed.iter().filter(|vm| vm.node == i))
                .map(|vm| vm.sites.len())
                .sum::<usize>()
                > MAX_SITE_LOGS,
            cluster_master: i == FIRST_NODE && plan.cluster.is_some(),
            certificates: (tls.certificates.iter())
                .filter(|(vm, _)| placed[*vm].node == i)
                .map(|(_, name)| name.clone())
                .collect(),
            prefix6: None,
            uplink_address6: None,
            gateway6: None,
        });
    }
    let cluster = match &plan.cluster {
        Some(c) => Some(ClusterForm {
            host: host_name(
                &mut r.found,
                &c.name.join(&domain).ok()?,
                Path::root().key("cluster").key("name").into(),
            )?,
            fqdn: c.name.join(&domain).ok()?,
            address: c.address,
            volume_group: c.volume_group.clone(),
            hypervisors: c.hypervisors.clone(),
            hypervisor: c.hypervisors.first().copied()?,
            primary: FIRST_NODE,
        }),
        None => None,
    };
    let dns = DnsForm {
        nameserver: plan.dns.nameserver.join(&domain).ok()?,
        hostmaster: plan.dns.hostmaster.join(&domain).ok()?,
    };
    let (listen_on, allow_recursion) = super::dns::name_server_lists(plan);
    let nodes_network = r.nodes_network;
    let fixed_address = plan
        .dhcp
        .as_ref()
        .map_or(FixedAddress::Address, |d| d.fixed_address);
    let dhcp_server = plan.dhcp.as_ref().map_or(DhcpServer::Isc, |d| d.server);
    Some(move |plan| Farm {
        plan,
        domain,
        vms: placed,
        nodes,
        vm_networks,
        nodes_network,
        public,
        dns,
        dhcp_subnet,
        fixed_address,
        dhcp_server,
        cluster,
        reverse,
        listen_on,
        allow_recursion,
        tls: tls.form,
        reverse6: Vec::new(),
        listen_on_v6: Vec::new(),
    })
}
