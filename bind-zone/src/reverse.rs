//! Reverse zones: zone names for prefixes, PTR owners for addresses, and PTRs derived from address records.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::net::IpAddr;

use ipnet::IpNet;

use crate::{Error, Name, RData, Record, Soa, Ttl, Zone, ZoneBuilder};

/// How many labels of the reverse name a prefix fixes: octets (IPv4) or nibbles (IPv6).
fn fixed_labels(prefix: IpNet) -> Result<usize, Error> {
    let not_aligned = || Error::NotOctetAligned {
        prefix: prefix.to_string(),
    };
    let len = usize::from(prefix.prefix_len());
    let labels = match prefix {
        IpNet::V4(_) if matches!(len, 8 | 16 | 24) => len / 8,
        IpNet::V6(_) if len % 4 == 0 && (4..=124).contains(&len) => len / 4,
        _ => return Err(not_aligned()),
    };
    if prefix.trunc() != prefix {
        return Err(Error::HostBitsSet {
            prefix: prefix.to_string(),
            network: prefix.trunc().to_string(),
        });
    }
    Ok(labels)
}

/// The labels of an address's reverse name, leftmost (least significant) first, without the suffix.
fn reverse_labels(addr: IpAddr) -> Vec<String> {
    match addr {
        IpAddr::V4(v4) => v4.octets().iter().rev().map(u8::to_string).collect(),
        IpAddr::V6(v6) => v6
            .octets()
            .iter()
            .rev()
            .flat_map(|b| [b & 0x0f, b >> 4])
            .map(|nibble| format!("{nibble:x}"))
            .collect(),
    }
}

/// The labels of `addr`'s reverse name below a zone that fixes `fixed` of them, in one string (`2.60`).
fn owner_text(addr: IpAddr, fixed: usize) -> String {
    let mut text = String::with_capacity(24);
    write_owner(&mut text, addr, fixed);
    text
}

/// Writes the labels of `addr`'s reverse name that a prefix fixing `fixed` labels leaves, lowest first.
fn write_owner(text: &mut String, addr: IpAddr, fixed: usize) {
    match addr {
        IpAddr::V4(v4) => {
            let octets = v4.octets();
            for (i, octet) in octets.iter().rev().take(4 - fixed.min(4)).enumerate() {
                if i > 0 {
                    text.push('.');
                }
                let _ = crate::record::write_octet(text, *octet);
            }
        }
        IpAddr::V6(v6) => {
            let nibbles = v6
                .octets()
                .iter()
                .rev()
                .flat_map(|b| [b & 0x0f, b >> 4])
                .collect::<Vec<u8>>();
            for (i, nibble) in nibbles.iter().take(32 - fixed.min(32)).enumerate() {
                if i > 0 {
                    text.push('.');
                }
                let _ = write!(text, "{nibble:x}");
            }
        }
    }
}

fn suffix(addr: IpAddr) -> &'static str {
    match addr {
        IpAddr::V4(_) => "in-addr.arpa.",
        IpAddr::V6(_) => "ip6.arpa.",
    }
}

fn to_name(labels: &[String], tail: &str) -> Result<Name, Error> {
    let mut text = labels.join(".");
    if !tail.is_empty() {
        if !text.is_empty() {
            text.push('.');
        }
        text.push_str(tail);
    }
    Name::new(&text)
}

/// The reverse zone of an octet-aligned IPv4 prefix (`10.10.0.0/16` is `10.10.in-addr.arpa.`) or a
/// nibble-aligned IPv6 prefix.
pub fn reverse_zone_name(prefix: IpNet) -> Result<Name, Error> {
    let fixed = fixed_labels(prefix)?;
    let labels = reverse_labels(prefix.network());
    to_name(&labels[labels.len() - fixed..], suffix(prefix.network()))
}

/// The labels of `name` before `in-addr.arpa.` (false) or `ip6.arpa.` (true), least significant first,
/// each parsed as an octet or a nibble in its canonical form (`10`, not `010`; `a`, lowercase).
fn arpa_digits(name: &Name) -> Option<(Vec<u8>, bool)> {
    if !name.is_absolute() {
        return None;
    }
    let labels: Vec<&str> = name.labels().collect();
    let (head, ipv6) = match labels.as_slice() {
        [head @ .., "in-addr", "arpa"] => (head, false),
        [head @ .., "ip6", "arpa"] => (head, true),
        _ => return None,
    };
    let digit = |label: &&str| -> Option<u8> {
        let value = if ipv6 {
            u8::from_str_radix(label, 16).ok().filter(|n| *n < 16)?
        } else {
            label.parse::<u8>().ok()?
        };
        let canonical = if ipv6 {
            format!("{value:x}")
        } else {
            value.to_string()
        };
        (canonical == *label).then_some(value)
    };
    Some((head.iter().map(digit).collect::<Option<Vec<u8>>>()?, ipv6))
}

/// The address whose leading digits are `digits` (least significant first, as a reverse name has them),
/// and the prefix length they fix.
fn from_digits(digits: impl DoubleEndedIterator<Item = u8>, ipv6: bool) -> Option<(IpAddr, u8)> {
    let (width, total) = if ipv6 { (4, 128) } else { (8, 32) };
    let mut value = 0u128;
    let mut len = 0u32;
    for digit in digits.rev() {
        len += width;
        if len > total {
            return None;
        }
        value |= u128::from(digit) << (total - len);
    }
    let addr = if ipv6 {
        IpAddr::V6(value.into())
    } else {
        IpAddr::V4(u32::try_from(value).ok()?.into())
    };
    Some((addr, u8::try_from(len).ok()?))
}

/// The prefix whose reverse zone `name` is: the inverse of [`reverse_zone_name`]
/// (`10.10.in-addr.arpa.` is `10.10.0.0/16`; each label under `ip6.arpa.` a nibble); `None` for a name that
/// is not the zone of a prefix [`reverse_zone_name`] takes.
pub fn reverse_zone_prefix(name: &Name) -> Option<IpNet> {
    let (digits, ipv6) = arpa_digits(name)?;
    let (addr, len) = from_digits(digits.into_iter(), ipv6)?;
    let prefix = IpNet::new(addr, len).ok()?;
    fixed_labels(prefix).is_ok().then_some(prefix)
}

/// The address whose full reverse name `name` is: the inverse of [`reverse_name`]
/// (`2.60.10.10.in-addr.arpa.` is `10.10.60.2`); `None` for any other name.
pub fn reverse_address(name: &Name) -> Option<IpAddr> {
    let (digits, ipv6) = arpa_digits(name)?;
    let full = if ipv6 { 32 } else { 4 };
    if digits.len() != full {
        return None;
    }
    from_digits(digits.into_iter(), ipv6).map(|(addr, _)| addr)
}

/// The full reverse name of an address: `10.10.60.2` is `2.60.10.10.in-addr.arpa.`.
pub fn reverse_name(addr: IpAddr) -> Name {
    let mut text = String::with_capacity(72);
    for label in reverse_labels(addr) {
        let _ = write!(text, "{label}.");
    }
    text.push_str(suffix(addr));
    // Digits and hex nibbles under in-addr.arpa or ip6.arpa always make a valid name.
    Name::new(&text).unwrap_or_else(|_| Name::root())
}

/// The owner of `addr`'s PTR relative to the reverse zone of `prefix` (`2.60` for `10.10.60.2` in
/// `10.10.0.0/16`); `Ok(None)` if the address is outside the prefix.
pub fn ptr_owner(prefix: IpNet, addr: IpAddr) -> Result<Option<Name>, Error> {
    let fixed = fixed_labels(prefix)?;
    if !prefix.contains(&addr) {
        return Ok(None);
    }
    Ok(Some(Name::from_reverse_labels(
        owner_text(addr, fixed),
        false,
    )))
}

/// Builds the reverse zone of a prefix, deriving one PTR per address from address records.
///
/// An address named by several records maps back to the first of them: one PTR per address, so that a
/// reverse lookup has one answer.
#[derive(Debug)]
pub struct ReverseZoneBuilder {
    prefix: IpNet,
    /// How many labels of a reverse name the prefix fixes.
    fixed: usize,
    zone: ZoneBuilder,
    mapped: HashSet<IpAddr>,
}

impl ReverseZoneBuilder {
    /// The reverse zone of `prefix` (octet- or nibble-aligned), with `$TTL default_ttl` and `soa`.
    pub fn new(prefix: IpNet, default_ttl: Ttl, soa: Soa) -> Result<ReverseZoneBuilder, Error> {
        let origin = reverse_zone_name(prefix)?;
        Ok(ReverseZoneBuilder {
            prefix,
            fixed: fixed_labels(prefix)?,
            zone: ZoneBuilder::new(origin, default_ttl, soa)?,
            mapped: HashSet::new(),
        })
    }

    /// The prefix.
    pub fn prefix(&self) -> IpNet {
        self.prefix
    }

    /// The underlying builder, for the zone's own records (its NS, a comment).
    pub fn zone_mut(&mut self) -> &mut ZoneBuilder {
        &mut self.zone
    }

    /// Maps `addr` back to `name` (absolute). `Ok(false)` if the address is outside the prefix or already
    /// mapped.
    pub fn map(&mut self, addr: IpAddr, name: &Name) -> Result<bool, Error> {
        if !name.is_absolute() {
            return Err(Error::NotAbsolute {
                name: name.to_string(),
                context: "a PTR target in a derived reverse zone",
            });
        }
        if !self.prefix.contains(&addr) || self.mapped.contains(&addr) {
            return Ok(false);
        }
        // The owner made absolute at once: its labels, then the origin's.
        let origin = self.zone.origin().without_dot();
        let mut text = String::with_capacity(40 + origin.len());
        write_owner(&mut text, addr, self.fixed);
        if !text.is_empty() {
            text.push('.');
        }
        text.push_str(origin);
        let owner = Name::from_reverse_labels(text, true);
        self.zone
            .push(Record::new(owner, None, RData::Ptr(name.clone()))?)?;
        self.mapped.insert(addr);
        Ok(true)
    }

    /// A PTR for every A and AAAA record of `records` whose address is inside the prefix; returns how many
    /// were added.
    pub fn derive_from<'a>(
        &mut self,
        records: impl IntoIterator<Item = &'a Record>,
    ) -> Result<usize, Error> {
        let mut added = 0;
        for record in records {
            let addr = match record.data() {
                RData::A(a) => IpAddr::V4(*a),
                RData::Aaaa(a) => IpAddr::V6(*a),
                _ => continue,
            };
            if self.map(addr, record.owner())? {
                added += 1;
            }
        }
        Ok(added)
    }

    /// A PTR for every address record of `zone` inside the prefix.
    pub fn derive_from_zone(&mut self, zone: &Zone) -> Result<usize, Error> {
        self.derive_from(zone.records())
    }

    /// The zone (see [`ZoneBuilder::finish`]).
    pub fn finish(self) -> Result<Zone, Error> {
        self.zone.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    #[test]
    fn zone_names() {
        assert_eq!(
            reverse_zone_name(net("10.10.0.0/16")).unwrap().to_string(),
            "10.10.in-addr.arpa."
        );
        assert_eq!(
            reverse_zone_name(net("10.0.0.0/8")).unwrap().to_string(),
            "10.in-addr.arpa."
        );
        assert_eq!(
            reverse_zone_name(net("192.0.2.0/24")).unwrap().to_string(),
            "2.0.192.in-addr.arpa."
        );
        assert_eq!(
            reverse_zone_name(net("2001:db8::/32")).unwrap().to_string(),
            "8.b.d.0.1.0.0.2.ip6.arpa."
        );
        assert!(matches!(
            reverse_zone_name(net("10.10.0.0/20")),
            Err(Error::NotOctetAligned { .. })
        ));
        assert!(matches!(
            reverse_zone_name(net("10.10.0.0/32")),
            Err(Error::NotOctetAligned { .. })
        ));
        assert!(matches!(
            reverse_zone_name(net("0.0.0.0/0")),
            Err(Error::NotOctetAligned { .. })
        ));
        assert!(matches!(
            reverse_zone_name(net("2001:db8::/30")),
            Err(Error::NotOctetAligned { .. })
        ));
        assert!(matches!(
            reverse_zone_name(net("10.10.1.0/16")),
            Err(Error::HostBitsSet { .. })
        ));
    }

    #[test]
    fn owners() {
        let p = net("10.10.0.0/16");
        assert_eq!(
            ptr_owner(p, "10.10.60.2".parse().unwrap())
                .unwrap()
                .unwrap()
                .to_string(),
            "2.60"
        );
        assert_eq!(ptr_owner(p, "10.11.60.2".parse().unwrap()).unwrap(), None);
        assert_eq!(
            reverse_name("10.10.60.2".parse().unwrap()).to_string(),
            "2.60.10.10.in-addr.arpa."
        );
        assert_eq!(
            ptr_owner(net("2001:db8::/32"), "2001:db8::1".parse().unwrap())
                .unwrap()
                .unwrap()
                .to_string(),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"
        );
    }
}
