//! The command line, run as a user runs it: exit statuses, messages, and what it writes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is a panic"
)]

use std::path::Path;
use std::process::{Command, Output};

fn farmgen(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_farmgen"))
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
        let out = farmgen(
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
    let out = farmgen(&["pin", "--plan", "farm.toml"], dir.path());
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
    let again = farmgen(&["pin", "--plan", "farm.toml"], dir.path());
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
    let out = farmgen(&["pin", "--plan", "farm.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("farm.toml:9:7: error: dns.ttl: \"1x\" is not a BIND duration"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), bad);
    let out = farmgen(
        &["render", "--plan", "farm.toml", "--out", "out"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("1 error in farm.toml")
    );
    assert!(
        !dir.path().join("out").exists(),
        "a bad plan writes nothing"
    );
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(farmgen(&["synth"], dir.path()).status.code(), Some(2));
    assert_eq!(farmgen(&["frobnicate"], dir.path()).status.code(), Some(2));
    assert_eq!(
        farmgen(&["pin", "--plan", "missing.toml"], dir.path())
            .status
            .code(),
        Some(1)
    );
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write_plan(dir: &Path, name: &str, text: &str) -> String {
    std::fs::write(dir.join(name), text).unwrap();
    name.to_owned()
}

/// `--timings` prints each phase and the total (the floors are the repository's `cargo xtask`'s).
#[test]
fn timings_print_each_phase() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "seed-farm.toml", &example());
    let out = farmgen(
        &["render", "--plan", &plan, "--out", "out", "--timings"],
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
        ]
    );
}

#[test]
fn render_writes_once_then_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "seed-farm.toml", &example());
    let out = farmgen(&["render", "--plan", &plan, "--out", "out"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("19 files for 1 node in out: 19 changed, 0 unchanged, 0 removed\n"),
        "{}",
        stdout(&out)
    );
    let zone = dir.path().join("out/host01/etc/bind/db.farm");
    let before = std::fs::metadata(&zone).unwrap().modified().unwrap();
    let link = std::fs::read_link(
        dir.path()
            .join("out/host01/etc/nginx/sites-enabled/skaro.dachary.org"),
    )
    .unwrap();
    assert_eq!(link, Path::new("../sites-available/skaro.dachary.org"));
    let again = farmgen(&["render", "--plan", &plan, "--out", "out"], dir.path());
    assert!(
        stdout(&again).ends_with("0 changed, 19 unchanged, 0 removed\n"),
        "{}",
        stdout(&again)
    );
    assert_eq!(
        std::fs::metadata(&zone).unwrap().modified().unwrap(),
        before
    );
    assert!(!dir.path().join("out/.farmgen.lock").exists());
}

#[test]
fn render_never_overwrites_a_foreign_file_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "seed-farm.toml", &example());
    let hosts = dir.path().join("out/host01/etc/hosts");
    std::fs::create_dir_all(hosts.parent().unwrap()).unwrap();
    std::fs::write(&hosts, "127.0.0.1 localhost\n").unwrap();
    let out = farmgen(&["render", "--plan", &plan, "--out", "out"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("refusing to replace 1 file(s)")
            && stderr(&out).contains("etc/hosts"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&hosts).unwrap(),
        "127.0.0.1 localhost\n"
    );
    assert!(
        !dir.path().join("out/host01/etc/bind").exists(),
        "nothing is written when one file is refused"
    );
    let out = farmgen(
        &[
            "render",
            "--plan",
            &plan,
            "--out",
            "out",
            "--overwrite-foreign",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&hosts)
            .unwrap()
            .contains("host01.farm host01")
    );
}

#[test]
fn render_removes_what_the_plan_no_longer_makes_and_refuses_large_changes() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "seed-farm.toml", &example());
    assert!(
        farmgen(&["render", "--plan", &plan, "--out", "out"], dir.path())
            .status
            .success()
    );
    let without_site = example().replace("sites = [{ server_name = \"skaro.dachary.org\" }]\n", "");
    write_plan(dir.path(), "seed-farm.toml", &without_site);
    let out = farmgen(&["render", "--plan", &plan, "--out", "out"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("3 removed"), "{}", stdout(&out));
    assert!(
        !dir.path()
            .join("out/host01/etc/nginx/sites-enabled/skaro.dachary.org")
            .exists()
    );
    assert!(
        !dir.path()
            .join("out/host01/etc/nginx/sites-available/skaro.dachary.org")
            .exists()
    );

    // A typo that drops most of the farm must not wipe it.
    let big = dir.path().join("big.toml");
    let synth = farmgen(&["synth", "--vms", "60"], dir.path());
    std::fs::write(&big, synth.stdout).unwrap();
    assert!(
        farmgen(
            &["render", "--plan", "big.toml", "--out", "big"],
            dir.path()
        )
        .status
        .success()
    );
    let small = farmgen(&["synth", "--vms", "3"], dir.path());
    std::fs::write(&big, small.stdout).unwrap();
    let out = farmgen(
        &["render", "--plan", "big.toml", "--out", "big"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("more than a third"),
        "{}",
        stderr(&out)
    );
    let out = farmgen(
        &[
            "render",
            "--plan",
            "big.toml",
            "--out",
            "big",
            "--accept-large-change",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn render_one_node_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "seed-farm.toml", &example());
    let out = farmgen(
        &[
            "render", "--plan", &plan, "--node", "host01", "--out", "root",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("root/etc/bind/db.farm").exists());
    let out = farmgen(
        &[
            "render", "--plan", &plan, "--node", "host09", "--out", "root",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no node is named host09"));
}

#[test]
fn a_live_lock_stops_a_second_render_and_a_dead_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "seed-farm.toml", &example());
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    std::fs::write(
        dir.path().join("out/.farmgen.lock"),
        std::process::id().to_string(),
    )
    .unwrap();
    let out = farmgen(&["render", "--plan", &plan, "--out", "out"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("locked by another render"),
        "{}",
        stderr(&out)
    );
    std::fs::write(dir.path().join("out/.farmgen.lock"), "999999999").unwrap();
    assert!(
        farmgen(&["render", "--plan", &plan, "--out", "out"], dir.path())
            .status
            .success()
    );
}

#[test]
fn check_runs_every_checker_on_the_example() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "seed-farm.toml", &example());
    let out = farmgen(&["check", "--plan", &plan], dir.path());
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let lines = stdout(&out);
    assert_eq!(
        lines
            .lines()
            .filter(|l| l.starts_with("ok ") || l.starts_with("skipped "))
            .count(),
        9,
        "{lines}"
    );
    assert!(lines.ends_with("0 failed\n"));
    let bad = example().replace("ttl = \"1h\"", "ttl = \"1y\"");
    write_plan(dir.path(), "seed-farm.toml", &bad);
    assert_eq!(
        farmgen(&["check", "--plan", &plan], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "seed-farm.toml", &example());
    assert!(
        farmgen(&["render", "--plan", &plan, "--out", "out"], dir.path())
            .status
            .success()
    );
    let zone = dir.path().join("out/host01/etc/bind/db.farm");
    let before = std::fs::read_to_string(&zone).unwrap();
    write_plan(
        dir.path(),
        "seed-farm.toml",
        &example().replace("address = \"10.10.60.1\"", "address = \"10.10.60.3\""),
    );
    let out = farmgen(
        &["render", "--plan", &plan, "--out", "out", "--dry-run"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(
        diff.contains(
            "-dev.dachary.vm  IN  A      10.10.60.1\n+dev.dachary.vm  IN  A      10.10.60.3\n"
        ),
        "{diff}"
    );
    assert!(
        diff.contains("--- out/host01/etc/dhcp/dhcpd.conf\n+++ out/host01/etc/dhcp/dhcpd.conf\n"),
        "{diff}"
    );
    assert!(diff.ends_with("nothing was written\n"));
    assert_eq!(std::fs::read_to_string(&zone).unwrap(), before);
}

/// Every file of `out` as `(relative path, contents)`; links as `-> target`.
/// How many files under `out` were written beside their paths and not renamed.
fn temporary_files(out: &Path) -> usize {
    let mut count = 0;
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else if entry
                .file_name()
                .to_string_lossy()
                .ends_with(".farmgen-tmp")
            {
                count += 1;
            }
        }
    }
    count
}

fn snapshot(out: &Path) -> std::collections::BTreeMap<String, String> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            let name = path.strip_prefix(out).unwrap().display().to_string();
            if kind.is_dir() {
                stack.push(path);
            } else if name.ends_with(".farmgen-tmp") {
                // A file written beside its path, not renamed yet: not part of what readers see.
            } else if kind.is_symlink() {
                files.insert(
                    name,
                    format!("-> {}", std::fs::read_link(&path).unwrap().display()),
                );
            } else if name != ".farmgen.lock" {
                files.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

/// Starts `farmgen ARGS` in `dir`, kills it after `delay`, and waits for it to end.
fn kill_after(dir: &Path, args: &[&str], delay: std::time::Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_farmgen"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

/// A render killed at any moment leaves every file wholly old or wholly new.
#[test]
fn a_killed_render_leaves_every_file_old_or_new() {
    let dir = tempfile::tempdir().unwrap();
    let old_plan = farmgen(&["synth", "--vms", "3000"], dir.path()).stdout;
    let old_plan = String::from_utf8(old_plan)
        .unwrap()
        .replace("[dns]\n", "[dns]\nserial = 1\n");
    let new_plan = old_plan
        .replace("domain = \"farm\"", "domain = \"farm2\"")
        .replace("serial = 1", "serial = 2");
    std::fs::write(dir.path().join("old.toml"), &old_plan).unwrap();
    std::fs::write(dir.path().join("new.toml"), &new_plan).unwrap();
    let render = |plan: &str, out: &str| {
        farmgen(
            &[
                "render",
                "--plan",
                plan,
                "--out",
                out,
                "--accept-large-change",
            ],
            dir.path(),
        )
    };
    assert!(render("old.toml", "old").status.success());
    assert!(render("new.toml", "new").status.success());
    let (old, new) = (
        snapshot(&dir.path().join("old")),
        snapshot(&dir.path().join("new")),
    );
    let started = std::time::Instant::now();
    assert!(render("old.toml", "out").status.success());
    let full = started.elapsed();
    let mut mixed = 0;
    let mut staged = 0;
    for i in 0..16u32 {
        let args = [
            "render",
            "--plan",
            "new.toml",
            "--out",
            "out",
            "--accept-large-change",
        ];
        kill_after(dir.path(), &args, full * i / 16);
        let now = snapshot(&dir.path().join("out"));
        for (path, text) in &now {
            let (was, will) = (old.get(path), new.get(path));
            assert!(
                was == Some(text) || will == Some(text),
                "kill {i}: {path} is neither wholly old nor wholly new"
            );
        }
        if now != old && now != new {
            mixed += 1;
        }
        if temporary_files(&dir.path().join("out")) > 0 {
            staged += 1;
        }
        // The next render takes over the dead render's lock and cleans what it left.
        let back = render("old.toml", "out");
        assert!(back.status.success(), "{}", stderr(&back));
        assert_eq!(snapshot(&dir.path().join("out")), old);
    }
    eprintln!(
        "kills that landed while files were renamed: {mixed}; while they were written beside: {staged}"
    );
    // Kills spread over a whole render: some must land while it writes files (beside their paths, or
    // renaming them over), or this proved nothing.
    assert!(
        mixed + staged > 0,
        "no kill landed while the render was writing files (a render takes {full:?})"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out/host01/etc/bind"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".farmgen-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A first render killed at any moment leaves no node folder or a whole one: the tree is written beside
/// its place and renamed into it at once; the next render removes what a killed one left beside.
#[test]
fn a_killed_first_render_leaves_no_tree_or_a_whole_one() {
    let dir = tempfile::tempdir().unwrap();
    let plan = farmgen(&["synth", "--vms", "3000"], dir.path()).stdout;
    std::fs::write(dir.path().join("plan.toml"), &plan).unwrap();
    let render = |out: &str| farmgen(&["render", "--plan", "plan.toml", "--out", out], dir.path());
    let started = std::time::Instant::now();
    assert!(render("whole").status.success());
    let full = started.elapsed();
    let whole = snapshot(&dir.path().join("whole/host01"));
    let (mut none, mut all, mut beside) = (0, 0, 0);
    for i in 0..16u32 {
        let out = dir.path().join(format!("out{i}"));
        let args = [
            "render",
            "--plan",
            "plan.toml",
            "--out",
            out.to_str().unwrap(),
        ];
        kill_after(dir.path(), &args, full * i / 16);
        if out.join("host01").exists() {
            assert_eq!(snapshot(&out.join("host01")), whole, "kill {i}");
            all += 1;
        } else {
            none += 1;
        }
        if out.join(".host01.farmgen-new").exists() {
            beside += 1;
        }
        let again = render(out.to_str().unwrap());
        assert!(again.status.success(), "{}", stderr(&again));
        assert_eq!(
            snapshot(&out.join("host01")),
            whole,
            "kill {i}, then a render"
        );
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["host01"], "kill {i}, then a render");
    }
    eprintln!(
        "kills before the tree was renamed: {none} ({beside} with a tree beside); after: {all}"
    );
    assert!(
        beside > 0,
        "no kill landed while the tree was written (a render takes {full:?})"
    );
}

/// A plan large enough to be read in pieces (over 2 MB, TOML and JSON) renders the same bytes on
/// one thread and on four, and so does the example farm.
#[test]
fn threads_change_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let synth = farmgen(&["synth", "--vms", "25000"], dir.path());
    assert!(synth.status.success());
    assert!(synth.stdout.len() > 2 * 1024 * 1024, "the plan must be cut");
    std::fs::write(dir.path().join("big.toml"), &synth.stdout).unwrap();
    let json = farmgen(&["synth", "--vms", "25000", "--format", "json"], dir.path());
    assert!(json.status.success());
    assert!(json.stdout.len() > 2 * 1024 * 1024, "the plan must be cut");
    std::fs::write(dir.path().join("big.json"), &json.stdout).unwrap();
    std::fs::write(dir.path().join("seed.toml"), example()).unwrap();
    for plan in ["big.toml", "big.json", "seed.toml"] {
        let mut trees = Vec::new();
        for threads in ["1", "4"] {
            let out = format!("out-{plan}-{threads}");
            let run = Command::new(env!("CARGO_BIN_EXE_farmgen"))
                .args(["render", "--plan", plan, "--out", &out])
                .env("FARMGEN_THREADS", threads)
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "{}",
                String::from_utf8_lossy(&run.stderr)
            );
            trees.push(snapshot(&dir.path().join(&out)));
        }
        assert!(trees[0].len() > 10, "{plan}: {} files", trees[0].len());
        assert_eq!(
            trees[0].keys().collect::<Vec<_>>(),
            trees[1].keys().collect::<Vec<_>>()
        );
        for (name, one) in &trees[0] {
            assert!(*one == trees[1][name], "{plan}: {name} differs");
        }
    }
}

#[test]
fn version_names_the_tool() {
    let dir = tempfile::tempdir().unwrap();
    let out = farmgen(&["--version"], dir.path());
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        format!("farmgen {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// The completions and the manual page come from the same definitions as the parser: every command is in
/// them.
#[test]
fn completions_and_man_page_list_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let commands = ["render", "check", "pin", "synth", "schema"];
    for shell in ["bash", "zsh", "fish"] {
        let out = farmgen(&["completions", shell], dir.path());
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let text = stdout(&out);
        for command in commands {
            assert!(text.contains(command), "{shell} completions lack {command}");
        }
        assert!(text.contains("accept-large-change"), "{shell}");
    }
    let out = farmgen(&["man"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let man = stdout(&out);
    assert!(man.contains(".TH farmgen 1"), "{man}");
    for command in commands {
        assert!(
            man.contains(&format!("farmgen\\-{command}")),
            "man lacks {command}"
        );
    }
    assert!(farmgen(&["completions", "tcsh"], dir.path()).status.code() == Some(2));
}

/// Paths are the current folder's: the plan is `farm.toml` and the output `rendered/` there, and
/// `--node N` without `--out` writes where a whole render writes that node (`rendered/N/`).
#[test]
fn defaults_are_in_the_current_folder_and_one_node_lands_where_a_whole_render_puts_it() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path(), "farm.toml", &example());
    let whole = farmgen(&["render"], dir.path());
    assert!(whole.status.success(), "{}", stderr(&whole));
    assert!(
        dir.path()
            .join("rendered/host01/etc/bind/db.farm")
            .is_file()
    );
    let node = farmgen(&["render", "--node", "host01"], dir.path());
    assert!(node.status.success(), "{}", stderr(&node));
    assert!(
        stdout(&node).ends_with(
            "19 files for 1 node in rendered/host01: 0 changed, 19 unchanged, 0 removed\n"
        ),
        "{}",
        stdout(&node)
    );
    assert!(!dir.path().join("rendered/etc").exists());
}
