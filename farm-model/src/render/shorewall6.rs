//! Shorewall6 (a node with `prefix6`): the IPv4 policy mirrored without NAT. The VMs have public
//! addresses, so a forward opens the VM's own port on its IPv6 address; everything else from the net to
//! the VMs is dropped; the ICMPv6 that IPv6 needs (neighbour and router discovery, packet too big) is
//! accepted (`AllowICMPs`, also the `DROP` and `REJECT` policies' default action).

use vocabulary::Comment;

use super::{Contents, NodeFiles, parse, refused};
use crate::diag::Diagnostic;
use crate::outputs::SHOREWALL6;
use crate::plan::Proto;
use crate::{Farm, NodeForm};

pub(super) fn shorewall6(
    farm: &Farm,
    node: &NodeForm,
    header: &Comment,
) -> Result<NodeFiles, Box<Diagnostic>> {
    use shorewall::{
        Action, Endpoint, Host, InterfaceEntry, InterfaceOption as O, Macro, Ports, Rule, RuleSet,
        Verdict, ZoneRef, ZoneType,
    };
    if node.prefix6.is_none() {
        return Ok(Vec::new());
    }
    let file = SHOREWALL6.folder;
    let zone = |name: &str| parse::<shorewall::ZoneName>(file, name);
    let (net, loc, fw) = (
        ZoneRef::Zone(zone("net")?),
        ZoneRef::Zone(zone("loc")?),
        ZoneRef::Firewall,
    );
    let zones = super::shorewall::farm_zones(file, ZoneType::Ipv6)?;
    let interfaces = vec![
        InterfaceEntry {
            zone: zone("net")?,
            interface: parse(file, node.uplink.as_str())?,
            options: vec![O::Tcpflags, O::Nosmurfs, O::NoSourceRoute],
        },
        InterfaceEntry {
            zone: zone("loc")?,
            interface: parse(file, farm.plan.bridge.name.as_str())?,
            options: vec![O::Tcpflags, O::Nosmurfs, O::Bridge],
        },
    ];
    let policies = super::shorewall::farm_policies(&net, &loc, node.proxies_sites, None);

    let r = |e: shorewall::Error| refused(file, e);
    let mac = |name: &str, verdict| {
        Macro::new(name)
            .map(|m| Action::Macro(m, verdict))
            .map_err(r)
    };
    let rule = |action, source: Endpoint, dest: Endpoint, proto, port: Option<u16>| {
        let ports = port.map(Ports::single).transpose().map_err(r)?;
        Rule::new(action, source, dest, proto, ports, None, None).map_err(r)
    };
    let z = |zone: &ZoneRef| Endpoint::zone(zone.clone());
    let tcp = Some(shorewall::Proto::Tcp);
    let mut rules = vec![
        rule(
            mac("Invalid", Verdict::Drop)?,
            z(&net),
            z(&ZoneRef::All),
            tcp,
            None,
        )?,
        rule(Action::AllowIcmps, z(&net), z(&ZoneRef::All), None, None)?,
        rule(Action::AllowIcmps, z(&loc), z(&fw), None, None)?,
        rule(mac("SSH", Verdict::Accept)?, z(&net), z(&fw), None, None)?,
        rule(mac("SSH", Verdict::Accept)?, z(&loc), z(&fw), None, None)?,
        rule(mac("DNS", Verdict::Accept)?, z(&loc), z(&fw), None, None)?,
        rule(mac("Ping", Verdict::Accept)?, z(&loc), z(&fw), None, None)?,
        rule(mac("Ping", Verdict::Drop)?, z(&net), z(&fw), None, None)?,
    ];
    if node.proxies_sites {
        let accept = Action::Verdict(Verdict::Accept);
        rules.push(rule(accept, z(&net), z(&fw), tcp, Some(80))?);
    }
    if !node.certificates.is_empty() {
        // HTTPS sites: nginx also listens on [::]:443.
        let accept = Action::Verdict(Verdict::Accept);
        rules.push(rule(accept, z(&net), z(&fw), tcp, Some(443))?);
    }
    for placed in &farm.vms {
        let Some(address) = placed.address6 else {
            continue;
        };
        // The forwards through this node's public addresses: the same ports, on the VM's own address.
        let mine = (placed.forwards.iter()).filter(|fwd| node.public.contains(&fwd.public));
        for fwd in mine {
            let proto = match fwd.proto {
                Proto::Tcp => shorewall::Proto::Tcp,
                Proto::Udp => shorewall::Proto::Udp,
            };
            let vm = Endpoint::hosts(loc.clone(), vec![Host::Address6(address)]).map_err(r)?;
            let accept = Action::Verdict(Verdict::Accept);
            rules.push(rule(accept, z(&net), vm, Some(proto), Some(fwd.to))?);
        }
    }
    let set = RuleSet::builder()
        .comments(vec![header.clone()])
        .zones(zones)
        .interfaces(interfaces)
        .policies(policies)
        .rules(rules)
        .build6()
        .map_err(r)?;
    Ok(set
        .files()
        .into_iter()
        .map(|(name, body)| (SHOREWALL6.path(name), Contents::Text(body)))
        .collect())
}
