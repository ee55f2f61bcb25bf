//! Every refusal of the crate, one test each, with the value named in the message.

use radvd_conf::{Comment, Config, Error, InterfaceName, Intervals, Name, Prefix};

/// A radvd.conf written by hand, with what the crate refuses to write.
fn by_hand(min: u16, max: u16, prefix: &str) -> String {
    format!(
        "interface br0\n{{\n\tAdvSendAdvert on;\n\tMinRtrAdvInterval {min};\n\tMaxRtrAdvInterval {max};\n\tprefix {prefix}\n\t{{\n\t\tAdvOnLink on;\n\t\tAdvAutonomous on;\n\t}};\n}};\n"
    )
}

/// radvd -c takes `text`, and radvd refuses or warns about it when it starts, in words holding `needle`.
fn radvd_refuses_when_it_starts(text: &str, needle: &str) {
    if !checkers::radvd(text).unwrap().ran() {
        return;
    }
    let served = checkers::radvd_slaac(text, "br0", "2001:db8:1:2::1/64", "52:54:00:00:00:01");
    match served {
        Ok(None) => {}
        Ok(Some(addresses)) => panic!("radvd served {addresses:?}:\n{text}"),
        Err(failure) => assert!(failure.output.contains(needle), "{failure}"),
    }
}

fn prefix() -> Prefix {
    "2001:db8:1:2::/64".parse().unwrap()
}

fn with_rdnss(addresses: &[&str]) -> Result<Config, Error> {
    let mut b = Config::builder("br0".parse().unwrap(), prefix());
    for a in addresses {
        b = b.rdnss(a.parse().unwrap());
    }
    b.build()
}

#[test]
fn interfaces() {
    for bad in [
        "",
        ".",
        "..",
        "a b",
        "a/b",
        "a:b",
        "a\"b",
        "a{b",
        "a;b",
        "sixteen-bytes-xx",
    ] {
        assert!(
            matches!(InterfaceName::new(bad), Err(Error::InvalidInterface { .. })),
            "{bad:?}"
        );
    }
    assert!(InterfaceName::new("fifteen-bytes-x").is_ok());
}

#[test]
fn words_radvd_does_not_read_as_names() {
    // Linux takes these as interface names and they are DNS names; radvd's scanner reads them as numbers
    // or keywords, and its parser fails ("syntax error").
    for bad in [
        "2", "-2", "1.5", "prefix", "Route", "on", "OFF", "high", "infinity", "dnssl",
    ] {
        assert!(
            matches!(InterfaceName::new(bad), Err(Error::InvalidInterface { .. })),
            "{bad:?}"
        );
        let text = format!("interface {bad}\n{{\n\tAdvSendAdvert on;\n}};\n");
        if let Err(failure) = checkers::radvd(&text) {
            assert!(failure.output.contains("syntax error"), "{failure}");
        }
    }
    for bad in ["2", "1.5", "on", "low", "medium", "interface"] {
        let err = Name::new(bad).unwrap_err();
        assert!(err.to_string().contains("radvd reads it as"), "{err}");
    }
    // A keyword inside a longer word, or a number with letters, is a name.
    for good in ["prefixes", "on1", "2a", "1.5.2", "10-20"] {
        assert!(InterfaceName::new(good).is_ok(), "{good}");
        assert!(Name::new(good).is_ok(), "{good}");
    }
    let text = "interface on1\n{\n\tAdvSendAdvert on;\n\tprefix 2001:db8::/64\n\t{\n\t};\n\tDNSSL 1.5.2 prefixes 2a\n\t{\n\t};\n};\n";
    checkers::radvd(text).unwrap();
}

#[test]
fn names() {
    for bad in [
        "", "a..b", ".a", "a.", "-a", "a_b", "a b", "a;b", "a{b", "é",
    ] {
        let err = Name::new(bad).unwrap_err();
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
    }
}

#[test]
fn prefixes() {
    // radvd -c takes all of these; radvd warns "prefix length should be: 64" when it starts on the first two.
    for (bad, why) in [
        ("2001:db8::/48", "SLAAC needs a /64"),
        ("2001:db8:1:2::/80", "SLAAC needs a /64"),
        ("2001:db8:1:2::1/64", "host bits"),
        ("fe80::/64", "link-local"),
        ("ff02::/64", "multicast"),
        ("::/64", "unspecified"),
        ("10.0.0.0/8", "not an IPv6 prefix"),
        ("2001:db8:1:2::", "not an IPv6 prefix"),
        ("garbage", "not an IPv6 prefix"),
    ] {
        let err = bad.parse::<Prefix>().unwrap_err();
        assert!(
            matches!(&err, Error::InvalidPrefix { .. }) && err.to_string().contains(why),
            "{bad}: {err}"
        );
    }
    assert!("fd00:1:2:3::/64".parse::<Prefix>().is_ok());
    radvd_refuses_when_it_starts(
        &by_hand(3, 10, "2001:db8:1::/48"),
        "prefix length should be: 64",
    );
}

#[test]
fn intervals() {
    // radvd -c takes all of these; radvd refuses them when it starts.
    for (min, max, why) in [
        (3, 3, "MaxRtrAdvInterval is 4 to 1800"),
        (3, 1801, "MaxRtrAdvInterval is 4 to 1800"),
        (2, 10, "at least 3"),
        (8, 10, "at most 0.75"),
        (1351, 1800, "at most 0.75"),
    ] {
        let err = Intervals::new(min, max).unwrap_err();
        assert!(err.to_string().contains(why), "{min} {max}: {err}");
    }
    for (min, max) in [(3, 1801), (2, 10), (8, 10)] {
        radvd_refuses_when_it_starts(&by_hand(min, max, "2001:db8:1:2::/64"), "must be");
    }
    assert!(Intervals::new(3, 4).is_ok());
    assert!(Intervals::new(1350, 1800).is_ok());
    let from_json = serde_json::from_str::<Intervals>(r#"{"min": 8, "max": 10}"#);
    assert!(from_json.is_err());
}

#[test]
fn rdnss() {
    assert!(matches!(with_rdnss(&[]), Err(Error::NoRdnss)));
    let four = ["2001:db8::1", "2001:db8::2", "2001:db8::3", "2001:db8::4"];
    assert_eq!(
        with_rdnss(&four).unwrap_err().to_string(),
        "4 RDNSS addresses: radvd takes at most 3"
    );
    // radvd -c refuses 4 too: the crate refuses no less.
    let mut text = with_rdnss(&four[..3]).unwrap().to_string();
    text = text.replace("2001:db8::3", "2001:db8::3 2001:db8::4");
    if let Err(failure) = checkers::radvd(&text) {
        assert!(failure.output.contains("too many addresses"), "{failure}");
    }
    for (bad, why) in [
        ("ff02::1", "multicast"),
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
    ] {
        let err = with_rdnss(&[bad]).unwrap_err();
        assert!(err.to_string().contains(why), "{bad}: {err}");
    }
    assert!(matches!(
        with_rdnss(&["2001:db8::1", "2001:db8::1"]),
        Err(Error::Duplicate { what: "RDNSS", .. })
    ));
}

#[test]
fn dnssl() {
    let farm: Name = "farm".parse().unwrap();
    let err = Config::builder("br0".parse().unwrap(), prefix())
        .rdnss(prefix().address(1))
        .dnssl(farm.clone())
        .dnssl(farm)
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "DNSSL farm is given twice");
    // x0 to x9 take 185 characters, 187 bytes in wire form, x10 one more: 10 fit in one option, 11 do not.
    let names = |count: usize| {
        let label = "a".repeat(60);
        let mut b = Config::builder("br0".parse().unwrap(), prefix()).rdnss(prefix().address(1));
        for i in 0..count {
            b = b.dnssl(format!("x{i}.{label}.{label}.{label}").parse().unwrap());
        }
        b.build()
    };
    assert!(names(10).is_ok());
    assert!(matches!(
        names(11),
        Err(Error::DnsslTooLong { bytes: 2058 })
    ));
}

#[test]
fn comments() {
    assert!(Comment::new("a\ninterface evil { };").is_err());
    assert!(Comment::new("fine: { }; \"quotes\"").is_ok());
}
