//! `apply` on a tree in a temporary folder, its daemons replaced by commands that log what they are asked.
#![allow(clippy::unwrap_used, reason = "test code: a failure is a panic")]

use std::path::{Path, PathBuf};

use super::{Request, run};
use crate::Failure;

/// One test at a time: each runs daemons' commands, and a command forked while another test's tree is
/// locked holds that lock (its descriptor, closed on exec) for an instant, which the other test's next run
/// would take for another render's.
fn turn() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TURN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The example plan, as a file named like the original (its files' headers name it), with `extra`
/// appended.
fn plan(dir: &Path, extra: &str) -> PathBuf {
    let text = include_str!("../../../examples/seed-farm.toml");
    let folder = dir.join("plan");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("seed-farm.toml");
    std::fs::write(&path, format!("{text}{extra}")).unwrap();
    path
}

/// Renders `plan` for `node` into `root`.
fn render(plan: PathBuf, root: &Path, node: &str) {
    crate::render::run(&crate::render::Request {
        plan,
        out: root.to_path_buf(),
        node: Some(node.to_owned()),
        overwrite_foreign: false,
        accept_large_change: false,
        dry_run: false,
        timings: false,
        floors: false,
        pin_command: String::new(),
    })
    .unwrap();
}

/// A new VM with a site.
const NEW_VM: &str = "\n[[vms]]\nname = \"web.new\"\naddress = \"10.10.60.3\"\nmac = \"52:54:00:00:00:03\"\nsites = [{ server_name = \"web.example.org\" }]\n";

/// The node's tree as the example plan renders it, and a services file whose commands log to `log`;
/// `nginx_reload` replaces nginx's.
fn node(dir: &Path, nginx_reload: &str) -> (PathBuf, PathBuf, PathBuf) {
    let root = dir.join("root");
    render(plan(dir, ""), &root, "host01");
    let log = dir.join("log");
    let logs = |what: &str| format!("echo {what} >> {}", log.display());
    let services = dir.join("services.toml");
    std::fs::write(
        &services,
        format!(
            "[named]\nreload = {:?}\nreconfig = {:?}\nrunning = \"true\"\n[dhcpd]\nreload = {:?}\nrunning = \"true\"\n[shorewall]\nreload = {:?}\nrunning = \"true\"\n[nginx]\nreload = {nginx_reload:?}\nrunning = \"true\"\n",
            logs("named-reload"),
            logs("named-reconfig"),
            logs("dhcpd-restart"),
            logs("shorewall-reload"),
        ),
    )
    .unwrap();
    (root, services, log)
}

fn request(plan: PathBuf, root: &Path, services: &Path) -> Request {
    Request {
        plan,
        node: "host01".to_owned(),
        root: root.to_path_buf(),
        dry_run: false,
        yes: true,
        overwrite_foreign: false,
        accept_large_change: false,
        services: Some(services.to_path_buf()),
        timings: false,
    }
}

/// Every file of a tree with its contents (links as `-> target`).
fn snapshot(root: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let text = if meta.is_dir() {
                todo.push(path.clone());
                continue;
            } else if meta.is_symlink() {
                format!("-> {}", std::fs::read_link(&path).unwrap().display())
            } else {
                std::fs::read_to_string(&path).unwrap()
            };
            out.push((path.strip_prefix(root).unwrap().to_path_buf(), text));
        }
    }
    out.sort();
    out
}

/// The dry run writes nothing and reloads nothing.
#[test]
fn a_dry_run_changes_nothing() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let (root, services, log) = node(dir.path(), "echo nginx-reload >> /dev/null");
    let before = snapshot(&root);
    let mut r = request(plan(dir.path(), NEW_VM), &root, &services);
    r.dry_run = true;
    run(&r).unwrap();
    assert_eq!(snapshot(&root), before);
    assert!(!log.exists(), "nothing reloaded");
}

/// What the dry run prints: the new VM's files and the reloads of their daemons only.
#[test]
fn the_summary_names_the_files_and_the_reloads() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let (root, services, _) = node(dir.path(), "nginx -s reload");
    let root_dir = crate::dir::Dir::open(&root).unwrap();
    let (farm, _, name) = crate::render::load(&plan(dir.path(), NEW_VM)).unwrap();
    let trees = crate::render::trees(&farm, &root, Some(&root_dir), Some("host01")).unwrap();
    let today = bind_zone::SerialDate::from_unix_days(20_000).unwrap();
    let wanted = crate::render::files(&farm, &name, today, &trees).unwrap();
    let outcome = crate::render::commit(
        &trees,
        Some(&root_dir),
        &wanted,
        crate::render::Guards {
            dry_run: true,
            ..Default::default()
        },
    )
    .unwrap();
    let mut paths: Vec<&str> = outcome.changed.iter().map(|(_, p)| p.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "etc/bind/db.10.10",
            "etc/bind/db.farm",
            "etc/dhcp/dhcpd.conf",
            "etc/nginx/sites-available/web.example.org",
            "etc/nginx/sites-enabled/web.example.org",
        ]
    );
    let deltas: Vec<super::Delta> = paths
        .iter()
        .map(|p| super::Delta {
            path: (*p).to_owned(),
            old: None,
            new: None,
        })
        .collect();
    let actions = super::reloads(paths.iter().copied());
    let s = super::Services::from_toml(&std::fs::read_to_string(&services).unwrap()).unwrap();
    let summary = super::summary("host01", &deltas, &actions, &s, None);
    let reloads: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with("reload "))
        .collect();
    assert_eq!(reloads.len(), 3, "{summary}");
    assert!(reloads[0].starts_with("reload named: echo named-reload"));
    assert!(reloads[1].starts_with("reload dhcpd: echo dhcpd-restart"));
    assert_eq!(reloads[2], "reload nginx: nginx -s reload");
}

/// A reload that fails: the old files are put back, the daemons reloaded again (no reload left pending),
/// and the message is the reload's own.
#[test]
fn a_failed_reload_puts_the_old_files_back() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    // The first reload fails, the one with the old files succeeds.
    let reload = format!(
        "echo nginx-reload >> {log}; [ -e {failed} ] && exit 0; touch {failed}; echo 'nginx: [emerg] broken' >&2; exit 1",
        log = dir.path().join("log").display(),
        failed = dir.path().join("failed").display(),
    );
    let (root, services, log) = node(dir.path(), &reload);
    let before = snapshot(&root);
    let r = request(plan(dir.path(), NEW_VM), &root, &services);
    let Err(Failure::Other(message)) = run(&r) else {
        panic!("the apply succeeded");
    };
    assert!(
        message.starts_with("nginx refused the new files:"),
        "{message}"
    );
    assert!(message.contains("nginx: [emerg] broken"), "{message}");
    assert!(message.contains("the old files were put back"), "{message}");
    assert_eq!(snapshot(&root), before);
    // Reloaded with the new files, then again with the old ones.
    let log = std::fs::read_to_string(log).unwrap();
    assert_eq!(
        log,
        "named-reload\ndhcpd-restart\nnginx-reload\nnamed-reload\ndhcpd-restart\nnginx-reload\n"
    );
}

/// Without `--yes` and without a terminal, apply refuses as a usage error, changing nothing.
#[test]
fn without_a_terminal_it_asks_for_yes() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let (root, services, log) = node(dir.path(), "true");
    let before = snapshot(&root);
    let mut r = request(plan(dir.path(), NEW_VM), &root, &services);
    r.yes = false;
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        eprintln!("skipped: standard input is a terminal");
        return;
    }
    let Err(Failure::Plan(message)) = run(&r) else {
        panic!("apply did not refuse");
    };
    assert!(message.contains("--yes"), "{message}");
    assert_eq!(snapshot(&root), before);
    assert!(!log.exists());
}

/// A run stopped after its swap leaves its reloads pending: the next run, with no file to change, does them
/// and forgets them.
#[test]
fn pending_reloads_are_done_by_the_next_run() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let (root, services, log) = node(dir.path(), "echo nginx-reload >> /dev/null");
    let r = request(plan(dir.path(), ""), &root, &services);
    run(&r).unwrap();
    assert!(!log.exists(), "up to date: nothing reloaded");
    let state = root.join("var/lib/farmgen");
    std::fs::create_dir_all(&state).unwrap();
    std::fs::write(state.join("pending-reloads"), "dhcpd reload\n").unwrap();
    run(&r).unwrap();
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "dhcpd-restart\n");
    assert!(!state.join("pending-reloads").exists());
    std::fs::write(state.join("pending-reloads"), "dhcpd restart\n").unwrap();
    let Err(Failure::Other(message)) = run(&r) else {
        panic!("a line farmgen did not write was taken");
    };
    assert!(
        message.contains("a line farmgen did not write"),
        "{message}"
    );
}

/// On a DNS secondary (`host02` of three: named transfers every zone from `host01`, it has no zone file):
/// the transfer key its named.conf.local includes is the operator's, and without it apply refuses before
/// anything is staged; with it, a reverse zone added reconfigures named, and no zone is written or reloaded.
/// The probe asks the primary (unreachable here) for each zone's serial, and without its answer compares
/// nothing: the apply succeeds.
#[test]
fn on_a_secondary_named_is_reconfigured_and_no_zone_is_written() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let three = include_str!("../../../examples/three-nodes.toml");
    let plan = |name: &str, text: &str| {
        let folder = dir.path().join(name);
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join("three-nodes.toml");
        std::fs::write(&path, text).unwrap();
        path
    };
    let root = dir.path().join("root");
    render(plan("plan1", three), &root, "host02");
    let log = dir.path().join("log");
    let logs = |what: &str| format!("echo {what} >> {}", log.display());
    let services = dir.path().join("services.toml");
    let mut table = String::new();
    for daemon in ["named", "dhcpd", "shorewall", "nginx"] {
        table.push_str(&format!(
            "[{daemon}]\nreload = {:?}\nrunning = \"true\"\n",
            logs(&format!("{daemon}-reload"))
        ));
    }
    let table = table.replacen(
        "[named]\n",
        &format!("[named]\nreconfig = {:?}\n", logs("named-reconfig")),
        1,
    );
    std::fs::write(&services, table).unwrap();
    let reverse = "reverse = [\"10.10.0.0/16\"]";
    let split = three.replace(reverse, "reverse = [\"10.10.0.0/16\", \"10.20.0.0/16\"]");
    let mut r = request(plan("plan2", &split), &root, &services);
    r.node = "host02".to_owned();
    let before = snapshot(&root);
    let Err(Failure::Other(message)) = run(&r) else {
        panic!("applied without the transfer key");
    };
    assert!(
        message.starts_with(
            "named's transfer key /etc/bind/farm-transfer.key is missing on host02, and named.conf.local includes it"
        ),
        "{message}"
    );
    assert!(message.contains("tsig-keygen farm-transfer"), "{message}");
    assert!(message.ends_with("nothing was changed"), "{message}");
    assert_eq!(snapshot(&root), before);
    assert!(!log.exists(), "nothing reloaded");

    std::fs::write(
        root.join("etc/bind/farm-transfer.key"),
        "key \"farm-transfer\" { algorithm hmac-sha256; secret \"c2VjcmV0\"; };\n",
    )
    .unwrap();
    run(&r).unwrap();
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "named-reconfig\n");
    let local = std::fs::read_to_string(root.join("etc/bind/named.conf.local")).unwrap();
    assert!(
        local.contains(
            "zone \"20.10.in-addr.arpa\" {\n\ttype secondary;\n\tfile \"/var/cache/bind/db.10.20\";"
        ),
        "{local}"
    );
    let zones: Vec<_> = std::fs::read_dir(root.join("etc/bind"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("db."))
        .collect();
    assert!(zones.is_empty(), "{zones:?}");
}
