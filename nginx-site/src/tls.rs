//! HTTPS sites: certificates in certbot's layout, redirects, and the switch that serves a site over HTTP
//! until its certificate exists and sends it to HTTPS after, with the same rendered files.

use std::collections::HashSet;
use std::fmt;

use crate::server::ACME_CHALLENGE;
use crate::{
    Comment, Error, FilePath, HttpUrl, IncludeGlob, Listen, Location, Log, Server, ServerName,
};

/// A server name a certificate can be requested for by ACME HTTP-01: a DNS name of two labels or more.
/// Not a wildcard (HTTP-01 cannot prove one), not `_`, not a single label (no public CA issues for one,
/// and in an nginx `map` the words `default`, `include`, `hostnames` and `volatile` are not keys). At
/// most 250 characters: its files (`<name>.conf`, certbot's `renewal/<name>.conf`) stay within the
/// 255 bytes of a file name.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct CertName(ServerName);

impl CertName {
    /// Checks that `name` can have a certificate.
    pub fn new(name: &ServerName) -> Result<CertName, Error> {
        let refuse = |reason| Error::NotForCertificate {
            name: name.to_string(),
            reason,
        };
        if name.is_wildcard() {
            return Err(refuse("HTTP-01 cannot prove a wildcard"));
        }
        if name.as_str() == "_" {
            return Err(refuse("`_` is not a DNS name"));
        }
        if !name.as_str().contains('.') {
            return Err(refuse("a certificate names a domain of two labels or more"));
        }
        if name.as_str().len() > 250 {
            return Err(refuse(
                "over 250 characters, `<name>.conf` would pass the 255 bytes of a file name",
            ));
        }
        Ok(CertName(name.clone()))
    }

    fn parse(text: &str) -> Result<CertName, Error> {
        CertName::new(&ServerName::new(text)?)
    }

    /// The server name.
    pub fn server_name(&self) -> &ServerName {
        &self.0
    }

    /// The name as text (lowercase; also a file name).
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

vocabulary::string_conversions!(CertName, Error, CertName::parse);

impl fmt::Display for CertName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// certbot's folder of current certificates: `/etc/letsencrypt/live/<name>/`.
pub const LETSENCRYPT_LIVE: &str = "/etc/letsencrypt/live";

/// A server's certificate chain and private key files (`ssl_certificate`, `ssl_certificate_key`). Only
/// their paths are ever written; nginx's master process reads them as root when it loads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Certificate {
    chain: FilePath,
    key: FilePath,
}

impl Certificate {
    /// The chain (leaf first) and the key at the paths given.
    pub fn new(chain: FilePath, key: FilePath) -> Certificate {
        Certificate { chain, key }
    }

    /// certbot's layout for `name`: `/etc/letsencrypt/live/<name>/fullchain.pem` and `privkey.pem`.
    pub fn letsencrypt(name: &CertName) -> Certificate {
        let dir = format!("{LETSENCRYPT_LIVE}/{name}");
        Certificate {
            chain: FilePath::checked(format!("{dir}/fullchain.pem")),
            key: FilePath::checked(format!("{dir}/privkey.pem")),
        }
    }

    /// The chain file.
    pub fn chain(&self) -> &FilePath {
        &self.chain
    }

    /// The key file.
    pub fn key(&self) -> &FilePath {
        &self.key
    }
}

/// A permanent redirect, `return 301 TARGET;`: to the same host and path over HTTPS, or to a checked URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Redirect {
    /// `return 301 https://$host$request_uri;`
    Https,
    /// `return 301 URL;`
    To(HttpUrl),
}

impl fmt::Display for Redirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Redirect::Https => f.write_str("return 301 https://$host$request_uri;"),
            Redirect::To(url) => write!(f, "return 301 {url};"),
        }
    }
}

/// Where a node keeps its HTTPS servers and switch entries:
/// - `ROOT/available/<name>.conf`, the site's 443 server, and `ROOT/available/<name>.map`, its line of
///   the `$farm_https` map: rendered;
/// - `ROOT/enabled/`: links to both, made by the deploy hook once the site's certificate exists
///   (never rendered: a render does not depend on the node's state).
///
/// The default `ROOT` is `/etc/nginx/farm-tls`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TlsLayout {
    root: FilePath,
}

impl Default for TlsLayout {
    fn default() -> TlsLayout {
        TlsLayout {
            root: FilePath::checked("/etc/nginx/farm-tls".to_owned()),
        }
    }
}

impl TlsLayout {
    /// The layout under `root`.
    pub fn new(root: FilePath) -> TlsLayout {
        TlsLayout { root }
    }

    /// The root folder.
    pub fn root(&self) -> &FilePath {
        &self.root
    }

    /// `ROOT/available/<name>.conf`: the site's HTTPS server.
    pub fn available_server(&self, name: &CertName) -> FilePath {
        FilePath::checked(format!("{}/available/{name}.conf", self.root))
    }

    /// `ROOT/available/<name>.map`: the site's switch entry.
    pub fn available_entry(&self, name: &CertName) -> FilePath {
        FilePath::checked(format!("{}/available/{name}.map", self.root))
    }

    /// `ROOT/enabled`: where the deploy hook links the servers and entries of the certificates it has.
    pub fn enabled(&self) -> FilePath {
        FilePath::checked(format!("{}/enabled", self.root))
    }

    /// `ROOT/enabled/*.conf`, included at http level.
    pub fn enabled_servers(&self) -> IncludeGlob {
        IncludeGlob::checked(format!("{}/*.conf", self.enabled()))
    }

    /// `ROOT/enabled/*.map`, included in the `$farm_https` map.
    pub fn enabled_entries(&self) -> IncludeGlob {
        IncludeGlob::checked(format!("{}/*.map", self.enabled()))
    }
}

/// Mozilla's "intermediate" cipher list (TLS 1.2; TLS 1.3 suites are not set by `ssl_ciphers`). Its DHE
/// suites are offered only with `ssl_dhparam`, which is not set: ECDHE ones are used.
pub const INTERMEDIATE_CIPHERS: &str = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

/// The http-level settings of HTTPS sites, written once (in the file of
/// [`HttpSettings`](crate::HttpSettings), which adds them when a server uses the switch):
///
/// ```text
/// ssl_ciphers <Mozilla intermediate>;
/// ssl_session_cache shared:farm_ssl:10m;
/// ssl_session_timeout 1d;
/// ssl_session_tickets off;
/// map $host $farm_https {
///     default 0;
///     include ROOT/enabled/*.map;
/// }
/// include ROOT/enabled/*.conf;
/// ```
///
/// `ssl_protocols TLSv1.2 TLSv1.3` and `ssl_prefer_server_ciphers off` are written in each HTTPS server
/// instead: Debian's nginx.conf sets both at http level, where a second `ssl_prefer_server_ciphers` is
/// `[emerg] duplicate` and a second `ssl_protocols` adds its protocols to the first ones.
///
/// The map is the switch: `$farm_https` is 0 for every host until the deploy hook links the host's
/// entry (`NAME 1;`) into `ROOT/enabled/` beside its HTTPS server, and nginx reloads. An include glob that
/// matches nothing includes nothing, so nginx loads with no certificate at all.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct TlsSettings {
    layout: TlsLayout,
}

impl TlsSettings {
    /// The settings for the HTTPS servers and entries of `layout`.
    pub fn new(layout: TlsLayout) -> TlsSettings {
        TlsSettings { layout }
    }

    /// The layout.
    pub fn layout(&self) -> &TlsLayout {
        &self.layout
    }
}

impl fmt::Display for TlsSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "ssl_ciphers {INTERMEDIATE_CIPHERS};")?;
        f.write_str("ssl_session_cache shared:farm_ssl:10m;\n")?;
        f.write_str("ssl_session_timeout 1d;\n")?;
        f.write_str("ssl_session_tickets off;\n")?;
        writeln!(f, "map $host {} {{", crate::server::HTTPS_SWITCH)?;
        f.write_str("\tdefault 0;\n")?;
        writeln!(f, "\tinclude {};", self.layout.enabled_entries())?;
        f.write_str("}\n")?;
        writeln!(f, "include {};", self.layout.enabled_servers())
    }
}

/// A site's line of the `$farm_https` map, `NAME 1;`, in `ROOT/available/<name>.map`, under the site's
/// comment lines.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SwitchEntry(CertName, Vec<Comment>);

impl fmt::Display for SwitchEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for comment in &self.1 {
            writeln!(f, "# {comment}")?;
        }
        writeln!(f, "{} 1;", self.0)
    }
}

/// One site served over HTTPS with a certificate certbot gets by HTTP-01, described once and written as:
/// - [`http_server`](TlsSite::http_server): port 80 (and `[::]:80`), answering the ACME challenge from the
///   webroot and proxying every location until the site's HTTPS server is enabled, then redirecting it to
///   `https://$host$request_uri` (301);
/// - [`https_server`](TlsSite::https_server): port 443 `ssl` (and `[::]:443`), the certificate in certbot's
///   layout, the same locations proxied;
/// - [`switch_entry`](TlsSite::switch_entry): `NAME 1;`.
///
/// ```
/// use nginx_site::{CertName, Location, TlsSite, Upstream};
///
/// let upstream = Upstream::new("10.10.60.2".parse().unwrap(), 80)?;
/// let site = TlsSite::new("skaro.dachary.org".parse()?, vec![Location::proxy("/".parse()?, upstream)],
///     "/var/www/farm-acme".parse()?)?.with_ipv6();
/// assert!(site.https_server().to_string().contains("listen [::]:443 ssl;"));
/// assert_eq!(site.switch_entry().to_string(), "skaro.dachary.org 1;\n");
/// # Ok::<(), nginx_site::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSite {
    name: CertName,
    locations: Vec<Location>,
    webroot: FilePath,
    certificate: Certificate,
    ipv6: bool,
    access_log: Option<Log>,
    comments: Vec<Comment>,
}

impl TlsSite {
    /// Checks the site: at least one location, no prefix twice, none the ACME challenge's own. The
    /// certificate is certbot's ([`Certificate::letsencrypt`]); the servers listen on IPv4 only.
    pub fn new(
        name: CertName,
        locations: Vec<Location>,
        webroot: FilePath,
    ) -> Result<TlsSite, Error> {
        if locations.is_empty() {
            return Err(Error::Empty {
                what: "a server's locations",
            });
        }
        let mut seen = HashSet::new();
        if let Some(twice) = locations
            .iter()
            .find(|l| !seen.insert(&l.prefix) || l.prefix.as_str() == ACME_CHALLENGE)
        {
            return Err(Error::Duplicate {
                what: "location",
                value: twice.prefix.to_string(),
            });
        }
        Ok(TlsSite {
            certificate: Certificate::letsencrypt(&name),
            name,
            locations,
            webroot,
            ipv6: false,
            access_log: None,
            comments: Vec::new(),
        })
    }

    /// The same site listening on IPv6 too (`[::]:80`, `[::]:443 ssl`).
    pub fn with_ipv6(mut self) -> TlsSite {
        self.ipv6 = true;
        self
    }

    /// The same site with another certificate than certbot's layout.
    pub fn with_certificate(mut self, certificate: Certificate) -> TlsSite {
        self.certificate = certificate;
        self
    }

    /// The same site with an access log, in both servers.
    pub fn with_access_log(mut self, log: Log) -> TlsSite {
        self.access_log = Some(log);
        self
    }

    /// The same site with comment lines above both servers and its switch entry.
    pub fn with_comments(mut self, comments: Vec<Comment>) -> TlsSite {
        self.comments = comments;
        self
    }

    /// The name.
    pub fn name(&self) -> &CertName {
        &self.name
    }

    /// The webroot certbot writes the challenge into.
    pub fn webroot(&self) -> &FilePath {
        &self.webroot
    }

    fn server(&self, listen: Vec<Listen>, certificate: Option<Certificate>) -> Server {
        let mut server = Server::unchecked(
            listen,
            vec![self.name.server_name().clone()],
            certificate,
            self.locations.clone(),
        )
        .with_comments(self.comments.clone());
        if let Some(log) = &self.access_log {
            server = server.with_access_log(log.clone());
        }
        server
    }

    /// The port-80 server: the challenge, and the locations behind the switch.
    pub fn http_server(&self) -> Server {
        let mut listen = vec![Listen::plain(None, 80)];
        if self.ipv6 {
            listen.push(Listen::plain(
                Some(std::net::Ipv6Addr::UNSPECIFIED.into()),
                80,
            ));
        }
        self.server(listen, None)
            .with_challenge_unchecked(self.webroot.clone())
            .with_switch_unchecked()
    }

    /// The port-443 server, for `ROOT/available/<name>.conf`.
    pub fn https_server(&self) -> Server {
        let mut listen = vec![Listen::https()];
        if self.ipv6 {
            listen
                .push(Listen::plain(Some(std::net::Ipv6Addr::UNSPECIFIED.into()), 443).with_ssl());
        }
        self.server(listen, Some(self.certificate.clone()))
    }

    /// The switch entry, for `ROOT/available/<name>.map`.
    pub fn switch_entry(&self) -> SwitchEntry {
        SwitchEntry(self.name.clone(), self.comments.clone())
    }
}
