//! Each VM's rules but its network and name: its Shorewall param and node, its address inside its
//! network, its address and MAC used once, its resources, its forwards and its sites.

use foldhash::{HashMap, HashMapExt as _};

use super::forwards::{self, Ports};
use super::networks::is_host_of;
use super::{At, ForwardForm, Found, Resolver};
use crate::Farm;
use crate::diag::Diagnostic;
use crate::path::Path;
use crate::plan::values::Mac;
use crate::rule::Rule;

/// What the rules decided, VM by VM.
pub(super) struct Decided {
    /// Each VM's Shorewall param.
    pub(super) params: Vec<String>,
    /// Each VM's forwards, their public addresses chosen.
    pub(super) forwards: Vec<Vec<ForwardForm>>,
}

/// The rules of every VM (its `networks` given), and what is wrong with each, by VM.
pub(super) fn check(
    r: &Resolver<'_>,
    networks: &[Option<usize>],
    mut addresses: HashMap<std::net::Ipv4Addr, At>,
) -> (Decided, Vec<(usize, u8, Diagnostic)>) {
    let plan = r.plan;
    let mut c = Found::default();
    let mut found = Vec::new();
    let vm_params: Vec<String> = plan.vms.iter().map(|vm| Farm::vm_param(&vm.name)).collect();
    let mut params: HashMap<&str, At> = HashMap::with_capacity(plan.vms.len() + 8);
    for (param, path) in &r.public_params {
        params.entry(param).or_insert_with(|| path.clone().into());
    }
    let mut macs: HashMap<Mac, At> = HashMap::with_capacity(plan.vms.len());
    let mut ports: Ports<'_> = HashMap::new();
    let mut server_names: HashMap<&str, At> = HashMap::new();
    let public = plan.firewall.as_ref().map(|f| &f.public);
    let mut all_forwards = Vec::with_capacity(plan.vms.len());
    for (i, (vm, network)) in plan.vms.iter().zip(networks).enumerate() {
        // Made only when an error names it.
        let path = || Path::root().key("vms").index(i);
        c.unique(
            Rule::ParamCollision,
            &mut params,
            &vm_params[i],
            At::Vm(i, "name"),
            || {
                format!(
                    "{} becomes the Shorewall param {}, as another VM's name does",
                    vm.name, vm_params[i]
                )
            },
        );
        if let Some(node) = &vm.node {
            node_rule(&mut c, r, node, path, "node");
        }
        super::several::vm_nodes(&mut c, r, vm, path);
        if let (Some(addr), Some(n)) = (vm.address, network) {
            let net = &plan.networks[*n];
            if !is_host_of(net.cidr, addr) {
                c.error(
                    Rule::OutsideNetwork,
                    path().key("address"),
                    format!(
                        "{addr} is not a host address of network {} ({})",
                        net.name, net.cidr
                    ),
                );
            }
        }
        if let Some(addr) = vm.address {
            c.unique(
                Rule::DuplicateAddress,
                &mut addresses,
                addr,
                At::Vm(i, "address"),
                || format!("address {addr} is used twice"),
            );
        }
        if let Some(mac) = vm.mac {
            c.unique(Rule::DuplicateMac, &mut macs, mac, At::Vm(i, "mac"), || {
                format!("MAC {mac} is used twice")
            });
        }
        resources(&mut c, vm, path);
        let mut resolved = Vec::new();
        for (j, fwd) in vm.forwards.iter().enumerate() {
            resolved.extend(forwards::forward(&mut c, &mut ports, public, (i, j), fwd));
        }
        all_forwards.push(resolved);
        for (j, site) in vm.sites.iter().enumerate() {
            let at = At::SiteName(i, j);
            c.unique(
                Rule::DuplicateServerName,
                &mut server_names,
                site.server_name.as_str(),
                at,
                || format!("server name {} is proxied twice", site.server_name),
            );
            if let Some(via) = &site.via {
                super::several::site_via(&mut c, public, via, || {
                    path().key("sites").index(j).key("via")
                });
            }
        }
        found.extend(c.diagnostics.drain(..).map(|d| (i, 2, d)));
    }
    drop(params);
    let decided = Decided {
        params: vm_params,
        forwards: all_forwards,
    };
    (decided, found)
}

/// A VM's node (or secondary, `key`): a known one.
pub(super) fn node_rule(
    c: &mut Found,
    r: &Resolver<'_>,
    node: &bind_zone::Name,
    path: impl Fn() -> Path,
    key: &'static str,
) {
    let plan = r.plan;
    if !r.node_index.contains_key(node) {
        c.error(
            Rule::UnknownNode,
            path().key(key),
            format!("no node is named {node}"),
        )
        .set_hint(super::several::known_nodes(plan));
    }
}

/// A VM's resources: memory and disk together, with an OS.
fn resources(c: &mut Found, vm: &crate::plan::Vm, path: impl Fn() -> Path) {
    match (vm.memory.is_some(), vm.disk.is_some()) {
        (true, false) => {
            c.error(
                Rule::Resources,
                path(),
                "memory without disk: a VM with resources needs both",
            )
            .set_hint("add disk = \"10G\", or drop memory");
        }
        (false, true) => {
            c.error(
                Rule::Resources,
                path(),
                "disk without memory: a VM with resources needs both",
            )
            .set_hint("add memory = \"512M\", or drop disk");
        }
        (true, true) if vm.os.is_none() => {
            c.error(
                Rule::Resources,
                path(),
                "a VM with memory and disk needs an OS to install",
            )
            .set_hint("add os = \"debootstrap+default\"");
        }
        _ => {}
    }
}
