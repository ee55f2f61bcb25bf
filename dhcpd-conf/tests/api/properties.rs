//! Round trips of the names, and the control characters no string takes.

use dhcpd_conf::Name;
use proptest::prelude::*;

fn name() -> impl Strategy<Value = Name> {
    "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?){0,3}"
        .prop_map(|s| s.parse().unwrap())
}

proptest! {
    #[test]
    fn names_round_trip(name in name()) {
        prop_assert_eq!(name.to_string().parse::<Name>().unwrap(), name);
    }

    #[test]
    fn interface_names_round_trip(text in "[a-zA-Z0-9_-][a-zA-Z0-9._-]{0,14}") {
        let name: dhcpd_conf::InterfaceName = text.parse().unwrap();
        prop_assert_eq!(name.to_string(), text.clone());
        prop_assert_eq!(name.to_string().parse::<dhcpd_conf::InterfaceName>().unwrap(), name);
    }

    #[test]
    fn any_control_character_is_refused_in_every_string(prefix in "[a-z]{0,5}", bad in "[\\x00-\\x1f\\x7f]", suffix in "[a-z]{0,5}") {
        let text = format!("{prefix}{bad}{suffix}");
        prop_assert!(text.parse::<Name>().is_err());
        prop_assert!(text.parse::<dhcpd_conf::InterfaceName>().is_err());
        prop_assert!(text.parse::<dhcpd_conf::Comment>().is_err());
    }
}
