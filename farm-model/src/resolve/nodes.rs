//! The nodes (names, addresses in the nodes network, uplinks and gateways), the cluster's address and
//! hypervisors, and the name server's host.

use super::{Resolver, networks::is_host_of};
use crate::outputs::{NAME_MAX, NODE_NAME_MAX};
use crate::path::Path;
use crate::rule::Rule;

pub(super) fn check(r: &mut Resolver<'_>) {
    let plan = r.plan;
    let root = Path::root();
    if plan.nodes.is_empty() {
        r.found
            .error(Rule::NoNodes, root.key("nodes"), "the plan has no node")
            .set_hint("add a [[nodes]] table: the host the VMs run on");
    }
    if !plan.nodes.is_empty() && r.nodes_network.is_none() {
        r.found
            .error(
                Rule::NoNodes,
                root.key("networks"),
                "no network is named `nodes`; it holds the nodes' addresses",
            )
            .set_hint("add [[networks]] with name = \"nodes\"");
    }
    let nodes_net = r.nodes_network.map(|n| &plan.networks[n]);
    let base = r.nodes_base();
    for (i, node) in plan.nodes.iter().enumerate() {
        let path = root.key("nodes").index(i);
        let name = node.name.to_string();
        if name.len() > NODE_NAME_MAX {
            r.found
                .error(
                    Rule::FileNameTooLong,
                    path.key("name"),
                    format!(
                        "the node's name is {} bytes: its tree's folder is named after it, and the file \
                         system takes names of at most {NAME_MAX} bytes, {NODE_NAME_MAX} for a node",
                        name.len()
                    ),
                )
                .set_hint("choose a shorter node name");
        }
        let at = path.key("name").into();
        Resolver::fqdn(&mut r.found, &mut r.fqdns, &node.name, &base, at);
        r.node_index.entry(&node.name).or_insert(i);
        r.found.unique(
            Rule::DuplicateAddress,
            &mut r.addresses,
            node.address,
            path.key("address"),
            || format!("address {} is used twice", node.address),
        );
        if let Some(net) = nodes_net
            && !is_host_of(net.cidr, node.address)
        {
            r.found.error(
                Rule::OutsideNodesNetwork,
                path.key("address"),
                format!(
                    "{} is not a host address of the nodes network {}",
                    node.address, net.cidr
                ),
            );
        }
        if node.uplink.is_alias() {
            r.found.error(
                Rule::Alias,
                path.key("uplink"),
                format!(
                    "{} is an alias; the uplink is a real interface",
                    node.uplink
                ),
            );
        } else if node.uplink == plan.bridge.name {
            r.found
                .error(
                    Rule::UplinkIsBridge,
                    path.key("uplink"),
                    format!(
                        "{} is the bridge; the uplink is another interface",
                        node.uplink
                    ),
                )
                .set_hint("the uplink reaches the Internet, the bridge the VMs: name each")
                .add_also(root.key("bridge").key("name"), "the bridge");
        } else {
            super::hosts::firewall_interface(r, &node.uplink, path.key("uplink"));
        }
        match (node.uplink_address, node.gateway) {
            (Some(up), _) if !is_host_of(up, up.addr()) => {
                r.found.error(
                    Rule::OutsideNetwork,
                    path.key("uplink_address"),
                    format!("{up} is its network's network or broadcast address"),
                );
            }
            (Some(up), Some(gw)) if !up.contains(&gw) || gw == up.addr() => {
                r.found.error(
                    Rule::GatewayOutside,
                    path.key("gateway"),
                    format!(
                        "gateway {gw} is not inside the uplink's network {}",
                        up.trunc()
                    ),
                );
            }
            (None, Some(_)) => {
                r.found
                    .error(
                        Rule::UplinkKeys,
                        path.key("gateway"),
                        "a gateway without uplink_address: DHCP gives the gateway",
                    )
                    .set_hint("add uplink_address, or drop gateway");
            }
            _ => {}
        }
    }
    if let Some(cluster) = &plan.cluster {
        let path = root.key("cluster");
        r.found.unique(
            Rule::DuplicateAddress,
            &mut r.addresses,
            cluster.address,
            path.key("address"),
            || format!("address {} is used twice", cluster.address),
        );
        if let Some(net) = nodes_net
            && !is_host_of(net.cidr, cluster.address)
        {
            r.found.error(
                Rule::OutsideNodesNetwork,
                path.key("address"),
                format!(
                    "{} is not a host address of the nodes network {}",
                    cluster.address, net.cidr
                ),
            );
        }
        if cluster.hypervisors.is_empty() {
            r.found.error(
                Rule::NoHypervisor,
                path.key("hypervisors"),
                "no hypervisor is enabled",
            );
        }
    }
    // The name server runs on the bridge, a node or the local alias.
    let ns = plan.dns.nameserver_address;
    let ns_hosts = std::iter::once(plan.bridge.address)
        .chain(plan.nodes.iter().map(|n| n.address))
        .chain(plan.local.as_ref().map(|l| l.address));
    if !ns_hosts.clone().any(|a| a == ns) {
        r.found
            .error(
                Rule::NameServerHost,
                root.key("dns").key("nameserver_address"),
                format!("{ns} is not an address of this farm's hosts"),
            )
            .set_hint(format!(
                "the name server runs on the bridge or a node: use one of {}",
                ns_hosts
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
    }
}
