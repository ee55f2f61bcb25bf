//! Hardware (MAC) addresses of reservations.

use std::fmt;

use macaddr::MacAddr6;

use crate::Error;

/// A host's Ethernet address: six bytes, unicast (the first byte even) and not all zeros. Written lowercase
/// with colons (`52:54:fb:77:1e:82`), as Kea writes it; read in any form [`MacAddr6`] reads.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct HwAddress(MacAddr6);

impl HwAddress {
    /// Checks `mac`: not all zeros, not multicast (nor so broadcast).
    pub fn new(mac: MacAddr6) -> Result<HwAddress, Error> {
        let invalid = |reason| Error::InvalidHwAddress {
            text: HwAddress(mac).to_string(),
            reason,
        };
        if mac.is_nil() {
            return Err(invalid("it is all zeros"));
        }
        if mac.is_multicast() {
            return Err(invalid("it is multicast (its first byte is odd)"));
        }
        Ok(HwAddress(mac))
    }

    /// Parses and checks `text`.
    pub fn parse(text: &str) -> Result<HwAddress, Error> {
        let mac = text
            .parse::<MacAddr6>()
            .map_err(|_| Error::InvalidHwAddress {
                text: text.to_owned(),
                reason: "it is not six hex bytes (52:54:00:12:34:56)",
            })?;
        HwAddress::new(mac)
    }

    /// The address.
    pub fn mac(self) -> MacAddr6 {
        self.0
    }
}

impl From<HwAddress> for MacAddr6 {
    fn from(a: HwAddress) -> MacAddr6 {
        a.0
    }
}

vocabulary::string_conversions!(HwAddress, Error, HwAddress::parse);

impl fmt::Display for HwAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0.into_array();
        write!(
            f,
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            b[0], b[1], b[2], b[3], b[4], b[5]
        )
    }
}
