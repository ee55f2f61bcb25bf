//! The one error type of this crate.

/// Everything this crate can refuse, each variant naming the value it refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A MAC that cannot be a host's: multicast (and so broadcast) or all zeros.
    #[error("MAC {mac} cannot be a host's: it is {reason}")]
    InvalidMac {
        /// The MAC, lowercase.
        mac: String,
        /// Why: multicast or all zeros.
        reason: &'static str,
    },
    /// Two hosts with one MAC: dhcpd would answer only one of them.
    #[error("MAC {mac} is given to both {first} and {second}")]
    DuplicateMac {
        /// The MAC, lowercase.
        mac: String,
        /// The first host.
        first: String,
        /// The second host.
        second: String,
    },
    /// Two hosts with one fixed address.
    #[error("fixed address {address} is given to both {first} and {second}")]
    DuplicateFixedAddress {
        /// The address.
        address: String,
        /// The first host.
        first: String,
        /// The second host.
        second: String,
    },
    /// Two host declarations with one name.
    #[error("host {name} is declared twice")]
    DuplicateHost {
        /// The host's name.
        name: String,
    },
    /// A fixed address outside every subnet the configuration declares: dhcpd would never hand it out.
    #[error("host {host}: fixed address {address} is outside every declared subnet ({subnets})")]
    OutsideSubnets {
        /// The host.
        host: String,
        /// Its fixed address.
        address: String,
        /// The subnets declared.
        subnets: String,
    },
    /// Two subnet declarations for one network, or overlapping ones.
    #[error("subnets {first} and {second} overlap")]
    OverlappingSubnets {
        /// The first.
        first: String,
        /// The second.
        second: String,
    },
    /// A subnet given with host bits set.
    #[error("subnet {given} has host bits set; write {network}")]
    HostBitsSet {
        /// The prefix given.
        given: String,
        /// The network it means.
        network: String,
    },
    /// A range that is reversed or not inside its subnet.
    #[error("range {low} {high} is {reason} of subnet {subnet}")]
    InvalidRange {
        /// Low end.
        low: String,
        /// High end.
        high: String,
        /// The subnet.
        subnet: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A subnet mask that is not a contiguous run of ones.
    #[error("{mask} is not a subnet mask (ones, then zeros)")]
    InvalidMask {
        /// The mask.
        mask: String,
    },
    /// An option that needs at least one address was given none.
    #[error("option {option} needs at least one value")]
    EmptyOption {
        /// The option.
        option: &'static str,
    },
    /// The default lease time is longer than the maximum.
    #[error("default-lease-time {default} is longer than max-lease-time {max}")]
    LeaseTimes {
        /// The default.
        default: u32,
        /// The maximum.
        max: u32,
    },
    /// A word of the shared vocabulary refused (a comment line with a line break).
    #[error(transparent)]
    Vocabulary(#[from] vocabulary::Error),
}
