//! One bad plan per rule: the error names the value, the rule, and the line it is on.

use farm_model::{Format, Rule};

use crate::common::{at, edit, example, line_of, refused, rule_at, rules};

/// Replaces `old` by `new` in the example and expects an error breaking `rule` at `path`, on one of the
/// lines of `new`, whose message holds every one of `fragments` (the value, the limit).
fn expect(old: &str, new: &str, path: &str, rule: Rule, fragments: &[&str]) {
    let base = example();
    let text = edit(&base, old, new);
    let report = refused(&text, Format::Toml);
    let d = at(&report, path);
    let first = line_of(&base, old);
    let lines = first..first + new.lines().count().max(1);
    let line = d.position.map_or(0, |p| p.line);
    assert!(
        lines.contains(&line),
        "{path} is reported on line {line}, not in {lines:?}:\n{report}"
    );
    assert_eq!(d.diagnostic.rule, rule, "{report}");
    for fragment in fragments {
        assert!(
            d.diagnostic.message.contains(fragment),
            "{fragment:?} not in {:?}",
            d.diagnostic.message
        );
    }
    assert!(
        report.to_string().contains(&format!("plan.toml:{line}:")),
        "{report}"
    );
}

/// Whether the message of the diagnostic at `path` holds `fragment` (the value, the limit, the reason).
fn says(report: &farm_model::Report, path: &str, fragment: &str) {
    let message = &at(report, path).diagnostic.message;
    assert!(
        message.contains(fragment),
        "{fragment:?} not in {message:?}\n{report}"
    );
}

#[test]
fn unknown_keys_suggest_the_nearest() {
    let text = edit(&example(), "hostmaster = ", "hostmastr = ");
    let report = refused(&text, Format::Toml);
    let d = at(&report, "dns.hostmastr");
    assert_eq!(d.diagnostic.rule, Rule::UnknownKey);
    assert_eq!(
        d.diagnostic.hint.as_deref(),
        Some("did you mean `hostmaster`?")
    );
    assert_eq!(
        d.position.map(|p| (p.line, p.column)),
        Some((line_of(&text, "hostmastr"), 1))
    );
    let text = edit(&example(), "[bridge]", "[bridge]\ncolour = \"blue\"");
    let report = refused(&text, Format::Toml);
    assert!(
        at(&report, "bridge.colour")
            .diagnostic
            .hint
            .as_deref()
            .unwrap()
            .starts_with("known keys here: name, address")
    );
}

#[test]
fn every_field_error_at_once() {
    let mut text = example();
    text = edit(&text, "ttl = \"1h\"", "ttl = \"1x\"");
    text = edit(&text, "name = \"dev.dachary\"", "name = \"dev dachary\"");
    text = edit(&text, "vcpus = 1", "vcpus = \"one\"");
    text = edit(&text, "port = 22002", "port = 0");
    let report = refused(&text, Format::Toml);
    assert_eq!(
        rules(&report),
        [
            ("dns.ttl".to_owned(), Rule::BadValue),
            ("vms[0].name".to_owned(), Rule::BadValue),
            ("vms[1].vcpus".to_owned(), Rule::WrongKind),
            ("vms[1].forwards[0].port".to_owned(), Rule::OutOfRange),
        ],
        "{report}"
    );
    let lines: Vec<usize> = report
        .diagnostics()
        .iter()
        .map(|d| d.position.unwrap().line)
        .collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "errors are sorted by position");
    assert!(report.to_string().ends_with("4 errors in plan.toml"));
}

#[test]
fn names() {
    expect(
        "domain = \"farm\"",
        "domain = \"fa_rm\"",
        "domain",
        Rule::BadValue,
        &["fa_rm"],
    );
    expect(
        "domain = \"farm\"",
        "domain = \"farm.\"",
        "domain",
        Rule::AbsoluteName,
        &["farm.", "absolute"],
    );
    expect(
        "name = \"skaro.xivo\"",
        "name = \"-skaro\"",
        "vms[1].name",
        Rule::BadValue,
        &["-skaro"],
    );
    expect(
        "name = \"gnt-cluster\"",
        "name = \"ns\"",
        "cluster.name",
        Rule::DuplicateName,
        &["ns.farm.", "twice"],
    );
    expect(
        "name = \"skaro.xivo\"",
        "name = \"dev-dachary\"",
        "vms[1].name",
        Rule::ParamCollision,
        &["VM_DEV_DACHARY"],
    );
    expect(
        "name = \"vms\"",
        "name = \"VMs\"",
        "networks[1].name",
        Rule::BadValue,
        &["VMs"],
    );
}

#[test]
fn values_in_range() {
    expect(
        "ttl = \"1h\"",
        "ttl = \"99999999w\"",
        "dns.ttl",
        Rule::BadValue,
        &["99999999w", "2147483647"],
    );
    expect(
        "serial = 2011031200",
        "serial = 4294967296",
        "dns.serial",
        Rule::OutOfRange,
        &["4294967296", "out of range"],
    );
    expect(
        "memory = \"512M\"",
        "memory = \"512K\"",
        "vms[1].memory",
        Rule::BadValue,
        &["512K"],
    );
    expect(
        "disk = \"30G\"",
        "disk = \"0G\"",
        "vms[1].disk",
        Rule::BadValue,
        &["0G"],
    );
    expect(
        "port = 22002",
        "port = 70000",
        "vms[1].forwards[0].port",
        Rule::OutOfRange,
        &["70000", "1 to 65535"],
    );
    expect(
        "to = 22",
        "to = 0",
        "vms[1].forwards[0].to",
        Rule::OutOfRange,
        &["0 is out of range"],
    );
    expect(
        "maxwait = 5",
        "maxwait = -1",
        "bridge.maxwait",
        Rule::OutOfRange,
        &["-1"],
    );
    expect(
        "vcpus = 1",
        "vcpus = 0",
        "vms[1].vcpus",
        Rule::OutOfRange,
        &["0 is out of range"],
    );
    expect(
        "stp = false",
        "stp = \"no\"",
        "bridge.stp",
        Rule::WrongKind,
        &["expected true or false"],
    );
    expect(
        "mac = \"52:54:bf:3d:d4:ef\"",
        "mac = \"52:54:bf:3d:d4\"",
        "vms[0].mac",
        Rule::BadValue,
        &["52:54:bf:3d:d4", "six"],
    );
    expect(
        "mac = \"52:54:bf:3d:d4:ef\"",
        "mac = \"53:54:bf:3d:d4:ef\"",
        "vms[0].mac",
        Rule::BadValue,
        &["multicast"],
    );
}

#[test]
fn ganeti_values() {
    expect(
        "boot_order = \"cdrom\"",
        "boot_order = \"cd,rom\"",
        "vms[1].hypervisor.boot_order",
        Rule::BadValue,
        &["cd,rom"],
    );
    expect(
        "boot_order = \"cdrom\"",
        "boot_order = \"cd rom\"",
        "vms[1].hypervisor.boot_order",
        Rule::BadValue,
        &["cd rom"],
    );
    expect(
        "os = \"debootstrap+default\"",
        "os = \"debootstrap;reboot\"",
        "vms[1].os",
        Rule::BadValue,
        &["debootstrap;reboot"],
    );
    expect(
        "disk_template = \"plain\"",
        "disk_template = \"zfs\"",
        "vms[1].disk_template",
        Rule::BadValue,
        &["zfs"],
    );
    expect(
        "hypervisors = [\"kvm\"]",
        "hypervisors = [\"vmware\"]",
        "cluster.hypervisors[0]",
        Rule::BadValue,
        &["vmware"],
    );
}

#[test]
fn addresses() {
    expect(
        "address = \"10.10.60.2\"",
        "address = \"10.10.61.2\"",
        "vms[1].address",
        Rule::OutsideNetwork,
        &["10.10.61.2", "vms (10.10.60.0/24)"],
    );
    expect(
        "address = \"10.10.60.2\"",
        "address = \"10.10.60.255\"",
        "vms[1].address",
        Rule::OutsideNetwork,
        &["10.10.60.255"],
    );
    expect(
        "address = \"10.10.60.2\"",
        "address = \"10.10.60.1\"",
        "vms[1].address",
        Rule::DuplicateAddress,
        &["10.10.60.1", "twice"],
    );
    expect(
        "address = \"10.10.0.10\"",
        "address = \"10.10.0.254\"",
        "local.address",
        Rule::DuplicateAddress,
        &["10.10.0.254", "twice"],
    );
    expect(
        "address = \"10.10.59.10\" ",
        "address = \"10.10.60.10\" ",
        "nodes[0].address",
        Rule::OutsideNodesNetwork,
        &["10.10.60.10", "nodes network"],
    );
    expect(
        "address = \"10.10.59.1\"",
        "address = \"10.10.58.1\"",
        "cluster.address",
        Rule::OutsideNodesNetwork,
        &["10.10.58.1"],
    );
    expect(
        "gateway = \"203.0.113.1\"",
        "gateway = \"203.0.114.1\"",
        "nodes[0].gateway",
        Rule::GatewayOutside,
        &["203.0.114.1", "203.0.113.0/24"],
    );
    expect(
        "nameserver_address = \"10.10.0.254\"",
        "nameserver_address = \"10.10.0.253\"",
        "dns.nameserver_address",
        Rule::NameServerHost,
        &["10.10.0.253"],
    );
    expect(
        "subnet = \"10.10.0.0/16\"",
        "subnet = \"10.10.0.0/24\"",
        "dhcp.subnet",
        Rule::DhcpSubnet,
        &["10.10.0.0/24", "10.10.60.0/24"],
    );
    expect(
        "cidr = \"10.10.60.0/24\"",
        "cidr = \"10.10.60.1/24\"",
        "networks[1].cidr",
        Rule::HostBits,
        &["host bits"],
    );
    expect(
        "address = \"10.10.60.2\"",
        "address = \"10.10.60.x\"",
        "vms[1].address",
        Rule::BadValue,
        &["10.10.60.x"],
    );
}

#[test]
fn reverse_zones() {
    expect(
        "reverse = [\"10.10.0.0/16\"]",
        "reverse = [\"10.10.0.0/20\"]",
        "dns.reverse[0]",
        Rule::ReverseOctets,
        &["10.10.0.0/20", "octet"],
    );
    expect(
        "reverse = [\"10.10.0.0/16\"]",
        "reverse = [\"10.10.0.1/16\"]",
        "dns.reverse[0]",
        Rule::HostBits,
        &["10.10.0.1/16"],
    );
    let text = edit(
        &example(),
        "reverse = [\"10.10.0.0/16\"]",
        "reverse = [\"10.10.60.0/24\"]",
    );
    let report = refused(&text, Format::Toml);
    assert_eq!(
        rule_at(&report, "nodes[0].address"),
        Rule::OutsideReverseZone
    );
    says(&report, "nodes[0].address", "no reverse zone");
}

/// Two zones never share a file: `domain = "10.10"` would write the forward zone and the reverse zone of
/// 10.10.0.0/16 to one `db.10.10`; a prefix twice in dns.reverse, two zones to one file.
#[test]
fn zones_collide_as_files() {
    let text = edit(&example(), "domain = \"farm\"", "domain = \"10.10\"");
    let report = refused(&text, Format::Toml);
    let d = at(&report, "dns.reverse[0]");
    assert_eq!(d.diagnostic.rule, Rule::ZoneFileShared, "{report}");
    assert!(d.diagnostic.message.contains("db.10.10"), "{report}");
    assert!(d.diagnostic.hint.is_some(), "{report}");
    assert_eq!(
        d.position.map(|p| p.line),
        Some(line_of(&text, "reverse = "))
    );
    assert_eq!(d.diagnostic.also[0].0.to_string(), "domain", "{report}");
    assert!(report.to_string().contains("first used here"), "{report}");
    // Without dns.reverse, the zones come from the networks: the error is at the prefix that makes it.
    let text = edit(&example(), "domain = \"farm\"", "domain = \"10.10.59\"");
    let text = edit(&text, "reverse = [\"10.10.0.0/16\"]", "");
    let report = refused(&text, Format::Toml);
    assert_eq!(
        rule_at(&report, "networks[0].cidr"),
        Rule::ZoneFileShared,
        "{report}"
    );
    says(&report, "networks[0].cidr", "db.10.10.59");
    expect(
        "reverse = [\"10.10.0.0/16\"]",
        "reverse = [\"10.10.0.0/16\", \"10.10.0.0/16\"]",
        "dns.reverse[1]",
        Rule::ZoneFileShared,
        &["db.10.10"],
    );
}

/// A zone's file name is at most 255 bytes: `db.` and a domain of 253 characters is refused at the
/// domain, not by the file system at write time.
#[test]
fn zone_files_fit_the_file_system() {
    let long = [
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(61),
    ]
    .join(".");
    assert_eq!(long.len(), 253);
    let text = edit(
        &example(),
        "domain = \"farm\"",
        &format!("domain = \"{long}\""),
    );
    let report = refused(&text, Format::Toml);
    let d = at(&report, "domain");
    assert_eq!(d.diagnostic.rule, Rule::FileNameTooLong, "{report}");
    assert!(d.diagnostic.message.contains("256 bytes"), "{report}");
    assert_eq!(d.position.map(|p| p.line), Some(3));
}

/// A node's tree is a folder named after it, written first under a longer name: a node name the file
/// system cannot take is refused at its place, not found by the writer.
#[test]
fn node_names_fit_the_file_system() {
    let long = [
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(55),
    ]
    .join(".");
    assert_eq!(long.len(), 247);
    let text = edit(
        &example(),
        "name = \"host01\"",
        &format!("name = \"{long}\""),
    );
    let report = refused(&text, Format::Toml);
    assert_eq!(
        rule_at(&report, "nodes[0].name"),
        Rule::FileNameTooLong,
        "{report}"
    );
    says(&report, "nodes[0].name", "247 bytes");
    let fits = [
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(48),
    ]
    .join(".");
    assert_eq!(fits.len(), farm_model::outputs::NODE_NAME_MAX);
    let text = example()
        .replace("name = \"host01\"", &format!("name = \"{fits}\""))
        .replace("node = \"host01\"", &format!("node = \"{fits}\""));
    assert!(
        farm_model::load(&text, Format::Toml, "seed-farm.toml").is_ok(),
        "a node name of {} bytes is refused",
        fits.len()
    );
}

/// The interfaces Shorewall's interfaces file names are names it takes (`-` is its empty column), real
/// (not `lo`) and distinct: a plan that would make Shorewall refuse its files is refused at the field.
#[test]
fn interfaces_are_real_and_distinct() {
    expect(
        "uplink = \"eth0\"",
        "uplink = \"-\"",
        "nodes[0].uplink",
        Rule::FirewallInterface,
        &["`-`", "Shorewall"],
    );
    expect(
        "uplink = \"eth0\"",
        "uplink = \"lo\"",
        "nodes[0].uplink",
        Rule::FirewallInterface,
        &["loopback"],
    );
    expect(
        "uplink = \"eth0\"",
        "uplink = \"br0\"",
        "nodes[0].uplink",
        Rule::UplinkIsBridge,
        &["the bridge"],
    );
    expect(
        "name = \"br0\"",
        "name = \"-\"",
        "bridge.name",
        Rule::FirewallInterface,
        &["`-`"],
    );
    expect(
        "name = \"br0\"",
        "name = \"lo\"",
        "bridge.name",
        Rule::FirewallInterface,
        &["loopback"],
    );
    let text = edit(&example(), "uplink = \"eth0\"", "uplink = \"lo\"");
    let report = refused(&text, Format::Toml);
    assert!(at(&report, "nodes[0].uplink").diagnostic.hint.is_some());
}

#[test]
fn references() {
    expect(
        "node = \"host01\"",
        "node = \"host02\"",
        "vms[1].node",
        Rule::UnknownNode,
        &["host02"],
    );
    expect(
        "via = \"failover\"",
        "via = \"backup\"",
        "vms[1].forwards[0].via",
        Rule::UnknownPublicAddress,
        &["backup"],
    );
    expect(
        "name = \"dev.dachary\"",
        "name = \"dev.dachary\"\nnetwork = \"dmz\"",
        "vms[0].network",
        Rule::UnknownNetwork,
        &["dmz"],
    );
    let two_nodes = edit(
        &example(),
        "[[vms]]\nname = \"dev.dachary\"",
        "[[nodes]]\nname = \"host02\"\naddress = \"10.10.59.11\"\nuplink = \"eth0\"\n\n[[vms]]\nname = \"dev.dachary\"",
    );
    // A second node with no interconnect on either, and a VM that names no node: every error at once, each
    // at its place; skaro moved to host02 is no error.
    let text = edit(&two_nodes, "node = \"host01\"", "node = \"host02\"");
    let report = refused(&text, Format::Toml);
    assert_eq!(
        rules(&report),
        [
            ("nodes[0]".to_owned(), Rule::NoInterconnect),
            ("nodes[1]".to_owned(), Rule::NoInterconnect),
            ("vms[0]".to_owned(), Rule::VmNode),
        ],
        "{report}"
    );
    for node in ["nodes[0]", "nodes[1]"] {
        assert!(at(&report, node).position.is_some(), "{report}");
        says(&report, node, "missing `interconnect`");
    }
    says(&report, "vms[0]", "which node?");
    let vm = at(&report, "vms[0]");
    assert!(
        vm.diagnostic
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("\"host01\", \"host02\"")),
        "{report}"
    );
    assert_eq!(
        vm.position.map(|p| p.line),
        Some(line_of(&text, "name = \"dev.dachary\"") - 1),
        "{report}"
    );
}

#[test]
fn uniqueness_names_both_places() {
    let text = edit(
        &example(),
        "sites = [{ server_name = \"skaro.dachary.org\" }]",
        "sites = [{ server_name = \"skaro.dachary.org\" }, { server_name = \"skaro.dachary.org\", port = 8080 }]",
    );
    let report = refused(&text, Format::Toml);
    let d = at(&report, "vms[1].sites[1].server_name");
    assert_eq!(d.diagnostic.rule, Rule::DuplicateServerName);
    assert_eq!(
        d.diagnostic.also[0].0.to_string(),
        "vms[1].sites[0].server_name"
    );
    assert!(
        report
            .to_string()
            .contains("note: first used here: vms[1].sites[0].server_name at plan.toml:")
    );
    let text = edit(
        &example(),
        "forwards = [{ proto = \"tcp\", port = 22002, to = 22, via = \"failover\" }]",
        "forwards = [{ proto = \"tcp\", port = 22002, to = 22 }, { proto = \"tcp\", port = 22002, to = 23 }]",
    );
    let report = refused(&text, Format::Toml);
    assert_eq!(
        rule_at(&report, "vms[1].forwards[1].port"),
        Rule::DuplicateForward
    );
    says(&report, "vms[1].forwards[1].port", "forwarded twice");
    let text = edit(
        &example(),
        "forwards = [{ proto = \"tcp\", port = 22002, to = 22, via = \"failover\" }]",
        "forwards = [{ proto = \"tcp\", port = 22002, to = 22 }, { proto = \"udp\", port = 22002, to = 23 }]",
    );
    assert!(
        farm_model::load(&text, Format::Toml, "plan.toml").is_ok(),
        "tcp and udp are different ports"
    );
    let text = edit(
        &example(),
        "mac = \"52:54:fb:77:1e:82\"",
        "mac = \"52:54:bf:3d:d4:ef\"",
    );
    assert_eq!(
        rule_at(&refused(&text, Format::Toml), "vms[1].mac"),
        Rule::DuplicateMac
    );
    says(&refused(&text, Format::Toml), "vms[1].mac", "twice");
}

#[test]
fn structure() {
    let text = edit(
        &example(),
        "[bridge]                             # the VMs' bridge\nname = \"br0\"\n",
        "[bridge]\n",
    );
    let report = refused(&text, Format::Toml);
    assert_eq!(rule_at(&report, "bridge"), Rule::MissingKey);
    says(&report, "bridge", "missing `name`");
    assert_eq!(
        at(&report, "bridge").diagnostic.hint.as_deref(),
        Some("add `name = ...`: the bridge's interface name, e.g. \"br0\"")
    );
    let text = edit(&example(), "vcpus = 1", "vcpus = 1.5");
    assert_eq!(
        rule_at(&refused(&text, Format::Toml), "vms[1].vcpus"),
        Rule::WrongKind
    );
    says(
        &refused(&text, Format::Toml),
        "vms[1].vcpus",
        "found a float",
    );
    let report = refused("domain = \"farm\"\n[dns\n", Format::Toml);
    assert_eq!(rules(&report), [(String::new(), Rule::Syntax)]);
    assert_eq!(
        report.diagnostics()[0].position.unwrap().line,
        2,
        "{report}"
    );
    let text = edit(&example(), "memory = \"512M\"\n", "");
    assert_eq!(
        rule_at(&refused(&text, Format::Toml), "vms[1]"),
        Rule::Resources
    );
    says(
        &refused(&text, Format::Toml),
        "vms[1]",
        "disk without memory",
    );
}

#[test]
fn json_errors_carry_paths() {
    let report = refused(
        "{\"domain\": \"farm\", \"dns\": {\"nameserver_address\": \"x\"}}",
        Format::Json,
    );
    let d = at(&report, "dns.nameserver_address");
    assert!(d.position.is_none());
    assert!(
        report.to_string().contains(
            "plan.toml: error: dns.nameserver_address: \"x\": invalid IPv4 address syntax"
        ),
        "{report}"
    );
    let report = refused("{\"domain\": ", Format::Json);
    assert!(report.diagnostics()[0].position.is_some());
    assert_eq!(rules(&report), [(String::new(), Rule::Syntax)]);
}

/// Kea numbers each VM's subnet by the VM's address and refuses the ids 0 and 2^32 - 1: a VM at
/// 255.255.255.255 is a plan error with Kea, at the VM's address, and none with dhcpd.
#[test]
fn kea_cannot_number_a_subnet_by_the_broadcast_address() {
    let base = edit(
        &example(),
        "[[networks]]\nname = \"vms\"",
        "[[networks]]\nname = \"edge\"\ncidr = \"255.255.255.255/32\"\nsubdomain = \"edge\"\n\n[[networks]]\nname = \"vms\"",
    );
    let base = edit(
        &base,
        "address = \"10.10.60.1\"",
        "network = \"edge\"\naddress = \"255.255.255.255\"",
    );
    let base = edit(&base, "subnet = \"10.10.0.0/16\"", "subnet = \"0.0.0.0/0\"");
    let base = edit(
        &base,
        "reverse = [\"10.10.0.0/16\"]",
        "reverse = [\"10.10.0.0/16\", \"255.255.255.0/24\"]",
    );
    let isc = farm_model::load(&base, Format::Toml, "plan.toml");
    let kea_plan = edit(
        &base,
        "fixed_address = \"address\"",
        "fixed_address = \"address\"\nserver = \"kea\"",
    );
    let report = refused(&kea_plan, Format::Toml);
    assert_eq!(
        rules(&report),
        [("vms[0].address".to_owned(), Rule::KeaSubnetId)],
        "{report}"
    );
    says(&report, "vms[0].address", "255.255.255.255 (id 4294967295)");
    if let Err(report) = isc {
        panic!("{report}");
    }
}

/// HTTPS sites: a name HTTP-01 can prove, the account's e-mail, one address, an https ACME server; each at
/// its place.
#[test]
fn https_sites() {
    let site = "sites = [{ server_name = \"skaro.dachary.org\" }]";
    let tls = |server_name: &str, section: &str| {
        format!("sites = [{{ server_name = \"{server_name}\", tls = true }}]\n\n[tls]\n{section}")
    };
    expect(
        site,
        &tls("*.dachary.org", "email = \"ops@dachary.org\""),
        "vms[1].sites[0].tls",
        Rule::TlsName,
        &["*.dachary.org", "HTTP-01 cannot prove a wildcard"],
    );
    expect(
        site,
        &tls("intranet", "email = \"ops@dachary.org\""),
        "vms[1].sites[0].tls",
        Rule::TlsName,
        &["two labels or more"],
    );
    expect(
        site,
        "sites = [{ server_name = \"skaro.dachary.org\", tls = true }]",
        "vms[1].sites[0].tls",
        Rule::TlsEmail,
        &["e-mail address"],
    );
    expect(
        site,
        &tls(
            "skaro.dachary.org",
            "acme_server = \"https://acme.example.org/dir\"",
        ),
        "vms[1].sites[0].tls",
        Rule::TlsEmail,
        &["e-mail address"],
    );
    expect(
        site,
        &tls(
            "skaro.dachary.org",
            "email = \"ops@dachary.org root@dachary.org\"",
        ),
        "tls.email",
        Rule::BadValue,
        &["is not one e-mail address"],
    );
    expect(
        site,
        &tls("skaro.dachary.org", "email = \"ops\""),
        "tls.email",
        Rule::BadValue,
        &["has no `@`"],
    );
    expect(
        site,
        &tls(
            "skaro.dachary.org",
            "email = \"ops@dachary.org\"\nacme_server = \"http://acme.example.org/dir\"",
        ),
        "tls.acme_server",
        Rule::BadValue,
        &["http://acme.example.org/dir", "over https"],
    );
    expect(
        site,
        &tls(
            "skaro.dachary.org",
            "email = \"ops@dachary.org\"\nacme_server = \"acme.example.org\"",
        ),
        "tls.acme_server",
        Rule::BadValue,
        &["acme.example.org"],
    );
    expect(
        site,
        "sites = [{ server_name = \"skaro.dachary.org\", tls = \"yes\" }]",
        "vms[1].sites[0].tls",
        Rule::WrongKind,
        &["expected true or false"],
    );
    expect(
        site,
        &tls("skaro.dachary.org", "emial = \"ops@dachary.org\""),
        "tls.emial",
        Rule::UnknownKey,
        &["unknown key"],
    );
    // In JSON, at its path.
    let report = refused(
        "{\"domain\": \"farm\", \"dns\": {\"nameserver_address\": \"10.0.0.1\"}, \"bridge\": {\"name\": \"br0\", \"address\": \"10.0.0.1\"}, \"tls\": {\"email\": \"a@b\"}}",
        Format::Json,
    );
    assert_eq!(
        rules(&report),
        [("tls.email".to_owned(), Rule::BadValue)],
        "{report}"
    );
    assert!(report.diagnostics()[0].position.is_none(), "{report}");
    assert!(
        report
            .to_string()
            .contains("plan.toml: error: tls.email: \"a@b\" is not one e-mail address"),
        "{report}"
    );
}

/// Several sites with `tls` and no e-mail: one error, at the first, naming the [tls] section when it is
/// there; every wildcard with `tls` is reported.
#[test]
fn https_errors_at_once() {
    let text = edit(
        &example(),
        "sites = [{ server_name = \"skaro.dachary.org\" }]",
        "sites = [{ server_name = \"*.dachary.org\", tls = true }, { server_name = \"*.xivo.org\", tls = true }, { server_name = \"skaro.dachary.org\", tls = true }]\n\n[tls]\nacme_server = \"https://acme.example.org/dir\"",
    );
    let report = refused(&text, Format::Toml);
    // In the order of their places: the e-mail's error is at the first HTTPS site.
    assert_eq!(
        rules(&report),
        [
            ("vms[1].sites[0].tls".to_owned(), Rule::TlsName),
            ("vms[1].sites[0].tls".to_owned(), Rule::TlsEmail),
            ("vms[1].sites[1].tls".to_owned(), Rule::TlsName),
        ],
        "{report}"
    );
    let email = &report.diagnostics()[1].diagnostic;
    assert_eq!(email.also[0].0.to_string(), "tls", "{report}");
    let message = |k: usize| &report.diagnostics()[k].diagnostic.message;
    assert!(message(0).contains("*.dachary.org"), "{report}");
    assert!(message(1).contains("e-mail"), "{report}");
    assert!(message(2).contains("*.xivo.org"), "{report}");
    assert!(
        report
            .to_string()
            .contains("the [tls] section, without `email`"),
        "{report}"
    );
}

/// A VM that does not read does not hide the whole-plan rules from the others: one run reports a field's
/// error and the errors between VMs and public addresses, each at its place in the plan (the VMs after
/// the one left out keep their indexes).
#[test]
fn a_field_error_and_whole_plan_errors_in_one_run() {
    let mut text = example();
    text = edit(
        &text,
        "mac = \"52:54:bf:3d:d4:ef\"",
        "mac = \"52:54:bf:3d:d4:zz\"",
    );
    text = edit(&text, "via = \"failover\"", "via = \"nowhere\"");
    text.push_str("\n[[vms]]\nname = \"tardis.xivo\"\naddress = \"10.10.60.2\"\n");
    let report = refused(&text, Format::Toml);
    assert_eq!(
        rules(&report),
        [
            ("vms[0].mac".to_owned(), Rule::BadValue),
            (
                "vms[1].forwards[0].via".to_owned(),
                Rule::UnknownPublicAddress
            ),
            ("vms[2].address".to_owned(), Rule::DuplicateAddress),
        ],
        "{report}"
    );
    let mac = at(&report, "vms[0].mac");
    assert_eq!(mac.position.map(|p| p.line), Some(line_of(&text, "d4:zz")));
    let twice = at(&report, "vms[2].address");
    assert_eq!(
        twice.position.map(|p| p.line),
        Some(line_of(&text, "name = \"tardis.xivo\"") + 1),
        "{report}"
    );
    assert_eq!(
        (twice.diagnostic.also.iter())
            .map(|(path, _)| path.to_string())
            .collect::<Vec<_>>(),
        ["vms[1].address"],
        "{report}"
    );
    assert!(report.to_string().ends_with("3 errors in plan.toml"));
}
