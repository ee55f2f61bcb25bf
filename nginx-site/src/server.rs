//! Server blocks.

use std::collections::HashSet;
use std::fmt;
use std::net::IpAddr;

use crate::{Comment, Error, LocationPrefix, LogPath, ServerName, Size};

/// A `listen` directive: an optional address, a port, and whether this is the port's default server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Listen {
    address: Option<IpAddr>,
    port: u16,
    default_server: bool,
}

impl Listen {
    /// `listen PORT;` on every address.
    pub fn port(port: u16) -> Result<Listen, Error> {
        Listen::new(None, port, false)
    }

    /// `listen [ADDRESS:]PORT [default_server];`
    pub fn new(address: Option<IpAddr>, port: u16, default_server: bool) -> Result<Listen, Error> {
        if port == 0 {
            return Err(Error::PortZero);
        }
        Ok(Listen {
            address,
            port,
            default_server,
        })
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
pub enum Log {
    /// Into a file.
    File(LogPath),
    /// `off` (access logs only; an error log cannot be turned off).
    Off,
}

/// A `server { ... }` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    comments: Vec<Comment>,
    listen: Vec<Listen>,
    names: Vec<ServerName>,
    access_log: Option<Log>,
    error_log: Option<LogPath>,
    locations: Vec<Location>,
}

impl Server {
    /// Checks the server: at least one listen, one name and one location; no name or location prefix twice.
    pub fn new(
        listen: Vec<Listen>,
        names: Vec<ServerName>,
        locations: Vec<Location>,
    ) -> Result<Server, Error> {
        if listen.is_empty() {
            return Err(Error::Empty { what: "listen" });
        }
        if names.is_empty() {
            return Err(Error::Empty {
                what: "server_name",
            });
        }
        if locations.is_empty() {
            return Err(Error::Empty {
                what: "a server's locations",
            });
        }
        let mut seen = HashSet::new();
        if let Some(twice) = names.iter().find(|n| !seen.insert(n.as_str())) {
            return Err(Error::Duplicate {
                what: "server name",
                value: twice.to_string(),
            });
        }
        let mut seen = HashSet::new();
        if let Some(twice) = locations.iter().find(|l| !seen.insert(&l.prefix)) {
            return Err(Error::Duplicate {
                what: "location",
                value: twice.prefix.to_string(),
            });
        }
        Ok(Server {
            comments: Vec::new(),
            listen,
            names,
            access_log: None,
            error_log: None,
            locations,
        })
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
        match &self.access_log {
            Some(Log::File(path)) => writeln!(w, "\taccess_log {path};")?,
            Some(Log::Off) => w.write_str("\taccess_log off;\n")?,
            None => {}
        }
        if let Some(path) = &self.error_log {
            writeln!(w, "\terror_log {path};")?;
        }
        for location in &self.locations {
            writeln!(w, "\n\tlocation {} {{", location.prefix)?;
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
