//! The whole file: global parameters, subnets, groups and hosts, checked together.

use foldhash::{HashMap, HashMapExt as _};
use std::fmt;
use std::net::Ipv4Addr;

use crate::host::Mac;
use crate::{Comment, DhcpOption, Error, FixedAddress, Host, Subnet};

/// `ddns-update-style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DdnsUpdateStyle {
    /// No dynamic DNS updates.
    None,
    /// The interim scheme.
    Interim,
    /// The standard scheme (RFC 4701).
    Standard,
}

/// `log-facility`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LogFacility {
    /// `daemon`.
    Daemon,
    /// `local0` to `local7`: the number is 0 to 7.
    Local(LocalFacility),
}

/// The number of a `localN` syslog facility, 0 to 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LocalFacility(u8);

impl LocalFacility {
    /// `local{n}`, if `n` is 0 to 7.
    pub fn new(n: u8) -> Option<LocalFacility> {
        (n <= 7).then_some(LocalFacility(n))
    }
}

impl fmt::Display for LogFacility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogFacility::Daemon => f.write_str("daemon"),
            LogFacility::Local(n) => write!(f, "local{}", n.0),
        }
    }
}

impl fmt::Display for DdnsUpdateStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DdnsUpdateStyle::None => "none",
            DdnsUpdateStyle::Interim => "interim",
            DdnsUpdateStyle::Standard => "standard",
        })
    }
}

/// The global parameters and options, written at the top of the file. Unset ones are not written, and
/// dhcpd's defaults apply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Globals {
    /// Comment lines at the top of the file.
    pub comments: Vec<Comment>,
    /// `authoritative;`: the server is the network's only DHCP server and NAKs wrong requests.
    pub authoritative: bool,
    /// `default-lease-time`, in seconds.
    pub default_lease_time: Option<u32>,
    /// `max-lease-time`, in seconds.
    pub max_lease_time: Option<u32>,
    /// `ddns-update-style`.
    pub ddns_update_style: Option<DdnsUpdateStyle>,
    /// `log-facility`.
    pub log_facility: Option<LogFacility>,
    /// Global options.
    pub options: Vec<DhcpOption>,
}

/// A `group { ... }`: options shared by the declarations inside it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Group {
    /// The group's options.
    pub options: Vec<DhcpOption>,
    /// What it holds.
    pub declarations: Vec<Declaration>,
}

/// A declaration at the top level or in a group.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Declaration {
    /// A subnet.
    Subnet(Subnet),
    /// A group.
    Group(Group),
    /// A host.
    Host(Host),
}

/// A complete dhcpd.conf, checked as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    globals: Globals,
    declarations: Vec<Declaration>,
}

impl Config {
    /// Checks the configuration as a whole: lease times, every option, no two hosts with one name, MAC or
    /// fixed address, no overlapping subnets, and every fixed address inside a declared subnet.
    pub fn new(globals: Globals, declarations: Vec<Declaration>) -> Result<Config, Error> {
        if let (Some(default), Some(max)) = (globals.default_lease_time, globals.max_lease_time)
            && default > max
        {
            return Err(Error::LeaseTimes { default, max });
        }
        for option in &globals.options {
            option.check()?;
        }
        let mut subnets: Vec<&Subnet> = Vec::new();
        let mut hosts: Vec<&Host> = Vec::new();
        collect(&declarations, &mut subnets, &mut hosts)?;
        let mut sorted = subnets.clone();
        sorted.sort_by_key(|s| s.network());
        for pair in sorted.windows(2) {
            if let [a, b] = pair
                && (a.network().contains(&b.network().network())
                    || b.network().contains(&a.network().network()))
            {
                return Err(Error::OverlappingSubnets {
                    first: a.network().to_string(),
                    second: b.network().to_string(),
                });
            }
        }
        let mut names = HashMap::with_capacity(hosts.len());
        let mut macs = HashMap::with_capacity(hosts.len());
        let mut addresses: HashMap<Ipv4Addr, &Host> = HashMap::with_capacity(hosts.len());
        for host in hosts {
            if names.insert(host.name(), ()).is_some() {
                return Err(Error::DuplicateHost {
                    name: host.name().to_string(),
                });
            }
            if let Some(first) = macs.insert(host.mac(), host) {
                return Err(Error::DuplicateMac {
                    mac: Mac(host.mac()).to_string(),
                    first: first.name().to_string(),
                    second: host.name().to_string(),
                });
            }
            if let Some(FixedAddress::Address(address)) = host.fixed_address() {
                if let Some(first) = addresses.insert(*address, host) {
                    return Err(Error::DuplicateFixedAddress {
                        address: address.to_string(),
                        first: first.name().to_string(),
                        second: host.name().to_string(),
                    });
                }
                if !subnets.iter().any(|s| s.network().contains(address)) {
                    return Err(Error::OutsideSubnets {
                        host: host.name().to_string(),
                        address: address.to_string(),
                        subnets: subnets
                            .iter()
                            .map(|s| s.network().to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
            }
        }
        Ok(Config {
            globals,
            declarations,
        })
    }

    /// The global parameters.
    pub fn globals(&self) -> &Globals {
        &self.globals
    }

    /// The declarations.
    pub fn declarations(&self) -> &[Declaration] {
        &self.declarations
    }

    /// A close upper bound of the text's length, to size the output buffer once.
    pub fn size_hint(&self) -> usize {
        fn count(declarations: &[Declaration]) -> usize {
            declarations
                .iter()
                .map(|d| match d {
                    Declaration::Group(g) => 64 + count(&g.declarations),
                    _ => 200,
                })
                .sum()
        }
        512 + count(&self.declarations)
    }

    /// Writes the file.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        let g = &self.globals;
        for comment in &g.comments {
            crate::write_comment(w, comment)?;
        }
        let mut top = 0;
        if g.authoritative {
            w.write_str("authoritative;\n")?;
            top += 1;
        }
        if let Some(t) = g.default_lease_time {
            writeln!(w, "default-lease-time {t};")?;
            top += 1;
        }
        if let Some(t) = g.max_lease_time {
            writeln!(w, "max-lease-time {t};")?;
            top += 1;
        }
        if let Some(s) = g.ddns_update_style {
            writeln!(w, "ddns-update-style {s};")?;
            top += 1;
        }
        if let Some(l) = g.log_facility {
            writeln!(w, "log-facility {l};")?;
            top += 1;
        }
        for option in &g.options {
            writeln!(w, "{option}")?;
            top += 1;
        }
        write_declarations(w, &self.declarations, 0, top > 0 || !g.comments.is_empty())
    }
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

fn collect<'a>(
    declarations: &'a [Declaration],
    subnets: &mut Vec<&'a Subnet>,
    hosts: &mut Vec<&'a Host>,
) -> Result<(), Error> {
    for declaration in declarations {
        match declaration {
            Declaration::Subnet(s) => subnets.push(s),
            Declaration::Host(h) => hosts.push(h),
            Declaration::Group(g) => {
                for option in &g.options {
                    option.check()?;
                }
                collect(&g.declarations, subnets, hosts)?;
            }
        }
    }
    Ok(())
}

const TABS: &str = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

fn indent(depth: usize) -> &'static str {
    TABS.get(..depth).unwrap_or(TABS)
}

fn write_declarations(
    w: &mut impl fmt::Write,
    declarations: &[Declaration],
    depth: usize,
    mut separate: bool,
) -> fmt::Result {
    let pad = indent(depth);
    let inner = indent(depth + 1);
    for declaration in declarations {
        if separate {
            w.write_str("\n")?;
        }
        separate = true;
        match declaration {
            Declaration::Subnet(s) => {
                let net = s.network();
                writeln!(
                    w,
                    "{pad}subnet {} netmask {} {{",
                    net.network(),
                    net.netmask()
                )?;
                if let Some((low, high)) = s.range() {
                    writeln!(w, "{inner}range {low} {high};")?;
                }
                for option in s.options() {
                    writeln!(w, "{inner}{option}")?;
                }
                writeln!(w, "{pad}}}")?;
            }
            Declaration::Host(h) => {
                // A farm has a host per VM: the fixed words written as they are, not formatted.
                for part in [pad, "host ", h.name().as_str(), " {\n", inner] {
                    w.write_str(part)?;
                }
                writeln!(w, "hardware ethernet {};", h.mac_text())?;
                if let Some(fixed) = h.fixed_address() {
                    w.write_str(inner)?;
                    writeln!(w, "fixed-address {fixed};")?;
                }
                for option in h.options() {
                    w.write_str(inner)?;
                    writeln!(w, "{option}")?;
                }
                for part in [pad, "}\n"] {
                    w.write_str(part)?;
                }
            }
            Declaration::Group(g) => {
                writeln!(w, "{pad}group {{")?;
                for option in &g.options {
                    writeln!(w, "{inner}{option}")?;
                }
                write_declarations(w, &g.declarations, depth + 1, !g.options.is_empty())?;
                writeln!(w, "{pad}}}")?;
            }
        }
    }
    Ok(())
}
