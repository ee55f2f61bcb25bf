//! A lenient reader of an /etc/network/interfaces written by hand: `auto` lines, `iface` stanzas with
//! their address (as `address A/LEN` or `address A` and `netmask M`), gateway, bridge options, and their
//! `up`/`down` lines, whose `ip route add`, `ip route add blackhole` and `ip addr add` commands are typed;
//! `inet6` stanzas with their address (`address A/LEN`, or `address A` and `netmask LEN`) and gateway.
//! This crate's [`Iface`](crate::Iface) is for writing; the reader gives an "as read" form whose values are
//! all checked ([`InterfaceName`], [`IpCommand`]'s own rules). A syntax error or a refused value is a
//! [`ReadError`] at its line and column; what is not understood is given back by keyword and place.

use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use vocabulary::read::{parse, words};

use crate::{InterfaceName, IpCommand};

pub use vocabulary::ReadError;
pub use vocabulary::read::At;

/// An `ip` command of an `up` or `down` line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IpRead {
    /// `ip route add PREFIX dev IF` (a bare address is its /32).
    RouteDev {
        /// The prefix.
        prefix: Ipv4Net,
        /// The interface.
        dev: InterfaceName,
    },
    /// `ip route add blackhole PREFIX`.
    Blackhole {
        /// The prefix.
        prefix: Ipv4Net,
    },
    /// `ip addr add ADDRESS/LEN [broadcast B] dev IF`.
    Addr {
        /// The address and its prefix length.
        address: Ipv4Net,
        /// The interface.
        dev: InterfaceName,
    },
}

/// A hook line: `up`, `down`, `pre-up`, `post-up`, `pre-down` or `post-down`, and its command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookRead {
    /// The phase, as written (`up`, `post-down`, ...).
    pub phase: String,
    /// The command, typed when it is one of [`IpRead`]'s; else none (the caller notes it).
    pub command: Option<IpRead>,
    /// The command as written.
    pub text: String,
}

/// An `iface` stanza as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfaceRead {
    /// The interface.
    pub name: InterfaceName,
    /// The method (`static`, `loopback`, `dhcp`, `manual`).
    pub method: String,
    /// `address` (with `netmask` if given apart; a bare address is a /32).
    pub address: Option<At<Ipv4Net>>,
    /// `gateway`.
    pub gateway: Option<At<Ipv4Addr>>,
    /// `bridge_ports`: `none` is an empty list.
    pub bridge_ports: Option<At<Vec<InterfaceName>>>,
    /// `bridge_stp`.
    pub bridge_stp: Option<At<bool>>,
    /// `bridge_maxwait`.
    pub bridge_maxwait: Option<At<u32>>,
    /// The hook lines, in order.
    pub hooks: Vec<At<HookRead>>,
    /// The keyword of every other option, by line.
    pub others: Vec<At<String>>,
}

/// An `iface NAME inet6 METHOD` stanza as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iface6Read {
    /// The interface.
    pub name: InterfaceName,
    /// The method (`static`, `auto`, `dhcp`, `manual`...).
    pub method: String,
    /// `address`, with its prefix length (`A/LEN`, or `netmask LEN` apart).
    pub address: Option<At<Ipv6Net>>,
    /// `gateway`.
    pub gateway: Option<At<Ipv6Addr>>,
    /// The keyword of every other option, by line.
    pub others: Vec<At<String>>,
}

/// An interfaces file as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterfacesRead {
    /// The `iface ... inet` stanzas.
    pub ifaces: Vec<At<IfaceRead>>,
    /// The `iface ... inet6` stanzas.
    pub ifaces6: Vec<At<Iface6Read>>,
    /// The interfaces of `auto` and `allow-hotplug` lines.
    pub auto: Vec<At<InterfaceName>>,
    /// The keyword of every other line outside a stanza (`source`, `mapping`, a stanza of another family),
    /// by line.
    pub others: Vec<At<String>>,
}

fn interface(n: usize, (col, text): (usize, &str)) -> Result<InterfaceName, ReadError> {
    InterfaceName::new(text).map_err(|e| ReadError::new(n, col, e.to_string()))
}

/// An address with its prefix length (`A/LEN`), or a bare address as its host prefix (IPv4 or IPv6).
fn prefix<N, A>(n: usize, word: (usize, &str)) -> Result<N, ReadError>
where
    N: std::str::FromStr + From<A>,
    N::Err: std::fmt::Display,
    A: std::str::FromStr,
    A::Err: std::fmt::Display,
{
    if word.1.contains('/') {
        parse(n, word.0, word.1, "prefix")
    } else {
        parse::<A>(n, word.0, word.1, "address").map(N::from)
    }
}

/// The one value of the option `w[0]`.
fn one<'a>(n: usize, w: &[(usize, &'a str)]) -> Result<(usize, &'a str), ReadError> {
    match w {
        [_, v] => Ok(*v),
        _ => Err(ReadError::new(
            n,
            w[0].0,
            format!("{} takes one value", w[0].1),
        )),
    }
}

/// The `ip` command of a hook line, typed when this crate knows it; checked by [`IpCommand`]'s rules.
fn ip(n: usize, w: &[(usize, &str)]) -> Result<Option<IpRead>, ReadError> {
    let texts: Vec<&str> = w.iter().map(|(_, t)| *t).collect();
    let checked = |r: Result<IpCommand, crate::Error>, col| {
        r.map_err(|e| ReadError::new(n, col, e.to_string()))
    };
    Ok(Some(match texts.as_slice() {
        ["ip", "route", "add", "blackhole", _] => {
            let prefix = prefix::<Ipv4Net, Ipv4Addr>(n, w[4])?;
            checked(IpCommand::blackhole(prefix.into()), w[4].0)?;
            IpRead::Blackhole { prefix }
        }
        ["ip", "route", "add", _, "dev", _] => {
            let (prefix, dev) = (prefix::<Ipv4Net, Ipv4Addr>(n, w[3])?, interface(n, w[5])?);
            checked(
                IpCommand::route_dev(IpNet::from(prefix), dev.clone()),
                w[3].0,
            )?;
            IpRead::RouteDev { prefix, dev }
        }
        ["ip", "addr", "add", _, "dev", _] | ["ip", "addr", "add", _, "broadcast", _, "dev", _] => {
            let address = parse(n, w[3].0, w[3].1, "address")?;
            IpRead::Addr {
                address,
                dev: interface(n, w[w.len() - 1])?,
            }
        }
        _ => return Ok(None),
    }))
}

fn option(
    n: usize,
    w: &[(usize, &str)],
    iface: &mut IfaceRead,
    netmask: &mut Option<(usize, Ipv4Addr)>,
) -> Result<(), ReadError> {
    let (col, key) = w[0];
    let one = || one(n, w);
    match key {
        "address" => {
            let word = one()?;
            iface.address = Some(At::new(n, col, prefix::<Ipv4Net, Ipv4Addr>(n, word)?));
        }
        "netmask" => {
            let word = one()?;
            *netmask = Some((n, parse(n, word.0, word.1, "netmask")?));
        }
        "gateway" => {
            let word = one()?;
            iface.gateway = Some(At::new(n, col, parse(n, word.0, word.1, "gateway")?));
        }
        "bridge_ports" | "bridge-ports" => {
            let ports = match w {
                [_, (_, "none")] => Vec::new(),
                _ => w[1..]
                    .iter()
                    .map(|&word| interface(n, word))
                    .collect::<Result<_, _>>()?,
            };
            iface.bridge_ports = Some(At::new(n, col, ports));
        }
        "bridge_stp" | "bridge-stp" => {
            let word = one()?;
            let value = match word.1 {
                "on" | "yes" => true,
                "off" | "no" => false,
                other => {
                    return Err(ReadError::new(
                        n,
                        word.0,
                        format!("bridge_stp {other:?}: on or off"),
                    ));
                }
            };
            iface.bridge_stp = Some(At::new(n, col, value));
        }
        "bridge_maxwait" | "bridge-maxwait" => {
            let word = one()?;
            let value = parse(n, word.0, word.1, "bridge_maxwait")?;
            iface.bridge_maxwait = Some(At::new(n, col, value));
        }
        "up" | "down" | "pre-up" | "post-up" | "pre-down" | "post-down" => {
            if w.len() < 2 {
                return Err(ReadError::new(n, col, format!("{key} with no command")));
            };
            let text: Vec<&str> = w[1..].iter().map(|(_, t)| *t).collect();
            let hook = HookRead {
                phase: key.to_owned(),
                command: ip(n, &w[1..])?,
                text: text.join(" "),
            };
            iface.hooks.push(At::new(n, col, hook));
        }
        _ => iface.others.push(At::new(n, col, key.to_owned())),
    }
    Ok(())
}

/// An option of an `inet6` stanza.
fn option6(
    n: usize,
    w: &[(usize, &str)],
    iface: &mut Iface6Read,
    netmask: &mut Option<(usize, u8)>,
) -> Result<(), ReadError> {
    let (col, key) = w[0];
    let one = || one(n, w);
    match key {
        "address" => {
            let value = prefix::<Ipv6Net, Ipv6Addr>(n, one()?)?;
            iface.address = Some(At::new(n, col, value));
        }
        "netmask" => {
            let word = one()?;
            *netmask = Some((n, parse(n, word.0, word.1, "prefix length")?));
        }
        "gateway" => {
            let word = one()?;
            iface.gateway = Some(At::new(n, col, parse(n, word.0, word.1, "gateway")?));
        }
        _ => iface.others.push(At::new(n, col, key.to_owned())),
    }
    Ok(())
}

/// A stanza being read: what it has so far at its place, and its `netmask` line and value.
enum Open {
    /// `inet`.
    Inet(At<IfaceRead>, Option<(usize, Ipv4Addr)>),
    /// `inet6` (its netmask a prefix length).
    Inet6(At<Iface6Read>, Option<(usize, u8)>),
}

fn finish(iface: Option<Open>, read: &mut InterfacesRead) -> Result<(), ReadError> {
    let (mut stanza, netmask) = match iface {
        None => return Ok(()),
        Some(Open::Inet(stanza, netmask)) => (stanza, netmask),
        Some(Open::Inet6(mut stanza, netmask)) => {
            if let Some((n, len)) = netmask {
                let Some(address) = &mut stanza.value.address else {
                    return Err(ReadError::new(n, 1, "netmask without address"));
                };
                address.value = Ipv6Net::new(address.value.addr(), len)
                    .map_err(|e| ReadError::new(n, 1, e.to_string()))?;
            }
            read.ifaces6.push(stanza);
            return Ok(());
        }
    };
    if let Some((n, mask)) = netmask {
        let Some(address) = &mut stanza.value.address else {
            return Err(ReadError::new(n, 1, "netmask without address"));
        };
        let len = ipnet::ipv4_mask_to_prefix(mask)
            .map_err(|_| ReadError::new(n, 1, format!("{mask} is not a netmask")))?;
        address.value = Ipv4Net::new(address.value.addr(), len)
            .map_err(|e| ReadError::new(n, 1, e.to_string()))?;
    }
    read.ifaces.push(stanza);
    Ok(())
}

/// Reads an interfaces file.
pub fn read_interfaces(text: &str) -> Result<InterfacesRead, ReadError> {
    let mut read = InterfacesRead::default();
    let mut current: Option<Open> = None;
    let mut skipping = false;
    let mut logical = String::new();
    let mut start = 0;
    for (i, raw) in text.lines().enumerate() {
        if logical.is_empty() {
            start = i + 1;
        }
        if let Some(body) = raw.strip_suffix('\\') {
            logical.push_str(body);
            logical.push(' ');
            continue;
        }
        logical.push_str(raw);
        let line = std::mem::take(&mut logical);
        let n = start;
        if line.trim_start().starts_with('#') {
            continue;
        }
        let w = words(&line);
        let Some(&(col, key)) = w.first() else {
            continue;
        };
        if let Some(bad) = line.find(['"', '\'', ';']) {
            if !key.starts_with("up")
                && !key.starts_with("down")
                && !key.starts_with("pre")
                && !key.starts_with("post")
            {
                return Err(ReadError::new(
                    n,
                    line[..bad].chars().count() + 1,
                    format!("{:?} in an interfaces line", &line[bad..=bad]),
                ));
            }
        }
        match key {
            "auto" | "allow-hotplug" | "allow-auto" => {
                finish(current.take(), &mut read)?;
                skipping = false;
                for &word in &w[1..] {
                    read.auto.push(At::new(n, word.0, interface(n, word)?));
                }
            }
            "iface" => {
                finish(current.take(), &mut read)?;
                let [_, name, family, method, ..] = w.as_slice() else {
                    return Err(ReadError::new(n, col, "iface NAME FAMILY METHOD"));
                };
                skipping = !matches!(family.1, "inet" | "inet6");
                if skipping {
                    read.others
                        .push(At::new(n, col, format!("iface {}", family.1)));
                    continue;
                }
                if family.1 == "inet6" {
                    let iface = Iface6Read {
                        name: interface(n, *name)?,
                        method: method.1.to_owned(),
                        address: None,
                        gateway: None,
                        others: Vec::new(),
                    };
                    current = Some(Open::Inet6(At::new(n, col, iface), None));
                    continue;
                }
                let iface = IfaceRead {
                    name: interface(n, *name)?,
                    method: method.1.to_owned(),
                    address: None,
                    gateway: None,
                    bridge_ports: None,
                    bridge_stp: None,
                    bridge_maxwait: None,
                    hooks: Vec::new(),
                    others: Vec::new(),
                };
                current = Some(Open::Inet(At::new(n, col, iface), None));
            }
            "mapping" | "source" | "source-directory" | "rename" => {
                finish(current.take(), &mut read)?;
                skipping = key == "mapping";
                read.others.push(At::new(n, col, key.to_owned()));
            }
            _ => match &mut current {
                Some(Open::Inet(stanza, netmask)) => option(n, &w, &mut stanza.value, netmask)?,
                Some(Open::Inet6(stanza, netmask)) => option6(n, &w, &mut stanza.value, netmask)?,
                None if skipping => {}
                None => {
                    return Err(ReadError::new(
                        n,
                        col,
                        format!("option {key:?} outside any iface stanza"),
                    ));
                }
            },
        }
    }
    finish(current.take(), &mut read)?;
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stanzas_read_with_their_hooks() {
        let text = "auto lo:1\niface lo:1 inet static\n\taddress 10.10.0.10\n\tnetmask 255.255.255.255\n\tup ip route add blackhole 10.0.0.0/8\n\nauto br0\niface br0 inet static\n address 10.10.0.254/32\n bridge_ports none\n bridge_stp off\n bridge_maxwait 5\n up ip route add 10.10.0.254 dev br0\n up ip addr add 10.10.59.10/32 broadcast 10.10.59.255 dev eth0\n up echo hi\n";
        let read = read_interfaces(text).unwrap();
        assert_eq!(read.auto.len(), 2);
        let lo = &read.ifaces[0];
        assert_eq!(
            lo.value.address.as_ref().unwrap().value.to_string(),
            "10.10.0.10/32"
        );
        assert_eq!(
            lo.value.hooks[0].value.command,
            Some(IpRead::Blackhole {
                prefix: "10.0.0.0/8".parse().unwrap()
            })
        );
        let br = &read.ifaces[1].value;
        assert_eq!(br.bridge_ports.as_ref().unwrap().value, vec![]);
        assert_eq!(br.bridge_maxwait.as_ref().unwrap().value, 5);
        assert_eq!(br.hooks[0].line, 13);
        // Each value at its keyword's column, an `auto` interface at its own.
        assert_eq!((br.hooks[0].line, br.hooks[0].col), (13, 2));
        let address = lo.value.address.as_ref().unwrap();
        assert_eq!((address.line, address.col), (3, 2));
        assert_eq!((read.ifaces[1].line, read.ifaces[1].col), (8, 1));
        assert_eq!((read.auto[0].line, read.auto[0].col), (1, 6));
        assert!(matches!(
            br.hooks[1].value.command,
            Some(IpRead::Addr { .. })
        ));
        assert_eq!(br.hooks[2].value.command, None);
    }

    #[test]
    fn inet6_stanzas_read_with_their_address_and_gateway() {
        let text = "iface eth0 inet static\n address 192.0.2.10/24\niface eth0 inet6 static\n address 2001:db8::10/64\n gateway fe80::1\n accept_ra 0\niface br0 inet6 static\n address 2001:db8:1:2::1\n netmask 64\niface wlan0 ipx static\n";
        let read = read_interfaces(text).unwrap();
        assert_eq!(read.ifaces.len(), 1);
        let eth0 = &read.ifaces6[0];
        assert_eq!((eth0.line, eth0.value.name.as_str()), (3, "eth0"));
        assert_eq!(
            eth0.value.address.as_ref().unwrap().value.to_string(),
            "2001:db8::10/64"
        );
        let gateway = eth0.value.gateway.as_ref().unwrap();
        assert_eq!(
            (gateway.line, gateway.value.to_string()),
            (5, "fe80::1".into())
        );
        assert_eq!(eth0.value.others[0].value, "accept_ra");
        let br0 = &read.ifaces6[1].value;
        assert_eq!(
            br0.address.as_ref().unwrap().value.to_string(),
            "2001:db8:1:2::1/64"
        );
        assert_eq!(read.others[0].value, "iface ipx");
        let e = read_interfaces("iface br0 inet6 static\n address 2001:db8::1/129\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 10));
        let e = read_interfaces("iface br0 inet6 static\n netmask 64\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn errors_are_placed() {
        let e = read_interfaces("iface br0 inet static\n address 10.0.0.300\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 10));
        let e = read_interfaces("iface br0 inet static\n up ip route add 10.0.0.1/8 dev br0\n")
            .unwrap_err();
        assert_eq!(e.line, 2);
        let e = read_interfaces(" address 10.0.0.3\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 2));
        let e = read_interfaces("iface br;0 inet static\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 9));
    }
}
