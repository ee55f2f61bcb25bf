//! `named.conf` statements: `options` and `zone`, with typed address-match lists and paths.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;

use crate::{Comment, Error, Name};

/// A file path written between quotes in named.conf: ASCII letters, digits and `/ . _ - + @ : , =` only, so
/// that no quote, backslash, white space, `;` or brace can end the string or the statement.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct ConfPath(String);

impl ConfPath {
    /// Checks `path`.
    pub fn new(path: &str) -> Result<ConfPath, Error> {
        let invalid = |reason| Error::InvalidPath {
            path: path.to_owned(),
            reason,
        };
        if path.is_empty() {
            return Err(invalid("it is empty"));
        }
        if path.len() > 1024 {
            return Err(invalid("it is over 1024 characters long"));
        }
        if !path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+@:,=".contains(c))
        {
            return Err(invalid(
                "only ASCII letters, digits and / . _ - + @ : , = may be written in it",
            ));
        }
        Ok(ConfPath(path.to_owned()))
    }

    /// The path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ConfPath {
    type Err = Error;
    fn from_str(s: &str) -> Result<ConfPath, Error> {
        ConfPath::new(s)
    }
}

vocabulary::string_conversions!(ConfPath, Error);

impl fmt::Display for ConfPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What one element of an address-match list matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressMatch {
    /// Every address.
    Any,
    /// No address.
    None,
    /// The addresses of this host.
    Localhost,
    /// The networks this host is directly on.
    Localnets,
    /// One address.
    Address(IpAddr),
    /// A network, written without host bits.
    Prefix(IpNet),
}

/// An element of an address-match list: an [`AddressMatch`], negated with `!` or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AddressMatchElement {
    negated: bool,
    matched: AddressMatch,
}

impl AddressMatchElement {
    /// Checks the element: a prefix must not have host bits set (BIND refuses `10.1.2.3/8`).
    pub fn new(negated: bool, matched: AddressMatch) -> Result<AddressMatchElement, Error> {
        if let AddressMatch::Prefix(prefix) = matched
            && prefix.trunc() != prefix
        {
            return Err(Error::HostBitsSet {
                prefix: prefix.to_string(),
                network: prefix.trunc().to_string(),
            });
        }
        Ok(AddressMatchElement { negated, matched })
    }

    /// Whether it is negated.
    pub fn is_negated(&self) -> bool {
        self.negated
    }

    /// What it matches.
    pub fn matched(&self) -> AddressMatch {
        self.matched
    }
}

impl From<IpAddr> for AddressMatchElement {
    fn from(addr: IpAddr) -> AddressMatchElement {
        AddressMatchElement {
            negated: false,
            matched: AddressMatch::Address(addr),
        }
    }
}

impl FromStr for AddressMatchElement {
    type Err = Error;
    fn from_str(s: &str) -> Result<AddressMatchElement, Error> {
        let (negated, body) = match s.strip_prefix('!') {
            Some(body) => (true, body),
            None => (false, s),
        };
        let matched = match body {
            "any" => AddressMatch::Any,
            "none" => AddressMatch::None,
            "localhost" => AddressMatch::Localhost,
            "localnets" => AddressMatch::Localnets,
            _ if body.contains('/') => AddressMatch::Prefix(
                body.parse()
                    .map_err(|_| Error::InvalidAddressMatch { text: s.to_owned() })?,
            ),
            _ => AddressMatch::Address(
                body.parse()
                    .map_err(|_| Error::InvalidAddressMatch { text: s.to_owned() })?,
            ),
        };
        AddressMatchElement::new(negated, matched)
    }
}

vocabulary::string_conversions!(AddressMatchElement, Error);

impl fmt::Display for AddressMatchElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negated {
            f.write_str("!")?;
        }
        match self.matched {
            AddressMatch::Any => f.write_str("any"),
            AddressMatch::None => f.write_str("none"),
            AddressMatch::Localhost => f.write_str("localhost"),
            AddressMatch::Localnets => f.write_str("localnets"),
            AddressMatch::Address(a) => write!(f, "{a}"),
            AddressMatch::Prefix(p) => write!(f, "{p}"),
        }
    }
}

/// An address-match list, written `{ 127.0.0.1; 10.0.0.0/8; };` (the final `;` belongs to the statement).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct AddressMatchList(pub Vec<AddressMatchElement>);

impl FromIterator<AddressMatchElement> for AddressMatchList {
    fn from_iter<I: IntoIterator<Item = AddressMatchElement>>(iter: I) -> AddressMatchList {
        AddressMatchList(iter.into_iter().collect())
    }
}

impl fmt::Display for AddressMatchList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{ ")?;
        for element in &self.0 {
            write!(f, "{element}; ")?;
        }
        f.write_str("}")
    }
}

impl FromStr for AddressMatchList {
    type Err = Error;
    /// `{ a; b; }`, as written.
    fn from_str(s: &str) -> Result<AddressMatchList, Error> {
        let invalid = || Error::InvalidAddressMatch { text: s.to_owned() };
        let body = s
            .trim()
            .strip_prefix('{')
            .and_then(|b| b.strip_suffix('}'))
            .ok_or_else(invalid)?
            .trim();
        if body.is_empty() {
            return Ok(AddressMatchList::default());
        }
        let body = body.strip_suffix(';').ok_or_else(invalid)?;
        body.split(';').map(|e| e.trim().parse()).collect()
    }
}

/// `dnssec-validation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DnssecValidation {
    /// Validate with the built-in root trust anchor.
    Auto,
    /// Validate with configured trust anchors.
    Yes,
    /// Do not validate.
    No,
}

impl fmt::Display for DnssecValidation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DnssecValidation::Auto => "auto",
            DnssecValidation::Yes => "yes",
            DnssecValidation::No => "no",
        })
    }
}

/// The `options` statement (what Debian keeps in named.conf.options). Unset fields are not written, and
/// BIND's defaults apply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// `directory`: where relative paths and BIND's own files go.
    pub directory: Option<ConfPath>,
    /// `pid-file`.
    pub pid_file: Option<ConfPath>,
    /// `listen-on [port N] { ... }`: the IPv4 addresses to answer on.
    pub listen_on: Option<AddressMatchList>,
    /// The port of `listen-on` and `listen-on-v6` (53 when unset).
    pub port: Option<u16>,
    /// `listen-on-v6 { ... }`.
    pub listen_on_v6: Option<AddressMatchList>,
    /// `allow-recursion { ... }`: who may ask recursive questions.
    pub allow_recursion: Option<AddressMatchList>,
    /// `recursion yes|no`.
    pub recursion: Option<bool>,
    /// `notify yes|no`.
    pub notify: Option<bool>,
    /// `dnssec-validation`.
    pub dnssec_validation: Option<DnssecValidation>,
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

impl fmt::Display for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("options {\n")?;
        if let Some(d) = &self.directory {
            writeln!(f, "\tdirectory \"{d}\";")?;
        }
        if let Some(p) = &self.pid_file {
            writeln!(f, "\tpid-file \"{p}\";")?;
        }
        let port = |f: &mut fmt::Formatter<'_>| match self.port {
            Some(port) => write!(f, " port {port}"),
            None => Ok(()),
        };
        if let Some(l) = &self.listen_on {
            f.write_str("\tlisten-on")?;
            port(f)?;
            writeln!(f, " {l};")?;
        }
        if let Some(l) = &self.listen_on_v6 {
            f.write_str("\tlisten-on-v6")?;
            port(f)?;
            writeln!(f, " {l};")?;
        }
        if let Some(a) = &self.allow_recursion {
            writeln!(f, "\tallow-recursion {a};")?;
        }
        if let Some(r) = self.recursion {
            writeln!(f, "\trecursion {};", yes_no(r))?;
        }
        if let Some(n) = self.notify {
            writeln!(f, "\tnotify {};", yes_no(n))?;
        }
        if let Some(d) = self.dnssec_validation {
            writeln!(f, "\tdnssec-validation {d};")?;
        }
        f.write_str("};\n")
    }
}

/// How a zone is served.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZoneKind {
    /// `type primary`: loaded from `file`.
    Primary {
        /// The zone file.
        file: ConfPath,
        /// `allow-transfer`: who may transfer the zone.
        allow_transfer: Option<AddressMatchList>,
        /// `also-notify`: servers told of changes besides the zone's NS.
        also_notify: Vec<IpAddr>,
        /// A TSIG key (its name, as `key` statements and `tsig-keygen` name it): transfers signed with it are
        /// allowed (`key "NAME";` at the end of `allow-transfer`), and the notifies to `also_notify` are
        /// signed with it.
        key: Option<Name>,
    },
    /// `type secondary`: transferred from `primaries` and kept in `file`.
    Secondary {
        /// Where the transferred zone is kept.
        file: ConfPath,
        /// The primaries, at least one.
        primaries: Vec<IpAddr>,
        /// A TSIG key the transfers from the primaries are signed with.
        key: Option<Name>,
    },
}

/// A `zone` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneStatement {
    name: Name,
    kind: ZoneKind,
}

impl ZoneStatement {
    /// A zone statement for `name` (taken as absolute); a secondary needs at least one primary.
    pub fn new(name: Name, kind: ZoneKind) -> Result<ZoneStatement, Error> {
        let name = name.join(&Name::root())?;
        if let ZoneKind::Secondary { primaries, .. } = &kind
            && primaries.is_empty()
        {
            return Err(Error::NoPrimaries {
                zone: name.to_string(),
            });
        }
        Ok(ZoneStatement { name, kind })
    }

    /// A primary zone loaded from `file`, with no transfer or notify settings.
    pub fn primary(name: Name, file: ConfPath) -> Result<ZoneStatement, Error> {
        ZoneStatement::new(
            name,
            ZoneKind::Primary {
                file,
                allow_transfer: None,
                also_notify: Vec::new(),
                key: None,
            },
        )
    }

    /// The zone's name, absolute.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// How it is served.
    pub fn kind(&self) -> &ZoneKind {
        &self.kind
    }
}

/// `{ a; b; }`, each address followed by `key "K"` when a key is given.
fn write_addresses(
    f: &mut fmt::Formatter<'_>,
    addrs: &[IpAddr],
    key: Option<&Name>,
) -> fmt::Result {
    f.write_str("{ ")?;
    for a in addrs {
        match key {
            Some(key) => write!(f, "{a} key \"{}\"; ", key.without_dot())?,
            None => write!(f, "{a}; ")?,
        }
    }
    f.write_str("}")
}

impl fmt::Display for ZoneStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.name.to_string();
        let name = name
            .strip_suffix('.')
            .filter(|n| !n.is_empty())
            .unwrap_or(&name);
        writeln!(f, "zone \"{name}\" {{")?;
        match &self.kind {
            ZoneKind::Primary {
                file,
                allow_transfer,
                also_notify,
                key,
            } => {
                f.write_str("\ttype primary;\n")?;
                writeln!(f, "\tfile \"{file}\";")?;
                match (allow_transfer, key) {
                    (Some(a), None) => writeln!(f, "\tallow-transfer {a};")?,
                    (a, Some(key)) => {
                        f.write_str("\tallow-transfer { ")?;
                        for element in a.iter().flat_map(|a| &a.0) {
                            write!(f, "{element}; ")?;
                        }
                        writeln!(f, "key \"{}\"; }};", key.without_dot())?;
                    }
                    (None, None) => {}
                }
                if !also_notify.is_empty() {
                    f.write_str("\talso-notify ")?;
                    write_addresses(f, also_notify, key.as_ref())?;
                    f.write_str(";\n")?;
                }
            }
            ZoneKind::Secondary {
                file,
                primaries,
                key,
            } => {
                f.write_str("\ttype secondary;\n")?;
                writeln!(f, "\tfile \"{file}\";")?;
                f.write_str("\tprimaries ")?;
                write_addresses(f, primaries, key.as_ref())?;
                f.write_str(";\n")?;
            }
        }
        f.write_str("};\n")
    }
}

/// A top-level statement of named.conf.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Statement {
    /// `options { ... };`
    Options(Options),
    /// `zone "..." { ... };`
    Zone(ZoneStatement),
    /// `include "...";`
    Include(ConfPath),
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Statement::Options(o) => o.fmt(f),
            Statement::Zone(z) => z.fmt(f),
            Statement::Include(p) => writeln!(f, "include \"{p}\";"),
        }
    }
}

/// A named.conf file (or one of the files it includes): comment lines, then statements.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NamedConf {
    /// Comment lines at the top, written after `//`.
    pub comments: Vec<Comment>,
    /// The statements, in order, separated by blank lines.
    pub statements: Vec<Statement>,
}

impl NamedConf {
    /// Writes the file.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        write!(w, "{self}")
    }
}

impl fmt::Display for NamedConf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.comments {
            if c.as_str().is_empty() {
                f.write_str("//\n")?;
            } else {
                writeln!(f, "// {c}")?;
            }
        }
        for (i, s) in self.statements.iter().enumerate() {
            if i > 0 || !self.comments.is_empty() {
                f.write_str("\n")?;
            }
            s.fmt(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements() {
        for text in [
            "any",
            "none",
            "localhost",
            "localnets",
            "!10.0.0.1",
            "10.0.0.0/8",
            "!::1",
            "2001:db8::/32",
        ] {
            assert_eq!(
                text.parse::<AddressMatchElement>().unwrap().to_string(),
                text
            );
        }
        for bad in [
            "",
            "!",
            "anyx",
            "10.0.0.1/33",
            "10.0.0.1/8",
            "a;b",
            "10.0.0.1;",
            "!!any",
        ] {
            assert!(bad.parse::<AddressMatchElement>().is_err(), "{bad:?}");
        }
        let list: AddressMatchList = "{ 127.0.0.1; 10.0.0.0/8; }".parse().unwrap();
        assert_eq!(list.to_string(), "{ 127.0.0.1; 10.0.0.0/8; }");
        assert_eq!("{ }".parse::<AddressMatchList>().unwrap().0.len(), 0);
    }

    #[test]
    fn paths() {
        assert!(ConfPath::new("/etc/bind/db.10.10").is_ok());
        for bad in ["", "a b", "a\"b", "a\\b", "a;b", "a{b", "a\nb", "é"] {
            assert!(ConfPath::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn transfers_are_signed_with_the_key() {
        let key: Name = "farm-transfer".parse().unwrap();
        let primary = ZoneStatement::new(
            "farm".parse().unwrap(),
            ZoneKind::Primary {
                file: ConfPath::new("/etc/bind/db.farm").unwrap(),
                allow_transfer: None,
                also_notify: vec!["10.0.0.2".parse().unwrap()],
                key: Some(key.clone()),
            },
        )
        .unwrap();
        assert_eq!(
            primary.to_string(),
            "zone \"farm\" {\n\ttype primary;\n\tfile \"/etc/bind/db.farm\";\n\tallow-transfer { key \"farm-transfer\"; };\n\talso-notify { 10.0.0.2 key \"farm-transfer\"; };\n};\n"
        );
        let secondary = ZoneStatement::new(
            "farm".parse().unwrap(),
            ZoneKind::Secondary {
                file: ConfPath::new("/var/cache/bind/db.farm").unwrap(),
                primaries: vec!["10.0.0.1".parse().unwrap()],
                key: Some(key),
            },
        )
        .unwrap();
        assert!(
            secondary
                .to_string()
                .contains("\tprimaries { 10.0.0.1 key \"farm-transfer\"; };\n")
        );
    }

    #[test]
    fn secondaries_need_primaries() {
        let kind = ZoneKind::Secondary {
            file: ConfPath::new("db.x").unwrap(),
            primaries: vec![],
            key: None,
        };
        assert!(matches!(
            ZoneStatement::new("x".parse().unwrap(), kind),
            Err(Error::NoPrimaries { .. })
        ));
    }
}
