//! BIND durations (TTLs and SOA timers).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::Error;

/// The largest TTL, 2^31 - 1 seconds (RFC 2181 section 8).
const MAX_SECONDS: u64 = (1 << 31) - 1;

/// The units BIND reads, largest first, with their length in seconds.
const UNITS: [(char, u64); 5] = [
    ('w', 604_800),
    ('d', 86_400),
    ('h', 3_600),
    ('m', 60),
    ('s', 1),
];

/// A duration as BIND writes it: plain seconds (`3600`) or units (`30m`, `1h`, `2w`, `1w2d`).
///
/// It keeps the form it was written in, so `1h` is written back as `1h` (units in the order w, d, h, m, s,
/// lowercase); two durations are equal when they last as long (`60m == 1h`). At most 2^31 - 1 seconds.
#[derive(Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Ttl {
    seconds: u32,
    /// The count written for each unit of [`UNITS`]; all `None` for plain seconds.
    units: [Option<u32>; 5],
}

impl Ttl {
    /// A duration of `seconds`, written as plain seconds.
    pub fn from_secs(seconds: u32) -> Result<Ttl, Error> {
        if u64::from(seconds) > MAX_SECONDS {
            return Err(Error::TtlTooLarge {
                text: seconds.to_string(),
                seconds: seconds.into(),
            });
        }
        Ok(Ttl {
            seconds,
            units: [None; 5],
        })
    }

    /// Its length in seconds.
    pub fn as_secs(self) -> u32 {
        self.seconds
    }

    /// Checks `text` as a BIND duration.
    pub fn new(text: &str) -> Result<Ttl, Error> {
        let invalid = |reason| Error::InvalidTtl {
            text: text.to_owned(),
            reason,
        };
        if text.is_empty() {
            return Err(invalid("it is empty"));
        }
        let too_large = |seconds| Error::TtlTooLarge {
            text: text.to_owned(),
            seconds,
        };
        if text.bytes().all(|b| b.is_ascii_digit()) {
            let seconds = parse_count(text).ok_or_else(|| too_large(u64::MAX))?;
            let seconds = u32::try_from(seconds).map_err(|_| too_large(seconds))?;
            return Ttl::from_secs(seconds).map_err(|_| too_large(seconds.into()));
        }
        let mut units = [None; 5];
        let mut total: u64 = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(invalid("each unit needs a number before it"));
            }
            let (number, after) = rest.split_at(digits);
            let mut chars = after.chars();
            let unit = chars
                .next()
                .ok_or_else(|| invalid("a number at the end has no unit"))?
                .to_ascii_lowercase();
            rest = chars.as_str();
            let index = UNITS
                .iter()
                .position(|(u, _)| *u == unit)
                .ok_or_else(|| invalid("units are w, d, h, m and s"))?;
            if units[index].is_some() {
                return Err(invalid("a unit is written twice"));
            }
            let count = parse_count(number).ok_or_else(|| too_large(u64::MAX))?;
            let count32 = u32::try_from(count).map_err(|_| too_large(count))?;
            units[index] = Some(count32);
            total = total
                .checked_add(count.saturating_mul(UNITS[index].1))
                .ok_or_else(|| too_large(u64::MAX))?;
        }
        if total > MAX_SECONDS {
            return Err(too_large(total));
        }
        let seconds = u32::try_from(total).map_err(|_| too_large(total))?;
        Ok(Ttl { seconds, units })
    }
}

/// A decimal number, `None` if it does not fit a `u64`.
fn parse_count(digits: &str) -> Option<u64> {
    digits.parse().ok()
}

impl FromStr for Ttl {
    type Err = Error;
    fn from_str(s: &str) -> Result<Ttl, Error> {
        Ttl::new(s)
    }
}

vocabulary::string_conversions!(Ttl, Error);

impl fmt::Display for Ttl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.units.iter().all(Option::is_none) {
            return write!(f, "{}", self.seconds);
        }
        for ((unit, _), count) in UNITS.iter().zip(self.units) {
            if let Some(count) = count {
                write!(f, "{count}{unit}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Ttl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ttl({self} = {} s)", self.seconds)
    }
}

impl PartialEq for Ttl {
    fn eq(&self, other: &Ttl) -> bool {
        self.seconds == other.seconds
    }
}

impl Eq for Ttl {}

impl Hash for Ttl {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.seconds.hash(state);
    }
}

impl PartialOrd for Ttl {
    fn partial_cmp(&self, other: &Ttl) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ttl {
    fn cmp(&self, other: &Ttl) -> std::cmp::Ordering {
        self.seconds.cmp(&other.seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Ttl {
        s.parse().unwrap()
    }

    #[test]
    fn forms_are_kept() {
        for (text, secs) in [
            ("1h", 3600),
            ("30m", 1800),
            ("2w", 1_209_600),
            ("1w2d", 777_600),
            ("3600", 3600),
            ("0", 0),
            ("0h", 0),
        ] {
            assert_eq!(t(text).to_string(), text);
            assert_eq!(t(text).as_secs(), secs);
        }
        assert_eq!(t("2d1W").to_string(), "1w2d");
        assert_eq!(t("1H30M").to_string(), "1h30m");
        assert_eq!(t("60m"), t("1h"));
    }

    #[test]
    fn refusals() {
        for bad in ["", "h", "1x", "1h1h", "1h30", "-1", "1 h", "1h;", "１h"] {
            assert!(
                matches!(Ttl::new(bad), Err(Error::InvalidTtl { .. })),
                "{bad:?}"
            );
        }
        assert!(matches!(
            Ttl::new("2147483648"),
            Err(Error::TtlTooLarge { .. })
        ));
        assert!(matches!(
            Ttl::new("99999999999999999999999"),
            Err(Error::TtlTooLarge { .. })
        ));
        assert!(matches!(Ttl::new("3551w"), Err(Error::TtlTooLarge { .. })));
        assert!(matches!(
            Ttl::new("4294967295w"),
            Err(Error::TtlTooLarge { .. })
        ));
        assert_eq!(t("2147483647").as_secs(), 2_147_483_647);
        assert!(Ttl::from_secs(1 << 31).is_err());
    }
}
