//! The networks: names once, prefixes without host bits and apart; which one holds the nodes, and which
//! one a VM that names none lives in.

use std::net::Ipv4Addr;

use foldhash::{HashMap, HashMapExt as _};
use ipnet::Ipv4Net;

use super::Resolver;
use crate::path::Path;
use crate::rule::Rule;

pub(super) fn check(r: &mut Resolver<'_>) {
    let plan = r.plan;
    let root = Path::root();
    let mut names = HashMap::new();
    for (i, net) in plan.networks.iter().enumerate() {
        let path = root.key("networks").index(i);
        r.found.unique(
            Rule::DuplicateNetwork,
            &mut names,
            net.name.clone(),
            path.key("name"),
            || format!("network {} is defined twice", net.name),
        );
        if net.cidr.trunc() != net.cidr {
            r.found
                .error(
                    Rule::HostBits,
                    path.key("cidr"),
                    format!("{} has host bits set", net.cidr),
                )
                .set_hint(format!("write {}", net.cidr.trunc()));
        }
        if net.name.as_str() == "nodes" {
            r.nodes_network = Some(i);
        }
        for (j, other) in plan.networks.iter().enumerate().take(i) {
            if net.cidr.contains(&other.cidr.network()) || other.cidr.contains(&net.cidr.network())
            {
                r.found
                    .error(
                        Rule::NetworksOverlap,
                        path.key("cidr"),
                        format!(
                            "network {} ({}) overlaps network {} ({})",
                            net.name, net.cidr, other.name, other.cidr
                        ),
                    )
                    .add_also(
                        root.key("networks").index(j).key("cidr"),
                        "the other network",
                    );
            }
        }
    }
    let nodes_network = r.nodes_network;
    r.vm_default_network = plan
        .networks
        .iter()
        .position(|n| n.name.as_str() == "vms")
        .or_else(|| {
            let others: Vec<usize> = (0..plan.networks.len())
                .filter(|i| Some(*i) != nodes_network)
                .collect();
            (others.len() == 1).then(|| others[0])
        });
    // The domain a host of each network is named in: the farm's, or the network's subdomain of it.
    let domain = &r.domain;
    r.network_bases = plan
        .networks
        .iter()
        .map(|n| match &n.subdomain {
            Some(s) => s.join(domain).map_err(|e| e.to_string()),
            None => Ok(domain.clone()),
        })
        .collect();
}

/// Whether `addr` is a host address of `net` (not its network or broadcast address, unless /31 or /32).
pub(super) fn is_host_of(net: Ipv4Net, addr: Ipv4Addr) -> bool {
    net.contains(&addr)
        && (net.prefix_len() >= 31 || (addr != net.network() && addr != net.broadcast()))
}
