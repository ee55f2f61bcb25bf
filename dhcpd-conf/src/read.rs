//! A lenient reader of a dhcpd.conf written by hand: host blocks (hardware ethernet, fixed-address by
//! address or by name, options), subnet declarations and options wherever they are (globally, in a
//! group, in a subnet). Every value goes through this crate's checked types; a syntax error or a refused
//! value is a [`ReadError`] at its line and column. Statements it does not type (`authoritative`,
//! `range`, `option ntp-servers` of a name, ...) are given back by keyword and place.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use macaddr::MacAddr6;

use crate::{DhcpOption, FixedAddress, Host, Name};

pub use vocabulary::ReadError;
pub use vocabulary::read::At;
use vocabulary::read::{Statement, Syntax, Word};

/// A host block as read, with the lines of its MAC and fixed address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostRead {
    /// The host, checked.
    pub host: Host,
    /// The line of `hardware ethernet`.
    pub mac_line: usize,
    /// The line of `fixed-address`.
    pub fixed_address_line: Option<usize>,
}

/// A dhcpd.conf as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DhcpdRead {
    /// The host blocks, wherever they are.
    pub hosts: Vec<At<HostRead>>,
    /// The subnet declarations.
    pub subnets: Vec<At<Ipv4Net>>,
    /// The options outside host blocks.
    pub options: Vec<At<DhcpOption>>,
    /// The keyword of every other statement (an untyped option is `option NAME`), by place.
    pub others: Vec<At<String>>,
}

/// dhcpd.conf's syntax: `#` comments (even inside a word), `"` quotes.
const SYNTAX: Syntax = Syntax::new("declaration").comments_end_words();

/// The addresses of a comma-separated list (`10.0.0.1, 10.0.0.2` in one or several words).
fn addresses(words: &[Word]) -> Result<Vec<Ipv4Addr>, ReadError> {
    let mut list = Vec::new();
    for word in words {
        for part in word.text.split(',').filter(|p| !p.is_empty()) {
            let part = Word {
                text: part.to_owned(),
                ..word.clone()
            };
            list.push(part.parse("IPv4 address")?);
        }
    }
    Ok(list)
}

/// An option this crate types, or `None`.
fn option(words: &[Word]) -> Result<Option<DhcpOption>, ReadError> {
    let [key, values @ ..] = words else {
        return Ok(None);
    };
    let one = || match values {
        [one] => Ok(one),
        _ => Err(key.error(format!("option {} takes one value", key.text))),
    };
    let option = match key.text.as_str() {
        "domain-name" => DhcpOption::DomainName(one()?.parse("domain name")?),
        "domain-name-servers" => DhcpOption::DomainNameServers(addresses(values)?),
        "routers" => DhcpOption::Routers(addresses(values)?),
        "ntp-servers" => DhcpOption::NtpServers(addresses(values)?),
        "subnet-mask" => DhcpOption::SubnetMask(one()?.parse("subnet mask")?),
        "broadcast-address" => DhcpOption::BroadcastAddress(one()?.parse("address")?),
        _ => return Ok(None),
    };
    Ok(Some(option))
}

fn host(statement: &Statement, name: &Word) -> Result<HostRead, ReadError> {
    let key = statement.keyword();
    let name: Name = name.parse("host name")?;
    let mut mac: Option<(MacAddr6, usize)> = None;
    let mut fixed = None;
    let mut options = Vec::new();
    for item in statement.block().unwrap_or_default() {
        let first = item.keyword();
        match item.words() {
            [h, e, m] if h.text == "hardware" && e.text == "ethernet" => {
                mac = Some((m.parse("MAC")?, h.line));
            }
            [f, value] if f.text == "fixed-address" => {
                let address = match value.text.parse::<Ipv4Addr>() {
                    Ok(a) => FixedAddress::Address(a),
                    Err(_) => FixedAddress::Name(value.parse("fixed address")?),
                };
                fixed = Some((address, f.line));
            }
            [o, rest @ ..] if o.text == "option" => match option(rest)? {
                Some(option) => options.push(option),
                None => {
                    return Err(first.error("an option this reader does not know, in a host"));
                }
            },
            _ => return Err(first.error(format!("{:?} in a host block", first.text))),
        }
    }
    let Some((mac, mac_line)) = mac else {
        return Err(key.error("a host without `hardware ethernet`"));
    };
    let fixed_address_line = fixed.as_ref().map(|(_, line)| *line);
    let host = Host::new(name, mac, fixed.map(|(a, _)| a), options)
        .map_err(|e| key.error(e.to_string()))?;
    Ok(HostRead {
        host,
        mac_line,
        fixed_address_line,
    })
}

fn interpret(list: &[Statement], read: &mut DhcpdRead) -> Result<(), ReadError> {
    for statement in list {
        let key = statement.keyword();
        match (statement.words(), statement.block()) {
            ([_, name], Some(_)) if key.text == "host" => {
                read.hosts.push(key.at(host(statement, name)?))
            }
            ([_, address, netmask, mask_token], Some(block))
                if key.text == "subnet" && netmask.text == "netmask" =>
            {
                let address: Ipv4Addr = address.parse("subnet address")?;
                let mask: Ipv4Addr = mask_token.parse("netmask")?;
                let net = ipnet::ipv4_mask_to_prefix(mask)
                    .ok()
                    .and_then(|len| Ipv4Net::new(address, len).ok())
                    .ok_or_else(|| mask_token.error(format!("{mask} is not a netmask")))?;
                if net.trunc() != net {
                    return Err(key.error(format!(
                        "subnet {address} has host bits outside netmask {mask}"
                    )));
                }
                read.subnets.push(key.at(net));
                interpret(block, read)?;
            }
            (_, Some(block)) => {
                if key.text != "group" {
                    read.others.push(key.at(key.text.clone()));
                }
                interpret(block, read)?;
            }
            ([_, rest @ ..], None) if key.text == "option" => match option(rest)? {
                Some(option) => read.options.push(key.at(option)),
                None => read.others.push(key.at(format!(
                    "option {}",
                    rest.first().map_or("", |t| t.text.as_str())
                ))),
            },
            _ => read.others.push(key.at(key.text.clone())),
        }
    }
    Ok(())
}

/// Reads a dhcpd.conf.
pub fn read_dhcpd_conf(text: &str) -> Result<DhcpdRead, ReadError> {
    let list = SYNTAX.read(text)?;
    let mut read = DhcpdRead::default();
    interpret(&list, &mut read)?;
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_subnets_and_options_read_with_their_places() {
        let text = "authoritative;\ngroup {\n  option domain-name \"farm\";\n  option routers 10.10.0.254;\n  subnet 10.10.0.0 netmask 255.255.0.0 {\n    host dev.dachary.vm.farm {\n        hardware ethernet 52:54:bf:3d:d4:ef;\n        fixed-address dev.dachary.vm.farm;\n        option subnet-mask 255.255.255.255;\n    }\n  }\n}\n";
        let read = read_dhcpd_conf(text).unwrap();
        assert_eq!(read.subnets[0].value.to_string(), "10.10.0.0/16");
        assert_eq!(read.options.len(), 2);
        let host = &read.hosts[0];
        assert_eq!(
            (
                host.line,
                host.value.mac_line,
                host.value.fixed_address_line
            ),
            (6, 7, Some(8))
        );
        assert_eq!(
            host.value.host.fixed_address(),
            Some(&FixedAddress::Name("dev.dachary.vm.farm".parse().unwrap()))
        );
        assert_eq!(read.others[0].value, "authoritative");
    }

    #[test]
    fn errors_are_placed() {
        let e = read_dhcpd_conf("host a {\n hardware ethernet 52:54:00:00:00:01\n}\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 1));
        let e =
            read_dhcpd_conf("host a {\n hardware ethernet 01:54:00:00:00:01;\n}\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 1));
        let e = read_dhcpd_conf("host a\"b {\n}\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = read_dhcpd_conf("group {\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 7));
    }
}
