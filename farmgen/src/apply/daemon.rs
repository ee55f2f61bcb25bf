//! Which daemon reads a rendered file, and how the node's service manager checks, reloads and probes each
//! daemon: the one place where those commands are chosen.

use std::collections::BTreeMap;
use std::fmt;

/// A daemon whose files farmgen renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Daemon {
    /// BIND's named.
    Named,
    /// ISC dhcpd.
    Dhcpd,
    /// Kea's DHCPv4 server (`dhcp.server = "kea"`).
    Kea,
    /// Shorewall (the firewall; no process of its own).
    Shorewall,
    /// nginx.
    Nginx,
    /// Shorewall6 (the IPv6 firewall, on a node with `prefix6`).
    Shorewall6,
    /// radvd (the IPv6 prefix advertised on the bridge).
    Radvd,
    /// The interfaces (ifupdown): never bounced, changed with `ip`.
    Network,
}

impl Daemon {
    /// Every daemon, in the order they are checked and reloaded.
    pub const ALL: [Daemon; 8] = [
        Daemon::Named,
        Daemon::Dhcpd,
        Daemon::Kea,
        Daemon::Shorewall,
        Daemon::Shorewall6,
        Daemon::Radvd,
        Daemon::Nginx,
        Daemon::Network,
    ];

    /// The daemon named `name` (as [`Daemon::name`] gives it).
    pub fn parse(name: &str) -> Option<Daemon> {
        Daemon::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Its name in messages and in a services file.
    pub fn name(self) -> &'static str {
        match self {
            Daemon::Named => "named",
            Daemon::Dhcpd => "dhcpd",
            Daemon::Kea => "kea",
            Daemon::Shorewall => "shorewall",
            Daemon::Nginx => "nginx",
            Daemon::Shorewall6 => "shorewall6",
            Daemon::Radvd => "radvd",
            Daemon::Network => "network",
        }
    }
}

impl fmt::Display for Daemon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a changed file is taken into account by its daemon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// named's configuration (`rndc reconfig`).
    NamedConfig,
    /// A zone (`rndc reload`).
    Zone,
    /// The daemon's whole configuration.
    Config(Daemon),
}

impl Effect {
    /// The daemon.
    pub fn daemon(self) -> Daemon {
        match self {
            Effect::NamedConfig | Effect::Zone => Daemon::Named,
            Effect::Config(d) => d,
        }
    }
}

/// The daemon that reads the rendered file at `path` (under the tree's root: `etc/bind/db.farm`), as the
/// registry of outputs says, and how a change of it is taken in, or `None` for a file no daemon reloads
/// (`etc/hosts`, the Ganeti commands, farmgen's manifest).
pub fn effect_of(path: &str) -> Option<Effect> {
    use farm_model::outputs::{Checker, Daemon as Reader};
    let output = farm_model::outputs::output_of(path)?;
    match output.daemon {
        Reader::Bind if output.checker == Checker::NamedCheckzone => Some(Effect::Zone),
        Reader::Bind => Some(Effect::NamedConfig),
        Reader::Dhcpd => Some(Effect::Config(Daemon::Dhcpd)),
        Reader::Kea => Some(Effect::Config(Daemon::Kea)),
        Reader::Shorewall => Some(Effect::Config(Daemon::Shorewall)),
        Reader::Nginx => Some(Effect::Config(Daemon::Nginx)),
        Reader::Shorewall6 => Some(Effect::Config(Daemon::Shorewall6)),
        Reader::Radvd => Some(Effect::Config(Daemon::Radvd)),
        Reader::Ifupdown if output.name == "interfaces" => Some(Effect::Config(Daemon::Network)),
        // /etc/hosts is read at each lookup; the Ganeti script is run by hand.
        _ => None,
    }
}

/// What is done to a daemon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Check its configuration as installed (exit 0: accepted).
    Check,
    /// Take in changed zones (named) or the changed configuration (the others).
    Reload,
    /// Take in named's changed configuration.
    Reconfig,
    /// Exit 0 if it is running.
    Running,
}

impl Action {
    /// The action named `name` (as [`Action::name`] gives it).
    pub fn parse(name: &str) -> Option<Action> {
        [
            Action::Check,
            Action::Reload,
            Action::Reconfig,
            Action::Running,
        ]
        .into_iter()
        .find(|a| a.name() == name)
    }

    /// Its name in a services file.
    pub fn name(self) -> &'static str {
        match self {
            Action::Check => "check",
            Action::Reload => "reload",
            Action::Reconfig => "reconfig",
            Action::Running => "running",
        }
    }
}

/// A Debian node's commands under systemd: each daemon checked, taken in and probed as its package does.
const SYSTEMD: [(Daemon, Action, &str); 23] = [
    (
        Daemon::Named,
        Action::Check,
        "named-checkconf -z /etc/bind/named.conf",
    ),
    (Daemon::Named, Action::Reload, "rndc reload"),
    (Daemon::Named, Action::Reconfig, "rndc reconfig"),
    (
        Daemon::Named,
        Action::Running,
        "systemctl is-active --quiet named",
    ),
    (
        Daemon::Dhcpd,
        Action::Check,
        "dhcpd -4 -t -q -cf /etc/dhcp/dhcpd.conf",
    ),
    (
        Daemon::Dhcpd,
        Action::Reload,
        "systemctl restart isc-dhcp-server",
    ),
    (
        Daemon::Dhcpd,
        Action::Running,
        "systemctl is-active --quiet isc-dhcp-server",
    ),
    (
        Daemon::Kea,
        Action::Check,
        "kea-dhcp4 -t /etc/kea/kea-dhcp4.conf",
    ),
    (
        Daemon::Kea,
        Action::Reload,
        "systemctl restart kea-dhcp4-server",
    ),
    (
        Daemon::Kea,
        Action::Running,
        "systemctl is-active --quiet kea-dhcp4-server",
    ),
    (
        Daemon::Shorewall,
        Action::Check,
        "shorewall check /etc/shorewall",
    ),
    (Daemon::Shorewall, Action::Reload, "shorewall reload"),
    (Daemon::Shorewall, Action::Running, "shorewall status"),
    (
        Daemon::Shorewall6,
        Action::Check,
        "shorewall6 check /etc/shorewall6",
    ),
    (Daemon::Shorewall6, Action::Reload, "shorewall6 reload"),
    (Daemon::Shorewall6, Action::Running, "shorewall6 status"),
    (
        Daemon::Radvd,
        Action::Check,
        "radvd --configtest -C /etc/radvd.conf",
    ),
    // Restarted, not sent a HUP: radvd does not run on a node until it has a radvd.conf.
    (Daemon::Radvd, Action::Reload, "systemctl restart radvd"),
    (
        Daemon::Radvd,
        Action::Running,
        "systemctl is-active --quiet radvd",
    ),
    (Daemon::Nginx, Action::Check, "nginx -t -q"),
    (Daemon::Nginx, Action::Reload, "systemctl reload nginx"),
    (
        Daemon::Nginx,
        Action::Running,
        "systemctl is-active --quiet nginx",
    ),
    (
        Daemon::Network,
        Action::Check,
        "ifquery --list -a -i /etc/network/interfaces",
    ),
];

/// The commands (run by `sh -c`) that check, reload and probe each daemon on this node.
#[derive(Debug, Clone)]
pub struct Services {
    commands: BTreeMap<(Daemon, Action), String>,
}

impl Services {
    /// A Debian node under systemd, each daemon taken in as its package does.
    pub fn systemd() -> Services {
        let commands = SYSTEMD
            .iter()
            .map(|&(d, a, c)| ((d, a), c.to_owned()))
            .collect();
        Services { commands }
    }

    /// The systemd commands, with those of a services file replacing them: TOML, a table per daemon
    /// (`named`, `dhcpd`, `kea`, `shorewall`, `shorewall6`, `radvd`, `nginx`, `network`) of `check`, `reload`, `reconfig`, `running`
    /// commands, for a node whose daemons run otherwise (or a test's, as plain processes).
    pub fn from_toml(text: &str) -> Result<Services, String> {
        let table: toml::Table = text.parse().map_err(|e| format!("{e}"))?;
        let mut services = Services::systemd();
        for (daemon, actions) in &table {
            let d = Daemon::parse(daemon).ok_or_else(|| format!("no daemon is named {daemon}"))?;
            let actions = actions
                .as_table()
                .ok_or_else(|| format!("{daemon}: a table of commands"))?;
            for (action, command) in actions {
                let a = [
                    Action::Check,
                    Action::Reload,
                    Action::Reconfig,
                    Action::Running,
                ]
                .into_iter()
                .find(|a| a.name() == action)
                .ok_or_else(|| format!("{daemon}.{action}: no such action"))?;
                let command = command
                    .as_str()
                    .ok_or_else(|| format!("{daemon}.{action}: a command, as a string"))?;
                services.commands.insert((d, a), command.to_owned());
            }
        }
        Ok(services)
    }

    /// The command that does `action` to `daemon`, if there is one.
    pub fn command(&self, daemon: Daemon, action: Action) -> Option<&str> {
        self.commands.get(&(daemon, action)).map(String::as_str)
    }
}

/// What reloading takes in the changed files at `paths`: each daemon's actions, in order.
pub fn reloads<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<(Daemon, Action)> {
    let effects: std::collections::BTreeSet<Effect> =
        paths.into_iter().filter_map(effect_of).collect();
    let mut out = Vec::new();
    for d in Daemon::ALL {
        match d {
            Daemon::Named => {
                if effects.contains(&Effect::NamedConfig) {
                    out.push((d, Action::Reconfig));
                }
                if effects.contains(&Effect::Zone) {
                    out.push((d, Action::Reload));
                }
            }
            Daemon::Network => {}
            _ => {
                if effects.contains(&Effect::Config(d)) {
                    out.push((d, Action::Reload));
                }
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code: a failure is a panic")]
mod tests {
    use super::{Action, Daemon, Services, effect_of, reloads};

    #[test]
    fn each_file_reloads_its_daemon_only() {
        assert_eq!(
            reloads(["etc/bind/db.farm", "etc/hosts"]),
            [(Daemon::Named, Action::Reload)]
        );
        assert_eq!(
            reloads(["etc/bind/named.conf.local", "etc/bind/db.10.10"]),
            [
                (Daemon::Named, Action::Reconfig),
                (Daemon::Named, Action::Reload)
            ]
        );
        assert_eq!(
            reloads([
                "etc/nginx/sites-enabled/a.example",
                "etc/nginx/sites-available/a.example",
                "etc/dhcp/dhcpd.conf",
                "etc/shorewall/rules",
                "etc/.farmgen-manifest",
                "etc/ganeti/provision.sh",
            ]),
            [
                (Daemon::Dhcpd, Action::Reload),
                (Daemon::Shorewall, Action::Reload),
                (Daemon::Nginx, Action::Reload)
            ]
        );
        assert_eq!(
            reloads(["etc/default/isc-dhcp-server"]),
            [(Daemon::Dhcpd, Action::Reload)]
        );
        assert!(reloads(["etc/network/interfaces", "etc/hosts"]).is_empty());
        assert_eq!(
            reloads([
                "etc/radvd.conf",
                "etc/shorewall6/rules",
                "etc/bind/db.2.0.0.1"
            ]),
            [
                (Daemon::Named, Action::Reload),
                (Daemon::Shorewall6, Action::Reload),
                (Daemon::Radvd, Action::Reload)
            ]
        );
        assert_eq!(
            effect_of("etc/network/interfaces").map(|e| e.daemon()),
            Some(Daemon::Network)
        );
        assert_eq!(effect_of("etc/nginxx/a"), None);
        // An HTTPS site's server and switch entry reload nginx; certbot's scripts reload nothing.
        assert_eq!(
            reloads([
                "etc/nginx/farm-tls/available/a.example.conf",
                "etc/nginx/farm-tls/available/a.example.map",
            ]),
            [(Daemon::Nginx, Action::Reload)]
        );
        assert!(reloads(["etc/nginx/farm-tls/deploy-hook", "etc/nginx/farm-tls/issue"]).is_empty());
        assert_eq!(
            reloads(["etc/kea/kea-dhcp4.conf"]),
            [(Daemon::Kea, Action::Reload)]
        );
        assert_eq!(
            Services::systemd().command(Daemon::Kea, Action::Reload),
            Some("systemctl restart kea-dhcp4-server")
        );
    }

    #[test]
    fn a_services_file_replaces_commands() {
        let s = Services::from_toml("[nginx]\nreload = \"kill -HUP 1\"\n").unwrap();
        assert_eq!(
            s.command(Daemon::Nginx, Action::Reload),
            Some("kill -HUP 1")
        );
        assert_eq!(s.command(Daemon::Nginx, Action::Check), Some("nginx -t -q"));
        assert_eq!(
            s.command(Daemon::Radvd, Action::Reload),
            Some("systemctl restart radvd")
        );
        assert!(Services::from_toml("[nginz]\nreload = \"x\"\n").is_err());
        assert!(Services::from_toml("[nginx]\nrestart = \"x\"\n").is_err());
    }
}
