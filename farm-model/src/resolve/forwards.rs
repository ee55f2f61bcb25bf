//! The firewall's public addresses (their Shorewall params apart), and each forward's public address:
//! the one it names, or the only one.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use foldhash::{HashMap, HashMapExt as _};

use super::{At, ForwardForm, Found, Resolver};
use crate::Farm;
use crate::path::Path;
use crate::plan::values::Ident;
use crate::plan::{Forward, Proto};
use crate::rule::Rule;

/// The public addresses' params, each once.
pub(super) fn public_params(r: &mut Resolver<'_>) {
    let Some(firewall) = &r.plan.firewall else {
        return;
    };
    let mut seen = HashMap::new();
    for name in firewall.public.keys() {
        let path = Path::root()
            .key("firewall")
            .key("public")
            .key(name.as_str());
        let param = Farm::public_param(name.as_str());
        r.found.unique(Rule::ParamCollision, &mut seen, param.clone(), path.clone(), || {
            format!(
                "public address {name} becomes the Shorewall param {param}, as another name does"
            )
        });
        r.public_params.push((param, path));
    }
}

/// The public ports already forwarded, by address, protocol and port.
pub(super) type Ports<'a> = HashMap<(&'a Ident, Proto, u16), At>;

/// Forward `j` of VM `i` with its public address chosen, its port forwarded once per address and
/// protocol; `None` if it has no public address.
pub(super) fn forward<'a>(
    found: &mut Found,
    ports: &mut Ports<'a>,
    public: Option<&'a BTreeMap<Ident, Ipv4Addr>>,
    (i, j): (usize, usize),
    fwd: &'a Forward,
) -> Option<ForwardForm> {
    let fpath = || Path::root().key("vms").index(i).key("forwards").index(j);
    let via = match (&fwd.via, public) {
        (Some(via), Some(p)) if p.contains_key(via) => Some(via),
        (Some(via), _) => {
            found
                .error(
                    Rule::UnknownPublicAddress,
                    fpath().key("via"),
                    format!("no public address is named {via}"),
                )
                .set_hint(super::several::known_public(
                    public.unwrap_or(&BTreeMap::new()),
                ));
            None
        }
        (None, Some(p)) if p.len() == 1 => p.keys().next(),
        (None, Some(p)) if p.len() > 1 => {
            found
                .error(
                    Rule::NoPublicAddress,
                    fpath(),
                    format!("which public address? There are {}", p.len()),
                )
                .set_hint(format!(
                    "add via = one of {}",
                    p.keys().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                ));
            None
        }
        (None, _) => {
            found
                .error(
                    Rule::NoPublicAddress,
                    fpath(),
                    "a forward needs a public address, and the plan has none",
                )
                .set_hint("add [firewall] public = { failover = \"192.0.2.10\" }");
            None
        }
    }?;
    let proto = fwd.proto;
    found.unique(
        Rule::DuplicateForward,
        ports,
        (via, proto, fwd.port),
        At::ForwardPort(i, j),
        || {
            format!(
                "public port {} ({:?}) is forwarded twice on the same address",
                fwd.port, proto
            )
            .to_lowercase()
        },
    );
    Some(ForwardForm {
        proto,
        port: fwd.port,
        to: fwd.to.unwrap_or(fwd.port),
        public: public?.keys().position(|k| k == via)?,
    })
}

/// No forward takes nginx's port on a public address a site is served through: tcp 80 where a site names
/// the address in `via`, tcp 443 where an HTTPS site does (nginx listens on every address of its node, and
/// a forward's DNAT comes first). A site without `via` is reached through whatever address its name has
/// in DNS, which the plan does not know: nothing is said of it.
pub(super) fn ports_of_sites(r: &mut Resolver<'_>) {
    let plan = r.plan;
    let served: Vec<(&Ident, &crate::plan::Site, usize, usize)> = (plan.vms.iter().enumerate())
        .flat_map(|(i, vm)| (vm.sites.iter().enumerate()).map(move |(k, site)| (i, k, site)))
        .filter_map(|(i, k, site)| Some((site.via.as_ref()?, site, i, k)))
        .collect();
    if served.is_empty() {
        return;
    }
    let public = plan.firewall.as_ref().map(|f| &f.public);
    let only = public
        .filter(|p| p.len() == 1)
        .and_then(|p| p.keys().next());
    for (i, vm) in plan.vms.iter().enumerate() {
        for (j, fwd) in vm.forwards.iter().enumerate() {
            if fwd.proto != Proto::Tcp || !matches!(fwd.port, 80 | 443) {
                continue;
            }
            // A forward through an unknown address is refused already (UnknownPublicAddress).
            let Some(via) = fwd.via.as_ref().or(only) else {
                continue;
            };
            if !public.is_some_and(|p| p.contains_key(via)) {
                continue;
            }
            let Some((_, site, si, sk)) =
                (served.iter()).find(|(v, site, ..)| *v == via && (fwd.port == 80 || site.tls))
            else {
                continue;
            };
            let vm_path = |i: usize| Path::root().key("vms").index(i);
            r.found
                .error(
                    Rule::PortOfSites,
                    vm_path(i).key("forwards").index(j).key("port"),
                    format!(
                        "public port {} of {via} is nginx's: the site {} is served through {via}",
                        fwd.port, site.server_name
                    ),
                )
                .add_also(
                    vm_path(*si).key("sites").index(*sk).key("via"),
                    "the site served through it",
                )
                .set_hint(
                    "forward another public port (with `to` the VM's port), or serve the site through \
                     another public address",
                );
        }
    }
}
