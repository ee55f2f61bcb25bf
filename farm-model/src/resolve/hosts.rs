//! The farm's own names (the name server, the cluster) and the hosts' interfaces on every node: the
//! bridge and the local alias, their addresses used once.

use netif::InterfaceName;

use super::Resolver;
use crate::path::Path;
use crate::rule::Rule;

pub(super) fn check(r: &mut Resolver<'_>) {
    let plan = r.plan;
    let root = Path::root();
    r.farm_fqdn(&plan.dns.nameserver, root.key("dns").key("nameserver"));
    if let Some(cluster) = &plan.cluster {
        r.farm_fqdn(&cluster.name, root.key("cluster").key("name"));
    }
    if plan.bridge.name.is_alias() {
        r.found.error(
            Rule::Alias,
            root.key("bridge").key("name"),
            format!(
                "{} is an alias; a bridge is a real interface",
                plan.bridge.name
            ),
        );
    } else {
        firewall_interface(r, &plan.bridge.name, root.key("bridge").key("name"));
    }
    let address = plan.bridge.address;
    r.found.unique(
        Rule::DuplicateAddress,
        &mut r.addresses,
        address,
        root.key("bridge").key("address"),
        || format!("address {address} is used twice"),
    );
    if let Some(local) = &plan.local {
        if !local.interface.is_alias() {
            r.found
                .error(
                    Rule::Alias,
                    root.key("local").key("interface"),
                    format!("{} is not an alias", local.interface),
                )
                .set_hint("write an alias of lo, e.g. \"lo:1\"");
        }
        r.found.unique(
            Rule::DuplicateAddress,
            &mut r.addresses,
            local.address,
            root.key("local").key("address"),
            || format!("address {} is used twice", local.address),
        );
        if let Some(b) = local.blackhole
            && b.trunc() != b
        {
            r.found.error(
                Rule::HostBits,
                root.key("local").key("blackhole"),
                format!("{b} has host bits set; write {}", b.trunc()),
            );
        }
    }
}

/// A real interface Shorewall's interfaces file names (the bridge, an uplink): a name Shorewall takes,
/// and not `lo`, the loopback every node has apart.
pub(super) fn firewall_interface(r: &mut Resolver<'_>, name: &InterfaceName, path: Path) {
    if name.as_str() == "lo" {
        r.found
            .error(
                Rule::FirewallInterface,
                path,
                "lo is the loopback, not an interface of its own here",
            )
            .set_hint("name the node's real interface, e.g. \"eth0\"");
    } else if let Err(e) = shorewall::InterfaceName::new(name.as_str()) {
        r.found
            .error(Rule::FirewallInterface, path, e.to_string())
            .set_hint("name the node's real interface, e.g. \"eth0\"");
    }
}
