//! The catalogue of plan errors (docs/plan-errors.md): every rule of [`Rule::ALL`], headed by its title, an
//! example that breaks it, and the message it gives, generated from the code so that it cannot drift; a rule
//! without an example fails the test. `FARMGEN_BLESS=1 cargo test -p farm-model catalogue` writes it again
//! after a reviewed change.

use std::fmt::Write as _;
use std::path::PathBuf;

use farm_model::{Format, Rule};

use crate::common::{edit, example};

/// A rule, what its case shows when the rule has several (empty when it has one), and the edits of the
/// example that break it: (its text, what it is changed into).
type Case = (Rule, &'static str, &'static [(&'static str, &'static str)]);

/// The rules no plan breaks: a plan passes or fails them by what is around it, so they have no case.
const NOT_OF_A_PLAN: &[Rule] = &[
    // The plan's file name, not its text: render.rs, `a_plan_name_that_would_end_a_comment_is_refused`.
    Rule::PlanFileName,
    // A bug of farm-model's, not a plan's.
    Rule::Internal,
];

/// The cases on the seed farm, in the order of [`Rule::ALL`].
const CASES: &[Case] = &[
    (
        Rule::Syntax,
        "",
        &[("hostmaster = \"hostmaster\"", "hostmaster = \"hostmaster")],
    ),
    (
        Rule::UnknownKey,
        "",
        &[("hostmaster = \"hostmaster\"", "hostmastr = \"hostmaster\"")],
    ),
    (
        Rule::MissingKey,
        "",
        &[("nameserver_address = \"10.10.0.254\"\n", "")],
    ),
    (Rule::WrongKind, "", &[("vcpus = 1", "vcpus = \"one\"")]),
    (
        Rule::AbsoluteName,
        "",
        &[("domain = \"farm\"", "domain = \"farm.\"")],
    ),
    (
        Rule::BadValue,
        "A name holds only letters, digits and `-`",
        &[("name = \"skaro.xivo\"", "name = \"skaro_xivo\"")],
    ),
    (
        Rule::BadValue,
        "A duration is a BIND duration",
        &[("ttl = \"1h\"", "ttl = \"1 hour\"")],
    ),
    (
        Rule::BadValue,
        "A duration is at most 2^31 - 1 seconds",
        &[("expire = \"2w\"", "expire = \"4000w\"")],
    ),
    (
        Rule::BadValue,
        "A network's name",
        &[("name = \"vms\"", "name = \"VMs\"")],
    ),
    (
        Rule::BadValue,
        "A node's prefix6 is IPv6",
        &[(
            "gateway = \"203.0.113.1\"",
            concat!(
                "gateway = \"203.0.113.1\"\nprefix6 = \"10.10.61.0/24\"\n",
                "uplink_address6 = \"2001:db8::10/64\"\ngateway6 = \"fe80::1\"",
            ),
        )],
    ),
    (
        Rule::BadValue,
        "gateway6 is an IPv6 address",
        &[(
            "gateway = \"203.0.113.1\"",
            concat!(
                "gateway = \"203.0.113.1\"\nprefix6 = \"2001:db8:1:2::/64\"\n",
                "uplink_address6 = \"2001:db8::10/64\"\ngateway6 = \"fe80::1; x\"",
            ),
        )],
    ),
    (
        Rule::BadValue,
        "dhcp.server is isc or kea",
        &[(
            "fixed_address = \"address\"",
            "fixed_address = \"address\"\nserver = \"dhcpd\"",
        )],
    ),
    (
        Rule::BadValue,
        "A MAC is unicast",
        &[("mac = \"52:54:fb:77:1e:82\"", "mac = \"53:54:fb:77:1e:82\"")],
    ),
    (
        Rule::BadValue,
        "A size is a number and M, G or T",
        &[("memory = \"512M\"", "memory = \"512MB\"")],
    ),
    (
        Rule::BadValue,
        "Hypervisor values are free of , = : white space and quotes",
        &[("boot_order = \"cdrom\"", "boot_order = \"cdrom,disk\"")],
    ),
    (
        Rule::BadValue,
        "An OS name is letters, digits and . _ + -",
        &[(
            "os = \"debootstrap+default\"",
            "os = \"debootstrap default\"",
        )],
    ),
    (
        Rule::BadValue,
        "A server name is a DNS name or a wildcard",
        &[(
            "server_name = \"skaro.dachary.org\"",
            "server_name = \"skaro.dachary.org;\"",
        )],
    ),
    (
        Rule::BadValue,
        "tls.email is one e-mail address",
        &[(
            "sites = [{ server_name = \"skaro.dachary.org\" }]",
            "sites = [{ server_name = \"skaro.dachary.org\", tls = true }]\n\n[tls]\nemail = \"ops@dachary.org, root@dachary.org\"",
        )],
    ),
    (
        Rule::BadValue,
        "tls.acme_server is an https URL",
        &[(
            "sites = [{ server_name = \"skaro.dachary.org\" }]",
            "sites = [{ server_name = \"skaro.dachary.org\", tls = true }]\n\n[tls]\nemail = \"ops@dachary.org\"\nacme_server = \"http://acme.example.org/directory\"",
        )],
    ),
    (
        Rule::OutOfRange,
        "A serial fits 32 bits",
        &[("serial = 2011031200", "serial = 20110312000")],
    ),
    (
        Rule::OutOfRange,
        "A port is 1 to 65535",
        &[("port = 22002", "port = 0")],
    ),
    (
        Rule::HostBits,
        "",
        &[("cidr = \"10.10.60.0/24\"", "cidr = \"10.10.60.1/24\"")],
    ),
    (
        Rule::NetworksOverlap,
        "",
        &[("cidr = \"10.10.60.0/24\"", "cidr = \"10.10.59.128/25\"")],
    ),
    (
        Rule::DuplicateNetwork,
        "",
        &[(
            "subdomain = \"vm\"",
            "subdomain = \"vm\"\n\n[[networks]]\nname = \"vms\"\ncidr = \"10.10.61.0/24\"",
        )],
    ),
    (
        Rule::ReverseOctets,
        "",
        &[(
            "reverse = [\"10.10.0.0/16\"]",
            "reverse = [\"10.10.0.0/20\"]",
        )],
    ),
    (
        Rule::FirewallInterface,
        "",
        &[("uplink = \"eth0\"", "uplink = \"lo\"")],
    ),
    (
        Rule::Alias,
        "",
        &[("uplink = \"eth0\"", "uplink = \"eth0:1\"")],
    ),
    (
        Rule::UplinkIsBridge,
        "",
        &[("uplink = \"eth0\"", "uplink = \"br0\"")],
    ),
    (
        Rule::ZoneFileShared,
        "",
        &[("domain = \"farm\"", "domain = \"10.10\"")],
    ),
    (
        Rule::FileNameTooLong,
        "",
        &[(
            "domain = \"farm\"",
            concat!(
                "domain = \"",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.",
                "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.",
                "ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\"",
            ),
        )],
    ),
    (
        Rule::NameTooLong,
        "",
        &[(
            "name = \"dev.dachary\"",
            concat!(
                "name = \"",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.",
                "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.",
                "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\"",
            ),
        )],
    ),
    (
        Rule::OutsideReverseZone,
        "",
        &[(
            "reverse = [\"10.10.0.0/16\"]",
            "reverse = [\"10.10.60.0/24\"]",
        )],
    ),
    (
        Rule::OutsideNetwork,
        "An address is inside its network",
        &[("address = \"10.10.60.2\"", "address = \"10.10.61.2\"")],
    ),
    (
        Rule::OutsideNetwork,
        "An address is not its network's network or broadcast address",
        &[("address = \"10.10.60.2\"", "address = \"10.10.60.255\"")],
    ),
    (
        Rule::DuplicateAddress,
        "",
        &[("address = \"10.10.0.10\"", "address = \"10.10.59.1\"")],
    ),
    (
        Rule::DuplicateName,
        "",
        &[("name = \"gnt-cluster\"", "name = \"host01\"")],
    ),
    (
        Rule::OutsideNodesNetwork,
        "",
        &[("address = \"10.10.59.10\" ", "address = \"10.10.58.10\" ")],
    ),
    (
        Rule::GatewayOutside,
        "",
        &[("gateway = \"203.0.113.1\"", "gateway = \"198.51.100.1\"")],
    ),
    (
        Rule::Prefix6,
        "",
        &[(
            "gateway = \"203.0.113.1\"",
            concat!(
                "gateway = \"203.0.113.1\"\nprefix6 = \"2001:db8:1::/48\"\n",
                "uplink_address6 = \"2001:db8::10/64\"\ngateway6 = \"fe80::1\"",
            ),
        )],
    ),
    (
        Rule::UplinkKeys,
        "A node's prefix6 comes with its uplink's IPv6 address",
        &[(
            "gateway = \"203.0.113.1\"",
            "gateway = \"203.0.113.1\"\nprefix6 = \"2001:db8:1:2::/64\"",
        )],
    ),
    (
        Rule::UplinkKeys,
        "uplink_address6 comes with gateway6",
        &[(
            "gateway = \"203.0.113.1\"",
            "gateway = \"203.0.113.1\"\nuplink_address6 = \"2001:db8::10/64\"",
        )],
    ),
    (
        Rule::Gateway6,
        "",
        &[(
            "gateway = \"203.0.113.1\"",
            concat!(
                "gateway = \"203.0.113.1\"\nprefix6 = \"2001:db8:1:2::/64\"\n",
                "uplink_address6 = \"2001:db8::10/64\"\ngateway6 = \"2001:db9::1\"",
            ),
        )],
    ),
    (
        Rule::ReverseNibbles,
        "",
        &[(
            "reverse = [\"10.10.0.0/16\"]",
            "reverse = [\"10.10.0.0/16\"]\nreverse6 = [\"2001:db8:1::/62\"]",
        )],
    ),
    (
        Rule::NameServerHost,
        "",
        &[(
            "nameserver_address = \"10.10.0.254\"",
            "nameserver_address = \"10.10.0.1\"",
        )],
    ),
    (
        Rule::DhcpSubnet,
        "",
        &[("subnet = \"10.10.0.0/16\"", "subnet = \"10.10.0.0/24\"")],
    ),
    (
        Rule::KeaSubnetId,
        "",
        &[
            (
                "[[networks]]\nname = \"vms\"",
                "[[networks]]\nname = \"edge\"\ncidr = \"255.255.255.255/32\"\nsubdomain = \"edge\"\n\n[[networks]]\nname = \"vms\"",
            ),
            (
                "address = \"10.10.60.1\"",
                "network = \"edge\"\naddress = \"255.255.255.255\"",
            ),
            ("subnet = \"10.10.0.0/16\"", "subnet = \"0.0.0.0/0\""),
            (
                "reverse = [\"10.10.0.0/16\"]",
                "reverse = [\"10.10.0.0/16\", \"255.255.255.0/24\"]",
            ),
            (
                "fixed_address = \"address\"",
                "fixed_address = \"address\"\nserver = \"kea\"",
            ),
        ],
    ),
    (
        Rule::UnknownNode,
        "A VM's node exists",
        &[("node = \"host01\"", "node = \"host1\"")],
    ),
    (
        Rule::UnknownNetwork,
        "",
        &[("node = \"host01\"", "node = \"host01\"\nnetwork = \"dmz\"")],
    ),
    (
        Rule::NetworkFull,
        "",
        &[
            ("cidr = \"10.10.60.0/24\"", "cidr = \"10.10.60.0/30\""),
            (
                "[[vms]]\nname = \"dev.dachary\"",
                "[[vms]]\nname = \"extra\"\n\n[[vms]]\nname = \"dev.dachary\"",
            ),
        ],
    ),
    (
        Rule::NoNodes,
        "",
        &[("name = \"nodes\"", "name = \"hosts\"")],
    ),
    (
        Rule::DuplicateMac,
        "",
        &[("mac = \"52:54:fb:77:1e:82\"", "mac = \"52:54:bf:3d:d4:ef\"")],
    ),
    (
        Rule::ParamCollision,
        "",
        &[("name = \"skaro.xivo\"", "name = \"dev-dachary\"")],
    ),
    (
        Rule::Resources,
        "",
        &[("os = \"debootstrap+default\"\n", "")],
    ),
    (
        Rule::NoHypervisor,
        "",
        &[("hypervisors = [\"kvm\"]", "hypervisors = []")],
    ),
    (
        Rule::UnknownPublicAddress,
        "A forward goes through a known public address",
        &[("via = \"failover\"", "via = \"backup\"")],
    ),
    (
        Rule::DuplicateForward,
        "",
        &[(
            "forwards = [{ proto = \"tcp\", port = 22002, to = 22, via = \"failover\" }]",
            "forwards = [{ proto = \"tcp\", port = 22002, to = 22 }, { proto = \"tcp\", port = 22002, to = 2222 }]",
        )],
    ),
    (
        Rule::DuplicateServerName,
        "",
        &[(
            "sites = [{ server_name = \"skaro.dachary.org\" }]",
            "sites = [{ server_name = \"skaro.dachary.org\" }, { server_name = \"skaro.dachary.org\", path = \"/x\" }]",
        )],
    ),
    (
        Rule::TlsName,
        "",
        &[(
            "sites = [{ server_name = \"skaro.dachary.org\" }]",
            "sites = [{ server_name = \"*.dachary.org\", tls = true }]\n\n[tls]\nemail = \"ops@dachary.org\"",
        )],
    ),
    (
        Rule::TlsEmail,
        "",
        &[(
            "sites = [{ server_name = \"skaro.dachary.org\" }]",
            "sites = [{ server_name = \"skaro.dachary.org\", tls = true }]",
        )],
    ),
];

/// The cases of several nodes, on the three-node example.
const NODE_CASES: &[Case] = &[
    (
        Rule::UnknownNode,
        "A VM's secondary is a node of the plan",
        &[("secondary = \"host02\"", "secondary = \"host09\"")],
    ),
    (
        Rule::UnknownNode,
        "A holder is a node of the plan",
        &[(
            "holders = { web = \"host02\" }",
            "holders = { web = \"host05\" }",
        )],
    ),
    (
        Rule::UnknownPublicAddress,
        "A holder holds a public address of the plan",
        &[(
            "holders = { web = \"host02\" }",
            "holders = { www = \"host02\" }",
        )],
    ),
    (
        Rule::PortOfSites,
        "",
        &[(
            "{ proto = \"tcp\", port = 443, via = \"web\" }",
            "{ proto = \"tcp\", port = 80, via = \"web\" }",
        )],
    ),
    (
        Rule::UnknownPublicAddress,
        "A site's via is a public address of the plan",
        &[(
            "via = \"web\" }, { server_name",
            "via = \"wbe\" }, { server_name",
        )],
    ),
    (
        Rule::NoPublicAddress,
        "",
        &[(
            "forwards = [{ proto = \"tcp\", port = 22002, to = 22, via = \"failover\" }]",
            "forwards = [{ proto = \"tcp\", port = 22002, to = 22 }]",
        )],
    ),
    (
        Rule::VmNode,
        "",
        &[(
            "mac = \"52:54:bf:3d:d4:ef\"\nnode = \"host03\"",
            "mac = \"52:54:bf:3d:d4:ef\"",
        )],
    ),
    (
        Rule::SecondaryIsOwnNode,
        "",
        &[("secondary = \"host02\"", "secondary = \"host03\"")],
    ),
    (
        Rule::DrbdWithoutSecondary,
        "",
        &[("disk = \"30G\"", "disk = \"30G\"\ndisk_template = \"drbd\"")],
    ),
    (
        Rule::SecondaryWithoutDrbd,
        "",
        &[(
            "secondary = \"host02\"",
            "secondary = \"host02\"\ndisk_template = \"plain\"",
        )],
    ),
    (
        Rule::NoInterconnect,
        "",
        &[("interconnect = \"eth1\"\n\n[[vms]]", "\n[[vms]]")],
    ),
    (
        Rule::InterconnectShared,
        "",
        &[(
            "interconnect = \"eth1\"\n\n[[vms]]",
            "interconnect = \"eth0\"\n\n[[vms]]",
        )],
    ),
    (
        Rule::Memory,
        "",
        &[(
            "10.10.59.10/24\nmemory = \"64G\"",
            "10.10.59.10/24\nmemory = \"2G\"",
        )],
    ),
    (
        Rule::NPlusOne,
        "",
        &[(
            "10.10.59.10/24\nmemory = \"64G\"",
            "10.10.59.10/24\nmemory = \"3G\"",
        )],
    ),
    (
        Rule::VolumeGroup,
        "",
        &[(
            "memory = \"64G\"\nvolume_group_size = \"1800G\"\n\n[[nodes]]\nname = \"host02\"",
            "memory = \"64G\"\nvolume_group_size = \"50G\"\n\n[[nodes]]\nname = \"host02\"",
        )],
    ),
];

/// The three-node example plan.
pub fn three_nodes() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/three-nodes.toml"
    ))
    .unwrap()
}

/// The report of `case` on `base` (named `name`), which must name the case's rule.
fn report_of((rule, _, edits): &Case, base: &str, name: &str) -> String {
    let text = edits
        .iter()
        .fold(base.to_owned(), |text, (old, new)| edit(&text, old, new));
    let report = match farm_model::load(&text, Format::Toml, name) {
        Ok(_) => panic!("{rule:?}: the example was accepted"),
        Err(report) => report,
    };
    assert!(
        report
            .diagnostics()
            .iter()
            .any(|d| d.diagnostic.rule == *rule),
        "{rule:?} is not in the case's report:\n{report}"
    );
    report.to_string()
}

fn catalogue() -> String {
    let mut out = String::from(
        "# Plan errors\n\nEvery rule a plan is checked against, an example that breaks it (a change to \
         `examples/seed-farm.toml`, or to `examples/three-nodes.toml` for the rules of several nodes), and what \
         `cargo xtask render` says. Generated by \
         `farm-model/tests/farm_model/catalogue.rs` from the code itself; `FARMGEN_BLESS=1 cargo test -p farm-model \
         catalogue` writes it again.\n",
    );
    let (seed, nodes) = (example(), three_nodes());
    let cases = CASES
        .iter()
        .map(|case| (case, seed.as_str(), "seed-farm.toml"));
    let node_cases = (NODE_CASES.iter()).map(|case| (case, nodes.as_str(), "three-nodes.toml"));
    let every: Vec<_> = cases.chain(node_cases).collect();
    for rule in Rule::ALL {
        let of_rule: Vec<_> = every
            .iter()
            .filter(|(case, _, _)| case.0 == *rule)
            .collect();
        assert_eq!(
            of_rule.is_empty(),
            NOT_OF_A_PLAN.contains(rule),
            "{rule:?}: every rule of a plan has a case in catalogue.rs"
        );
        if of_rule.is_empty() {
            continue;
        }
        write!(out, "\n## {}\n", rule.title()).unwrap();
        let alone = of_rule.len() == 1;
        for (case, base, name) in of_rule {
            let (_, what, edits) = case;
            assert_eq!(
                what.is_empty(),
                alone,
                "{rule:?}: a rule of several cases says what each shows, a rule of one says nothing more"
            );
            if !what.is_empty() {
                write!(out, "\n### {what}\n").unwrap();
            }
            let report = report_of(case, base, name);
            let shown: Vec<String> = (edits.iter())
                .map(|(old, new)| {
                    if new.is_empty() {
                        format!("(removed) {}", old.trim_end())
                    } else {
                        (*new).to_owned()
                    }
                })
                .collect();
            let shown = shown.join("\n\n");
            write!(out, "\n```toml\n{shown}\n```\n\n```text\n{report}\n```\n").unwrap();
        }
    }
    out
}

#[test]
fn the_catalogue_of_errors_is_the_code_s() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/plan-errors.md");
    let generated = catalogue();
    if std::env::var_os("FARMGEN_BLESS").is_some() {
        std::fs::write(&file, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date: run FARMGEN_BLESS=1 cargo test -p farm-model catalogue, and review the change",
        file.display()
    );
}
