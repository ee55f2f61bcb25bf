//! nginx: a server block per site proxied to its VM, the server-name hash settings, the links enabling them;
//! for a site with `tls`, its HTTPS server and switch entry (enabled on the node by certbot's deploy hook
//! once the certificate exists), and the node's deploy hook and issue script.

use std::net::IpAddr;

use nginx_site::TlsSite;
use vocabulary::Comment;

use super::{Contents, NodeFiles, parse, refused, text};
use crate::diag::Diagnostic;
use crate::outputs::{
    CERTBOT_HOOK, CERTBOT_ISSUE, NGINX_ENABLED, NGINX_HTTP, NGINX_SITE, NGINX_TLS_SERVER,
    NGINX_TLS_SWITCH,
};
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
    let mut tls_sites = Vec::new();
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
            let locations = vec![Location::proxy(site.path.clone(), upstream)];
            let server = if site.tls {
                let mut tls = https_site(farm, &file, &site.server_name, locations)?
                    .with_access_log(log)
                    .with_comments(vec![header.clone()]);
                if node.prefix6.is_some() {
                    tls = tls.with_ipv6();
                }
                let server = tls.http_server();
                tls_sites.push(tls);
                server
            } else {
                let mut listen = vec![Listen::port(80).map_err(r)?];
                if node.prefix6.is_some() {
                    listen.push(Listen::any_ipv6(80).map_err(r)?);
                }
                Server::new(listen, vec![site.server_name.clone()], locations)
                    .map_err(r)?
                    .with_access_log(log)
                    .with_comments(vec![header.clone()])
            };
            servers.push((site.server_name.file_name(), server));
        }
    }
    if servers.is_empty() {
        return Ok(Vec::new());
    }
    let mut files = Vec::with_capacity(servers.len() * 2 + tls_sites.len() * 2 + 3);
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
    files.extend(certbot_files(farm, node, header, &tls_sites)?);
    Ok(files)
}

/// A site with `tls`: its certificate's name, checked by the resolve pass.
fn https_site(
    farm: &Farm,
    file: &str,
    name: &nginx_site::ServerName,
    locations: Vec<nginx_site::Location>,
) -> Result<TlsSite, Box<Diagnostic>> {
    let tls = farm
        .tls
        .as_ref()
        .ok_or_else(|| refused(file, "a site has tls, the farm no [tls] settings"))?;
    let r = |e: nginx_site::Error| refused(file, e);
    TlsSite::new(
        nginx_site::CertName::new(name).map_err(r)?,
        locations,
        tls.webroot.clone(),
    )
    .map_err(r)
}

/// Each HTTPS site's server and switch entry, then the deploy hook and the issue script of the node's
/// certificates; nothing without an HTTPS site.
fn certbot_files(
    farm: &Farm,
    node: &NodeForm,
    header: &Comment,
    sites: &[TlsSite],
) -> Result<NodeFiles, Box<Diagnostic>> {
    let Some(tls) = farm.tls.as_ref().filter(|_| !sites.is_empty()) else {
        return Ok(Vec::new());
    };
    let mut files = Vec::with_capacity(sites.len() * 2 + 2);
    for site in sites {
        let name = site.name().as_str();
        files.push(text(
            &NGINX_TLS_SERVER.path(name),
            site.https_server().to_string(),
        ));
    }
    for site in sites {
        let name = site.name().as_str();
        files.push(text(
            &NGINX_TLS_SWITCH.path(name),
            site.switch_entry().to_string(),
        ));
    }
    let certbot = nginx_site::certbot::Certbot::new(
        tls.email.clone(),
        tls.acme_server.clone(),
        tls.webroot.clone(),
    )
    .with_comments(vec![header.clone()]);
    // The registry's paths are the layout's (`/etc/nginx/farm-tls`): the hook's path is written into the
    // issue script, so the two must agree.
    let hook = CERTBOT_HOOK.path("");
    if certbot.hook_path().as_str().trim_start_matches('/') != hook {
        return Err(refused(&hook, "certbot's layout is not the registry's"));
    }
    files.push(text(&hook, certbot.deploy_hook().to_string()));
    files.push(text(
        &CERTBOT_ISSUE.path(""),
        certbot
            .issue_script(node.certificates.iter().collect())
            .to_string(),
    ));
    Ok(files)
}
