//! What the tests share: the reference files, and a zone's records as BIND would dump them.

use std::path::PathBuf;

use bind_zone::{Name, Zone};
use checkers::DumpRecord;

/// A file of the reference farm (reference/seed-farm at the workspace root).
pub fn reference(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../reference/seed-farm")
        .join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

pub fn name(s: &str) -> Name {
    s.parse().unwrap()
}

/// The records of `zone` as `named-checkzone -D` prints them: what we mean, in BIND's words.
pub fn expected_dump(zone: &Zone) -> Vec<DumpRecord> {
    let soa = zone.soa();
    let origin = zone.origin().to_string();
    let mut records = vec![DumpRecord {
        owner: origin,
        ttl: zone.default_ttl().as_secs(),
        class: "IN".into(),
        rtype: "SOA".into(),
        rdata: format!(
            "{} {} {} {} {} {} {}",
            soa.mname(),
            soa.rname(),
            soa.serial(),
            soa.refresh().as_secs(),
            soa.retry().as_secs(),
            soa.expire().as_secs(),
            soa.minimum().as_secs()
        ),
    }];
    records.extend(zone.records().iter().map(|r| DumpRecord {
        owner: r.owner().to_string(),
        ttl: r.ttl().unwrap_or(zone.default_ttl()).as_secs(),
        class: "IN".into(),
        rtype: r.rtype().to_string(),
        rdata: r.data().to_string(),
    }));
    records.sort();
    records
}

/// BIND's reading of `text` as the zone `origin`, sorted; `None` when named-checkzone is missing outside CI.
pub fn bind_dump(origin: &Name, text: &str) -> Option<Vec<DumpRecord>> {
    let mut records = checkers::zone_dump(&origin.to_string(), text).unwrap()?;
    records.sort();
    Some(records)
}
