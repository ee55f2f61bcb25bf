//! `farmgen apply` for real, in the farm in a box (`box/apply.sh`): the node's daemons run as plain
//! processes from its rendered files in private namespaces, on a node with IPv4 and IPv6; a VM and a site
//! are added by apply, then a change that nginx refuses is applied, then a forward opening an IPv6 port,
//! then one that Shorewall6 refuses. Needs root and the daemons; skipped with a line otherwise, failed
//! under CI. Also the dry run, on a node of one and on a DNS secondary of three.
#![allow(clippy::unwrap_used, reason = "test code: a failure is a panic")]

use std::path::Path;
use std::process::Command;

use checkers::Tool;

const SCRIPT: &str = include_str!("box/apply.sh");
const SETUP: &str = include_str!("box/setup.sh");
const SECONDARY: &str = include_str!("box/secondary.sh");
const STEPS: &str = include_str!("../../checkers/src/steps.sh");
const PLAN: &str = include_str!("../../examples/seed-farm.toml");

/// The example's node given a routed /64, an IPv6 uplink address and a link-local gateway.
fn ipv6(plan: &str) -> String {
    let gateway = "gateway = \"203.0.113.1\"";
    assert!(plan.contains(gateway));
    plan.replacen(
        gateway,
        "gateway = \"203.0.113.1\"\nprefix6 = \"2001:db8:1:2::/64\"\nuplink_address6 = \"2001:db8::10/64\"\ngateway6 = \"fe80::1\"",
        1,
    )
}

/// A VM with a site, on no node in particular.
const NEW_VM: &str = "\n[[vms]]\nname = \"web.new\"\naddress = \"10.10.60.3\"\nmac = \"52:54:00:00:00:03\"\nsites = [{ server_name = \"web.example.org\" }]\n";

/// The daemons as plain processes in the box.
const SERVICES: &str = include_str!("box/services.toml");

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Whether the box can run here: root and every program of a farm in a box (dhcpd's too) and `more`; a
/// line saying why not otherwise (a failure under CI).
fn possible(more: &[Tool]) -> bool {
    let tools = [checkers::BOX_TOOLS, &[Tool::Dhcpd], more].concat();
    checkers::box_possible(&tools).unwrap()
}

#[test]
fn apply_in_a_box() {
    if !possible(&[Tool::Shorewall6, Tool::Radvd]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path();
    let farmgen = env!("CARGO_BIN_EXE_farmgen");
    let plan = ipv6(PLAN);
    write(&w.join("plan1/seed-farm.toml"), &plan);
    write(&w.join("plan2/seed-farm.toml"), &format!("{plan}{NEW_VM}"));
    let two_sites = NEW_VM.replace(
        "sites = [{ server_name = \"web.example.org\" }]",
        "sites = [{ server_name = \"web.example.org\" }, { server_name = \"www.example.org\" }]",
    );
    write(
        &w.join("plan3/seed-farm.toml"),
        &format!("{plan}{two_sites}"),
    );
    // A forward opens the VM's port `to` on its IPv6 address.
    let forward = |forwards: &str| format!("{plan}{NEW_VM}forwards = [{forwards}]\n");
    let port = |public: u16, to: u16| {
        format!("{{ proto = \"tcp\", port = {public}, to = {to}, via = \"failover\" }}")
    };
    write(
        &w.join("plan4/seed-farm.toml"),
        &forward(&port(22003, 8022)),
    );
    write(
        &w.join("plan5/seed-farm.toml"),
        &forward(&format!("{}, {}", port(22003, 8022), port(22004, 8023))),
    );
    // The provider's /64 renumbered.
    let prefix = "prefix6 = \"2001:db8:1:2::/64\"";
    let renumbered = forward(&port(22003, 8022));
    assert!(renumbered.contains(prefix));
    write(
        &w.join("plan6/seed-farm.toml"),
        &renumbered.replacen(prefix, "prefix6 = \"2001:db8:1:3::/64\"", 1),
    );
    render(
        farmgen,
        &w.join("plan1/seed-farm.toml"),
        "host01",
        &w.join("tree"),
    );
    run_box(w, SCRIPT, "apply in a box: every step passed");
}

/// Runs the box `script` (beside it setup.sh, steps.sh and services.toml) on the work folder `w` in
/// private network and mount namespaces; it must print `passed`. One box at a time: each applies to
/// `/`, which apply locks (the same directory in every mount namespace).
fn run_box(w: &Path, script: &str, passed: &str) {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = ONE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    write(&w.join("services.toml"), SERVICES);
    write(&w.join("steps.sh"), STEPS);
    write(&w.join("box.sh"), script);
    write(&w.join("setup.sh"), SETUP);
    let out = Command::new("timeout")
        .arg("300")
        .args(["unshare", "-n", "-m", "sh"])
        .arg(w.join("box.sh"))
        .arg(w)
        .arg(env!("CARGO_BIN_EXE_farmgen"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}\n{stderr}");
    assert!(out.status.success(), "the box failed ({})", out.status);
    assert!(stdout.contains(passed), "{stdout}");
}

/// `--dry-run` prints the diff and the reloads it would do (only the changed daemons'), and changes
/// nothing. Needs neither root nor a daemon.
#[test]
fn a_dry_run_prints_the_diff_and_the_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path();
    let farmgen = env!("CARGO_BIN_EXE_farmgen");
    write(&w.join("plan1/seed-farm.toml"), PLAN);
    write(&w.join("plan2/seed-farm.toml"), &format!("{PLAN}{NEW_VM}"));
    write(&w.join("services.toml"), SERVICES);
    let root = w.join("root");
    render(farmgen, &w.join("plan1/seed-farm.toml"), "host01", &root);
    let zone = std::fs::read_to_string(root.join("etc/bind/db.farm")).unwrap();
    let out = Command::new(farmgen)
        .args(["apply", "--node", "host01", "--dry-run", "--plan"])
        .arg(w.join("plan2/seed-farm.toml"))
        .arg("--root")
        .arg(&root)
        .arg("--services")
        .arg(w.join("services.toml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    // The example pins its serial: apply warns of it as render does.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "the zone changes but keeps serial 2011031200 (dns.serial is pinned in the plan)"
        ),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    for line in [
        "+web.new.vm      IN  A      10.10.60.3",
        "+3.60   IN  PTR    web.new.vm.farm.",
        "+\t\tproxy_pass http://10.10.60.3:80;",
        "  new      /etc/nginx/sites-available/web.example.org",
        "  changed  /etc/dhcp/dhcpd.conf",
        "reload named: rndc reload",
        "reload nginx: nginx -s reload",
        "nothing was done",
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "{line:?} not in:\n{stdout}"
        );
    }
    assert!(stdout.contains("reload dhcpd: "), "{stdout}");
    assert!(!stdout.contains("reload shorewall"), "{stdout}");
    assert!(!stdout.contains("rndc reconfig"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(root.join("etc/bind/db.farm")).unwrap(),
        zone
    );
    assert!(
        !root
            .join("etc/nginx/sites-available/web.example.org")
            .exists()
    );
    assert!(!root.join("var").exists(), "nothing staged");
}

const THREE_NODES: &str = include_str!("../../examples/three-nodes.toml");

/// A VM on the first node of the three, with a site.
const NEW_VM_ON_HOST01: &str = "\n[[vms]]\nname = \"web.new\"\naddress = \"10.10.60.5\"\nmac = \"52:54:00:00:00:05\"\nnode = \"host01\"\nsites = [{ server_name = \"web.example.org\" }]\n";

/// On a secondary node of three (`host02`: named transfers every zone from `host01`, it has no zone file),
/// the dry run of a VM added on the first node changes the reservations and the VM's route over the
/// interconnect, and reloads dhcpd, never named; then a reverse zone added reconfigures named (a new
/// secondary zone), and still no zone file is staged or reloaded. Needs neither root nor a daemon.
#[test]
fn a_dry_run_on_a_secondary_reconfigures_named_and_stages_no_zone() {
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path();
    let farmgen = env!("CARGO_BIN_EXE_farmgen");
    write(&w.join("plan1/three-nodes.toml"), THREE_NODES);
    write(
        &w.join("plan2/three-nodes.toml"),
        &format!("{THREE_NODES}{NEW_VM_ON_HOST01}"),
    );
    let reverse = "reverse = [\"10.10.0.0/16\"]";
    assert!(THREE_NODES.contains(reverse));
    write(
        &w.join("plan3/three-nodes.toml"),
        &format!(
            "{}{NEW_VM_ON_HOST01}",
            THREE_NODES.replace(reverse, "reverse = [\"10.10.0.0/16\", \"10.20.0.0/16\"]")
        ),
    );
    let root = w.join("root");
    render(farmgen, &w.join("plan1/three-nodes.toml"), "host02", &root);
    let dry_run = |plan: &str| {
        let out = Command::new(farmgen)
            .args(["apply", "--node", "host02", "--dry-run", "--plan"])
            .arg(w.join(plan).join("three-nodes.toml"))
            .arg("--root")
            .arg(&root)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let has = |stdout: &str, lines: &[&str]| {
        for line in lines {
            assert!(
                stdout.lines().any(|l| l == *line),
                "{line:?} not in:\n{stdout}"
            );
        }
    };
    let (stdout, stderr) = dry_run("plan2");
    has(
        &stdout,
        &[
            "dry run: host02: 2 file(s) to change",
            "  changed  /etc/dhcp/dhcpd.conf",
            "  changed  /etc/network/interfaces",
            "+\t\tfixed-address 10.10.60.5;",
            "reload dhcpd: systemctl restart isc-dhcp-server",
            "network: ip route add 10.10.60.5/32 via 10.10.59.10",
            "nothing was done",
        ],
    );
    assert!(!stdout.contains("reload named"), "{stdout}");
    assert!(!stdout.contains("/etc/bind/"), "{stdout}");
    assert!(
        !stdout.contains("/etc/nginx/"),
        "the site is host01's: {stdout}"
    );
    assert!(stderr.is_empty(), "{stderr}");

    let (stdout, stderr) = dry_run("plan3");
    has(
        &stdout,
        &[
            "  changed  /etc/bind/named.conf.local",
            "+zone \"20.10.in-addr.arpa\" {",
            "+\ttype secondary;",
            "+\tfile \"/var/cache/bind/db.10.20\";",
            "+\tprimaries { 10.10.59.10 key \"farm-transfer\"; };",
            "reload named: rndc reconfig",
        ],
    );
    assert!(!stdout.contains("rndc reload"), "{stdout}");
    assert!(
        !stdout.contains("/etc/bind/db."),
        "no zone on a secondary: {stdout}"
    );
    // The key the new configuration includes is the operator's: its absence is said before the apply.
    assert!(
        stderr.contains(
            "warning: named's transfer key /etc/bind/farm-transfer.key is missing on host02"
        ),
        "{stderr}"
    );
    write(
        &root.join("etc/bind/farm-transfer.key"),
        "key \"farm-transfer\" { };\n",
    );
    let (_, stderr) = dry_run("plan3");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(!root.join("var").exists(), "nothing staged");
}

/// Renders `plan` for `node` into `out`.
fn render(farmgen: &str, plan: &Path, node: &str, out: &Path) {
    let rendered = Command::new(farmgen)
        .args(["render", "--node", node, "--plan"])
        .arg(plan)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(rendered.status.success(), "{rendered:?}");
}

/// `farmgen apply` for real on a DNS secondary (`host02` of three), in the farm in a box
/// (`box/secondary.sh`), the primary's named beside it on the interconnect: a reverse zone and a VM on
/// the first node added, then a key that is not the primary's rolled back, then the primary down.
#[test]
fn apply_on_a_secondary_in_a_box() {
    if !possible(&[Tool::TsigKeygen]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path();
    let farmgen = env!("CARGO_BIN_EXE_farmgen");
    let reverse = "reverse = [\"10.10.0.0/16\"]";
    assert!(THREE_NODES.contains(reverse));
    let reverses = |more: &str| {
        THREE_NODES.replace(
            reverse,
            &format!("reverse = [\"10.10.0.0/16\", \"10.20.0.0/16\"{more}]"),
        ) + NEW_VM_ON_HOST01
    };
    let plans = [
        THREE_NODES.to_owned(),
        reverses(""),
        reverses(", \"10.30.0.0/16\""),
    ];
    for (i, text) in plans.iter().enumerate() {
        let plan = w.join(format!("plan{}/three-nodes.toml", i + 1));
        write(&plan, text);
        render(
            farmgen,
            &plan,
            "host01",
            &w.join(format!("primary{}", i + 1)),
        );
    }
    render(
        farmgen,
        &w.join("plan1/three-nodes.toml"),
        "host02",
        &w.join("tree"),
    );
    run_box(
        w,
        SECONDARY,
        "apply on a secondary in a box: every step passed",
    );
}
