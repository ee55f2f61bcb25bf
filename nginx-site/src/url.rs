//! Absolute `http://` and `https://` URLs, checked so that one can be written as one nginx token and one
//! shell word.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::Error;
use crate::values::dns_name;

/// The host of a URL: a DNS name (lowercase), an IPv4 address, or an IPv6 address (written in brackets).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Host {
    Name(String),
    V4(Ipv4Addr),
    V6(Ipv6Addr),
}

/// An absolute URL with scheme `http` or `https`, a host (DNS name, IPv4, or IPv6 in brackets), an optional
/// port and an optional path (with query). The path holds only ASCII letters, digits and
/// `- . _ ~ / % + = & ? : @ ! ,`: no white space, quote, `;`, brace, `$` (an nginx variable) or `#`. The
/// scheme and host are written in lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HttpUrl {
    https: bool,
    host: Host,
    port: Option<u16>,
    path: String,
}

fn path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'/'
                | b'%'
                | b'+'
                | b'='
                | b'&'
                | b'?'
                | b':'
                | b'@'
                | b'!'
                | b','
        )
}

impl HttpUrl {
    /// Checks `url`.
    pub fn new(url: &str) -> Result<HttpUrl, Error> {
        let invalid = |reason| Error::InvalidUrl {
            url: url.to_owned(),
            reason,
        };
        if url.len() > 2048 {
            return Err(invalid("it is over 2048 characters long"));
        }
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        let (https, rest) = if lower.starts_with("https://") {
            (true, &url[8..])
        } else if lower.starts_with("http://") {
            (false, &url[7..])
        } else {
            return Err(invalid("it must start with http:// or https://"));
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if !path.bytes().all(path_byte) {
            return Err(invalid(
                "its path holds only ASCII letters, digits and - . _ ~ / % + = & ? : @ ! ,",
            ));
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (address, after) = v6
                .split_once(']')
                .ok_or_else(|| invalid("an IPv6 host is closed by `]`"))?;
            let address: Ipv6Addr = address
                .parse()
                .map_err(|_| invalid("the host in brackets is not an IPv6 address"))?;
            let port = match after {
                "" => None,
                _ => Some(
                    after
                        .strip_prefix(':')
                        .ok_or_else(|| invalid("`]` is followed by `:PORT` or nothing"))?,
                ),
            };
            (Host::V6(address), port)
        } else {
            let (host, port) = match authority.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            };
            let host = if let Ok(address) = host.parse::<Ipv4Addr>() {
                Host::V4(address)
            } else if dns_name(host) && !host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                Host::Name(host.to_ascii_lowercase())
            } else {
                return Err(invalid(
                    "the host is not a DNS name, an IPv4 address or an IPv6 address in brackets",
                ));
            };
            (host, port)
        };
        let port = match port {
            None => None,
            Some(p) => {
                let bad = || invalid("the port is a number from 1 to 65535, without leading zeros");
                if p.is_empty() || p.starts_with('0') || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad());
                }
                Some(p.parse::<u16>().map_err(|_| bad())?)
            }
        };
        Ok(HttpUrl {
            https,
            host,
            port,
            path: path.to_owned(),
        })
    }

    /// `https://HOST PATH` from a host and a path known to be right.
    pub(crate) fn https_name(host: &str, path: &str) -> HttpUrl {
        HttpUrl {
            https: true,
            host: Host::Name(host.to_owned()),
            port: None,
            path: path.to_owned(),
        }
    }

    /// Whether the scheme is `https`.
    pub fn is_https(&self) -> bool {
        self.https
    }
}

vocabulary::string_conversions!(HttpUrl, Error, HttpUrl::new);

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.https { "https://" } else { "http://" })?;
        match &self.host {
            Host::Name(name) => f.write_str(name)?,
            Host::V4(a) => write!(f, "{a}")?,
            Host::V6(a) => write!(f, "[{a}]")?,
        }
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        f.write_str(&self.path)
    }
}
