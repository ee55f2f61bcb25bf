//! Every changed daemon's checker run on the staged files, as they will be installed.
//!
//! As root on the live tree (`--root /`), each checker runs in a private mount namespace (`unshare -m`)
//! where the staged tree is laid over `/etc` (an overlay: the staged files over the live ones), so that the
//! daemons' own configurations, and their includes of `/etc/...`, read the staged files. Elsewhere (another
//! root, or not root) the staged tree is checked on its own, as `farmgen check` does.

use std::path::Path;

use super::daemon::{Action, Daemon, Services};
use super::run;

/// A daemon's refusal of the staged files: which, and its own message.
#[derive(Debug)]
pub struct Refusal {
    /// The daemon.
    pub daemon: Daemon,
    /// Its checker's message.
    pub message: String,
}

/// Whether the checks can run as installed: as root, on `/`, with `unshare`.
pub fn as_installed(root: &Path) -> bool {
    rustix::process::geteuid().is_root()
        && std::fs::canonicalize(root).is_ok_and(|r| r == Path::new("/"))
        && Path::new("/usr/bin/unshare").exists()
}

/// Checks the staged tree at `stage` for each of `daemons`; every refusal.
pub fn check(stage: &Path, root: &Path, daemons: &[Daemon], services: &Services) -> Vec<Refusal> {
    if as_installed(root) {
        // Each daemon's checker in a thread of its own: they read, none writes.
        return std::thread::scope(|scope| {
            let running: Vec<_> = daemons
                .iter()
                .filter_map(|&daemon| {
                    let command = services.command(daemon, Action::Check)?;
                    Some((daemon, scope.spawn(move || installed(stage, command))))
                })
                .collect();
            running
                .into_iter()
                .filter_map(|(daemon, thread)| {
                    let message = match thread.join() {
                        Ok(Ok(_)) => return None,
                        Ok(Err(message)) => message,
                        Err(_) => "its checker's thread panicked".to_owned(),
                    };
                    Some(Refusal { daemon, message })
                })
                .collect()
        });
    }
    let mut refusals = Vec::new();
    for check in checkers::check_tree(stage) {
        let Some(effect) = super::daemon::effect_of(&check.file) else {
            continue;
        };
        if !daemons.contains(&effect.daemon()) {
            continue;
        }
        if let Err(failure) = check.result {
            refusals.push(Refusal {
                daemon: effect.daemon(),
                message: failure.to_string(),
            });
        }
    }
    refusals
}

/// Runs `command` in a private mount namespace where `stage`/etc lies over /etc.
fn installed(stage: &Path, command: &str) -> Result<String, String> {
    let lower = stage.join("etc");
    let script = "mount --make-rprivate / && mount -t overlay farmgen-stage -o \"lowerdir=$1:/etc\" /etc && exec sh -c \"$2\"";
    run::output(
        std::process::Command::new("/usr/bin/unshare")
            .arg("-m")
            .arg("sh")
            .arg("-c")
            .arg(script)
            .arg("sh")
            .arg(&lower)
            .arg(command),
        command,
    )
}
