//! DNS names.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::Error;

/// The longest name, in characters, without its trailing dot (255 octets on the wire).
const MAX_NAME: usize = 253;
/// The longest label.
const MAX_LABEL: usize = 63;

/// A DNS name, absolute (`farm.`) or relative (`skaro.xivo.vm`).
///
/// Labels hold 1 to 63 letters, digits and `-`, not at either end; a label may start with `_` (`_sip`,
/// `_tcp`, `_dmarc`), which [`Record`](crate::Record) accepts only where the record type needs it. The whole
/// name holds at most 253 characters. Names compare without regard to case, and print in lowercase; they
/// order as DNSSEC's canonical order does (labels compared from the right).
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Name {
    /// Lowercase labels joined by dots, without a trailing dot; empty for the root.
    text: Box<str>,
    absolute: bool,
}

/// A name written relative to a zone's origin: `@` for the origin itself, else the labels below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelativeName {
    /// The origin itself, written `@`.
    Apex,
    /// A name below the origin, written relative to it.
    Below(Name),
}

impl fmt::Display for RelativeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RelativeName::Apex => f.write_str("@"),
            RelativeName::Below(name) => name.fmt(f),
        }
    }
}

impl Name {
    /// The root, `.`.
    pub fn root() -> Name {
        Name {
            text: "".into(),
            absolute: true,
        }
    }

    /// Checks `text` as a DNS name; a trailing dot makes it absolute.
    pub fn new(text: &str) -> Result<Name, Error> {
        if text.is_empty() {
            return Err(Error::EmptyName);
        }
        if text == "." {
            return Ok(Name::root());
        }
        let (body, absolute) = match text.strip_suffix('.') {
            Some(body) => (body, true),
            None => (text, false),
        };
        check_body(text, body)?;
        Ok(Name {
            text: body.to_ascii_lowercase().into_boxed_str(),
            absolute,
        })
    }

    /// The labels joined by dots, without a trailing dot, lowercase (`skaro.xivo.vm.farm` for
    /// `skaro.xivo.vm.farm.`); empty for the root. What other formats write for a host's name.
    pub fn without_dot(&self) -> &str {
        &self.text
    }

    /// A name from text this crate built from digits, hex digits and dots (reverse names): no check needed.
    pub(crate) fn from_reverse_labels(text: String, absolute: bool) -> Name {
        Name {
            text: text.into_boxed_str(),
            absolute,
        }
    }

    /// Whether the name ends with the root (written with a trailing dot).
    pub fn is_absolute(&self) -> bool {
        self.absolute
    }

    /// Whether this is the root.
    pub fn is_root(&self) -> bool {
        self.absolute && self.text.is_empty()
    }

    /// The labels, leftmost first, in lowercase.
    pub fn labels(&self) -> impl DoubleEndedIterator<Item = &str> + '_ {
        self.text.split('.').filter(|l| !l.is_empty())
    }

    /// Whether no label starts with `_`: the name can be a host's.
    pub fn is_host_name(&self) -> bool {
        self.labels().all(|l| !l.starts_with('_'))
    }

    /// This name if it is a host name, else [`Error::NotHostName`] naming `context`.
    pub fn check_host_name(&self, context: &'static str) -> Result<(), Error> {
        if self.is_host_name() {
            Ok(())
        } else {
            Err(Error::NotHostName {
                name: self.to_string(),
                context,
            })
        }
    }

    /// This name, relative, followed by `origin`: `skaro.xivo` in `vm.farm.` is `skaro.xivo.vm.farm.`.
    /// An absolute name is returned as it is.
    pub fn join(&self, origin: &Name) -> Result<Name, Error> {
        if self.absolute {
            return Ok(self.clone());
        }
        if origin.text.is_empty() {
            return Ok(Name {
                text: self.text.clone(),
                absolute: origin.absolute,
            });
        }
        let mut text = String::with_capacity(self.text.len() + 1 + origin.text.len());
        text.push_str(&self.text);
        text.push('.');
        text.push_str(&origin.text);
        if text.len() > MAX_NAME {
            return Err(Error::NameTooLong {
                len: text.len(),
                name: text,
            });
        }
        Ok(Name {
            text: text.into_boxed_str(),
            absolute: origin.absolute,
        })
    }

    /// Whether this name is `other` or below it (both absolute, or both relative).
    pub fn is_within(&self, other: &Name) -> bool {
        self.absolute == other.absolute && self.suffix_split(other).is_some()
    }

    /// How to write this absolute name in a zone whose origin is `origin`: `@` for the origin, the labels
    /// below it otherwise; `None` if the name is not within the origin (or either is relative).
    pub fn relative_to(&self, origin: &Name) -> Option<RelativeName> {
        if !(self.absolute && origin.absolute) {
            return None;
        }
        match self.suffix_split(origin)? {
            "" => Some(RelativeName::Apex),
            prefix => Some(RelativeName::Below(Name {
                text: prefix.into(),
                absolute: false,
            })),
        }
    }

    /// The text of this absolute name relative to the absolute `origin`, without allocating: `""` for the
    /// origin itself, `None` outside it.
    pub(crate) fn relative_str(&self, origin: &Name) -> Option<&str> {
        if !(self.absolute && origin.absolute) {
            return None;
        }
        self.suffix_split(origin)
    }

    /// The labels of `self` in front of `suffix`, if `suffix` ends `self` at a label boundary.
    fn suffix_split(&self, suffix: &Name) -> Option<&str> {
        if suffix.text.is_empty() {
            return Some(&self.text);
        }
        if self.text == suffix.text {
            return Some("");
        }
        let head = self.text.strip_suffix(&*suffix.text)?;
        head.strip_suffix('.')
    }
}

fn check_body(given: &str, body: &str) -> Result<(), Error> {
    if body.len() > MAX_NAME {
        return Err(Error::NameTooLong {
            name: given.to_owned(),
            len: body.len(),
        });
    }
    for label in body.split('.') {
        check_label(given, label)?;
    }
    Ok(())
}

fn check_label(given: &str, label: &str) -> Result<(), Error> {
    if label.is_empty() {
        return Err(Error::EmptyLabel {
            name: given.to_owned(),
        });
    }
    if label.len() > MAX_LABEL {
        return Err(Error::LabelTooLong {
            name: given.to_owned(),
            label: label.to_owned(),
            len: label.len(),
        });
    }
    let ldh = label.strip_prefix('_').unwrap_or(label);
    if let Some(ch) = ldh
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(Error::InvalidCharacter {
            name: given.to_owned(),
            ch,
        });
    }
    if ldh.is_empty() || ldh.starts_with('-') || ldh.ends_with('-') {
        return Err(Error::BadLabelEdge {
            name: given.to_owned(),
            label: label.to_owned(),
        });
    }
    Ok(())
}

impl FromStr for Name {
    type Err = Error;
    fn from_str(s: &str) -> Result<Name, Error> {
        Name::new(s)
    }
}

vocabulary::string_conversions!(Name, Error);

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)?;
        if self.absolute {
            f.write_str(".")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({self})")
    }
}

impl Ord for Name {
    /// DNSSEC's canonical order (RFC 4034 section 6.1): labels compared from the right; relative names
    /// before absolute ones.
    fn cmp(&self, other: &Name) -> Ordering {
        self.absolute
            .cmp(&other.absolute)
            .then_with(|| self.labels().rev().cmp(other.labels().rev()))
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Name {
        s.parse().unwrap()
    }

    #[test]
    fn case_is_folded() {
        assert_eq!(n("Skaro.XIVO.vm"), n("skaro.xivo.vm"));
        assert_eq!(n("FARM.").to_string(), "farm.");
    }

    #[test]
    fn relative_to_origin() {
        let origin = n("farm.");
        assert_eq!(n("farm.").relative_to(&origin), Some(RelativeName::Apex));
        assert_eq!(
            n("skaro.xivo.vm.farm.")
                .relative_to(&origin)
                .unwrap()
                .to_string(),
            "skaro.xivo.vm"
        );
        assert_eq!(n("notfarm.").relative_to(&origin), None);
        assert_eq!(n("xfarm.").relative_to(&origin), None);
        assert_eq!(n("relative").relative_to(&origin), None);
        assert_eq!(
            n("a.b.").relative_to(&Name::root()).unwrap().to_string(),
            "a.b"
        );
    }

    #[test]
    fn join_and_length() {
        assert_eq!(
            n("skaro.xivo").join(&n("vm.farm.")).unwrap(),
            n("skaro.xivo.vm.farm.")
        );
        assert_eq!(n("ns").join(&Name::root()).unwrap(), n("ns."));
        let long = ["a".repeat(63), "b".repeat(63), "c".repeat(63)].join(".");
        assert!(n(&long).join(&n(&"d".repeat(63))).is_err());
    }

    #[test]
    fn canonical_order() {
        let mut names = [n("z.a."), n("a.b."), n("b."), n("a."), n("rel")];
        names.sort();
        let shown: Vec<String> = names.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["rel", "a.", "z.a.", "b.", "a.b."]);
    }

    #[test]
    fn refusals() {
        assert_eq!(Name::new(""), Err(Error::EmptyName));
        assert!(matches!(Name::new("a..b"), Err(Error::EmptyLabel { .. })));
        assert!(matches!(Name::new(".a"), Err(Error::EmptyLabel { .. })));
        assert!(matches!(Name::new("a.."), Err(Error::EmptyLabel { .. })));
        assert!(matches!(
            Name::new(&"x".repeat(64)),
            Err(Error::LabelTooLong { .. })
        ));
        assert!(matches!(Name::new("-a"), Err(Error::BadLabelEdge { .. })));
        assert!(matches!(Name::new("a-"), Err(Error::BadLabelEdge { .. })));
        assert!(matches!(Name::new("_"), Err(Error::BadLabelEdge { .. })));
        assert!(matches!(
            Name::new("a_b"),
            Err(Error::InvalidCharacter { ch: '_', .. })
        ));
        assert!(matches!(
            Name::new("a;b"),
            Err(Error::InvalidCharacter { ch: ';', .. })
        ));
        assert!(matches!(
            Name::new("a b"),
            Err(Error::InvalidCharacter { ch: ' ', .. })
        ));
        assert!(matches!(
            Name::new("a\nb"),
            Err(Error::InvalidCharacter { ch: '\n', .. })
        ));
        assert!(matches!(
            Name::new("é"),
            Err(Error::InvalidCharacter { ch: 'é', .. })
        ));
        assert!(matches!(
            Name::new("*.a"),
            Err(Error::InvalidCharacter { ch: '*', .. })
        ));
        let long = vec!["abc"; 64].join(".");
        assert!(matches!(
            Name::new(&long),
            Err(Error::NameTooLong { len: 255, .. })
        ));
        assert!(n("_sip._tcp.farm.").labels().count() == 3);
        assert!(!n("_sip._tcp").is_host_name());
    }
}
