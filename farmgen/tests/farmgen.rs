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
    let missing = farmgen(&["pin", "--plan", "missing.toml"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with("missing.toml: error: cannot read the plan"),
        "{}",
        stderr(&missing)
    );
}

/// Whether the file at `path` holds `text`.
fn holds(path: impl AsRef<Path>, text: &str) -> bool {
    std::fs::read_to_string(path).unwrap().contains(text)
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
}

/// The warnings a successful run printed that mention `about`.
fn warnings_of(out: &Output, about: &str) -> Vec<String> {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    stderr(out)
        .lines()
        .filter(|l| l.starts_with("warning:") && l.contains(about))
        .map(str::to_owned)
        .collect()
}

/// A render that changes a zone under a pinned serial (`dns.serial`) writes it and warns that secondaries
/// will keep the old one, saying how to fix it; once the serial is raised, or managed, there is no warning.
#[test]
fn a_zone_changed_under_a_pinned_serial_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let render = || farmgen(&["render", "--plan", "farm.toml", "--out", "out"], d);
    let warnings = |out: &Output| warnings_of(out, "");
    let pinned = example();
    assert_eq!(pinned.matches("serial = 2011031200 ").count(), 1);
    assert_eq!(pinned.matches("address = \"10.10.60.2\"").count(), 1);
    write_plan(d, "farm.toml", &pinned);
    assert_eq!(warnings(&render()), Vec::<String>::new());
    // skaro moves: the forward and the reverse zone change, their serial stays 2011031200.
    let moved = pinned.replace("address = \"10.10.60.2\"", "address = \"10.10.60.3\"");
    write_plan(d, "farm.toml", &moved);
    let got = warnings(&render());
    assert_eq!(got.len(), 2, "{got:?}");
    for (warning, zone) in got.iter().zip(["db.10.10", "db.farm"]) {
        assert!(
            warning.starts_with(&format!("warning: out/host01/etc/bind/{zone}: ")),
            "{warning}"
        );
        assert!(warning.contains("keeps serial 2011031200"), "{warning}");
        assert!(
            warning.contains("secondaries will not transfer it"),
            "{warning}"
        );
        assert!(
            warning.contains("raise dns.serial above 2011031200, or remove it"),
            "{warning}"
        );
    }
    assert!(holds(d.join("out/host01/etc/bind/db.farm"), "10.10.60.3"));
    // The same plan again changes no zone.
    assert_eq!(warnings(&render()), Vec::<String>::new());
    // A raised serial: secondaries transfer the change.
    let raised = pinned.replace("serial = 2011031200 ", "serial = 2011031201 ");
    write_plan(d, "farm.toml", &raised);
    assert_eq!(warnings(&render()), Vec::<String>::new());
    assert!(holds(d.join("out/host01/etc/bind/db.farm"), "2011031201"));
    // A managed serial moves by itself.
    let managed: String = moved
        .lines()
        .filter(|l| !l.starts_with("serial = "))
        .map(|l| format!("{l}\n"))
        .collect();
    write_plan(d, "farm.toml", &managed);
    assert_eq!(warnings(&render()), Vec::<String>::new());
}

/// A VM moved to a node with another IPv6 prefix gets another SLAAC address: the render says so (DNS has
/// the new one at once; whatever names the old one does not), and says when it loses its address.
#[test]
fn a_vm_whose_ipv6_address_changes_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let render = || farmgen(&["render", "--plan", "farm.toml", "--out", "out"], d);
    let warnings = |out: &Output| warnings_of(out, "IPv6");
    let three = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/three-nodes.toml"
    ))
    .unwrap();
    let mut plan = three.clone();
    for (n, uplink) in [(1, "203.0.113.10/24"), (2, "203.0.113.11/24")] {
        let line = format!("uplink_address = \"{uplink}\"");
        assert_eq!(plan.matches(&line).count(), 1);
        plan = plan.replace(
            &line,
            &format!(
                "{line}\nprefix6 = \"2001:db8:{n}::/64\"\nuplink_address6 = \"2001:db8::1{n}/64\"\ngateway6 = \"fe80::1\""
            ),
        );
    }
    let skaro = "name = \"skaro.xivo\"";
    let on = |plan: &str, node: &str| {
        let at = plan.find(skaro).unwrap();
        let rest = &plan[at..];
        let node_at = at + rest.find("node = \"host01\"").unwrap();
        format!(
            "{}node = \"{node}\"{}",
            &plan[..node_at],
            &plan[node_at + "node = \"host01\"".len()..]
        )
    };
    write_plan(d, "farm.toml", &plan);
    assert_eq!(warnings(&render()), Vec::<String>::new());
    // skaro moves from host01 (2001:db8:1::/64) to host02 (2001:db8:2::/64).
    write_plan(d, "farm.toml", &on(&plan, "host02"));
    let got = warnings(&render());
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0]
            .starts_with("warning: skaro.xivo.vm.farm: its IPv6 address changes from 2001:db8:1:")
            && got[0].contains(" to 2001:db8:2:"),
        "{got:?}"
    );
    assert!(holds(d.join("out/host01/etc/bind/db.farm"), "2001:db8:2:"));
    // The same plan again changes nothing.
    assert_eq!(warnings(&render()), Vec::<String>::new());
    // To host03, which has no prefix: it loses its IPv6 address.
    write_plan(d, "farm.toml", &on(&plan, "host03"));
    let got = warnings(&render());
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("warning: skaro.xivo.vm.farm: it loses its IPv6 address 2001:db8:2:"),
        "{got:?}"
    );
}

/// A site that stops being HTTPS (or goes) takes with it the links certbot's deploy hook made to its
/// HTTPS server and switch entry, which would dangle and stop nginx from loading; other links stay.
#[test]
fn an_https_site_removed_takes_the_hook_s_links_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let render = || {
        let out = farmgen(&["render", "--plan", "farm.toml", "--out", "out"], d);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    };
    let site = "sites = [{ server_name = \"skaro.dachary.org\" }]";
    let plain = example();
    assert_eq!(plain.matches(site).count(), 1);
    let tls = plain.replace(
        site,
        "sites = [{ server_name = \"skaro.dachary.org\", tls = true }]",
    ) + "\n[tls]\nemail = \"hostmaster@dachary.org\"\n";
    write_plan(d, "farm.toml", &tls);
    render();
    let tls_dir = d.join("out/host01/etc/nginx/farm-tls");
    for kind in ["conf", "map"] {
        assert!(
            tls_dir
                .join(format!("available/skaro.dachary.org.{kind}"))
                .is_file()
        );
    }
    // What the deploy hook does once the certificate exists, and a link a person made.
    std::fs::create_dir_all(tls_dir.join("enabled")).unwrap();
    for kind in ["conf", "map"] {
        std::os::unix::fs::symlink(
            format!("../available/skaro.dachary.org.{kind}"),
            tls_dir.join(format!("enabled/skaro.dachary.org.{kind}")),
        )
        .unwrap();
    }
    std::os::unix::fs::symlink("/etc/ssl/mine.conf", tls_dir.join("enabled/mine.conf")).unwrap();
    write_plan(d, "farm.toml", &plain);
    render();
    for kind in ["conf", "map"] {
        assert!(
            !tls_dir
                .join(format!("available/skaro.dachary.org.{kind}"))
                .exists()
        );
        assert!(
            std::fs::symlink_metadata(tls_dir.join(format!("enabled/skaro.dachary.org.{kind}")))
                .is_err(),
            "the hook's {kind} link is gone"
        );
    }
    assert_eq!(
        std::fs::read_link(tls_dir.join("enabled/mine.conf")).unwrap(),
        Path::new("/etc/ssl/mine.conf")
    );
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
    assert!(holds(&hosts, "host01.farm host01"));
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

/// Switching a farm from ISC dhcpd to Kea: the sweep removes dhcpd.conf and its defaults, Kea's file is
/// written, and `check` runs `kea-dhcp4 -t` on it.
#[test]
fn switching_to_kea_leaves_no_dhcpd_file() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "seed-farm.toml", &example());
    render_ok(dir.path(), &plan, "out", &[]);
    let node = dir.path().join("out/host01");
    assert!(node.join("etc/dhcp/dhcpd.conf").exists());
    assert!(node.join("etc/default/isc-dhcp-server").exists());
    assert!(!node.join("etc/kea/kea-dhcp4.conf").exists());
    let kea = example().replacen(
        "fixed_address = \"address\"",
        "fixed_address = \"address\"\nserver = \"kea\"",
        1,
    );
    assert_ne!(kea, example());
    write_plan(dir.path(), "seed-farm.toml", &kea);
    let out = render_ok(dir.path(), &plan, "out", &[]);
    assert!(stdout(&out).contains("2 removed"), "{}", stdout(&out));
    assert!(!node.join("etc/dhcp/dhcpd.conf").exists());
    assert!(!node.join("etc/default/isc-dhcp-server").exists());
    assert!(holds(
        node.join("etc/kea/kea-dhcp4.conf"),
        "\"subnet\": \"10.10.60.2/32\""
    ));
    let out = farmgen(&["check", "--plan", &plan], dir.path());
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let lines = stdout(&out);
    assert!(
        lines
            .lines()
            .any(|l| l.contains("host01 etc/kea/kea-dhcp4.conf (kea-dhcp4)")
                && (l.starts_with("ok ") || l.starts_with("skipped "))),
        "{lines}"
    );
    assert!(!lines.contains("dhcpd.conf"), "{lines}");
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

/// Whether `name` is a temporary name of the writer's, or its journal: not part of what readers see.
fn is_temp(name: &str) -> bool {
    (name.starts_with(".farmgen-") && name.ends_with(".tmp")) || name == ".farmgen-journal"
}

/// How many files under `out` were written beside their paths and not renamed.
fn temporary_files(out: &Path) -> usize {
    let mut count = 0;
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else if is_temp(&entry.file_name().to_string_lossy()) {
                count += 1;
            }
        }
    }
    count
}

/// Every file of `out` as `(relative path, contents)`; links as `-> target`.
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
            } else if is_temp(&entry.file_name().to_string_lossy()) {
                // A file written beside its path, not renamed yet: not part of what readers see.
            } else if kind.is_symlink() {
                files.insert(
                    name,
                    format!("-> {}", std::fs::read_link(&path).unwrap().display()),
                );
            } else {
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
    assert!(render("old.toml", "out").status.success());
    // The render that is killed, timed as it runs: the new plan over the old tree (then the old put back).
    let started = std::time::Instant::now();
    assert!(render("new.toml", "out").status.success());
    let full = started.elapsed();
    assert!(render("old.toml", "out").status.success());
    assert_eq!(snapshot(&dir.path().join("out")), old);
    let (mut mixed, mut staged, mut journaled) = (0, 0, 0);
    // Spread over the whole render, then closer together over its last third, where the commit is; on a
    // loaded machine whose renders vary, more kills spread over it until one lands while files are
    // written.
    for i in 0..128u32 {
        if i >= 32 && mixed + staged > 0 {
            break;
        }
        let args = [
            "render",
            "--plan",
            "new.toml",
            "--out",
            "out",
            "--accept-large-change",
        ];
        let delay = match i {
            0..16 => full * i / 16,
            16..32 => full * (64 + (i - 16) * 3) / 100,
            _ => full * (20 + (i * 37) % 100) / 100,
        };
        kill_after(dir.path(), &args, delay);
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
        if dir.path().join("out/host01/etc/.farmgen-journal").exists() {
            journaled += 1;
        }
        // The next render finishes (or cleans) what the killed one left, under a lock the kernel freed.
        let back = render("old.toml", "out");
        assert!(back.status.success(), "{}", stderr(&back));
        assert_eq!(snapshot(&dir.path().join("out")), old);
        assert_eq!(temporary_files(&dir.path().join("out")), 0, "kill {i}");
    }
    eprintln!(
        "kills that landed while files were renamed: {mixed} ({journaled} with the journal written); while they were written beside: {staged}"
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
        .filter(|n| is_temp(&n.to_string_lossy()))
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
    // Sixteen kills spread over a render, then, while none has landed inside the write (the machine's load
    // makes one render's phases unlike the next's), more between them, at most 48, over the whole render.
    let delays = (0..16u32)
        .map(|i| full * i / 16)
        .chain((0..48u32).map(|k| full * (2 * k + 1) / 96));
    for (i, delay) in delays.enumerate() {
        if i >= 16 && beside > 0 {
            break;
        }
        let out = dir.path().join(format!("out{i}"));
        let args = [
            "render",
            "--plan",
            "plan.toml",
            "--out",
            out.to_str().unwrap(),
        ];
        kill_after(dir.path(), &args, delay);
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
/// one thread and on four, and so do the example farm and farms of several nodes.
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
    // Several nodes: each node's own files are rendered with the nodes on every core.
    let nodes = farmgen(&["synth", "--vms", "5000", "--nodes", "4"], dir.path());
    assert!(nodes.status.success());
    std::fs::write(dir.path().join("nodes.toml"), &nodes.stdout).unwrap();
    std::fs::write(
        dir.path().join("three.toml"),
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/three-nodes.toml"
        ))
        .unwrap(),
    )
    .unwrap();
    for plan in [
        "big.toml",
        "big.json",
        "seed.toml",
        "nodes.toml",
        "three.toml",
    ] {
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

/// Whether this runs as root; if not, says the test was skipped (and fails under `CI=true`).
fn root_or_skip(test: &str) -> bool {
    if rustix::process::geteuid().is_root() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test} needs root, and CI=true"
    );
    eprintln!("skipped {test}: it needs root");
    false
}

/// Renders `plan` into `out` in `dir`, and fails the test if the render fails.
fn render_ok(dir: &Path, plan: &str, out: &str, extra: &[&str]) -> Output {
    let mut args = vec!["render", "--plan", plan, "--out", out];
    args.extend(extra);
    let run = farmgen(&args, dir);
    assert!(run.status.success(), "{}{}", stdout(&run), stderr(&run));
    run
}

/// Everything under `top` (dot files, temporary files and folders included): kind, bytes or target, and
/// modification time (of folders too if `folder_times`): what a run that changes nothing leaves as it was.
fn everything(top: &Path, folder_times: bool) -> std::collections::BTreeMap<String, String> {
    let mut all = std::collections::BTreeMap::new();
    let mut stack = vec![top.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let name = path.strip_prefix(top).unwrap().display().to_string();
            let what = if meta.is_dir() {
                stack.push(path.clone());
                if !folder_times {
                    all.insert(name, "folder".to_owned());
                    continue;
                }
                "folder".to_owned()
            } else if meta.file_type().is_symlink() {
                format!("-> {}", std::fs::read_link(&path).unwrap().display())
            } else {
                String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned()
            };
            all.insert(name, format!("{what} {:?}", meta.modified().unwrap()));
        }
    }
    all
}

/// Links planted at a temporary name the writer is about to use, at a generated file's own name, at a
/// node's folder, at a managed folder and at a new tree's temporary place are never written through or
/// followed: the file they point to is untouched.
#[test]
fn planted_links_are_never_followed() {
    use std::os::unix::fs::{PermissionsExt as _, symlink};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = write_plan(d, "seed-farm.toml", &example());
    let victim = d.join("victim");
    std::fs::write(&victim, "victim\n").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o600)).unwrap();
    let untouched = |what: &str| {
        assert_eq!(
            std::fs::read_to_string(&victim).unwrap(),
            "victim\n",
            "{what}"
        );
        let mode = std::fs::metadata(&victim).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{what}");
    };
    render_ok(d, &plan, "out", &[]);
    let tree = d.join("out/host01");

    // The writer itself, handed a tree whose every temporary name is a link to the victim.
    let changed_text = farm_model::Contents::Text(
        "; generated by farmgen from x; edits will be overwritten\n".into(),
    );
    let top = farmgen::dir::Dir::open(&tree).unwrap();
    let bind = top.descend(Path::new("etc/bind"), None).unwrap().unwrap();
    for k in 0..4 {
        symlink(&victim, tree.join(format!("etc/bind/.farmgen-{k}.tmp"))).unwrap();
    }
    symlink(&victim, tree.join("etc/.farmgen-journal.tmp")).unwrap();
    let names = ["db.farm", "db.10.10", "named.conf.local"];
    let paths: Vec<String> = names.iter().map(|n| format!("etc/bind/{n}")).collect();
    let changes = names
        .iter()
        .zip(&paths)
        .map(|(name, path)| {
            let replaces = match bind.find(*name) {
                farmgen::dir::Found::File { id, .. } => Some(id),
                other => panic!("{other:?}"),
            };
            farmgen::write::Change {
                path,
                contents: &changed_text,
                replaces,
                keep: farmgen::dir::Keep {
                    mode: 0o644,
                    ..Default::default()
                },
            }
        })
        .collect();
    let work = [farmgen::write::Tree {
        root: farmgen::write::Root::Existing(&top),
        changes,
        removals: Vec::new(),
    }];
    farmgen::write::write(&work, &|_| farmgen::dir::Keep::default()).unwrap();
    untouched("temporary names");
    for name in names {
        let path = tree.join("etc/bind").join(name);
        assert!(
            !std::fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "; generated by farmgen from x; edits will be overwritten\n"
        );
    }
    assert_eq!(
        temporary_files(&tree),
        1,
        "the planted .farmgen-3.tmp is left for the next render's sweep"
    );

    // A render over a tree with links at temporary names and at a generated file's name.
    for folder in [
        "etc",
        "etc/bind",
        "etc/shorewall",
        "etc/nginx/sites-enabled",
    ] {
        for k in 10..40 {
            let _ = symlink(&victim, tree.join(folder).join(format!(".farmgen-{k}.tmp")));
        }
    }
    // Every generated file (and the manifest) replaced by a link to the victim.
    let finals: Vec<String> = snapshot(&tree).into_keys().collect();
    assert_eq!(finals.len(), 20);
    for name in &finals {
        std::fs::remove_file(tree.join(name)).unwrap();
        symlink(&victim, tree.join(name)).unwrap();
    }
    let refused = farmgen(&["render", "--plan", &plan, "--out", "out"], d);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("etc/hosts (a link to ")
            && stderr(&refused).contains("refusing to replace 19 file(s)"),
        "{}",
        stderr(&refused)
    );
    untouched("links at the final names, refused");
    render_ok(
        d,
        &plan,
        "out",
        &["--overwrite-foreign", "--accept-large-change"],
    );
    untouched("links at the final names, replaced");
    let links = snapshot(&tree)
        .into_iter()
        .filter(|(_, text)| text.starts_with("-> "))
        .map(|(name, _)| name)
        .collect::<Vec<_>>();
    assert_eq!(links, ["etc/nginx/sites-enabled/skaro.dachary.org"]);
    assert!(holds(tree.join("etc/hosts"), "host01.farm"));
    assert_eq!(temporary_files(&tree), 0);

    // A managed folder that is a link, and a node folder that is a link: refused, not followed.
    let elsewhere = d.join("elsewhere");
    std::fs::rename(tree.join("etc/bind"), &elsewhere).unwrap();
    symlink(&elsewhere, tree.join("etc/bind")).unwrap();
    let before = everything(&elsewhere, true);
    for extra in [None, Some("--dry-run")] {
        let mut args = vec![
            "render",
            "--plan",
            &plan,
            "--out",
            "out",
            "--accept-large-change",
        ];
        args.extend(extra);
        let out = farmgen(&args, d);
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        assert!(
            stderr(&out).contains("etc/bind is a link (to ")
                && stderr(&out).contains("refusing to follow it"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(everything(&elsewhere, true), before);
    std::fs::create_dir(d.join("out2")).unwrap();
    symlink(&elsewhere, d.join("out2/host01")).unwrap();
    let out = farmgen(&["render", "--plan", &plan, "--out", "out2"], d);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("out2/host01 is a link"),
        "{}",
        stderr(&out)
    );
    assert_eq!(everything(&elsewhere, true), before);

    // A link at the place a first render writes its tree beside: removed, not followed.
    std::fs::create_dir(d.join("out3")).unwrap();
    symlink(&elsewhere, d.join("out3/.host01.farmgen-new")).unwrap();
    render_ok(d, &plan, "out3", &[]);
    assert_eq!(everything(&elsewhere, true), before);
    untouched("the end");
}

/// A kernel lock on the tree's folder: both spellings of one tree exclude each other, a dry run shares
/// with dry runs only, a dead holder's lock is free; concurrent renders in a loop leave a whole tree.
#[test]
fn one_lock_per_tree_whatever_the_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = write_plan(d, "seed-farm.toml", &example());
    render_ok(d, &plan, "out", &[]);
    fn whole(extra: &[&'static str]) -> [Vec<&'static str>; 3] {
        let mut all = vec!["render", "--plan", "seed-farm.toml", "--out", "out"];
        let mut one = vec![
            "render",
            "--plan",
            "seed-farm.toml",
            "--node",
            "host01",
            "--out",
            "out/host01",
        ];
        let mut dry = vec![
            "render",
            "--plan",
            "seed-farm.toml",
            "--out",
            "out",
            "--dry-run",
        ];
        all.extend(extra);
        one.extend(extra);
        dry.extend(extra);
        [all, one, dry]
    }
    let hold = |shared: bool| {
        // -o: the lock is flock's own, not its command's, so that killing flock frees it. It waits for the
        // lock (the polls below hold it for an instant).
        let mut args = vec!["-o"];
        if shared {
            args.push("-s");
        }
        args.extend(["out/host01", "sleep", "60"]);
        let mut child = Command::new("flock")
            .args(&args)
            .current_dir(d)
            .spawn()
            .unwrap();
        // Held once a non-blocking exclusive try fails.
        for _ in 0..1000 {
            let free = Command::new("flock")
                .args(["-n", "-x", "out/host01", "true"])
                .current_dir(d)
                .status()
                .unwrap()
                .success();
            if !free {
                return child;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("flock did not take the lock");
    };
    let locked = |args: &[&str]| {
        let out = farmgen(args, d);
        out.status.code() == Some(1) && stderr(&out).contains("is locked by another render")
    };
    // A FIFO at the name the lock file once had, and a link: nothing opens them.
    assert!(
        Command::new("mkfifo")
            .arg(d.join("out/.farmgen.lock"))
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", d.join("out/host01/.farmgen.lock")).unwrap();
    let [all, one, dry] = whole(&[]);
    let mut holder = hold(false);
    assert!(locked(&all), "--out OUT while OUT/host01 is held");
    assert!(
        locked(&one),
        "--node host01 --out OUT/host01 while it is held"
    );
    assert!(locked(&dry), "a dry run while a render holds the tree");
    // Killed, the holder's lock goes with it.
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert!(farmgen(&all, d).status.success());
    let mut holder = hold(true);
    assert!(farmgen(&dry, d).status.success(), "dry runs share");
    assert!(locked(&all));
    holder.kill().unwrap();
    holder.wait().unwrap();

    std::fs::remove_file(d.join("out/host01/.farmgen.lock")).unwrap();

    // Two renders at once, through both spellings, in a loop: each one either runs or is refused, and the
    // tree is whole after each round (alternately another plan's, so that a round rewrites every file).
    let other = example().replace("ttl = \"1h\"", "ttl = \"2h\"");
    write_plan(d, "other.toml", &other);
    render_ok(d, "other.toml", "ref-other", &[]);
    render_ok(d, "seed-farm.toml", "ref-seed", &[]);
    let references = [
        snapshot(&d.join("ref-seed/host01")),
        snapshot(&d.join("ref-other/host01")),
    ];
    let (mut refused, mut ran) = (0, 0);
    for round in 0..10 {
        let plan = ["seed-farm.toml", "other.toml"][round % 2];
        let [all, one, _] = whole(&["--accept-large-change"]);
        let spawn = |args: &[&str]| {
            let mut args = args.to_vec();
            args[2] = plan;
            Command::new(env!("CARGO_BIN_EXE_farmgen"))
                .args(args)
                .current_dir(d)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(&all), spawn(&one));
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            if out.status.success() {
                ran += 1;
            } else {
                assert!(
                    stderr(&out).contains("is locked by another render"),
                    "{}",
                    stderr(&out)
                );
                refused += 1;
            }
        }
        let tree = snapshot(&d.join("out/host01"));
        assert!(
            tree == references[round % 2],
            "round {round}: the tree is not whole"
        );
    }
    eprintln!("concurrent renders: {ran} ran, {refused} refused by the lock");
}

/// A commit that fails part-way (an immutable file late in the order) is rolled back: every file is the
/// old one, and the error says so. Needs root (`chattr`).
#[test]
fn a_commit_that_fails_part_way_is_rolled_back() {
    if !root_or_skip("a_commit_that_fails_part_way_is_rolled_back") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = write_plan(d, "seed-farm.toml", &example());
    render_ok(d, &plan, "out", &[]);
    let before = everything(&d.join("out"), false);
    // Another plan's name is in every file's first line: every file changes.
    write_plan(d, "renamed.toml", &example());
    let zones = d.join("out/host01/etc/shorewall/zones");
    let chattr = |flag: &str| {
        let status = Command::new("chattr")
            .args([flag, zones.to_str().unwrap()])
            .status();
        status.is_ok_and(|s| s.success())
    };
    if !chattr("+i") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chattr +i failed under CI=true"
        );
        eprintln!("skipped: this filesystem has no immutable files");
        return;
    }
    let out = farmgen(
        &[
            "render",
            "--plan",
            "renamed.toml",
            "--out",
            "out",
            "--accept-large-change",
        ],
        d,
    );
    chattr("-i");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("etc/shorewall/zones")
            && stderr(&out).contains("rolled back: every file is the old one"),
        "{}",
        stderr(&out)
    );
    assert_eq!(everything(&d.join("out"), false), before);
    render_ok(d, "renamed.toml", "out", &["--accept-large-change"]);
    assert!(holds(&zones, "renamed.toml"));
}

/// A folder where a file goes is refused before anything is written.
#[test]
fn a_folder_where_a_file_goes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = write_plan(d, "seed-farm.toml", &example());
    render_ok(d, &plan, "out", &[]);
    std::fs::remove_file(d.join("out/host01/etc/hosts")).unwrap();
    std::fs::create_dir(d.join("out/host01/etc/hosts")).unwrap();
    let before = everything(&d.join("out"), false);
    write_plan(d, "renamed.toml", &example());
    let args = [
        "render",
        "--plan",
        "renamed.toml",
        "--out",
        "out",
        "--accept-large-change",
        "--overwrite-foreign",
    ];
    let out = farmgen(&args, d);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("etc/hosts\nnothing was written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(everything(&d.join("out"), false), before);
}

/// No space left while writing (a small tmpfs, mounted in a private mount namespace): nothing changes.
/// Needs root (`unshare -m`, `mount`).
#[test]
fn no_space_left_changes_nothing() {
    if !root_or_skip("no_space_left_changes_nothing") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let old = farmgen(&["synth", "--vms", "300"], d).stdout;
    let old = String::from_utf8(old).unwrap();
    std::fs::write(d.join("old.toml"), &old).unwrap();
    std::fs::write(
        d.join("new.toml"),
        old.replace("domain = \"farm\"", "domain = \"farm2\""),
    )
    .unwrap();
    render_ok(d, "old.toml", "reference", &[]);
    std::fs::create_dir(d.join("small")).unwrap();
    let script = r#"
        set -e
        mount -t tmpfs -o size=4m tmpfs small
        "$X" render --plan old.toml --out small/out > /dev/null
        dd if=/dev/zero of=small/fill bs=4k 2> /dev/null || true
        truncate -s -48K small/fill
        set +e
        "$X" render --plan new.toml --out small/out --accept-large-change > stdout 2> stderr
        echo $? > status
        cp -a small/out after
    "#;
    let run = Command::new("unshare")
        .args(["-m", "sh", "-c", script])
        .env("X", env!("CARGO_BIN_EXE_farmgen"))
        .current_dir(d)
        .output()
        .unwrap();
    if !run.status.success() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{}",
            stderr(&run)
        );
        eprintln!("skipped: no private tmpfs here: {}", stderr(&run));
        return;
    }
    let status = std::fs::read_to_string(d.join("status")).unwrap();
    let message = std::fs::read_to_string(d.join("stderr")).unwrap();
    assert_eq!(status.trim(), "1", "{message}");
    assert!(
        message.contains("No space left on device") && message.contains("nothing was changed"),
        "{message}"
    );
    assert_eq!(snapshot(&d.join("after")), snapshot(&d.join("reference")));
    assert_eq!(temporary_files(&d.join("after")), 0);
}

/// A replaced file keeps its owner, group, mode and extended attributes; a new file gets its path's
/// (the provisioning script executable; as root, /etc/bind's files in group bind where it exists); `pin`
/// keeps the plan's mode.
#[test]
fn owner_group_mode_and_attributes_are_kept() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = write_plan(d, "seed-farm.toml", &example());
    render_ok(d, &plan, "out", &[]);
    let tree = d.join("out/host01");
    let zone = tree.join("etc/bind/db.farm");
    std::fs::set_permissions(&zone, std::fs::Permissions::from_mode(0o640)).unwrap();
    let root = rustix::process::geteuid().is_root();
    if root {
        std::os::unix::fs::chown(&zone, Some(0), Some(4242)).unwrap();
    }
    let xattr = rustix::fs::setxattr(
        &zone,
        "user.farmgen-test",
        b"kept",
        rustix::fs::XattrFlags::empty(),
    )
    .is_ok();
    // A POSIX ACL (its extended attribute's binary form): owner rw, user 4243 r, group r, mask r, other none.
    let mut acl = 2u32.to_le_bytes().to_vec();
    for (tag, perm, id) in [
        (0x01u16, 6u16, u32::MAX),
        (0x02, 4, 4243),
        (0x04, 4, u32::MAX),
        (0x10, 4, u32::MAX),
        (0x20, 0, u32::MAX),
    ] {
        acl.extend(tag.to_le_bytes());
        acl.extend(perm.to_le_bytes());
        acl.extend(id.to_le_bytes());
    }
    let has_acl = rustix::fs::setxattr(
        &zone,
        "system.posix_acl_access",
        &acl,
        rustix::fs::XattrFlags::empty(),
    )
    .is_ok();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode(&tree.join("etc/ganeti/provision.sh")), 0o755);
    assert_eq!(mode(&tree.join("etc/hosts")), 0o644);
    if root
        && let Some(bind) = std::fs::read_to_string("/etc/group")
            .unwrap()
            .lines()
            .find_map(|l| {
                l.strip_prefix("bind:x:")?
                    .split(':')
                    .next()?
                    .parse::<u32>()
                    .ok()
            })
    {
        assert_eq!(
            std::fs::metadata(tree.join("etc/bind/db.10.10"))
                .unwrap()
                .gid(),
            bind
        );
        assert_eq!(
            std::fs::metadata(tree.join("etc/bind")).unwrap().gid(),
            bind
        );
    }
    let before = std::fs::read_to_string(&zone).unwrap();
    write_plan(
        d,
        "seed-farm.toml",
        &example().replace("address = \"10.10.60.1\"", "address = \"10.10.60.3\""),
    );
    render_ok(d, &plan, "out", &[]);
    assert_ne!(
        std::fs::read_to_string(&zone).unwrap(),
        before,
        "the zone was replaced"
    );
    assert_eq!(mode(&zone), 0o640);
    if root {
        assert_eq!(std::fs::metadata(&zone).unwrap().gid(), 4242);
    }
    if xattr {
        let mut value = [0u8; 16];
        let len = rustix::fs::getxattr(&zone, "user.farmgen-test", &mut value[..]).unwrap();
        assert_eq!(&value[..len], b"kept");
    } else {
        eprintln!("extended attributes not checked: this filesystem has no user attributes");
    }
    if has_acl {
        let mut value = [0u8; 128];
        let len = rustix::fs::getxattr(&zone, "system.posix_acl_access", &mut value[..]).unwrap();
        assert_eq!(&value[..len], &acl[..], "the ACL is kept");
    } else {
        eprintln!("ACLs not checked: this filesystem has none");
    }
    // pin keeps the plan's mode.
    let unpinned: String = example()
        .lines()
        .filter(|l| !l.starts_with("mac = "))
        .map(|l| format!("{l}\n"))
        .collect();
    write_plan(d, "pin.toml", &unpinned);
    std::fs::set_permissions(d.join("pin.toml"), std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(farmgen(&["pin", "--plan", "pin.toml"], d).status.success());
    assert_eq!(mode(&d.join("pin.toml")), 0o600);
    assert!(
        !std::fs::read_to_string(d.join("pin.toml"))
            .unwrap()
            .eq(&unpinned)
    );
}

/// The sweep removes only what farmgen wrote: a hand-made file whose text holds the marker's words and a
/// hand-enabled site survive, with a manifest and without one (a tree rendered before manifests).
#[test]
fn the_sweep_keeps_what_a_person_made() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = write_plan(d, "seed-farm.toml", &example());
    let without_site = example().replace("sites = [{ server_name = \"skaro.dachary.org\" }]\n", "");
    for manifest in [true, false] {
        write_plan(d, "seed-farm.toml", &example());
        render_ok(d, &plan, "out", &["--accept-large-change"]);
        let tree = d.join("out/host01");
        let hand = tree.join("etc/bind/db.hand");
        std::fs::write(&hand, "; made by hand, not generated by farmgen\n").unwrap();
        std::fs::write(
            tree.join("etc/nginx/sites-available/hand"),
            "# generated by farmgen? no, by hand\n",
        )
        .unwrap();
        let _ = symlink(
            "../sites-available/hand",
            tree.join("etc/nginx/sites-enabled/hand"),
        );
        if !manifest {
            std::fs::remove_file(tree.join("etc/.farmgen-manifest")).unwrap();
        }
        write_plan(d, "seed-farm.toml", &without_site);
        let out = render_ok(d, &plan, "out", &["--accept-large-change"]);
        assert!(!tree.join("etc/nginx/conf.d/farm.conf").exists());
        assert!(
            stdout(&out).contains("3 removed"),
            "manifest {manifest}: {}",
            stdout(&out)
        );
        assert!(
            !tree
                .join("etc/nginx/sites-available/skaro.dachary.org")
                .exists()
        );
        assert!(
            std::fs::symlink_metadata(tree.join("etc/nginx/sites-enabled/skaro.dachary.org"))
                .is_err()
        );
        assert!(hand.exists(), "manifest {manifest}");
        assert!(tree.join("etc/nginx/sites-available/hand").exists());
        assert_eq!(
            std::fs::read_link(tree.join("etc/nginx/sites-enabled/hand")).unwrap(),
            Path::new("../sites-available/hand")
        );
    }
}

/// `--dry-run` takes the lock shared and changes nothing: not a leftover, not a stale file, not a missing
/// OUT.
#[test]
fn dry_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = write_plan(d, "seed-farm.toml", &example());
    render_ok(d, &plan, "out", &[]);
    std::fs::write(
        d.join("out/host01/etc/bind/.farmgen-7.tmp"),
        "left by a killed render",
    )
    .unwrap();
    std::fs::create_dir(d.join("out/.host01.farmgen-new")).unwrap();
    let before = everything(&d.join("out"), true);
    let without_site = example()
        .replace("sites = [{ server_name = \"skaro.dachary.org\" }]\n", "")
        .replace("address = \"10.10.60.1\"", "address = \"10.10.60.3\"");
    write_plan(d, "seed-farm.toml", &without_site);
    let out = render_ok(d, &plan, "out", &["--dry-run"]);
    assert!(
        stdout(&out).ends_with("3 removed; nothing was written\n"),
        "{}",
        stdout(&out)
    );
    assert_eq!(everything(&d.join("out"), true), before);
    let out = render_ok(d, &plan, "missing", &["--dry-run"]);
    assert!(stdout(&out).contains("16 changed"), "{}", stdout(&out));
    assert!(!d.join("missing").exists());
}

/// Faults of the command line: no panic, no hang, no OUT made for a bad node; plans that are not small
/// UTF-8 regular files refused with exit 2 and their path as typed; a huge file in a managed folder not read.
#[test]
fn command_line_faults_neither_panic_nor_hang() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let huge_vms = farmgen(&["synth", "--vms", "18446744073709551615"], d);
    assert_eq!(huge_vms.status.code(), Some(2));
    assert!(
        stderr(&huge_vms).contains("at most 8000000 VMs"),
        "{}",
        stderr(&huge_vms)
    );

    // A closed pipe ends the printing quietly.
    let synth = farmgen(&["synth", "--vms", "3000"], d);
    std::fs::write(d.join("big.toml"), synth.stdout).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_farmgen"))
        .args([
            "render",
            "--plan",
            "big.toml",
            "--out",
            "nothing",
            "--dry-run",
        ])
        .current_dir(d)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut first,
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with("--- /dev/null"), "{first}");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(0));

    let plan = write_plan(d, "seed-farm.toml", &example());
    let out = farmgen(
        &[
            "render", "--plan", &plan, "--node", "host09", "--out", "made",
        ],
        d,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!d.join("made").exists(), "an unknown node makes no OUT");

    // Plans that are not plan files.
    std::fs::create_dir(d.join("folder.toml")).unwrap();
    let fifo = d.join("fifo.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let sparse = std::fs::File::create(d.join("sparse.toml")).unwrap();
    sparse.set_len(300 << 20).unwrap();
    std::fs::write(d.join("latin1.toml"), b"domain = \"farm\"\n# caf\xe9\n").unwrap();
    for (plan, message) in [
        (
            "folder.toml",
            "folder.toml: error: is a folder, not a plan file",
        ),
        ("fifo.toml", "fifo.toml: error: is not a regular file"),
        ("/dev/zero", "/dev/zero: error: is not a regular file"),
        (
            "sparse.toml",
            "sparse.toml: error: the plan is over 256 MiB",
        ),
        (
            "latin1.toml",
            "latin1.toml:2:6: error: the plan is not UTF-8 text (byte 0xe9)",
        ),
        (
            "nowhere/missing.toml",
            "nowhere/missing.toml: error: cannot read the plan",
        ),
    ] {
        for command in ["render", "pin", "check"] {
            let out = farmgen(
                &[command, "--plan", plan, "--out", "never"]
                    [..if command == "render" { 5 } else { 3 }],
                d,
            );
            assert_eq!(
                out.status.code(),
                Some(2),
                "{command} {plan}: {}",
                stderr(&out)
            );
            assert!(
                stderr(&out).starts_with(message),
                "{command} {plan}: {}",
                stderr(&out)
            );
        }
    }
    assert!(!d.join("never").exists());

    // A 4 GB sparse file in a managed folder is not read; at a generated file's path, it is refused.
    render_ok(d, &plan, "out", &[]);
    let bind = d.join("out/host01/etc/bind");
    std::fs::File::create(bind.join("db.huge"))
        .unwrap()
        .set_len(4 << 30)
        .unwrap();
    render_ok(d, &plan, "out", &[]);
    std::fs::File::create(bind.join("db.farm"))
        .unwrap()
        .set_len(4 << 30)
        .unwrap();
    let out = farmgen(&["render", "--plan", &plan, "--out", "out"], d);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "db.farm (4294967296 bytes, over the 64 MiB a generated file may have; not read)"
        ),
        "{}",
        stderr(&out)
    );
}

/// A site whose name is 253 characters renders every time (its file's temporary name is short).
#[test]
fn a_long_server_name_renders_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let label = "a".repeat(63);
    let name = format!("{label}.{label}.{label}.{}", "b".repeat(61));
    assert_eq!(name.len(), 253);
    let plan = write_plan(
        d,
        "seed-farm.toml",
        &example().replace(
            "server_name = \"skaro.dachary.org\"",
            &format!("server_name = \"{name}\""),
        ),
    );
    render_ok(d, &plan, "out", &[]);
    let other = example()
        .replace(
            "server_name = \"skaro.dachary.org\"",
            &format!("server_name = \"{name}\""),
        )
        .replace("address = \"10.10.60.2\"", "address = \"10.10.60.3\"");
    write_plan(d, "seed-farm.toml", &other);
    render_ok(d, &plan, "out", &[]);
    render_ok(d, &plan, "out", &[]);
    let site = d.join("out/host01/etc/nginx/sites-available").join(&name);
    assert!(holds(site, "10.10.60.3"));
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
