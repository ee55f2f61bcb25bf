//! `cargo xtask`: farmgen's commands with the repository's defaults, and the development tasks.
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

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `render --timings` prints each phase and the total, then the bare parse of the plan in a fresh process
/// (`bare-parse`, hidden) and after the render, each with how many times the render took.
#[test]
fn timings_print_each_phase_and_the_floors() {
    let dir = tempfile::tempdir().unwrap();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/seed-farm.toml");
    let out = xtask(
        &["render", "--plan", example, "--out", "out", "--timings"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<String> = stderr(&out)
        .lines()
        .filter_map(|l| l.strip_prefix("timings: "))
        .map(|l| l.split("  ").next().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        lines,
        [
            "read and check the plan",
            "render in memory",
            "compare with the tree",
            "write",
            "total",
            "bare parse, fresh process",
            "bare parse, after the render",
        ]
    );
    let fresh = xtask(&["bare-parse", "--plan", example], dir.path());
    assert!(fresh.status.success(), "{}", stderr(&fresh));
    let ms: f64 = String::from_utf8(fresh.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(ms > 0.0, "{ms}");
}

/// Without `--plan` and `--out`, the example farm is rendered under the workspace's `rendered/`, whatever
/// the current folder; `--dry-run` writes nothing.
#[test]
fn the_defaults_are_the_repository_s_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = xtask(&["render", "--dry-run"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("dry run: "), "{text}");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}
