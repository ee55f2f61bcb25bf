//! Zones: checked as a whole, written as a person would.

use foldhash::{HashMap, HashMapExt as _};
use std::fmt::{self, Write as _};

use crate::{Comment, Error, Mx, Name, RData, Record, RecordType, Serial, Soa, Srv, Ttl};

/// The widest owner column; a longer owner pushes its line's columns right.
const MAX_OWNER_COLUMN: usize = 32;

#[derive(Debug, Default, Clone)]
struct OwnerData {
    cname: bool,
    other: bool,
    address: bool,
    /// The index of the owner's first record in the zone (none yet at the apex, before its NS).
    first: Option<usize>,
    /// The indexes of its other records (an owner has few: a linear scan finds duplicates and the TTL of
    /// an RRset; most owners have one, and no list).
    more: Vec<usize>,
}

impl OwnerData {
    /// The indexes of the owner's records in the zone, in the order they were added.
    fn records(&self) -> impl Iterator<Item = usize> + '_ {
        self.first.into_iter().chain(self.more.iter().copied())
    }
}

/// Builds a [`Zone`] record by record, refusing what BIND would refuse or silently change.
///
/// Relative names (owners and targets) are taken relative to the origin. Refused: an owner outside the
/// origin, a CNAME beside other data or at the apex, the same record twice, two TTLs in one RRset; and at [`finish`](Self::finish),
/// a zone without an apex NS, or with an in-zone NS, MX or SRV target that has no address or is an alias.
#[derive(Debug)]
pub struct ZoneBuilder {
    zone: Zone,
    owners: HashMap<Name, OwnerData>,
}

impl ZoneBuilder {
    /// A zone for `origin` (absolute), with `$TTL default_ttl` and `soa`.
    pub fn new(origin: Name, default_ttl: Ttl, soa: Soa) -> Result<ZoneBuilder, Error> {
        if !origin.is_absolute() {
            return Err(Error::NotAbsolute {
                name: origin.to_string(),
                context: "a zone's origin",
            });
        }
        let soa = soa.absolute(&origin)?;
        let mut owners = HashMap::new();
        owners.insert(
            origin.clone(),
            OwnerData {
                other: true,
                ..OwnerData::default()
            },
        );
        Ok(ZoneBuilder {
            zone: Zone {
                origin,
                default_ttl,
                soa,
                comments: Vec::new(),
                records: Vec::new(),
            },
            owners,
        })
    }

    /// Room for `additional` more records.
    pub fn reserve(&mut self, additional: usize) {
        self.zone.records.reserve(additional);
        self.owners.reserve(additional);
        self.owners.reserve(additional);
    }

    /// A comment line at the top of the file.
    pub fn comment(&mut self, comment: Comment) {
        self.zone.comments.push(comment);
    }

    /// The zone's origin.
    pub fn origin(&self) -> &Name {
        &self.zone.origin
    }

    /// Adds `record`, checked against the zone so far.
    pub fn push(&mut self, record: Record) -> Result<(), Error> {
        let record = record.absolute(&self.zone.origin)?;
        let owner = record.owner();
        if !owner.is_within(&self.zone.origin) {
            return Err(Error::OutOfZone {
                owner: owner.to_string(),
                origin: self.zone.origin.to_string(),
            });
        }
        let ZoneBuilder { zone, owners } = self;
        let entry = owners.entry(owner.clone()).or_default();
        let is_cname = record.rtype() == RecordType::Cname;
        if entry.cname || (is_cname && entry.other) {
            return Err(Error::CnameAndOtherData {
                owner: owner.to_string(),
            });
        }
        let ttl = record.ttl().unwrap_or(zone.default_ttl).as_secs();
        for i in entry.records() {
            let other = &zone.records[i];
            if other.rtype() != record.rtype() {
                continue;
            }
            let first = other.ttl().unwrap_or(zone.default_ttl).as_secs();
            if first != ttl {
                return Err(Error::RrsetTtlMismatch {
                    owner: owner.to_string(),
                    rtype: record.rtype().as_str(),
                    first,
                    second: ttl,
                });
            }
            if other.data() == record.data() {
                return Err(Error::DuplicateRecord {
                    record: record.to_string(),
                });
            }
        }
        entry.cname |= is_cname;
        entry.other |= !is_cname;
        entry.address |= matches!(record.rtype(), RecordType::A | RecordType::Aaaa);
        match entry.first {
            None => entry.first = Some(zone.records.len()),
            Some(_) => entry.more.push(zone.records.len()),
        }
        zone.records.push(record);
        Ok(())
    }

    /// The zone, once it holds an NS at its apex and every in-zone NS, MX and SRV target is a host with an
    /// address.
    pub fn finish(self) -> Result<Zone, Error> {
        let zone = self.zone;
        let mut apex_ns = false;
        for record in &zone.records {
            let data = record.data();
            if let RData::Ns(_) = data {
                apex_ns |= *record.owner() == zone.origin;
            }
            let (RData::Ns(target)
            | RData::Mx(Mx {
                exchange: target, ..
            })
            | RData::Srv(Srv { target, .. })) = data
            else {
                continue;
            };
            if !target.is_within(&zone.origin) || target.is_root() {
                continue;
            }
            let rtype = record.rtype().as_str();
            let (cname, address) = self
                .owners
                .get(target)
                .map(|o| (o.cname, o.address))
                .unwrap_or_default();
            if cname {
                return Err(Error::TargetIsAlias {
                    rtype,
                    target: target.to_string(),
                });
            }
            if !address {
                return Err(Error::TargetWithoutAddress {
                    rtype,
                    target: target.to_string(),
                });
            }
        }
        if !apex_ns {
            return Err(Error::NoApexNs {
                origin: zone.origin.to_string(),
            });
        }
        Ok(zone)
    }
}

/// The SOA serial of a zone file that [`Zone::write_to`] wrote: the number on the line that ends with
/// `; serial`. `None` for a file written otherwise, which a managed serial then treats as new.
pub fn read_serial(text: &str) -> Option<Serial> {
    text.lines()
        .find(|l| l.trim_end().ends_with("; serial"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

/// A complete zone: `$TTL`, `$ORIGIN`, the SOA and the records, every name inside the origin.
///
/// Built by [`ZoneBuilder`]; written by [`write_to`](Self::write_to) or `Display`, with owners and targets
/// relative to the origin where they are inside it (absolute, with their dot, where not) and aligned columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    origin: Name,
    default_ttl: Ttl,
    soa: Soa,
    comments: Vec<Comment>,
    records: Vec<Record>,
}

impl Zone {
    /// The origin.
    pub fn origin(&self) -> &Name {
        &self.origin
    }

    /// The `$TTL`.
    pub fn default_ttl(&self) -> Ttl {
        self.default_ttl
    }

    /// The SOA, with absolute names.
    pub fn soa(&self) -> &Soa {
        &self.soa
    }

    /// Replaces the serial (a managed serial is chosen once the records are known).
    pub fn set_serial(&mut self, serial: Serial) {
        self.soa = self.soa.clone().with_serial(serial);
    }

    /// The records but the SOA, in the order they were added, with absolute names.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// A close upper bound of the text's length, to size the output buffer once.
    pub fn size_hint(&self) -> usize {
        256 + self.records.len() * 64
    }

    /// Writes the zone file.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        for comment in &self.comments {
            if comment.as_str().is_empty() {
                w.write_str(";\n")?;
            } else {
                writeln!(w, "; {comment}")?;
            }
        }
        writeln!(w, "$TTL {}", self.default_ttl)?;
        writeln!(w, "$ORIGIN {}", self.origin)?;
        let owner_width = self
            .records
            .iter()
            .map(|r| self.owner_text(r.owner()).len())
            .filter(|len| *len <= MAX_OWNER_COLUMN)
            .max()
            .unwrap_or(1)
            .max(1);
        let ttl_width = self
            .records
            .iter()
            .filter_map(Record::ttl)
            .map(|t| {
                let mut counter = Counter(0);
                let _ = write!(counter, "{t}");
                counter.0
            })
            .max();
        // The owner and TTL columns, padded; written straight, not formatted (a zone of 100,000 records):
        // every text here is ASCII, one column a byte.
        let prefix = |w: &mut dyn fmt::Write, owner: &str, ttl: Option<Ttl>| -> fmt::Result {
            w.write_str(owner)?;
            pad(w, owner_width.saturating_sub(owner.len()) + 2)?;
            if let Some(width) = ttl_width {
                let ttl = ttl.map(|t| t.to_string()).unwrap_or_default();
                w.write_str(&ttl)?;
                pad(w, width.saturating_sub(ttl.len()) + 2)?;
            }
            Ok(())
        };
        let data_column = owner_width + 2 + ttl_width.map_or(0, |w| w + 2) + 4 + 7;
        let soa = &self.soa;
        prefix(w, "@", None)?;
        writeln!(
            w,
            "IN  SOA    {} {} (",
            self.name_text(soa.mname()),
            self.name_text(soa.rname())
        )?;
        let timers: [(&dyn fmt::Display, &str); 5] = [
            (&soa.serial(), "serial"),
            (&soa.refresh(), "refresh"),
            (&soa.retry(), "retry"),
            (&soa.expire(), "expire"),
            (&soa.minimum(), "negative caching TTL"),
        ];
        for (i, (value, what)) in timers.iter().enumerate() {
            let close = if i == timers.len() - 1 { " )" } else { "" };
            let value = format!("{value}{close}");
            writeln!(w, "{:data_column$}{value:12} ; {what}", "")?;
        }
        for record in &self.records {
            prefix(w, self.owner_text(record.owner()), record.ttl())?;
            let rtype = record.rtype().as_str();
            w.write_str("IN  ")?;
            w.write_str(rtype)?;
            pad(w, 5_usize.saturating_sub(rtype.len()) + 2)?;
            let data = record.data();
            match data.target() {
                Some(target) => data.write_with_target(w, &NameIn(self, target))?,
                None => data.write_with_target(w, &"")?,
            }
            w.write_char('\n')?;
        }
        Ok(())
    }

    /// An owner as written: `@` for the origin, else relative to it (the builder checked it is inside).
    fn owner_text<'a>(&self, owner: &'a Name) -> &'a str {
        match owner.relative_str(&self.origin) {
            Some("") | None => "@",
            Some(text) => text,
        }
    }

    fn name_text<'a>(&'a self, name: &'a Name) -> NameIn<'a> {
        NameIn(self, name)
    }
}

/// Writes `n` spaces.
fn pad(w: &mut (impl fmt::Write + ?Sized), n: usize) -> fmt::Result {
    const SPACES: &str = "                                ";
    let mut left = n;
    while left > 0 {
        let now = left.min(SPACES.len());
        w.write_str(&SPACES[..now])?;
        left -= now;
    }
    Ok(())
}

/// A name written relative to the zone's origin when inside it, absolute otherwise.
struct NameIn<'a>(&'a Zone, &'a Name);

impl fmt::Display for NameIn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1.relative_str(&self.0.origin) {
            Some("") => f.write_str("@"),
            Some(text) => f.write_str(text),
            None => write!(f, "{}", self.1),
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

/// Counts what would be written.
struct Counter(usize);

impl fmt::Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns as a person lines them up: owners padded to the widest, a TTL column (blank where the
    /// default applies) when a record has its own TTL, the type padded to five.
    #[test]
    fn records_are_written_in_columns() {
        let name = |s: &str| s.parse::<Name>().unwrap();
        let soa = Soa::new(
            name("ns"),
            name("hostmaster"),
            Serial::new(1),
            "1h".parse().unwrap(),
            "30m".parse().unwrap(),
            "2w".parse().unwrap(),
            "1h".parse().unwrap(),
        )
        .unwrap();
        let mut zone = ZoneBuilder::new(name("farm."), "1h".parse().unwrap(), soa).unwrap();
        for text in [
            "farm. IN NS ns",
            "ns IN A 10.0.0.254",
            "www.example 300 IN A 10.100.9.99",
            "mail 1d IN A 192.0.2.1",
            "farm. IN MX 10 mail",
            "alias IN CNAME www.example",
        ] {
            zone.push(text.parse().unwrap()).unwrap();
        }
        let mut out = String::new();
        zone.finish().unwrap().write_to(&mut out).unwrap();
        assert_eq!(
            out,
            "$TTL 1h
$ORIGIN farm.
@                 IN  SOA    ns hostmaster (
                             1            ; serial
                             1h           ; refresh
                             30m          ; retry
                             2w           ; expire
                             1h )         ; negative caching TTL
@                 IN  NS     ns
ns                IN  A      10.0.0.254
www.example  300  IN  A      10.100.9.99
mail         1d   IN  A      192.0.2.1
@                 IN  MX     10 mail
alias             IN  CNAME  www.example
"
        );
    }
}
