//! `farmgen apply` for real, in the farm in a box (`apply_box.sh`): the node's daemons run as plain processes
//! from its rendered files in private namespaces, a VM and a site are added by apply, then a change that
//! nginx refuses is applied. Needs root and the daemons; skipped with a line otherwise, failed under CI.
#![allow(clippy::unwrap_used, reason = "test code: a failure is a panic")]

use std::path::Path;
use std::process::Command;

use checkers::Tool;

const SCRIPT: &str = include_str!("box/apply.sh");
const SETUP: &str = include_str!("box/setup.sh");
const STEPS: &str = include_str!("../../checkers/src/steps.sh");
const PLAN: &str = include_str!("../../examples/seed-farm.toml");

/// A VM with a site, on no node in particular.
const NEW_VM: &str = "\n[[vms]]\nname = \"web.new\"\naddress = \"10.10.60.3\"\nmac = \"52:54:00:00:00:03\"\nsites = [{ server_name = \"web.example.org\" }]\n";

/// The daemons as plain processes in the box.
const SERVICES: &str = include_str!("box/services.toml");

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Whether the box can run here: root and every program; a line saying why not otherwise (a failure under
/// CI).
fn possible() -> bool {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let tools = [
        Tool::Unshare,
        Tool::Named,
        Tool::Dig,
        Tool::Dhcpd,
        Tool::Nginx,
        Tool::Shorewall,
        Tool::Ifup,
        Tool::Dhclient,
        Tool::Curl,
        Tool::Python,
    ];
    let mut found = true;
    for tool in tools {
        found &= checkers::require(tool).unwrap().is_some();
    }
    if !rustix::process::geteuid().is_root() {
        assert!(!ci, "apply in a box needs root, and CI=true requires it");
        eprintln!("skipped: apply in a box needs root (unshare -n -m)");
        return false;
    }
    found
}

#[test]
fn apply_in_a_box() {
    if !possible() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path();
    let farmgen = env!("CARGO_BIN_EXE_farmgen");
    write(&w.join("plan1/seed-farm.toml"), PLAN);
    write(&w.join("plan2/seed-farm.toml"), &format!("{PLAN}{NEW_VM}"));
    let two_sites = NEW_VM.replace(
        "sites = [{ server_name = \"web.example.org\" }]",
        "sites = [{ server_name = \"web.example.org\" }, { server_name = \"www.example.org\" }]",
    );
    write(
        &w.join("plan3/seed-farm.toml"),
        &format!("{PLAN}{two_sites}"),
    );
    write(&w.join("services.toml"), SERVICES);
    write(&w.join("steps.sh"), STEPS);
    write(&w.join("box.sh"), SCRIPT);
    write(&w.join("setup.sh"), SETUP);
    let rendered = Command::new(farmgen)
        .args(["render", "--node", "host01", "--plan"])
        .arg(w.join("plan1/seed-farm.toml"))
        .arg("--out")
        .arg(w.join("tree"))
        .output()
        .unwrap();
    assert!(rendered.status.success(), "{rendered:?}");
    let out = Command::new("timeout")
        .arg("240")
        .args(["unshare", "-n", "-m", "sh"])
        .arg(w.join("box.sh"))
        .arg(w)
        .arg(farmgen)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}\n{stderr}");
    assert!(out.status.success(), "the box failed ({})", out.status);
    assert!(stdout.contains("apply in a box: every step passed"));
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
    let rendered = Command::new(farmgen)
        .args(["render", "--node", "host01", "--plan"])
        .arg(w.join("plan1/seed-farm.toml"))
        .arg("--out")
        .arg(&root)
        .output()
        .unwrap();
    assert!(rendered.status.success(), "{rendered:?}");
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
