//! A lenient reader of nginx server blocks written by hand (a `sites-available` file): each `server` with
//! its `listen`, `server_name` and `location` blocks and their `proxy_pass`. Names and prefixes go through
//! this crate's checked types ([`ServerName`], [`LocationPrefix`]); a proxy target is an address or a
//! name with a port. A syntax error or a refused value is a [`ReadError`] at its line and column; every
//! other directive is given back by name and place.

use std::net::Ipv4Addr;

use crate::{LocationPrefix, ServerName};

pub use vocabulary::ReadError;
pub use vocabulary::read::At;
use vocabulary::read::{Statement, Syntax, Word};

/// Where `proxy_pass http://HOST[:PORT]` sends requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyHost {
    /// An address.
    Address(Ipv4Addr),
    /// A name nginx resolves when it starts.
    Name(ServerName),
}

/// A `proxy_pass` target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyTarget {
    /// The host.
    pub host: ProxyHost,
    /// The port, if written.
    pub port: Option<u16>,
}

/// A `location` block as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationRead {
    /// Its prefix.
    pub prefix: LocationPrefix,
    /// Its `proxy_pass`, when to `http://`.
    pub proxy_pass: Option<At<ProxyTarget>>,
    /// The name of every other directive, by line.
    pub others: Vec<At<String>>,
}

/// A `server` block as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerRead {
    /// Its `listen` values, as written.
    pub listen: Vec<At<String>>,
    /// Its server names.
    pub server_names: Vec<At<ServerName>>,
    /// Its locations.
    pub locations: Vec<At<LocationRead>>,
    /// The name of every other directive, by line.
    pub others: Vec<At<String>>,
}

/// A file of server blocks as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteRead {
    /// The `server` blocks.
    pub servers: Vec<At<ServerRead>>,
    /// The name of every directive outside them (`upstream`, ...), by line.
    pub others: Vec<At<String>>,
}

/// nginx's syntax: `#` comments where a word could start, `"` and `'` quotes.
const SYNTAX: Syntax = Syntax::new("directive").quotes(&['"', '\'']);

fn proxy_target(token: &Word) -> Result<Option<ProxyTarget>, ReadError> {
    let Some(rest) = token.text.strip_prefix("http://") else {
        return Ok(None);
    };
    let authority = rest.split('/').next().unwrap_or_default();
    if rest.len() > authority.len() + 1 {
        // A path after the host changes what is sent upstream: not a plain proxy.
        return Ok(None);
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(vocabulary::read::port(token.line, token.col, p)?)),
        None => (authority, None),
    };
    let host = match host.parse::<Ipv4Addr>() {
        Ok(a) => ProxyHost::Address(a),
        Err(_) => ProxyHost::Name(
            ServerName::new(host)
                .ok()
                .filter(|n| !n.is_wildcard() && n.as_str() != "_")
                .ok_or_else(|| {
                    token.error(format!(
                        "proxy_pass host {host:?} is not an address or a name"
                    ))
                })?,
        ),
    };
    Ok(Some(ProxyTarget { host, port }))
}

fn location(directive: &Statement) -> Result<LocationRead, ReadError> {
    let key = directive.keyword();
    let prefix = match directive.words() {
        [_, p] => LocationPrefix::new(&p.text).map_err(|e| p.error(e.to_string()))?,
        _ => return Err(key.error("a location with a modifier or no prefix")),
    };
    let mut read = LocationRead {
        prefix,
        proxy_pass: None,
        others: Vec::new(),
    };
    for d in directive.block().unwrap_or_default() {
        let name = d.keyword();
        match (name.text.as_str(), d.words(), d.block()) {
            ("proxy_pass", [_, url], None) => match proxy_target(url)? {
                Some(target) => read.proxy_pass = Some(name.at(target)),
                None => read.others.push(name.at("proxy_pass".to_owned())),
            },
            _ => read.others.push(name.at(name.text.clone())),
        }
    }
    Ok(read)
}

fn server(directive: &Statement) -> Result<ServerRead, ReadError> {
    let mut read = ServerRead::default();
    for d in directive.block().unwrap_or_default() {
        let name = d.keyword();
        match (name.text.as_str(), d.block()) {
            ("listen", None) => {
                let value: Vec<&str> = d.words()[1..].iter().map(|t| t.text.as_str()).collect();
                read.listen.push(name.at(value.join(" ")));
            }
            ("server_name", None) => {
                for word in &d.words()[1..] {
                    let n = ServerName::new(&word.text).map_err(|e| word.error(e.to_string()))?;
                    read.server_names.push(word.at(n));
                }
            }
            ("location", Some(_)) => read.locations.push(name.at(location(d)?)),
            _ => read.others.push(name.at(name.text.clone())),
        }
    }
    Ok(read)
}

/// Reads a file of server blocks.
pub fn read_site(text: &str) -> Result<SiteRead, ReadError> {
    let list = SYNTAX.read(text)?;
    let mut read = SiteRead::default();
    for d in &list {
        let name = d.keyword();
        match (name.text.as_str(), d.block()) {
            ("server", Some(_)) => read.servers.push(name.at(server(d)?)),
            _ => read.others.push(name.at(name.text.clone())),
        }
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_block_reads() {
        let text = "server {\n listen 80;\n server_name skaro.dachary.org;\n access_log  /var/log/nginx/x.log;\n\n location / {\n  proxy_pass   http://skaro.xivo.vm.farm;\n }\n}\n";
        let read = read_site(text).unwrap();
        let server = &read.servers[0].value;
        assert_eq!(server.server_names[0].value.as_str(), "skaro.dachary.org");
        assert_eq!(server.listen[0].value, "80");
        let location = &server.locations[0].value;
        let proxy = location.proxy_pass.as_ref().unwrap();
        assert_eq!(proxy.line, 7);
        assert_eq!(proxy.col, 3);
        let name = &server.server_names[0];
        assert_eq!((name.line, name.col), (3, 14));
        assert_eq!(
            proxy.value.host,
            ProxyHost::Name(ServerName::new("skaro.xivo.vm.farm").unwrap())
        );
        assert_eq!(server.others[0].value, "access_log");
        let read = read_site("server { location / { proxy_pass http://10.0.0.2:8080; } }").unwrap();
        let proxy = read.servers[0].value.locations[0]
            .value
            .proxy_pass
            .clone()
            .unwrap()
            .value;
        assert_eq!(
            (proxy.host, proxy.port),
            (ProxyHost::Address(Ipv4Addr::new(10, 0, 0, 2)), Some(8080))
        );
    }

    #[test]
    fn errors_are_placed() {
        let e = read_site("server {\n server_name \"a;b\";\n}\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 14));
        let e = read_site("server {\n server_name \"a b\";\n}\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 14));
        let e = read_site("server {\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 8));
    }
}
