//! nginx: a server block per site proxied to its VM, the server-name hash settings, the links enabling them.

use std::net::IpAddr;

use vocabulary::Comment;

use super::{Contents, NodeFiles, parse, refused, text};
use crate::diag::Diagnostic;
use crate::outputs::{NGINX_ENABLED, NGINX_HTTP, NGINX_SITE};
use crate::{Farm, NodeForm};

/// The access log every site of a node shares when it has more than [`crate::MAX_SITE_LOGS`].
const SHARED_ACCESS_LOG: &str = "/var/log/nginx/farm.access.log";

pub(super) fn nginx(
    farm: &Farm,
    node: &NodeForm,
    header: &Comment,
) -> Result<NodeFiles, Box<Diagnostic>> {
    use nginx_site::{HttpSettings, Listen, Location, Log, Server, Upstream};
    let mut servers = Vec::new();
    for placed in &farm.vms {
        // The sites this node's nginx serves (each VM's sites name their node).
        let served = placed.sites.iter().zip(&placed.site_nodes);
        for site in served
            .filter(|(_, n)| **n == node.index)
            .map(|(site, _)| site)
        {
            let file = NGINX_SITE.path(&site.server_name.file_name());
            let r = |e: nginx_site::Error| refused(&file, e);
            let upstream = Upstream::new(IpAddr::V4(placed.address), site.port).map_err(r)?;
            let log = if node.shared_access_log {
                Log::Shared(parse(&file, SHARED_ACCESS_LOG)?)
            } else {
                Log::File(parse(
                    &file,
                    &format!("/var/log/nginx/{}.access.log", site.server_name.file_name()),
                )?)
            };
            let server = Server::new(
                vec![Listen::port(80).map_err(r)?],
                vec![site.server_name.clone()],
                vec![Location::proxy(site.path.clone(), upstream)],
            )
            .map_err(r)?
            .with_access_log(log)
            .with_comments(vec![header.clone()]);
            servers.push((site.server_name.file_name(), server));
        }
    }
    if servers.is_empty() {
        return Ok(Vec::new());
    }
    let mut files = Vec::with_capacity(servers.len() * 2 + 1);
    let settings = HttpSettings::for_servers(servers.iter().map(|(_, s)| s))
        .with_comments(vec![header.clone()]);
    files.push(text(&NGINX_HTTP.path(""), settings.to_string()));
    for (name, server) in servers {
        files.push(text(&NGINX_SITE.path(&name), server.to_string()));
        files.push((
            NGINX_ENABLED.path(&name),
            Contents::Link(format!("../sites-available/{name}")),
        ));
    }
    Ok(files)
}
