//! The one error type of this crate.

/// Everything this crate can refuse, each variant naming the value it refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A word of the shared vocabulary refused (a host or domain name that is not letter-digit-hyphen
    /// labels).
    #[error(transparent)]
    Vocabulary(#[from] vocabulary::Error),
    /// A shared network name that is empty, too long or holds more than letters, digits, `.`, `_`, `-`.
    #[error("{name:?} is not a shared network name ({reason})")]
    InvalidNetworkName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A hardware address that is not six bytes, or cannot be a host's (multicast or all zeros).
    #[error("hardware address {text:?} is refused: {reason}")]
    InvalidHwAddress {
        /// The text given, or the address.
        text: String,
        /// Why.
        reason: &'static str,
    },
    /// A subnet id outside 1 to 4294967294 (Kea takes 0 as "number it for me", and refuses 2^32 - 1).
    #[error("subnet id {id} is outside 1 to 4294967294")]
    InvalidSubnetId {
        /// The id given.
        id: String,
    },
    /// A file path that is not absolute, has a `..` component or a control character, or is too long.
    #[error("path {path:?} is refused: {reason}")]
    InvalidPath {
        /// The path given.
        path: String,
        /// Why.
        reason: &'static str,
    },
    /// A network written with host bits set (`10.10.60.1/24`), which Kea reads as another network.
    #[error("{given} has host bits set: the network is {network}")]
    HostBitsSet {
        /// The network given.
        given: String,
        /// The network it means.
        network: String,
    },
    /// Timers not in the order DHCP needs: 0 < renew-timer < rebind-timer < valid-lifetime.
    #[error(
        "renew-timer {renew}, rebind-timer {rebind}, valid-lifetime {valid}: they must grow strictly from above 0"
    )]
    LifetimesOutOfOrder {
        /// `renew-timer` (T1), in seconds.
        renew: u32,
        /// `rebind-timer` (T2), in seconds.
        rebind: u32,
        /// `valid-lifetime`, in seconds.
        valid: u32,
    },
    /// Some but not all of `valid-lifetime`, `renew-timer` and `rebind-timer` in a file read back.
    #[error("valid-lifetime, renew-timer and rebind-timer are given together or not at all")]
    PartialLifetimes,
    /// An option whose list of values is empty.
    #[error("option {option} needs at least one value")]
    EmptyOption {
        /// The option's name.
        option: &'static str,
    },
    /// More values than the option carries.
    #[error("option {option} takes at most {max} values")]
    TooManyValues {
        /// The option's name.
        option: &'static str,
        /// How many it takes.
        max: usize,
    },
    /// One option given twice at one level (Kea would send one of them).
    #[error("option {option} is given twice in {scope}")]
    DuplicateOption {
        /// The option's name.
        option: &'static str,
        /// Where: `the global options`, `subnet 7`, ...
        scope: String,
    },
    /// An option this crate does not type, in a file read back.
    #[error("option {name:?} is not one this crate writes")]
    UnknownOption {
        /// The option's name.
        name: String,
    },
    /// An option's `data` that does not parse as its type, in a file read back.
    #[error("option {option}: {data:?} does not parse ({reason})")]
    InvalidOptionData {
        /// The option's name.
        option: &'static str,
        /// The data given.
        data: String,
        /// Why.
        reason: String,
    },
    /// A reservation whose address is not in its subnet: Kea refuses the file.
    #[error("reservation {address} ({hw_address}) is outside its subnet {subnet}")]
    ReservationOutsideSubnet {
        /// The reserved address.
        address: String,
        /// The reservation's hardware address.
        hw_address: String,
        /// The subnet holding it.
        subnet: String,
    },
    /// A reservation of a subnet's network or broadcast address, which no host can use.
    #[error("reservation {address} ({hw_address}) is the {which} address of {subnet}")]
    ReservationNotAHost {
        /// The reserved address.
        address: String,
        /// The reservation's hardware address.
        hw_address: String,
        /// `network` or `broadcast`.
        which: &'static str,
        /// The subnet.
        subnet: String,
    },
    /// Two subnets with one id: Kea refuses the file.
    #[error("subnet id {id} is given to both {first} and {second}")]
    DuplicateSubnetId {
        /// The id.
        id: u32,
        /// The first subnet.
        first: String,
        /// The second subnet.
        second: String,
    },
    /// Two subnets that share addresses: Kea refuses equal ones and would pick one of the others.
    #[error("subnets {first} and {second} overlap")]
    OverlappingSubnets {
        /// The first subnet.
        first: String,
        /// The second subnet.
        second: String,
    },
    /// Two reservations with one hardware address: the host would get only one of the addresses.
    #[error("hardware address {hw_address} is reserved both {first} and {second}")]
    DuplicateHwAddress {
        /// The hardware address.
        hw_address: String,
        /// The first reservation's address.
        first: String,
        /// The second reservation's address.
        second: String,
    },
    /// Two reservations of one address.
    #[error("address {address} is reserved for both {first} and {second}")]
    DuplicateAddress {
        /// The address.
        address: String,
        /// The first reservation's hardware address.
        first: String,
        /// The second reservation's hardware address.
        second: String,
    },
    /// Two reservations with one hostname.
    #[error("hostname {hostname} is given to both {first} and {second}")]
    DuplicateHostname {
        /// The hostname.
        hostname: String,
        /// The first reservation's address.
        first: String,
        /// The second reservation's address.
        second: String,
    },
    /// Two shared networks with one name: Kea refuses the file.
    #[error("shared network {name} is declared twice")]
    DuplicateSharedNetwork {
        /// The name.
        name: String,
    },
    /// One interface listed twice in `interfaces-config`.
    #[error("interface {name} is listed twice")]
    DuplicateInterface {
        /// The interface.
        name: String,
    },
    /// No interface to serve: Kea would start and answer nobody.
    #[error("no interface to serve: list at least one")]
    NoInterface,
    /// A shared network or subnet tied to an interface Kea does not listen on: its hosts get no answer.
    #[error("{scope} is on interface {interface}, which is not among the interfaces served")]
    InterfaceNotServed {
        /// The interface.
        interface: String,
        /// The shared network or subnet.
        scope: String,
    },
    /// A subnet of a shared network tied to another interface than the network's.
    #[error(
        "subnet {subnet} is on interface {subnet_interface} inside shared network {network} on {network_interface}"
    )]
    InterfaceMismatch {
        /// The subnet.
        subnet: String,
        /// Its interface.
        subnet_interface: String,
        /// The shared network.
        network: String,
        /// The shared network's interface.
        network_interface: String,
    },
    /// A control socket path longer than a Unix socket address holds (107 bytes).
    #[error("control socket path {path:?} is over 107 bytes, the most a Unix socket address holds")]
    SocketPathTooLong {
        /// The path.
        path: String,
    },
    /// A lease database other than a persistent memfile, in a file read back.
    #[error("lease database {what} is not one this crate writes (a persistent memfile)")]
    UnsupportedLeaseDatabase {
        /// What was found.
        what: String,
    },
    /// A value of a file read back that is not one this crate writes.
    #[error("{what} {value:?} is not one this crate writes")]
    Unsupported {
        /// What kind of value.
        what: &'static str,
        /// The value.
        value: String,
    },
    /// Text that is not the JSON of a Kea DHCPv4 configuration this crate writes.
    #[error("not a kea-dhcp4 configuration this crate reads: {message}")]
    Json {
        /// serde_json's message, with line and column.
        message: String,
    },
}
