//! The lease database: a persistent memfile.

use crate::{Error, FilePath};

/// `lease-database`: Kea's in-memory store saved to a CSV file (`persist: true`), the file name (Kea's
/// default, `/var/lib/kea/kea-leases4.csv`, if none) and how often, in seconds, Kea compacts it
/// (`lfc-interval`; Kea's default, 3600, if none; 0 turns compaction off).
///
/// Kea 2.6.3 and later refuse a lease file outside their data folder (`/var/lib/kea`, or
/// `KEA_DHCP_DATA_DIR`): a deployed file keeps Kea's default place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct LeaseDatabase {
    name: Option<FilePath>,
    lfc_interval: Option<u32>,
}

impl LeaseDatabase {
    /// The memfile at Kea's default place, compacted at Kea's default interval.
    pub fn memfile() -> LeaseDatabase {
        LeaseDatabase::default()
    }

    /// The same with the lease file at `path`.
    pub fn with_file(mut self, path: FilePath) -> LeaseDatabase {
        self.name = Some(path);
        self
    }

    /// The same, compacted every `seconds` (0: never).
    pub fn with_lfc_interval(mut self, seconds: u32) -> LeaseDatabase {
        self.lfc_interval = Some(seconds);
        self
    }

    /// The lease file, if not Kea's default.
    pub fn file(&self) -> Option<&FilePath> {
        self.name.as_ref()
    }

    /// The compaction interval, if not Kea's default.
    pub fn lfc_interval(&self) -> Option<u32> {
        self.lfc_interval
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Wire {
    r#type: String,
    persist: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<FilePath>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lfc_interval: Option<u32>,
}

impl serde::Serialize for LeaseDatabase {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Wire {
            r#type: "memfile".to_owned(),
            persist: true,
            name: self.name.clone(),
            lfc_interval: self.lfc_interval,
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for LeaseDatabase {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<LeaseDatabase, D::Error> {
        let w = Wire::deserialize(d)?;
        if w.r#type != "memfile" || !w.persist {
            let what = format!("type {:?}, persist {}", w.r#type, w.persist);
            return Err(serde::de::Error::custom(Error::UnsupportedLeaseDatabase {
                what,
            }));
        }
        Ok(LeaseDatabase {
            name: w.name,
            lfc_interval: w.lfc_interval,
        })
    }
}
