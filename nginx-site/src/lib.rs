//! Typed nginx 1.22 reverse-proxy server blocks, HTTPS sites with certificates from an ACME CA, and the
//! http-level settings many servers need.
//!
//! Server names, paths, location prefixes, URLs and sizes are checked types, so nothing written can end a
//! directive; upstreams are addresses and ports, never names nginx would have to resolve when it starts.
//!
//! ```
//! use nginx_site::{Listen, Location, Server, Upstream};
//!
//! let upstream = Upstream::new("10.10.60.2".parse().unwrap(), 80)?;
//! let server = Server::new(vec![Listen::port(80)?], vec!["skaro.dachary.org".parse()?],
//!     vec![Location::proxy("/".parse()?, upstream)])?;
//! assert!(server.to_string().contains("proxy_pass http://10.10.60.2:80;"));
//! # Ok::<(), nginx_site::Error>(())
//! ```
//!
//! # HTTPS sites
//!
//! A [`TlsSite`] is served over HTTPS with a certificate certbot gets by HTTP-01 (webroot mode), in
//! certbot's layout (`/etc/letsencrypt/live/<name>/fullchain.pem` and `privkey.pem`). nginx refuses to
//! load a server whose certificate file does not exist yet, and the render must not depend on the node's
//! state; so a site's HTTPS server is rendered where nginx does not read it until certbot's deploy hook
//! links it in, and a switch turns the port-80 server from proxying into redirecting at the same moment:
//!
//! | file | what it holds | written by |
//! | --- | --- | --- |
//! | `/etc/nginx/conf.d/farm.conf` | [`HttpSettings`]: hash sizes, then [`TlsSettings`]: ciphers, session cache, the map `$host -> $farm_https` including `enabled/*.map`, and `include enabled/*.conf` | the render |
//! | `/etc/nginx/sites-available/<name>` | [`TlsSite::http_server`]: port 80, `location ^~ /.well-known/acme-challenge/` from the webroot, each location `if ($farm_https) { return 301 https://$host$request_uri; }` then proxied | the render |
//! | `/etc/nginx/farm-tls/available/<name>.conf` | [`TlsSite::https_server`]: port 443 `ssl`, the certificate's paths, the locations proxied | the render |
//! | `/etc/nginx/farm-tls/available/<name>.map` | [`TlsSite::switch_entry`]: `<name> 1;` | the render |
//! | `/etc/nginx/farm-tls/deploy-hook` | [`certbot::DeployHook`] | the render |
//! | `/etc/nginx/farm-tls/issue` | [`certbot::IssueScript`], run by hand or by provisioning (`sh` it) | the render |
//! | `/etc/nginx/farm-tls/enabled/<name>.conf`, `.map` | links to the two files of `available/` | the deploy hook, once the certificate exists |
//! | `/etc/letsencrypt/live/<name>/` | the certificate and its key | certbot |
//!
//! Before the certificate, `enabled/` matches nothing: nginx loads, `$farm_https` is 0, the site is proxied
//! over HTTP and the challenge is answered from the webroot. certbot, run by the
//! [`certbot::IssueScript`], gets the certificate through that challenge and runs the deploy hook, which
//! links the two files, checks the configuration with `nginx -t` and reloads nginx: the site is then
//! served over HTTPS and port 80 answers 301 to it, the challenge still answered for renewals. No key or
//! certificate is ever rendered. The folders are those of [`TlsLayout`]'s default; another root can be
//! given.
#![deny(missing_docs)]

pub mod certbot;
mod error;
mod http;
pub mod read;
mod server;
mod tls;
mod url;
mod values;

pub use error::Error;
pub use http::HttpSettings;
pub use server::{ACME_CHALLENGE, Listen, Location, Log, Server, Upstream};
pub use tls::{
    CertName, Certificate, INTERMEDIATE_CIPHERS, LETSENCRYPT_LIVE, Redirect, SwitchEntry,
    TlsLayout, TlsSettings, TlsSite,
};
pub use url::HttpUrl;
pub use values::{FilePath, IncludeGlob, LocationPrefix, LogPath, ServerName, Size};
pub use vocabulary::Comment;
