//! The name server's zones and lists: the reverse zones (the plan's, octet-aligned, or the covering /8,
//! /16 or /24 of each network), every node and VM address inside one; `listen-on` and `allow-recursion`.

use std::net::{IpAddr, Ipv4Addr};

use bind_zone::AddressMatchElement;
use ipnet::Ipv4Net;

use foldhash::{HashMap, HashMapExt as _};

use super::{At, Resolver};
use crate::outputs::{BIND_ZONE, NAME_MAX};
use crate::path::Path;
use crate::rule::Rule;

pub(super) fn reverse(r: &mut Resolver<'_>, vm_networks: &[Option<usize>]) -> Vec<Ipv4Net> {
    let plan = r.plan;
    let root = Path::root();
    let mut valid = true;
    let reverse = match &plan.dns.reverse {
        Some(list) => {
            for (i, prefix) in list.iter().enumerate() {
                if let Err(e) = bind_zone::reverse_zone_name((*prefix).into()) {
                    let path = root.key("dns").key("reverse").index(i);
                    let rule = match e {
                        bind_zone::Error::HostBitsSet { .. } => Rule::HostBits,
                        _ => Rule::ReverseOctets,
                    };
                    r.found.error(rule, path, e.to_string());
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
    if valid {
        zone_files(r, &reverse);
    }
    // With a refused prefix, every address would seem uncovered: say only what is wrong.
    let in_reverse = |addr: Ipv4Addr| !valid || reverse.iter().any(|z| z.contains(&addr));
    for (i, node) in plan.nodes.iter().enumerate() {
        if !in_reverse(node.address) {
            r.found
                .error(
                    Rule::OutsideReverseZone,
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
                    Rule::OutsideReverseZone,
                    root.key("vms").index(i).key("address"),
                    format!("the address of {} is inside no reverse zone", vm.name),
                )
                .set_hint("add a prefix that holds it to dns.reverse");
        }
    }
    reverse
}

/// Every zone's file (`db.` then the domain, or a reverse zone's octets) is a name of its own, short
/// enough for the file system: `domain = "10.10"` would make the forward zone and the reverse zone of
/// 10.10.0.0/16 one file `db.10.10`.
fn zone_files(r: &mut Resolver<'_>, reverse: &[Ipv4Net]) {
    let plan = r.plan;
    let root = Path::root();
    let domain = root.key("domain");
    let forward = BIND_ZONE.file_name(r.domain.without_dot());
    if forward.len() > NAME_MAX {
        r.found
            .error(
                Rule::FileNameTooLong,
                domain.clone(),
                format!(
                    "the forward zone's file {}... is {} bytes, over the file system's {NAME_MAX}",
                    &forward[..16],
                    forward.len()
                ),
            )
            .set_hint("choose a shorter domain");
    }
    let mut files: HashMap<String, At> = HashMap::with_capacity(reverse.len() + 1);
    files.insert(forward, domain.into());
    // Each zone with the field that makes it: its entry in dns.reverse, or the first network it covers.
    let zones: Vec<(Ipv4Net, Path)> = match &plan.dns.reverse {
        Some(list) => (list.iter().enumerate())
            .map(|(i, z)| (*z, root.key("dns").key("reverse").index(i)))
            .collect(),
        None => (reverse.iter())
            .filter_map(|zone| {
                let i = (plan.networks.iter()).position(|n| zone.contains(&n.cidr))?;
                Some((*zone, root.key("networks").index(i).key("cidr")))
            })
            .collect(),
    };
    for (zone, at) in zones {
        let file = BIND_ZONE.file_name(&reverse_octets(zone));
        let shared = r
            .found
            .unique(Rule::ZoneFileShared, &mut files, file.clone(), at, || {
                format!("the reverse zone of {zone} is written to {file}, a file another zone has")
            });
        if let Some(d) = shared {
            d.set_hint(
                "give each zone a file of its own: a domain that is not a reverse zone's octets, \
                 each prefix in dns.reverse once",
            );
        }
    }
}

/// What names a reverse zone's file: its prefix's octets (`10.10.0.0/16` is `10.10`, in `db.10.10`).
pub(crate) fn reverse_octets(prefix: Ipv4Net) -> String {
    let octets = usize::from(prefix.prefix_len() / 8);
    let parts: Vec<String> = prefix.network().octets()[..octets]
        .iter()
        .map(u8::to_string)
        .collect();
    parts.join(".")
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
