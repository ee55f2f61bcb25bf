//! The imported plan written as TOML, in the order and layout of `examples/seed-farm.toml`, each value with
//! a comment saying where it came from.

use std::collections::BTreeMap;

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use crate::{FixedAddress, Plan, Proto};

/// The column the comments start at, as in the example plan.
const COMMENT_COLUMN: usize = 37;

struct Writer<'a> {
    sources: &'a BTreeMap<String, String>,
    position: isize,
}

impl Writer<'_> {
    /// `key = value` in `table`, with the comment of `source` if there is one.
    fn put(&self, table: &mut Table, key: &str, value: impl Into<Value>, source: &str) {
        let mut value: Value = value.into();
        if let Some(comment) = self.sources.get(source) {
            let width = key.len() + 3 + value.to_string().trim().len();
            let pad = COMMENT_COLUMN.saturating_sub(width).max(1);
            value
                .decor_mut()
                .set_suffix(format!("{}# {comment}", " ".repeat(pad)));
        }
        table.insert(key, Item::Value(value));
    }

    fn table(&mut self) -> Table {
        let mut table = Table::new();
        table.decor_mut().set_prefix("\n");
        table.set_position(Some(self.position));
        self.position += 1;
        table
    }
}

fn strings<T: ToString>(items: &[T]) -> Array {
    items.iter().map(|i| i.to_string()).collect()
}

/// The plan's text.
pub(super) fn write(plan: &Plan, sources: &BTreeMap<String, String>) -> String {
    let mut w = Writer {
        sources,
        position: 0,
    };
    let mut doc = DocumentMut::new();
    let root = doc.as_table_mut();
    root.decor_mut().set_prefix(
        "# Imported by `farmgen import` from a farm built by hand: every value says where it came from.\n\
         # What the plan could not say was printed as notes; values marked NOT FOUND need setting.\n",
    );
    w.put(root, "domain", plan.domain.to_string(), "domain");

    let d = &plan.dns;
    let mut dns = w.table();
    w.put(
        &mut dns,
        "nameserver",
        d.nameserver.to_string(),
        "dns.nameserver",
    );
    w.put(
        &mut dns,
        "nameserver_address",
        d.nameserver_address.to_string(),
        "dns.nameserver_address",
    );
    w.put(
        &mut dns,
        "hostmaster",
        d.hostmaster.to_string(),
        "dns.hostmaster",
    );
    w.put(&mut dns, "ttl", d.ttl.to_string(), "dns.ttl");
    w.put(&mut dns, "refresh", d.refresh.to_string(), "dns.refresh");
    w.put(&mut dns, "retry", d.retry.to_string(), "dns.retry");
    w.put(&mut dns, "expire", d.expire.to_string(), "dns.expire");
    w.put(
        &mut dns,
        "negative_ttl",
        d.negative_ttl.to_string(),
        "dns.negative_ttl",
    );
    if let Some(serial) = d.serial {
        w.put(&mut dns, "serial", i64::from(serial.get()), "dns.serial");
    }
    if let Some(l) = &d.listen_on {
        w.put(&mut dns, "listen_on", strings(l), "dns.listen_on");
    }
    if let Some(l) = &d.allow_recursion {
        w.put(
            &mut dns,
            "allow_recursion",
            strings(l),
            "dns.allow_recursion",
        );
    }
    if let Some(r) = &d.reverse {
        w.put(&mut dns, "reverse", strings(r), "dns.reverse");
    }
    if let Some(r) = &d.reverse6 {
        w.put(&mut dns, "reverse6", strings(r), "dns.reverse6");
    }
    root.insert("dns", Item::Table(dns));

    let mut networks = ArrayOfTables::new();
    for (i, n) in plan.networks.iter().enumerate() {
        let mut t = w.table();
        w.put(
            &mut t,
            "name",
            n.name.to_string(),
            &format!("networks[{i}].name"),
        );
        w.put(
            &mut t,
            "cidr",
            n.cidr.to_string(),
            &format!("networks[{i}].cidr"),
        );
        let sub = n
            .subdomain
            .as_ref()
            .map_or_else(String::new, ToString::to_string);
        w.put(
            &mut t,
            "subdomain",
            sub,
            &format!("networks[{i}].subdomain"),
        );
        networks.push(t);
    }
    root.insert("networks", Item::ArrayOfTables(networks));

    let b = &plan.bridge;
    let mut bridge = w.table();
    w.put(&mut bridge, "name", b.name.to_string(), "bridge.name");
    w.put(
        &mut bridge,
        "address",
        b.address.to_string(),
        "bridge.address",
    );
    w.put(&mut bridge, "stp", b.stp, "bridge.stp");
    if let Some(m) = b.maxwait {
        w.put(&mut bridge, "maxwait", i64::from(m), "bridge.maxwait");
    }
    root.insert("bridge", Item::Table(bridge));

    if let Some(l) = &plan.local {
        let mut local = w.table();
        w.put(
            &mut local,
            "interface",
            l.interface.to_string(),
            "local.interface",
        );
        w.put(
            &mut local,
            "address",
            l.address.to_string(),
            "local.address",
        );
        if let Some(b) = l.blackhole {
            w.put(&mut local, "blackhole", b.to_string(), "local.blackhole");
        }
        root.insert("local", Item::Table(local));
    }

    if let Some(d) = &plan.dhcp {
        let mut dhcp = w.table();
        if let Some(s) = d.subnet {
            w.put(&mut dhcp, "subnet", s.to_string(), "dhcp.subnet");
        }
        let fixed = match d.fixed_address {
            FixedAddress::Address => "address",
            FixedAddress::Name => "name",
        };
        w.put(&mut dhcp, "fixed_address", fixed, "dhcp.fixed_address");
        root.insert("dhcp", Item::Table(dhcp));
    }

    if let Some(c) = &plan.cluster {
        let mut cluster = w.table();
        w.put(&mut cluster, "name", c.name.to_string(), "cluster.name");
        w.put(
            &mut cluster,
            "address",
            c.address.to_string(),
            "cluster.address",
        );
        w.put(
            &mut cluster,
            "volume_group",
            c.volume_group.to_string(),
            "cluster.volume_group",
        );
        let hv: Vec<&str> = c.hypervisors.iter().map(|h| h.as_str()).collect();
        w.put(
            &mut cluster,
            "hypervisors",
            strings(&hv),
            "cluster.hypervisors",
        );
        root.insert("cluster", Item::Table(cluster));
    }

    if let Some(f) = &plan.firewall {
        let mut firewall = Table::new();
        firewall.set_implicit(true);
        let mut public = w.table();
        for (name, address) in &f.public {
            w.put(
                &mut public,
                name.as_str(),
                address.to_string(),
                &format!("firewall.public.{name}"),
            );
        }
        firewall.insert("public", Item::Table(public));
        root.insert("firewall", Item::Table(firewall));
    }

    let mut nodes = ArrayOfTables::new();
    for (i, n) in plan.nodes.iter().enumerate() {
        let mut t = w.table();
        let key = format!("nodes[{i}]");
        w.put(&mut t, "name", n.name.to_string(), &format!("{key}.name"));
        w.put(
            &mut t,
            "address",
            n.address.to_string(),
            &format!("{key}.address"),
        );
        w.put(
            &mut t,
            "uplink",
            n.uplink.to_string(),
            &format!("{key}.uplink"),
        );
        if let Some(a) = n.uplink_address {
            w.put(
                &mut t,
                "uplink_address",
                a.to_string(),
                &format!("{key}.uplink_address"),
            );
        }
        if let Some(g) = n.gateway {
            w.put(&mut t, "gateway", g.to_string(), &format!("{key}.gateway"));
        }
        let six = [
            ("prefix6", n.prefix6.map(|p| p.to_string())),
            ("uplink_address6", n.uplink_address6.map(|a| a.to_string())),
            ("gateway6", n.gateway6.map(|g| g.to_string())),
        ];
        for (field, value) in six {
            if let Some(value) = value {
                w.put(&mut t, field, value, &format!("{key}.{field}"));
            }
        }
        nodes.push(t);
    }
    root.insert("nodes", Item::ArrayOfTables(nodes));

    let mut vms = ArrayOfTables::new();
    for (i, v) in plan.vms.iter().enumerate() {
        let mut t = w.table();
        let key = format!("vms[{i}]");
        let k = |field: &str| format!("{key}.{field}");
        w.put(&mut t, "name", v.name.to_string(), &k("name"));
        if let Some(n) = &v.network {
            w.put(&mut t, "network", n.to_string(), &k("network"));
        }
        if let Some(a) = v.address {
            w.put(&mut t, "address", a.to_string(), &k("address"));
        }
        if let Some(m) = v.mac {
            w.put(&mut t, "mac", m.to_string(), &k("mac"));
        }
        if let Some(n) = &v.node {
            w.put(&mut t, "node", n.to_string(), &k("resources"));
        }
        if let Some(m) = v.memory {
            w.put(&mut t, "memory", m.to_string(), &k("resources"));
        }
        if let Some(c) = v.vcpus {
            w.put(&mut t, "vcpus", i64::from(c), &k("resources"));
        }
        if let Some(d) = v.disk {
            w.put(&mut t, "disk", d.to_string(), &k("resources"));
        }
        if let Some(d) = v.disk_template {
            w.put(&mut t, "disk_template", d.as_str(), &k("resources"));
        }
        if let Some(o) = &v.os {
            w.put(&mut t, "os", o.to_string(), &k("resources"));
        }
        if !v.hypervisor.is_empty() {
            let hv: InlineTable = v
                .hypervisor
                .iter()
                .map(|(key, value)| (key.to_string(), Value::from(value.to_string())))
                .collect();
            w.put(&mut t, "hypervisor", hv, &k("resources"));
        }
        if !v.forwards.is_empty() {
            let list: Array = v
                .forwards
                .iter()
                .map(|f| {
                    let mut t = InlineTable::new();
                    let proto = match f.proto {
                        Proto::Tcp => "tcp",
                        Proto::Udp => "udp",
                    };
                    t.insert("proto", proto.into());
                    t.insert("port", i64::from(f.port).into());
                    if let Some(to) = f.to {
                        t.insert("to", i64::from(to).into());
                    }
                    if let Some(via) = &f.via {
                        t.insert("via", via.to_string().into());
                    }
                    Value::InlineTable(t)
                })
                .collect();
            w.put(&mut t, "forwards", list, &k("forwards"));
        }
        if !v.sites.is_empty() {
            let list: Array = v
                .sites
                .iter()
                .map(|s| {
                    let mut t = InlineTable::new();
                    t.insert("server_name", s.server_name.to_string().into());
                    if s.port != 80 {
                        t.insert("port", i64::from(s.port).into());
                    }
                    if s.path.to_string() != "/" {
                        t.insert("path", s.path.to_string().into());
                    }
                    Value::InlineTable(t)
                })
                .collect();
            w.put(&mut t, "sites", list, &k("sites"));
        }
        vms.push(t);
    }
    if !plan.vms.is_empty() {
        root.insert("vms", Item::ArrayOfTables(vms));
    }
    doc.to_string()
}
