//! Subnet ids.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// A subnet's `id`: 1 to 4294967294. Kea keys leases and reservations on it, so a generator gives every
/// subnet a stable one (0 would have Kea number the subnet itself, by its place in the file).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "u64", into = "u32")]
pub struct SubnetId(u32);

impl SubnetId {
    /// The largest id Kea takes.
    pub const MAX: u32 = u32::MAX - 1;

    /// Checks `id`.
    pub fn new(id: u32) -> Result<SubnetId, Error> {
        if id == 0 || id > SubnetId::MAX {
            return Err(Error::InvalidSubnetId { id: id.to_string() });
        }
        Ok(SubnetId(id))
    }

    /// The id.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u64> for SubnetId {
    type Error = Error;
    fn try_from(id: u64) -> Result<SubnetId, Error> {
        let id = u32::try_from(id).map_err(|_| Error::InvalidSubnetId { id: id.to_string() })?;
        SubnetId::new(id)
    }
}

impl From<SubnetId> for u32 {
    fn from(id: SubnetId) -> u32 {
        id.0
    }
}

impl FromStr for SubnetId {
    type Err = Error;
    fn from_str(s: &str) -> Result<SubnetId, Error> {
        let invalid = || Error::InvalidSubnetId { id: s.to_owned() };
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let id: u32 = s.parse().map_err(|_| invalid())?;
        SubnetId::new(id)
    }
}

impl fmt::Display for SubnetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
