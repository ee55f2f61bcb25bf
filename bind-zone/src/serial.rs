//! Zone serials: RFC 1982 arithmetic and the managed YYYYMMDDnn scheme.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::Error;

/// The largest increment RFC 1982 defines.
const MAX_INCREMENT: u32 = (1 << 31) - 1;

/// A zone serial, compared as RFC 1982 says: `PartialOrd` only, since two serials 2^31 apart are not ordered.
///
/// `Serial::new(1) > Serial::new(u32::MAX)`, because 1 follows 4294967295 after a wrap.
#[derive(Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Serial(u32);

impl Serial {
    /// The serial `value`; every `u32` is one.
    pub const fn new(value: u32) -> Serial {
        Serial(value)
    }

    /// Its value.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// RFC 1982 addition: `increment` at most 2^31 - 1, the result modulo 2^32.
    #[allow(
        clippy::should_implement_trait,
        reason = "RFC 1982 addition refuses large increments, which std::ops::Add cannot say"
    )]
    pub fn add(self, increment: u32) -> Result<Serial, Error> {
        if increment > MAX_INCREMENT {
            return Err(Error::SerialIncrement {
                serial: self.0,
                increment,
            });
        }
        Ok(Serial(self.0.wrapping_add(increment)))
    }

    /// The serial a managed zone gets on a change: `max(previous + 1, today's YYYYMMDD00)`, or today's
    /// YYYYMMDD00 for a new zone.
    ///
    /// The result is always greater than `previous` both as a number and in RFC 1982 order: it never goes
    /// down and never wraps by surprise. A previous serial of 4294967295 cannot move forward without a wrap,
    /// which is [`Error::SerialExhausted`]: an operator resets it deliberately (RFC 1982 section 7).
    pub fn next_managed(previous: Option<Serial>, today: SerialDate) -> Result<Serial, Error> {
        let dated = Serial(today.serial_base());
        let Some(previous) = previous else {
            return Ok(dated);
        };
        let plus_one = previous
            .0
            .checked_add(1)
            .map(Serial)
            .ok_or(Error::SerialExhausted {
                previous: previous.0,
            })?;
        if dated.0 > plus_one.0 && dated > previous {
            Ok(dated)
        } else {
            Ok(plus_one)
        }
    }
}

impl PartialOrd for Serial {
    fn partial_cmp(&self, other: &Serial) -> Option<Ordering> {
        let (a, b) = (self.0, other.0);
        if a == b {
            return Some(Ordering::Equal);
        }
        let forward = b.wrapping_sub(a);
        match forward.cmp(&(1 << 31)) {
            Ordering::Less => Some(Ordering::Less),
            Ordering::Greater => Some(Ordering::Greater),
            Ordering::Equal => None,
        }
    }
}

impl FromStr for Serial {
    type Err = Error;
    fn from_str(s: &str) -> Result<Serial, Error> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidSerial { text: s.to_owned() });
        }
        s.parse()
            .map(Serial)
            .map_err(|_| Error::InvalidSerial { text: s.to_owned() })
    }
}

impl fmt::Display for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Debug for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Serial({})", self.0)
    }
}

/// A calendar day (proleptic Gregorian, UTC) that a YYYYMMDDnn serial can hold: years 1 to 4294.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SerialDate {
    year: u16,
    month: u8,
    day: u8,
}

impl SerialDate {
    /// 2000-01-01: a fixed day, for what must not depend on the clock (tests, examples).
    pub const FIXED: SerialDate = SerialDate {
        year: 2000,
        month: 1,
        day: 1,
    };

    /// Checks the date: a real day, in a year from 1 to 4294.
    pub fn new(year: i64, month: u32, day: u32) -> Result<SerialDate, Error> {
        let invalid = Error::InvalidDate { year, month, day };
        let year16 = u16::try_from(year).map_err(|_| invalid.clone())?;
        let month8 = u8::try_from(month).map_err(|_| invalid.clone())?;
        let day8 = u8::try_from(day).map_err(|_| invalid.clone())?;
        if !(1..=4294).contains(&year16)
            || !(1..=12).contains(&month8)
            || day8 == 0
            || day8 > days_in_month(year16, month8)
        {
            return Err(invalid);
        }
        Ok(SerialDate {
            year: year16,
            month: month8,
            day: day8,
        })
    }

    /// The day `days` days after 1970-01-01 (what `SystemTime` gives, divided by 86400).
    pub fn from_unix_days(days: i64) -> Result<SerialDate, Error> {
        // Howard Hinnant's civil_from_days.
        let z = days.saturating_add(719_468);
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        SerialDate::new(
            year,
            u32::try_from(month).unwrap_or(0),
            u32::try_from(day).unwrap_or(0),
        )
    }

    /// `YYYYMMDD00`, the first serial of the day.
    pub fn serial_base(self) -> u32 {
        (u32::from(self.year) * 10_000 + u32::from(self.month) * 100 + u32::from(self.day)) * 100
    }
}

impl fmt::Display for SerialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i64, m: u32, d: u32) -> SerialDate {
        SerialDate::new(y, m, d).unwrap()
    }

    #[test]
    fn rfc1982_order() {
        assert!(Serial(1) > Serial(0));
        assert!(Serial(0) > Serial(u32::MAX));
        assert!(Serial(1 << 31).partial_cmp(&Serial(0)).is_none());
        assert!(Serial((1 << 31) - 1) > Serial(0));
        assert!(Serial((1 << 31) + 1) < Serial(0));
    }

    #[test]
    fn add_is_bounded() {
        assert_eq!(Serial(u32::MAX).add(1).unwrap(), Serial(0));
        assert!(Serial(5).add(1 << 31).is_err());
    }

    #[test]
    fn managed() {
        let today = day(2026, 11, 24);
        assert_eq!(
            Serial::next_managed(None, today).unwrap(),
            Serial(2026112400)
        );
        assert_eq!(
            Serial::next_managed(Some(Serial(2011031200)), today).unwrap(),
            Serial(2026112400)
        );
        assert_eq!(
            Serial::next_managed(Some(Serial(2026112400)), today).unwrap(),
            Serial(2026112401)
        );
        assert_eq!(
            Serial::next_managed(Some(Serial(2026112499)), today).unwrap(),
            Serial(2026112500)
        );
        assert_eq!(
            Serial::next_managed(Some(Serial(2030010100)), today).unwrap(),
            Serial(2030010101)
        );
        assert_eq!(
            Serial::next_managed(Some(Serial(7)), today).unwrap(),
            Serial(2026112400)
        );
        assert!(matches!(
            Serial::next_managed(Some(Serial(u32::MAX)), today),
            Err(Error::SerialExhausted { .. })
        ));
        // A date serial more than 2^31 ahead of the previous one would read as older: move by one instead.
        assert_eq!(
            Serial::next_managed(Some(Serial(5)), day(4294, 1, 1)).unwrap(),
            Serial(6)
        );
    }

    #[test]
    fn dates() {
        assert_eq!(SerialDate::from_unix_days(0).unwrap(), day(1970, 1, 1));
        assert_eq!(
            SerialDate::from_unix_days(20_416).unwrap(),
            day(2025, 11, 24)
        );
        assert_eq!(
            SerialDate::from_unix_days(11_016).unwrap(),
            day(2000, 2, 29)
        );
        assert!(SerialDate::new(2023, 2, 29).is_err());
        assert!(SerialDate::new(2024, 2, 29).is_ok());
        assert!(SerialDate::new(1900, 2, 29).is_err());
        assert!(SerialDate::new(4295, 1, 1).is_err());
        assert!(SerialDate::new(2024, 13, 1).is_err());
        assert!(SerialDate::new(2024, 4, 31).is_err());
        assert_eq!(day(4294, 12, 31).serial_base(), 4_294_123_100);
        assert!(SerialDate::from_unix_days(i64::MAX).is_err());
        assert!(SerialDate::from_unix_days(i64::MIN).is_err());
    }
}
