//! Typed BIND zone files and `named.conf` statements.
//!
//! Every value that can reach a file is a type whose constructor checks it ([`Name`], [`Ttl`], [`Serial`],
//! [`Txt`], [`ConfPath`], ...), so a [`Zone`] or a [`NamedConf`] that exists can be written, and what is written
//! is what BIND will read back: `Display` is the canonical text and `FromStr` parses it again.
//!
//! ```
//! use std::net::Ipv4Addr;
//! use bind_zone::{Name, Record, RData, Soa, Serial, ZoneBuilder};
//!
//! let origin: Name = "farm.".parse()?;
//! let soa = Soa::new("ns".parse()?, "hostmaster".parse()?, Serial::new(2011031200),
//!     "1h".parse()?, "30m".parse()?, "2w".parse()?, "30m".parse()?)?;
//! let mut zone = ZoneBuilder::new(origin, "1h".parse()?, soa)?;
//! zone.push(Record::new("farm.".parse()?, None, RData::Ns("ns".parse()?))?)?;
//! zone.push(Record::new("ns".parse()?, None, RData::A(Ipv4Addr::new(10, 10, 0, 254)))?)?;
//! let zone = zone.finish()?;
//! assert!(zone.to_string().ends_with("@   IN  NS     ns\nns  IN  A      10.10.0.254\n"));
//! # Ok::<(), bind_zone::Error>(())
//! ```
#![deny(missing_docs)]

mod conf;
mod error;
mod name;
pub mod read;
mod record;
mod reverse;
mod serial;
mod soa;
mod ttl;
mod txt;
mod zone;

pub use conf::{
    AddressMatch, AddressMatchElement, AddressMatchList, ConfPath, DnssecValidation, NamedConf,
    Options, Statement, ZoneKind, ZoneStatement,
};
pub use error::Error;
pub use name::{Name, RelativeName};
pub use record::{Mx, RData, Record, RecordType, Srv};
pub use reverse::{
    ReverseZoneBuilder, ptr_owner, reverse_address, reverse_name, reverse_zone_name,
    reverse_zone_prefix,
};
pub use serial::{Serial, SerialDate};
pub use soa::Soa;
pub use ttl::Ttl;
pub use txt::Txt;
pub use vocabulary::Comment;
pub use zone::{Zone, ZoneBuilder, read_serial};
