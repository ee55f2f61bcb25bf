//! The one error type of this crate.

/// Everything this crate can refuse, each variant naming the value it refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A DNS name with no text at all.
    #[error("empty DNS name: write `.` for the root")]
    EmptyName,
    /// A DNS name with an empty label: a leading dot or two dots in a row.
    #[error("DNS name {name:?} has an empty label (a leading dot, or two dots in a row)")]
    EmptyLabel {
        /// The name as given.
        name: String,
    },
    /// A label longer than 63 characters.
    #[error(
        "label {label:?} of DNS name {name:?} is {len} characters long; a label holds at most 63"
    )]
    LabelTooLong {
        /// The name as given.
        name: String,
        /// The label.
        label: String,
        /// Its length.
        len: usize,
    },
    /// A name longer than 253 characters (its trailing dot not counted).
    #[error("DNS name {name:?} is {len} characters long; a name holds at most 253")]
    NameTooLong {
        /// The name as given (or as joined).
        name: String,
        /// Its length.
        len: usize,
    },
    /// A character that no label may hold.
    #[error(
        "DNS name {name:?} holds {ch:?}; a label holds only letters, digits and `-` (and a leading `_` where a record type needs one)"
    )]
    InvalidCharacter {
        /// The name as given.
        name: String,
        /// The first character refused.
        ch: char,
    },
    /// A label that starts or ends with `-`, or an `_` with nothing after it.
    #[error("label {label:?} of DNS name {name:?} starts or ends with `-` (or is a bare `_`)")]
    BadLabelEdge {
        /// The name as given.
        name: String,
        /// The label.
        label: String,
    },
    /// A name with an `_` label where the record type wants a host name.
    #[error("{name} is not a host name (it has a label starting with `_`), as {context} must be")]
    NotHostName {
        /// The name.
        name: String,
        /// Where it was used, e.g. "the owner of an A record".
        context: &'static str,
    },
    /// A relative name where only an absolute one makes sense.
    #[error("DNS name {name:?} must be absolute (end with `.`) as {context}")]
    NotAbsolute {
        /// The name.
        name: String,
        /// Where it was used.
        context: &'static str,
    },
    /// An SRV owner that does not start with `_service._proto`.
    #[error("SRV owner {name} must start with two `_` labels, e.g. `_sip._tcp`")]
    SrvOwner {
        /// The owner.
        name: String,
    },
    /// A TTL that is not a BIND duration.
    #[error(
        "{text:?} is not a BIND duration ({reason}); write seconds (3600) or units (30m, 1h, 2w, 1w2d)"
    )]
    InvalidTtl {
        /// The text given.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A TTL over 2^31 - 1 seconds (RFC 2181).
    #[error("duration {text:?} is {seconds} s; at most 2147483647 s (RFC 2181)")]
    TtlTooLarge {
        /// The text given.
        text: String,
        /// Its value in seconds.
        seconds: u64,
    },
    /// A serial that is not a number from 0 to 4294967295.
    #[error("{text:?} is not a zone serial (a whole number from 0 to 4294967295)")]
    InvalidSerial {
        /// The text given.
        text: String,
    },
    /// An increment RFC 1982 does not define (over 2^31 - 1).
    #[error(
        "serial {serial} cannot move by {increment}: RFC 1982 allows at most 2147483647 at once"
    )]
    SerialIncrement {
        /// The serial.
        serial: u32,
        /// The increment asked for.
        increment: u32,
    },
    /// A managed serial that cannot move forward without wrapping.
    #[error(
        "serial {previous} cannot move forward without wrapping to 0; reset it deliberately as RFC 1982 section 7 describes"
    )]
    SerialExhausted {
        /// The serial in use.
        previous: u32,
    },
    /// A date that does not exist, or that does not fit a YYYYMMDDnn serial.
    #[error("{year:04}-{month:02}-{day:02} is not a date a YYYYMMDDnn serial can hold")]
    InvalidDate {
        /// Year.
        year: i64,
        /// Month.
        month: u32,
        /// Day.
        day: u32,
    },
    /// A TXT character-string over 255 bytes, or TXT data over 65535 bytes.
    #[error("TXT data too long: {len} bytes where at most {max} fit")]
    TxtTooLong {
        /// The length.
        len: usize,
        /// The limit broken.
        max: usize,
    },
    /// TXT text that does not parse as quoted strings.
    #[error("{text:?} is not TXT data ({reason}); write one or more \"quoted strings\"")]
    InvalidTxt {
        /// The text given.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A record line that does not parse.
    #[error("{text:?} is not a record ({reason}); write `OWNER [TTL] [IN] TYPE DATA`")]
    InvalidRecord {
        /// The text given.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A zone's origin that is not absolute, or an SOA name outside what the zone can express.
    #[error("record owner {owner} is outside the zone {origin}")]
    OutOfZone {
        /// The owner.
        owner: String,
        /// The zone's origin.
        origin: String,
    },
    /// A CNAME beside other data at one owner (RFC 1034 section 3.6.2), or at the apex.
    #[error(
        "{owner} has a CNAME and other data; a CNAME must stand alone (and never at the zone's apex)"
    )]
    CnameAndOtherData {
        /// The owner.
        owner: String,
    },
    /// Two records of one RRset (same owner and type) with different TTLs; BIND would use the first TTL for
    /// both.
    #[error("{owner} {rtype} records have TTLs {first} s and {second} s; an RRset has one TTL")]
    RrsetTtlMismatch {
        /// The owner.
        owner: String,
        /// The record type.
        rtype: &'static str,
        /// The TTL of the RRset so far, in seconds.
        first: u32,
        /// The TTL of the record refused, in seconds.
        second: u32,
    },
    /// The same record twice (BIND would merge them silently).
    #[error("record {record} is in the zone twice")]
    DuplicateRecord {
        /// The record.
        record: String,
    },
    /// A zone without an NS record at its apex.
    #[error("zone {origin} has no NS record at its apex; BIND refuses to load it")]
    NoApexNs {
        /// The zone's origin.
        origin: String,
    },
    /// An NS, MX or SRV record whose in-zone target has no address record.
    #[error("{rtype} target {target} is inside the zone but has no A or AAAA record")]
    TargetWithoutAddress {
        /// The record type.
        rtype: &'static str,
        /// The target.
        target: String,
    },
    /// An NS, MX or SRV record whose target is an alias (RFC 2181 section 10.3).
    #[error(
        "{rtype} target {target} is a CNAME; it must name a host with an address (RFC 2181 section 10.3)"
    )]
    TargetIsAlias {
        /// The record type.
        rtype: &'static str,
        /// The target.
        target: String,
    },
    /// A reverse-zone prefix that is not on an octet (IPv4) or nibble (IPv6) boundary.
    #[error(
        "{prefix} is not on an octet boundary (IPv4 /8, /16, /24) or nibble boundary (IPv6); classless delegation (RFC 2317) is not supported yet"
    )]
    NotOctetAligned {
        /// The prefix.
        prefix: String,
    },
    /// A prefix with host bits set where BIND wants a network (`10.1.0.0/16`, not `10.1.2.3/16`).
    #[error("{prefix} has host bits set; write the network address, {network}")]
    HostBitsSet {
        /// The prefix given.
        prefix: String,
        /// The network it means.
        network: String,
    },
    /// An element of an address-match list that is not an address, a prefix or a keyword.
    #[error(
        "{text:?} is not an address-match element (an address, a prefix, any, none, localhost or localnets, optionally after `!`)"
    )]
    InvalidAddressMatch {
        /// The text given.
        text: String,
    },
    /// A path that could not be written safely between quotes in named.conf.
    #[error("path {path:?} is refused: {reason}")]
    InvalidPath {
        /// The path given.
        path: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A word of the shared vocabulary refused (a comment line with a line break).
    #[error(transparent)]
    Vocabulary(#[from] vocabulary::Error),
    /// A secondary zone without primaries.
    #[error("secondary zone {zone} names no primaries")]
    NoPrimaries {
        /// The zone.
        zone: String,
    },
}
