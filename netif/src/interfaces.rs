//! `/etc/network/interfaces`: stanzas, methods, bridge options and typed hooks.

use std::collections::HashSet;
use std::fmt;
use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};

use crate::{Comment, Error, InterfaceName};

/// The address (with its prefix length) and gateway of an `inet static` interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Static {
    address: Ipv4Net,
    gateway: Option<Ipv4Addr>,
}

impl Static {
    /// Checks the address (a host's, not its network's network or broadcast address) and the gateway
    /// (inside the address's network; for a /32, ifupdown adds the route `onlink`, so any address goes).
    pub fn new(address: Ipv4Net, gateway: Option<Ipv4Addr>) -> Result<Static, Error> {
        if address.prefix_len() < 31
            && (address.addr() == address.network() || address.addr() == address.broadcast())
        {
            return Err(Error::NotAHostAddress {
                address: address.to_string(),
            });
        }
        if let Some(gateway) = gateway
            && address.prefix_len() < 32
            && (!address.contains(&gateway) || gateway == address.addr())
        {
            return Err(Error::GatewayOutside {
                gateway: gateway.to_string(),
                network: address.trunc().to_string(),
            });
        }
        Ok(Static { address, gateway })
    }

    /// The address and prefix length.
    pub fn address(&self) -> Ipv4Net {
        self.address
    }

    /// The gateway.
    pub fn gateway(&self) -> Option<Ipv4Addr> {
        self.gateway
    }
}

/// How an `inet` interface gets its address.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Method {
    /// `inet loopback`.
    Loopback,
    /// `inet static`.
    Static(Static),
    /// `inet dhcp`.
    Dhcp,
    /// `inet manual`: up, without an address.
    Manual,
}

/// `bridge_ports`: none, or the interfaces to enslave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BridgePorts {
    /// `bridge_ports none`: a bridge with no port yet (VMs' taps join it later).
    None,
    /// The ports, at least one.
    Ports(Vec<InterfaceName>),
}

/// The bridge-utils options of a bridge interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bridge {
    /// `bridge_ports`.
    pub ports: BridgePorts,
    /// `bridge_stp on|off`.
    pub stp: Option<bool>,
    /// `bridge_maxwait SECONDS`.
    pub maxwait: Option<u32>,
    /// `bridge_fd SECONDS` (forward delay).
    pub fd: Option<u32>,
}

/// An `ip` command run by a hook: only the commands a farm needs, each typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpCommand(Command);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Command {
    RouteDev {
        prefix: IpNet,
        dev: InterfaceName,
    },
    Blackhole {
        prefix: IpNet,
    },
    Addr {
        address: IpNet,
        dev: InterfaceName,
    },
    RouteVia {
        prefix: IpNet,
        via: std::net::IpAddr,
    },
}

fn network(prefix: IpNet) -> Result<IpNet, Error> {
    if prefix.trunc() == prefix {
        Ok(prefix)
    } else {
        Err(Error::HostBitsSet {
            given: prefix.to_string(),
            network: prefix.trunc().to_string(),
        })
    }
}

impl IpCommand {
    /// `ip route add PREFIX dev IF`: a network reached directly through an interface.
    pub fn route_dev(prefix: IpNet, dev: InterfaceName) -> Result<IpCommand, Error> {
        Ok(IpCommand(Command::RouteDev {
            prefix: network(prefix)?,
            dev,
        }))
    }

    /// `ip route add blackhole PREFIX`: a network whose packets are dropped unless a more specific route
    /// takes them.
    pub fn blackhole(prefix: IpNet) -> Result<IpCommand, Error> {
        Ok(IpCommand(Command::Blackhole {
            prefix: network(prefix)?,
        }))
    }

    /// `ip route add PREFIX via GATEWAY`: a network reached through a router (another node); the gateway
    /// of the prefix's family.
    pub fn route_via(prefix: IpNet, via: std::net::IpAddr) -> Result<IpCommand, Error> {
        if prefix.addr().is_ipv4() != via.is_ipv4() {
            return Err(Error::FamilyMismatch {
                prefix: prefix.to_string(),
                gateway: via.to_string(),
            });
        }
        Ok(IpCommand(Command::RouteVia {
            prefix: network(prefix)?,
            via,
        }))
    }

    /// `ip addr add ADDR/LEN dev IF`: an extra address on an interface.
    pub fn addr(address: IpNet, dev: InterfaceName) -> IpCommand {
        IpCommand(Command::Addr { address, dev })
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, verb: &str) -> fmt::Result {
        match &self.0 {
            Command::RouteDev { prefix, dev } => write!(f, "ip route {verb} {prefix} dev {dev}"),
            Command::Blackhole { prefix } => write!(f, "ip route {verb} blackhole {prefix}"),
            Command::Addr { address, dev } => write!(f, "ip addr {verb} {address} dev {dev}"),
            Command::RouteVia { prefix, via } => write!(f, "ip route {verb} {prefix} via {via}"),
        }
    }
}

/// A hook of an `iface` stanza.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hook {
    /// Run when the interface comes up (`up ip ... add ...`), and undone when it goes down
    /// (`down ip ... del ...`): both lines are written.
    Up(IpCommand),
}

/// An `iface NAME inet METHOD` stanza with its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iface {
    name: InterfaceName,
    method: Method,
    bridge: Option<Bridge>,
    hooks: Vec<Hook>,
}

impl Iface {
    /// Checks the stanza: no bridge on the loopback or on an alias, bridge ports not empty and not the
    /// bridge itself, an alias only with a static address.
    pub fn new(
        name: InterfaceName,
        method: Method,
        bridge: Option<Bridge>,
        hooks: Vec<Hook>,
    ) -> Result<Iface, Error> {
        let unfit = |reason| Error::Unfit {
            name: name.to_string(),
            reason,
        };
        if let Some(bridge) = &bridge {
            if matches!(method, Method::Loopback) {
                return Err(unfit("the loopback cannot be a bridge"));
            }
            if name.is_alias() {
                return Err(unfit("an alias cannot be a bridge"));
            }
            if let BridgePorts::Ports(ports) = &bridge.ports {
                if ports.is_empty() {
                    return Err(Error::Empty {
                        what: "bridge_ports",
                    });
                }
                if ports.contains(&name) {
                    return Err(unfit("a bridge cannot be its own port"));
                }
            }
        }
        if name.is_alias() && !matches!(method, Method::Static(_)) {
            return Err(unfit("an alias carries a static address"));
        }
        Ok(Iface {
            name,
            method,
            bridge,
            hooks,
        })
    }

    /// The interface.
    pub fn name(&self) -> &InterfaceName {
        &self.name
    }

    /// Its method.
    pub fn method(&self) -> &Method {
        &self.method
    }
}

impl fmt::Display for Iface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let method = match self.method {
            Method::Loopback => "loopback",
            Method::Static(_) => "static",
            Method::Dhcp => "dhcp",
            Method::Manual => "manual",
        };
        writeln!(f, "iface {} inet {method}", self.name)?;
        if let Method::Static(s) = &self.method {
            writeln!(f, "\taddress {}", s.address)?;
            if let Some(gateway) = s.gateway {
                writeln!(f, "\tgateway {gateway}")?;
            }
        }
        if let Some(bridge) = &self.bridge {
            f.write_str("\tbridge_ports")?;
            match &bridge.ports {
                BridgePorts::None => f.write_str(" none")?,
                BridgePorts::Ports(ports) => {
                    for port in ports {
                        write!(f, " {port}")?;
                    }
                }
            }
            f.write_str("\n")?;
            if let Some(stp) = bridge.stp {
                writeln!(f, "\tbridge_stp {}", if stp { "on" } else { "off" })?;
            }
            if let Some(wait) = bridge.maxwait {
                writeln!(f, "\tbridge_maxwait {wait}")?;
            }
            if let Some(fd) = bridge.fd {
                writeln!(f, "\tbridge_fd {fd}")?;
            }
        }
        for Hook::Up(command) in &self.hooks {
            f.write_str("\tup ")?;
            command.write(f, "add")?;
            f.write_str("\n")?;
        }
        for Hook::Up(command) in self.hooks.iter().rev() {
            f.write_str("\tdown ")?;
            command.write(f, "del")?;
            f.write_str("\n")?;
        }
        Ok(())
    }
}

/// A path or glob for `source`: ASCII letters, digits and `/ . _ - *`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SourcePath(String);

impl SourcePath {
    /// Checks `path`.
    pub fn new(path: &str) -> Result<SourcePath, Error> {
        if path.is_empty()
            || !path
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-' | b'*'))
        {
            return Err(Error::InvalidPath {
                path: path.to_owned(),
            });
        }
        Ok(SourcePath(path.to_owned()))
    }
}

vocabulary::string_conversions!(SourcePath, Error, SourcePath::new);

impl fmt::Display for SourcePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A stanza of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stanza {
    /// `auto IF...`: brought up by `ifup -a` at boot.
    Auto(Vec<InterfaceName>),
    /// `allow-hotplug IF...`: brought up when the kernel reports the device.
    AllowHotplug(Vec<InterfaceName>),
    /// `iface ...`.
    Iface(Iface),
    /// `iface NAME inet6 static`.
    Iface6(crate::Iface6),
    /// `source PATH`.
    Source(SourcePath),
}

/// A whole interfaces file, checked as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interfaces {
    comments: Vec<Comment>,
    stanzas: Vec<Stanza>,
}

impl Interfaces {
    /// Checks the file: one `iface` stanza per interface, and every interface named by `auto` or
    /// `allow-hotplug` has one; those lists are not empty.
    pub fn new(comments: Vec<Comment>, stanzas: Vec<Stanza>) -> Result<Interfaces, Error> {
        let mut defined = HashSet::new();
        let mut defined6 = HashSet::new();
        for stanza in &stanzas {
            let (set, name) = match stanza {
                Stanza::Iface(iface) => (&mut defined, iface.name()),
                Stanza::Iface6(iface) => (&mut defined6, iface.name()),
                _ => continue,
            };
            if !set.insert(name) {
                return Err(Error::DuplicateIface {
                    name: name.to_string(),
                });
            }
        }
        defined.extend(defined6);
        let has_source = stanzas.iter().any(|s| matches!(s, Stanza::Source(_)));
        for stanza in &stanzas {
            let (what, names) = match stanza {
                Stanza::Auto(names) => ("auto", names),
                Stanza::AllowHotplug(names) => ("allow-hotplug", names),
                Stanza::Iface(_) | Stanza::Iface6(_) | Stanza::Source(_) => continue,
            };
            if names.is_empty() {
                return Err(Error::Empty { what });
            }
            // A sourced file may define the interface.
            if let Some(missing) = names.iter().find(|n| !defined.contains(n))
                && !has_source
            {
                return Err(Error::NoStanza {
                    stanza: what,
                    name: missing.to_string(),
                });
            }
        }
        Ok(Interfaces { comments, stanzas })
    }

    /// The stanzas.
    pub fn stanzas(&self) -> &[Stanza] {
        &self.stanzas
    }

    /// Writes the file.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        write!(w, "{self}")
    }
}

impl fmt::Display for Interfaces {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for comment in &self.comments {
            crate::write_comment(f, comment)?;
        }
        let mut previous: Option<&Stanza> = None;
        for stanza in &self.stanzas {
            let follows_its_auto = matches!(stanza, Stanza::Iface(_))
                && matches!(previous, Some(Stanza::Auto(_) | Stanza::AllowHotplug(_)));
            if (previous.is_some() || !self.comments.is_empty()) && !follows_its_auto {
                f.write_str("\n")?;
            }
            match stanza {
                Stanza::Auto(names) | Stanza::AllowHotplug(names) => {
                    f.write_str(if matches!(stanza, Stanza::Auto(_)) {
                        "auto"
                    } else {
                        "allow-hotplug"
                    })?;
                    for name in names {
                        write!(f, " {name}")?;
                    }
                    f.write_str("\n")?;
                }
                Stanza::Iface(iface) => iface.fmt(f)?,
                Stanza::Iface6(iface) => iface.fmt(f)?,
                Stanza::Source(path) => writeln!(f, "source {path}")?,
            }
            previous = Some(stanza);
        }
        Ok(())
    }
}
