//! The plan checked as a whole and every decision made: small passes over the plan, in the order of
//! PLAN.md, each adding its findings to one [`Resolver`], then the intermediate form ([`Farm`]) the
//! renderers read.
//!
//! Passes: [`networks`] (names, prefixes, the default VM network), [`hosts`] (the domain's names, the
//! bridge, the local alias), [`nodes`] (nodes, cluster, the name server's host), [`vms`] (each VM's
//! network, name and rules, its [`forwards`], and the [`allocate`]d addresses and MACs), [`dhcp`] (the
//! DHCP subnet), [`dns`] (the reverse zones), and [`form`]'s assembly ([`build`]).

use std::net::Ipv4Addr;

use bind_zone::Name;
use foldhash::{HashMap, HashMapExt as _};

use crate::diag::Diagnostic;
use crate::path::Path;
use crate::plan::Plan;
use crate::rule::Rule;

mod allocate;
mod build;
mod dhcp;
mod dns;
mod form;
mod forwards;
mod hosts;
mod ipv6;
mod networks;
mod nodes;
mod several;
mod tls;
mod vm_rules;
mod vms;

pub(crate) use dns::reverse_octets;
pub use form::TlsForm;
pub use form::{
    ClusterForm, DnsForm, Farm, ForwardForm, Instance, Interconnect, NodeForm, Placement,
    PublicAddress, TRANSFER_KEY, ZoneTransfer,
};
pub(crate) use ipv6::reverse_nibbles;
pub use tls::ACME_WEBROOT;

/// The first node: the cluster's master, the DNS primary, and where a VM, public address or site that
/// names no node lives. The passes decide with it; the form records the decision; the renderers never see
/// it.
const FIRST_NODE: usize = 0;

/// The most sites a node's nginx serves with an access log each; above it, they share one (one descriptor
/// per log file: a thousand would pass the usual limit of 1024 open files).
pub const MAX_SITE_LOGS: usize = 500;

/// Where a value is, kept until an error names it: a path, or a key of the table at a path, made a path of
/// its own only then (checking 100,000 VMs makes no path per value).
#[derive(Clone)]
pub(crate) enum At {
    Path(Path),
    /// `vms[i].key`.
    Vm(usize, &'static str),
    /// `vms[i].forwards[j].port`.
    ForwardPort(usize, usize),
    /// `vms[i].sites[j].server_name`.
    SiteName(usize, usize),
}

impl At {
    fn path(&self) -> Path {
        let vm = |i: usize| Path::root().key("vms").index(i);
        match self {
            At::Path(path) => path.clone(),
            At::Vm(i, key) => vm(*i).key(key),
            At::ForwardPort(i, j) => vm(*i).key("forwards").index(*j).key("port"),
            At::SiteName(i, j) => vm(*i).key("sites").index(*j).key("server_name"),
        }
    }
}

impl From<Path> for At {
    fn from(path: Path) -> At {
        At::Path(path)
    }
}

/// What a pass finds wrong.
#[derive(Default)]
pub(crate) struct Found {
    diagnostics: Vec<Diagnostic>,
}

impl Found {
    fn error(&mut self, rule: Rule, path: Path, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::new(rule, path, message));
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    /// Records `key` as used at `at`; a second use is an error breaking `rule`, naming both places.
    fn unique<K: std::hash::Hash + Eq>(
        &mut self,
        rule: Rule,
        seen: &mut HashMap<K, At>,
        key: K,
        at: impl Into<At>,
        what: impl FnOnce() -> String,
    ) -> Option<&mut Diagnostic> {
        match seen.entry(key) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let first = first.get().path();
                let message = what();
                Some(
                    self.error(rule, at.into().path(), message)
                        .add_also(first, "first used here"),
                )
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(at.into());
                None
            }
        }
    }
}

/// What the passes know of the plan so far: their findings, and what later passes build on.
pub(crate) struct Resolver<'a> {
    plan: &'a Plan,
    found: Found,
    /// Whether the VMs may be checked on threads of their own.
    parallel: bool,
    /// The domain, absolute.
    domain: Name,
    /// Every fully qualified name used so far, with its place.
    fqdns: HashMap<Name, At>,
    /// Every address the plan gives outside its VMs, with its place.
    addresses: HashMap<Ipv4Addr, At>,
    /// Index of the network named `nodes`.
    nodes_network: Option<usize>,
    /// The network of a VM that names none.
    vm_default_network: Option<usize>,
    /// The domain each network's hosts are named in, or why it cannot be made.
    network_bases: Vec<Result<Name, String>>,
    /// Each node's index by its name (the first, if twice).
    node_index: HashMap<&'a Name, usize>,
    /// The Shorewall params of the public addresses, with their places.
    public_params: Vec<(String, Path)>,
}

impl<'a> Resolver<'a> {
    /// The index of the node a VM (or a site, a holder) names: the first node when it names none; `None`
    /// for a name no node has.
    fn node_of(&self, name: Option<&Name>) -> Option<usize> {
        match name {
            Some(name) => self.node_index.get(name).copied(),
            None => Some(FIRST_NODE),
        }
    }

    /// The name `name` has in `base`, recorded as used at `at`.
    fn fqdn(
        found: &mut Found,
        fqdns: &mut HashMap<Name, At>,
        name: &Name,
        base: &Result<Name, String>,
        at: At,
    ) -> Option<Name> {
        let joined = match base {
            Ok(base) => name.join(base).map_err(|e| e.to_string()),
            Err(e) => Err(e.clone()),
        };
        match joined {
            Ok(fqdn) => {
                found.unique(Rule::DuplicateName, fqdns, fqdn.clone(), at, || {
                    format!("{fqdn} is named twice in the farm")
                });
                Some(fqdn)
            }
            Err(e) => {
                found.error(Rule::NameTooLong, at.path(), e);
                None
            }
        }
    }

    /// The domain the nodes are named in: the `nodes` network's subdomain of the farm's, or the farm's.
    fn nodes_base(&self) -> Result<Name, String> {
        match self.nodes_network {
            Some(n) => self.network_bases[n].clone(),
            None => Ok(self.domain.clone()),
        }
    }

    /// The name `name` has in the domain, recorded as used at `path`.
    fn farm_fqdn(&mut self, name: &Name, path: Path) -> Option<Name> {
        let base = Ok(self.domain.clone());
        Self::fqdn(&mut self.found, &mut self.fqdns, name, &base, path.into())
    }
}

impl Plan {
    /// Checks the plan as a whole and makes every decision it leaves; every problem at once.
    pub fn check(&self) -> Result<Farm, Vec<Diagnostic>> {
        resolve(self, crate::threads() > 1).map(|with_plan| with_plan(self.clone()))
    }

    /// [`check`](Self::check), keeping the plan inside the farm without copying it.
    pub fn into_farm(self) -> Result<Farm, Vec<Diagnostic>> {
        resolve(&self, crate::threads() > 1).map(|with_plan| with_plan(self))
    }
}

/// Every pass in order; the farm but for its plan, or every problem.
fn resolve(
    plan: &Plan,
    parallel: bool,
) -> Result<impl FnOnce(Plan) -> Farm + use<>, Vec<Diagnostic>> {
    let mut found = Found::default();
    let domain = match plan.domain.join(&Name::root()) {
        Ok(d) => d,
        Err(e) => {
            found.error(Rule::NameTooLong, Path::root().key("domain"), e.to_string());
            return Err(found.diagnostics);
        }
    };
    let many = plan.vms.len() + plan.nodes.len() + 8;
    let mut r = Resolver {
        plan,
        found,
        parallel,
        domain,
        fqdns: HashMap::with_capacity(many),
        addresses: HashMap::with_capacity(many),
        nodes_network: None,
        vm_default_network: None,
        network_bases: Vec::new(),
        node_index: HashMap::new(),
        public_params: Vec::new(),
    };
    networks::check(&mut r);
    hosts::check(&mut r);
    nodes::check(&mut r);
    forwards::public_params(&mut r);
    several::nodes(&mut r);
    let vms = vms::check(&mut r);
    forwards::ports_of_sites(&mut r);
    several::capacity(&mut r);
    let dhcp_subnet = dhcp::dhcp_subnet(&mut r, &vms.networks);
    if let Some((Ok(addresses), _)) = &vms.allocated {
        dhcp::kea_subnet_ids(&mut r, addresses);
    }
    let reverse = dns::reverse(&mut r, &vms.networks);
    let tls = tls::check(&mut r);
    let macs = vms.allocated.as_ref().map(|(_, macs)| macs.as_slice());
    let ipv6 = ipv6::check(&mut r, macs, &reverse);
    if !r.found.diagnostics.is_empty() {
        return Err(r.found.diagnostics);
    }
    let build = build::parts(&mut r, vms, dhcp_subnet, reverse, tls).ok_or(r.found.diagnostics)?;
    Ok(move |plan| {
        let mut farm = build(plan);
        ipv6::record(&mut farm, ipv6);
        farm
    })
}

#[cfg(test)]
mod tests {
    use super::vms::MIN_PARALLEL_CHECK;
    use bind_zone::Name;

    /// Names checked on a thread of their own give the diagnostics of one pass, in its order, several on
    /// one VM included.
    #[test]
    fn names_checked_apart_give_the_diagnostics_of_one_pass() {
        let mut plan = crate::synth(MIN_PARALLEL_CHECK + 100, 1);
        let name = |text: &str| Name::new(text).unwrap();
        // vm10 named as vm3: its name twice and its param twice; vm11 on an unknown network and node.
        plan.vms[10].name = name("vm3");
        plan.vms[11].network = Some("nowhere".parse().unwrap());
        plan.vms[11].node = Some(name("elsewhere"));
        // vm4000 to vm4002: the same address; vm4002 also the param of vm4001.
        for vm in &mut plan.vms[4000..=4002] {
            vm.address = Some("10.128.9.9".parse().unwrap());
        }
        plan.vms[4001].name = name("dup-a");
        plan.vms[4002].name = name("dup.a");
        // The last VM: memory without disk, and an unknown node.
        let last = plan.vms.len() - 1;
        plan.vms[last].disk = None;
        plan.vms[last].node = Some(name("nowhere"));
        let diagnostics = |parallel: bool| super::resolve(&plan, parallel).err().unwrap();
        let one = diagnostics(false);
        // A VM's network, its name, then the rest, VM by VM.
        let places: Vec<String> = one
            .iter()
            .map(|d| format!("{:?} {:?}", d.path, d.rule))
            .collect();
        assert_eq!(
            places,
            [
                "Some(Path(vms[10].name)) DuplicateName",
                "Some(Path(vms[10].name)) ParamCollision",
                "Some(Path(vms[11].network)) UnknownNetwork",
                "Some(Path(vms[11].node)) UnknownNode",
                "Some(Path(vms[4001].address)) DuplicateAddress",
                "Some(Path(vms[4002].name)) ParamCollision",
                "Some(Path(vms[4002].address)) DuplicateAddress",
                "Some(Path(vms[4195].node)) UnknownNode",
                "Some(Path(vms[4195])) Resources",
            ]
        );
        assert_eq!(diagnostics(true), one);
    }
}
