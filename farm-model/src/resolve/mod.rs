//! The plan checked as a whole, and what is missing allocated: the [`Farm`] the renderer maps onto the
//! format crates.

use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};
use std::fmt::Write as _;
use std::net::Ipv4Addr;

use bind_zone::{AddressMatchElement, Name};
use ipnet::Ipv4Net;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt as _, SeedableRng as _};

use crate::diag::Diagnostic;
use crate::path::Path;
use crate::plan::{FixedAddress, Plan, Proto};
use crate::plan::values::Mac;

/// Where a VM ended up: its network, node, address and MAC, and whether the plan pinned them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Index of its network in `plan.networks`.
    pub network: usize,
    /// Index of its node in `plan.nodes`.
    pub node: usize,
    /// Its address.
    pub address: Ipv4Addr,
    /// Its MAC.
    pub mac: Mac,
    /// Whether the plan gave the address.
    pub address_pinned: bool,
    /// Whether the plan gave the MAC.
    pub mac_pinned: bool,
    /// Its fully qualified name.
    pub fqdn: Name,
}

/// A checked plan with everything allocated: what the renderer maps onto the format crates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Farm {
    /// The plan as written.
    pub plan: Plan,
    /// One placement per VM, in plan order.
    pub vms: Vec<Placement>,
    /// The domain, absolute.
    pub domain: Name,
    /// Index of the network named `nodes`.
    pub nodes_network: Option<usize>,
    /// The reverse zones: the plan's, or the covering prefix of each network.
    pub reverse: Vec<Ipv4Net>,
    /// The dhcpd subnet: the plan's, or the covering prefix of the bridge and the VM networks.
    pub dhcp_subnet: Ipv4Net,
    /// How reservations name their address.
    pub fixed_address: FixedAddress,
    /// `listen-on`.
    pub listen_on: Vec<AddressMatchElement>,
    /// `allow-recursion`.
    pub allow_recursion: Vec<AddressMatchElement>,
}

impl Farm {
    /// One line per value the plan did not pin: `vms[1] dev.dachary: address 10.10.60.1 not pinned`.
    pub fn unpinned(&self) -> Vec<String> {
        self.unpinned_notes(usize::MAX)
    }

    /// The first `limit` lines of [`unpinned`](Self::unpinned), written only for them.
    pub fn unpinned_notes(&self, limit: usize) -> Vec<String> {
        let mut notes = Vec::new();
        for (i, (vm, placed)) in self.plan.vms.iter().zip(&self.vms).enumerate() {
            if notes.len() >= limit {
                break;
            }
            if !placed.address_pinned {
                notes.push(format!(
                    "vms[{i}] {}: address {} not pinned",
                    vm.name, placed.address
                ));
            }
            if !placed.mac_pinned {
                notes.push(format!(
                    "vms[{i}] {}: mac {} not pinned",
                    vm.name, placed.mac
                ));
            }
        }
        notes.truncate(limit);
        notes
    }

    /// How many values the plan did not pin (the length of [`unpinned`](Self::unpinned)).
    pub fn unpinned_count(&self) -> usize {
        self.vms
            .iter()
            .map(|p| usize::from(!p.address_pinned) + usize::from(!p.mac_pinned))
            .sum()
    }

    /// The Shorewall param of a VM (`skaro.xivo` is `VM_SKARO_XIVO`).
    pub fn vm_param(vm: &Name) -> String {
        let text = vm.without_dot();
        let mut param = String::with_capacity(text.len() + 4);
        param.push_str("VM_");
        if text.is_ascii() {
            // A name is ASCII: one byte each, no decoding.
            let mut bytes = param.into_bytes();
            bytes.extend(text.bytes().map(|b| {
                if b.is_ascii_alphanumeric() {
                    b.to_ascii_uppercase()
                } else {
                    b'_'
                }
            }));
            // ASCII bytes are always UTF-8.
            param = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        } else {
            param.extend(text.chars().map(param_char));
        }
        if vm.is_absolute() {
            param.push('_');
        }
        param
    }

    /// The Shorewall param of a public address (`failover` is `IP_FAILOVER`).
    pub fn public_param(name: &str) -> String {
        format!("IP_{}", param_suffix(name))
    }
}

fn param_suffix(name: &str) -> String {
    name.chars().map(param_char).collect()
}

/// A character of a name as a Shorewall param has it: letters and digits uppercase, anything else `_`.
fn param_char(c: char) -> char {
    if c.is_ascii_alphanumeric() {
        c.to_ascii_uppercase()
    } else {
        '_'
    }
}

/// The octet-aligned prefix (/8, /16 or /24) that covers `net`.
fn covering_octet(net: Ipv4Net) -> Ipv4Net {
    let len = (net.prefix_len() / 8 * 8).clamp(8, 24);
    Ipv4Net::new(net.network(), len).map_or(net, |n| n.trunc())
}

/// The longest prefix holding every one of `nets`.
fn covering(nets: &[Ipv4Net]) -> Option<Ipv4Net> {
    let first = nets.first()?;
    let mut len = first.prefix_len();
    let base = u32::from(first.network());
    for net in nets {
        let diff = base ^ u32::from(net.network());
        let common = u8::try_from(diff.leading_zeros()).unwrap_or(32);
        len = len.min(common).min(net.prefix_len());
    }
    Ipv4Net::new(first.network(), len).ok().map(|n| n.trunc())
}

/// Whether `addr` is a host address of `net` (not its network or broadcast address, unless /31 or /32).
fn is_host_of(net: Ipv4Net, addr: Ipv4Addr) -> bool {
    net.contains(&addr)
        && (net.prefix_len() >= 31 || (addr != net.network() && addr != net.broadcast()))
}

/// FNV-1a, 64 bits: the fixed, named hash that seeds a VM's MAC generator (never `DefaultHasher`, whose
/// output may change between Rust releases).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The generator of a VM's MAC: ChaCha8 seeded by FNV-1a of `domain`, a NUL, and the VM's name.
fn mac_generator(domain: &Name, vm: &Name) -> ChaCha8Rng {
    let mut seed = Fnv1a64(0xcbf2_9ce4_8422_2325);
    // Writing to the hash cannot fail.
    let _ = write!(seed, "{domain}\0{vm}");
    ChaCha8Rng::seed_from_u64(seed.0)
}

/// FNV-1a over the bytes written to it ([`fnv1a64`] without the text in one piece).
struct Fnv1a64(u64);

impl std::fmt::Write for Fnv1a64 {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for b in s.bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Ok(())
    }
}

/// A generated MAC: QEMU/KVM's locally administered prefix `52:54`, then four bytes from `rng`.
fn draw_mac(rng: &mut ChaCha8Rng) -> Mac {
    let b = rng.random::<u32>().to_be_bytes();
    // 0x52 is even (unicast) and the bytes are not all zero, so this is always a valid MAC.
    Mac::new([0x52, 0x54, b[0], b[1], b[2], b[3]].into()).unwrap_or_else(|_| draw_mac(rng))
}

/// Every VM's address: its own, or the lowest free host address of its network (`networks`, one per VM),
/// in plan order, skipping `given` (the addresses the plan gives outside its VMs), the VMs' own and `ns`.
/// The index of the first VM whose network is full, if one is.
fn allocate_addresses(
    plan: &Plan,
    networks: &[usize],
    given: &[Ipv4Addr],
    ns: Ipv4Addr,
) -> Result<Vec<Ipv4Addr>, usize> {
    let mut taken: HashSet<Ipv4Addr> = HashSet::with_capacity(plan.vms.len() + given.len() + 1);
    taken.extend(given.iter().copied());
    taken.extend(plan.vms.iter().filter_map(|vm| vm.address));
    taken.insert(ns);
    let mut cursors: Vec<u32> = plan
        .networks
        .iter()
        .map(|n| u32::from(n.cidr.network()))
        .collect();
    let mut out = Vec::with_capacity(plan.vms.len());
    for (i, (vm, &network)) in plan.vms.iter().zip(networks).enumerate() {
        if let Some(address) = vm.address {
            out.push(address);
            continue;
        }
        let net = plan.networks[network].cidr;
        let last = u32::from(net.broadcast());
        let mut candidate = cursors[network];
        let address = loop {
            let addr = Ipv4Addr::from(candidate);
            if is_host_of(net, addr) && !taken.contains(&addr) {
                break addr;
            }
            if candidate >= last {
                return Err(i);
            }
            candidate += 1;
        };
        cursors[network] = candidate;
        taken.insert(address);
        out.push(address);
    }
    Ok(out)
}

/// Every VM's MAC: its own, or one drawn from the VM's own generator, skipping MACs already taken (those the
/// plan gives and those drawn before, in plan order).
fn allocate_macs(plan: &Plan, domain: &Name) -> Vec<Mac> {
    let mut taken: HashSet<Mac> = HashSet::with_capacity(plan.vms.len());
    taken.extend(plan.vms.iter().filter_map(|vm| vm.mac));
    plan.vms
        .iter()
        .map(|vm| match vm.mac {
            Some(mac) => mac,
            None => {
                let mut rng = mac_generator(domain, &vm.name);
                let mut mac = draw_mac(&mut rng);
                while !taken.insert(mac) {
                    mac = draw_mac(&mut rng);
                }
                mac
            }
        })
        .collect()
}

/// From this many VMs on, their names are checked on a thread of their own.
const MIN_PARALLEL_CHECK: usize = 4096;

/// Where a value is, kept until an error names it: a path, or a key of the table at a path, made a path of
/// its own only then (checking 100,000 VMs makes no path per value).
#[derive(Clone)]
enum At {
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

struct Checker<'a> {
    plan: &'a Plan,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, path: Path, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::new(path, message));
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    /// Records `key` as used at `path`; a second use is an error naming both places.
    fn unique<K: std::hash::Hash + Eq>(
        &mut self,
        seen: &mut HashMap<K, At>,
        key: K,
        at: impl Into<At>,
        what: impl FnOnce() -> String,
    ) {
        match seen.entry(key) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let first = first.get().path();
                let message = what();
                self.error(at.into().path(), message)
                    .add_also(first, "first used here");
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(at.into());
            }
        }
    }
}

impl Plan {
    /// Checks the plan as a whole and allocates what it leaves out; every problem at once.
    pub fn check(&self) -> Result<Farm, Vec<Diagnostic>> {
        self.parts().map(|parts| parts.with_plan(self.clone()))
    }

    /// [`check`](Self::check), keeping the plan inside the farm without copying it.
    pub fn into_farm(self) -> Result<Farm, Vec<Diagnostic>> {
        self.parts().map(|parts| parts.with_plan(self))
    }

    fn parts(&self) -> Result<Parts, Vec<Diagnostic>> {
        let mut c = Checker {
            plan: self,
            diagnostics: Vec::new(),
        };
        let parts = check(&mut c, crate::threads() > 1);
        if c.diagnostics.is_empty() {
            parts.ok_or_else(Vec::new)
        } else {
            Err(c.diagnostics)
        }
    }
}

/// A farm but for its plan.
struct Parts {
    vms: Vec<Placement>,
    domain: Name,
    nodes_network: Option<usize>,
    reverse: Vec<Ipv4Net>,
    dhcp_subnet: Ipv4Net,
    fixed_address: FixedAddress,
    listen_on: Vec<AddressMatchElement>,
    allow_recursion: Vec<AddressMatchElement>,
}

impl Parts {
    fn with_plan(self, plan: Plan) -> Farm {
        Farm {
            plan,
            vms: self.vms,
            domain: self.domain,
            nodes_network: self.nodes_network,
            reverse: self.reverse,
            dhcp_subnet: self.dhcp_subnet,
            fixed_address: self.fixed_address,
            listen_on: self.listen_on,
            allow_recursion: self.allow_recursion,
        }
    }
}

#[allow(
    clippy::too_many_lines,
    reason = "one pass over the plan, rule by rule, in the order of PLAN.md"
)]
fn check(c: &mut Checker<'_>, parallel: bool) -> Option<Parts> {
    let plan = c.plan;
    let root = Path::root();
    let domain = match plan.domain.join(&Name::root()) {
        Ok(d) => d,
        Err(e) => {
            c.error(root.key("domain"), e.to_string());
            return None;
        }
    };

    // Networks.
    let mut network_names = HashMap::new();
    let mut nodes_network = None;
    for (i, net) in plan.networks.iter().enumerate() {
        let path = root.key("networks").index(i);
        c.unique(
            &mut network_names,
            net.name.clone(),
            path.key("name"),
            || format!("network {} is defined twice", net.name),
        );
        if net.cidr.trunc() != net.cidr {
            c.error(path.key("cidr"), format!("{} has host bits set", net.cidr))
                .set_hint(format!("write {}", net.cidr.trunc()));
        }
        if net.name.as_str() == "nodes" {
            nodes_network = Some(i);
        }
        for (j, other) in plan.networks.iter().enumerate().take(i) {
            if net.cidr.contains(&other.cidr.network()) || other.cidr.contains(&net.cidr.network())
            {
                c.error(
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
    let vm_default_network = plan
        .networks
        .iter()
        .position(|n| n.name.as_str() == "vms")
        .or_else(|| {
            let others: Vec<usize> = (0..plan.networks.len())
                .filter(|i| Some(*i) != nodes_network)
                .collect();
            (others.len() == 1).then(|| others[0])
        });

    // Names, addresses and their places.
    let many = plan.vms.len() + plan.nodes.len() + 8;
    let mut fqdns: HashMap<Name, At> = HashMap::with_capacity(many);
    let mut addresses: HashMap<Ipv4Addr, At> = HashMap::with_capacity(many);
    // The domain a name is joined to: the farm's, or a network's subdomain of it (joined once per network).
    let base_of = |sub: Option<&Name>| -> Result<Name, String> {
        match sub {
            Some(s) => s.join(&domain).map_err(|e| e.to_string()),
            None => Ok(domain.clone()),
        }
    };
    let farm_base = base_of(None);
    let network_bases: Vec<Result<Name, String>> = plan
        .networks
        .iter()
        .map(|n| base_of(n.subdomain.as_ref()))
        .collect();
    let fqdn_of = |c: &mut Checker<'_>,
                   fqdns: &mut HashMap<Name, At>,
                   name: &Name,
                   base: &Result<Name, String>,
                   at: At|
     -> Option<Name> {
        let joined = match base {
            Ok(base) => name.join(base).map_err(|e| e.to_string()),
            Err(e) => Err(e.clone()),
        };
        match joined {
            Ok(fqdn) => {
                c.unique(fqdns, fqdn.clone(), at, || {
                    format!("{fqdn} is named twice in the farm")
                });
                Some(fqdn)
            }
            Err(e) => {
                c.error(at.path(), e);
                None
            }
        }
    };
    fqdn_of(
        c,
        &mut fqdns,
        &plan.dns.nameserver,
        &farm_base,
        root.key("dns").key("nameserver").into(),
    );
    if let Some(cluster) = &plan.cluster {
        fqdn_of(
            c,
            &mut fqdns,
            &cluster.name,
            &farm_base,
            root.key("cluster").key("name").into(),
        );
    }

    // Bridge and local alias.
    if plan.bridge.name.is_alias() {
        c.error(
            root.key("bridge").key("name"),
            format!(
                "{} is an alias; a bridge is a real interface",
                plan.bridge.name
            ),
        );
    }
    c.unique(
        &mut addresses,
        plan.bridge.address,
        root.key("bridge").key("address"),
        || format!("address {} is used twice", plan.bridge.address),
    );
    if let Some(local) = &plan.local {
        if !local.interface.is_alias() {
            c.error(
                root.key("local").key("interface"),
                format!("{} is not an alias", local.interface),
            )
            .set_hint("write an alias of lo, e.g. \"lo:1\"");
        }
        c.unique(
            &mut addresses,
            local.address,
            root.key("local").key("address"),
            || format!("address {} is used twice", local.address),
        );
        if let Some(b) = local.blackhole
            && b.trunc() != b
        {
            c.error(
                root.key("local").key("blackhole"),
                format!("{b} has host bits set; write {}", b.trunc()),
            );
        }
    }

    // Nodes.
    if plan.nodes.is_empty() {
        c.error(root.key("nodes"), "the plan has no node")
            .set_hint("add a [[nodes]] table: the host the VMs run on");
    }
    if !plan.nodes.is_empty() && nodes_network.is_none() {
        c.error(
            root.key("networks"),
            "no network is named `nodes`; it holds the nodes' addresses",
        )
        .set_hint("add [[networks]] with name = \"nodes\"");
    }
    let mut node_index: HashMap<&Name, usize> = HashMap::new();
    for (i, node) in plan.nodes.iter().enumerate() {
        let path = root.key("nodes").index(i);
        fqdn_of(
            c,
            &mut fqdns,
            &node.name,
            &farm_base,
            path.key("name").into(),
        );
        node_index.entry(&node.name).or_insert(i);
        c.unique(&mut addresses, node.address, path.key("address"), || {
            format!("address {} is used twice", node.address)
        });
        if let Some(net) = nodes_network.map(|n| &plan.networks[n])
            && !is_host_of(net.cidr, node.address)
        {
            c.error(
                path.key("address"),
                format!(
                    "{} is not a host address of the nodes network {}",
                    node.address, net.cidr
                ),
            );
        }
        if node.uplink.is_alias() {
            c.error(
                path.key("uplink"),
                format!(
                    "{} is an alias; the uplink is a real interface",
                    node.uplink
                ),
            );
        }
        match (node.uplink_address, node.gateway) {
            (Some(up), _) if !is_host_of(up, up.addr()) => {
                c.error(
                    path.key("uplink_address"),
                    format!("{up} is its network's network or broadcast address"),
                );
            }
            (Some(up), Some(gw)) if !up.contains(&gw) || gw == up.addr() => {
                c.error(
                    path.key("gateway"),
                    format!(
                        "gateway {gw} is not inside the uplink's network {}",
                        up.trunc()
                    ),
                );
            }
            (None, Some(_)) => {
                c.error(
                    path.key("gateway"),
                    "a gateway without uplink_address: DHCP gives the gateway",
                )
                .set_hint("add uplink_address, or drop gateway");
            }
            _ => {}
        }
    }

    // Cluster.
    if let Some(cluster) = &plan.cluster {
        let path = root.key("cluster");
        c.unique(&mut addresses, cluster.address, path.key("address"), || {
            format!("address {} is used twice", cluster.address)
        });
        if let Some(net) = nodes_network.map(|n| &plan.networks[n])
            && !is_host_of(net.cidr, cluster.address)
        {
            c.error(
                path.key("address"),
                format!(
                    "{} is not a host address of the nodes network {}",
                    cluster.address, net.cidr
                ),
            );
        }
        if cluster.hypervisors.is_empty() {
            c.error(path.key("hypervisors"), "no hypervisor is enabled");
        }
    }

    // The name server runs on the bridge, a node or the local alias.
    let ns = plan.dns.nameserver_address;
    let ns_hosts = std::iter::once(plan.bridge.address)
        .chain(plan.nodes.iter().map(|n| n.address))
        .chain(plan.local.as_ref().map(|l| l.address));
    if !ns_hosts.clone().any(|a| a == ns) {
        c.error(
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

    // Public addresses.
    let public = plan.firewall.as_ref().map(|f| &f.public);
    let mut params = HashMap::with_capacity(plan.vms.len() + 8);
    if let Some(public) = public {
        for name in public.keys() {
            let path = root.key("firewall").key("public").key(name.as_str());
            let param = Farm::public_param(name.as_str());
            c.unique(&mut params, param.clone(), path, || {
                format!("public address {name} becomes the Shorewall param {param}, as another name does")
            });
        }
    }

    // VMs: each one's network first; then their names on one thread, the rest (their Shorewall params
    // first) on another, and the addresses and MACs allocated on a third (a hash map of 100,000 on each),
    // or all on one. What is wrong is put back in the order one pass over the VMs gives: a VM's network,
    // its name, then the rest.
    let vms_path = root.key("vms");
    let earlier = std::mem::take(&mut c.diagnostics);
    let mut found: Vec<(usize, u8, Diagnostic)> = Vec::new();
    let mut vm_networks = Vec::with_capacity(plan.vms.len());
    for (i, vm) in plan.vms.iter().enumerate() {
        // Made only when an error names it.
        let path = || vms_path.index(i);
        let network = match &vm.network {
            Some(name) => {
                let found = plan.networks.iter().position(|n| n.name == *name);
                if found.is_none() {
                    let known: Vec<&str> = plan.networks.iter().map(|n| n.name.as_str()).collect();
                    c.error(path().key("network"), format!("no network is named {name}"))
                        .set_hint(format!("known networks: {}", known.join(", ")));
                }
                found
            }
            None => {
                if vm_default_network.is_none() {
                    c.error(path(), "which network? No network is named `vms`, and there is not exactly one other than `nodes`").set_hint("add `network = \"...\"` to the VM");
                }
                vm_default_network
            }
        };
        vm_networks.push(network);
        found.extend(c.diagnostics.drain(..).map(|d| (i, 0, d)));
    }
    let names = || {
        let mut c = Checker {
            plan,
            diagnostics: Vec::new(),
        };
        let mut found = Vec::new();
        let mut vm_fqdns = Vec::with_capacity(plan.vms.len());
        for (i, (vm, network)) in plan.vms.iter().zip(&vm_networks).enumerate() {
            let base = network.map_or(&farm_base, |n| &network_bases[n]);
            vm_fqdns.push(fqdn_of(
                &mut c,
                &mut fqdns,
                &vm.name,
                base,
                At::Vm(i, "name"),
            ));
            found.extend(c.diagnostics.drain(..).map(|d| (i, 1, d)));
        }
        // Freed here, beside the rest.
        drop(std::mem::take(&mut fqdns));
        (vm_fqdns, found)
    };
    // The addresses the plan gives outside its VMs, as checked above: allocation skips them.
    let given: Vec<Ipv4Addr> = addresses.keys().copied().collect();
    let rest = || {
        let mut c = Checker {
            plan,
            diagnostics: Vec::new(),
        };
        let mut found = Vec::new();
        let mut macs: HashMap<Mac, At> = HashMap::with_capacity(plan.vms.len());
        let mut ports: HashMap<(Option<&crate::plan::values::Ident>, Proto, u16), At> = HashMap::new();
        let mut server_names: HashMap<&str, At> = HashMap::new();
        for (i, (vm, network)) in plan.vms.iter().zip(&vm_networks).enumerate() {
            let network = *network;
            // Made only when an error names it.
            let path = || vms_path.index(i);
            let param = Farm::vm_param(&vm.name);
            c.unique(&mut params, param, At::Vm(i, "name"), || {
                let param = Farm::vm_param(&vm.name);
                format!(
                    "{} becomes the Shorewall param {param}, as another VM's name does",
                    vm.name
                )
            });
            if let Some(node) = &vm.node {
                match node_index.get(node) {
                    None => {
                        c.error(path().key("node"), format!("no node is named {node}"))
                            .set_hint(format!(
                                "known nodes: {}",
                                plan.nodes
                                    .iter()
                                    .map(|n| n.name.to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ));
                    }
                    Some(0) => {}
                    Some(_) => {
                        c.error(
                            path().key("node"),
                            format!(
                                "VMs on {node}: not supported yet; every VM lives on the first node"
                            ),
                        )
                        .set_hint(format!(
                            "drop `node`, or name the first node, {}",
                            plan.nodes[0].name
                        ));
                    }
                }
            }
            if let (Some(addr), Some(n)) = (vm.address, network) {
                let net = &plan.networks[n];
                if !is_host_of(net.cidr, addr) {
                    c.error(
                        path().key("address"),
                        format!(
                            "{addr} is not a host address of network {} ({})",
                            net.name, net.cidr
                        ),
                    );
                }
            }
            if let Some(addr) = vm.address {
                c.unique(&mut addresses, addr, At::Vm(i, "address"), || {
                    format!("address {addr} is used twice")
                });
            }
            if let Some(mac) = vm.mac {
                c.unique(&mut macs, mac, At::Vm(i, "mac"), || {
                    format!("MAC {mac} is used twice")
                });
            }
            match (vm.memory.is_some(), vm.disk.is_some()) {
                (true, false) => {
                    c.error(
                        path(),
                        "memory without disk: a VM with resources needs both",
                    )
                    .set_hint("add disk = \"10G\", or drop memory");
                }
                (false, true) => {
                    c.error(
                        path(),
                        "disk without memory: a VM with resources needs both",
                    )
                    .set_hint("add memory = \"512M\", or drop disk");
                }
                (true, true) if vm.os.is_none() => {
                    c.error(path(), "a VM with memory and disk needs an OS to install")
                        .set_hint("add os = \"debootstrap+default\"");
                }
                _ => {}
            }
            if vm.disk_template == Some(ganeti::DiskTemplate::Drbd) {
                c.error(
                    path().key("disk_template"),
                    "drbd needs a second node: not supported yet",
                );
            }
            for (j, fwd) in vm.forwards.iter().enumerate() {
                let fpath = || path().key("forwards").index(j);
                let via = match (&fwd.via, public) {
                    (Some(via), Some(p)) if p.contains_key(via) => Some(via),
                    (Some(via), _) => {
                        let known = public
                            .map(|p| p.keys().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
                            .unwrap_or_default();
                        c.error(
                            fpath().key("via"),
                            format!("no public address is named {via}"),
                        )
                        .set_hint(if known.is_empty() {
                            "add it to [firewall.public]".to_owned()
                        } else {
                            format!("known public addresses: {known}")
                        });
                        None
                    }
                    (None, Some(p)) if p.len() == 1 => p.keys().next(),
                    (None, Some(p)) if p.len() > 1 => {
                        c.error(
                            fpath(),
                            format!("which public address? There are {}", p.len()),
                        )
                        .set_hint(format!(
                            "add via = one of {}",
                            p.keys().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                        ));
                        None
                    }
                    (None, _) => {
                        c.error(
                            fpath(),
                            "a forward needs a public address, and the plan has none",
                        )
                        .set_hint("add [firewall] public = { failover = \"192.0.2.10\" }");
                        None
                    }
                };
                if via.is_some() {
                    let proto = fwd.proto;
                    c.unique(
                        &mut ports,
                        (via, proto, fwd.port),
                        At::ForwardPort(i, j),
                        || {
                            format!(
                                "public port {} ({:?}) is forwarded twice on the same address",
                                fwd.port, proto
                            )
                            .to_lowercase()
                        },
                    );
                }
            }
            for (j, site) in vm.sites.iter().enumerate() {
                let at = At::SiteName(i, j);
                c.unique(&mut server_names, site.server_name.as_str(), at, || {
                    format!("server name {} is proxied twice", site.server_name)
                });
            }
            found.extend(c.diagnostics.drain(..).map(|d| (i, 2, d)));
        }
        found
    };
    // What is missing allocated meanwhile, from the plan alone; used only if the plan has no error at all.
    let networks: Option<Vec<usize>> = vm_networks.iter().copied().collect();
    let allocate = || {
        networks.as_ref().map(|networks| {
            (
                allocate_addresses(plan, networks, &given, ns),
                allocate_macs(plan, &domain),
            )
        })
    };
    // A panic on another thread is this thread's.
    let apart = parallel && plan.vms.len() >= MIN_PARALLEL_CHECK;
    let (names, (allocated, rest)) =
        crate::join(apart, names, || crate::join(apart, allocate, rest));
    let (mut vm_fqdns, named) = names.unwrap_or_else(|e| std::panic::resume_unwind(e));
    let allocated = allocated.unwrap_or_else(|e| std::panic::resume_unwind(e));
    found.extend(named);
    found.extend(rest);
    // Stable: each list is in VM order already.
    found.sort_by_key(|(i, rank, _)| (*i, *rank));
    c.diagnostics = earlier;
    c.diagnostics.extend(found.into_iter().map(|(_, _, d)| d));

    // dhcp.subnet.
    let vm_nets: Vec<Ipv4Net> = {
        let mut used: Vec<usize> = vm_networks.iter().flatten().copied().collect();
        used.sort_unstable();
        used.dedup();
        used.iter()
            .map(|n| plan.networks[*n].cidr.trunc())
            .collect()
    };
    let bridge_net = Ipv4Net::new(plan.bridge.address, 32).unwrap_or_default();
    let dhcp_subnet = match plan.dhcp.as_ref().and_then(|d| d.subnet) {
        Some(subnet) => {
            let path = root.key("dhcp").key("subnet");
            if subnet.trunc() != subnet {
                c.error(
                    path.clone(),
                    format!("{subnet} has host bits set; write {}", subnet.trunc()),
                );
            }
            if !subnet.contains(&plan.bridge.address) {
                c.error(
                    path.clone(),
                    format!(
                        "{subnet} does not hold the bridge address {}",
                        plan.bridge.address
                    ),
                );
            }
            for net in &vm_nets {
                if !subnet.contains(net) {
                    c.error(
                        path.clone(),
                        format!("{subnet} does not hold the VM network {net}"),
                    );
                }
            }
            subnet.trunc()
        }
        None => covering(&[&[bridge_net][..], &vm_nets].concat()).unwrap_or(bridge_net),
    };

    // Reverse zones.
    let mut reverse_valid = true;
    let reverse = match &plan.dns.reverse {
        Some(list) => {
            for (i, prefix) in list.iter().enumerate() {
                let path = root.key("dns").key("reverse").index(i);
                if let Err(e) = bind_zone::reverse_zone_name((*prefix).into()) {
                    c.error(path, e.to_string());
                    reverse_valid = false;
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
    let in_reverse = |addr: Ipv4Addr| !reverse_valid || reverse.iter().any(|r| r.contains(&addr));
    for (i, node) in plan.nodes.iter().enumerate() {
        if !in_reverse(node.address) {
            c.error(
                root.key("nodes").index(i).key("address"),
                format!("{} is inside no reverse zone", node.address),
            )
            .set_hint("add a prefix that holds it to dns.reverse");
        }
    }
    for (i, (vm, net)) in plan.vms.iter().zip(&vm_networks).enumerate() {
        let covered = match (vm.address, net) {
            (Some(addr), _) => in_reverse(addr),
            (None, Some(n)) => {
                !reverse_valid || reverse.iter().any(|r| r.contains(&plan.networks[*n].cidr))
            }
            (None, None) => true,
        };
        if !covered {
            let path = root.key("vms").index(i);
            c.error(
                path.key("address"),
                format!("the address of {} is inside no reverse zone", vm.name),
            )
            .set_hint("add a prefix that holds it to dns.reverse");
        }
    }

    if !c.diagnostics.is_empty() {
        return None;
    }

    let (addresses, macs) = allocated?;
    let addresses = match addresses {
        Ok(addresses) => addresses,
        Err(i) => {
            let network = &plan.networks[vm_networks[i]?];
            c.error(
                root.key("vms").index(i),
                format!(
                    "network {} ({}) has no free address left",
                    network.name, network.cidr
                ),
            )
            .set_hint("give the network a shorter prefix, or move VMs to another network");
            return None;
        }
    };
    let mut placements = Vec::with_capacity(plan.vms.len());
    for (i, ((vm, network), (address, mac))) in plan
        .vms
        .iter()
        .zip(vm_networks)
        .zip(addresses.into_iter().zip(macs))
        .enumerate()
    {
        placements.push(Placement {
            network: network?,
            node: 0,
            address,
            mac,
            address_pinned: vm.address.is_some(),
            mac_pinned: vm.mac.is_some(),
            fqdn: vm_fqdns[i].take()?,
        });
    }
    let listen_on = plan.dns.listen_on.clone().unwrap_or_else(|| {
        vec![
            AddressMatchElement::from(std::net::IpAddr::from([127, 0, 0, 1])),
            AddressMatchElement::from(std::net::IpAddr::V4(ns)),
        ]
    });
    let allow_recursion = plan.dns.allow_recursion.clone().unwrap_or_else(|| {
        let mut list = vec![AddressMatchElement::from(std::net::IpAddr::from([
            127, 0, 0, 1,
        ]))];
        list.extend(plan.networks.iter().filter_map(|n| {
            format!("{}", n.cidr.trunc())
                .parse::<AddressMatchElement>()
                .ok()
        }));
        list
    });
    Some(Parts {
        vms: placements,
        domain,
        nodes_network,
        reverse,
        dhcp_subnet,
        fixed_address: plan
            .dhcp
            .as_ref()
            .map_or(FixedAddress::Address, |d| d.fixed_address),
        listen_on,
        allow_recursion,
    })
}

#[cfg(test)]
mod tests {
    use super::{Checker, MIN_PARALLEL_CHECK, check};
    use bind_zone::Name;

    #[test]
    fn params_are_names_in_capitals_with_underscores() {
        let param = |name: &str| super::Farm::vm_param(&Name::new(name).unwrap());
        assert_eq!(param("skaro.xivo"), "VM_SKARO_XIVO");
        assert_eq!(param("Dev-1.dachary.vm.farm."), "VM_DEV_1_DACHARY_VM_FARM_");
        assert_eq!(param("_sip.x9"), "VM__SIP_X9");
    }

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
        let diagnostics = |parallel: bool| {
            let mut c = Checker {
                plan: &plan,
                diagnostics: Vec::new(),
            };
            assert!(check(&mut c, parallel).is_none());
            c.diagnostics
        };
        let one = diagnostics(false);
        // A VM's network, its name, then the rest, VM by VM.
        let places: Vec<String> = one
            .iter()
            .map(|d| {
                format!(
                    "{:?} {}",
                    d.path,
                    d.message.split(' ').next_back().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            places,
            [
                "Some(Path(vms[10].name)) farm",
                "Some(Path(vms[10].name)) does",
                "Some(Path(vms[11].network)) nowhere",
                "Some(Path(vms[11].node)) elsewhere",
                "Some(Path(vms[4001].address)) twice",
                "Some(Path(vms[4002].name)) does",
                "Some(Path(vms[4002].address)) twice",
                "Some(Path(vms[4195].node)) nowhere",
                "Some(Path(vms[4195])) both",
            ]
        );
        assert_eq!(diagnostics(true), one);
    }
}
