//! Host names.

use crate::Error;

/// A host name: letter-digit-hyphen labels of 1 to 63 characters (no `-` at either end) joined by dots, at
/// most 253 characters, no trailing dot; lowercase. Nothing in it needs quoting or escaping in any of the
/// farm's files or in a shell word.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct HostName(String);

impl HostName {
    /// Checks `text`; kept in lowercase.
    pub fn new(text: &str) -> Result<HostName, Error> {
        let invalid = |reason| Error::InvalidHostName {
            name: text.to_owned(),
            reason,
        };
        if text.is_empty() {
            return Err(invalid("it is empty"));
        }
        if text.len() > 253 {
            return Err(invalid("it is over 253 characters long"));
        }
        for label in text.split('.') {
            if label.is_empty() {
                return Err(invalid(
                    "it has an empty label (a dot at either end, or two in a row)",
                ));
            }
            if label.len() > 63 {
                return Err(invalid("a label is over 63 characters long"));
            }
            if !label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return Err(invalid("a label holds only letters, digits and `-`"));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(invalid("a label starts or ends with `-`"));
            }
        }
        Ok(HostName(text.to_ascii_lowercase()))
    }
}

crate::checked_string!(HostName, Error, HostName::new);

#[cfg(test)]
mod tests {
    use super::HostName;
    use crate::Error;

    #[test]
    fn labels_are_letters_digits_and_inner_hyphens() {
        assert_eq!(HostName::new("Skaro.Xivo").unwrap().as_str(), "skaro.xivo");
        for bad in ["", "a..b", "-a", "a-", "a_b", "a b", "a.", "a;b"] {
            assert!(
                matches!(HostName::new(bad), Err(Error::InvalidHostName { .. })),
                "{bad:?}"
            );
        }
        assert!(HostName::new(&"a".repeat(64)).is_err());
        assert!(HostName::new(&["a"; 127].join(".")).is_ok());
        assert!(HostName::new(&["ab"; 85].join(".")).is_err());
    }

    proptest::proptest! {
        #[test]
        fn parse_of_display_is_itself(text in "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\\.[a-z0-9]{1,8}){0,3}") {
            let name = HostName::new(&text).unwrap();
            proptest::prop_assert_eq!(name.to_string().parse::<HostName>().unwrap(), name);
        }
    }
}
