//! Several nodes: snapshots of every file of every node of the three-node example, every checker on every
//! node's tree, and what the files say of the farm (routes, zone transfers, reservations, holders, Ganeti).

use farm_model::{Contents, Farm, File, Format, RenderOptions};

use crate::catalogue::three_nodes;
use crate::render::{text, write_tree};

fn farm() -> Farm {
    farm_model::load(&three_nodes(), Format::Toml, "three-nodes.toml").unwrap()
}

fn render(farm: &Farm) -> Vec<File> {
    let options = RenderOptions {
        plan_name: "three-nodes.toml".into(),
        today: crate::render::today(),
    };
    farm_model::render(farm, &options, &|_, _| None).unwrap()
}

fn of(files: &[File], node: &str) -> Vec<File> {
    files.iter().filter(|f| f.node == node).cloned().collect()
}

const NODES: [&str; 3] = ["host01", "host02", "host03"];

#[test]
fn every_file_of_every_node_of_the_three_node_example_snapshot() {
    let files = render(&farm());
    for node in NODES {
        let mine = of(&files, node);
        let paths: Vec<&str> = mine.iter().map(|f| f.path.as_str()).collect();
        insta::assert_snapshot!(format!("three-{node}-file-list"), paths.join("\n"));
        for file in &mine {
            let name = format!("three-{node}-{}", file.path.replace('/', "__"));
            match &file.contents {
                Contents::Text(text) => insta::assert_snapshot!(name, text),
                Contents::Link(target) => insta::assert_snapshot!(name, format!("-> {target}")),
            }
        }
    }
}

/// named-checkconf -z (with a throwaway key where the key file is included), named-checkzone, dhcpd -t,
/// ifup -n, shorewall check and nginx -t on every node's tree.
#[test]
fn every_node_passes_every_checker() {
    let files = render(&farm());
    for node in NODES {
        let dir = tempfile::tempdir().unwrap();
        write_tree(&files, node, dir.path());
        let checks = checkers::check_tree(dir.path());
        let judged: Vec<&str> = checks.iter().map(|c| c.file.as_str()).collect();
        for expected in [
            "etc/bind/named.conf.local",
            "etc/dhcp/dhcpd.conf",
            "etc/network/interfaces",
            "etc/shorewall",
        ] {
            assert!(judged.contains(&expected), "{node}: {expected} not checked");
        }
        for check in checks {
            if let Err(failure) = check.result {
                panic!("{node}: {} failed its checker:\n{failure}", check.file);
            }
        }
    }
}

#[test]
fn the_first_node_is_primary_and_the_others_transfer_with_the_key() {
    let files = render(&farm());
    let host01 = of(&files, "host01");
    let local = text(&host01, "etc/bind/named.conf.local");
    assert!(
        local.contains("include \"/etc/bind/farm-transfer.key\";"),
        "{local}"
    );
    assert!(
        local.contains("allow-transfer { key \"farm-transfer\"; };"),
        "{local}"
    );
    assert!(
        local.contains(
            "also-notify { 10.10.59.11 key \"farm-transfer\"; 10.10.59.12 key \"farm-transfer\"; };"
        ),
        "{local}"
    );
    assert!(host01.iter().any(|f| f.path == "etc/bind/db.farm"));
    for node in ["host02", "host03"] {
        let mine = of(&files, node);
        let local = text(&mine, "etc/bind/named.conf.local");
        assert!(local.contains("type secondary;"), "{local}");
        assert!(!local.contains("type primary;"), "{local}");
        assert!(
            local.contains("primaries { 10.10.59.10 key \"farm-transfer\"; };"),
            "{local}"
        );
        assert!(
            local.contains("file \"/var/cache/bind/db.farm\";"),
            "{local}"
        );
        // Its zones are transferred, not rendered; no secret anywhere.
        assert!(!mine.iter().any(|f| f.path.starts_with("etc/bind/db.")));
        let options = text(&mine, "etc/bind/named.conf.options");
        assert!(options.contains("10.10.59."), "{options}");
    }
    for file in &files {
        if let Contents::Text(text) = &file.contents {
            assert!(!text.contains("secret"), "{} {}", file.node, file.path);
        }
    }
}

#[test]
fn every_node_routes_the_vms_of_the_others_and_reserves_every_vm() {
    let farm = farm();
    let files = render(&farm);
    let dhcpd = text(&of(&files, "host01"), "etc/dhcp/dhcpd.conf").to_owned();
    for (i, node) in NODES.iter().enumerate() {
        let mine = of(&files, node);
        assert_eq!(text(&mine, "etc/dhcp/dhcpd.conf"), dhcpd, "{node}");
        let interfaces = text(&mine, "etc/network/interfaces");
        assert!(
            interfaces.contains(&format!(
                "iface eth1 inet static\n\taddress 10.10.59.1{i}/24"
            )),
            "{interfaces}"
        );
        assert!(
            interfaces.contains("ip route add 10.10.60.0/24 dev br0"),
            "{interfaces}"
        );
        // The node's address is on the interconnect, no longer a /32 on the uplink.
        assert!(
            !interfaces.contains(&format!("10.10.59.1{i}/32")),
            "{interfaces}"
        );
        for vm in &farm.vms {
            let route = format!(
                "ip route add {}/32 via {}",
                vm.address, farm.nodes[vm.node].address
            );
            assert_eq!(interfaces.contains(&route), vm.node != i, "{node}: {route}");
        }
    }
}

#[test]
fn holders_carry_their_addresses_forwards_and_sites() {
    let files = render(&farm());
    let (host01, host02, host03) = (
        of(&files, "host01"),
        of(&files, "host02"),
        of(&files, "host03"),
    );
    // failover on host01, web on host02.
    assert!(text(&host01, "etc/network/interfaces").contains("ip addr add 192.0.2.10/32 dev eth0"));
    assert!(!text(&host01, "etc/network/interfaces").contains("192.0.2.11"));
    assert!(text(&host02, "etc/network/interfaces").contains("ip addr add 192.0.2.11/32 dev eth0"));
    let rules01 = text(&host01, "etc/shorewall/rules");
    // skaro lives on host01 (loc); www.xivo on host03 is reached over the interconnect.
    assert!(rules01.contains("loc:$VM_SKARO_XIVO:22"), "{rules01}");
    assert!(rules01.contains("int:$VM_WWW_XIVO:22"), "{rules01}");
    assert!(!rules01.contains("443"), "{rules01}");
    let snat01 = text(&host01, "etc/shorewall/snat");
    assert!(snat01.contains("SNAT(10.10.59.10)"), "{snat01}");
    let rules02 = text(&host02, "etc/shorewall/rules");
    assert!(rules02.contains("int:$VM_WWW_XIVO:443"), "{rules02}");
    // Sites: www.xivo.example.org via web on host02; the others on the first node.
    let sites = |files: &[File]| -> Vec<String> {
        files
            .iter()
            .filter(|f| f.path.starts_with("etc/nginx/sites-available/"))
            .map(|f| f.path.clone())
            .collect()
    };
    assert_eq!(
        sites(&host01),
        [
            "etc/nginx/sites-available/skaro.dachary.org",
            "etc/nginx/sites-available/xivo.example.org"
        ]
    );
    assert_eq!(
        sites(&host02),
        ["etc/nginx/sites-available/www.xivo.example.org"]
    );
    assert!(sites(&host03).is_empty());
    assert!(!text(&host03, "etc/shorewall/rules").contains("DNAT"));
}

#[test]
fn the_first_node_provisions_the_cluster_with_drbd() {
    let files = render(&farm());
    let host01 = of(&files, "host01");
    let script = text(&host01, "etc/ganeti/provision.sh");
    assert!(
        script.contains("--enabled-disk-templates=drbd,plain --drbd-usermode-helper=/bin/true"),
        "{script}"
    );
    assert!(script.contains("gnt-node add host02.farm"), "{script}");
    assert!(script.contains("gnt-node add host03.farm"), "{script}");
    assert!(
        script
            .contains("-t drbd --disk 0:size=20G -B memory=2G,vcpus=1 -n host02.farm:host01.farm"),
        "{script}"
    );
    assert!(
        script.contains("-t plain --disk 0:size=30G -B memory=512M,vcpus=1 -n host01.farm -o"),
        "{script}"
    );
    for node in NODES {
        let mine = of(&files, node);
        assert_eq!(
            text(&mine, "etc/modprobe.d/drbd.conf").lines().last(),
            Some("options drbd minor_count=128 usermode_helper=/bin/true")
        );
        assert!(
            text(&mine, "etc/drbd.conf")
                .lines()
                .all(|l| l.starts_with('#'))
        );
        assert_eq!(
            mine.iter().any(|f| f.path == "etc/ganeti/provision.sh"),
            node == "host01"
        );
    }
}

/// Moving a VM is editing its node: its route moves, and nothing else of the other nodes' files changes
/// but the zones' (none: a VM's node is in no record) and the routes.
#[test]
fn moving_a_vm_moves_its_route() {
    let before = render(&farm());
    let moved = crate::common::edit(
        &three_nodes(),
        "mac = \"52:54:bf:3d:d4:ef\"\nnode = \"host03\"",
        "mac = \"52:54:bf:3d:d4:ef\"\nnode = \"host02\"",
    );
    let after = render(&farm_model::load(&moved, Format::Toml, "three-nodes.toml").unwrap());
    let places = |files: &[File]| -> Vec<(String, String)> {
        (files.iter())
            .map(|f| (f.node.clone(), f.path.clone()))
            .collect()
    };
    assert_eq!(
        places(&before),
        places(&after),
        "the same files, in the same order"
    );
    let changed: Vec<(String, String)> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(b, _)| (b.node.clone(), b.path.clone()))
        .collect();
    assert_eq!(
        changed,
        [
            ("host01".to_owned(), "etc/network/interfaces".to_owned()),
            ("host02".to_owned(), "etc/network/interfaces".to_owned()),
            ("host03".to_owned(), "etc/network/interfaces".to_owned()),
        ]
    );
    let host01 = of(&after, "host01");
    assert!(
        text(&host01, "etc/network/interfaces")
            .contains("ip route add 10.10.60.1/32 via 10.10.59.11")
    );
}

#[test]
fn the_registry_holds_for_several_nodes() {
    crate::render::registry_holds(&farm());
}

/// Two nodes, three VMs: vm1 on host01, vm2 (a site and a forward through the first node's address) and
/// vm3 on host02; the second render moves vm3 to host01.
const TWO_NODES: &str = r#"
domain = "farm"

[dns]
nameserver_address = "10.10.0.254"
serial = 2026010100

[[networks]]
name = "nodes"
cidr = "10.10.59.0/24"

[[networks]]
name = "vms"
cidr = "10.10.60.0/24"
subdomain = "vm"

[bridge]
name = "br0"
address = "10.10.0.254"

[firewall]
public = { failover = "192.0.2.10" }

[[nodes]]
name = "host01"
address = "10.10.59.10"
uplink = "eth0"
uplink_address = "203.0.113.10/24"
gateway = "203.0.113.1"
interconnect = "eth1"

[[nodes]]
name = "host02"
address = "10.10.59.11"
uplink = "eth0"
uplink_address = "203.0.113.11/24"
gateway = "203.0.113.1"
interconnect = "eth1"

[[vms]]
name = "vm1"
address = "10.10.60.1"
mac = "52:54:00:00:00:01"
node = "host01"

[[vms]]
name = "vm2"
address = "10.10.60.2"
mac = "52:54:00:00:00:02"
node = "host02"
forwards = [{ proto = "tcp", port = 22002, to = 80 }]
sites = [{ server_name = "vm2.example.org" }]

[[vms]]
name = "vm3"
address = "10.10.60.3"
mac = "52:54:00:00:00:03"
node = "host02"
"#;

/// The farm in a box with two nodes (root; skipped without it outside CI): the secondary's transfer,
/// leases from each VM's own node, VMs across nodes, the first node's nginx and DNAT to the second's VM,
/// then vm3 moved to host01 in the plan: its changed files brought up, it leases there and stays reachable.
#[test]
fn two_nodes_in_a_box() {
    let render_to = |plan: &str| {
        let farm = farm_model::load(plan, Format::Toml, "two-nodes.toml").unwrap();
        let files = render(&farm);
        let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        for (dir, node) in dirs.iter().zip(["host01", "host02"]) {
            write_tree(&files, node, dir.path());
        }
        dirs
    };
    let trees = render_to(TWO_NODES);
    let moved_plan = crate::common::edit(
        TWO_NODES,
        "mac = \"52:54:00:00:00:03\"\nnode = \"host02\"",
        "mac = \"52:54:00:00:00:03\"\nnode = \"host01\"",
    );
    let moved = render_to(&moved_plan);
    let spec = "var UPLINK eth0\nvar LINK eth1\nvar BRIDGE br0\nvar BRIDGE_ADDR 10.10.0.254\nvar NS 10.10.0.254\n\
                var DOMAIN farm\nvar GATEWAY_CIDR 203.0.113.1/24\nvar PUBLIC 192.0.2.10\nvar KEY farm-transfer\n\
                node 1 10.10.59.10 203.0.113.10/24\nnode 2 10.10.59.11 203.0.113.11/24\n\
                vm 1 vm1.vm.farm 52:54:00:00:00:01 10.10.60.1 1\n\
                vm 2 vm2.vm.farm 52:54:00:00:00:02 10.10.60.2 2\n\
                vm 3 vm3.vm.farm 52:54:00:00:00:03 10.10.60.3 2\n\
                serve 1 80\nserve 2 80\nserve 3 80\n\
                site vm2.example.org 2\nfwd 22002 2\nmove 3 1\n";
    let nodes = checkers::NodesBox {
        trees: [trees[0].path(), trees[1].path()],
        moved: [moved[0].path(), moved[1].path()],
        spec,
    };
    match checkers::nodes_in_a_box(&nodes) {
        Ok(Some(steps)) => {
            println!("{steps}");
            assert!(
                steps.contains("nodes in a box: every step passed"),
                "{steps}"
            );
            assert!(steps.contains("lease: vm3.vm.farm on n2"), "{steps}");
            assert!(steps.contains("lease: vm3 on n1 (was n2)"), "{steps}");
        }
        Ok(None) => {}
        Err(failure) => panic!("{failure}"),
    }
}

/// With `dhcp.server = "kea"`, every node's kea-dhcp4.conf holds every reservation, the same file on each,
/// and passes `kea-dhcp4 -t`.
#[test]
fn every_node_runs_kea_with_every_reservation() {
    let plan = crate::common::edit(
        &three_nodes(),
        "[[networks]]\nname = \"nodes\"",
        "[dhcp]\nserver = \"kea\"\n\n[[networks]]\nname = \"nodes\"",
    );
    let farm = farm_model::load(&plan, Format::Toml, "three-nodes.toml").unwrap();
    let files = render(&farm);
    let first = text(&of(&files, "host01"), "etc/kea/kea-dhcp4.conf").to_owned();
    for vm in &farm.vms {
        assert!(first.contains(&format!("\"{}/32\"", vm.address)), "{first}");
    }
    for node in NODES {
        let mine = of(&files, node);
        assert_eq!(text(&mine, "etc/kea/kea-dhcp4.conf"), first, "{node}");
        assert!(!mine.iter().any(|f| f.path == "etc/dhcp/dhcpd.conf"));
        let dir = tempfile::tempdir().unwrap();
        write_tree(&files, node, dir.path());
        let mut judged = Vec::new();
        for check in checkers::check_tree(dir.path()) {
            if let Err(failure) = check.result {
                panic!("{node}: {} failed its checker:\n{failure}", check.file);
            }
            judged.push(check.file);
        }
        assert!(
            judged.iter().any(|f| f == "etc/kea/kea-dhcp4.conf"),
            "{node}: {judged:?}"
        );
    }
}

/// The example forwards tcp 443 of `web` to a VM while a plain HTTP site is served through `web`: nginx
/// listens on 443 only for HTTPS sites, so that is allowed. Once the site has `tls`, port 443 of `web` is
/// nginx's and the forward is refused at its port, naming the site; port 80 is nginx's for any site.
#[test]
fn a_forward_may_not_take_nginx_s_port_on_the_address_of_a_site() {
    let site = "{ server_name = \"www.xivo.example.org\", via = \"web\" }";
    let https = three_nodes().replacen(
        site,
        "{ server_name = \"www.xivo.example.org\", via = \"web\", tls = true }",
        1,
    ) + "\n[tls]\nemail = \"hostmaster@example.org\"\n";
    assert_ne!(https, three_nodes());
    let http80 = three_nodes().replacen(
        "{ proto = \"tcp\", port = 443, via = \"web\" }",
        "{ proto = \"tcp\", port = 80, to = 8080, via = \"web\" }",
        1,
    );
    for plan in [https, http80] {
        let report = farm_model::load(&plan, Format::Toml, "three-nodes.toml").unwrap_err();
        assert_eq!(
            crate::common::rules(&report),
            [(
                "vms[2].forwards[1].port".to_owned(),
                farm_model::Rule::PortOfSites
            )],
            "{report}"
        );
    }
}
