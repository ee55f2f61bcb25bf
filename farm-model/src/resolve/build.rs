//! The intermediate form put together from what the passes decided, once the plan has no error: each VM
//! placed, each node given its routes, public addresses and services.

use ipnet::Ipv4Net;

use super::form::Decided;
use super::vms::{Vms, host_name};
use super::{ClusterForm, DnsForm, Farm, NodeForm, Placement, PublicAddress, Resolver};
use super::{FIRST_NODE, Interconnect, MAX_SITE_LOGS, ZoneTransfer, several};
use crate::path::Path;
use crate::plan::{DhcpServer, FixedAddress, Plan};
use crate::rule::Rule;

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
                    Rule::NetworkFull,
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
    // The plan has no error here: every name is a node's.
    let node_of = |name: Option<&bind_zone::Name>| r.node_of(name).unwrap_or(FIRST_NODE);
    let decided = vms.rules.params.into_iter().zip(vms.rules.forwards);
    let chosen = vms.networks.into_iter().zip(vms.fqdns);
    for (((vm, (network, fqdn)), (address, mac)), (param, forwards)) in plan
        .vms
        .iter()
        .zip(chosen)
        .zip(addresses.into_iter().zip(macs))
        .zip(decided)
    {
        let secondary = vm.secondary.as_ref().map(|s| node_of(Some(s)));
        let site_nodes = vm
            .sites
            .iter()
            .map(|site| match &site.via {
                Some(via) => several::holder(plan, &r.node_index, via),
                None => FIRST_NODE,
            })
            .collect();
        let fqdn = fqdn?;
        let decided = Decided {
            network: network?,
            node: node_of(vm.node.as_ref()),
            secondary,
            address,
            mac,
            fqdn: fqdn.0,
            host: fqdn.1,
            param,
            forwards,
            site_nodes,
        };
        placed.push(Placement::new(vm, decided));
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
    let several = plan.nodes.len() > 1;
    let mut sites_served = vec![0usize; plan.nodes.len()];
    for vm in &placed {
        for &node in &vm.site_nodes {
            sites_served[node] += 1;
        }
    }
    let holders: Vec<usize> = public
        .iter()
        .map(|p| several::holder(plan, &r.node_index, &p.name))
        .collect();
    let nodes_prefix = r
        .nodes_network
        .map_or(32, |n| plan.networks[n].cidr.prefix_len());
    let first_address = plan.nodes.get(FIRST_NODE).map(|n| n.address)?;
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
            public: (0..public.len()).filter(|&p| holders[p] == i).collect(),
            proxies_sites: sites_served[i] > 0,
            shared_access_log: sites_served[i] > MAX_SITE_LOGS,
            cluster_master: i == FIRST_NODE && plan.cluster.is_some(),
            certificates: (tls.certificates.iter())
                .filter(|((vm, site), _)| placed[*vm].site_nodes.get(*site) == Some(&i))
                .map(|(_, name)| name.clone())
                .collect(),
            prefix6: None,
            bridge_address6: None,
            uplink_address6: None,
            gateway6: None,
            index: i,
            interconnect: match &node.interconnect {
                Some(interface) if several => Some(Interconnect {
                    interface: interface.clone(),
                    address: Ipv4Net::new(node.address, nodes_prefix).ok()?,
                }),
                _ => None,
            },
            zone_transfer: match (several, i == FIRST_NODE) {
                (false, _) => None,
                (true, true) => Some(ZoneTransfer::Primary {
                    secondaries: (plan.nodes.iter().enumerate())
                        .filter(|(j, _)| *j != FIRST_NODE)
                        .map(|(_, n)| n.address)
                        .collect(),
                }),
                (true, false) => Some(ZoneTransfer::Secondary {
                    primary: first_address,
                }),
            },
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
            disk_templates: if several {
                let mut used: Vec<ganeti::DiskTemplate> = placed
                    .iter()
                    .filter_map(|vm| vm.instance.map(|i| i.disk_template))
                    .collect();
                used.sort_by_key(|t| t.as_str());
                used.dedup();
                if used.is_empty() {
                    used.push(ganeti::DiskTemplate::Plain);
                }
                used
            } else {
                Vec::new()
            },
            joining: (0..plan.nodes.len()).filter(|&i| i != FIRST_NODE).collect(),
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
    let transfer_key_file = match (several, &plan.dns.transfer_key_file) {
        (false, _) => None,
        (true, Some(file)) => Some(file.clone()),
        (true, None) => Some(
            bind_zone::ConfPath::new(DEFAULT_TRANSFER_KEY_FILE)
                .unwrap_or_else(|_| unreachable!("{DEFAULT_TRANSFER_KEY_FILE} is a path")),
        ),
    };
    let drbd = placed.iter().any(|vm| {
        vm.secondary.is_some()
            || vm
                .instance
                .is_some_and(|i| i.disk_template == ganeti::DiskTemplate::Drbd)
    });
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
        transfer_key_file,
        drbd,
    })
}

/// Where named finds the TSIG key of the zone transfers unless the plan says (`dns.transfer_key_file`).
pub(crate) const DEFAULT_TRANSFER_KEY_FILE: &str = "/etc/bind/farm-transfer.key";
