//! The farm's own names (the name server, the cluster) and the hosts' interfaces on every node: the
//! bridge and the local alias, their addresses used once.

use super::Resolver;
use crate::path::Path;

pub(super) fn check(r: &mut Resolver<'_>) {
    let plan = r.plan;
    let root = Path::root();
    r.farm_fqdn(&plan.dns.nameserver, root.key("dns").key("nameserver"));
    if let Some(cluster) = &plan.cluster {
        r.farm_fqdn(&cluster.name, root.key("cluster").key("name"));
    }
    if plan.bridge.name.is_alias() {
        r.found.error(
            root.key("bridge").key("name"),
            format!(
                "{} is an alias; a bridge is a real interface",
                plan.bridge.name
            ),
        );
    }
    let address = plan.bridge.address;
    r.found.unique(
        &mut r.addresses,
        address,
        root.key("bridge").key("address"),
        || format!("address {address} is used twice"),
    );
    if let Some(local) = &plan.local {
        if !local.interface.is_alias() {
            r.found
                .error(
                    root.key("local").key("interface"),
                    format!("{} is not an alias", local.interface),
                )
                .set_hint("write an alias of lo, e.g. \"lo:1\"");
        }
        r.found.unique(
            &mut r.addresses,
            local.address,
            root.key("local").key("address"),
            || format!("address {} is used twice", local.address),
        );
        if let Some(b) = local.blackhole
            && b.trunc() != b
        {
            r.found.error(
                root.key("local").key("blackhole"),
                format!("{b} has host bits set; write {}", b.trunc()),
            );
        }
    }
}
