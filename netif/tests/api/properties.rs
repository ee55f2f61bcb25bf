//! Round trips of the names, and the characters no name takes.

use netif::{HostName, InterfaceName};
use proptest::prelude::*;

proptest! {
    #[test]
    fn interface_names_round_trip(text in "[a-zA-Z0-9_-][a-zA-Z0-9._-]{0,8}(:[a-z0-9]{1,4})?") {
        let name: InterfaceName = text.parse().unwrap();
        prop_assert_eq!(name.to_string(), text);
        prop_assert_eq!(name.to_string().parse::<InterfaceName>().unwrap(), name);
    }

    #[test]
    fn host_names_round_trip(text in "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\\.[a-z0-9]{1,10}){0,3}") {
        let name: HostName = text.parse().unwrap();
        prop_assert_eq!(name.to_string().parse::<HostName>().unwrap(), name);
    }

    #[test]
    fn control_characters_never_pass(prefix in "[a-z]{1,5}", bad in "[\\x00-\\x20\\x7f#;\"'$`]", suffix in "[a-z]{0,5}") {
        let text = format!("{prefix}{bad}{suffix}");
        prop_assert!(text.parse::<InterfaceName>().is_err());
        prop_assert!(text.parse::<HostName>().is_err());
    }
}
