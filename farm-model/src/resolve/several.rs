//! Several nodes: each node's interconnect, the holders of the public addresses, each VM's node and DRBD
//! secondary, the node serving a site, and the capacity of the nodes that give sizes.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use bind_zone::Name;
use ganeti::{DiskTemplate, Size};

use super::{FIRST_NODE, Found, Resolver};
use crate::path::Path;
use crate::plan::values::Ident;
use crate::plan::{Plan, Vm};
use crate::rule::Rule;

/// The memory kept free on a node that gives `memory`, when the plan's cluster does not say.
const DEFAULT_MEMORY_RESERVE_MIB: u64 = 1024;

/// What a DRBD disk costs on each of its two nodes beside its size: Ganeti's metadata volume.
const DRBD_METADATA_MIB: u64 = 128;

/// The most VMs an error lists by name.
const LISTED_VMS: usize = 10;

/// The nodes' interconnects (required with two or more, not the uplink nor the bridge) and the holders of
/// the public addresses (known addresses, known nodes).
pub(super) fn nodes(r: &mut Resolver<'_>) {
    let plan = r.plan;
    let several = plan.nodes.len() > 1;
    for (i, node) in plan.nodes.iter().enumerate() {
        let path = Path::root().key("nodes").index(i);
        match &node.interconnect {
            None if several => {
                r.found
                    .error(
                        Rule::NoInterconnect,
                        path,
                        format!(
                            "missing `interconnect`: node {} is one of {} nodes, linked privately",
                            node.name,
                            plan.nodes.len()
                        ),
                    )
                    .set_hint(
                        "add interconnect = \"eth1\": the interface of the private link between the nodes",
                    );
            }
            None => {}
            Some(link) if *link == node.uplink => {
                r.found
                    .error(
                        Rule::InterconnectShared,
                        path.key("interconnect"),
                        format!("{link} is the uplink; the interconnect is another interface"),
                    )
                    .set_hint("the uplink reaches the Internet, the interconnect the other nodes")
                    .add_also(path.key("uplink"), "the uplink");
            }
            Some(link) if *link == plan.bridge.name => {
                r.found
                    .error(
                        Rule::InterconnectShared,
                        path.key("interconnect"),
                        format!("{link} is the bridge; the interconnect is another interface"),
                    )
                    .add_also(Path::root().key("bridge").key("name"), "the bridge");
            }
            Some(link) if link.is_alias() => {
                r.found.error(
                    Rule::Alias,
                    path.key("interconnect"),
                    format!("{link} is an alias; the interconnect is a real interface"),
                );
            }
            Some(link) => super::hosts::firewall_interface(r, link, path.key("interconnect")),
        }
    }
    let Some(firewall) = &plan.firewall else {
        return;
    };
    for (address, node) in &firewall.holders {
        let path = Path::root()
            .key("firewall")
            .key("holders")
            .key(address.as_str());
        if !firewall.public.contains_key(address) {
            r.found
                .error(
                    Rule::UnknownPublicAddress,
                    path.clone(),
                    format!("no public address is named {address}"),
                )
                .set_hint(known_public(&firewall.public));
        }
        if !r.node_index.contains_key(node) {
            r.found
                .error(Rule::UnknownNode, path, format!("no node is named {node}"))
                .set_hint(known_nodes(plan));
        }
    }
}

/// The hint of an unknown public address: the known ones, or where to add one.
pub(super) fn known_public(public: &BTreeMap<Ident, Ipv4Addr>) -> String {
    if public.is_empty() {
        "add it to [firewall.public]".to_owned()
    } else {
        let names: Vec<&str> = public.keys().map(Ident::as_str).collect();
        format!("known public addresses: {}", names.join(", "))
    }
}

/// The hint of an unknown node: the known ones.
pub(super) fn known_nodes(plan: &Plan) -> String {
    let names: Vec<String> = plan.nodes.iter().map(|n| n.name.to_string()).collect();
    format!("known nodes: {}", names.join(", "))
}

/// A VM's node (required with several nodes) and its DRBD secondary (another known node, exactly for
/// DRBD).
pub(super) fn vm_nodes(c: &mut Found, r: &Resolver<'_>, vm: &Vm, path: impl Fn() -> Path) {
    let plan = r.plan;
    if vm.node.is_none() && plan.nodes.len() > 1 {
        c.error(
            Rule::VmNode,
            path(),
            format!(
                "which node? The plan has {} nodes and no VM is placed silently",
                plan.nodes.len()
            ),
        )
        .set_hint(format!(
            "add node = one of {}",
            plan.nodes
                .iter()
                .map(|n| format!("\"{}\"", n.name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    match (&vm.secondary, vm.disk_template) {
        (None, Some(DiskTemplate::Drbd)) => {
            c.error(
                Rule::DrbdWithoutSecondary,
                path().key("disk_template"),
                "drbd mirrors the disks to a secondary node: the VM names none",
            )
            .set_hint(format!(
                "add secondary = another node than its own ({})",
                known_nodes(plan)
            ));
        }
        (Some(_), Some(template)) if template != DiskTemplate::Drbd => {
            c.error(
                Rule::SecondaryWithoutDrbd,
                path().key("secondary"),
                format!("a secondary node is for DRBD; the VM's disk_template is {template}"),
            )
            .set_hint("drop disk_template (a secondary makes it drbd), or drop secondary");
        }
        (Some(secondary), _) => {
            let own = vm
                .node
                .as_ref()
                .or_else(|| plan.nodes.get(FIRST_NODE).map(|n| &n.name));
            if own == Some(secondary) {
                c.error(
                    Rule::SecondaryIsOwnNode,
                    path().key("secondary"),
                    format!("{secondary} is the VM's own node; its mirror lives on another"),
                )
                .set_hint(known_nodes(plan));
            } else {
                super::vm_rules::node_rule(c, r, secondary, &path, "secondary");
            }
        }
        _ => {}
    }
}

/// A site's `via`: a public address of the plan.
pub(super) fn site_via(
    c: &mut Found,
    public: Option<&BTreeMap<Ident, Ipv4Addr>>,
    via: &Ident,
    path: impl Fn() -> Path,
) {
    if !public.is_some_and(|p| p.contains_key(via)) {
        let empty = BTreeMap::new();
        c.error(
            Rule::UnknownPublicAddress,
            path(),
            format!("no public address is named {via}"),
        )
        .set_hint(known_public(public.unwrap_or(&empty)));
    }
}

/// The node that holds a public address: its holder, or the first node.
pub(super) fn holder(
    plan: &Plan,
    node_index: &foldhash::HashMap<&Name, usize>,
    name: &Ident,
) -> usize {
    plan.firewall
        .as_ref()
        .and_then(|f| f.holders.get(name))
        .and_then(|node| node_index.get(node).copied())
        .unwrap_or(FIRST_NODE)
}

/// A size in MiB, as a person reads it (`2048 MiB` is `2G`).
fn mib(n: u64) -> String {
    if n % 1024 == 0 {
        format!("{}G", n / 1024)
    } else {
        format!("{n}M")
    }
}

/// The names of `vms`, at most [`LISTED_VMS`] of them.
fn listed(plan: &Plan, vms: &[usize]) -> String {
    let mut names: Vec<String> = vms
        .iter()
        .take(LISTED_VMS)
        .map(|&i| plan.vms[i].name.to_string())
        .collect();
    if vms.len() > LISTED_VMS {
        names.push(format!("and {} more", vms.len() - LISTED_VMS));
    }
    names.join(", ")
}

/// The nodes that give sizes hold their VMs: memory within `memory - reserve`, also once a failed node's
/// DRBD VMs started on their secondary (N+1), and the disks of the VMs it is primary or secondary of, with
/// DRBD's metadata, within `volume_group_size`. Run once every VM's node is known to be right.
pub(super) fn capacity(r: &mut Resolver<'_>) {
    let plan = r.plan;
    if plan
        .nodes
        .iter()
        .all(|n| n.memory.is_none() && n.volume_group_size.is_none())
    {
        return;
    }
    let n = plan.nodes.len();
    // Per node: its own VMs, and per other node the DRBD VMs it would take over from it.
    let mut own: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut stored: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut takeover: Vec<BTreeMap<usize, Vec<usize>>> = vec![BTreeMap::new(); n];
    for (i, vm) in plan.vms.iter().enumerate() {
        let Some(node) = r.node_of(vm.node.as_ref()) else {
            continue;
        };
        own[node].push(i);
        stored[node].push(i);
        if let Some(secondary) = vm.secondary.as_ref().and_then(|s| r.node_index.get(s)) {
            stored[*secondary].push(i);
            takeover[*secondary].entry(node).or_default().push(i);
        }
    }
    let memory = |vms: &[usize]| -> u64 {
        vms.iter()
            .filter_map(|&i| plan.vms[i].memory.map(Size::mebibytes))
            .sum()
    };
    let reserve = plan
        .cluster
        .as_ref()
        .and_then(|c| c.memory_reserve)
        .map_or(DEFAULT_MEMORY_RESERVE_MIB, Size::mebibytes);
    for (i, node) in plan.nodes.iter().enumerate() {
        let path = Path::root().key("nodes").index(i);
        if let Some(total) = node.memory.map(Size::mebibytes) {
            let room = total.saturating_sub(reserve);
            let used = memory(&own[i]);
            if used > room {
                r.found
                    .error(
                        Rule::Memory,
                        path.key("memory"),
                        format!(
                            "node {}: its VMs need {} of memory, it has {} less the reserve {}: {} (VMs {})",
                            node.name,
                            mib(used),
                            mib(total),
                            mib(reserve),
                            mib(room),
                            listed(plan, &own[i])
                        ),
                    )
                    .set_hint("move VMs to another node, or give them less memory");
            } else if let Some((failed, vms)) = takeover[i]
                .iter()
                .map(|(failed, vms)| (*failed, vms))
                .max_by_key(|(_, vms)| memory(vms))
                .filter(|(_, vms)| used + memory(vms) > room)
            {
                r.found
                    .error(
                        Rule::NPlusOne,
                        path.key("memory"),
                        format!(
                            "node {}: if node {} fails, its DRBD VMs start here: {} of its own and {} taken over \
                             need more than its {} less the reserve {}: {} (VMs taken over {})",
                            node.name,
                            plan.nodes[failed].name,
                            mib(used),
                            mib(memory(vms)),
                            mib(total),
                            mib(reserve),
                            mib(room),
                            listed(plan, vms)
                        ),
                    )
                    .set_hint("mirror some of them to another node, or keep more memory free (N+1)");
            }
        }
        if let Some(total) = node.volume_group_size.map(Size::mebibytes) {
            let used: u64 = stored[i]
                .iter()
                .filter_map(|&v| {
                    let vm = &plan.vms[v];
                    let drbd =
                        vm.secondary.is_some() || vm.disk_template == Some(DiskTemplate::Drbd);
                    vm.disk
                        .map(|d| d.mebibytes() + if drbd { DRBD_METADATA_MIB } else { 0 })
                })
                .sum();
            if used > total {
                r.found
                    .error(
                        Rule::VolumeGroup,
                        path.key("volume_group_size"),
                        format!(
                            "node {}: the disks it holds need {} (with {} of DRBD metadata per DRBD disk), its \
                             volume group has {} (VMs {})",
                            node.name,
                            mib(used),
                            mib(DRBD_METADATA_MIB),
                            mib(total),
                            listed(plan, &stored[i])
                        ),
                    )
                    .set_hint("move VMs or their mirrors to another node, or give them smaller disks");
            }
        }
    }
}
