//! Network interface names.

use crate::Error;

/// A Linux network interface name: 1 to 15 bytes of ASCII letters, digits, `.`, `_` and `-`, not `.` or
/// `..` (Linux also refuses `/`, `:` and white space; the rest is kept out so that the name needs no quoting
/// in any of the farm's files or in a shell word). A daemon that reads more into a name (Shorewall's `-`,
/// radvd's keywords) wraps [`check`] with its own rule.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct InterfaceName(String);

impl InterfaceName {
    /// Checks `name`.
    pub fn new(name: &str) -> Result<InterfaceName, Error> {
        check(name).map_err(|reason| Error::InvalidInterface {
            name: name.to_owned(),
            reason,
        })?;
        Ok(InterfaceName(name.to_owned()))
    }
}

crate::checked_string!(InterfaceName, Error, InterfaceName::new);

/// Why Linux would refuse `name` as an interface name, or why it would need quoting: `Ok` for a name
/// [`InterfaceName`] takes, else the reason (for a crate whose own interface type adds a rule to these).
pub fn check(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("it is empty");
    }
    if name.len() > 15 {
        return Err("Linux allows at most 15 bytes");
    }
    if name == "." || name == ".." {
        return Err("`.` and `..` are not names");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err("only ASCII letters, digits, `.`, `_` and `-` are allowed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::InterfaceName;
    use crate::Error;
    use proptest::prelude::*;

    #[test]
    fn linux_names_pass_and_others_say_why() {
        for good in [
            "eth0",
            "br0",
            "enp3s0f1",
            "vlan.100",
            "a_b-c",
            "x23456789012345",
        ] {
            assert_eq!(InterfaceName::new(good).unwrap().as_str(), good);
        }
        for (bad, reason) in [
            ("", "it is empty"),
            ("x234567890123456", "Linux allows at most 15 bytes"),
            (".", "`.` and `..` are not names"),
            ("..", "`.` and `..` are not names"),
            ("eth 0", "only ASCII letters"),
            ("eth0;", "only ASCII letters"),
            ("eth0\n", "only ASCII letters"),
            ("lo:1", "only ASCII letters"),
            ("a/b", "only ASCII letters"),
            ("\"x\"", "only ASCII letters"),
        ] {
            match InterfaceName::new(bad) {
                Err(Error::InvalidInterface { name, reason: why }) => {
                    assert_eq!(name, bad);
                    assert!(why.starts_with(reason), "{bad:?}: {why}");
                }
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn serde_checks_the_name() {
        let name: Result<InterfaceName, _> = serde_json::from_str("\"eth0\"");
        assert_eq!(name.unwrap().as_str(), "eth0");
        let bad: Result<InterfaceName, _> = serde_json::from_str("\"eth 0\"");
        assert!(bad.is_err());
    }

    proptest! {
        #[test]
        fn display_parses_back(name in "[A-Za-z0-9._-]{1,15}") {
            prop_assume!(name != "." && name != "..");
            let parsed = InterfaceName::new(&name).unwrap();
            prop_assert_eq!(parsed.to_string().parse::<InterfaceName>().unwrap(), parsed);
        }
    }
}
