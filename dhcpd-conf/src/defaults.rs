//! `/etc/default/isc-dhcp-server`, sourced by the init script.

use std::fmt;

use crate::{Comment, InterfaceName};

/// The interfaces dhcpd serves: `INTERFACESv4="br0"` and `INTERFACESv6=""` (today's names for the old
/// `INTERFACES`). Interface names cannot hold quotes, `$`, backquotes or white space, so the file is safe
/// to source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Defaults {
    /// Comment lines at the top.
    pub comments: Vec<Comment>,
    /// The interfaces to serve DHCPv4 on.
    pub interfaces_v4: Vec<InterfaceName>,
    /// The interfaces to serve DHCPv6 on.
    pub interfaces_v6: Vec<InterfaceName>,
}

impl Defaults {
    /// Writes the file.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        for comment in &self.comments {
            crate::write_comment(w, comment)?;
        }
        for (var, names) in [
            ("INTERFACESv4", &self.interfaces_v4),
            ("INTERFACESv6", &self.interfaces_v6),
        ] {
            write!(w, "{var}=\"")?;
            for (i, name) in names.iter().enumerate() {
                if i > 0 {
                    w.write_str(" ")?;
                }
                write!(w, "{name}")?;
            }
            w.write_str("\"\n")?;
        }
        Ok(())
    }
}

impl fmt::Display for Defaults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}
