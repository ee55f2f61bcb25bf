//! A whole Shorewall folder, checked as a whole.

use foldhash::{HashSet, HashSetExt as _};
use std::fmt::{self, Write as _};

use crate::{
    Comment, Error, Host, InterfaceEntry, ParamName, ParamValue, Policy, Rule, ShorewallConf,
    SnatEntry, Zone, ZoneName, ZoneRef, ZoneType,
};

/// Every file of a Shorewall configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet {
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

impl RuleSet {
    /// Checks the files together: zones and params defined once, exactly one firewall zone, and every zone
    /// and `$PARAM` that `interfaces`, `policy` and `rules` name defined. `comments` head every file.
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per file of the folder"
    )]
    pub fn new(
        comments: Vec<Comment>,
        conf: ShorewallConf,
        zones: Vec<Zone>,
        interfaces: Vec<InterfaceEntry>,
        policies: Vec<Policy>,
        rules: Vec<Rule>,
        snat: Vec<SnatEntry>,
        params: Vec<(ParamName, ParamValue)>,
    ) -> Result<RuleSet, Error> {
        let mut zone_names = HashSet::new();
        for zone in &zones {
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
        for (name, _) in &params {
            if !param_names.insert(name) {
                return Err(Error::Duplicate {
                    what: "param",
                    name: name.to_string(),
                });
            }
        }
        let mut interface_names = HashSet::new();
        for entry in &interfaces {
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
        for policy in &policies {
            check_zone(&zone_names, "policy", &policy.source)?;
            check_zone(&zone_names, "policy", &policy.dest)?;
        }
        for rule in &rules {
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
        Ok(RuleSet {
            comments,
            conf,
            zones,
            interfaces,
            policies,
            rules,
            snat,
            params,
        })
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

    /// Writes the file `name` (one of [`FILES`](Self::FILES)); an unknown name writes nothing.
    pub fn write_file(&self, name: &str, w: &mut impl fmt::Write) -> fmt::Result {
        for comment in &self.comments {
            if comment.as_str().is_empty() {
                w.write_str("#\n")?;
            } else {
                writeln!(w, "# {comment}")?;
            }
        }
        match name {
            "shorewall.conf" => write!(w, "{}", self.conf),
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
            "snat" => self.snat.iter().try_for_each(|s| writeln!(w, "{s}")),
            _ => Ok(()),
        }
    }

    /// Every file, as `(name, text)`.
    pub fn files(&self) -> Vec<(&'static str, String)> {
        RuleSet::FILES
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
