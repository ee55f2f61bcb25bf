//! The command line, run as a user runs it: exit statuses, messages, and what it writes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn example() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/seed-farm.toml"
    ))
    .unwrap()
}

#[test]
fn synth_prints_a_plan_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["toml", "json"] {
        let out = xtask(
            &["synth", "--vms", "50", "--nodes", "2", "--format", format],
            dir.path(),
        );
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let format = if format == "json" {
            farm_model::Format::Json
        } else {
            farm_model::Format::Toml
        };
        let farm = farm_model::load(&text, format, "synth").unwrap();
        assert_eq!(farm.vms.len(), 50);
    }
}

#[test]
fn pin_writes_the_allocation_into_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("farm.toml");
    let unpinned: String = example()
        .lines()
        .filter(|l| !l.starts_with("mac = "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&plan, &unpinned).unwrap();
    let out = xtask(&["pin", "--plan", "farm.toml"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "pinned vms[0] dev.dachary: mac 52:54:83:5c:6e:82\npinned vms[1] skaro.xivo: mac 52:54:3b:d7:56:16\n"
    );
    let pinned = std::fs::read_to_string(&plan).unwrap();
    assert!(pinned.starts_with("# The reference farm"));
    assert!(
        farm_model::load(&pinned, farm_model::Format::Toml, "farm.toml")
            .unwrap()
            .unpinned()
            .is_empty()
    );
    let again = xtask(&["pin", "--plan", "farm.toml"], dir.path());
    assert!(
        String::from_utf8(again.stdout)
            .unwrap()
            .contains("pinned already")
    );
}

#[test]
fn a_bad_plan_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("farm.toml");
    let bad = example()
        .replace("mac = \"52:54:bf:3d:d4:ef\"\n", "")
        .replace("ttl = \"1h\"", "ttl = \"1x\"");
    std::fs::write(&plan, &bad).unwrap();
    let out = xtask(&["pin", "--plan", "farm.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("farm.toml:9:7: error: dns.ttl: \"1x\" is not a BIND duration"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), bad);
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(xtask(&["synth"], dir.path()).status.code(), Some(2));
    assert_eq!(xtask(&["frobnicate"], dir.path()).status.code(), Some(2));
    assert_eq!(
        xtask(&["pin", "--plan", "missing.toml"], dir.path())
            .status
            .code(),
        Some(1)
    );
}
