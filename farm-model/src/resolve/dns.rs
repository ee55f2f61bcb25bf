//! The name server's zones and lists: the reverse zones (the plan's, octet-aligned, or the covering /8,
//! /16 or /24 of each network), every node and VM address inside one; `listen-on` and `allow-recursion`.

use std::net::{IpAddr, Ipv4Addr};

use bind_zone::AddressMatchElement;
use ipnet::Ipv4Net;

use super::Resolver;
use crate::path::Path;

pub(super) fn reverse(r: &mut Resolver<'_>, vm_networks: &[Option<usize>]) -> Vec<Ipv4Net> {
    let plan = r.plan;
    let root = Path::root();
    let mut valid = true;
    let reverse = match &plan.dns.reverse {
        Some(list) => {
            for (i, prefix) in list.iter().enumerate() {
                if let Err(e) = bind_zone::reverse_zone_name((*prefix).into()) {
                    let path = root.key("dns").key("reverse").index(i);
                    r.found.error(path, e.to_string());
                    valid = false;
                }
            }
            list.clone()
        }
        None => {
            let mut list: Vec<Ipv4Net> = plan
                .networks
                .iter()
                .map(|n| covering_octet(n.cidr))
                .collect();
            list.sort();
            list.dedup();
            // A zone inside another would only repeat its PTRs: keep the outer one.
            let outer = list.clone();
            list.retain(|z| !outer.iter().any(|o| o != z && o.contains(z)));
            list
        }
    };
    // With a refused prefix, every address would seem uncovered: say only what is wrong.
    let in_reverse = |addr: Ipv4Addr| !valid || reverse.iter().any(|z| z.contains(&addr));
    for (i, node) in plan.nodes.iter().enumerate() {
        if !in_reverse(node.address) {
            r.found
                .error(
                    root.key("nodes").index(i).key("address"),
                    format!("{} is inside no reverse zone", node.address),
                )
                .set_hint("add a prefix that holds it to dns.reverse");
        }
    }
    for (i, (vm, net)) in plan.vms.iter().zip(vm_networks).enumerate() {
        let covered = match (vm.address, net) {
            (Some(addr), _) => in_reverse(addr),
            (None, Some(n)) => {
                !valid || reverse.iter().any(|z| z.contains(&plan.networks[*n].cidr))
            }
            (None, None) => true,
        };
        if !covered {
            r.found
                .error(
                    root.key("vms").index(i).key("address"),
                    format!("the address of {} is inside no reverse zone", vm.name),
                )
                .set_hint("add a prefix that holds it to dns.reverse");
        }
    }
    reverse
}

/// The octet-aligned prefix (/8, /16 or /24) that covers `net`.
fn covering_octet(net: Ipv4Net) -> Ipv4Net {
    let len = (net.prefix_len() / 8 * 8).clamp(8, 24);
    Ipv4Net::new(net.network(), len).map_or(net, |n| n.trunc())
}

/// `listen-on` (the plan's, or 127.0.0.1 and the name server's address) and `allow-recursion` (the
/// plan's, or 127.0.0.1 and every network).
pub(super) fn name_server_lists(
    plan: &crate::plan::Plan,
) -> (Vec<AddressMatchElement>, Vec<AddressMatchElement>) {
    let localhost = || AddressMatchElement::from(IpAddr::from([127, 0, 0, 1]));
    let listen_on = plan.dns.listen_on.clone().unwrap_or_else(|| {
        vec![
            localhost(),
            AddressMatchElement::from(IpAddr::V4(plan.dns.nameserver_address)),
        ]
    });
    let allow_recursion = plan.dns.allow_recursion.clone().unwrap_or_else(|| {
        let mut list = vec![localhost()];
        list.extend(plan.networks.iter().filter_map(|n| {
            format!("{}", n.cidr.trunc())
                .parse::<AddressMatchElement>()
                .ok()
        }));
        list
    });
    (listen_on, allow_recursion)
}
