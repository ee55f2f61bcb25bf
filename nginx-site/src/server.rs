//! Server blocks.

use std::collections::HashSet;
use std::fmt;
use std::net::IpAddr;

use crate::http::SHARED_LOG_FORMAT;
use crate::{
    Certificate, Comment, Error, FilePath, LocationPrefix, LogPath, Redirect, ServerName, Size,
};

/// A `listen` directive: an optional address, a port, whether it speaks TLS (`ssl`), and whether this is
/// the port's default server.
///
/// nginx 1.22 on Linux opens `[::]:PORT` as an IPv6-only socket (`ipv6only=on` is its default), so a
/// server can hold both `listen PORT;` and `listen [::]:PORT;` ([`Listen::any_ipv6`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Listen {
    address: Option<IpAddr>,
    port: u16,
    ssl: bool,
    default_server: bool,
}

impl Listen {
    /// `listen PORT;` on every IPv4 address.
    pub fn port(port: u16) -> Result<Listen, Error> {
        Listen::new(None, port, false)
    }

    /// `listen [::]:PORT;`: every IPv6 address.
    pub fn any_ipv6(port: u16) -> Result<Listen, Error> {
        Listen::new(
            Some(IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED)),
            port,
            false,
        )
    }

    /// `listen 443 ssl;`.
    pub fn https() -> Listen {
        Listen::plain(None, 443).with_ssl()
    }

    /// A listen on a port known not to be 0.
    pub(crate) fn plain(address: Option<IpAddr>, port: u16) -> Listen {
        Listen {
            address,
            port,
            ssl: false,
            default_server: false,
        }
    }

    /// `listen [ADDRESS:]PORT [default_server];`
    pub fn new(address: Option<IpAddr>, port: u16, default_server: bool) -> Result<Listen, Error> {
        if port == 0 {
            return Err(Error::PortZero);
        }
        Ok(Listen {
            address,
            port,
            ssl: false,
            default_server,
        })
    }

    /// The same listen with `ssl`: TLS on this socket (the server then needs a certificate).
    pub fn with_ssl(mut self) -> Listen {
        self.ssl = true;
        self
    }

    /// The address, if not every IPv4 address.
    pub fn address(&self) -> Option<IpAddr> {
        self.address
    }

    /// The port.
    pub fn port_number(&self) -> u16 {
        self.port
    }

    /// Whether it speaks TLS.
    pub fn is_ssl(&self) -> bool {
        self.ssl
    }

    /// The socket it opens: `listen 80;` and `listen 0.0.0.0:80;` are the same one.
    fn socket(&self) -> (IpAddr, u16) {
        (
            self.address
                .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)),
            self.port,
        )
    }
}

impl fmt::Display for Listen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("listen ")?;
        match self.address {
            Some(IpAddr::V4(a)) => write!(f, "{a}:")?,
            Some(IpAddr::V6(a)) => write!(f, "[{a}]:")?,
            None => {}
        }
        write!(f, "{}", self.port)?;
        if self.ssl {
            f.write_str(" ssl")?;
        }
        if self.default_server {
            f.write_str(" default_server")?;
        }
        f.write_str(";")
    }
}

/// Where a location proxies to: an address and a port, never a name nginx would resolve when it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Upstream {
    address: IpAddr,
    port: u16,
}

impl Upstream {
    /// `http://ADDRESS:PORT`.
    pub fn new(address: IpAddr, port: u16) -> Result<Upstream, Error> {
        if port == 0 {
            return Err(Error::PortZero);
        }
        Ok(Upstream { address, port })
    }

    /// The address.
    pub fn address(&self) -> IpAddr {
        self.address
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl fmt::Display for Upstream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.address {
            IpAddr::V4(a) => write!(f, "http://{a}:{}", self.port),
            IpAddr::V6(a) => write!(f, "http://[{a}]:{}", self.port),
        }
    }
}

/// A `location PREFIX { proxy_pass ...; }` with the usual proxy headers (Host, X-Real-IP,
/// X-Forwarded-For, X-Forwarded-Proto) and optional body size and timeouts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// The prefix it matches.
    pub prefix: LocationPrefix,
    /// Where it proxies to.
    pub upstream: Upstream,
    /// `client_max_body_size`.
    pub client_max_body_size: Option<Size>,
    /// `proxy_connect_timeout`, in seconds.
    pub connect_timeout: Option<u32>,
    /// `proxy_read_timeout`, in seconds.
    pub read_timeout: Option<u32>,
}

impl Location {
    /// A location proxying `prefix` to `upstream`, nginx's defaults for the rest.
    pub fn proxy(prefix: LocationPrefix, upstream: Upstream) -> Location {
        Location {
            prefix,
            upstream,
            client_max_body_size: None,
            connect_timeout: None,
            read_timeout: None,
        }
    }
}

/// A log setting.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Log {
    /// Into a file.
    File(LogPath),
    /// Into a file many servers share, each line starting with the host asked for (the `farm_host` log
    /// format, which [`HttpSettings::for_servers`](crate::HttpSettings::for_servers) defines when a server
    /// uses it). nginx opens one file once however many servers name it, where a file per server costs one
    /// descriptor each (over the usual limit of 1024 at about a thousand servers).
    Shared(LogPath),
    /// `off` (access logs only; an error log cannot be turned off).
    Off,
}

/// The location prefix the ACME HTTP-01 challenge asks for.
pub const ACME_CHALLENGE: &str = "/.well-known/acme-challenge/";

/// The http-level variable that is 1 for a host whose HTTPS server is enabled (see [`crate::TlsSettings`]).
pub(crate) const HTTPS_SWITCH: &str = "$farm_https";

/// A `server { ... }` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    comments: Vec<Comment>,
    listen: Vec<Listen>,
    names: Vec<ServerName>,
    certificate: Option<Certificate>,
    access_log: Option<Log>,
    error_log: Option<LogPath>,
    acme_challenge: Option<FilePath>,
    https_switch: bool,
    redirect: Option<Redirect>,
    locations: Vec<Location>,
}

fn check_listen_and_names(
    listen: &[Listen],
    names: &[ServerName],
    certificate: Option<&Certificate>,
) -> Result<(), Error> {
    if listen.is_empty() {
        return Err(Error::Empty { what: "listen" });
    }
    if names.is_empty() {
        return Err(Error::Empty {
            what: "server_name",
        });
    }
    let mut seen = HashSet::new();
    if let Some(twice) = listen.iter().find(|l| !seen.insert(l.socket())) {
        let text = twice.to_string();
        return Err(Error::Duplicate {
            what: "listen socket",
            value: text
                .trim_start_matches("listen ")
                .trim_end_matches(';')
                .to_owned(),
        });
    }
    if let (None, Some(ssl)) = (certificate, listen.iter().find(|l| l.ssl)) {
        let text = ssl.to_string();
        return Err(Error::NoCertificate {
            listen: text
                .trim_start_matches("listen ")
                .trim_end_matches(';')
                .to_owned(),
        });
    }
    let mut seen = HashSet::new();
    if let Some(twice) = names.iter().find(|n| !seen.insert(n.as_str())) {
        return Err(Error::Duplicate {
            what: "server name",
            value: twice.to_string(),
        });
    }
    Ok(())
}

impl Server {
    /// Checks the server: at least one listen, one name and one location; no listen socket, name or
    /// location prefix twice; no `ssl` listen (that needs [`Server::https`]).
    pub fn new(
        listen: Vec<Listen>,
        names: Vec<ServerName>,
        locations: Vec<Location>,
    ) -> Result<Server, Error> {
        Server::build(listen, names, None, locations)
    }

    /// A server with a certificate, as [`Server::new`] checks it; its listens may have `ssl`.
    pub fn https(
        listen: Vec<Listen>,
        names: Vec<ServerName>,
        certificate: Certificate,
        locations: Vec<Location>,
    ) -> Result<Server, Error> {
        Server::build(listen, names, Some(certificate), locations)
    }

    /// A server that answers every request with `redirect` (`location / { return 301 ...; }`), checked as
    /// [`Server::new`] checks listens and names.
    pub fn redirecting(
        listen: Vec<Listen>,
        names: Vec<ServerName>,
        redirect: Redirect,
    ) -> Result<Server, Error> {
        check_listen_and_names(&listen, &names, None)?;
        Ok(Server {
            redirect: Some(redirect),
            ..Server::unchecked(listen, names, None, Vec::new())
        })
    }

    fn build(
        listen: Vec<Listen>,
        names: Vec<ServerName>,
        certificate: Option<Certificate>,
        locations: Vec<Location>,
    ) -> Result<Server, Error> {
        check_listen_and_names(&listen, &names, certificate.as_ref())?;
        if locations.is_empty() {
            return Err(Error::Empty {
                what: "a server's locations",
            });
        }
        let mut seen = HashSet::new();
        if let Some(twice) = locations.iter().find(|l| !seen.insert(&l.prefix)) {
            return Err(Error::Duplicate {
                what: "location",
                value: twice.prefix.to_string(),
            });
        }
        Ok(Server::unchecked(listen, names, certificate, locations))
    }

    pub(crate) fn unchecked(
        listen: Vec<Listen>,
        names: Vec<ServerName>,
        certificate: Option<Certificate>,
        locations: Vec<Location>,
    ) -> Server {
        Server {
            comments: Vec::new(),
            listen,
            names,
            certificate,
            access_log: None,
            error_log: None,
            acme_challenge: None,
            https_switch: false,
            redirect: None,
            locations,
        }
    }

    /// The same server answering the ACME HTTP-01 challenge from `webroot`
    /// (`location ^~ /.well-known/acme-challenge/ { root WEBROOT; }`, where certbot's `--webroot -w WEBROOT`
    /// writes its files). Refused if a location already has that prefix.
    pub fn with_acme_challenge(mut self, webroot: FilePath) -> Result<Server, Error> {
        if self
            .locations
            .iter()
            .any(|l| l.prefix.as_str() == ACME_CHALLENGE)
        {
            return Err(Error::Duplicate {
                what: "location",
                value: ACME_CHALLENGE.to_owned(),
            });
        }
        self.acme_challenge = Some(webroot);
        Ok(self)
    }

    /// [`Server::with_acme_challenge`] for a server whose locations are known not to have its prefix.
    pub(crate) fn with_challenge_unchecked(mut self, webroot: FilePath) -> Server {
        self.acme_challenge = Some(webroot);
        self
    }

    /// The same server with every proxied location guarded by
    /// `if ($farm_https) { return 301 https://$host$request_uri; }`: it proxies until the host's HTTPS
    /// server is enabled, and redirects to it after (see [`crate::TlsSettings`], which defines the variable;
    /// [`HttpSettings::for_servers`](crate::HttpSettings::for_servers) adds it when a server uses it).
    /// Refused on a server with a certificate: it would redirect HTTPS to itself.
    pub fn with_https_switch(mut self) -> Result<Server, Error> {
        if self.certificate.is_some() {
            return Err(Error::SwitchOnHttps {
                name: self
                    .names
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            });
        }
        self.https_switch = true;
        Ok(self)
    }

    /// [`Server::with_https_switch`] for a server known to have no certificate.
    pub(crate) fn with_switch_unchecked(mut self) -> Server {
        self.https_switch = true;
        self
    }

    /// The same server with an access log.
    pub fn with_access_log(mut self, log: Log) -> Server {
        self.access_log = Some(log);
        self
    }

    /// The same server with an error log.
    pub fn with_error_log(mut self, path: LogPath) -> Server {
        self.error_log = Some(path);
        self
    }

    /// The same server with comment lines above it.
    pub fn with_comments(mut self, comments: Vec<Comment>) -> Server {
        self.comments = comments;
        self
    }

    /// The server names.
    pub fn names(&self) -> &[ServerName] {
        &self.names
    }

    /// The locations.
    pub fn locations(&self) -> &[Location] {
        &self.locations
    }

    /// The access log setting, if the server has one.
    pub fn access_log(&self) -> Option<&Log> {
        self.access_log.as_ref()
    }

    /// Whether the server uses `$farm_https` ([`Server::with_https_switch`]).
    pub fn uses_https_switch(&self) -> bool {
        self.https_switch
    }

    /// The certificate, if the server has one.
    pub fn certificate(&self) -> Option<&Certificate> {
        self.certificate.as_ref()
    }

    /// Writes the block.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        for comment in &self.comments {
            writeln!(w, "# {comment}")?;
        }
        w.write_str("server {\n")?;
        for listen in &self.listen {
            writeln!(w, "\t{listen}")?;
        }
        w.write_str("\tserver_name")?;
        for name in &self.names {
            write!(w, " {name}")?;
        }
        w.write_str(";\n")?;
        if let Some(certificate) = &self.certificate {
            writeln!(w, "\tssl_certificate {};", certificate.chain())?;
            writeln!(w, "\tssl_certificate_key {};", certificate.key())?;
            w.write_str("\tssl_protocols TLSv1.2 TLSv1.3;\n")?;
            w.write_str("\tssl_prefer_server_ciphers off;\n")?;
        }
        match &self.access_log {
            Some(Log::File(path)) => writeln!(w, "\taccess_log {path};")?,
            Some(Log::Shared(path)) => writeln!(w, "\taccess_log {path} {SHARED_LOG_FORMAT};")?,
            Some(Log::Off) => w.write_str("\taccess_log off;\n")?,
            None => {}
        }
        if let Some(path) = &self.error_log {
            writeln!(w, "\terror_log {path};")?;
        }
        if let Some(webroot) = &self.acme_challenge {
            writeln!(w, "\n\tlocation ^~ {ACME_CHALLENGE} {{")?;
            writeln!(w, "\t\troot {webroot};")?;
            w.write_str("\t}\n")?;
        }
        if let Some(redirect) = &self.redirect {
            w.write_str("\n\tlocation / {\n")?;
            writeln!(w, "\t\t{redirect}")?;
            w.write_str("\t}\n")?;
        }
        for location in &self.locations {
            writeln!(w, "\n\tlocation {} {{", location.prefix)?;
            if self.https_switch {
                writeln!(w, "\t\tif ({HTTPS_SWITCH}) {{")?;
                writeln!(w, "\t\t\t{}", Redirect::Https)?;
                w.write_str("\t\t}\n")?;
            }
            writeln!(w, "\t\tproxy_pass {};", location.upstream)?;
            w.write_str("\t\tproxy_set_header Host $host;\n")?;
            w.write_str("\t\tproxy_set_header X-Real-IP $remote_addr;\n")?;
            w.write_str("\t\tproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n")?;
            w.write_str("\t\tproxy_set_header X-Forwarded-Proto $scheme;\n")?;
            if let Some(size) = location.client_max_body_size {
                writeln!(w, "\t\tclient_max_body_size {size};")?;
            }
            if let Some(t) = location.connect_timeout {
                writeln!(w, "\t\tproxy_connect_timeout {t}s;")?;
            }
            if let Some(t) = location.read_timeout {
                writeln!(w, "\t\tproxy_read_timeout {t}s;")?;
            }
            w.write_str("\t}\n")?;
        }
        w.write_str("}\n")
    }
}

impl fmt::Display for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}
