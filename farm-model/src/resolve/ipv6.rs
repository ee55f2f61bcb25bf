//! IPv6: each node's routed /64 (`prefix6`) and its uplink's static IPv6 address and gateway; the
//! `ip6.arpa` zones (the plan's `dns.reverse6`, nibble-aligned, or each node's prefix), every VM's
//! SLAAC address inside one; then, in the form, each VM's address (its node's prefix and its MAC's
//! modified EUI-64), named's IPv6 listen list and the prefixes it recurses for.

use std::net::{IpAddr, Ipv6Addr};

use bind_zone::AddressMatchElement;
use foldhash::{HashMap, HashMapExt as _};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use radvd_conf::Prefix;

use super::{At, FIRST_NODE, Resolver};
use crate::Farm;
use crate::outputs::BIND_ZONE;
use crate::path::Path;
use crate::plan::values::Mac;
use crate::rule::Rule;

/// What the pass decided: each node's prefix (`None` without one), the `ip6.arpa` zones.
pub(super) struct Ipv6 {
    prefixes: Vec<Option<Prefix>>,
    reverse6: Vec<Ipv6Net>,
}

/// Checks the IPv6 fields of the nodes and `dns.reverse6`; `macs` are the VMs' (none when allocation
/// failed: then coverage is not checked), `reverse` the IPv4 reverse zones (their files are not the
/// `ip6.arpa` zones' files).
pub(super) fn check(r: &mut Resolver<'_>, macs: Option<&[Mac]>, reverse: &[Ipv4Net]) -> Ipv6 {
    let plan = r.plan;
    let nodes = Path::root().key("nodes");
    let mut prefixes = Vec::with_capacity(plan.nodes.len());
    let mut seen: HashMap<Ipv6Net, At> = HashMap::new();
    for (i, node) in plan.nodes.iter().enumerate() {
        let at = |key: &str| nodes.index(i).key(key);
        let prefix = node.prefix6.and_then(|net| match Prefix::new(net) {
            Ok(prefix) => Some(prefix),
            Err(e) => {
                r.found
                    .error(Rule::Prefix6, at("prefix6"), e.to_string())
                    .set_hint(
                        "prefix6 is the /64 the provider routes to the node, without host bits \
                     (2001:db8:1:2::/64)",
                    );
                None
            }
        });
        if let Some(p) = prefix {
            let shared =
                r.found
                    .unique(Rule::Prefix6, &mut seen, p.network(), at("prefix6"), || {
                        format!("prefix6 {p} is another node's: each node advertises its own /64")
                    });
            if let Some(d) = shared {
                d.set_hint("give each node the /64 its provider routes to it");
            }
        }
        match (node.uplink_address6, node.gateway6) {
            (Some(_), None) => {
                r.found
                    .error(
                        Rule::UplinkKeys,
                        at("uplink_address6"),
                        "uplink_address6 without gateway6: the node would have no IPv6 route out",
                    )
                    .set_hint("add gateway6, the provider's router (often fe80::1)");
            }
            (None, Some(_)) => {
                r.found
                    .error(
                        Rule::UplinkKeys,
                        at("gateway6"),
                        "gateway6 without uplink_address6",
                    )
                    .set_hint("add uplink_address6, the uplink's static IPv6 address and prefix");
            }
            (Some(address), Some(gateway)) => {
                if let Err(e) = netif::Static6::new(address, Some(gateway)) {
                    let (rule, key) = match e {
                        netif::Error::GatewayOutside { .. } => (Rule::Gateway6, "gateway6"),
                        _ => (Rule::BadValue, "uplink_address6"),
                    };
                    r.found.error(rule, at(key), e.to_string()).set_hint(
                        "the uplink's address is the provider's /64 or /128 for the node; the \
                         gateway is inside it or link-local",
                    );
                }
                if let Some(p) = prefix
                    && p.network().contains(&address.addr())
                {
                    r.found
                        .error(
                            Rule::Prefix6,
                            at("uplink_address6"),
                            format!(
                                "uplink_address6 {address} is inside prefix6 {p}, which the bridge \
                                 serves"
                            ),
                        )
                        .set_hint(
                            "the uplink's address comes from the provider's link network, the \
                             prefix is routed to it",
                        );
                }
            }
            (None, None) => {}
        }
        if prefix.is_some() && node.uplink_address6.is_none() {
            r.found
                .error(
                    Rule::UplinkKeys,
                    at("prefix6"),
                    "prefix6 without uplink_address6: the VMs' addresses would reach nothing",
                )
                .set_hint("add uplink_address6 and gateway6, the node's IPv6 on its uplink");
        }
        prefixes.push(prefix);
    }
    let reverse6 = reverse_zones(r, &prefixes, reverse);
    // Every VM's address inside an ip6.arpa zone: its node's prefix and its MAC.
    if let Some(macs) = macs
        && !reverse6.is_empty()
    {
        for (i, (vm, mac)) in plan.vms.iter().zip(macs).enumerate() {
            let node = r.node_of(vm.node.as_ref()).unwrap_or(FIRST_NODE);
            let Some(Some(prefix)) = prefixes.get(node) else {
                continue;
            };
            if reverse6.iter().any(|z| z.contains(&prefix.network())) {
                continue;
            }
            let address = radvd_conf::slaac_address(*prefix, mac.get());
            if !reverse6.iter().any(|z| z.contains(&address)) {
                r.found
                    .error(
                        Rule::OutsideReverseZone,
                        Path::root().key("vms").index(i).key("mac"),
                        format!(
                            "the IPv6 address of {} ({address}) is inside no dns.reverse6 zone",
                            vm.name
                        ),
                    )
                    .set_hint(
                        "add a prefix that holds it to dns.reverse6, or leave dns.reverse6 out",
                    );
            }
        }
    }
    Ipv6 { prefixes, reverse6 }
}

/// The `ip6.arpa` zones: the plan's (each nibble-aligned, with a file of its own), or each node's prefix.
fn reverse_zones(
    r: &mut Resolver<'_>,
    prefixes: &[Option<Prefix>],
    reverse: &[Ipv4Net],
) -> Vec<Ipv6Net> {
    let plan = r.plan;
    let root = Path::root();
    let Some(list) = &plan.dns.reverse6 else {
        let mut zones: Vec<Ipv6Net> = prefixes.iter().flatten().map(|p| p.network()).collect();
        zones.dedup();
        return zones;
    };
    // The other zones' files: an ip6.arpa zone's may not be one of them.
    let mut files: HashMap<String, At> = HashMap::with_capacity(list.len() + reverse.len() + 1);
    files.insert(
        BIND_ZONE.file_name(r.domain.without_dot()),
        root.key("domain").into(),
    );
    for zone in reverse {
        files.insert(
            BIND_ZONE.file_name(&super::reverse_octets(*zone)),
            root.key("dns").key("reverse").into(),
        );
    }
    let mut zones = Vec::with_capacity(list.len());
    for (j, zone) in list.iter().enumerate() {
        let at = root.key("dns").key("reverse6").index(j);
        if let Err(e) = bind_zone::reverse_zone_name(IpNet::V6(*zone)) {
            if let bind_zone::Error::HostBitsSet { .. } = e {
                r.found.error(Rule::HostBits, at, e.to_string());
            } else {
                r.found
                    .error(Rule::ReverseNibbles, at, e.to_string())
                    .set_hint(
                        "an ip6.arpa zone's prefix length is a multiple of 4 (/48, /56, /64)",
                    );
            }
            continue;
        }
        let file = BIND_ZONE.file_name(&reverse_nibbles(*zone));
        r.found
            .unique(Rule::ZoneFileShared, &mut files, file.clone(), at, || {
                format!("the ip6.arpa zone of {zone} is written to {file}, a file another zone has")
            });
        zones.push(*zone);
    }
    zones
}

/// What names an `ip6.arpa` zone's file: its prefix's nibbles in the address's order, dotted
/// (`2001:db8:1:2::/64` is `2.0.0.1.0.d.b.8.0.0.0.1.0.0.0.2`, in `db.2.0.0.1.0.d.b.8.0.0.0.1.0.0.0.2`).
pub(crate) fn reverse_nibbles(prefix: Ipv6Net) -> String {
    let nibbles = usize::from(prefix.prefix_len() / 4);
    let bits = u128::from(prefix.network());
    (0..nibbles)
        .map(|k| format!("{:x}", (bits >> (124 - 4 * k)) & 0xf))
        .collect::<Vec<_>>()
        .join(".")
}

/// Records the pass's decisions in the form: each node's prefix and uplink, each VM's address on a node
/// with a prefix, the `ip6.arpa` zones, named's IPv6 listen list (none without a prefix) and the
/// prefixes it recurses for (added to the plan's `allow_recursion` too).
pub(super) fn record(farm: &mut Farm, ipv6: Ipv6) {
    for ((form, node), prefix) in farm
        .nodes
        .iter_mut()
        .zip(&farm.plan.nodes)
        .zip(&ipv6.prefixes)
    {
        form.prefix6 = *prefix;
        form.bridge_address6 = prefix.map(|p| p.address(1));
        form.uplink_address6 = node.uplink_address6;
        form.gateway6 = node.gateway6;
    }
    for vm in &mut farm.vms {
        vm.address6 = (farm.nodes.get(vm.node))
            .and_then(|n| n.prefix6)
            .map(|p| radvd_conf::slaac_address(p, vm.mac.get()));
    }
    farm.reverse6 = ipv6.reverse6;
    let prefixes: Vec<Prefix> = ipv6.prefixes.into_iter().flatten().collect();
    if prefixes.is_empty() {
        return;
    }
    farm.listen_on_v6 = std::iter::once(Ipv6Addr::LOCALHOST)
        .chain(farm.nodes.iter().filter_map(|n| n.bridge_address6))
        .map(|a| AddressMatchElement::from(IpAddr::V6(a)))
        .collect();
    // The VMs ask the bridge's address (radvd's RDNSS): the prefixes recurse, with the plan's list too.
    if farm.plan.dns.allow_recursion.is_none() {
        (farm.allow_recursion).push(AddressMatchElement::from(IpAddr::V6(Ipv6Addr::LOCALHOST)));
    }
    for prefix in &prefixes {
        let prefix = bind_zone::AddressMatch::Prefix(IpNet::V6(prefix.network()));
        if let Ok(element) = AddressMatchElement::new(false, prefix)
            && !farm.allow_recursion.contains(&element)
        {
            farm.allow_recursion.push(element);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_zone_file_is_named_by_its_nibbles() {
        let name = |s: &str| super::reverse_nibbles(s.parse().unwrap());
        assert_eq!(name("2001:db8:1:2::/64"), "2.0.0.1.0.d.b.8.0.0.0.1.0.0.0.2");
        assert_eq!(name("2001:db8::/32"), "2.0.0.1.0.d.b.8");
        assert_eq!(
            name("2001:db8:1:2:3::/68"),
            "2.0.0.1.0.d.b.8.0.0.0.1.0.0.0.2.0"
        );
    }
}
