//! Shorewall: zones, interfaces, policy, rules (a DNAT rule per forward through the node's public
//! addresses), snat (the VM networks masqueraded), params and shorewall.conf.

use vocabulary::Comment;

use super::{Contents, NodeFiles, parse, refused};
use crate::diag::Diagnostic;
use crate::outputs::SHOREWALL;
use crate::plan::Proto;
use crate::{Farm, NodeForm};

/// The zone of the interconnect, with several nodes.
const INTERCONNECT_ZONE: &str = "int";

/// The TCP ports the other nodes reach on a node: Ganeti's node daemon (1811), KVM live migration
/// (Ganeti's `migration_port`, 8102), and DRBD's devices (Ganeti's default port pool, 11000 to 14999).
const NODE_PORTS: [(u16, u16); 3] = [(1811, 1811), (8102, 8102), (11000, 14999)];

pub(super) fn shorewall(
    farm: &Farm,
    node: &NodeForm,
    header: &Comment,
) -> Result<NodeFiles, Box<Diagnostic>> {
    use shorewall::{
        Action, Endpoint, Host, InterfaceEntry, InterfaceOption as O, Macro, Ports, Rule, RuleSet,
        SnatEntry, Verdict, ZoneRef, ZoneType,
    };
    let file = SHOREWALL.folder;
    let plan = &farm.plan;
    let zone = |name: &str| parse::<shorewall::ZoneName>(file, name);
    let (net, loc) = (ZoneRef::Zone(zone("net")?), ZoneRef::Zone(zone("loc")?));
    let mut zones = farm_zones(file, ZoneType::Ipv4)?;
    let mut uplink_options = vec![
        O::Tcpflags,
        O::Nosmurfs,
        O::Routefilter,
        O::Logmartians,
        O::NoSourceRoute,
    ];
    if node.uplink_address.is_none() {
        uplink_options.push(O::Dhcp);
    }
    let mut interfaces = vec![
        InterfaceEntry {
            zone: zone("net")?,
            interface: parse(file, node.uplink.as_str())?,
            options: uplink_options,
        },
        InterfaceEntry {
            zone: zone("loc")?,
            interface: parse(file, plan.bridge.name.as_str())?,
            options: vec![
                O::Tcpflags,
                O::Nosmurfs,
                O::Routefilter,
                O::Logmartians,
                O::Dhcp,
                O::Bridge,
            ],
        },
    ];
    // With several nodes, a third zone: the interconnect to the other nodes.
    let int = ZoneRef::Zone(zone(INTERCONNECT_ZONE)?);
    if let Some(link) = &node.interconnect {
        zones.push(shorewall::Zone {
            name: zone(INTERCONNECT_ZONE)?,
            kind: ZoneType::Ipv4,
        });
        interfaces.push(InterfaceEntry {
            zone: zone(INTERCONNECT_ZONE)?,
            interface: parse(file, link.interface.as_str())?,
            options: vec![O::Tcpflags, O::Nosmurfs, O::Logmartians],
        });
    }
    let has_sites = node.proxies_sites;
    let interconnect = node.interconnect.as_ref().map(|_| &int);
    let policies = farm_policies(&net, &loc, has_sites, interconnect);

    let r = |e: shorewall::Error| refused(file, e);
    let mac = |name: &str, verdict| {
        Macro::new(name)
            .map(|m| Action::Macro(m, verdict))
            .map_err(r)
    };
    let simple = |action, source: &ZoneRef, dest: &ZoneRef| {
        Rule::new(
            action,
            Endpoint::zone(source.clone()),
            Endpoint::zone(dest.clone()),
            None,
            None,
            None,
            None,
        )
        .map_err(r)
    };
    let fw = ZoneRef::Firewall;
    let mut rules = vec![
        Rule::new(
            mac("Invalid", Verdict::Drop)?,
            Endpoint::zone(net.clone()),
            Endpoint::zone(ZoneRef::All),
            Some(shorewall::Proto::Tcp),
            None,
            None,
            None,
        )
        .map_err(r)?,
        simple(mac("SSH", Verdict::Accept)?, &net, &fw)?,
        simple(mac("SSH", Verdict::Accept)?, &loc, &fw)?,
        simple(mac("DNS", Verdict::Accept)?, &loc, &fw)?,
        simple(mac("Ping", Verdict::Accept)?, &loc, &fw)?,
        simple(mac("Ping", Verdict::Drop)?, &net, &fw)?,
    ];
    // A TCP port of the host open from the net.
    let open = |port| {
        Rule::new(
            Action::Verdict(Verdict::Accept),
            Endpoint::zone(net.clone()),
            Endpoint::zone(fw.clone()),
            Some(shorewall::Proto::Tcp),
            Some(Ports::single(port).map_err(r)?),
            None,
            None,
        )
        .map_err(r)
    };
    if has_sites {
        rules.push(open(80)?);
    }
    if !node.certificates.is_empty() {
        // HTTPS sites: nginx on the host serves 443.
        rules.push(open(443)?);
    }
    if node.interconnect.is_some() {
        // From the other nodes: SSH, zone transfers, Ganeti's node daemon, DRBD and KVM migrations.
        rules.push(simple(mac("SSH", Verdict::Accept)?, &int, &fw)?);
        rules.push(simple(mac("DNS", Verdict::Accept)?, &int, &fw)?);
        rules.push(simple(mac("Ping", Verdict::Accept)?, &int, &fw)?);
        rules.push(
            Rule::new(
                Action::Verdict(Verdict::Accept),
                Endpoint::zone(int.clone()),
                Endpoint::zone(fw.clone()),
                Some(shorewall::Proto::Tcp),
                Some(Ports::list(NODE_PORTS.to_vec()).map_err(r)?),
                None,
                None,
            )
            .map_err(r)?,
        );
    }
    let mut params: Vec<(shorewall::ParamName, shorewall::ParamValue)> = Vec::new();
    let mut forwarded_away = Vec::new();
    for &public in &node.public {
        let public = &farm.public[public];
        params.push((
            parse(file, &public.param)?,
            parse(file, &public.address.to_string())?,
        ));
    }
    for placed in &farm.vms {
        let mut mine = placed
            .forwards
            .iter()
            .filter(|fwd| node.public.contains(&fwd.public))
            .peekable();
        if mine.peek().is_none() {
            continue;
        }
        let param: shorewall::ParamName = parse(file, &placed.param)?;
        params.push((param.clone(), parse(file, &placed.address.to_string())?));
        for fwd in mine {
            let proto = match fwd.proto {
                Proto::Tcp => shorewall::Proto::Tcp,
                Proto::Udp => shorewall::Proto::Udp,
            };
            // A VM living on another node is reached over the interconnect.
            let target = if placed.node == node.index {
                "loc"
            } else {
                let public = farm.public[fwd.public].address;
                if !forwarded_away.contains(&public) {
                    forwarded_away.push(public);
                }
                INTERCONNECT_ZONE
            };
            rules.push(
                Rule::new(
                    Action::Dnat,
                    Endpoint::zone(net.clone()),
                    Endpoint::dnat_target(zone(target)?, Host::Param(param.clone()), Some(fwd.to)),
                    Some(proto),
                    Some(Ports::single(fwd.port).map_err(r)?),
                    None,
                    Some(Host::Param(parse(file, &farm.public[fwd.public].param)?)),
                )
                .map_err(r)?,
            );
        }
    }
    let masquerade = node.routes.clone();
    let mut snat = if masquerade.is_empty() {
        Vec::new()
    } else {
        vec![SnatEntry::masquerade(masquerade, parse(file, node.uplink.as_str())?).map_err(r)?]
    };
    // A connection DNAT'd here to a VM on another node takes this node's address there, so that its
    // replies come back here to be un-DNAT'd (the VM's node would send them out of its own uplink).
    if let (Some(link), false) = (&node.interconnect, forwarded_away.is_empty()) {
        snat.push(
            SnatEntry::snat_dnatted(
                node.address,
                parse(file, link.interface.as_str())?,
                forwarded_away,
            )
            .map_err(r)?,
        );
    }
    let set = RuleSet::builder()
        .comments(vec![header.clone()])
        .zones(zones)
        .interfaces(interfaces)
        .policies(policies)
        .rules(rules)
        .snat(snat)
        .params(params)
        .build()
        .map_err(r)?;
    Ok(set
        .files()
        .into_iter()
        .map(|(name, body)| (SHOREWALL.path(name), Contents::Text(body)))
        .collect())
}

/// The zones of a farm's firewall: the firewall itself, `net` (the uplink) and `loc` (the bridge), the two
/// of `kind` (IPv4 for Shorewall, IPv6 for Shorewall6).
pub(super) fn farm_zones(
    file: &str,
    kind: shorewall::ZoneType,
) -> Result<Vec<shorewall::Zone>, Box<Diagnostic>> {
    let zone = |name: &str, kind| -> Result<shorewall::Zone, Box<Diagnostic>> {
        Ok(shorewall::Zone {
            name: parse(file, name)?,
            kind,
        })
    };
    Ok(vec![
        zone("fw", shorewall::ZoneType::Firewall)?,
        zone("net", kind)?,
        zone("loc", kind)?,
    ])
}

/// The policies of a farm's firewall: the VMs and the host reach the net; the host reaches the VMs when
/// its nginx proxies sites to them; the rest from the net is dropped, anything else refused, both logged.
pub(super) fn farm_policies(
    net: &shorewall::ZoneRef,
    loc: &shorewall::ZoneRef,
    proxies_sites: bool,
    interconnect: Option<&shorewall::ZoneRef>,
) -> Vec<shorewall::Policy> {
    use shorewall::{LogLevel, Policy, PolicyAction, ZoneRef};
    let policy = |source: &ZoneRef, dest: &ZoneRef, action, log| Policy {
        source: source.clone(),
        dest: dest.clone(),
        action,
        log,
    };
    let mut policies = vec![
        policy(loc, net, PolicyAction::Accept, None),
        policy(&ZoneRef::Firewall, net, PolicyAction::Accept, None),
    ];
    if proxies_sites {
        // nginx on the host proxies to the VMs: the host must reach them.
        policies.push(policy(&ZoneRef::Firewall, loc, PolicyAction::Accept, None));
    }
    if let Some(int) = interconnect {
        // The VMs' routed traffic between nodes, and the node's own to the others (transfers, Ganeti,
        // DRBD, migrations, nginx and DNAT to VMs living there).
        policies.push(policy(loc, int, PolicyAction::Accept, None));
        policies.push(policy(int, loc, PolicyAction::Accept, None));
        policies.push(policy(&ZoneRef::Firewall, int, PolicyAction::Accept, None));
        // Nothing from the other nodes leaves by this node's uplink, but the replies of the connections
        // forwarded to them (a policy of its own keeps the established ones).
        policies.push(policy(int, net, PolicyAction::Drop, None));
    }
    policies.push(policy(
        net,
        &ZoneRef::All,
        PolicyAction::Drop,
        Some(LogLevel::Info),
    ));
    policies.push(policy(
        &ZoneRef::All,
        &ZoneRef::All,
        PolicyAction::Reject,
        Some(LogLevel::Info),
    ));
    policies
}
