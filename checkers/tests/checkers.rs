//! The checkers refuse what their daemons refuse: each is shown a good input and a bad one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

use checkers::Verdict;

const GOOD_ZONE: &str = "$TTL 1h\n$ORIGIN farm.\n@ IN SOA ns hostmaster 1 1h 30m 2w 30m\n@ IN NS ns\nns IN A 10.0.0.1\n";

#[test]
fn a_good_zone_passes_and_a_bad_one_fails() {
    match checkers::zone("farm", GOOD_ZONE).unwrap() {
        Verdict::Passed { output } => assert!(output.contains("loaded serial 1"), "{output}"),
        Verdict::Skipped { .. } => return,
        _ => unreachable!(),
    }
    let no_ns = GOOD_ZONE.replace("@ IN NS ns\n", "");
    let failure = checkers::zone("farm", &no_ns).unwrap_err();
    assert!(failure.output.contains("NS"), "{failure}");
}

#[test]
fn out_of_zone_data_is_a_failure_though_bind_exits_0() {
    let text = format!("{GOOD_ZONE}elsewhere.example. IN A 10.0.0.2\n");
    if let Err(failure) = checkers::zone("farm", &text) {
        assert!(failure.reason.contains("out-of-zone"), "{failure}");
    } else {
        assert!(checkers::locate(checkers::Tool::NamedCheckzone).is_none());
    }
}

#[test]
fn the_dump_is_bind_reading() {
    let Some(records) = checkers::zone_dump("farm", GOOD_ZONE).unwrap() else {
        return;
    };
    let lines: Vec<String> = records.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "farm. 3600 IN SOA ns.farm. hostmaster.farm. 1 3600 1800 1209600 1800",
            "farm. 3600 IN NS ns.farm.",
            "ns.farm. 3600 IN A 10.0.0.1",
        ]
    );
}

#[test]
fn named_conf_loads_the_zones_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let bind = dir.path().join("etc/bind");
    std::fs::create_dir_all(&bind).unwrap();
    std::fs::write(bind.join("db.farm"), GOOD_ZONE).unwrap();
    let conf = "zone \"farm\" { type primary; file \"/etc/bind/db.farm\"; };\n";
    std::fs::write(bind.join("named.conf"), conf).unwrap();
    let verdict = checkers::named_conf(dir.path(), "/etc/bind/named.conf").unwrap();
    if !verdict.ran() {
        return;
    }
    std::fs::remove_file(bind.join("db.farm")).unwrap();
    assert!(checkers::named_conf(dir.path(), "/etc/bind/named.conf").is_err());
}

#[test]
fn sh_checks_syntax_without_running() {
    if !checkers::sh_syntax("#!/bin/sh\nexit 3\n").unwrap().ran() {
        return;
    }
    assert!(checkers::sh_syntax("if then fi\n").is_err());
}

#[test]
fn dhcpd_refuses_what_it_cannot_read_and_what_it_warns_about() {
    let good = "subnet 10.0.0.0 netmask 255.0.0.0 {\n}\nhost a {\n\thardware ethernet 52:54:00:00:00:01;\n\tfixed-address 10.0.0.1;\n}\n";
    if !checkers::dhcpd(good).unwrap().ran() {
        return;
    }
    let failure = checkers::dhcpd("subnet 10.0.0.0 netmask 255.0.0.0 {\n").unwrap_err();
    assert!(failure.reason.contains("refused"), "{failure}");
    let inside =
        "subnet 10.0.0.0 netmask 255.0.0.0 {\nhost a { hardware ethernet 52:54:00:00:00:01; }\n}\n";
    let failure = checkers::dhcpd(inside).unwrap_err();
    assert!(
        failure.reason.contains("Host declarations are global"),
        "{failure}"
    );
}

#[test]
fn sourcing_reads_values_in_an_empty_environment() {
    let Some(values) = checkers::source_vars("A=\"x y\"\nB=$HOME\n", &["A", "B"]).unwrap() else {
        return;
    };
    assert_eq!(values, ["x y", ""]);
    assert!(checkers::source_vars("A=\"unclosed\n", &["A"]).is_err());
    assert!(checkers::source_vars("A=1\n", &["A; rm"]).is_err());
}

#[test]
fn kea_refuses_bad_json_and_an_interface_it_was_not_given() {
    let good = r#"{"Dhcp4": {"interfaces-config": {"interfaces": ["br0"]}, "subnet4": [{"id": 1, "subnet": "10.0.0.0/8"}]}}"#;
    if !checkers::kea_dhcp4(good, &["br0"]).unwrap().ran() {
        return;
    }
    let failure =
        checkers::kea_dhcp4(&good.replace("10.0.0.0/8", "10.0.0.0/8\""), &["br0"]).unwrap_err();
    assert!(failure.reason.contains("refused"), "{failure}");
    // The namespace has only the interfaces asked for: not the machine's.
    let failure = checkers::kea_dhcp4(
        &good.replace(
            r#""subnet4""#,
            r#""shared-networks": [{"name": "x", "interface": "eth9", "subnet4": []}], "subnet4""#,
        ),
        &["br0"],
    )
    .unwrap_err();
    assert!(
        failure.output.contains("not present in the system"),
        "{failure}"
    );
}

#[test]
fn radvd_checks_the_grammar() {
    let good = "interface br0 {\n\tAdvSendAdvert on;\n\tprefix 2001:db8::/64 {\n\t};\n};\n";
    if !checkers::radvd(good).unwrap().ran() {
        return;
    }
    let failure = checkers::radvd("interface br0 {\n\tAdvSendAdvert on\n};\n").unwrap_err();
    assert!(failure.reason.contains("refused"), "{failure}");
    let failure = checkers::radvd(&good.replace(
        "};\n};",
        "};\n\tRDNSS 2001:db8::1 2001:db8::2 2001:db8::3 2001:db8::4 {\n\t};\n};",
    ))
    .unwrap_err();
    assert!(failure.output.contains("too many addresses"), "{failure}");
}

#[test]
fn radvd_serving_fails_on_what_it_refuses_when_it_starts() {
    let conf = |min: u16, max: u16| {
        format!(
            "interface br0 {{\n\tAdvSendAdvert on;\n\tMinRtrAdvInterval {min};\n\tMaxRtrAdvInterval {max};\n\tprefix 2001:db8::/64 {{\n\t}};\n}};\n"
        )
    };
    let Some(addresses) =
        checkers::radvd_slaac(&conf(3, 10), "br0", "2001:db8::1/64", "52:54:00:00:00:01").unwrap()
    else {
        return;
    };
    assert_eq!(addresses, ["2001:db8::5054:ff:fe00:1"]);
    // radvd -c takes MinRtrAdvInterval above 0.75 x MaxRtrAdvInterval; radvd refuses it when it starts.
    checkers::radvd(&conf(8, 10)).unwrap();
    let failure = checkers::radvd_slaac(&conf(8, 10), "br0", "2001:db8::1/64", "52:54:00:00:00:01")
        .unwrap_err();
    assert!(failure.output.contains("must be"), "{failure}");
}
