//! A whole Shorewall folder, checked as a whole.

use foldhash::{HashSet, HashSetExt as _};
use std::fmt::{self, Write as _};

use crate::{
    Comment, Error, Host, InterfaceEntry, InterfaceOption, ParamName, ParamValue, Policy, Rule,
    ShorewallConf, SnatEntry, Zone, ZoneName, ZoneRef, ZoneType,
};

/// Every file of a Shorewall configuration (`/etc/shorewall`) or a Shorewall6 one (`/etc/shorewall6`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet {
    ipv6: bool,
    comments: Vec<Comment>,
    conf: ShorewallConf,
    zones: Vec<Zone>,
    interfaces: Vec<InterfaceEntry>,
    policies: Vec<Policy>,
    rules: Vec<Rule>,
    snat: Vec<SnatEntry>,
    params: Vec<(ParamName, ParamValue)>,
}

fn check_zone(zones: &HashSet<&ZoneName>, file: &'static str, zone: &ZoneRef) -> Result<(), Error> {
    match zone {
        ZoneRef::Zone(z) if !zones.contains(z) => Err(Error::UnknownZone {
            file,
            zone: z.to_string(),
        }),
        _ => Ok(()),
    }
}

fn check_param(params: &HashSet<&ParamName>, file: &'static str, host: &Host) -> Result<(), Error> {
    match host {
        Host::Param(p) if !params.contains(p) => Err(Error::UndefinedParam {
            file,
            param: p.to_string(),
        }),
        _ => Ok(()),
    }
}

/// The files of a Shorewall folder, gathered one by one, then checked as a whole into a [`RuleSet`]
/// ([`build`](Self::build) for `/etc/shorewall`, [`build6`](Self::build6) for `/etc/shorewall6`). What is
/// not given is empty (`shorewall.conf`: [`ShorewallConf::default`]).
#[derive(Debug, Clone)]
#[must_use]
pub struct RuleSetBuilder {
    set: RuleSet,
}

impl Default for RuleSetBuilder {
    fn default() -> RuleSetBuilder {
        let set = RuleSet {
            ipv6: false,
            comments: Vec::new(),
            conf: ShorewallConf::default(),
            zones: Vec::new(),
            interfaces: Vec::new(),
            policies: Vec::new(),
            rules: Vec::new(),
            snat: Vec::new(),
            params: Vec::new(),
        };
        RuleSetBuilder { set }
    }
}

impl RuleSetBuilder {
    /// The comment lines that head every file.
    pub fn comments(mut self, comments: Vec<Comment>) -> RuleSetBuilder {
        self.set.comments = comments;
        self
    }

    /// `shorewall.conf` (or `shorewall6.conf`).
    pub fn conf(mut self, conf: ShorewallConf) -> RuleSetBuilder {
        self.set.conf = conf;
        self
    }

    /// `zones`.
    pub fn zones(mut self, zones: Vec<Zone>) -> RuleSetBuilder {
        self.set.zones = zones;
        self
    }

    /// `interfaces`.
    pub fn interfaces(mut self, interfaces: Vec<InterfaceEntry>) -> RuleSetBuilder {
        self.set.interfaces = interfaces;
        self
    }

    /// `policy`.
    pub fn policies(mut self, policies: Vec<Policy>) -> RuleSetBuilder {
        self.set.policies = policies;
        self
    }

    /// `rules`.
    pub fn rules(mut self, rules: Vec<Rule>) -> RuleSetBuilder {
        self.set.rules = rules;
        self
    }

    /// `snat` (Shorewall only: Shorewall6 has no NAT).
    pub fn snat(mut self, snat: Vec<SnatEntry>) -> RuleSetBuilder {
        self.set.snat = snat;
        self
    }

    /// `params`.
    pub fn params(mut self, params: Vec<(ParamName, ParamValue)>) -> RuleSetBuilder {
        self.set.params = params;
        self
    }

    /// A Shorewall rule set (`/etc/shorewall`): zones and params defined once, exactly one firewall zone,
    /// every zone and `$PARAM` that `interfaces`, `policy` and `rules` name defined; IPv4 zones and
    /// hosts only.
    pub fn build(self) -> Result<RuleSet, Error> {
        let set = RuleSet {
            ipv6: false,
            ..self.set
        };
        set.check()?;
        Ok(set)
    }

    /// A Shorewall6 rule set (`/etc/shorewall6`: `shorewall6.conf`), checked as [`build`](Self::build)
    /// checks, with IPv6 zones and hosts only, no `snat` and no interface option Shorewall6 refuses
    /// (`routefilter`, `logmartians`).
    pub fn build6(self) -> Result<RuleSet, Error> {
        let set = RuleSet {
            ipv6: true,
            ..self.set
        };
        set.check()?;
        Ok(set)
    }
}

impl RuleSet {
    /// A rule set given file by file, checked as a whole by [`RuleSetBuilder::build`] or
    /// [`build6`](RuleSetBuilder::build6).
    pub fn builder() -> RuleSetBuilder {
        RuleSetBuilder::default()
    }

    /// Whether it is a Shorewall6 rule set.
    pub fn is_ipv6(&self) -> bool {
        self.ipv6
    }

    fn check(&self) -> Result<(), Error> {
        let family = if self.ipv6 { "Shorewall6" } else { "Shorewall" };
        let wrong = |what: String| Err(Error::WrongFamily { what, family });
        let (zones, interfaces, policies, rules, params) = (
            &self.zones,
            &self.interfaces,
            &self.policies,
            &self.rules,
            &self.params,
        );
        for zone in zones {
            let ipv6 = match zone.kind {
                ZoneType::Firewall => continue,
                ZoneType::Ipv4 => false,
                ZoneType::Ipv6 => true,
            };
            if ipv6 != self.ipv6 {
                return wrong(format!("zone {zone}"));
            }
        }
        if self.ipv6 && !self.snat.is_empty() {
            return wrong("snat (Shorewall6 has no NAT)".to_owned());
        }
        for entry in interfaces {
            if self.ipv6
                && let Some(option) = entry.options.iter().find(|o| {
                    matches!(
                        o,
                        InterfaceOption::Routefilter | InterfaceOption::Logmartians
                    )
                })
            {
                return wrong(format!("the interface option {option}"));
            }
        }
        for rule in rules {
            let hosts = (rule.source().host_list().iter())
                .chain(rule.dest().host_list())
                .chain(rule.orig_dest());
            for host in hosts {
                if host.is_ipv6().is_some_and(|v6| v6 != self.ipv6) {
                    return wrong(format!("the host {host}"));
                }
            }
        }
        let mut zone_names = HashSet::new();
        for zone in zones {
            if !zone_names.insert(&zone.name) {
                return Err(Error::Duplicate {
                    what: "zone",
                    name: zone.name.to_string(),
                });
            }
        }
        let firewalls: Vec<&Zone> = zones
            .iter()
            .filter(|z| z.kind == ZoneType::Firewall)
            .collect();
        let [firewall] = firewalls.as_slice() else {
            return Err(Error::FirewallZone {
                reason: "zones must define exactly one firewall zone",
            });
        };
        let mut param_names = HashSet::new();
        for (name, _) in params {
            if !param_names.insert(name) {
                return Err(Error::Duplicate {
                    what: "param",
                    name: name.to_string(),
                });
            }
        }
        let mut interface_names = HashSet::new();
        for entry in interfaces {
            check_zone(
                &zone_names,
                "interfaces",
                &ZoneRef::Zone(entry.zone.clone()),
            )?;
            if entry.zone == firewall.name {
                return Err(Error::FirewallZone {
                    reason: "interfaces: an interface cannot lead to the firewall zone",
                });
            }
            if !interface_names.insert(&entry.interface) {
                return Err(Error::Duplicate {
                    what: "interface",
                    name: entry.interface.to_string(),
                });
            }
        }
        for policy in policies {
            check_zone(&zone_names, "policy", &policy.source)?;
            check_zone(&zone_names, "policy", &policy.dest)?;
        }
        for rule in rules {
            for endpoint in [rule.source(), rule.dest()] {
                check_zone(&zone_names, "rules", endpoint.zone_ref())?;
                for host in endpoint.host_list() {
                    check_param(&param_names, "rules", host)?;
                }
            }
            if let Some(host) = rule.orig_dest() {
                check_param(&param_names, "rules", host)?;
            }
        }
        Ok(())
    }

    /// The file names of the folder, in the order [`write_file`](Self::write_file) knows them.
    pub const FILES: [&'static str; 7] = [
        "shorewall.conf",
        "params",
        "zones",
        "interfaces",
        "policy",
        "rules",
        "snat",
    ];

    /// The file names of a Shorewall6 folder, in the order [`write_file`](Self::write_file) knows them.
    pub const FILES6: [&'static str; 6] = [
        "shorewall6.conf",
        "params",
        "zones",
        "interfaces",
        "policy",
        "rules",
    ];

    /// The file names of this rule set's folder: [`FILES`](Self::FILES) or [`FILES6`](Self::FILES6).
    pub fn file_names(&self) -> &'static [&'static str] {
        if self.ipv6 {
            &RuleSet::FILES6
        } else {
            &RuleSet::FILES
        }
    }

    /// Writes the file `name` (one of [`file_names`](Self::file_names)); another name writes nothing.
    pub fn write_file(&self, name: &str, w: &mut impl fmt::Write) -> fmt::Result {
        for comment in &self.comments {
            if comment.as_str().is_empty() {
                w.write_str("#\n")?;
            } else {
                writeln!(w, "# {comment}")?;
            }
        }
        match name {
            "shorewall.conf" if !self.ipv6 => write!(w, "{}", self.conf),
            "shorewall6.conf" if self.ipv6 => self.conf.write6(w),
            "params" => self
                .params
                .iter()
                .try_for_each(|(n, v)| writeln!(w, "{n}={v}")),
            "zones" => self.zones.iter().try_for_each(|z| writeln!(w, "{z}")),
            "interfaces" => {
                w.write_str("?FORMAT 2\n")?;
                self.interfaces.iter().try_for_each(|i| writeln!(w, "{i}"))
            }
            "policy" => self.policies.iter().try_for_each(|p| writeln!(w, "{p}")),
            "rules" => {
                w.write_str("?SECTION NEW\n")?;
                write_columns(w, self.rules.iter().map(Rule::columns))
            }
            "snat" if !self.ipv6 => self.snat.iter().try_for_each(|s| writeln!(w, "{s}")),
            _ => Ok(()),
        }
    }

    /// Every file, as `(name, text)`.
    pub fn files(&self) -> Vec<(&'static str, String)> {
        self.file_names()
            .iter()
            .map(|name| {
                let mut text = String::with_capacity(256 + self.rules.len() * 80);
                // Writing into a String cannot fail.
                let _ = self.write_file(name, &mut text);
                (*name, text)
            })
            .collect()
    }
}

/// Writes rows of columns aligned with spaces, one row a line.
fn write_columns(
    w: &mut impl fmt::Write,
    rows: impl Iterator<Item = Vec<String>> + Clone,
) -> fmt::Result {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows.clone() {
        for (i, cell) in row.iter().enumerate() {
            match widths.get_mut(i) {
                Some(width) => *width = (*width).max(cell.len()),
                None => widths.push(cell.len()),
            }
        }
    }
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let width = widths.get(i).copied().unwrap_or(0);
                let _ = write!(line, "{cell:width$}  ");
            }
        }
        writeln!(w, "{line}")?;
    }
    Ok(())
}
