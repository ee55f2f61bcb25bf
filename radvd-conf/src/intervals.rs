//! How often unsolicited advertisements are sent.

use crate::Error;

/// `MinRtrAdvInterval` and `MaxRtrAdvInterval`, in seconds, in RFC 4861's ranges, which radvd enforces
/// when it starts (not in `-c`): 4 <= max <= 1800 and 3 <= min <= 0.75 x max. radvd's defaults, if unset:
/// 200 and 600.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "RawIntervals")]
pub struct Intervals {
    min: u16,
    max: u16,
}

impl Intervals {
    /// Checks the two intervals.
    pub fn new(min: u16, max: u16) -> Result<Intervals, Error> {
        let invalid = |reason| Error::InvalidIntervals { min, max, reason };
        if !(4..=1800).contains(&max) {
            return Err(invalid("MaxRtrAdvInterval is 4 to 1800"));
        }
        if min < 3 {
            return Err(invalid("MinRtrAdvInterval is at least 3"));
        }
        if u32::from(min) * 4 > u32::from(max) * 3 {
            return Err(invalid(
                "MinRtrAdvInterval is at most 0.75 x MaxRtrAdvInterval",
            ));
        }
        Ok(Intervals { min, max })
    }

    /// `MinRtrAdvInterval`.
    pub fn min(self) -> u16 {
        self.min
    }

    /// `MaxRtrAdvInterval`.
    pub fn max(self) -> u16 {
        self.max
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIntervals {
    min: u16,
    max: u16,
}

impl TryFrom<RawIntervals> for Intervals {
    type Error = Error;
    fn try_from(raw: RawIntervals) -> Result<Intervals, Error> {
        Intervals::new(raw.min, raw.max)
    }
}
