//! Host declarations: reservations by MAC.

use std::fmt;
use std::net::Ipv4Addr;

use macaddr::MacAddr6;

use crate::{DhcpOption, Error, Name};

/// What a host's `fixed-address` names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FixedAddress {
    /// An address (what a generator should write: dhcpd needs no DNS to start).
    Address(Ipv4Addr),
    /// A name dhcpd resolves when it starts.
    Name(Name),
}

impl fmt::Display for FixedAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FixedAddress::Address(a) => write!(f, "{a}"),
            FixedAddress::Name(n) => write!(f, "{n}"),
        }
    }
}

/// `host NAME { hardware ethernet MAC; fixed-address ...; options }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    name: Name,
    mac: MacAddr6,
    fixed_address: Option<FixedAddress>,
    options: Vec<DhcpOption>,
}

impl Host {
    /// Checks the host: its MAC unicast and not all zeros, its options.
    pub fn new(
        name: Name,
        mac: MacAddr6,
        fixed_address: Option<FixedAddress>,
        options: Vec<DhcpOption>,
    ) -> Result<Host, Error> {
        if mac.is_nil() {
            return Err(Error::InvalidMac {
                mac: Mac(mac).to_string(),
                reason: "all zeros",
            });
        }
        if mac.is_multicast() {
            return Err(Error::InvalidMac {
                mac: Mac(mac).to_string(),
                reason: "multicast (its first byte is odd)",
            });
        }
        for option in &options {
            option.check()?;
        }
        Ok(Host {
            name,
            mac,
            fixed_address,
            options,
        })
    }

    /// The declaration's name.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The MAC.
    pub fn mac(&self) -> MacAddr6 {
        self.mac
    }

    /// The fixed address, if any.
    pub fn fixed_address(&self) -> Option<&FixedAddress> {
        self.fixed_address.as_ref()
    }

    /// The host's own options.
    pub fn options(&self) -> &[DhcpOption] {
        &self.options
    }

    /// The MAC as dhcpd writes it: lowercase, with colons.
    pub fn mac_text(&self) -> impl fmt::Display + use<> {
        Mac(self.mac)
    }
}

/// A MAC written lowercase with colons (`macaddr` writes uppercase).
pub(crate) struct Mac(pub(crate) MacAddr6);

impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_mac(f, self.0.as_bytes())
    }
}

/// `b` as six lowercase hex pairs joined by colons, written at once.
fn write_mac(f: &mut fmt::Formatter<'_>, b: &[u8]) -> fmt::Result {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = [b':'; 17];
    for (i, byte) in b.iter().take(6).enumerate() {
        text[i * 3] = HEX[usize::from(byte >> 4)];
        text[i * 3 + 1] = HEX[usize::from(byte & 0xf)];
    }
    // Only ASCII hex digits and colons were written.
    f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
}
