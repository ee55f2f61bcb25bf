//! The one error type of this crate.

/// Everything this crate can refuse, each variant naming the value it refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A zone name Shorewall refuses.
    #[error("{name:?} is not a Shorewall zone name ({reason})")]
    InvalidZone {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A param name that is not a shell variable name, or is reserved.
    #[error("{name:?} cannot be a Shorewall param ({reason})")]
    InvalidParamName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A param value that could be misread when the params file is sourced.
    #[error(
        "param value {value:?} is refused: only ASCII letters, digits and . : / , _ - are allowed"
    )]
    InvalidParamValue {
        /// The value given.
        value: String,
    },
    /// An interface name Linux would refuse or Shorewall could misread.
    #[error("{name:?} is not an interface name ({reason})")]
    InvalidInterface {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A macro Shorewall does not ship.
    #[error("{name:?} is not a Shorewall macro")]
    UnknownMacro {
        /// The name given.
        name: String,
    },
    /// A rule that does not make sense as written.
    #[error("rule {rule}: {reason}")]
    InvalidRule {
        /// The rule, as far as it could be written.
        rule: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A port range whose low end is above its high end, or a port 0.
    #[error("port range {low}:{high} is not a range of ports from 1 to 65535")]
    InvalidPorts {
        /// Low end.
        low: u16,
        /// High end.
        high: u16,
    },
    /// A zone named by a file but not defined in `zones`.
    #[error("{file}: zone {zone} is not defined in zones")]
    UnknownZone {
        /// The file that names it.
        file: &'static str,
        /// The zone.
        zone: String,
    },
    /// A param used by a file but not defined in `params`.
    #[error("{file}: ${param} is not defined in params")]
    UndefinedParam {
        /// The file that uses it.
        file: &'static str,
        /// The param.
        param: String,
    },
    /// Something defined twice.
    #[error("{what} {name} is defined twice")]
    Duplicate {
        /// What kind of thing.
        what: &'static str,
        /// Its name.
        name: String,
    },
    /// A rule set without exactly one firewall zone, or an interface in the firewall zone.
    #[error("{reason}")]
    FirewallZone {
        /// What is wrong.
        reason: &'static str,
    },
    /// An IPv4 value in a Shorewall6 rule set, or an IPv6 one in a Shorewall rule set; or an option
    /// Shorewall6 refuses (`routefilter`, `logmartians`: the kernel has them for IPv4 only).
    #[error("{what} has no place in a {family} rule set")]
    WrongFamily {
        /// The value, as written.
        what: String,
        /// `Shorewall` (IPv4) or `Shorewall6`.
        family: &'static str,
    },
    /// A list that must not be empty.
    #[error("{what} must not be empty")]
    Empty {
        /// What was empty.
        what: &'static str,
    },
    /// A word of the shared vocabulary refused (a comment line with a line break).
    #[error(transparent)]
    Vocabulary(#[from] vocabulary::Error),
}
