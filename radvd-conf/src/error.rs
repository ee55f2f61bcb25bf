//! The one error type of this crate.

/// Everything this crate can refuse, each variant naming the value it refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An interface name Linux would refuse, or one that needs quoting.
    #[error("{name:?} is not an interface name ({reason})")]
    InvalidInterface {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A DNS search domain that is not made of letter-digit-hyphen labels.
    #[error("{name:?} is not a DNS name ({reason})")]
    InvalidName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A prefix that SLAAC cannot use: not IPv6, not a /64, host bits set, or not a unicast global or
    /// unique local prefix.
    #[error("prefix {prefix:?} is refused: {reason}")]
    InvalidPrefix {
        /// The prefix given.
        prefix: String,
        /// Why.
        reason: &'static str,
    },
    /// Advertisement intervals outside RFC 4861's ranges, which radvd refuses when it starts (its `-c`
    /// check lets them through): 4 <= MaxRtrAdvInterval <= 1800, 3 <= MinRtrAdvInterval <= 0.75 x Max.
    #[error("MinRtrAdvInterval {min}, MaxRtrAdvInterval {max}: {reason}")]
    InvalidIntervals {
        /// `MinRtrAdvInterval`, in seconds.
        min: u16,
        /// `MaxRtrAdvInterval`, in seconds.
        max: u16,
        /// Which rule.
        reason: &'static str,
    },
    /// A DNS server address that cannot be one: multicast, unspecified, loopback or link-local.
    #[error("RDNSS {address} is refused: {reason}")]
    InvalidRdnss {
        /// The address.
        address: String,
        /// Why.
        reason: &'static str,
    },
    /// No DNS server: the advertisement would give SLAAC hosts an address and no resolver.
    #[error("at least one RDNSS address is needed")]
    NoRdnss,
    /// More than the 3 addresses radvd takes in one RDNSS ("too many addresses in RDNSS section").
    #[error("{count} RDNSS addresses: radvd takes at most 3")]
    TooManyRdnss {
        /// How many were given.
        count: usize,
    },
    /// More search domains than one DNSSL option holds (2,032 bytes of names in wire form).
    #[error(
        "the DNSSL names take {bytes} bytes in an advertisement, over the 2032 one option holds"
    )]
    DnsslTooLong {
        /// Their length in wire form.
        bytes: usize,
    },
    /// Something given twice.
    #[error("{what} {value} is given twice")]
    Duplicate {
        /// What kind of thing.
        what: &'static str,
        /// The value.
        value: String,
    },
    /// A word of the shared vocabulary refused (a comment line with a control character).
    #[error(transparent)]
    Vocabulary(#[from] vocabulary::Error),
}
