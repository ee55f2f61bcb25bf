//! The second layer: every field of the document converted into its checked type, every failure collected
//! with its place, unknown keys refused with the nearest known one suggested.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::net::Ipv4Addr;
use std::str::FromStr;

use bind_zone::{Name, Serial, Ttl};
use ipnet::{Ipv4Net, Ipv6Net};

use crate::diag::Diagnostic;
use crate::path::Path;
use crate::plan::defaults;
use crate::plan::doc::{Entry, Kind, Node};
use crate::plan::values::{Ident, Mac};
use crate::plan::{
    Bridge, Cluster, Dhcp, DhcpServer, Dns, Firewall, FixedAddress, Forward, Local, Network,
    Node as PlanNode, Plan, Proto, Site, Tls, Vm,
};
use crate::rule::Rule;

/// Whether `message` names `value`: quoted, or as a word of its own.
fn names(message: &str, value: &str) -> bool {
    message.contains(&format!("{value:?}"))
        || (!value.is_empty()
            && (message.starts_with(&format!("{value} "))
                || message.contains(&format!(" {value} "))))
}

/// Collects diagnostics while converting.
pub(crate) struct Reader {
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// The most keys a table of the plan has.
const MAX_KEYS: usize = 16;

/// The fields of one table being read: each taken at most once; what is left over is unknown. The keys
/// the reader asks for are the table's known keys: a key is declared once, where it is read.
struct Fields<'a> {
    path: Path,
    entries: &'a [Entry<'a>],
    taken: Vec<bool>,
    known: [&'static str; MAX_KEYS],
    known_count: usize,
}

impl<'a> Fields<'a> {
    fn get(&mut self, key: &'static str) -> Option<&'a Node<'a>> {
        if self.known_count < MAX_KEYS {
            self.known[self.known_count] = key;
            self.known_count += 1;
        }
        let i = self.entries.iter().position(|e| e.key == key)?;
        self.taken[i] = true;
        Some(&self.entries[i].value)
    }
}

/// A typed value from a string, or the message of why not.
trait Parse: Sized {
    fn parse_value(s: &str) -> Result<Self, String>;
}

impl<T> Parse for T
where
    T: FromStr,
    T::Err: Display,
{
    fn parse_value(s: &str) -> Result<T, String> {
        s.parse::<T>().map_err(|e| e.to_string())
    }
}

impl Reader {
    fn error(&mut self, rule: Rule, path: &Path, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::new(rule, path.clone(), message));
    }

    fn table<'a>(&mut self, node: &'a Node<'a>, path: &Path) -> Option<Fields<'a>> {
        match &node.kind {
            Kind::Table(entries) => Some(Fields {
                path: path.clone(),
                entries,
                taken: vec![false; entries.len()],
                known: [""; MAX_KEYS],
                known_count: 0,
            }),
            other => {
                self.error(
                    Rule::WrongKind,
                    path,
                    format!("expected a table, found {}", other.describe()),
                );
                None
            }
        }
    }

    /// Refuses every key of `fields` not taken, suggesting the nearest of those the reader asked for.
    fn finish(&mut self, fields: Fields<'_>) {
        let known = &fields.known[..fields.known_count];
        for (entry, taken) in fields.entries.iter().zip(&fields.taken) {
            if *taken {
                continue;
            }
            let path = fields.path.key(&entry.key);
            let nearest = known
                .iter()
                .map(|k| (strsim::damerau_levenshtein(k, &entry.key), *k))
                .min()
                .filter(|(distance, k)| *distance <= 2.max(k.len() / 3));
            let mut d = Diagnostic::new(
                Rule::UnknownKey,
                path,
                format!("unknown key `{}`", entry.key),
            )
            .at_key();
            d = match nearest {
                Some((_, k)) => d.hint(format!("did you mean `{k}`?")),
                None => d.hint(format!("known keys here: {}", known.join(", "))),
            };
            self.diagnostics.push(d);
        }
    }

    fn missing(&mut self, fields: &Fields<'_>, key: &str, what: &str) {
        self.diagnostics.push(
            Diagnostic::new(
                Rule::MissingKey,
                fields.path.clone(),
                format!("missing `{key}`"),
            )
            .hint(format!("add `{key} = ...`: {what}")),
        );
    }

    fn string<'a>(&mut self, node: &'a Node<'a>, path: &Path) -> Option<&'a str> {
        match &node.kind {
            Kind::Str(s) => Some(s),
            other => {
                self.error(
                    Rule::WrongKind,
                    path,
                    format!("expected a string, found {}", other.describe()),
                );
                None
            }
        }
    }

    /// A typed value written as a string.
    fn parse<T: Parse>(&mut self, node: &Node<'_>, path: &Path) -> Option<T> {
        let text = self.string(node, path)?;
        match T::parse_value(text) {
            Ok(v) => Some(v),
            Err(message) if names(&message, text) => {
                self.error(Rule::BadValue, path, message);
                None
            }
            // Some messages (std's address parsers) do not name the value: name it.
            Err(message) => {
                self.error(Rule::BadValue, path, format!("{text:?}: {message}"));
                None
            }
        }
    }

    /// [`Reader::parse`], with `hint` on its error (what a right value looks like, where the parser's
    /// message does not say).
    fn parse_hinted<T: Parse>(&mut self, node: &Node<'_>, path: &Path, hint: &str) -> Option<T> {
        let before = self.diagnostics.len();
        let value = self.parse(node, path);
        if value.is_none()
            && self.diagnostics.len() > before
            && let Some(d) = self.diagnostics.last_mut()
        {
            d.set_hint(hint);
        }
        value
    }

    fn int(&mut self, node: &Node<'_>, path: &Path, min: i64, max: i64) -> Option<i64> {
        match &node.kind {
            Kind::Int(n) if (min..=max).contains(n) => Some(*n),
            Kind::Int(n) => {
                self.error(
                    Rule::OutOfRange,
                    path,
                    format!("{n} is out of range ({min} to {max})"),
                );
                None
            }
            Kind::BigInt(n) => {
                self.error(
                    Rule::OutOfRange,
                    path,
                    format!("{n} is out of range ({min} to {max})"),
                );
                None
            }
            other => {
                self.error(
                    Rule::WrongKind,
                    path,
                    format!("expected an integer, found {}", other.describe()),
                );
                None
            }
        }
    }

    fn port(&mut self, node: &Node<'_>, path: &Path) -> Option<u16> {
        self.int(node, path, 1, 65535)
            .and_then(|n| u16::try_from(n).ok())
    }

    fn u32(&mut self, node: &Node<'_>, path: &Path, min: u32) -> Option<u32> {
        self.int(node, path, min.into(), u32::MAX.into())
            .and_then(|n| u32::try_from(n).ok())
    }

    fn bool(&mut self, node: &Node<'_>, path: &Path) -> Option<bool> {
        match &node.kind {
            Kind::Bool(b) => Some(*b),
            other => {
                self.error(
                    Rule::WrongKind,
                    path,
                    format!("expected true or false, found {}", other.describe()),
                );
                None
            }
        }
    }

    fn array<'a>(&mut self, node: &'a Node<'a>, path: &Path) -> Option<&'a [Node<'a>]> {
        match &node.kind {
            Kind::Array(items) => Some(items),
            other => {
                self.error(
                    Rule::WrongKind,
                    path,
                    format!("expected an array, found {}", other.describe()),
                );
                None
            }
        }
    }

    /// Every element of an array of strings parsed; `None` if any failed (each failure reported).
    fn list<T: Parse>(&mut self, node: &Node<'_>, path: &Path) -> Option<Vec<T>> {
        let items = self.array(node, path)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match self.parse(item, &path.index(i)) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A name relative to the domain: a host name, not absolute.
    fn relative_name(&mut self, node: &Node<'_>, path: &Path) -> Option<Name> {
        let name: Name = self.parse(node, path)?;
        if name.is_absolute() {
            self.diagnostics.push(
                Diagnostic::new(
                    Rule::AbsoluteName,
                    path.clone(),
                    format!("{name} is absolute; names in a plan are relative to the domain"),
                )
                .hint("drop the trailing dot"),
            );
            return None;
        }
        if !name.is_host_name() {
            self.error(
                Rule::BadValue,
                path,
                format!("{name} is not a host name (a label starts with `_`)"),
            );
            return None;
        }
        Some(name)
    }

    fn ttl(
        &mut self,
        fields: &mut Fields<'_>,
        key: &'static str,
        default: fn() -> Ttl,
    ) -> Option<Ttl> {
        let path = fields.path.key(key);
        match fields.get(key) {
            Some(node) => self.parse(node, &path),
            None => Some(default()),
        }
    }
}

/// The plan in `doc`, or `None` if any value was wrong (every one reported into `reader`).
pub(crate) fn plan(reader: &mut Reader, doc: &Node<'_>) -> Option<Plan> {
    plan_with(reader, doc, None)
}

/// [`plan`], with its VMs already read when `vms` is given (the document has none then).
pub(crate) fn plan_with(
    reader: &mut Reader,
    doc: &Node<'_>,
    read_vms: Option<Vec<Vm>>,
) -> Option<Plan> {
    plan_in(reader, doc, read_vms, false).map(|(plan, _)| plan)
}

/// The plan with only the VMs that read (and the index in the plan of each), when every other part of it
/// read: what the whole-plan rules can still judge when some VMs did not read, so that one run reports
/// every error. Its diagnostics are the same as [`plan_with`]'s.
pub(crate) fn plan_partly(reader: &mut Reader, doc: &Node<'_>) -> Option<(Plan, Vec<usize>)> {
    plan_in(reader, doc, None, true).map(|(plan, indexes)| {
        let indexes = indexes.unwrap_or_else(|| (0..plan.vms.len()).collect());
        (plan, indexes)
    })
}

/// The plan; with `partly`, the VMs that read and their indexes (`None`: every VM, in order).
fn plan_in(
    reader: &mut Reader,
    doc: &Node<'_>,
    read_vms: Option<Vec<Vm>>,
    partly: bool,
) -> Option<(Plan, Option<Vec<usize>>)> {
    let root = Path::root();
    let mut top = reader.table(doc, &root)?;
    let domain = match top.get("domain") {
        Some(node) => reader.relative_name(node, &root.field("domain")),
        None => {
            reader.missing(
                &top,
                "domain",
                "the farm's private DNS domain, e.g. \"farm\"",
            );
            None
        }
    };
    let dns = match top.get("dns") {
        Some(node) => dns(reader, node, &root.field("dns")),
        None => {
            reader.missing(
                &top,
                "dns",
                "a [dns] section with at least nameserver_address",
            );
            None
        }
    };
    let networks = array_of(reader, &mut top, "networks", network);
    let bridge = match top.get("bridge") {
        Some(node) => bridge(reader, node, &root.field("bridge")),
        None => {
            reader.missing(&top, "bridge", "a [bridge] section: the VMs' bridge");
            None
        }
    };
    let local = optional(reader, top.get("local"), &root.field("local"), local);
    let dhcp = optional(reader, top.get("dhcp"), &root.field("dhcp"), dhcp);
    let cluster = optional(reader, top.get("cluster"), &root.field("cluster"), cluster);
    let firewall = optional(
        reader,
        top.get("firewall"),
        &root.field("firewall"),
        firewall,
    );
    let nodes = array_of(reader, &mut top, "nodes", node);
    let (vms, indexes) = match (read_vms, top.get("vms")) {
        (Some(read), _) => (Some(read), None),
        (None, Some(node)) if partly => match vms_partly(reader, node, &root.field("vms")) {
            Some((vms, indexes)) => (Some(vms), Some(indexes)),
            None => (None, None),
        },
        (None, Some(node)) => (vms(reader, node, &root.field("vms")), None),
        (None, None) => (Some(Vec::new()), None),
    };
    let tls = optional(reader, top.get("tls"), &root.field("tls"), tls);
    reader.finish(top);
    let plan = Plan {
        domain: domain?,
        dns: dns?,
        networks: networks?,
        bridge: bridge?,
        local: local?,
        dhcp: dhcp?,
        cluster: cluster?,
        firewall: firewall?,
        nodes: nodes?,
        vms: vms?,
        tls: tls?,
    };
    Some((plan, indexes))
}

/// An optional section: `Some(None)` when absent, `None` when present but wrong.
fn optional<T>(
    reader: &mut Reader,
    node: Option<&Node<'_>>,
    path: &Path,
    read: fn(&mut Reader, &Node<'_>, &Path) -> Option<T>,
) -> Option<Option<T>> {
    match node {
        None => Some(None),
        Some(node) => read(reader, node, path).map(Some),
    }
}

/// The array of tables at `key` of `fields` (absent: empty); every element read even when one fails. Its
/// path is made only if it is there (a VM's forwards and sites are absent from most VMs).
fn array_of<T>(
    reader: &mut Reader,
    fields: &mut Fields<'_>,
    key: &'static str,
    read: fn(&mut Reader, &Node<'_>, &Path) -> Option<T>,
) -> Option<Vec<T>> {
    let Some(node) = fields.get(key) else {
        return Some(Vec::new());
    };
    let path = fields.path.field(key);
    let items = reader.array(node, &path)?;
    items_of(reader, items, 0, &path, read)
}

/// The elements of an array, the first of them at index `first`; every element read even when one fails.
pub(crate) fn items_of<T>(
    reader: &mut Reader,
    items: &[Node<'_>],
    first: usize,
    path: &Path,
    read: fn(&mut Reader, &Node<'_>, &Path) -> Option<T>,
) -> Option<Vec<T>> {
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match read(reader, item, &path.index(first + i)) {
            Some(v) => out.push(v),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// Below this many VMs, they are read on one thread.
const MIN_PARALLEL_VMS: usize = 4096;

/// The VMs, read in parts on every core when there are many: the same VMs and the same diagnostics, in the
/// same order, as one thread gives.
fn vms(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Vec<Vm>> {
    let items = reader.array(node, path)?;
    if items.len() < MIN_PARALLEL_VMS {
        return items_of(reader, items, 0, path, vm);
    }
    let parts = crate::on_cores(items, |first, chunk| {
        let mut part_reader = Reader {
            diagnostics: Vec::new(),
        };
        let vms = items_of(&mut part_reader, chunk, first, path, vm);
        (part_reader.diagnostics, vms)
    });
    let mut out = Some(Vec::with_capacity(items.len()));
    for (diagnostics, vms) in parts {
        reader.diagnostics.extend(diagnostics);
        out = match (out, vms) {
            (Some(mut all), Some(vms)) => {
                all.extend(vms);
                Some(all)
            }
            _ => None,
        };
    }
    out
}

/// The VMs that read, and the index in the plan of each; every element read.
fn vms_partly(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<(Vec<Vm>, Vec<usize>)> {
    let items = reader.array(node, path)?;
    let mut vms = Vec::with_capacity(items.len());
    let mut indexes = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some(read) = vm(reader, item, &path.index(i)) {
            vms.push(read);
            indexes.push(i);
        }
    }
    Some((vms, indexes))
}

macro_rules! required {
    ($reader:expr, $fields:expr, $key:literal, $what:literal, |$node:ident, $path:ident| $read:expr) => {
        match $fields.get($key) {
            Some($node) => {
                let $path = $fields.path.field($key);
                $read
            }
            None => {
                $reader.missing(&$fields, $key, $what);
                None
            }
        }
    };
}

macro_rules! optional_field {
    ($fields:expr, $key:literal, |$node:ident, $path:ident| $read:expr) => {
        match $fields.get($key) {
            Some($node) => {
                let $path = $fields.path.field($key);
                $read.map(Some)
            }
            None => Some(None),
        }
    };
}

fn dns(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Dns> {
    let mut f = reader.table(node, path)?;
    let nameserver = match f.get("nameserver") {
        Some(n) => reader.relative_name(n, &path.field("nameserver")),
        None => Some(defaults::nameserver()),
    };
    let nameserver_address: Option<Ipv4Addr> = required!(
        reader,
        f,
        "nameserver_address",
        "the address the name server answers on (the bridge's or a node's)",
        |n, p| reader.parse(n, &p)
    );
    let hostmaster = match f.get("hostmaster") {
        Some(n) => reader.relative_name(n, &path.field("hostmaster")),
        None => Some(defaults::hostmaster()),
    };
    let ttl = reader.ttl(&mut f, "ttl", defaults::ttl);
    let refresh = reader.ttl(&mut f, "refresh", defaults::refresh);
    let retry = reader.ttl(&mut f, "retry", defaults::retry);
    let expire = reader.ttl(&mut f, "expire", defaults::expire);
    let negative_ttl = reader.ttl(&mut f, "negative_ttl", defaults::negative_ttl);
    let serial = optional_field!(f, "serial", |n, p| reader
        .int(n, &p, 0, u32::MAX.into())
        .and_then(|s| u32::try_from(s).ok())
        .map(Serial::new));
    let listen_on = optional_field!(f, "listen_on", |n, p| reader.list(n, &p));
    let allow_recursion = optional_field!(f, "allow_recursion", |n, p| reader.list(n, &p));
    let reverse = optional_field!(f, "reverse", |n, p| reader.list::<Ipv4Net>(n, &p));
    let reverse6 = optional_field!(f, "reverse6", |n, p| reader.list::<Ipv6Net>(n, &p));
    let transfer_key_file = optional_field!(f, "transfer_key_file", |n, p| reader.parse(n, &p));
    reader.finish(f);
    Some(Dns {
        nameserver: nameserver?,
        nameserver_address: nameserver_address?,
        hostmaster: hostmaster?,
        ttl: ttl?,
        refresh: refresh?,
        retry: retry?,
        expire: expire?,
        negative_ttl: negative_ttl?,
        serial: serial?,
        listen_on: listen_on?,
        allow_recursion: allow_recursion?,
        reverse: reverse?,
        reverse6: reverse6?,
        transfer_key_file: transfer_key_file?,
    })
}

fn network(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Network> {
    let mut f = reader.table(node, path)?;
    let name: Option<Ident> = required!(
        reader,
        f,
        "name",
        "the network's name (`nodes` for the nodes' network)",
        |n, p| reader.parse(n, &p)
    );
    let cidr: Option<Ipv4Net> = required!(
        reader,
        f,
        "cidr",
        "its prefix, e.g. \"10.10.60.0/24\"",
        |n, p| reader.parse(n, &p)
    );
    let subdomain = match f.get("subdomain") {
        None => Some(None),
        Some(n) => match reader.string(n, &path.field("subdomain")) {
            Some("") => Some(None),
            Some(_) => reader.relative_name(n, &path.field("subdomain")).map(Some),
            None => None,
        },
    };
    reader.finish(f);
    Some(Network {
        name: name?,
        cidr: cidr?,
        subdomain: subdomain?,
    })
}

fn bridge(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Bridge> {
    let mut f = reader.table(node, path)?;
    let name = required!(
        reader,
        f,
        "name",
        "the bridge's interface name, e.g. \"br0\"",
        |n, p| reader.parse(n, &p)
    );
    let address = required!(
        reader,
        f,
        "address",
        "its address, the VMs' gateway",
        |n, p| reader.parse(n, &p)
    );
    let stp = match f.get("stp") {
        Some(n) => reader.bool(n, &path.field("stp")),
        None => Some(false),
    };
    let maxwait = optional_field!(f, "maxwait", |n, p| reader.u32(n, &p, 0));
    reader.finish(f);
    Some(Bridge {
        name: name?,
        address: address?,
        stp: stp?,
        maxwait: maxwait?,
    })
}

fn local(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Local> {
    let mut f = reader.table(node, path)?;
    let interface = required!(
        reader,
        f,
        "interface",
        "the alias, e.g. \"lo:1\"",
        |n, p| reader.parse(n, &p)
    );
    let address = required!(reader, f, "address", "its address", |n, p| reader
        .parse(n, &p));
    let blackhole = optional_field!(f, "blackhole", |n, p| reader.parse(n, &p));
    reader.finish(f);
    Some(Local {
        interface: interface?,
        address: address?,
        blackhole: blackhole?,
    })
}

fn dhcp(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Dhcp> {
    let mut f = reader.table(node, path)?;
    let subnet = optional_field!(f, "subnet", |n, p| reader.parse(n, &p));
    let fixed_address = match f.get("fixed_address") {
        None => Some(defaults::fixed_address()),
        Some(n) => match reader.string(n, &path.field("fixed_address")) {
            Some("address") => Some(FixedAddress::Address),
            Some("name") => Some(FixedAddress::Name),
            Some(other) => {
                reader.error(
                    Rule::BadValue,
                    &path.field("fixed_address"),
                    format!("{other:?} is neither \"address\" nor \"name\""),
                );
                None
            }
            None => None,
        },
    };
    let server = match f.get("server") {
        None => Some(DhcpServer::default()),
        Some(n) => match reader.string(n, &path.field("server")) {
            Some("isc") => Some(DhcpServer::Isc),
            Some("kea") => Some(DhcpServer::Kea),
            Some(other) => {
                reader.diagnostics.push(
                    Diagnostic::new(
                        Rule::BadValue,
                        path.field("server"),
                        format!("{other:?} is neither \"isc\" nor \"kea\""),
                    )
                    .hint("\"isc\" for ISC dhcpd (the default), \"kea\" for Kea"),
                );
                None
            }
            None => None,
        },
    };
    reader.finish(f);
    Some(Dhcp {
        subnet: subnet?,
        fixed_address: fixed_address?,
        server: server?,
    })
}

fn cluster(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Cluster> {
    let mut f = reader.table(node, path)?;
    let name = required!(
        reader,
        f,
        "name",
        "the cluster's name, relative to the domain",
        |n, p| reader.relative_name(n, &p)
    );
    let address = required!(
        reader,
        f,
        "address",
        "the cluster's address, in the nodes network",
        |n, p| reader.parse(n, &p)
    );
    let volume_group = required!(
        reader,
        f,
        "volume_group",
        "the LVM volume group, e.g. \"all\"",
        |n, p| reader.parse(n, &p)
    );
    let hypervisors = match f.get("hypervisors") {
        Some(n) => reader.list(n, &path.field("hypervisors")),
        None => Some(defaults::hypervisors()),
    };
    let memory_reserve = optional_field!(f, "memory_reserve", |n, p| reader.parse(n, &p));
    reader.finish(f);
    Some(Cluster {
        name: name?,
        address: address?,
        volume_group: volume_group?,
        hypervisors: hypervisors?,
        memory_reserve: memory_reserve?,
    })
}

fn firewall(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Firewall> {
    let mut f = reader.table(node, path)?;
    let public = ident_table(reader, f.get("public"), &path.field("public"), |r, n, p| {
        r.parse::<Ipv4Addr>(n, p)
    });
    let holders = ident_table(
        reader,
        f.get("holders"),
        &path.field("holders"),
        |r, n, p| r.relative_name(n, p),
    );
    reader.finish(f);
    Some(Firewall {
        public: public?,
        holders: holders?,
    })
}

/// A table whose keys are identifiers and whose values `value` reads (absent: empty); every entry read
/// even when one fails.
fn ident_table<T>(
    reader: &mut Reader,
    node: Option<&Node<'_>>,
    path: &Path,
    value: fn(&mut Reader, &Node<'_>, &Path) -> Option<T>,
) -> Option<BTreeMap<Ident, T>> {
    let Some(node) = node else {
        return Some(BTreeMap::new());
    };
    let table = reader.table(node, path)?;
    let mut out = BTreeMap::new();
    let mut ok = true;
    for entry in table.entries {
        let epath = path.key(&entry.key);
        let name = Ident::new(&entry.key)
            .map_err(|e| reader.error(Rule::BadValue, &epath, e.to_string()))
            .ok();
        match (name, value(reader, &entry.value, &epath)) {
            (Some(n), Some(v)) => {
                out.insert(n, v);
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn tls(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Tls> {
    let mut f = reader.table(node, path)?;
    let email = optional_field!(f, "email", |n, p| reader.parse(n, &p));
    let acme_server = match f.get("acme_server") {
        Some(n) => reader.parse(n, &path.field("acme_server")),
        None => Some(defaults::acme_server()),
    };
    reader.finish(f);
    Some(Tls {
        email: email?,
        acme_server: acme_server?,
    })
}

fn node(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<PlanNode> {
    let mut f = reader.table(node, path)?;
    let name = required!(
        reader,
        f,
        "name",
        "the node's name, relative to the domain",
        |n, p| reader.relative_name(n, &p)
    );
    let address = required!(
        reader,
        f,
        "address",
        "its address in the nodes network",
        |n, p| reader.parse(n, &p)
    );
    let uplink = required!(
        reader,
        f,
        "uplink",
        "its uplink interface, e.g. \"eth0\"",
        |n, p| reader.parse(n, &p)
    );
    let uplink_address = optional_field!(f, "uplink_address", |n, p| reader.parse(n, &p));
    let gateway = optional_field!(f, "gateway", |n, p| reader.parse(n, &p));
    let prefix6 = optional_field!(f, "prefix6", |n, p| reader.parse_hinted(
        n,
        &p,
        "prefix6 is the IPv6 /64 the provider routes to the node: 2001:db8:1:2::/64"
    ));
    let uplink_address6 = optional_field!(f, "uplink_address6", |n, p| reader.parse_hinted(
        n,
        &p,
        "the uplink's static IPv6 address with its prefix length: 2001:db8::10/64"
    ));
    let gateway6 = optional_field!(f, "gateway6", |n, p| reader.parse_hinted(
        n,
        &p,
        "an IPv6 address, often the router's link-local one: fe80::1"
    ));
    let interconnect = optional_field!(f, "interconnect", |n, p| reader.parse(n, &p));
    let memory = optional_field!(f, "memory", |n, p| reader.parse(n, &p));
    let volume_group_size = optional_field!(f, "volume_group_size", |n, p| reader.parse(n, &p));
    reader.finish(f);
    Some(PlanNode {
        name: name?,
        address: address?,
        uplink: uplink?,
        uplink_address: uplink_address?,
        gateway: gateway?,
        prefix6: prefix6?,
        uplink_address6: uplink_address6?,
        gateway6: gateway6?,
        interconnect: interconnect?,
        memory: memory?,
        volume_group_size: volume_group_size?,
    })
}

fn forward(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Forward> {
    let mut f = reader.table(node, path)?;
    let proto = required!(
        reader,
        f,
        "proto",
        "\"tcp\" or \"udp\"",
        |n, p| match reader.string(n, &p) {
            Some("tcp") => Some(Proto::Tcp),
            Some("udp") => Some(Proto::Udp),
            Some(other) => {
                reader.error(
                    Rule::BadValue,
                    &p,
                    format!("{other:?} is neither \"tcp\" nor \"udp\""),
                );
                None
            }
            None => None,
        }
    );
    let port = required!(reader, f, "port", "the public port", |n, p| reader
        .port(n, &p));
    let to = optional_field!(f, "to", |n, p| reader.port(n, &p));
    let via = optional_field!(f, "via", |n, p| reader.parse(n, &p));
    reader.finish(f);
    Some(Forward {
        proto: proto?,
        port: port?,
        to: to?,
        via: via?,
    })
}

fn site(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Site> {
    let mut f = reader.table(node, path)?;
    let server_name = required!(
        reader,
        f,
        "server_name",
        "the name nginx answers to",
        |n, p| reader.parse(n, &p)
    );
    let port = match f.get("port") {
        Some(n) => reader.port(n, &path.field("port")),
        None => Some(defaults::site_port()),
    };
    let prefix = match f.get("path") {
        Some(n) => reader.parse(n, &path.field("path")),
        None => Some(defaults::site_path()),
    };
    let tls = match f.get("tls") {
        Some(n) => reader.bool(n, &path.field("tls")),
        None => Some(false),
    };
    let via = optional_field!(f, "via", |n, p| reader.parse(n, &p));
    reader.finish(f);
    Some(Site {
        server_name: server_name?,
        port: port?,
        path: prefix?,
        tls: tls?,
        via: via?,
    })
}

pub(crate) fn vm(reader: &mut Reader, node: &Node<'_>, path: &Path) -> Option<Vm> {
    let mut f = reader.table(node, path)?;
    let name = required!(
        reader,
        f,
        "name",
        "the VM's name, relative to its network's subdomain",
        |n, p| reader.relative_name(n, &p)
    );
    let network = optional_field!(f, "network", |n, p| reader.parse(n, &p));
    let address = optional_field!(f, "address", |n, p| reader.parse(n, &p));
    let mac = optional_field!(f, "mac", |n, p| reader.parse::<Mac>(n, &p));
    let vm_node = optional_field!(f, "node", |n, p| reader.relative_name(n, &p));
    let secondary = optional_field!(f, "secondary", |n, p| reader.relative_name(n, &p));
    let memory = optional_field!(f, "memory", |n, p| reader.parse(n, &p));
    let vcpus = optional_field!(f, "vcpus", |n, p| reader
        .int(n, &p, 1, 1024)
        .and_then(|v| u32::try_from(v).ok()));
    let disk = optional_field!(f, "disk", |n, p| reader.parse(n, &p));
    let disk_template = optional_field!(f, "disk_template", |n, p| reader.parse(n, &p));
    let os = optional_field!(f, "os", |n, p| reader.parse(n, &p));
    let hypervisor = match f.get("hypervisor") {
        None => Some(BTreeMap::new()),
        Some(n) => {
            let hpath = path.field("hypervisor");
            match reader.table(n, &hpath) {
                None => None,
                Some(table) => {
                    let mut out = BTreeMap::new();
                    let mut ok = true;
                    for entry in table.entries {
                        let epath = hpath.key(&entry.key);
                        let key = ganeti::HvKey::new(&entry.key)
                            .map_err(|e| reader.error(Rule::BadValue, &epath, e.to_string()))
                            .ok();
                        let value: Option<ganeti::HvValue> = reader.parse(&entry.value, &epath);
                        match (key, value) {
                            (Some(k), Some(v)) => {
                                out.insert(k, v);
                            }
                            _ => ok = false,
                        }
                    }
                    ok.then_some(out)
                }
            }
        }
    };
    let forwards = array_of(reader, &mut f, "forwards", forward);
    let sites = array_of(reader, &mut f, "sites", site);
    reader.finish(f);
    Some(Vm {
        name: name?,
        network: network?,
        address: address?,
        mac: mac?,
        node: vm_node?,
        secondary: secondary?,
        memory: memory?,
        vcpus: vcpus?,
        disk: disk?,
        disk_template: disk_template?,
        os: os?,
        hypervisor: hypervisor?,
        forwards: forwards?,
        sites: sites?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn vms_read_in_parts_are_those_read_in_one() {
        let mut text = toml::to_string(&crate::synth(MIN_PARALLEL_VMS * 2, 1)).unwrap();
        // Wrong values early, in the middle and last: the same diagnostics in the same order.
        for (n, (from, to)) in [
            ("name = \"vm7\"", "name = \"vm 7\""),
            ("name = \"vm4100\"", "name = \"vm4100\"\nnode = 3"),
            ("name = \"vm8191\"", "name = \"vm8191\"\ncolour = \"red\""),
        ]
        .into_iter()
        .enumerate()
        {
            assert!(text.contains(from), "{n}");
            text = text.replacen(from, to, 1);
        }
        let doc = crate::plan::doc::parse_toml(&text).unwrap();
        let Kind::Table(top) = &doc.kind else {
            panic!("not a table")
        };
        let node = &top.iter().find(|e| e.key == "vms").unwrap().value;
        let path = Path::root().field("vms");
        let mut one = Reader {
            diagnostics: Vec::new(),
        };
        let Kind::Array(items) = &node.kind else {
            panic!("not an array")
        };
        let expected = items_of(&mut one, items, 0, &path, vm);
        let mut parts = Reader {
            diagnostics: Vec::new(),
        };
        let got = vms(&mut parts, node, &path);
        assert_eq!(one.diagnostics.len(), 3);
        assert_eq!(parts.diagnostics, one.diagnostics);
        assert_eq!(got, expected);
        assert!(got.is_none());
    }
}
