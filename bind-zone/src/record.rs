//! Resource records.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::{Error, Name, Ttl, Txt};

/// The record types this crate writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum RecordType {
    /// IPv4 address.
    A,
    /// IPv6 address.
    Aaaa,
    /// Name server.
    Ns,
    /// Alias.
    Cname,
    /// Pointer (reverse mapping).
    Ptr,
    /// Mail exchanger.
    Mx,
    /// Text.
    Txt,
    /// Service location.
    Srv,
}

impl RecordType {
    /// The mnemonic, as in a zone file.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Ns => "NS",
            RecordType::Cname => "CNAME",
            RecordType::Ptr => "PTR",
            RecordType::Mx => "MX",
            RecordType::Txt => "TXT",
            RecordType::Srv => "SRV",
        }
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RecordType {
    type Err = Error;
    fn from_str(s: &str) -> Result<RecordType, Error> {
        const ALL: [RecordType; 8] = [
            RecordType::A,
            RecordType::Aaaa,
            RecordType::Ns,
            RecordType::Cname,
            RecordType::Ptr,
            RecordType::Mx,
            RecordType::Txt,
            RecordType::Srv,
        ];
        ALL.into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::InvalidRecord {
                text: s.to_owned(),
                reason: "unknown record type; known: A, AAAA, NS, CNAME, PTR, MX, TXT, SRV".into(),
            })
    }
}

/// The data of an MX record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mx {
    /// Lower is preferred.
    pub preference: u16,
    /// The mail server's host name.
    pub exchange: Name,
}

/// The data of an SRV record (RFC 2782).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Srv {
    /// Lower is tried first.
    pub priority: u16,
    /// Relative weight among equal priorities.
    pub weight: u16,
    /// The service's port.
    pub port: u16,
    /// The server's host name (`.` for "no such service").
    pub target: Name,
}

/// The data of a record, by type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RData {
    /// An IPv4 address.
    A(Ipv4Addr),
    /// An IPv6 address.
    Aaaa(Ipv6Addr),
    /// A name server's host name.
    Ns(Name),
    /// The canonical name this owner is an alias of.
    Cname(Name),
    /// The host name an address maps back to.
    Ptr(Name),
    /// A mail exchanger.
    Mx(Mx),
    /// Text.
    Txt(Txt),
    /// A service location.
    Srv(Srv),
}

impl RData {
    /// Its type.
    pub fn rtype(&self) -> RecordType {
        match self {
            RData::A(_) => RecordType::A,
            RData::Aaaa(_) => RecordType::Aaaa,
            RData::Ns(_) => RecordType::Ns,
            RData::Cname(_) => RecordType::Cname,
            RData::Ptr(_) => RecordType::Ptr,
            RData::Mx(_) => RecordType::Mx,
            RData::Txt(_) => RecordType::Txt,
            RData::Srv(_) => RecordType::Srv,
        }
    }

    /// The name the data points at, if any (NS, CNAME, PTR, MX, SRV).
    pub fn target(&self) -> Option<&Name> {
        match self {
            RData::Ns(n) | RData::Cname(n) | RData::Ptr(n) => Some(n),
            RData::Mx(mx) => Some(&mx.exchange),
            RData::Srv(srv) => Some(&srv.target),
            RData::A(_) | RData::Aaaa(_) | RData::Txt(_) => None,
        }
    }

    /// The same data with its target name replaced (for writing it relative to a zone's origin).
    pub(crate) fn with_target(&self, target: Name) -> RData {
        match self {
            RData::Ns(_) => RData::Ns(target),
            RData::Cname(_) => RData::Cname(target),
            RData::Ptr(_) => RData::Ptr(target),
            RData::Mx(mx) => RData::Mx(Mx {
                preference: mx.preference,
                exchange: target,
            }),
            RData::Srv(srv) => RData::Srv(Srv {
                target,
                ..srv.clone()
            }),
            other => other.clone(),
        }
    }

    /// Writes the data with `target` in place of its target name (already formatted by the caller).
    pub(crate) fn write_with_target(
        &self,
        f: &mut impl fmt::Write,
        target: &dyn fmt::Display,
    ) -> fmt::Result {
        match self {
            RData::A(a) => write_v4(f, *a),
            RData::Aaaa(a) => write!(f, "{a}"),
            RData::Ns(_) | RData::Cname(_) | RData::Ptr(_) => write!(f, "{target}"),
            RData::Mx(mx) => write!(f, "{} {target}", mx.preference),
            RData::Txt(t) => write!(f, "{t}"),
            RData::Srv(s) => write!(f, "{} {} {} {target}", s.priority, s.weight, s.port),
        }
    }

    fn parse(rtype: RecordType, text: &str) -> Result<RData, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let name = |s: &str| s.parse::<Name>().map_err(|e| e.to_string());
        let number = |s: &str| {
            s.parse::<u16>()
                .map_err(|_| format!("{s:?} is not a number from 0 to 65535"))
        };
        let data = match (rtype, words.as_slice()) {
            (RecordType::Txt, _) => RData::Txt(text.parse().map_err(|e: Error| e.to_string())?),
            (RecordType::A, [a]) => RData::A(
                a.parse()
                    .map_err(|_| format!("{a:?} is not an IPv4 address"))?,
            ),
            (RecordType::Aaaa, [a]) => RData::Aaaa(
                a.parse()
                    .map_err(|_| format!("{a:?} is not an IPv6 address"))?,
            ),
            (RecordType::Ns, [n]) => RData::Ns(name(n)?),
            (RecordType::Cname, [n]) => RData::Cname(name(n)?),
            (RecordType::Ptr, [n]) => RData::Ptr(name(n)?),
            (RecordType::Mx, [p, n]) => RData::Mx(Mx {
                preference: number(p)?,
                exchange: name(n)?,
            }),
            (RecordType::Srv, [p, w, port, n]) => RData::Srv(Srv {
                priority: number(p)?,
                weight: number(w)?,
                port: number(port)?,
                target: name(n)?,
            }),
            _ => return Err(format!("wrong number of data fields for {rtype}")),
        };
        Ok(data)
    }
}

impl fmt::Display for RData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.target() {
            Some(target) => self.write_with_target(f, target),
            None => self.write_with_target(f, &""),
        }
    }
}

/// One resource record: owner, optional TTL (the zone's `$TTL` otherwise), class IN, and data.
///
/// [`Record::new`] applies BIND's `check-names` rules: owners of A, AAAA and MX records and the targets of
/// NS, MX, SRV and PTR records are host names (no `_` label); an SRV owner starts with `_service._proto`.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Record {
    owner: Name,
    ttl: Option<Ttl>,
    data: RData,
}

impl Record {
    /// Checks the record's names against its type.
    pub fn new(owner: Name, ttl: Option<Ttl>, data: RData) -> Result<Record, Error> {
        match &data {
            RData::A(_) => owner.check_host_name("the owner of an A record")?,
            RData::Aaaa(_) => owner.check_host_name("the owner of an AAAA record")?,
            RData::Mx(mx) => {
                owner.check_host_name("the owner of an MX record")?;
                mx.exchange.check_host_name("an MX exchange")?;
            }
            RData::Ns(target) => target.check_host_name("an NS target")?,
            RData::Ptr(target) => target.check_host_name("a PTR target")?,
            RData::Srv(srv) => {
                let mut labels = owner.labels();
                let service = labels.next().is_some_and(|l| l.starts_with('_'));
                let proto = labels.next().is_some_and(|l| l.starts_with('_'));
                if !(service && proto) {
                    return Err(Error::SrvOwner {
                        name: owner.to_string(),
                    });
                }
                srv.target.check_host_name("an SRV target")?;
            }
            RData::Cname(_) | RData::Txt(_) => {}
        }
        Ok(Record { owner, ttl, data })
    }

    /// The owner.
    pub fn owner(&self) -> &Name {
        &self.owner
    }

    /// The TTL, if the record has its own.
    pub fn ttl(&self) -> Option<Ttl> {
        self.ttl
    }

    /// The data.
    pub fn data(&self) -> &RData {
        &self.data
    }

    /// The type.
    pub fn rtype(&self) -> RecordType {
        self.data.rtype()
    }

    /// The same record with absolute owner and target, relative names taken as relative to `origin`.
    pub(crate) fn absolute(self, origin: &Name) -> Result<Record, Error> {
        // An absolute owner is kept as it is: no copy.
        let owner = if self.owner.is_absolute() {
            self.owner
        } else {
            self.owner.join(origin)?
        };
        let data = match self.data.target() {
            Some(target) if !target.is_absolute() => self.data.with_target(target.join(origin)?),
            _ => self.data,
        };
        Ok(Record {
            owner,
            ttl: self.ttl,
            data,
        })
    }
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.owner)?;
        if let Some(ttl) = self.ttl {
            write!(f, " {ttl}")?;
        }
        write!(f, " IN {} {}", self.rtype(), self.data)
    }
}

impl fmt::Debug for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Record({self})")
    }
}

impl FromStr for Record {
    type Err = Error;
    /// `OWNER [TTL] [IN] TYPE DATA` on one line, as [`Display`](fmt::Display) writes it.
    fn from_str(text: &str) -> Result<Record, Error> {
        let invalid = |reason: String| Error::InvalidRecord {
            text: text.to_owned(),
            reason,
        };
        let mut rest = text.trim();
        let mut word = || {
            let trimmed = rest.trim_start();
            let end = trimmed.find([' ', '\t']).unwrap_or(trimmed.len());
            let (w, after) = trimmed.split_at(end);
            rest = after;
            w
        };
        let owner_text = word();
        let owner: Name = owner_text
            .parse()
            .map_err(|e: Error| invalid(e.to_string()))?;
        let mut next = word();
        let mut ttl = None;
        if next.starts_with(|c: char| c.is_ascii_digit()) {
            ttl = Some(next.parse::<Ttl>().map_err(|e| invalid(e.to_string()))?);
            next = word();
        }
        if next.eq_ignore_ascii_case("IN") {
            next = word();
        }
        if next.is_empty() {
            return Err(invalid("no record type".into()));
        }
        let rtype: RecordType = next.parse().map_err(|e: Error| invalid(e.to_string()))?;
        let data = RData::parse(rtype, rest.trim()).map_err(invalid)?;
        Record::new(owner, ttl, data).map_err(|e| invalid(e.to_string()))
    }
}

vocabulary::string_conversions!(Record, Error);

/// Writes `a` as `{a}` would (`10.0.0.1`), without the formatting machinery: a zone writes one per host.
pub(crate) fn write_v4(w: &mut (impl fmt::Write + ?Sized), a: Ipv4Addr) -> fmt::Result {
    for (i, octet) in a.octets().into_iter().enumerate() {
        if i > 0 {
            w.write_char('.')?;
        }
        write_octet(w, octet)?;
    }
    Ok(())
}

/// Writes `n` in decimal as `{n}` would, without the formatting machinery (addresses and reverse owners).
pub(crate) fn write_octet(w: &mut (impl fmt::Write + ?Sized), n: u8) -> fmt::Result {
    let digits = [b'0' + n / 100, b'0' + n / 10 % 10, b'0' + n % 10];
    let skip = match n {
        100.. => 0,
        10.. => 1,
        _ => 2,
    };
    // ASCII digits only.
    w.write_str(std::str::from_utf8(&digits[skip..]).map_err(|_| fmt::Error)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Result<Record, Error> {
        s.parse()
    }

    #[test]
    fn octets_are_written_as_format_writes_them() {
        for n in 0..=u8::MAX {
            let mut text = String::new();
            write_octet(&mut text, n).unwrap();
            assert_eq!(text, n.to_string());
        }
    }

    #[test]
    fn addresses_are_written_as_format_writes_them() {
        for a in [
            [0, 0, 0, 0],
            [255, 255, 255, 255],
            [10, 100, 9, 99],
            [192, 0, 2, 10],
            [1, 20, 200, 5],
        ] {
            let a = Ipv4Addr::from(a);
            let mut text = String::new();
            write_v4(&mut text, a).unwrap();
            assert_eq!(text, a.to_string());
        }
    }

    #[test]
    fn parse_and_print() {
        for text in [
            "ns IN A 10.10.0.254",
            "ns.farm. 3600 IN A 10.10.0.254",
            "host 1h IN AAAA 2001:db8::1",
        ] {
            assert_eq!(r(text).unwrap().to_string(), text);
        }
        assert_eq!(
            r("farm. in mx 10 mail").unwrap().to_string(),
            "farm. IN MX 10 mail"
        );
        assert_eq!(
            r("_sip._tcp IN SRV 10 60 5060 sip.farm.")
                .unwrap()
                .to_string(),
            "_sip._tcp IN SRV 10 60 5060 sip.farm."
        );
        assert_eq!(
            r("t IN TXT \"v=spf1 -all\" \"x\"").unwrap().to_string(),
            "t IN TXT \"v=spf1 -all\" \"x\""
        );
    }

    #[test]
    fn check_names() {
        assert!(matches!(
            r("_x IN A 1.2.3.4"),
            Err(Error::InvalidRecord { .. })
        ));
        assert!(matches!(
            Record::new(
                "_x".parse().unwrap(),
                None,
                RData::A("1.2.3.4".parse().unwrap())
            ),
            Err(Error::NotHostName { .. })
        ));
        assert!(matches!(
            Record::new(
                "sip.farm.".parse().unwrap(),
                None,
                r("_a._b IN SRV 1 1 1 x").unwrap().data.clone()
            ),
            Err(Error::SrvOwner { .. })
        ));
        assert!(
            Record::new(
                "x".parse().unwrap(),
                None,
                RData::Ptr("_y".parse().unwrap())
            )
            .is_err()
        );
        assert!(Record::new("x".parse().unwrap(), None, RData::Ns("_y".parse().unwrap())).is_err());
        assert!(
            Record::new(
                "_acme-challenge".parse().unwrap(),
                None,
                RData::Txt(Txt::new("t").unwrap())
            )
            .is_ok()
        );
        assert!(
            Record::new(
                "_acme-challenge".parse().unwrap(),
                None,
                RData::Cname("x.".parse().unwrap())
            )
            .is_ok()
        );
    }

    #[test]
    fn parse_refusals() {
        for bad in [
            "",
            "x",
            "x IN",
            "x IN A",
            "x IN A 1.2.3",
            "x IN A 1.2.3.4 5",
            "x IN HINFO a b",
            "x 1q IN A 1.2.3.4",
            "x IN MX 70000 y",
            "x IN SRV 1 2 y",
        ] {
            assert!(r(bad).is_err(), "{bad:?}");
        }
    }
}
