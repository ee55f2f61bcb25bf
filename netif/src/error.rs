//! The one error type of this crate.

/// Everything this crate can refuse, each variant naming the value it refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An interface name that Linux would refuse or a shell could misread.
    #[error("{name:?} is not an interface name ({reason})")]
    InvalidInterface {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A prefix with host bits where a network is meant (`ip route` refuses it).
    #[error("{given} has host bits set; the network is {network}")]
    HostBitsSet {
        /// The prefix given.
        given: String,
        /// The network it means.
        network: String,
    },
    /// A static address that is its network's network or broadcast address.
    #[error("{address} is the network or broadcast address of its prefix, not a host's")]
    NotAHostAddress {
        /// The address.
        address: String,
    },
    /// An IPv6 address an interface cannot have as its own.
    #[error("{address} cannot be an interface's IPv6 address: {reason}")]
    NotAHostAddress6 {
        /// The address.
        address: String,
        /// Why.
        reason: &'static str,
    },
    /// A route whose gateway is of another address family than its prefix.
    #[error("route to {prefix} via {gateway}: the gateway is of another address family")]
    FamilyMismatch {
        /// The prefix.
        prefix: String,
        /// The gateway.
        gateway: String,
    },
    /// A gateway outside the interface's network.
    #[error("gateway {gateway} is outside {network}, the network of the interface's address")]
    GatewayOutside {
        /// The gateway.
        gateway: String,
        /// The network.
        network: String,
    },
    /// A setting that does not fit the interface (a bridge on the loopback, a bridge on an alias).
    #[error("interface {name}: {reason}")]
    Unfit {
        /// The interface.
        name: String,
        /// What does not fit.
        reason: &'static str,
    },
    /// Two `iface` stanzas for one interface (ifupdown merges them without a word).
    #[error("interface {name} has two iface stanzas")]
    DuplicateIface {
        /// The interface.
        name: String,
    },
    /// `auto` or `allow-hotplug` of an interface that has no `iface` stanza.
    #[error("{stanza} names {name}, which has no iface stanza")]
    NoStanza {
        /// `auto` or `allow-hotplug`.
        stanza: &'static str,
        /// The interface.
        name: String,
    },
    /// A list that must not be empty.
    #[error("{what} must not be empty")]
    Empty {
        /// What was empty.
        what: &'static str,
    },
    /// A path for `source` that could end the line or be misread.
    #[error(
        "source path {path:?} is refused: only ASCII letters, digits and / . _ - * are allowed"
    )]
    InvalidPath {
        /// The path.
        path: String,
    },
    /// Two /etc/hosts lines for one address.
    #[error("address {address} has two lines in /etc/hosts; give it one line with every name")]
    DuplicateAddress {
        /// The address.
        address: String,
    },
    /// A word of the shared vocabulary refused (a comment line with a line break).
    #[error(transparent)]
    Vocabulary(#[from] vocabulary::Error),
}
