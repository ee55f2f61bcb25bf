//! Typed ifupdown configuration (`/etc/network/interfaces`) and `/etc/hosts`.
//!
//! Interface names, addresses, routes and host names are checked types; the `up`/`down` hooks are typed
//! `ip` commands (a route to a prefix through an interface, a blackhole route, an extra address), never free
//! text, so nothing written can run more than the command it is. [`Interfaces`] checks what `ifup -n`
//! lets through: two stanzas for one interface, `auto` of an interface without a stanza.
//!
//! ```
//! use netif::{Hook, Iface, Interfaces, IpCommand, Method, Stanza, Static};
//!
//! let br0: netif::InterfaceName = "br0".parse()?;
//! let iface = Iface::new(br0.clone(), Method::Static(Static::new("10.10.0.254/32".parse().unwrap(), None)?),
//!     None, vec![Hook::Up(IpCommand::route_dev("10.10.60.0/24".parse().unwrap(), br0.clone())?)])?;
//! let file = Interfaces::new(vec![], vec![Stanza::Auto(vec![br0]), Stanza::Iface(iface)])?;
//! assert!(file.to_string().contains("\tup ip route add 10.10.60.0/24 dev br0\n\tdown ip route del 10.10.60.0/24 dev br0\n"));
//! # Ok::<(), netif::Error>(())
//! ```
#![deny(missing_docs)]

mod error;
mod hosts;
mod inet6;
mod interfaces;
mod name;
pub mod read;

pub use error::Error;
pub use hosts::{Hosts, HostsEntry};
pub use inet6::{Iface6, Static6};
pub use interfaces::{
    Bridge, BridgePorts, Hook, Iface, Interfaces, IpCommand, Method, SourcePath, Stanza, Static,
};
pub use name::InterfaceName;
pub use vocabulary::{Comment, HostName};

/// A comment line as the format writes it: `#`, then a space and the text unless it is empty.
fn write_comment(w: &mut impl std::fmt::Write, comment: &Comment) -> std::fmt::Result {
    if comment.as_str().is_empty() {
        w.write_str("#\n")
    } else {
        writeln!(w, "# {comment}")
    }
}
