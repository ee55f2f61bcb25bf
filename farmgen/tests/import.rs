//! `farmgen import`, run as a user runs it: the plan on standard output, notes on standard error, exit 2
//! and nothing on standard output for a broken file, and no file read through a link or beyond the limit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn import(root: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_farmgen"))
        .arg("import")
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .unwrap()
}

fn seed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../reference/seed-farm")
}

/// A copy of the seed's files in a temporary folder.
fn seed_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("cp")
        .arg("-r")
        .arg(seed().join("."))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    dir
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn the_seed_imports_to_a_plan_that_loads_with_located_notes() {
    let out = import(&seed(), &["--node", "host01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan = String::from_utf8(out.stdout.clone()).unwrap();
    let farm = farm_model::load(&plan, farm_model::Format::Toml, "imported.toml").unwrap();
    assert_eq!(farm.vms.len(), 2);
    let notes = stderr(&out);
    assert!(!notes.is_empty());
    for line in notes.lines() {
        let (place, _) = line
            .split_once(": note: ")
            .unwrap_or_else(|| panic!("{line}"));
        let file = place.split(':').next().unwrap();
        assert!(seed().join(file).is_file(), "{line}");
    }
    // The node is found without --node too: the files say it.
    let again = import(&seed(), &[]);
    assert_eq!(String::from_utf8(again.stdout).unwrap(), plan);
}

#[test]
fn a_broken_file_exits_2_with_its_place_and_prints_no_plan() {
    let dir = seed_copy();
    let zone = dir.path().join("etc/bind/db.farm");
    let mut text = std::fs::read_to_string(&zone).unwrap();
    text.push_str("bad IN A 10.10.60.300\n");
    std::fs::write(&zone, text).unwrap();
    let out = import(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).starts_with("etc/bind/db.farm:22:10: error: IPv4 address"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_file_is_read_through_a_link_or_beyond_the_limit() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("dhcpd.conf"), "").unwrap();
    let dir = seed_copy();
    let dhcpd = dir.path().join("etc/dhcp/dhcpd.conf");
    std::fs::remove_file(&dhcpd).unwrap();
    std::os::unix::fs::symlink(outside.path().join("dhcpd.conf"), &dhcpd).unwrap();
    let out = import(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        "etc/dhcp/dhcpd.conf: error: a link; not followed\n"
    );

    // A folder on the way that is a link.
    let dir = seed_copy();
    let sites = dir.path().join("etc/nginx");
    std::fs::rename(&sites, outside.path().join("nginx")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("nginx"), &sites).unwrap();
    let out = import(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("etc/nginx: a link or not a folder; not followed"),
        "{}",
        stderr(&out)
    );

    // Not a regular file; too large.
    let dir = seed_copy();
    let dhcpd = dir.path().join("etc/dhcp/dhcpd.conf");
    std::fs::remove_file(&dhcpd).unwrap();
    std::fs::create_dir(&dhcpd).unwrap();
    let big = dir.path().join("etc/shorewall/params");
    let size = usize::try_from(farmgen::import::LIMIT).unwrap() + 1;
    std::fs::write(&big, "#".repeat(size)).unwrap();
    let out = import(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "etc/dhcp/dhcpd.conf: error: not a regular file\netc/shorewall/params: error: larger than {} bytes\n",
            farmgen::import::LIMIT
        )
    );
}
