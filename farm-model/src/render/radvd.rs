//! radvd: the node's IPv6 prefix advertised on the bridge for SLAAC, the bridge's address as the DNS
//! server and the domain as the search domain (a node without `prefix6` has no radvd.conf).

use vocabulary::Comment;

use super::{NodeFiles, parse, refused, text};
use crate::diag::Diagnostic;
use crate::outputs::RADVD_CONF;
use crate::{Farm, NodeForm};

pub(super) fn radvd(
    farm: &Farm,
    node: &NodeForm,
    header: &Comment,
) -> Result<NodeFiles, Box<Diagnostic>> {
    let (Some(prefix), Some(bridge)) = (node.prefix6, node.bridge_address6) else {
        return Ok(Vec::new());
    };
    let file = &RADVD_CONF.path("");
    let config = radvd_conf::Config::builder(parse(file, farm.plan.bridge.name.as_str())?, prefix)
        .comment(header.clone())
        .rdnss(bridge)
        .dnssl(parse(file, farm.domain.without_dot())?)
        .build()
        .map_err(|e| refused(file, e))?;
    Ok(vec![text(file, config.to_string())])
}
