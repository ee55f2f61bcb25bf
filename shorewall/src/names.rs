//! Checked names and values.

use crate::Error;

/// A zone name as Shorewall 5.2 accepts it with the default `LOGFORMAT`: a letter, then letters, digits or
/// `_`, at most 5 characters; not `all`, `any`, `none`, `SOURCE` or `DEST`, and not starting with `all2`
/// or ending with `2all`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct ZoneName(String);

impl ZoneName {
    /// Checks `name`.
    pub fn new(name: &str) -> Result<ZoneName, Error> {
        let invalid = |reason| Error::InvalidZone {
            name: name.to_owned(),
            reason,
        };
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err(invalid("it must start with a letter"));
        }
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(invalid("only letters, digits and `_` are allowed"));
        }
        if name.len() > 5 {
            return Err(invalid("at most 5 characters with the default LOGFORMAT"));
        }
        if ["all", "any", "none", "SOURCE", "DEST"].contains(&name)
            || name.starts_with("all2")
            || name.ends_with("2all")
        {
            return Err(invalid("the name is reserved"));
        }
        Ok(ZoneName(name.to_owned()))
    }
}

vocabulary::checked_string!(ZoneName, Error, ZoneName::new);

/// Shell variables a params file must not set.
const RESERVED_PARAMS: [&str; 16] = [
    "FW", "PATH", "IFS", "HOME", "PWD", "OLDPWD", "SHELL", "ENV", "PS1", "PS2", "PS4", "OPTIND",
    "OPTARG", "LINENO", "PPID", "CONFDIR",
];

/// The name of a Shorewall param (a shell variable in `params`, used as `$NAME`): a letter or `_`, then
/// letters, digits or `_`; not `SW_...` or `SHOREWALL_...` (Shorewall's own), nor `FW` or the shell's own
/// variables.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct ParamName(String);

impl ParamName {
    /// Checks `name`.
    pub fn new(name: &str) -> Result<ParamName, Error> {
        let invalid = |reason| Error::InvalidParamName {
            name: name.to_owned(),
            reason,
        };
        if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return Err(invalid("it must start with a letter or `_`"));
        }
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(invalid("only letters, digits and `_` are allowed"));
        }
        if name.len() > 64 {
            return Err(invalid("at most 64 characters"));
        }
        let upper = name.to_ascii_uppercase();
        if upper.starts_with("SW_") || upper.starts_with("SHOREWALL_") {
            return Err(invalid(
                "the SW_ and SHOREWALL_ prefixes are Shorewall's own",
            ));
        }
        if RESERVED_PARAMS.contains(&name) {
            return Err(invalid("the name is reserved by Shorewall or the shell"));
        }
        Ok(ParamName(name.to_owned()))
    }
}

vocabulary::checked_string!(ParamName, Error, ParamName::new);

/// A param's value: ASCII letters, digits and `. : / , _ -` (addresses, networks, interface names, ports),
/// so that sourcing `params` assigns it and nothing else.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct ParamValue(String);

impl ParamValue {
    /// Checks `value`.
    pub fn new(value: &str) -> Result<ParamValue, Error> {
        if value.is_empty()
            || value.len() > 1024
            || !value.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b':' | b'/' | b',' | b'_' | b'-')
            })
        {
            return Err(Error::InvalidParamValue {
                value: value.to_owned(),
            });
        }
        Ok(ParamValue(value.to_owned()))
    }
}

vocabulary::checked_string!(ParamValue, Error, ParamValue::new);

/// A Linux interface name ([`vocabulary::InterfaceName`]'s rule) that Shorewall reads as one: not `-`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct InterfaceName(String);

impl InterfaceName {
    /// Checks `name`.
    pub fn new(name: &str) -> Result<InterfaceName, Error> {
        let invalid = |reason| Error::InvalidInterface {
            name: name.to_owned(),
            reason,
        };
        vocabulary::check_interface_name(name).map_err(invalid)?;
        if name == "-" {
            return Err(invalid("`-` is an empty column to Shorewall"));
        }
        Ok(InterfaceName(name.to_owned()))
    }
}

vocabulary::checked_string!(InterfaceName, Error, InterfaceName::new);
