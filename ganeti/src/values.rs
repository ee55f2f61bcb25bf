//! Checked values.

use std::fmt;

use crate::Error;

/// A size as Ganeti reads it: a whole number and a unit, `M`, `G` or `T` (`512M`, `30G`), kept as written
/// (the unit in uppercase); at least 1 MiB and at most 1 PiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Size {
    count: u64,
    unit: char,
}

impl Size {
    /// Checks `text`.
    pub fn new(text: &str) -> Result<Size, Error> {
        let invalid = || Error::InvalidSize {
            text: text.to_owned(),
        };
        let mut chars = text.chars();
        let unit = chars.next_back().ok_or_else(invalid)?.to_ascii_uppercase();
        let digits = chars.as_str();
        if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let count: u64 = digits.parse().map_err(|_| invalid())?;
        let size = Size { count, unit };
        let mib = match unit {
            'M' => Some(count),
            'G' => count.checked_mul(1 << 10),
            'T' => count.checked_mul(1 << 20),
            _ => None,
        };
        match mib {
            Some(mib) if (1..=1 << 30).contains(&mib) => Ok(size),
            _ => Err(invalid()),
        }
    }

    /// The size in MiB.
    pub fn mebibytes(self) -> u64 {
        match self.unit {
            'G' => self.count << 10,
            'T' => self.count << 20,
            _ => self.count,
        }
    }
}

vocabulary::string_conversions!(Size, Error, Size::new);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.count, self.unit)
    }
}

fn check_chars(
    what: &'static str,
    value: &str,
    ok: impl Fn(u8) -> bool,
    reason: &'static str,
) -> Result<(), Error> {
    if value.is_empty() || value.len() > 1024 || !value.bytes().all(ok) {
        return Err(Error::InvalidValue {
            what,
            value: value.to_owned(),
            reason,
        });
    }
    Ok(())
}

/// An OS definition with its variant (`debootstrap+default`): ASCII letters, digits and `. _ + -`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OsName(String);

impl OsName {
    /// Checks `name`.
    pub fn new(name: &str) -> Result<OsName, Error> {
        check_chars(
            "OS name",
            name,
            |b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'),
            "only ASCII letters, digits and . _ + - are allowed",
        )?;
        if name.starts_with(['-', '+']) {
            return Err(Error::InvalidValue {
                what: "OS name",
                value: name.to_owned(),
                reason: "it must not start with `-` or `+`",
            });
        }
        Ok(OsName(name.to_owned()))
    }
}

vocabulary::checked_string!(OsName, Error, OsName::new);

/// A hypervisor parameter's name (`boot_order`): lowercase ASCII letters, digits and `_`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct HvKey(String);

impl HvKey {
    /// Checks `key`.
    pub fn new(key: &str) -> Result<HvKey, Error> {
        check_chars(
            "hypervisor parameter name",
            key,
            |b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_',
            "only lowercase ASCII letters, digits and _ are allowed",
        )?;
        Ok(HvKey(key.to_owned()))
    }
}

vocabulary::checked_string!(HvKey, Error, HvKey::new);

/// A hypervisor parameter's value (`cdrom`, `/srv/ganeti/debian.iso`, `0.0.0.0`): printable ASCII without
/// `,` `=` `:` (Ganeti's separators), white space, quotes or backslashes. What the shell would read
/// otherwise (`$`, `;`, backquotes) is quoted when written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HvValue(String);

impl HvValue {
    /// Checks `value`.
    pub fn new(value: &str) -> Result<HvValue, Error> {
        check_chars(
            "hypervisor parameter value",
            value,
            |b| b.is_ascii_graphic() && !matches!(b, b',' | b'=' | b':' | b'"' | b'\'' | b'\\'),
            "it must be printable ASCII without , = : white space, quotes or backslashes",
        )?;
        Ok(HvValue(value.to_owned()))
    }
}

vocabulary::checked_string!(HvValue, Error, HvValue::new);

/// A network link (a bridge) or a network device: a Linux interface name ([`vocabulary::InterfaceName`]'s
/// rule) not starting with `-`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct LinkName(String);

impl LinkName {
    /// Checks `name`.
    pub fn new(name: &str) -> Result<LinkName, Error> {
        let invalid = |reason| Error::InvalidValue {
            what: "interface name",
            value: name.to_owned(),
            reason,
        };
        vocabulary::check_interface_name(name).map_err(invalid)?;
        if name.starts_with('-') {
            return Err(invalid(
                "it must not start with `-` (gnt-instance would read an option)",
            ));
        }
        Ok(LinkName(name.to_owned()))
    }
}

vocabulary::checked_string!(LinkName, Error, LinkName::new);

/// An LVM volume group name: ASCII letters, digits and `. _ + -`, not starting with `-`, at most 127.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct VgName(String);

impl VgName {
    /// Checks `name`.
    pub fn new(name: &str) -> Result<VgName, Error> {
        check_chars(
            "volume group name",
            name,
            |b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'),
            "only ASCII letters, digits and . _ + - are allowed",
        )?;
        if name.len() > 127 || name.starts_with('-') || name == "." || name == ".." {
            return Err(Error::InvalidValue {
                what: "volume group name",
                value: name.to_owned(),
                reason: "at most 127 characters, not starting with `-`, not `.` or `..`",
            });
        }
        Ok(VgName(name.to_owned()))
    }
}

vocabulary::checked_string!(VgName, Error, VgName::new);
