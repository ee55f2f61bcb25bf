//! Rules: actions, endpoints, protocols and ports.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::{Ipv4Net, Ipv6Net};

use crate::{Error, ParamName, ZoneName};

/// A zone as rules and policies name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ZoneRef {
    /// The firewall itself, `$FW`.
    Firewall,
    /// Every zone, `all`.
    All,
    /// A zone of `zones`.
    Zone(ZoneName),
}

impl fmt::Display for ZoneRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZoneRef::Firewall => f.write_str("$FW"),
            ZoneRef::All => f.write_str("all"),
            ZoneRef::Zone(z) => write!(f, "{z}"),
        }
    }
}

/// Hosts inside a zone: an address, a network, or a param holding one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Host {
    /// One address.
    Address(Ipv4Addr),
    /// A network.
    Network(Ipv4Net),
    /// `$NAME`, a param of the rule set.
    Param(ParamName),
    /// One IPv6 address, written in brackets (`[2001:db8::1]`) so that its colons are not Shorewall's
    /// separators; only in a Shorewall6 rule set.
    Address6(Ipv6Addr),
    /// An IPv6 network, written `[2001:db8::]/64`; only in a Shorewall6 rule set.
    Network6(Ipv6Net),
}

impl Host {
    /// Whether it is an IPv6 address or network (`None` for a param, which may hold either).
    pub fn is_ipv6(&self) -> Option<bool> {
        match self {
            Host::Address(_) | Host::Network(_) => Some(false),
            Host::Address6(_) | Host::Network6(_) => Some(true),
            Host::Param(_) => None,
        }
    }
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Address(a) => write!(f, "{a}"),
            Host::Network(n) => write!(f, "{n}"),
            Host::Param(p) => write!(f, "${p}"),
            Host::Address6(a) => write!(f, "[{a}]"),
            Host::Network6(n) => write!(f, "[{}]/{}", n.network(), n.prefix_len()),
        }
    }
}

/// A rule's source or destination: `zone[:host,...[:port]]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    zone: ZoneRef,
    hosts: Vec<Host>,
    port: Option<u16>,
}

impl Endpoint {
    /// The whole zone.
    pub fn zone(zone: ZoneRef) -> Endpoint {
        Endpoint {
            zone,
            hosts: Vec::new(),
            port: None,
        }
    }

    /// Some hosts of a zone (at least one).
    pub fn hosts(zone: ZoneRef, hosts: Vec<Host>) -> Result<Endpoint, Error> {
        if hosts.is_empty() {
            return Err(Error::Empty {
                what: "the hosts of an endpoint",
            });
        }
        Ok(Endpoint {
            zone,
            hosts,
            port: None,
        })
    }

    /// The destination of a DNAT: one host of a zone, and the port it listens on (`loc:10.10.60.2:22`).
    pub fn dnat_target(zone: ZoneName, host: Host, port: Option<u16>) -> Endpoint {
        Endpoint {
            zone: ZoneRef::Zone(zone),
            hosts: vec![host],
            port,
        }
    }

    /// The zone.
    pub fn zone_ref(&self) -> &ZoneRef {
        &self.zone
    }

    /// The hosts (none: the whole zone).
    pub fn host_list(&self) -> &[Host] {
        &self.hosts
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.zone)?;
        for (i, host) in self.hosts.iter().enumerate() {
            f.write_str(if i == 0 { ":" } else { "," })?;
            write!(f, "{host}")?;
        }
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

/// What an accepting, dropping or refusing rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// `ACCEPT`.
    Accept,
    /// `DROP`.
    Drop,
    /// `REJECT`.
    Reject,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Accept => "ACCEPT",
            Verdict::Drop => "DROP",
            Verdict::Reject => "REJECT",
        })
    }
}

/// The macros Shorewall 5.2 ships (`/usr/share/shorewall/macro.*`).
const MACROS: &[&str] = &[
    "AMQP",
    "ActiveDir",
    "Amanda",
    "Apcupsd",
    "Auth",
    "BGP",
    "BitTorrent",
    "BitTorrent32",
    "Bitcoin",
    "BitcoinRPC",
    "CVS",
    "Citrix",
    "Cockpit",
    "DAAP",
    "DCC",
    "DHCPfwd",
    "DNS",
    "Distcc",
    "DropUPnP",
    "Edonkey",
    "FTP",
    "Finger",
    "FreeIPA",
    "GNUnet",
    "GRE",
    "Git",
    "Gnutella",
    "HKP",
    "HTTP",
    "HTTPS",
    "ICPV2",
    "ICQ",
    "ILO",
    "IMAP",
    "IMAPS",
    "IPIP",
    "IPMI",
    "IPP",
    "IPPbrd",
    "IPPserver",
    "IPsec",
    "IPsecah",
    "IPsecnat",
    "IRC",
    "Invalid",
    "JAP",
    "Jabber",
    "JabberPlain",
    "JabberSecure",
    "Jabberd",
    "Jetdirect",
    "Kerberos",
    "Kpasswd",
    "L2TP",
    "LDAP",
    "LDAPS",
    "MSA",
    "MSNP",
    "MSSQL",
    "Mail",
    "MongoDB",
    "Munin",
    "MySQL",
    "NFS",
    "NNTP",
    "NNTPS",
    "NTP",
    "NTPbi",
    "NTPbrd",
    "ONCRPC",
    "OSPF",
    "OpenVPN",
    "PCA",
    "POP3",
    "POP3S",
    "PPtP",
    "Ping",
    "PostgreSQL",
    "Printer",
    "Puppet",
    "QUIC",
    "RDP",
    "RIPbi",
    "RNDC",
    "Razor",
    "Rdate",
    "Redis",
    "Rfc1918",
    "Rsync",
    "Rwhois",
    "SANE",
    "SIP",
    "SMB",
    "SMBBI",
    "SMBswat",
    "SMTP",
    "SMTPS",
    "SNMP",
    "SNMPtrap",
    "SPAMD",
    "SSDP",
    "SSDPserver",
    "SSH",
    "SVN",
    "Sieve",
    "SixXS",
    "Squid",
    "Submission",
    "Syslog",
    "TFTP",
    "Telnet",
    "Telnets",
    "Teredo",
    "Time",
    "Tinc",
    "Tor",
    "Trcrt",
    "VNC",
    "VNCL",
    "VRRP",
    "WUDO",
    "Web",
    "Webcache",
    "Webmin",
    "Whois",
    "Xymon",
    "Zabbix",
    "mDNS",
    "mDNSbi",
];

/// A macro Shorewall ships (`SSH`, `HTTP`, `DNS`, `Ping`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Macro(&'static str);

impl Macro {
    /// The macro named `name`, if Shorewall 5.2 ships it.
    pub fn new(name: &str) -> Result<Macro, Error> {
        MACROS
            .iter()
            .find(|m| **m == name)
            .map(|m| Macro(m))
            .ok_or_else(|| Error::UnknownMacro {
                name: name.to_owned(),
            })
    }
}

/// A rule's action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `ACCEPT`, `DROP` or `REJECT`.
    Verdict(Verdict),
    /// `DNAT`: forward to a host of another zone.
    Dnat,
    /// `REDIRECT`: to a port of the firewall itself.
    Redirect,
    /// A macro applied with a verdict: `SSH(ACCEPT)`.
    Macro(Macro, Verdict),
    /// `AllowICMPs`, Shorewall's standard action accepting the ICMP types the network needs (for IPv6,
    /// RFC 4890's: neighbour and router discovery, packet too big, ...).
    AllowIcmps,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Verdict(v) => write!(f, "{v}"),
            Action::Dnat => f.write_str("DNAT"),
            Action::Redirect => f.write_str("REDIRECT"),
            Action::Macro(m, v) => write!(f, "{}({v})", m.0),
            Action::AllowIcmps => f.write_str("AllowICMPs"),
        }
    }
}

/// A protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Proto {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// ICMP.
    Icmp,
}

impl fmt::Display for Proto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Icmp => "icmp",
        })
    }
}

/// Ports: a list of ports and ranges (`22`, `8000:8080`, `80,443`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ports(Vec<(u16, u16)>);

impl Ports {
    /// One port, 1 to 65535.
    pub fn single(port: u16) -> Result<Ports, Error> {
        Ports::list(vec![(port, port)])
    }

    /// Ports and ranges, each from 1 to 65535, low end first; at least one.
    pub fn list(ranges: Vec<(u16, u16)>) -> Result<Ports, Error> {
        if ranges.is_empty() {
            return Err(Error::Empty {
                what: "a port list",
            });
        }
        if let Some(&(low, high)) = ranges.iter().find(|(low, high)| *low == 0 || low > high) {
            return Err(Error::InvalidPorts { low, high });
        }
        Ok(Ports(ranges))
    }
}

impl fmt::Display for Ports {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (low, high)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            if low == high {
                write!(f, "{low}")?;
            } else {
                write!(f, "{low}:{high}")?;
            }
        }
        Ok(())
    }
}

/// A line of `rules`, in the `NEW` section.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rule {
    action: Action,
    source: Endpoint,
    dest: Endpoint,
    proto: Option<Proto>,
    dports: Option<Ports>,
    sports: Option<Ports>,
    orig_dest: Option<Host>,
}

impl Rule {
    /// Checks the rule: ports only with TCP or UDP; a DNAT to exactly one host of a zone; a REDIRECT to a
    /// port of `$FW`; a port in the destination, and an original destination, only for those two.
    pub fn new(
        action: Action,
        source: Endpoint,
        dest: Endpoint,
        proto: Option<Proto>,
        dports: Option<Ports>,
        sports: Option<Ports>,
        orig_dest: Option<Host>,
    ) -> Result<Rule, Error> {
        let rule = Rule {
            action,
            source,
            dest,
            proto,
            dports,
            sports,
            orig_dest,
        };
        let invalid = |reason| {
            Err(Error::InvalidRule {
                rule: rule.to_string(),
                reason,
            })
        };
        let has_ports = rule.dports.is_some() || rule.sports.is_some();
        if has_ports && !matches!(rule.proto, Some(Proto::Tcp | Proto::Udp)) {
            return invalid("ports need the protocol tcp or udp");
        }
        if rule.source.port.is_some() {
            return invalid("a source has no port column; use the source-port list");
        }
        match rule.action {
            Action::Dnat => {
                if !matches!(rule.dest.zone, ZoneRef::Zone(_)) || rule.dest.hosts.len() != 1 {
                    return invalid("a DNAT goes to exactly one host of a zone");
                }
                if matches!(rule.source.zone, ZoneRef::Firewall) {
                    return invalid(
                        "a DNAT rewrites connections arriving from outside the firewall",
                    );
                }
            }
            Action::Redirect => {
                if rule.dest.zone != ZoneRef::Firewall
                    || !rule.dest.hosts.is_empty()
                    || rule.dest.port.is_none()
                {
                    return invalid("a REDIRECT goes to a port of $FW");
                }
            }
            Action::Verdict(_) | Action::Macro(..) | Action::AllowIcmps => {
                if rule.dest.port.is_some() {
                    return invalid("a port in the destination is only for DNAT and REDIRECT");
                }
                if rule.orig_dest.is_some() {
                    return invalid("an original destination is only for DNAT and REDIRECT");
                }
            }
        }
        if matches!(rule.orig_dest, Some(Host::Network(_) | Host::Network6(_))) {
            return invalid("the original destination is one address");
        }
        Ok(rule)
    }

    /// The action.
    pub fn action(&self) -> Action {
        self.action
    }

    /// The source.
    pub fn source(&self) -> &Endpoint {
        &self.source
    }

    /// The destination.
    pub fn dest(&self) -> &Endpoint {
        &self.dest
    }

    /// The original destination, if any.
    pub fn orig_dest(&self) -> Option<&Host> {
        self.orig_dest.as_ref()
    }

    /// The columns, `-` where empty, trailing `-` dropped.
    pub(crate) fn columns(&self) -> Vec<String> {
        let dest = match (self.action, self.dest.port) {
            (Action::Redirect, Some(port)) => port.to_string(),
            _ => self.dest.to_string(),
        };
        let dash = |o: Option<String>| o.unwrap_or_else(|| "-".to_owned());
        let mut columns = vec![
            self.action.to_string(),
            self.source.to_string(),
            dest,
            dash(self.proto.map(|p| p.to_string())),
            dash(self.dports.as_ref().map(ToString::to_string)),
            dash(self.sports.as_ref().map(ToString::to_string)),
            dash(self.orig_dest.as_ref().map(ToString::to_string)),
        ];
        while columns.len() > 3 && columns.last().is_some_and(|c| c == "-") {
            columns.pop();
        }
        columns
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.columns().join(" "))
    }
}
