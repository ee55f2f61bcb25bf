//! `shorewall.conf`.

use std::fmt;

/// A syslog level for logged rules and policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LogLevel {
    /// `info`.
    Info,
    /// `notice`.
    Notice,
    /// `warning`.
    Warning,
    /// `debug`.
    Debug,
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LogLevel::Info => "info",
            LogLevel::Notice => "notice",
            LogLevel::Warning => "warning",
            LogLevel::Debug => "debug",
        })
    }
}

/// `IP_FORWARDING`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IpForwarding {
    /// Shorewall turns forwarding on (what a host routing to its VMs needs).
    On,
    /// Shorewall turns it off.
    Off,
    /// Shorewall leaves it as it is.
    Keep,
}

/// The settings of `shorewall.conf` this crate writes; Shorewall's defaults apply to the rest. The
/// `CONFIG_PATH` is left at its default, so the folder works deployed as `/etc/shorewall`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShorewallConf {
    /// `STARTUP_ENABLED`: whether `shorewall start` may start it.
    pub startup_enabled: bool,
    /// `IP_FORWARDING`.
    pub ip_forwarding: IpForwarding,
    /// `LOG_LEVEL`, the level of the example policies' logging.
    pub log_level: LogLevel,
}

impl Default for ShorewallConf {
    /// Started at boot, forwarding on, logging at `info`.
    fn default() -> ShorewallConf {
        ShorewallConf {
            startup_enabled: true,
            ip_forwarding: IpForwarding::On,
            log_level: LogLevel::Info,
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

impl ShorewallConf {
    /// Writes it as `shorewall6.conf`: the same settings but `LOG_MARTIANS` (IPv4 only: Shorewall6 stops
    /// on it), and the default actions of the `DROP` and `REJECT` policies made to accept the ICMPv6 that
    /// IPv6 needs (`AllowICMPs`: neighbour and router discovery, packet too big), as Shorewall6's samples
    /// have them.
    pub fn write6(&self, f: &mut impl fmt::Write) -> fmt::Result {
        self.write_common(f)?;
        f.write_str("DROP_DEFAULT=\"AllowICMPs,Broadcast(DROP),Multicast(DROP)\"\n")?;
        f.write_str("REJECT_DEFAULT=\"AllowICMPs,Broadcast(DROP),Multicast(DROP)\"\n")?;
        f.write_str("VERBOSITY=1\n")
    }

    fn write_common(&self, f: &mut impl fmt::Write) -> fmt::Result {
        writeln!(f, "STARTUP_ENABLED={}", yes_no(self.startup_enabled))?;
        let forwarding = match self.ip_forwarding {
            IpForwarding::On => "On",
            IpForwarding::Off => "Off",
            IpForwarding::Keep => "Keep",
        };
        writeln!(f, "IP_FORWARDING={forwarding}")?;
        writeln!(f, "LOG_LEVEL=\"{}\"", self.log_level)?;
        // The kernel's log goes to the journal or syslog, whichever the machine has; `shorewall show log`
        // reads the journal instead of a /var/log/messages the machine may not have.
        f.write_str("LOGFILE=systemd\n")
    }
}

impl fmt::Display for ShorewallConf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_common(f)?;
        f.write_str("LOG_MARTIANS=Yes\n")?;
        f.write_str("VERBOSITY=1\n")
    }
}
