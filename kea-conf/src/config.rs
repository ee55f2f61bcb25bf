//! The whole file: what the server listens on and stores, its timers and options, its networks, checked
//! together; written as Kea's JSON under comment lines.

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

use foldhash::{HashMap, HashMapExt as _};

use crate::option::check_options;
use crate::{
    Comment, ControlSocket, DhcpOption, Error, InterfaceName, LeaseDatabase, Lifetimes, Logger,
    Name, Reservation, SharedNetwork, Subnet, SubnetId,
};

/// A complete `kea-dhcp4.conf`, checked as a whole by [`ConfigBuilder::build`]; writing it cannot fail.
///
/// `Display` writes the comment lines (`# ...`) then the JSON, pretty-printed with keys in a fixed order:
/// the same value always gives the same bytes. `FromStr` reads that text back. `Serialize` and
/// `Deserialize` are the JSON document alone (`{"Dhcp4": {...}}`, no comments), checked as the builder
/// checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    comments: Vec<Comment>,
    interfaces: Vec<InterfaceName>,
    control_socket: Option<ControlSocket>,
    lease_database: LeaseDatabase,
    authoritative: bool,
    lifetimes: Option<Lifetimes>,
    options: Vec<DhcpOption>,
    shared_networks: Vec<SharedNetwork>,
    subnets: Vec<Subnet>,
    logger: Option<Logger>,
}

impl Config {
    /// Starts a configuration serving `interfaces`, with a memfile at Kea's default place and Kea's
    /// defaults for the rest.
    pub fn builder(interfaces: impl IntoIterator<Item = InterfaceName>) -> ConfigBuilder {
        ConfigBuilder {
            config: Config {
                comments: Vec::new(),
                interfaces: interfaces.into_iter().collect(),
                control_socket: None,
                lease_database: LeaseDatabase::memfile(),
                authoritative: false,
                lifetimes: None,
                options: Vec::new(),
                shared_networks: Vec::new(),
                subnets: Vec::new(),
                logger: None,
            },
        }
    }

    /// The comment lines at the top.
    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    /// The interfaces served.
    pub fn interfaces(&self) -> &[InterfaceName] {
        &self.interfaces
    }

    /// The control socket, if any.
    pub fn control_socket(&self) -> Option<&ControlSocket> {
        self.control_socket.as_ref()
    }

    /// The lease database.
    pub fn lease_database(&self) -> &LeaseDatabase {
        &self.lease_database
    }

    /// Whether the server NAKs requests for addresses it does not know (`authoritative`).
    pub fn authoritative(&self) -> bool {
        self.authoritative
    }

    /// The lease times, if not Kea's defaults.
    pub fn lifetimes(&self) -> Option<Lifetimes> {
        self.lifetimes
    }

    /// The global options.
    pub fn options(&self) -> &[DhcpOption] {
        &self.options
    }

    /// The shared networks.
    pub fn shared_networks(&self) -> &[SharedNetwork] {
        &self.shared_networks
    }

    /// The subnets outside every shared network.
    pub fn subnets(&self) -> &[Subnet] {
        &self.subnets
    }

    /// The logger, if not Kea's default.
    pub fn logger(&self) -> Option<&Logger> {
        self.logger.as_ref()
    }

    /// Every subnet, those of the shared networks first.
    pub fn all_subnets(&self) -> impl Iterator<Item = &Subnet> {
        self.shared_networks
            .iter()
            .flat_map(SharedNetwork::subnets)
            .chain(&self.subnets)
    }

    /// Every reservation, in file order.
    pub fn reservations(&self) -> impl Iterator<Item = &Reservation> {
        self.all_subnets().flat_map(Subnet::reservations)
    }

    /// The same configuration without its comment lines.
    pub fn without_comments(mut self) -> Config {
        self.comments.clear();
        self
    }

    /// The JSON document, pretty-printed (two spaces), keys in a fixed order, no trailing line break.
    pub fn to_json(&self) -> String {
        // Only strings, numbers, booleans, sequences and structs: serde_json cannot fail on them.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads the JSON document alone (no comments), as [`ConfigBuilder::build`] checks it.
    pub fn from_json(text: &str) -> Result<Config, Error> {
        serde_json::from_str(text).map_err(|e| Error::Json {
            message: e.to_string(),
        })
    }
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for comment in &self.comments {
            if comment.as_str().is_empty() {
                f.write_str("#\n")?;
            } else {
                writeln!(f, "# {comment}")?;
            }
        }
        f.write_str(&self.to_json())?;
        f.write_str("\n")
    }
}

impl FromStr for Config {
    type Err = Error;
    /// Reads what `Display` writes: `#` comment lines, then the JSON.
    fn from_str(text: &str) -> Result<Config, Error> {
        let mut comments = Vec::new();
        let mut rest = text;
        while let Some(line) = rest.strip_prefix('#') {
            let (line, after) = line.split_once('\n').unwrap_or((line, ""));
            comments.push(Comment::new(line.strip_prefix(' ').unwrap_or(line))?);
            rest = after;
        }
        let mut config = Config::from_json(rest)?;
        config.comments = comments;
        Ok(config)
    }
}

/// Collects a configuration's parts; [`ConfigBuilder::build`] checks them together.
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// Adds a comment line at the top (a farm writes "generated by ..." there).
    pub fn comment(mut self, comment: Comment) -> ConfigBuilder {
        self.config.comments.push(comment);
        self
    }

    /// Opens a control socket.
    pub fn control_socket(mut self, socket: ControlSocket) -> ConfigBuilder {
        self.config.control_socket = Some(socket);
        self
    }

    /// Sets the lease database.
    pub fn lease_database(mut self, database: LeaseDatabase) -> ConfigBuilder {
        self.config.lease_database = database;
        self
    }

    /// Makes the server authoritative: it NAKs requests for addresses it does not know.
    pub fn authoritative(mut self, authoritative: bool) -> ConfigBuilder {
        self.config.authoritative = authoritative;
        self
    }

    /// Sets the lease times.
    pub fn lifetimes(mut self, lifetimes: Lifetimes) -> ConfigBuilder {
        self.config.lifetimes = Some(lifetimes);
        self
    }

    /// Adds a global option.
    pub fn option(mut self, option: DhcpOption) -> ConfigBuilder {
        self.config.options.push(option);
        self
    }

    /// Adds a shared network.
    pub fn shared_network(mut self, network: SharedNetwork) -> ConfigBuilder {
        self.config.shared_networks.push(network);
        self
    }

    /// Adds a subnet outside every shared network.
    pub fn subnet(mut self, subnet: Subnet) -> ConfigBuilder {
        self.config.subnets.push(subnet);
        self
    }

    /// Sets the logger.
    pub fn logger(mut self, logger: Logger) -> ConfigBuilder {
        self.config.logger = Some(logger);
        self
    }

    /// Checks the configuration as a whole: at least one interface, none twice, every shared network and
    /// subnet on a served interface; no option twice globally; no two shared networks with one name; no
    /// two subnets with one id or sharing an address; no two reservations with one hardware address,
    /// address or hostname, in whichever subnets they are.
    pub fn build(self) -> Result<Config, Error> {
        let c = self.config;
        check_interfaces(&c)?;
        check_options(&c.options, || "the global options".to_owned())?;
        let mut names = HashMap::with_capacity(c.shared_networks.len());
        for n in &c.shared_networks {
            if names.insert(n.name(), ()).is_some() {
                return Err(Error::DuplicateSharedNetwork {
                    name: n.name().to_string(),
                });
            }
        }
        check_subnets(&c)?;
        check_reservations(&c)?;
        Ok(c)
    }
}

fn check_interfaces(c: &Config) -> Result<(), Error> {
    if c.interfaces.is_empty() {
        return Err(Error::NoInterface);
    }
    for (i, name) in c.interfaces.iter().enumerate() {
        if c.interfaces[..i].contains(name) {
            return Err(Error::DuplicateInterface {
                name: name.to_string(),
            });
        }
    }
    let served = |interface: &InterfaceName, scope: &dyn Fn() -> String| {
        if c.interfaces.contains(interface) {
            Ok(())
        } else {
            Err(Error::InterfaceNotServed {
                interface: interface.to_string(),
                scope: scope(),
            })
        }
    };
    for n in &c.shared_networks {
        served(n.interface(), &|| format!("shared network {}", n.name()))?;
    }
    for s in &c.subnets {
        if let Some(interface) = s.interface() {
            served(interface, &|| s.label())?;
        }
    }
    Ok(())
}

fn check_subnets(c: &Config) -> Result<(), Error> {
    let count = c.all_subnets().count();
    let mut ids: HashMap<SubnetId, &Subnet> = HashMap::with_capacity(count);
    for s in c.all_subnets() {
        if let Some(first) = ids.insert(s.id(), s) {
            return Err(Error::DuplicateSubnetId {
                id: s.id().get(),
                first: first.network().to_string(),
                second: s.network().to_string(),
            });
        }
    }
    // CIDR blocks nest or are apart: sorted by start (the wider first), any overlap shows between
    // neighbours.
    let mut sorted: Vec<_> = c.all_subnets().map(Subnet::network).collect();
    sorted.sort_by_key(|n| (n.network(), n.prefix_len()));
    for pair in sorted.windows(2) {
        if let [a, b] = pair
            && a.contains(&b.network())
        {
            return Err(Error::OverlappingSubnets {
                first: a.to_string(),
                second: b.to_string(),
            });
        }
    }
    Ok(())
}

fn check_reservations(c: &Config) -> Result<(), Error> {
    let count = c.reservations().count();
    let mut macs = HashMap::with_capacity(count);
    let mut addresses: HashMap<Ipv4Addr, &Reservation> = HashMap::with_capacity(count);
    let mut hostnames: HashMap<&Name, &Reservation> = HashMap::with_capacity(count);
    for r in c.reservations() {
        if let Some(first) = macs.insert(r.hw_address(), r) {
            return Err(Error::DuplicateHwAddress {
                hw_address: r.hw_address().to_string(),
                first: first.address().to_string(),
                second: r.address().to_string(),
            });
        }
        if let Some(first) = addresses.insert(r.address(), r) {
            return Err(Error::DuplicateAddress {
                address: r.address().to_string(),
                first: first.hw_address().to_string(),
                second: r.hw_address().to_string(),
            });
        }
        if let Some(name) = r.hostname()
            && let Some(first) = hostnames.insert(name, r)
        {
            return Err(Error::DuplicateHostname {
                hostname: name.to_string(),
                first: first.address().to_string(),
                second: r.address().to_string(),
            });
        }
    }
    Ok(())
}

/// The JSON document, borrowing the configuration: keys in this order.
#[derive(serde::Serialize)]
struct File<'a> {
    #[serde(rename = "Dhcp4")]
    dhcp4: Dhcp4<'a>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "kebab-case")]
struct Dhcp4<'a> {
    interfaces_config: Interfaces<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    control_socket: Option<&'a ControlSocket>,
    lease_database: &'a LeaseDatabase,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    authoritative: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_lifetime: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    renew_timer: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rebind_timer: Option<u32>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    option_data: &'a [DhcpOption],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    shared_networks: &'a [SharedNetwork],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    subnet4: &'a [Subnet],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    loggers: &'a [Logger],
}

#[derive(serde::Serialize)]
struct Interfaces<'a> {
    interfaces: &'a [InterfaceName],
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInterfaces {
    interfaces: Vec<InterfaceName>,
}

impl serde::Serialize for Config {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        File {
            dhcp4: Dhcp4 {
                interfaces_config: Interfaces {
                    interfaces: &self.interfaces,
                },
                control_socket: self.control_socket.as_ref(),
                lease_database: &self.lease_database,
                authoritative: self.authoritative,
                valid_lifetime: self.lifetimes.map(Lifetimes::valid),
                renew_timer: self.lifetimes.map(Lifetimes::renew),
                rebind_timer: self.lifetimes.map(Lifetimes::rebind),
                option_data: &self.options,
                shared_networks: &self.shared_networks,
                subnet4: &self.subnets,
                loggers: self.logger.as_slice(),
            },
        }
        .serialize(s)
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(rename = "Dhcp4")]
    dhcp4: RawDhcp4,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawDhcp4 {
    interfaces_config: RawInterfaces,
    #[serde(default)]
    control_socket: Option<ControlSocket>,
    #[serde(default)]
    lease_database: LeaseDatabase,
    #[serde(default)]
    authoritative: bool,
    #[serde(default)]
    valid_lifetime: Option<u32>,
    #[serde(default)]
    renew_timer: Option<u32>,
    #[serde(default)]
    rebind_timer: Option<u32>,
    #[serde(default)]
    option_data: Vec<DhcpOption>,
    #[serde(default)]
    shared_networks: Vec<SharedNetwork>,
    #[serde(default)]
    subnet4: Vec<Subnet>,
    #[serde(default)]
    loggers: Vec<Logger>,
}

impl TryFrom<RawFile> for Config {
    type Error = Error;
    fn try_from(raw: RawFile) -> Result<Config, Error> {
        let d = raw.dhcp4;
        let lifetimes = match (d.valid_lifetime, d.renew_timer, d.rebind_timer) {
            (None, None, None) => None,
            (Some(valid), Some(renew), Some(rebind)) => Some(Lifetimes::new(valid, renew, rebind)?),
            _ => return Err(Error::PartialLifetimes),
        };
        let logger = match <[Logger; 1]>::try_from(d.loggers) {
            Ok([logger]) => Some(logger),
            Err(none) if none.is_empty() => None,
            Err(_) => {
                return Err(Error::Unsupported {
                    what: "number of loggers",
                    value: "more than 1".to_owned(),
                });
            }
        };
        let mut b = Config::builder(d.interfaces_config.interfaces)
            .lease_database(d.lease_database)
            .authoritative(d.authoritative);
        b.config.control_socket = d.control_socket;
        b.config.lifetimes = lifetimes;
        b.config.options = d.option_data;
        b.config.shared_networks = d.shared_networks;
        b.config.subnets = d.subnet4;
        b.config.logger = logger;
        b.build()
    }
}

impl<'de> serde::Deserialize<'de> for Config {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Config, D::Error> {
        Config::try_from(RawFile::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}
