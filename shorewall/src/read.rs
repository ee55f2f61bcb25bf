//! Lenient readers of Shorewall files written by hand: `params` (`NAME=VALUE`, the value optionally
//! quoted) and the columns of `rules`, with each DNAT typed. Every value goes through this crate's checked
//! types ([`ParamName`], [`ParamValue`], [`ZoneName`], [`Host`]); a syntax error or a refused value is a
//! [`ReadError`] at its line and column. Every other rule and directive is given back as written, by
//! line, for the caller to report or to match.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::{Host, ParamName, ParamValue, Proto, ZoneName};

pub use vocabulary::ReadError;
pub use vocabulary::read::At;

/// A `params` file as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParamsRead {
    /// The assignments, in order.
    pub params: Vec<At<(ParamName, ParamValue)>>,
    /// Every other line (`INCLUDE`, shell), as written.
    pub others: Vec<At<String>>,
}

/// A DNAT rule: `DNAT SOURCE ZONE:HOST[:PORT] PROTO DPORT [SPORT [ORIGDEST]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dnat {
    /// The source zone.
    pub source: ZoneName,
    /// The destination zone.
    pub zone: ZoneName,
    /// The destination host.
    pub host: Host,
    /// The destination port; none for the same as `dport`.
    pub port: Option<u16>,
    /// The protocol.
    pub proto: Proto,
    /// The destination port as it arrives.
    pub dport: u16,
    /// The original destination (the public address), if given.
    pub origdest: Option<Host>,
}

/// A `rules` file as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulesRead {
    /// The DNAT rules of one port.
    pub dnat: Vec<At<Dnat>>,
    /// Every other rule and directive, its columns joined by one space.
    pub others: Vec<At<String>>,
}

/// The words of a line before its `#` comment, with their columns.
fn words(line: &str) -> Vec<(usize, &str)> {
    vocabulary::read::words(line.split('#').next().unwrap_or_default())
}

/// The words of a line joined by one space.
fn joined(words: &[(usize, &str)]) -> String {
    words.iter().map(|(_, t)| *t).collect::<Vec<_>>().join(" ")
}

/// Reads a `params` file.
pub fn read_params(text: &str) -> Result<ParamsRead, ReadError> {
    let mut read = ParamsRead::default();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let w = words(line);
        let Some(&(col, first)) = w.first() else {
            continue;
        };
        let assignment = w.len() == 1 && first.contains('=') && !first.starts_with('?');
        if !assignment {
            read.others.push(At::new(n, col, joined(&w)));
            continue;
        }
        let (name, value) = first.split_once('=').unwrap_or((first, ""));
        let name = ParamName::new(name).map_err(|e| ReadError::new(n, col, e.to_string()))?;
        let unquoted = ['"', '\'']
            .iter()
            .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
            .unwrap_or(value);
        let value_col = col + name.to_string().len() + 1;
        let value =
            ParamValue::new(unquoted).map_err(|e| ReadError::new(n, value_col, e.to_string()))?;
        read.params.push(At::new(n, col, (name, value)));
    }
    Ok(read)
}

fn host(n: usize, col: usize, text: &str) -> Result<Host, ReadError> {
    let refused = |e: String| ReadError::new(n, col, format!("host {text:?}: {e}"));
    if let Some(param) = text.strip_prefix('$') {
        return ParamName::new(param)
            .map(Host::Param)
            .map_err(|e| refused(e.to_string()));
    }
    if text.contains('/') {
        return text
            .parse::<Ipv4Net>()
            .map(Host::Network)
            .map_err(|e| refused(e.to_string()));
    }
    text.parse::<Ipv4Addr>()
        .map(Host::Address)
        .map_err(|e| refused(e.to_string()))
}

fn dnat(n: usize, w: &[(usize, &str)]) -> Result<Option<Dnat>, ReadError> {
    let zone = |(col, text): (usize, &str)| {
        ZoneName::new(text).map_err(|e| ReadError::new(n, col, e.to_string()))
    };
    let port = |(col, text): (usize, &str)| vocabulary::read::port(n, col, text);
    let (source, dest, proto, dport) = match w {
        [_, s, d, p, dp] | [_, s, d, p, dp, ..] => (*s, *d, *p, *dp),
        _ => return Ok(None),
    };
    let proto = match proto.1 {
        "tcp" | "TCP" | "6" => Proto::Tcp,
        "udp" | "UDP" | "17" => Proto::Udp,
        _ => return Ok(None),
    };
    if dport.1.contains([',', ':']) || source.1.contains(':') {
        return Ok(None);
    }
    let parts: Vec<&str> = dest.1.split(':').collect();
    let (zone_text, host_text, to) = match parts.as_slice() {
        [z, h] => (*z, *h, None),
        [z, h, p] => (*z, *h, Some(*p)),
        _ => return Ok(None),
    };
    if host_text.contains(',') {
        return Ok(None);
    }
    let sport_dash = w.get(5).is_none_or(|(_, s)| *s == "-");
    if !sport_dash || w.len() > 7 {
        return Ok(None);
    }
    let origdest = match w.get(6) {
        Some(&(col, text)) if text != "-" => Some(host(n, col, text)?),
        _ => None,
    };
    let host_col = dest.0 + zone_text.len() + 1;
    Ok(Some(Dnat {
        source: zone(source)?,
        zone: zone((dest.0, zone_text))?,
        host: host(n, host_col, host_text)?,
        port: match to {
            Some(p) => Some(port((host_col + host_text.len() + 1, p))?),
            None => None,
        },
        proto,
        dport: port(dport)?,
        origdest,
    }))
}

/// Reads a `rules` file.
pub fn read_rules(text: &str) -> Result<RulesRead, ReadError> {
    let mut read = RulesRead::default();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let w = words(line);
        let Some(&(col, action)) = w.first() else {
            continue;
        };
        if let Some(bad) = line
            .split('#')
            .next()
            .unwrap_or_default()
            .find(['"', '\'', ';'])
        {
            return Err(ReadError::new(
                n,
                line[..bad].chars().count() + 1,
                format!("{:?} in a rule", &line[bad..=bad]),
            ));
        }
        if action == "DNAT"
            && let Some(rule) = dnat(n, &w)?
        {
            read.dnat.push(At::new(n, col, rule));
            continue;
        }
        read.others.push(At::new(n, col, joined(&w)));
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_and_rules_read() {
        let params = read_params("# p\nIP_FAILOVER=192.0.2.10\nVM_A=\"10.0.0.1\" # a\n").unwrap();
        assert_eq!(params.params.len(), 2);
        assert_eq!(params.params[1].line, 3);
        assert_eq!(params.params[1].value.1.to_string(), "10.0.0.1");
        let rules = read_rules(
            "?SECTION NEW\nDNAT net loc:$VM_SKARO_XIVO:22 tcp 22002 - $IP_FAILOVER\nACCEPT net $FW tcp 80\n",
        )
        .unwrap();
        let dnat = &rules.dnat[0];
        assert_eq!(dnat.line, 2);
        assert_eq!(dnat.value.port, Some(22));
        assert_eq!(dnat.value.dport, 22002);
        assert_eq!(
            dnat.value.origdest,
            Some(Host::Param(ParamName::new("IP_FAILOVER").unwrap()))
        );
        assert_eq!(rules.others.len(), 2);
        assert_eq!(rules.others[1].value, "ACCEPT net $FW tcp 80");
        let indented = read_rules("\n  DNAT net loc:10.0.0.1 tcp 22\n").unwrap();
        assert_eq!((indented.dnat[0].line, indented.dnat[0].col), (2, 3));
    }

    #[test]
    fn errors_are_placed() {
        let e = read_params("A=1.2.3.4;reboot\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 3));
        let e = read_rules("DNAT net loc:$VM:99999 tcp 22\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 18));
        let e = read_rules("DNAT net loc:10.0.0.1 tcp 22 - \"x\"\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 32));
    }
}
