//! Lease times: `valid-lifetime`, `renew-timer` (T1) and `rebind-timer` (T2).

use crate::Error;

/// How long a lease lasts and when the client renews (T1) and rebinds (T2), in seconds:
/// 0 < renew < rebind < valid. Kea refuses a renew-timer above the rebind-timer; a rebind-timer at or
/// above the valid lifetime it takes but does not send, so the client computes its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lifetimes {
    valid: u32,
    renew: u32,
    rebind: u32,
}

impl Lifetimes {
    /// Checks the order of the three times.
    pub fn new(valid: u32, renew: u32, rebind: u32) -> Result<Lifetimes, Error> {
        if renew == 0 || renew >= rebind || rebind >= valid {
            return Err(Error::LifetimesOutOfOrder {
                renew,
                rebind,
                valid,
            });
        }
        Ok(Lifetimes {
            valid,
            renew,
            rebind,
        })
    }

    /// The times RFC 2131 suggests for a lease of `valid` seconds: T1 at half, T2 at seven eighths.
    pub fn from_valid(valid: u32) -> Result<Lifetimes, Error> {
        Lifetimes::new(valid, valid / 2, valid / 8 * 7)
    }

    /// `valid-lifetime`.
    pub fn valid(self) -> u32 {
        self.valid
    }

    /// `renew-timer`.
    pub fn renew(self) -> u32 {
        self.renew
    }

    /// `rebind-timer`.
    pub fn rebind(self) -> u32 {
        self.rebind
    }
}
