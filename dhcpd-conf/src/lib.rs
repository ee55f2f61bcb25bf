//! Typed ISC dhcpd 4.4 configuration (`dhcpd.conf`) and its defaults file (`/etc/default/isc-dhcp-server`).
//!
//! Every value is checked when it is made ([`Name`], [`InterfaceName`], [`Comment`], MACs by [`Host::new`]),
//! and a [`Config`] checks what `dhcpd -t` lets through: two hosts with one MAC, one fixed address or one
//! name, and a fixed address outside every declared subnet. MACs are [`macaddr::MacAddr6`] in the API and are
//! written lowercase with colons, as dhcpd writes them.
//!
//! dhcpd treats host declarations as global whatever scope they are written in (and warns when they are
//! written inside a subnet), so hosts live at the top level or in [`Group`]s, and subnets hold only their
//! own parameters.
//!
//! ```
//! use dhcpd_conf::{Config, Declaration, DhcpOption, FixedAddress, Group, Host, Subnet};
//! use std::net::Ipv4Addr;
//!
//! let subnet = Subnet::new("10.10.0.0/16".parse().unwrap(), None, vec![])?;
//! let host = Host::new("skaro.xivo.vm.farm".parse()?, [0x52, 0x54, 0xfb, 0x77, 0x1e, 0x82].into(),
//!     Some(FixedAddress::Address(Ipv4Addr::new(10, 10, 60, 2))),
//!     vec![DhcpOption::SubnetMask(Ipv4Addr::new(255, 255, 255, 255))])?;
//! let group = Group { options: vec![DhcpOption::Routers(vec![Ipv4Addr::new(10, 10, 0, 254)])],
//!     declarations: vec![Declaration::Host(host)] };
//! let config = Config::new(Default::default(), vec![Declaration::Subnet(subnet), Declaration::Group(group)])?;
//! assert!(config.to_string().contains("hardware ethernet 52:54:fb:77:1e:82;"));
//! # Ok::<(), dhcpd_conf::Error>(())
//! ```
#![deny(missing_docs)]

mod config;
mod defaults;
mod error;
mod host;
mod option;
pub mod read;
mod subnet;

pub use config::{Config, DdnsUpdateStyle, Declaration, Globals, Group, LogFacility};
pub use defaults::Defaults;
pub use error::Error;
pub use host::{FixedAddress, Host};
pub use option::DhcpOption;
pub use subnet::Subnet;
pub use vocabulary::Comment;
/// A host or domain name as dhcpd writes it (the shared vocabulary's host name): nothing in it needs quoting.
pub use vocabulary::HostName as Name;
/// A Linux interface name (the shared vocabulary's): nothing in it needs quoting in dhcpd's files or in a
/// shell assignment.
pub use vocabulary::InterfaceName;

/// A comment line as the format writes it: `#`, then a space and the text unless it is empty.
fn write_comment(w: &mut impl std::fmt::Write, comment: &Comment) -> std::fmt::Result {
    if comment.as_str().is_empty() {
        w.write_str("#\n")
    } else {
        writeln!(w, "# {comment}")
    }
}
