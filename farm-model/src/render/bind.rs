//! BIND: the forward zone, a reverse zone per prefix, named.conf.local and named.conf.options.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use bind_zone::{
    AddressMatchElement, AddressMatchList, DnssecValidation, NamedConf, Options, RData, Record,
    ReverseZoneBuilder, Serial, Soa, Statement, Zone, ZoneBuilder, ZoneKind, ZoneStatement,
};
use ipnet::IpNet;

use vocabulary::Comment;

use super::{Contents, NodeFiles, RenderOptions, host, parse, refused, text};
use crate::diag::Diagnostic;
use crate::outputs::{BIND_ZONE, NAMED_CONF_LOCAL, NAMED_CONF_OPTIONS};
use crate::{Farm, NodeForm, TRANSFER_KEY, ZoneTransfer};

fn soa(farm: &Farm, serial: Serial, file: &str) -> Result<Soa, Box<Diagnostic>> {
    let dns = &farm.plan.dns;
    Soa::new(
        farm.dns.nameserver.clone(),
        farm.dns.hostmaster.clone(),
        serial,
        dns.refresh,
        dns.retry,
        dns.expire,
        dns.negative_ttl,
    )
    .map_err(|e| refused(file, e))
}

/// The zone with its serial: pinned, or managed (kept while the records do not change, else moved).
fn with_serial(
    farm: &Farm,
    options: &RenderOptions,
    path: &str,
    build: &dyn Fn(Serial) -> Result<Zone, Box<Diagnostic>>,
    previous: &(dyn Fn(&str) -> Option<String> + Sync),
) -> Result<String, Box<Diagnostic>> {
    let zone_text = |zone: Zone| -> Result<String, Box<Diagnostic>> {
        let mut out = String::with_capacity(zone.size_hint());
        zone.write_to(&mut out).map_err(|e| refused(path, e))?;
        Ok(out)
    };
    if let Some(serial) = farm.plan.dns.serial {
        return zone_text(build(serial)?);
    }
    let old = previous(path);
    let old_serial = old.as_deref().and_then(bind_zone::read_serial);
    if let (Some(old), Some(serial)) = (&old, old_serial) {
        let same = zone_text(build(serial)?)?;
        if same == *old {
            return Ok(same);
        }
    }
    let serial = Serial::next_managed(old_serial, options.today).map_err(|e| refused(path, e))?;
    zone_text(build(serial)?)
}

/// A reverse zone's file and its statement in named.conf.local.
type ReverseZone = ((String, Contents), ZoneStatement);

pub(super) fn zones(
    farm: &Farm,
    options: &RenderOptions,
    header: &Comment,
    previous: &(dyn Fn(&str) -> Option<String> + Sync),
) -> Result<(NodeFiles, Vec<ZoneStatement>), Box<Diagnostic>> {
    let plan = &farm.plan;
    let domain_text = host(&farm.domain).to_owned();
    let forward_path = BIND_ZONE.path(&domain_text);
    let comment = header.clone();
    let ns = farm.dns.nameserver.clone();
    // Address records in the order PTRs are derived from: nodes, cluster, VMs, and the name server last,
    // so that an address it shares with a node maps back to the node. A VM's IPv6 address rides with it.
    let mut hosts: Vec<(bind_zone::Name, Ipv4Addr, Option<Ipv6Addr>)> =
        Vec::with_capacity(farm.vms.len() + farm.nodes.len() + 2);
    for node in &farm.nodes {
        hosts.push((node.fqdn.clone(), node.address, None));
    }
    if let Some(cluster) = &farm.cluster {
        hosts.push((cluster.fqdn.clone(), cluster.address, None));
    }
    for placed in &farm.vms {
        hosts.push((placed.fqdn.clone(), placed.address, placed.address6));
    }
    hosts.push((ns.clone(), plan.dns.nameserver_address, None));

    let forward = |serial: Serial| -> Result<Zone, Box<Diagnostic>> {
        let f = &forward_path;
        let mut zone = ZoneBuilder::new(farm.domain.clone(), plan.dns.ttl, soa(farm, serial, f)?)
            .map_err(|e| refused(f, e))?;
        zone.reserve(hosts.len() + 1);
        zone.comment(comment.clone());
        zone.push(
            Record::new(farm.domain.clone(), None, RData::Ns(ns.clone()))
                .map_err(|e| refused(f, e))?,
        )
        .map_err(|e| refused(f, e))?;
        // The name server first, as a person writes a zone; then nodes, cluster and VMs.
        let (last, rest) = hosts.split_last().unwrap_or((&hosts[0], &[]));
        for (name, address, address6) in std::iter::once(last).chain(rest) {
            zone.push(
                Record::new(name.clone(), None, RData::A(*address)).map_err(|e| refused(f, e))?,
            )
            .map_err(|e| refused(f, e))?;
            // A VM's IPv6 address beside its A.
            if let Some(address6) = *address6 {
                let record = Record::new(name.clone(), None, RData::Aaaa(address6));
                zone.push(record.map_err(|e| refused(f, e))?)
                    .map_err(|e| refused(f, e))?;
            }
        }
        zone.finish().map_err(|e| refused(f, e))
    };
    let reverses = || -> Result<Vec<ReverseZone>, Box<Diagnostic>> {
        // PTRs in address order, so that a diff of two renders reads like the change; the sort is stable,
        // so a node still comes before the name server at the same address.
        let mut by_address: Vec<&(bind_zone::Name, Ipv4Addr, Option<Ipv6Addr>)> =
            hosts.iter().collect();
        by_address.sort_by_key(|(_, address, _)| *address);
        let pairs: Vec<(IpAddr, &bind_zone::Name)> = (by_address.iter())
            .map(|(name, address, _)| (IpAddr::V4(*address), name))
            .collect();
        (farm.reverse.iter())
            .map(|prefix| {
                let path = BIND_ZONE.path(&crate::resolve::reverse_octets(*prefix));
                reverse_zone(
                    farm,
                    options,
                    header,
                    previous,
                    (IpNet::V4(*prefix), &path),
                    &pairs,
                )
            })
            .collect()
    };
    // The forward zone and the reverse zones are independent: the forward one on a thread of its own.
    let (forward_text, reverses) = crate::join(
        crate::threads() > 1,
        || with_serial(farm, options, &forward_path, &forward, previous),
        reverses,
    );
    let forward_text =
        forward_text.unwrap_or_else(|_| Err(refused(&forward_path, "a rendering thread panicked")));
    let mut files = vec![text(&forward_path, forward_text?)];
    let mut statements = vec![
        ZoneStatement::primary(
            farm.domain.clone(),
            parse(&forward_path, &format!("/{forward_path}"))?,
        )
        .map_err(|e| refused(&forward_path, e))?,
    ];
    for (file, statement) in reverses?
        .into_iter()
        .chain(reverse6(farm, options, header, previous)?)
    {
        files.push(file);
        statements.push(statement);
    }
    Ok((files, statements))
}

/// The `ip6.arpa` zones, a PTR for each VM's IPv6 address in address order.
fn reverse6(
    farm: &Farm,
    options: &RenderOptions,
    header: &Comment,
    previous: &(dyn Fn(&str) -> Option<String> + Sync),
) -> Result<Vec<ReverseZone>, Box<Diagnostic>> {
    let mut by_address: Vec<(IpAddr, &bind_zone::Name)> = (farm.vms.iter())
        .filter_map(|vm| Some((IpAddr::V6(vm.address6?), &vm.fqdn)))
        .collect();
    by_address.sort_by_key(|(address, _)| *address);
    (farm.reverse6.iter())
        .map(|prefix6| {
            let path = BIND_ZONE.path(&crate::resolve::reverse_nibbles(*prefix6));
            reverse_zone(
                farm,
                options,
                header,
                previous,
                (IpNet::V6(*prefix6), &path),
                &by_address,
            )
        })
        .collect()
}

/// The reverse zone of `prefix`, written to `path`: the name server at its apex, then a PTR for each of
/// `pairs` inside it, in their order; with its zone statement.
fn reverse_zone(
    farm: &Farm,
    options: &RenderOptions,
    header: &Comment,
    previous: &(dyn Fn(&str) -> Option<String> + Sync),
    (prefix, path): (IpNet, &str),
    pairs: &[(IpAddr, &bind_zone::Name)],
) -> Result<ReverseZone, Box<Diagnostic>> {
    let r = |e: bind_zone::Error| refused(path, e);
    let zone = |serial: Serial| -> Result<Zone, Box<Diagnostic>> {
        let mut zone = ReverseZoneBuilder::new(prefix, farm.plan.dns.ttl, soa(farm, serial, path)?)
            .map_err(r)?;
        zone.zone_mut().reserve(pairs.len() + 1);
        zone.zone_mut().comment(header.clone());
        let apex = zone.zone_mut().origin().clone();
        let ns = Record::new(apex, None, RData::Ns(farm.dns.nameserver.clone())).map_err(r)?;
        zone.zone_mut().push(ns).map_err(r)?;
        for (address, name) in pairs {
            zone.map(*address, name).map_err(r)?;
        }
        zone.finish().map_err(r)
    };
    let body = with_serial(farm, options, path, &zone, previous)?;
    let name = bind_zone::reverse_zone_name(prefix).map_err(r)?;
    let statement = ZoneStatement::primary(name, parse(path, &format!("/{path}"))?).map_err(r)?;
    Ok((text(path, body), statement))
}

/// named.conf.local: the zones as this node serves them. With several nodes, the key file is included
/// first; the primary lets the others transfer with the key and notifies them, each other node is a
/// secondary of every zone (its copy kept where Debian keeps transferred zones, `/var/cache/bind/`).
pub(super) fn named_local(
    farm: &Farm,
    node: &NodeForm,
    header: &Comment,
    statements: Vec<ZoneStatement>,
) -> Result<String, Box<Diagnostic>> {
    let file = &NAMED_CONF_LOCAL.path("");
    let key = || parse::<bind_zone::Name>(file, TRANSFER_KEY);
    let mut out = Vec::with_capacity(statements.len() + 1);
    if let (Some(key_file), Some(_)) = (&farm.transfer_key_file, &node.zone_transfer) {
        out.push(Statement::Include(key_file.clone()));
    }
    for statement in statements {
        let ZoneKind::Primary {
            file: zone_file, ..
        } = statement.kind()
        else {
            out.push(Statement::Zone(statement));
            continue;
        };
        let kind = match &node.zone_transfer {
            None => {
                out.push(Statement::Zone(statement));
                continue;
            }
            Some(ZoneTransfer::Primary { secondaries }) => ZoneKind::Primary {
                file: zone_file.clone(),
                allow_transfer: None,
                also_notify: secondaries.iter().map(|a| IpAddr::V4(*a)).collect(),
                key: Some(key()?),
            },
            Some(ZoneTransfer::Secondary { primary }) => {
                let name = zone_file
                    .as_str()
                    .rsplit('/')
                    .next()
                    .unwrap_or(zone_file.as_str());
                ZoneKind::Secondary {
                    file: parse(file, &format!("/var/cache/bind/{name}"))?,
                    primaries: vec![IpAddr::V4(*primary)],
                    key: Some(key()?),
                }
            }
        };
        out.push(Statement::Zone(
            ZoneStatement::new(statement.name().clone(), kind).map_err(|e| refused(file, e))?,
        ));
    }
    let conf = NamedConf {
        comments: vec![header.clone()],
        statements: out,
    };
    Ok(conf.to_string())
}

pub(super) fn named_options(
    farm: &Farm,
    node: &NodeForm,
    header: &Comment,
) -> Result<String, Box<Diagnostic>> {
    let file = &NAMED_CONF_OPTIONS.path("");
    let list = |elements: &[AddressMatchElement]| AddressMatchList(elements.to_vec());
    let mut listen_on = list(&farm.listen_on);
    // Zone transfers and notifies travel between the nodes' own addresses, on the interconnect.
    if node.zone_transfer.is_some() {
        let own = AddressMatchElement::from(IpAddr::V4(node.address));
        if !listen_on.0.contains(&own) {
            listen_on.0.push(own);
        }
    }
    let conf = NamedConf {
        comments: vec![header.clone()],
        statements: vec![Statement::Options(Options {
            directory: Some(parse(file, "/var/cache/bind")?),
            listen_on: Some(listen_on),
            listen_on_v6: Some(if farm.listen_on_v6.is_empty() {
                parse(file, "{ none; }")?
            } else {
                list(&farm.listen_on_v6)
            }),
            allow_recursion: Some(list(&farm.allow_recursion)),
            recursion: Some(true),
            dnssec_validation: Some(DnssecValidation::Auto),
            ..Options::default()
        })],
    };
    Ok(conf.to_string())
}
