//! What each VM gets beside its A record: its MAC and the DHCP settings from dhcpd.conf, its forwards and
//! the public addresses from Shorewall, its sites from nginx, its resources from the Ganeti commands or a
//! `gnt-instance list` dump.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use bind_zone::Name;
use nginx_site::read::ProxyHost;
use shorewall::Host;

use super::files::Files;
use super::map::{Ctx, absolute};
use crate::{
    Cluster, Dhcp, DhcpServer, Farm, Firewall, FixedAddress, Forward, Ident, Mac, Proto, Site, Vm,
};

/// What the VMs' mapping needs of what was found before it.
pub(super) struct Known<'a> {
    /// The forward zone's file.
    pub zpath: &'a str,
    /// The interfaces file.
    pub ipath: &'a str,
    /// Each VM's full name, in the VMs' order.
    pub vm_fqdns: &'a [Name],
    /// The node's full name.
    pub node_fqdn: &'a Name,
    /// The node's name in the plan.
    pub node_name: Option<Name>,
    /// The node's address.
    pub node_address: Ipv4Addr,
    /// The bridge's address.
    pub bridge_address: Ipv4Addr,
}

/// The VM at `address`.
fn by_address(address: Ipv4Addr, vms: &[Vm]) -> Option<usize> {
    vms.iter().position(|v| v.address == Some(address))
}

/// The VM named `name` (absolute).
fn by_name(fqdns: &[Name], name: &Name) -> Option<usize> {
    fqdns.iter().position(|n| n == name)
}

/// Each host's MAC, the subnet and how fixed addresses are written, from dhcpd.conf.
pub(super) fn dhcp(cx: &mut Ctx, files: &Files, k: &Known<'_>, vms: &mut [Vm]) -> Option<Dhcp> {
    let mut dhcp = None;
    if let Some(d) = &files.dhcpd {
        let path = d.path.as_str();
        let mut named = 0;
        let mut addressed = 0;
        for host in &d.read.hosts {
            let h = &host.value.host;
            let fixed = h.fixed_address();
            let vm = match fixed {
                Some(dhcpd_conf::FixedAddress::Address(a)) => {
                    addressed += 1;
                    by_address(*a, vms)
                }
                Some(dhcpd_conf::FixedAddress::Name(n)) => {
                    named += 1;
                    absolute(n.as_str()).and_then(|n| by_name(k.vm_fqdns, &n))
                }
                None => absolute(h.name().as_str()).and_then(|n| by_name(k.vm_fqdns, &n)),
            };
            let Some(i) = vm else {
                let what = fixed.map_or_else(|| h.name().to_string(), ToString::to_string);
                cx.note(
                    path,
                    host.line,
                    format!(
                        "host {}: {what} resolves to no VM of {}; left out",
                        h.name(),
                        k.zpath
                    ),
                );
                continue;
            };
            match Mac::new(h.mac()) {
                Ok(mac) => {
                    vms[i].mac = Some(mac);
                    cx.source(format!("vms[{i}].mac"), path, host.value.mac_line);
                }
                Err(e) => cx.note(path, host.value.mac_line, e.to_string()),
            }
            for option in h.options() {
                if !matches!(option, dhcpd_conf::DhcpOption::SubnetMask(m) if m.is_broadcast()) {
                    cx.note(path, host.line, format!("option {} of host {}: the plan's reservations have only subnet-mask 255.255.255.255", option.name(), h.name()));
                }
            }
        }
        let subnet = d
            .read
            .subnets
            .iter()
            .find(|s| s.value.contains(&k.bridge_address));
        if let Some(s) = subnet {
            cx.source("dhcp.subnet", path, s.line);
        }
        for s in &d.read.subnets {
            if subnet.is_none_or(|t| t.line != s.line) {
                cx.candidate(
                    path,
                    s.line,
                    format!(
                        "subnet {}: the plan declares one, holding the bridge's address",
                        s.value
                    ),
                );
            }
        }
        for option in &d.read.options {
            cx.candidate(
                path,
                option.line,
                format!(
                    "option {}: the plan sets the router, name server and domain itself",
                    option.value.name()
                ),
            );
        }
        for other in &d.read.others {
            cx.candidate(
                path,
                other.line,
                format!("`{}`: not in the plan", other.value),
            );
        }
        if named > 0 && addressed > 0 {
            cx.note(
                path,
                0,
                "fixed addresses by name and by address: the plan writes them all one way, by name",
            );
        }
        cx.said("dhcp.fixed_address", format!("as {path}'s hosts give it"));
        dhcp = Some(Dhcp {
            subnet: subnet.map(|s| s.value),
            fixed_address: if named > 0 {
                FixedAddress::Name
            } else {
                FixedAddress::Address
            },
            server: DhcpServer::Isc,
        });
    }
    dhcp
}

/// The public addresses from the params, and each DNAT of the rules as a forward of its VM.
pub(super) fn firewall(
    cx: &mut Ctx,
    files: &Files,
    k: &Known<'_>,
    vms: &mut [Vm],
    params: &BTreeMap<String, (Ipv4Addr, usize)>,
    extra_addresses: &[(Ipv4Addr, usize)],
) -> Option<Firewall> {
    let params_path = files
        .params
        .as_ref()
        .map_or("etc/shorewall/params", |p| p.path.as_str());
    let mut public: BTreeMap<Ident, Ipv4Addr> = BTreeMap::new();
    let public_name = |param: &str| {
        param
            .strip_prefix("IP_")
            .and_then(|s| Ident::new(&s.to_ascii_lowercase()).ok())
    };
    for (param, (address, line)) in params {
        if let Some(name) = public_name(param) {
            cx.source(format!("firewall.public.{name}"), params_path, *line);
            public.insert(name, *address);
        } else if let Some(rest) = param.strip_prefix("VM_") {
            let known = vms
                .iter()
                .any(|v| Farm::vm_param(&v.name) == *param && v.address == Some(*address));
            if !known {
                cx.note(
                    params_path,
                    *line,
                    format!("{param}={address}: no VM {rest} at that address"),
                );
            }
        } else {
            cx.note(
                params_path,
                *line,
                format!("{param}: neither a public address (IP_) nor a VM's (VM_)"),
            );
        }
    }
    for (address, line) in extra_addresses {
        if *address != k.node_address && !public.values().any(|p| p == address) {
            cx.note(k.ipath, *line, format!("{address} on the uplink is neither the node's address nor a public one of {params_path}"));
        }
    }
    if let Some(r) = &files.rules {
        let path = r.path.as_str();
        for rule in &r.read.dnat {
            let d = &rule.value;
            if d.source.to_string() != "net" || d.zone.to_string() != "loc" {
                cx.note(
                    path,
                    rule.line,
                    "a DNAT not from net to loc: the plan forwards from the uplink to the bridge",
                );
                continue;
            }
            let vm = match &d.host {
                Host::Address(a) => by_address(*a, vms),
                Host::Param(p) => match params.get(&p.to_string()) {
                    Some((a, _)) => by_address(*a, vms),
                    None => {
                        let found = vms
                            .iter()
                            .position(|v| Farm::vm_param(&v.name) == p.to_string());
                        if found.is_some() {
                            cx.note(
                                path,
                                rule.line,
                                format!(
                                    "${p} is not in {params_path}: taken as the VM of that name"
                                ),
                            );
                        }
                        found
                    }
                },
                Host::Network(_) | Host::Address6(_) | Host::Network6(_) => None,
            };
            let Some(i) = vm else {
                cx.note(
                    path,
                    rule.line,
                    format!("DNAT to {}: resolves to no VM; left out", d.host),
                );
                continue;
            };
            let via = match &d.origdest {
                None => None,
                Some(Host::Param(p)) => {
                    let Some(name) = public_name(&p.to_string()) else {
                        cx.note(
                            path,
                            rule.line,
                            format!("${p}: a public address is a param IP_NAME; left out"),
                        );
                        continue;
                    };
                    if !public.contains_key(&name) {
                        let placeholder = (1..=254u8)
                            .map(|k| Ipv4Addr::new(192, 0, 2, k))
                            .find(|a| !public.values().any(|p| p == a))
                            .unwrap_or(Ipv4Addr::new(192, 0, 2, 1));
                        cx.note(path, rule.line, format!("${p} is not defined in {params_path}: the plan gives it {placeholder}, a documentation address; set the real one in firewall.public.{name}"));
                        cx.said(format!("firewall.public.{name}"), format!("NOT FOUND: ${p} is used in {path}:{} but defined nowhere; set the real address", rule.line));
                        public.insert(name.clone(), placeholder);
                    }
                    Some(name)
                }
                Some(Host::Address(a)) => match public.iter().find(|(_, v)| *v == a) {
                    Some((name, _)) => Some(name.clone()),
                    None => {
                        cx.note(
                            path,
                            rule.line,
                            format!("{a} is not a public address of {params_path}; left out"),
                        );
                        continue;
                    }
                },
                Some(Host::Network(_) | Host::Address6(_) | Host::Network6(_)) => {
                    cx.note(path, rule.line, "a DNAT to a network's addresses: left out");
                    continue;
                }
            };
            let proto = match d.proto {
                shorewall::Proto::Tcp => Proto::Tcp,
                shorewall::Proto::Udp => Proto::Udp,
                shorewall::Proto::Icmp => continue,
            };
            cx.source(format!("vms[{i}].forwards"), path, rule.line);
            vms[i].forwards.push(Forward {
                proto,
                port: d.dport,
                to: d.port,
                via,
            });
        }
        for other in &r.read.others {
            cx.candidate(
                path,
                other.line,
                "not a forward (a DNAT from net to a VM): the plan writes its own rules",
            );
        }
    }
    (!public.is_empty()).then_some(Firewall {
        public,
        holders: BTreeMap::new(),
    })
}

/// Each nginx server proxying to a VM as that VM's site.
pub(super) fn sites(cx: &mut Ctx, files: &Files, k: &Known<'_>, vms: &mut [Vm]) {
    for site in &files.sites {
        let path = site.path.as_str();
        for server in &site.read.servers {
            let s = &server.value;
            let mut proxied = s.locations.iter().filter(|l| l.value.proxy_pass.is_some());
            let Some(location) = proxied.next() else {
                cx.note(
                    path,
                    server.line,
                    "a server that proxies nothing: the plan's sites proxy to a VM",
                );
                continue;
            };
            for other in proxied {
                cx.note(
                    path,
                    other.line,
                    "a second proxied location: the plan's site proxies one path",
                );
            }
            let Some(target) = &location.value.proxy_pass else {
                continue;
            };
            let vm = match &target.value.host {
                ProxyHost::Address(a) => by_address(*a, vms),
                ProxyHost::Name(n) => absolute(n.as_str()).and_then(|n| by_name(k.vm_fqdns, &n)),
            };
            let Some(i) = vm else {
                cx.note(
                    path,
                    target.line,
                    "proxy_pass to a host that resolves to no VM; left out",
                );
                continue;
            };
            for l in &s.listen {
                let message = format!("listen {}: the plan's sites listen on 80", l.value);
                match l.value.as_str() {
                    "80" => {}
                    // On a node with prefix6 the plan's sites listen on IPv6 too: said if it writes the
                    // same line.
                    "[::]:80" => cx.candidate(path, l.line, message),
                    _ => cx.note(path, l.line, message),
                }
            }
            for name in &s.server_names {
                if vms
                    .iter()
                    .flat_map(|v| &v.sites)
                    .any(|x| x.server_name == name.value)
                {
                    cx.note(path, name.line, format!("{}: already a site", name.value));
                    continue;
                }
                cx.source(format!("vms[{i}].sites"), path, name.line);
                vms[i].sites.push(Site {
                    server_name: name.value.clone(),
                    port: target.value.port.unwrap_or(80),
                    path: location.value.prefix.clone(),
                    tls: false,
                    via: None,
                });
            }
            for other in s.others.iter().chain(&location.value.others) {
                cx.candidate(
                    path,
                    other.line,
                    format!("`{}`: the plan writes its own", other.value),
                );
            }
        }
        for other in &site.read.others {
            cx.note(
                path,
                other.line,
                format!("`{}` outside a server: not in the plan", other.value),
            );
        }
    }
}

/// The VMs' resources from the Ganeti commands, then from a `gnt-instance list` dump.
pub(super) fn resources(
    cx: &mut Ctx,
    files: &Files,
    k: &Known<'_>,
    vms: &mut [Vm],
    cluster: Option<&Cluster>,
) {
    if let Some(g) = &files.ganeti {
        let path = g.path.as_str();
        for instance in &g.read.instances {
            let v = &instance.value;
            let Some(i) = absolute(v.name.as_str()).and_then(|n| by_name(k.vm_fqdns, &n)) else {
                cx.note(
                    path,
                    instance.line,
                    format!(
                        "instance {}: resolves to no VM of {}; left out",
                        v.name, k.zpath
                    ),
                );
                continue;
            };
            let vm = &mut vms[i];
            vm.memory = v.memory;
            vm.disk = v.disk;
            vm.vcpus = v.vcpus;
            vm.os = v.os.clone();
            vm.disk_template = v.template;
            if let Some((hv, params)) = &v.hypervisor {
                if cluster
                    .as_ref()
                    .is_none_or(|c| c.hypervisors.first() == Some(hv))
                {
                    vm.hypervisor = params.iter().cloned().collect();
                } else {
                    cx.note(
                        path,
                        instance.line,
                        format!("-H {}: not the cluster's hypervisor", hv.as_str()),
                    );
                }
            }
            match v.nodes.as_slice() {
                [primary] if absolute(primary.as_str()).as_ref() == Some(k.node_fqdn) => {
                    vm.node = k.node_name.clone()
                }
                [] => {}
                _ => cx.note(
                    path,
                    instance.line,
                    "-n: not this node alone; the plan's VM is on this node",
                ),
            }
            if let Some(mac) = v.mac {
                match vm.mac {
                    Some(m) if m.get() != mac => cx.note(
                        path,
                        instance.line,
                        format!("--net mac {mac} differs from dhcpd's {m}"),
                    ),
                    Some(_) => {}
                    None => {
                        vm.mac = Mac::new(mac).ok();
                        cx.source(format!("vms[{i}].mac"), path, instance.line);
                    }
                }
            }
            cx.source(format!("vms[{i}].resources"), path, instance.line);
        }
        let always = ["--no-etc-hosts", "--nic-parameters", "--master-netdev"];
        for other in g
            .read
            .others
            .iter()
            .filter(|o| !always.contains(&o.value.as_str()))
        {
            cx.candidate(
                path,
                other.line,
                format!("`{}`: the plan does not write it", other.value),
            );
        }
    }
    if let Some(list) = &files.instance_list {
        let path = list.path.as_str();
        for row in &list.read {
            let r = &row.value;
            let Some(i) = absolute(r.name.as_str()).and_then(|n| by_name(k.vm_fqdns, &n)) else {
                cx.note(
                    path,
                    row.line,
                    format!(
                        "instance {}: resolves to no VM of {}; left out",
                        r.name, k.zpath
                    ),
                );
                continue;
            };
            let vm = &mut vms[i];
            if vm.memory.is_some() {
                let same = vm.memory.map(ganeti::Size::mebibytes) == Some(r.memory.mebibytes())
                    && vm.disk.map(ganeti::Size::mebibytes) == Some(r.disk.mebibytes())
                    && vm.vcpus == Some(r.vcpus)
                    && vm.os.as_ref() == Some(&r.os);
                if !same {
                    cx.note(
                        path,
                        row.line,
                        format!(
                            "instance {}: differs from the Ganeti commands, which the plan takes",
                            r.name
                        ),
                    );
                }
                continue;
            }
            vm.memory = Some(r.memory);
            vm.disk = Some(r.disk);
            vm.vcpus = Some(r.vcpus);
            vm.os = Some(r.os.clone());
            vm.disk_template = Some(r.template);
            if absolute(r.primary.as_str()).as_ref() == Some(k.node_fqdn) {
                vm.node = k.node_name.clone();
            } else {
                cx.note(
                    path,
                    row.line,
                    format!("primary node {}: the plan's VM is on this node", r.primary),
                );
            }
            if !r.secondaries.is_empty() {
                cx.note(
                    path,
                    row.line,
                    "secondary nodes: the plan has this node alone",
                );
            }
            match vm.mac {
                Some(m) if m.get() != r.mac => cx.note(
                    path,
                    row.line,
                    format!("MAC {} differs from dhcpd's {m}", r.mac),
                ),
                Some(_) => {}
                None => {
                    vm.mac = Mac::new(r.mac).ok();
                    cx.source(format!("vms[{i}].mac"), path, row.line);
                }
            }
            cx.source(format!("vms[{i}].resources"), path, row.line);
        }
    }
}
