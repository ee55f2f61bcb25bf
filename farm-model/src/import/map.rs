//! The readings of a node's files mapped onto a plan: which A records are the name server, the cluster,
//! the node and the VMs; the networks from the bridge's routes; the forwards, sites and resources. Every
//! value taken has its source (`file:line`); everything else is a note.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

use bind_zone::{Name, RData, Ttl};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use netif::read::IpRead;

use super::files::Files;
use super::vms::{self, Known};
use super::{ImportError, Note};
use crate::{Bridge, Cluster, Dns, Farm, Ident, Local, Network, Node, Plan, Vm};

/// The plan, each value's source by its key (`dns.serial`, `vms[1].mac`), and what it does not say.
pub(super) struct Mapped {
    pub plan: Plan,
    pub sources: BTreeMap<String, String>,
    /// What the plan cannot say.
    pub notes: Vec<Note>,
    /// Lines the plan may say as they are: notes unless the imported plan renders them.
    pub candidates: Vec<Note>,
}

pub(super) struct Ctx {
    sources: BTreeMap<String, String>,
    notes: Vec<Note>,
    candidates: Vec<Note>,
    errors: Vec<ImportError>,
}

impl Ctx {
    pub(super) fn source(&mut self, key: impl Into<String>, file: &str, line: usize) {
        self.sources
            .insert(key.into(), format!("from {file}:{line}"));
    }
    pub(super) fn said(&mut self, key: impl Into<String>, text: impl Into<String>) {
        self.sources.insert(key.into(), text.into());
    }
    pub(super) fn note(&mut self, file: &str, line: usize, message: impl Into<String>) {
        self.notes.push(Note {
            file: file.to_owned(),
            line,
            message: message.into(),
        });
    }
    pub(super) fn candidate(&mut self, file: &str, line: usize, message: impl Into<String>) {
        self.candidates.push(Note {
            file: file.to_owned(),
            line,
            message: message.into(),
        });
    }
    pub(super) fn error(&mut self, file: &str, line: usize, message: impl Into<String>) {
        self.errors.push(ImportError {
            file: file.to_owned(),
            line,
            col: 0,
            message: message.into(),
        });
    }
}

/// What the plan makes in a forward zone, and in a reverse one.
const FORWARD: &str = "the zone's NS and A records";
const REVERSE: &str = "PTRs in a reverse zone";

/// An A record of the forward zone.
#[derive(Clone)]
struct A {
    name: Name,
    address: Ipv4Addr,
    line: usize,
}

/// `name` (absolute) relative to `origin` (absolute), as a relative name; `None` outside it or at it.
fn below(name: &Name, origin: &Name) -> Option<Name> {
    match name.relative_to(origin)? {
        bind_zone::RelativeName::Below(n) => Some(n),
        bind_zone::RelativeName::Apex => None,
    }
}

pub(super) fn absolute(text: &str) -> Option<Name> {
    Name::new(text).ok()?.join(&Name::root()).ok()
}

/// The prefix of an `in-addr.arpa` reverse zone (`10.10.in-addr.arpa.` is 10.10.0.0/16).
fn reverse_prefix(origin: &Name) -> Option<Ipv4Net> {
    match bind_zone::reverse_zone_prefix(origin)? {
        IpNet::V4(prefix) => Some(prefix),
        IpNet::V6(_) => None,
    }
}

/// The prefix of an `ip6.arpa` reverse zone (each label a nibble).
fn reverse6_prefix(origin: &Name) -> Option<Ipv6Net> {
    match bind_zone::reverse_zone_prefix(origin)? {
        IpNet::V6(prefix) => Some(prefix),
        IpNet::V4(_) => None,
    }
}

/// The address a PTR owner names (`2.60.10.10.in-addr.arpa.` is 10.10.60.2).
fn ptr_address(owner: &Name) -> Option<Ipv4Addr> {
    match bind_zone::reverse_address(owner)? {
        IpAddr::V4(address) => Some(address),
        IpAddr::V6(_) => None,
    }
}

/// The subdomain shared by the names of one network (relative to the domain), leaving each at least one
/// label; with one name, the one its Shorewall param says, else its last label.
fn subdomain(names: &[Name], params: &BTreeMap<String, (Ipv4Addr, usize)>) -> Option<Name> {
    let labels: Vec<Vec<&str>> = names.iter().map(|n| n.labels().collect()).collect();
    let shortest = labels.iter().map(Vec::len).min()?;
    if shortest < 2 {
        return None;
    }
    let mut common = 0;
    while common < shortest - 1 {
        let label = labels[0][labels[0].len() - 1 - common];
        if labels.iter().all(|l| l[l.len() - 1 - common] == label) {
            common += 1;
        } else {
            break;
        }
    }
    if names.len() == 1 {
        let one = &labels[0];
        let by_param = (1..one.len()).find(|&k| {
            Name::new(&one[..k].join(".")).is_ok_and(|n| params.contains_key(&Farm::vm_param(&n)))
        });
        common = by_param.map_or(1, |k| one.len() - k);
    }
    if common == 0 {
        return None;
    }
    let l = &labels[0];
    Name::new(&l[l.len() - common..].join(".")).ok()
}

/// The IPv4 prefixes an address match list admits.
fn prefixes(list: Option<&[bind_zone::AddressMatchElement]>) -> impl Iterator<Item = Ipv4Net> + '_ {
    list.into_iter()
        .flatten()
        .filter_map(|e| match e.matched() {
            bind_zone::AddressMatch::Prefix(IpNet::V4(n)) if !e.is_negated() => Some(n),
            _ => None,
        })
}

/// The note of a record the plan does not make, `only` saying what it makes there.
fn unmodeled(cx: &mut Ctx, file: &str, line: usize, rtype: &str, only: &str) {
    cx.note(
        file,
        line,
        format!("a {rtype} record: the plan makes only {only}"),
    );
}

/// `name` (relative to the domain) without `subdomain`.
fn strip(name: &Name, subdomain: Option<&Name>) -> Option<Name> {
    let Some(sub) = subdomain else {
        return Some(name.clone());
    };
    let text = name.without_dot().strip_suffix(sub.without_dot())?;
    Name::new(text.strip_suffix('.')?).ok()
}

#[allow(clippy::too_many_lines, reason = "one mapping, read top to bottom")]
pub(super) fn map(files: &Files, node_name: Option<&str>) -> Result<Mapped, Vec<ImportError>> {
    let mut cx = Ctx {
        sources: BTreeMap::new(),
        notes: Vec::new(),
        candidates: Vec::new(),
        errors: Vec::new(),
    };
    let Some(local) = &files.named_local else {
        return Err(vec![ImportError {
            file: "etc/bind/named.conf.local".into(),
            line: 0,
            col: 0,
            message: "not there: its forward zone gives the farm's domain and names".into(),
        }]);
    };
    let zone_line = |origin: &Name| {
        local
            .read
            .zones
            .iter()
            .find(|z| z.value.name() == origin)
            .map_or(0, |z| z.line)
    };
    for other in &local.read.others {
        cx.candidate(
            &local.path,
            other.line,
            format!("`{}` is not a zone the plan has", other.value),
        );
    }
    let is_reverse = |o: &Name| absolute("in-addr.arpa").is_some_and(|arpa| o.is_within(&arpa));
    let is_reverse6 = |o: &Name| absolute("ip6.arpa").is_some_and(|arpa| o.is_within(&arpa));
    let mut forwards = files
        .zones
        .iter()
        .filter(|(o, _)| !is_reverse(o) && !is_reverse6(o));
    let Some((origin, forward)) = forwards.next() else {
        return Err(vec![ImportError {
            file: local.path.clone(),
            line: 0,
            col: 0,
            message: "no primary forward zone: its name is the farm's domain".into(),
        }]);
    };
    for (o, _) in forwards {
        cx.note(
            &local.path,
            zone_line(o),
            format!("zone {o}: the plan has one forward zone, {origin}"),
        );
    }
    let zpath = forward.path.as_str();
    let domain = match Name::new(origin.without_dot()) {
        Ok(d) => d,
        Err(e) => {
            return Err(vec![ImportError {
                file: local.path.clone(),
                line: zone_line(origin),
                col: 0,
                message: e.to_string(),
            }]);
        }
    };
    cx.source("domain", &local.path, zone_line(origin));

    // The forward zone.
    let Some(soa) = &forward.read.soa else {
        return Err(vec![ImportError {
            file: zpath.into(),
            line: 0,
            col: 0,
            message: "no SOA record".into(),
        }]);
    };
    let rel = |n: &Name| below(n, origin);
    let nameserver = rel(soa.value.mname());
    let hostmaster = rel(soa.value.rname());
    let (Some(nameserver), Some(hostmaster)) = (nameserver, hostmaster) else {
        return Err(vec![ImportError {
            file: zpath.into(),
            line: soa.line,
            col: soa.col,
            message: format!(
                "the SOA's name server {} and mailbox {} must be in {origin}",
                soa.value.mname(),
                soa.value.rname()
            ),
        }]);
    };
    for key in [
        "dns.nameserver",
        "dns.hostmaster",
        "dns.serial",
        "dns.refresh",
        "dns.retry",
        "dns.expire",
        "dns.negative_ttl",
    ] {
        cx.source(key, zpath, soa.line);
    }
    let ttl = match &forward.read.ttl {
        Some(t) => {
            cx.source("dns.ttl", zpath, t.line);
            t.value
        }
        None => {
            cx.note(zpath, 0, "no $TTL: the plan's zones get 1h");
            cx.said("dns.ttl", "no $TTL in the zone: the plan's default");
            Ttl::from_secs(3600).map_err(|e| {
                vec![ImportError {
                    file: zpath.into(),
                    line: 0,
                    col: 0,
                    message: e.to_string(),
                }]
            })?
        }
    };
    let mut a_records: Vec<A> = Vec::new();
    for record in &forward.read.records {
        let r = &record.value;
        match r.data() {
            RData::A(address) => {
                if a_records.iter().any(|a| &a.name == r.owner()) {
                    cx.note(
                        zpath,
                        record.line,
                        format!(
                            "a second A record of {}: the plan gives a name one address",
                            r.owner()
                        ),
                    );
                } else if r.owner() == origin {
                    cx.note(
                        zpath,
                        record.line,
                        "an A record of the domain itself: the plan has none",
                    );
                } else {
                    a_records.push(A {
                        name: r.owner().clone(),
                        address: *address,
                        line: record.line,
                    });
                }
                if r.ttl().is_some() {
                    cx.note(
                        zpath,
                        record.line,
                        "a TTL of its own: the plan's records take the zone's",
                    );
                }
            }
            RData::Ns(target) if r.owner() == origin && target == soa.value.mname() => {}
            // The plan gives a VM on a node with `prefix6` the AAAA of its SLAAC address: said if the
            // imported plan writes the same line.
            RData::Aaaa(_) => cx.candidate(
                zpath,
                record.line,
                "an AAAA record: the plan gives a VM on a node with prefix6 the address SLAAC gives it",
            ),
            other => unmodeled(&mut cx, zpath, record.line, other.rtype().as_str(), FORWARD),
        }
    }
    for other in &forward.read.others {
        unmodeled(&mut cx, zpath, other.line, &other.value, FORWARD);
    }
    let address_of = |name: &Name| a_records.iter().find(|a| &a.name == name).cloned();
    let Some(ns) = address_of(soa.value.mname()) else {
        return Err(vec![ImportError {
            file: zpath.into(),
            line: soa.line,
            col: soa.col,
            message: format!("the name server {} has no A record", soa.value.mname()),
        }]);
    };
    cx.source("dns.nameserver_address", zpath, ns.line);

    // The reverse zones.
    let mut reverse = Vec::new();
    let mut reverse6 = Vec::new();
    for (o, zone) in files
        .zones
        .iter()
        .filter(|(o, _)| is_reverse(o) || is_reverse6(o))
    {
        let path = zone.path.as_str();
        let ipv6 = is_reverse6(o);
        match (reverse_prefix(o), reverse6_prefix(o)) {
            (Some(prefix), _) => reverse.push(prefix),
            (_, Some(prefix)) => reverse6.push(prefix),
            (None, None) => {
                let rule = if ipv6 {
                    "the plan's ip6.arpa zones are whole nibbles, /4 to /124"
                } else {
                    "the plan's reverse zones are /8, /16 or /24"
                };
                cx.note(&local.path, zone_line(o), format!("zone {o}: {rule}"));
                continue;
            }
        }
        if let Some(rsoa) = &zone.read.soa {
            let same = rsoa.value.mname() == soa.value.mname()
                && rsoa.value.rname() == soa.value.rname()
                && rsoa.value.refresh().as_secs() == soa.value.refresh().as_secs()
                && rsoa.value.retry().as_secs() == soa.value.retry().as_secs()
                && rsoa.value.expire().as_secs() == soa.value.expire().as_secs()
                && rsoa.value.minimum().as_secs() == soa.value.minimum().as_secs()
                && rsoa.value.serial() == soa.value.serial();
            if !same {
                cx.note(path, rsoa.line, format!("this SOA differs from {zpath}'s: the plan gives every zone the forward zone's SOA"));
            }
        }
        if let Some(rttl) = &zone.read.ttl
            && rttl.value.as_secs() != ttl.as_secs()
        {
            cx.note(
                path,
                rttl.line,
                format!(
                    "$TTL {} differs from {zpath}'s: the plan gives every zone the forward zone's",
                    rttl.value
                ),
            );
        }
        for record in &zone.read.records {
            let r = &record.value;
            match r.data() {
                // The plan derives them from the VMs' SLAAC addresses: said if it writes the same line.
                RData::Ptr(target) if ipv6 => cx.candidate(
                    path,
                    record.line,
                    format!("PTR {} -> {target}: the plan derives IPv6 PTRs from the VMs' SLAAC addresses", r.owner()),
                ),
                RData::Ptr(target) => {
                    let known = ptr_address(r.owner()).is_some_and(|addr| {
                        a_records
                            .iter()
                            .any(|a| &a.name == target && a.address == addr)
                    });
                    if !known {
                        cx.note(path, record.line, format!("PTR {} -> {target}: no A record says so; the plan derives PTRs from A records", r.owner()));
                    }
                }
                RData::Ns(target) if r.owner() == o => {
                    if target != soa.value.mname() {
                        cx.note(
                            path,
                            record.line,
                            format!(
                                "NS {target}: the plan's zones are served by {}",
                                soa.value.mname()
                            ),
                        );
                    }
                }
                other => unmodeled(&mut cx, path, record.line, other.rtype().as_str(), REVERSE),
            }
        }
        for other in &zone.read.others {
            unmodeled(&mut cx, path, other.line, &other.value, REVERSE);
        }
    }
    for (key, empty, family) in [
        (
            "dns.reverse",
            reverse.is_empty(),
            &is_reverse as &dyn Fn(&Name) -> bool,
        ),
        ("dns.reverse6", reverse6.is_empty(), &is_reverse6),
    ] {
        if !empty {
            let first = files.zones.iter().find(|(o, _)| family(o));
            cx.source(key, &local.path, first.map_or(0, |(o, _)| zone_line(o)));
        }
    }

    // named.conf.options.
    let mut listen_on = None;
    let mut allow_recursion = None;
    for conf in [files.named_options.as_ref(), Some(local)]
        .into_iter()
        .flatten()
    {
        if let Some(l) = &conf.read.listen_on
            && listen_on.is_none()
        {
            cx.source("dns.listen_on", &conf.path, l.line);
            listen_on = Some(l.value.clone());
        }
        if let Some(l) = &conf.read.allow_recursion
            && allow_recursion.is_none()
        {
            cx.source("dns.allow_recursion", &conf.path, l.line);
            allow_recursion = Some(l.value.clone());
        }
    }
    if let Some(options) = &files.named_options {
        for other in &options.read.others {
            cx.candidate(
                &options.path,
                other.line,
                format!(
                    "`{}`: the plan's named.conf.options has its own",
                    other.value
                ),
            );
        }
    }

    // Interfaces.
    let Some(interfaces) = &files.interfaces else {
        return Err(vec![ImportError {
            file: "etc/network/interfaces".into(),
            line: 0,
            col: 0,
            message: "not there: the bridge and the networks come from it".into(),
        }]);
    };
    let ipath = interfaces.path.as_str();
    let Some(bridge_stanza) = interfaces
        .read
        .ifaces
        .iter()
        .find(|i| i.value.bridge_ports.is_some())
    else {
        return Err(vec![ImportError {
            file: ipath.into(),
            line: 0,
            col: 0,
            message: "no bridge (an iface with bridge_ports): the VMs' bridge".into(),
        }]);
    };
    let b = &bridge_stanza.value;
    let Some(baddr) = &b.address else {
        return Err(vec![ImportError {
            file: ipath.into(),
            line: bridge_stanza.line,
            col: 0,
            message: format!("bridge {} has no address", b.name),
        }]);
    };
    if baddr.value.prefix_len() != 32 {
        cx.note(
            ipath,
            baddr.line,
            format!(
                "{}: the plan puts a /32 on the bridge (its networks are routed to it)",
                baddr.value
            ),
        );
    }
    cx.source("bridge.name", ipath, bridge_stanza.line);
    cx.source("bridge.address", ipath, baddr.line);
    if let Some(ports) = &b.bridge_ports
        && !ports.value.is_empty()
    {
        cx.note(
            ipath,
            ports.line,
            "bridge_ports: the plan's bridge has none (the VMs' taps join it)",
        );
    }
    let bridge_name: netif::InterfaceName = b.name.clone();
    let bridge = Bridge {
        name: match b.name.to_string().parse() {
            Ok(n) => n,
            Err(e) => {
                return Err(vec![ImportError {
                    file: ipath.into(),
                    line: bridge_stanza.line,
                    col: 0,
                    message: format!("{e}"),
                }]);
            }
        },
        address: baddr.value.addr(),
        stp: b.bridge_stp.as_ref().is_some_and(|s| s.value),
        maxwait: b.bridge_maxwait.as_ref().map(|m| m.value),
    };
    if let Some(s) = &b.bridge_stp {
        cx.source("bridge.stp", ipath, s.line);
    }
    if let Some(m) = &b.bridge_maxwait {
        cx.source("bridge.maxwait", ipath, m.line);
    }
    let mut vm_nets: Vec<(Ipv4Net, usize)> = Vec::new();
    for hook in &b.hooks {
        match &hook.value.command {
            Some(IpRead::RouteDev { prefix, dev })
                if dev == &bridge_name && hook.value.phase == "up" =>
            {
                if prefix.prefix_len() == 32 && prefix.addr() == bridge.address {
                    cx.note(ipath, hook.line, "a route to the bridge's own address, which the kernel's local table has: left out");
                } else {
                    vm_nets.push((*prefix, hook.line));
                }
            }
            _ => cx.candidate(
                ipath,
                hook.line,
                format!(
                    "`{} {}`: not a route of a VM network to the bridge",
                    hook.value.phase, hook.value.text
                ),
            ),
        }
    }
    for other in &b.others {
        cx.note(
            ipath,
            other.line,
            format!("`{}`: the plan's bridge has no such option", other.value),
        );
    }
    if vm_nets.is_empty() {
        // No VM yet, no route: a prefix of allow-recursion holding no A record and not the bridge.
        let empty: Vec<Ipv4Net> = prefixes(allow_recursion.as_deref())
            .filter(|n| {
                !n.contains(&bridge.address) && !a_records.iter().any(|a| n.contains(&a.address))
            })
            .collect();
        match empty.as_slice() {
            [] => cx.error(ipath, bridge_stanza.line, format!("bridge {} routes no network (`up ip route add PREFIX dev {}`): the VMs' networks come from its routes", b.name, b.name)),
            nets => {
                // Line 0: said below to come from allow-recursion.
                vm_nets.extend(nets.iter().map(|n| (*n, 0)));
            }
        }
    }
    let mut local_alias = None;
    let mut uplink = None;
    for stanza in &interfaces.read.ifaces {
        let i = &stanza.value;
        let name = i.name.to_string();
        if std::ptr::eq(stanza, bridge_stanza) || (name == "lo" && i.method == "loopback") {
            continue;
        }
        if name.starts_with("lo:") && local_alias.is_none() {
            local_alias = Some(stanza);
        } else if uplink.is_none() && !name.starts_with("lo") {
            uplink = Some(stanza);
        } else {
            cx.note(
                ipath,
                stanza.line,
                format!("iface {name}: the plan has a bridge, an uplink and a lo alias"),
            );
        }
    }
    let local = match local_alias {
        Some(stanza) => {
            let i = &stanza.value;
            let mut blackhole = None;
            for hook in &i.hooks {
                match &hook.value.command {
                    Some(IpRead::Blackhole { prefix })
                        if hook.value.phase == "up" && blackhole.is_none() =>
                    {
                        cx.source("local.blackhole", ipath, hook.line);
                        blackhole = Some(*prefix);
                    }
                    _ => cx.candidate(
                        ipath,
                        hook.line,
                        format!(
                            "`{} {}`: the lo alias has only a blackhole route",
                            hook.value.phase, hook.value.text
                        ),
                    ),
                }
            }
            match (&i.address, i.name.to_string().parse()) {
                (Some(address), Ok(interface)) => {
                    cx.source("local.interface", ipath, stanza.line);
                    cx.source("local.address", ipath, address.line);
                    Some(Local {
                        interface,
                        address: address.value.addr(),
                        blackhole,
                    })
                }
                _ => {
                    cx.note(
                        ipath,
                        stanza.line,
                        "a lo alias without an address: left out",
                    );
                    None
                }
            }
        }
        None => None,
    };
    let mut extra_addresses: Vec<(Ipv4Addr, usize)> = Vec::new();
    if let Some(stanza) = uplink {
        for hook in &stanza.value.hooks {
            match &hook.value.command {
                Some(IpRead::Addr { address, dev })
                    if dev == &stanza.value.name
                        && address.prefix_len() == 32
                        && hook.value.phase == "up" =>
                {
                    extra_addresses.push((address.addr(), hook.line));
                }
                _ => cx.candidate(
                    ipath,
                    hook.line,
                    format!(
                        "`{} {}`: the uplink has only /32 addresses added",
                        hook.value.phase, hook.value.text
                    ),
                ),
            }
        }
        for other in &stanza.value.others {
            cx.note(
                ipath,
                other.line,
                format!("`{}`: the plan's uplink has no such option", other.value),
            );
        }
    }

    // Shorewall params.
    let mut params: BTreeMap<String, (Ipv4Addr, usize)> = BTreeMap::new();
    if let Some(p) = &files.params {
        for param in &p.read.params {
            let (name, value) = &param.value;
            match value.to_string().parse::<Ipv4Addr>() {
                Ok(address) => {
                    params.insert(name.to_string(), (address, param.line));
                }
                Err(_) => cx.note(
                    &p.path,
                    param.line,
                    format!("{name}={value}: the plan's params are addresses"),
                ),
            }
        }
        for other in &p.read.others {
            cx.candidate(&p.path, other.line, "not a param");
        }
    }

    // Which A record is what.
    let cluster_read = files
        .ganeti
        .as_ref()
        .and_then(|g| g.read.cluster.first().map(|c| (g.path.as_str(), c)));
    let cluster_fqdn = cluster_read.and_then(|(_, c)| absolute(c.value.name.as_str()));
    let in_vm_net = |a: Ipv4Addr| vm_nets.iter().position(|(n, _)| n.contains(&a));
    let node_fqdn = match node_name {
        Some(n) => match Name::new(n).ok().and_then(|n| {
            if n.is_absolute() {
                Some(n)
            } else {
                n.join(origin).ok()
            }
        }) {
            Some(n) => Some(n),
            None => {
                cx.error("--node", 0, format!("{n:?} is not a node name"));
                None
            }
        },
        None => {
            let candidates: Vec<&A> = a_records
                .iter()
                .filter(|a| {
                    in_vm_net(a.address).is_none()
                        && a.name != ns.name
                        && Some(&a.name) != cluster_fqdn.as_ref()
                })
                .collect();
            let by_uplink = candidates
                .iter()
                .find(|a| extra_addresses.iter().any(|(x, _)| *x == a.address));
            let by_ganeti = files
                .ganeti
                .as_ref()
                .and_then(|g| g.read.instances.first())
                .and_then(|i| i.value.nodes.first())
                .and_then(|n| absolute(n.as_str()));
            match (by_uplink, by_ganeti, candidates.as_slice()) {
                (Some(a), _, _) => Some(a.name.clone()),
                (None, Some(n), _) => Some(n),
                (None, None, [one]) => Some(one.name.clone()),
                _ => {
                    cx.error(
                        zpath,
                        0,
                        "which A record is this node's the files do not say: give --node NAME",
                    );
                    None
                }
            }
        }
    };
    let Some(node_fqdn) = node_fqdn else {
        return Err(cx.errors);
    };
    let Some(node_a) = address_of(&node_fqdn) else {
        return Err(vec![ImportError {
            file: zpath.into(),
            line: 0,
            col: 0,
            message: format!("the node {node_fqdn} has no A record"),
        }]);
    };
    let Some(node_rel) = rel(&node_fqdn) else {
        return Err(vec![ImportError {
            file: zpath.into(),
            line: node_a.line,
            col: 0,
            message: format!("the node {node_fqdn} is not in {origin}"),
        }]);
    };
    let node_labels: Vec<&str> = node_rel.labels().collect();
    let node_subdomain = (node_labels.len() > 1)
        .then(|| Name::new(&node_labels[1..].join(".")))
        .and_then(Result::ok);
    let node_plan_name = Name::new(node_labels.first().copied().unwrap_or_default()).ok();
    cx.source("nodes[0].name", zpath, node_a.line);
    cx.source("nodes[0].address", zpath, node_a.line);

    // The cluster.
    let mut cluster = None;
    if let Some((gpath, c)) = cluster_read {
        let fqdn = cluster_fqdn.clone();
        let name = fqdn.as_ref().and_then(&rel);
        let address = fqdn.as_ref().and_then(&address_of);
        match (name, address, &c.value.volume_group) {
            (Some(name), Some(a), Some(vg)) => {
                cx.source("cluster.name", gpath, c.line);
                cx.source("cluster.address", zpath, a.line);
                cx.source("cluster.volume_group", gpath, c.line);
                let hypervisors = if c.value.hypervisors.is_empty() { vec![ganeti::Hypervisor::Kvm] } else { c.value.hypervisors.clone() };
                cx.source("cluster.hypervisors", gpath, c.line);
                cluster = Some(Cluster { name, address: a.address, volume_group: vg.clone(), hypervisors, memory_reserve: None });
            }
            (_, None, _) => cx.note(gpath, c.line, format!("cluster {}: no A record in {zpath}; left out", c.value.name)),
            (_, _, None) => cx.note(gpath, c.line, "gnt-cluster init without --vg-name: the plan's cluster needs its volume group; left out"),
            _ => cx.note(gpath, c.line, format!("cluster {}: not in {origin}; left out", c.value.name)),
        }
    }

    // The nodes network: a prefix of allow-recursion holding the node (and the cluster) and no VM network,
    // else the /24 around the node.
    let holders: Vec<Ipv4Addr> = std::iter::once(node_a.address)
        .chain(cluster.as_ref().map(|c| c.address))
        .collect();
    let nodes_cidr = prefixes(allow_recursion.as_deref())
        .filter(|n| {
            holders.iter().all(|h| n.contains(h))
                && !vm_nets.iter().any(|(v, _)| n.contains(v) || v.contains(n))
                && !n.contains(&bridge.address)
        })
        .max_by_key(Ipv4Net::prefix_len);
    let nodes_cidr = match nodes_cidr {
        Some(n) => {
            cx.said(
                "networks[0].cidr",
                "from allow-recursion: the prefix holding the node",
            );
            n
        }
        None => {
            let around = (8..=24u8)
                .rev()
                .filter_map(|len| Ipv4Net::new(node_a.address, len).ok().map(|n| n.trunc()))
                .find(|n| holders.iter().all(|h| n.contains(h)));
            cx.said(
                "networks[0].cidr",
                format!(
                    "no file says it: the /{} around the node's address",
                    around.map_or(24, |n| n.prefix_len())
                ),
            );
            cx.note(zpath, node_a.line, "no file gives the nodes network's prefix: the plan takes the smallest /24 or wider around the node's address");
            around.unwrap_or_else(|| Ipv4Net::from(node_a.address))
        }
    };

    // VMs: the A records in the bridge's networks, in the zone's order.
    let mut vm_as: Vec<Vec<&A>> = vec![Vec::new(); vm_nets.len()];
    for a in &a_records {
        if let Some(k) = in_vm_net(a.address) {
            vm_as[k].push(a);
        } else if a.name != ns.name && a.name != node_fqdn && Some(&a.name) != cluster_fqdn.as_ref()
        {
            cx.note(zpath, a.line, format!("{} {}: neither the name server, the cluster, the node nor in a VM network: left out", a.name, a.address));
        }
    }
    let mut networks = vec![Network {
        name: Ident::new("nodes").map_err(|e| {
            vec![ImportError {
                file: String::new(),
                line: 0,
                col: 0,
                message: e.to_string(),
            }]
        })?,
        cidr: nodes_cidr,
        subdomain: node_subdomain,
    }];
    cx.said("networks[0].name", "the nodes' network");
    cx.source("networks[0].subdomain", zpath, node_a.line);
    let mut vms: Vec<Vm> = Vec::new();
    let mut vm_fqdns: Vec<Name> = Vec::new();
    for (k, ((cidr, line), members)) in vm_nets.iter().zip(&vm_as).enumerate() {
        let net_name = if k == 0 {
            "vms".to_owned()
        } else {
            format!("vms{}", k + 1)
        };
        let rels: Vec<Name> = members.iter().filter_map(|a| rel(&a.name)).collect();
        let sub = subdomain(&rels, &params);
        let key = format!("networks[{}]", k + 1);
        if *line == 0 {
            cx.said(format!("{key}.cidr"), "no VM yet, no route on the bridge: a prefix of allow-recursion holding no A record");
        } else {
            cx.source(format!("{key}.cidr"), ipath, *line);
        }
        cx.said(
            format!("{key}.subdomain"),
            format!("from the names of its A records in {zpath}"),
        );
        networks.push(Network {
            name: Ident::new(&net_name).map_err(|e| {
                vec![ImportError {
                    file: String::new(),
                    line: 0,
                    col: 0,
                    message: e.to_string(),
                }]
            })?,
            cidr: *cidr,
            subdomain: sub.clone(),
        });
        for (a, r) in members.iter().zip(&rels) {
            let Some(name) = strip(r, sub.as_ref()) else {
                continue;
            };
            let i = vms.len();
            cx.source(format!("vms[{i}].name"), zpath, a.line);
            cx.source(format!("vms[{i}].address"), zpath, a.line);
            vms.push(Vm {
                network: (k > 0).then(|| Ident::new(&net_name).ok()).flatten(),
                address: Some(a.address),
                ..Vm::new(name)
            });
            vm_fqdns.push(a.name.clone());
        }
    }
    let k = Known {
        zpath,
        ipath,
        vm_fqdns: &vm_fqdns,
        node_fqdn: &node_fqdn,
        node_name: node_plan_name.clone(),
        node_address: node_a.address,
        bridge_address: bridge.address,
    };
    let dhcp = vms::dhcp(&mut cx, files, &k, &mut vms);
    let firewall = vms::firewall(&mut cx, files, &k, &mut vms, &params, &extra_addresses);
    vms::sites(&mut cx, files, &k, &mut vms);
    vms::resources(&mut cx, files, &k, &mut vms, cluster.as_ref());

    for (i, vm) in vms.iter().enumerate() {
        if vm.mac.is_none() {
            cx.said(format!("vms[{i}].mac"), "no file gives it: generated");
        }
    }

    // The node.
    let uplink_stanza = uplink.map(|u| &u.value);
    let uplink_name = match uplink_stanza {
        Some(u) => {
            cx.source("nodes[0].uplink", ipath, uplink.map_or(0, |u| u.line));
            u.name.to_string()
        }
        None => {
            cx.note(
                ipath,
                0,
                "no uplink stanza: the plan's node gets eth0; set its uplink",
            );
            cx.said(
                "nodes[0].uplink",
                format!("NOT FOUND: no uplink stanza in {ipath}; set it"),
            );
            "eth0".to_owned()
        }
    };
    let uplink_address = uplink_stanza
        .and_then(|u| u.address.as_ref())
        .filter(|a| a.value.prefix_len() < 32);
    if let Some(a) = uplink_address {
        cx.source("nodes[0].uplink_address", ipath, a.line);
    }
    let gateway = uplink_stanza.and_then(|u| u.gateway.as_ref());
    if let Some(g) = gateway {
        cx.source("nodes[0].gateway", ipath, g.line);
    }
    let six = node6(
        &mut cx,
        ipath,
        &interfaces.read.ifaces6,
        &bridge_name,
        &uplink_name,
    );
    let (Some(name), Ok(uplink_if)) = (node_plan_name, uplink_name.parse()) else {
        return Err(vec![ImportError {
            file: ipath.into(),
            line: 0,
            col: 0,
            message: format!(
                "the node {node_fqdn} or its uplink {uplink_name} is not a name the plan takes"
            ),
        }]);
    };
    let node = Node {
        name,
        address: node_a.address,
        uplink: uplink_if,
        uplink_address: uplink_address.map(|a| a.value),
        gateway: gateway.map(|g| g.value),
        prefix6: six.prefix6,
        uplink_address6: six.uplink_address6,
        gateway6: six.gateway6,
        interconnect: None,
        memory: None,
        volume_group_size: None,
    };
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    let plan = Plan {
        domain,
        dns: Dns {
            nameserver,
            nameserver_address: ns.address,
            hostmaster,
            ttl,
            refresh: soa.value.refresh(),
            retry: soa.value.retry(),
            expire: soa.value.expire(),
            negative_ttl: soa.value.minimum(),
            serial: Some(soa.value.serial()),
            listen_on,
            allow_recursion,
            reverse: (!reverse.is_empty()).then_some(reverse),
            reverse6: (!reverse6.is_empty()).then_some(reverse6),
            transfer_key_file: None,
        },
        networks,
        bridge,
        local,
        dhcp,
        cluster,
        firewall,
        nodes: vec![node],
        vms,
        tls: None,
    };
    Ok(Mapped {
        plan,
        sources: cx.sources,
        notes: cx.notes,
        candidates: cx.candidates,
    })
}

/// What the node's `inet6` stanzas say of its IPv6 side.
#[derive(Default)]
struct Node6 {
    prefix6: Option<Ipv6Net>,
    uplink_address6: Option<Ipv6Net>,
    gateway6: Option<std::net::Ipv6Addr>,
}

/// The node's IPv6 side from its `inet6` stanzas: the bridge's address is `<prefix6>::1/64` (the plan gives
/// it `::1`), the uplink's stanza gives `uplink_address6` and `gateway6`; any other is a note.
fn node6(
    cx: &mut Ctx,
    ipath: &str,
    stanzas: &[vocabulary::read::At<netif::read::Iface6Read>],
    bridge: &netif::InterfaceName,
    uplink: &str,
) -> Node6 {
    let mut six = Node6::default();
    // The line each key was taken from.
    let mut lines: Vec<(&str, usize)> = Vec::new();
    for stanza in stanzas {
        let i = &stanza.value;
        if i.method != "static" {
            cx.note(
                ipath,
                stanza.line,
                format!(
                    "iface {} inet6 {}: the plan's inet6 stanzas are static",
                    i.name, i.method
                ),
            );
            continue;
        }
        if &i.name == bridge {
            match &i.address {
                Some(a) if a.value.prefix_len() == 64 => {
                    six.prefix6 = Some(a.value.trunc());
                    cx.source("nodes[0].prefix6", ipath, a.line);
                    lines.push(("prefix6", a.line));
                    cx.candidate(
                        ipath,
                        a.line,
                        "the plan gives the bridge the address ::1 of its prefix6",
                    );
                }
                Some(a) => cx.note(
                    ipath,
                    a.line,
                    format!("{}: the plan's prefix6 is a /64, for SLAAC", a.value),
                ),
                None => cx.note(
                    ipath,
                    stanza.line,
                    "the bridge's inet6 stanza has no address",
                ),
            }
            if let Some(g) = &i.gateway {
                cx.note(ipath, g.line, "the plan's bridge has no IPv6 gateway");
            }
        } else if i.name.as_str() == uplink {
            if let Some(a) = &i.address {
                six.uplink_address6 = Some(a.value);
                cx.source("nodes[0].uplink_address6", ipath, a.line);
                lines.push(("uplink_address6", a.line));
            }
            if let Some(g) = &i.gateway {
                six.gateway6 = Some(g.value);
                cx.source("nodes[0].gateway6", ipath, g.line);
                lines.push(("gateway6", g.line));
            }
        } else {
            cx.note(
                ipath,
                stanza.line,
                format!(
                    "iface {} inet6: the plan has IPv6 on the uplink and the bridge only",
                    i.name
                ),
            );
        }
        for other in &i.others {
            cx.candidate(
                ipath,
                other.line,
                format!(
                    "`{}`: the plan's inet6 stanzas say their address and gateway only",
                    other.value
                ),
            );
        }
    }
    // The plan takes them together or not at all: the uplink's address with its gateway, and the bridge's
    // prefix only beside them (Rule::UplinkKeys). What it cannot take is a note, left out.
    let drop = |cx: &mut Ctx, key: &str, why: &str| {
        if let Some(&(_, line)) = lines.iter().find(|(k, _)| *k == key) {
            cx.sources.remove(&format!("nodes[0].{key}"));
            cx.note(ipath, line, format!("{key}: {why}; left out"));
        }
    };
    if six.uplink_address6.is_some() != six.gateway6.is_some() {
        let why = "the plan's IPv6 uplink has its static address and its gateway together";
        drop(cx, "uplink_address6", why);
        drop(cx, "gateway6", why);
        six.uplink_address6 = None;
        six.gateway6 = None;
    }
    if six.prefix6.is_some() && six.uplink_address6.is_none() {
        drop(
            cx,
            "prefix6",
            "the plan routes a prefix6 through a static IPv6 uplink (uplink_address6 and gateway6)",
        );
        six.prefix6 = None;
    }
    six
}
