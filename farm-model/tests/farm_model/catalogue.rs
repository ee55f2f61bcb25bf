//! The catalogue of plan errors (docs/plan-errors.md): every rule, an example that breaks it, and the
//! message it gives, generated from the code so that it cannot drift. `FARMGEN_BLESS=1 cargo test -p
//! farm-model catalogue` writes it again after a reviewed change.

use std::fmt::Write as _;
use std::path::PathBuf;

use farm_model::Format;

use crate::common::{edit, example};

/// (rule, the example's text, what it is changed into).
const RULES: &[(&str, &str, &str)] = &[
    (
        "A key the format does not know",
        "hostmaster = \"hostmaster\"",
        "hostmastr = \"hostmaster\"",
    ),
    (
        "A required key is missing",
        "nameserver_address = \"10.10.0.254\"\n",
        "",
    ),
    ("A value of the wrong kind", "vcpus = 1", "vcpus = \"one\""),
    (
        "The domain is a relative host name",
        "domain = \"farm\"",
        "domain = \"farm.\"",
    ),
    (
        "A name holds only letters, digits and `-`",
        "name = \"skaro.xivo\"",
        "name = \"skaro_xivo\"",
    ),
    (
        "A duration is a BIND duration",
        "ttl = \"1h\"",
        "ttl = \"1 hour\"",
    ),
    (
        "A duration is at most 2^31 - 1 seconds",
        "expire = \"2w\"",
        "expire = \"4000w\"",
    ),
    (
        "A serial fits 32 bits",
        "serial = 2011031200",
        "serial = 20110312000",
    ),
    ("A network's name", "name = \"vms\"", "name = \"VMs\""),
    (
        "A prefix has no host bits",
        "cidr = \"10.10.60.0/24\"",
        "cidr = \"10.10.60.1/24\"",
    ),
    (
        "Networks do not overlap",
        "cidr = \"10.10.60.0/24\"",
        "cidr = \"10.10.59.128/25\"",
    ),
    (
        "A reverse zone is octet-aligned",
        "reverse = [\"10.10.0.0/16\"]",
        "reverse = [\"10.10.0.0/20\"]",
    ),
    (
        "An uplink is a real interface Shorewall takes, not lo",
        "uplink = \"eth0\"",
        "uplink = \"lo\"",
    ),
    (
        "The uplink is not the bridge",
        "uplink = \"eth0\"",
        "uplink = \"br0\"",
    ),
    (
        "Every zone has a file of its own",
        "domain = \"farm\"",
        "domain = \"10.10\"",
    ),
    (
        "A zone's file name fits the file system (255 bytes)",
        "domain = \"farm\"",
        concat!(
            "domain = \"",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.",
            "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.",
            "ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\"",
        ),
    ),
    (
        "Every VM and node address is inside a reverse zone",
        "reverse = [\"10.10.0.0/16\"]",
        "reverse = [\"10.10.60.0/24\"]",
    ),
    (
        "An address is inside its network",
        "address = \"10.10.60.2\"",
        "address = \"10.10.61.2\"",
    ),
    (
        "An address is not its network's network or broadcast address",
        "address = \"10.10.60.2\"",
        "address = \"10.10.60.255\"",
    ),
    (
        "An address is used once in the farm",
        "address = \"10.10.0.10\"",
        "address = \"10.10.59.1\"",
    ),
    (
        "A name is used once in the farm",
        "name = \"gnt-cluster\"",
        "name = \"host01\"",
    ),
    (
        "Nodes are in the nodes network",
        "address = \"10.10.59.10\" ",
        "address = \"10.10.58.10\" ",
    ),
    (
        "The gateway is inside the uplink's network",
        "gateway = \"203.0.113.1\"",
        "gateway = \"198.51.100.1\"",
    ),
    (
        "A node's prefix6 is an IPv6 /64",
        "gateway = \"203.0.113.1\"",
        concat!(
            "gateway = \"203.0.113.1\"\nprefix6 = \"2001:db8:1::/48\"\n",
            "uplink_address6 = \"2001:db8::10/64\"\ngateway6 = \"fe80::1\"",
        ),
    ),
    (
        "A node's prefix6 is IPv6",
        "gateway = \"203.0.113.1\"",
        concat!(
            "gateway = \"203.0.113.1\"\nprefix6 = \"10.10.61.0/24\"\n",
            "uplink_address6 = \"2001:db8::10/64\"\ngateway6 = \"fe80::1\"",
        ),
    ),
    (
        "A node's prefix6 comes with its uplink's IPv6 address",
        "gateway = \"203.0.113.1\"",
        "gateway = \"203.0.113.1\"\nprefix6 = \"2001:db8:1:2::/64\"",
    ),
    (
        "gateway6 is an IPv6 address",
        "gateway = \"203.0.113.1\"",
        concat!(
            "gateway = \"203.0.113.1\"\nprefix6 = \"2001:db8:1:2::/64\"\n",
            "uplink_address6 = \"2001:db8::10/64\"\ngateway6 = \"fe80::1; x\"",
        ),
    ),
    (
        "uplink_address6 comes with gateway6",
        "gateway = \"203.0.113.1\"",
        "gateway = \"203.0.113.1\"\nuplink_address6 = \"2001:db8::10/64\"",
    ),
    (
        "gateway6 is link-local or inside the uplink's IPv6 network",
        "gateway = \"203.0.113.1\"",
        concat!(
            "gateway = \"203.0.113.1\"\nprefix6 = \"2001:db8:1:2::/64\"\n",
            "uplink_address6 = \"2001:db8::10/64\"\ngateway6 = \"2001:db9::1\"",
        ),
    ),
    (
        "An ip6.arpa zone is nibble-aligned",
        "reverse = [\"10.10.0.0/16\"]",
        "reverse = [\"10.10.0.0/16\"]\nreverse6 = [\"2001:db8:1::/62\"]",
    ),
    (
        "The name server runs on the farm's hosts",
        "nameserver_address = \"10.10.0.254\"",
        "nameserver_address = \"10.10.0.1\"",
    ),
    (
        "dhcp.subnet holds the bridge and every VM",
        "subnet = \"10.10.0.0/16\"",
        "subnet = \"10.10.0.0/24\"",
    ),
    (
        "dhcp.server is isc or kea",
        "fixed_address = \"address\"",
        "fixed_address = \"address\"\nserver = \"dhcpd\"",
    ),
    (
        "A VM's node exists",
        "node = \"host01\"",
        "node = \"host1\"",
    ),
    (
        "A VM's network exists",
        "node = \"host01\"",
        "node = \"host01\"\nnetwork = \"dmz\"",
    ),
    (
        "A MAC is unicast",
        "mac = \"52:54:fb:77:1e:82\"",
        "mac = \"53:54:fb:77:1e:82\"",
    ),
    (
        "A MAC is used once",
        "mac = \"52:54:fb:77:1e:82\"",
        "mac = \"52:54:bf:3d:d4:ef\"",
    ),
    (
        "Shorewall params do not collide",
        "name = \"skaro.xivo\"",
        "name = \"dev-dachary\"",
    ),
    (
        "A size is a number and M, G or T",
        "memory = \"512M\"",
        "memory = \"512MB\"",
    ),
    (
        "A VM with resources has memory, disk and an OS",
        "os = \"debootstrap+default\"\n",
        "",
    ),
    (
        "Hypervisor values are free of , = : white space and quotes",
        "boot_order = \"cdrom\"",
        "boot_order = \"cdrom,disk\"",
    ),
    (
        "An OS name is letters, digits and . _ + -",
        "os = \"debootstrap+default\"",
        "os = \"debootstrap default\"",
    ),
    ("A port is 1 to 65535", "port = 22002", "port = 0"),
    (
        "A forward goes through a known public address",
        "via = \"failover\"",
        "via = \"backup\"",
    ),
    (
        "A public port is forwarded once per address and protocol",
        "forwards = [{ proto = \"tcp\", port = 22002, to = 22, via = \"failover\" }]",
        "forwards = [{ proto = \"tcp\", port = 22002, to = 22 }, { proto = \"tcp\", port = 22002, to = 2222 }]",
    ),
    (
        "A server name is proxied once",
        "sites = [{ server_name = \"skaro.dachary.org\" }]",
        "sites = [{ server_name = \"skaro.dachary.org\" }, { server_name = \"skaro.dachary.org\", path = \"/x\" }]",
    ),
    (
        "A server name is a DNS name or a wildcard",
        "server_name = \"skaro.dachary.org\"",
        "server_name = \"skaro.dachary.org;\"",
    ),
    (
        "An HTTPS site has a name HTTP-01 can prove (no wildcard)",
        "sites = [{ server_name = \"skaro.dachary.org\" }]",
        "sites = [{ server_name = \"*.dachary.org\", tls = true }]\n\n[tls]\nemail = \"ops@dachary.org\"",
    ),
    (
        "An HTTPS site needs the ACME account's e-mail address",
        "sites = [{ server_name = \"skaro.dachary.org\" }]",
        "sites = [{ server_name = \"skaro.dachary.org\", tls = true }]",
    ),
    (
        "tls.email is one e-mail address",
        "sites = [{ server_name = \"skaro.dachary.org\" }]",
        "sites = [{ server_name = \"skaro.dachary.org\", tls = true }]\n\n[tls]\nemail = \"ops@dachary.org, root@dachary.org\"",
    ),
    (
        "tls.acme_server is an https URL",
        "sites = [{ server_name = \"skaro.dachary.org\" }]",
        "sites = [{ server_name = \"skaro.dachary.org\", tls = true }]\n\n[tls]\nemail = \"ops@dachary.org\"\nacme_server = \"http://acme.example.org/directory\"",
    ),
];

/// The rules of several nodes: (rule, the three-node example's text, what it is changed into).
const NODE_RULES: &[(&str, &str, &str)] = &[
    (
        "With several nodes, every VM names its node",
        "mac = \"52:54:bf:3d:d4:ef\"\nnode = \"host03\"",
        "mac = \"52:54:bf:3d:d4:ef\"",
    ),
    (
        "A VM's secondary is another node than its own",
        "secondary = \"host02\"",
        "secondary = \"host03\"",
    ),
    (
        "A VM's secondary is a node of the plan",
        "secondary = \"host02\"",
        "secondary = \"host09\"",
    ),
    (
        "drbd needs a secondary",
        "disk = \"30G\"",
        "disk = \"30G\"\ndisk_template = \"drbd\"",
    ),
    (
        "A secondary is for drbd only",
        "secondary = \"host02\"",
        "secondary = \"host02\"\ndisk_template = \"plain\"",
    ),
    (
        "With several nodes, every node has an interconnect",
        "interconnect = \"eth1\"\n\n[[vms]]",
        "\n[[vms]]",
    ),
    (
        "The interconnect is not the uplink",
        "interconnect = \"eth1\"\n\n[[vms]]",
        "interconnect = \"eth0\"\n\n[[vms]]",
    ),
    (
        "A holder is a node of the plan",
        "holders = { web = \"host02\" }",
        "holders = { web = \"host05\" }",
    ),
    (
        "A holder holds a public address of the plan",
        "holders = { web = \"host02\" }",
        "holders = { www = \"host02\" }",
    ),
    (
        "A site's via is a public address of the plan",
        "via = \"web\" }, { server_name",
        "via = \"wbe\" }, { server_name",
    ),
    (
        "A node's VMs fit its memory, less the reserve",
        "10.10.59.10/24\nmemory = \"64G\"",
        "10.10.59.10/24\nmemory = \"2G\"",
    ),
    (
        "A node fits its own VMs and the DRBD VMs of a failed node (N+1)",
        "10.10.59.10/24\nmemory = \"64G\"",
        "10.10.59.10/24\nmemory = \"3G\"",
    ),
    (
        "A node's disks and their DRBD metadata fit its volume group",
        "memory = \"64G\"\nvolume_group_size = \"1800G\"\n\n[[nodes]]\nname = \"host02\"",
        "memory = \"64G\"\nvolume_group_size = \"50G\"\n\n[[nodes]]\nname = \"host02\"",
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

fn catalogue() -> String {
    let mut out = String::from(
        "# Plan errors\n\nEvery rule a plan is checked against, an example that breaks it (a change to \
         `examples/seed-farm.toml`, or to `examples/three-nodes.toml` for the rules of several nodes), and what \
         `cargo xtask render` says. Generated by \
         `farm-model/tests/farm_model/catalogue.rs` from the code itself; `FARMGEN_BLESS=1 cargo test -p farm-model \
         catalogue` writes it again.\n",
    );
    let seed = RULES.iter().map(|rule| (rule, example(), "seed-farm.toml"));
    let nodes = NODE_RULES
        .iter()
        .map(|rule| (rule, three_nodes(), "three-nodes.toml"));
    for ((rule, old, new), base, name) in seed.chain(nodes) {
        let text = edit(&base, old, new);
        let report = match farm_model::load(&text, Format::Toml, name) {
            Ok(_) => panic!("{rule}: the example was accepted"),
            Err(report) => report.to_string(),
        };
        let shown = if new.is_empty() {
            format!("(removed) {}", old.trim_end())
        } else {
            (*new).to_owned()
        };
        write!(
            out,
            "\n## {rule}\n\n```toml\n{shown}\n```\n\n```text\n{report}\n```\n"
        )
        .unwrap();
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
