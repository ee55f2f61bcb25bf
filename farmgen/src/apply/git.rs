//! The change committed in `/etc`'s history, when `/etc` is a git work tree (etckeeper's way).

use std::path::Path;
use std::process::Command;

use super::run;

/// Whether `etc` is the top of a git work tree.
pub fn is_work_tree(etc: &Path) -> bool {
    etc.join(".git").exists()
}

/// Commits `paths` (relative to `etc`; new, changed or removed) in the work tree `etc` with `message`.
/// Without a committer configured, the commit is made as `farmgen`.
pub fn commit(etc: &Path, paths: &[String], message: &str) -> Result<(), String> {
    let git = || {
        let mut c = Command::new("git");
        c.arg("-C").arg(etc);
        c
    };
    let configured = run::output(
        git().args(["config", "user.email"]),
        "git config user.email",
    )
    .is_ok_and(|e| !e.is_empty());
    run::output(
        git().args(["add", "--all", "--"]).args(paths),
        "git add --all",
    )?;
    let mut commit = git();
    if !configured {
        commit.args([
            "-c",
            "user.name=farmgen",
            "-c",
            "user.email=farmgen@localhost",
        ]);
    }
    commit
        .args(["commit", "--quiet", "-m", message, "--"])
        .args(paths);
    run::output(&mut commit, "git commit").map(|_| ())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code: a failure is a panic")]
mod tests {
    use super::{commit, is_work_tree};

    /// The changed files committed with the message; a file outside the change left uncommitted.
    #[test]
    fn commits_the_changed_files() {
        if super::run::argv("git", &["--version"]).is_err() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "git is missing under CI"
            );
            eprintln!("skipped: git not installed");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let etc = dir.path();
        assert!(!is_work_tree(etc));
        super::run::argv("git", &["-C", etc.to_str().unwrap(), "init", "-q"]).unwrap();
        assert!(is_work_tree(etc));
        std::fs::create_dir(etc.join("bind")).unwrap();
        std::fs::write(etc.join("bind/db.farm"), "zone\n").unwrap();
        std::fs::write(etc.join("motd"), "hello\n").unwrap();
        commit(etc, &["bind/db.farm".to_owned()], "farm.toml: add a VM").unwrap();
        let e = etc.to_str().unwrap();
        let log = super::run::argv("git", &["-C", e, "log", "--format=%s", "--name-only"]).unwrap();
        assert_eq!(log, "farm.toml: add a VM\n\nbind/db.farm");
        let status = super::run::argv("git", &["-C", e, "status", "--porcelain"]).unwrap();
        assert_eq!(status, "?? motd");
        // A removal is committed too.
        std::fs::remove_file(etc.join("bind/db.farm")).unwrap();
        commit(etc, &["bind/db.farm".to_owned()], "farm.toml: remove it").unwrap();
        let files = super::run::argv("git", &["-C", e, "ls-files"]).unwrap();
        assert_eq!(files, "");
    }
}
