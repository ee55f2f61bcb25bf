//! The VMs: each one's network first; then their names on one thread, their other rules
//! ([`vm_rules`](super::vm_rules)) on another, and the addresses and MACs [allocated](super::allocate) on
//! a third (a hash map of 100,000 on each), or all on one. What is wrong is put back in the order one pass
//! over the VMs gives: a VM's network, its name, then the rest.

use std::net::Ipv4Addr;

use bind_zone::Name;
use vocabulary::HostName;

use super::{At, Found, Resolver, allocate, vm_rules};
use crate::diag::Diagnostic;
use crate::path::Path;
use crate::plan::values::Mac;
use crate::rule::Rule;

/// From this many VMs on, their names, rules and allocation are each on a thread of their own.
pub(super) const MIN_PARALLEL_CHECK: usize = 4096;

/// What the VM pass decided, VM by VM.
pub(super) struct Vms {
    /// Each VM's network, if it has one.
    pub(super) networks: Vec<Option<usize>>,
    /// Each VM's name and its host name, if they could be made.
    pub(super) fqdns: Vec<Option<(Name, HostName)>>,
    /// What the rules decided.
    pub(super) rules: vm_rules::Decided,
    /// The addresses (or the first VM whose network is full) and the MACs, if every VM has a network.
    pub(super) allocated: Option<Allocated>,
}

/// The addresses (or the index of the first VM whose network is full) and the MACs.
pub(super) type Allocated = (Result<Vec<Ipv4Addr>, usize>, Vec<Mac>);

pub(super) fn check(r: &mut Resolver<'_>) -> Vms {
    let plan = r.plan;
    let mut found: Vec<(usize, u8, Diagnostic)> = Vec::new();
    let networks = networks(r, &mut found);
    let fqdns = std::mem::take(&mut r.fqdns);
    let (network_bases, domain) = (&r.network_bases, &r.domain);
    let farm_base = Ok(domain.clone());
    let names = || {
        let mut fqdns = fqdns;
        let mut c = Found::default();
        let mut found = Vec::new();
        let mut vm_fqdns = Vec::with_capacity(plan.vms.len());
        for (i, (vm, network)) in plan.vms.iter().zip(&networks).enumerate() {
            let base = network.map_or(&farm_base, |n| &network_bases[n]);
            let at = At::Vm(i, "name");
            let fqdn = Resolver::fqdn(&mut c, &mut fqdns, &vm.name, base, at.clone());
            vm_fqdns.push(fqdn.and_then(|fqdn| {
                let host = host_name(&mut c, &fqdn, at)?;
                Some((fqdn, host))
            }));
            found.extend(c.diagnostics.drain(..).map(|d| (i, 1, d)));
        }
        // Freed here, beside the rest.
        drop(fqdns);
        (vm_fqdns, found)
    };
    // The addresses the plan gives outside its VMs, as checked before: allocation skips them.
    let given: Vec<Ipv4Addr> = r.addresses.keys().copied().collect();
    let every: Option<Vec<usize>> = networks.iter().copied().collect();
    let allocate = || {
        every.as_ref().map(|every| {
            (
                allocate::addresses(plan, every, &given, plan.dns.nameserver_address),
                allocate::macs(plan, domain),
            )
        })
    };
    let addresses = std::mem::take(&mut r.addresses);
    let rest = || vm_rules::check(r, &networks, addresses);
    let apart = r.parallel && plan.vms.len() >= MIN_PARALLEL_CHECK;
    // A panic on another thread is this thread's.
    let (named, (allocated, (rules, ruled))) =
        crate::join(apart, names, || crate::join(apart, allocate, rest));
    let (fqdns, named) = named.unwrap_or_else(|e| std::panic::resume_unwind(e));
    let allocated = allocated.unwrap_or_else(|e| std::panic::resume_unwind(e));
    found.extend(named);
    found.extend(ruled);
    // Stable: each list is in VM order already.
    found.sort_by_key(|(i, rank, _)| (*i, *rank));
    r.found
        .diagnostics
        .extend(found.into_iter().map(|(_, _, d)| d));
    Vms {
        networks,
        fqdns,
        rules,
        allocated,
    }
}

/// Each VM's network: the one it names, or the default one.
fn networks(r: &Resolver<'_>, found: &mut Vec<(usize, u8, Diagnostic)>) -> Vec<Option<usize>> {
    let plan = r.plan;
    let mut c = Found::default();
    let mut networks = Vec::with_capacity(plan.vms.len());
    for (i, vm) in plan.vms.iter().enumerate() {
        // Made only when an error names it.
        let path = || Path::root().key("vms").index(i);
        let network = match &vm.network {
            Some(name) => {
                let found = plan.networks.iter().position(|n| n.name == *name);
                if found.is_none() {
                    let known: Vec<&str> = plan.networks.iter().map(|n| n.name.as_str()).collect();
                    c.error(
                        Rule::UnknownNetwork,
                        path().key("network"),
                        format!("no network is named {name}"),
                    )
                    .set_hint(format!("known networks: {}", known.join(", ")));
                }
                found
            }
            None => {
                if r.vm_default_network.is_none() {
                    c.error(Rule::UnknownNetwork, path(), "which network? No network is named `vms`, and there is not exactly one other than `nodes`").set_hint("add `network = \"...\"` to the VM");
                }
                r.vm_default_network
            }
        };
        networks.push(network);
        found.extend(c.diagnostics.drain(..).map(|d| (i, 0, d)));
    }
    networks
}

/// The host name of `fqdn`, as the files write it (a checked plan's names are host names: the reader saw
/// to their labels).
pub(super) fn host_name(c: &mut Found, fqdn: &Name, at: At) -> Option<HostName> {
    HostName::new(fqdn.without_dot())
        .map_err(|e| c.error(Rule::BadValue, at.path(), e.to_string()))
        .ok()
}
