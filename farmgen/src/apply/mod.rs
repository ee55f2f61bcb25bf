//! `farmgen apply`: a node brought up to a plan, on the node itself, safely.
//!
//! 1. The node's files are rendered ([`crate::render`]) and compared with the live tree.
//! 2. They are written into a staging tree beside it ([`stage`]) and every changed daemon's checker runs on
//!    them as they will be installed ([`check`]): nothing live is touched when one refuses.
//! 3. The changed files are swapped in by the writer ([`crate::render::commit`]: atomic, owners kept,
//!    foreign files refused, the large change guard); the old versions are kept in memory.
//! 4. Only the daemons whose files changed are reloaded, by the node's [`Services`] ([`reload`]); the
//!    interfaces are never bounced: changed routes and addresses are applied with `ip`.
//! 5. They are probed ([`probe`]). On any failure of 4 or 5 the old files are swapped back, the daemons
//!    reloaded again, and the daemon's own message reported.
//! 6. If the root's `/etc` is a git work tree, the change is committed there ([`git`]).

mod check;
pub mod daemon;
mod git;
mod pending;
mod probe;
mod reload;
mod run;
mod stage;

use std::collections::BTreeMap;
use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::time::Instant;

use farm_model::Contents;

pub use daemon::{Action, Daemon, Services, effect_of, reloads};

use crate::Failure;
use crate::dir::{Dir, Found, MANAGED_LIMIT, Read};
use crate::render::{self, Guards};

/// What `apply` was asked.
#[derive(Debug, Clone)]
pub struct Request {
    /// The plan.
    pub plan: PathBuf,
    /// The node this is.
    pub node: String,
    /// The live tree (`/`).
    pub root: PathBuf,
    /// Print the diff and the reloads, do nothing.
    pub dry_run: bool,
    /// Do not ask.
    pub yes: bool,
    /// Replace files that farmgen did not generate.
    pub overwrite_foreign: bool,
    /// Allow a change of more than a third of the generated lines.
    pub accept_large_change: bool,
    /// A services file replacing the systemd commands (see [`Services::from_toml`]).
    pub services: Option<PathBuf>,
    /// Print how long each phase took, on standard error.
    pub timings: bool,
}

/// How long each phase took.
struct Laps {
    on: bool,
    last: Instant,
    start: Instant,
}

impl Laps {
    fn lap(&mut self, name: &str) {
        let now = Instant::now();
        if self.on {
            let ms = (now - self.last).as_secs_f64() * 1000.0;
            eprintln!("timings: {name:<24} {ms:>9.1} ms");
        }
        self.last = now;
    }

    fn total(&self) {
        if self.on {
            let ms = self.start.elapsed().as_secs_f64() * 1000.0;
            eprintln!("timings: {:<24} {ms:>9.1} ms", "total");
        }
    }
}

fn other(e: impl std::fmt::Display) -> Failure {
    Failure::Other(e.to_string())
}

/// The text or link at `path` in the tree `root`, or `None` if nothing readable is there.
fn live(root: &Dir, path: &str) -> Result<Option<Contents>, Failure> {
    let Some((dir, name)) = folder_of(root, path)? else {
        return Ok(None);
    };
    Ok(match dir.read(std::ffi::OsStr::new(name), MANAGED_LIMIT) {
        Read::Text { text, .. } => Some(Contents::Text(text)),
        Read::Link(target, _) => Some(Contents::Link(target)),
        _ => None,
    })
}

/// Whether something is at `path` in the tree `root` (looked at, not read: a key's secret stays unread,
/// and a file the user may not read is still there).
fn present(root: &Dir, path: &str) -> Result<bool, Failure> {
    Ok(folder_of(root, path)?.is_some_and(|(dir, name)| dir.find(name) != Found::Missing))
}

/// The folder of `path` in the tree `root` (reached without following a link) and the name in it, or
/// `None` if the folder is not there.
fn folder_of<'a>(root: &Dir, path: &'a str) -> Result<Option<(Dir, &'a str)>, Failure> {
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let dir = root
        .descend(std::path::Path::new(folder), None)
        .map_err(other)?;
    Ok(dir.map(|dir| (dir, name)))
}

/// The text of `contents`, or "" for a link or nothing.
fn text(contents: Option<&Contents>) -> &str {
    match contents {
        Some(Contents::Text(t)) => t,
        _ => "",
    }
}

/// A change about to be made: each path's old and new contents.
struct Delta {
    path: String,
    old: Option<Contents>,
    new: Option<Contents>,
}

/// The files of the tree as they were, from the files wanted now and the deltas.
fn restored(wanted: &[(String, Contents)], deltas: &[Delta]) -> Vec<(String, Contents)> {
    let mut files: BTreeMap<String, Contents> = wanted.iter().cloned().collect();
    for d in deltas {
        match &d.old {
            Some(old) => files.insert(d.path.clone(), old.clone()),
            None => files.remove(&d.path),
        };
    }
    files.into_iter().collect()
}

/// On a node that is a DNS secondary (several nodes, not the first): its primary and the zones it
/// transfers.
struct Secondary {
    primary: std::net::Ipv4Addr,
    zones: Vec<String>,
}

/// The node's DNS role, if it is a secondary; zones named as `dig` takes them.
fn secondary_of(farm: &farm_model::Farm, node: &str) -> Option<Secondary> {
    let index = farm
        .plan
        .nodes
        .iter()
        .position(|n| n.name.to_string() == node)?;
    let form = farm.nodes.iter().find(|n| n.index == index)?;
    let Some(farm_model::ZoneTransfer::Secondary { primary }) = form.zone_transfer else {
        return None;
    };
    let mut zones = vec![farm.domain.to_string()];
    let reverse =
        (farm.reverse.iter().map(|p| (*p).into())).chain(farm.reverse6.iter().map(|p| (*p).into()));
    zones.extend(
        reverse.filter_map(|p| bind_zone::reverse_zone_name(p).ok().map(|n| n.to_string())),
    );
    Some(Secondary { primary, zones })
}

/// On a node of several (which includes the transfer key, made by hand), a missing key file refused
/// before anything is staged, with how to make it.
fn transfer_key(farm: &farm_model::Farm, root: &Dir, node: &str) -> Result<(), Failure> {
    let Some(file) = &farm.transfer_key_file else {
        return Ok(());
    };
    let path = file.as_str().trim_start_matches('/');
    if farm.nodes.len() < 2 || present(root, path)? {
        return Ok(());
    }
    Err(Failure::Other(format!(
        "named's transfer key {file} is missing on {node}, and named.conf.local includes it: make it once for the farm (`tsig-keygen {key} > {file}` on one node, owned root:bind, mode 640) and copy it to every node\nnothing was changed",
        key = farm_model::TRANSFER_KEY
    )))
}

/// Runs `apply`.
pub fn run(request: &Request) -> Result<(), Failure> {
    let mut laps = Laps {
        on: request.timings,
        last: Instant::now(),
        start: Instant::now(),
    };
    let services = match &request.services {
        Some(path) => {
            let text = fs_err::read_to_string(path).map_err(|e| Failure::Plan(e.to_string()))?;
            Services::from_toml(&text)
                .map_err(|e| Failure::Plan(format!("error: {}: {e}", path.display())))?
        }
        None => Services::systemd(),
    };
    let (farm, _, plan_name) = render::load(&request.plan)?;
    render::check_node(&farm, Some(&request.node))?;
    let today = render::today()?;
    let root = Dir::open(&request.root).map_err(other)?;
    let trees = render::trees(&farm, &request.root, Some(&root), Some(&request.node))?;
    let mode = if request.dry_run {
        crate::lock::Mode::Shared
    } else {
        crate::lock::Mode::Exclusive
    };
    let _lock =
        crate::lock::Lock::take(vec![root.try_clone().map_err(other)?], mode).map_err(other)?;
    if !request.dry_run
        && let Some(n) = crate::write::recover(&root).map_err(other)?
    {
        eprintln!(
            "note: {}: finished the commit a killed run began ({n} files put in place or removed)",
            request.root.display()
        );
    }
    let pending = if request.dry_run {
        Vec::new()
    } else {
        pending::read(&root).map_err(other)?
    };
    let wanted = render::files(&farm, &plan_name, today, &trees)?;
    let files = wanted.first().map_or(&[][..], Vec::as_slice);
    laps.lap("render");
    for warning in render::warnings(&farm, &trees, &wanted) {
        eprintln!("{warning}");
    }
    let preview = render::commit(
        &trees,
        Some(&root),
        &wanted,
        Guards {
            dry_run: true,
            ..Guards::default()
        },
    )?;
    let new_of: BTreeMap<&str, &Contents> = files.iter().map(|(p, c)| (p.as_str(), c)).collect();
    let mut deltas = Vec::new();
    for (_, path) in preview.changed.iter().chain(&preview.removed) {
        deltas.push(Delta {
            path: path.clone(),
            old: live(&root, path)?,
            new: new_of.get(path.as_str()).map(|c| (*c).clone()),
        });
    }
    let mut actions = reloads(deltas.iter().map(|d| d.path.as_str()));
    for action in &pending {
        if !actions.contains(action) {
            actions.push(*action);
        }
    }
    let network = deltas
        .iter()
        .find(|d| d.path == "etc/network/interfaces")
        .map(|d| reload::network_steps(text(d.old.as_ref()), text(d.new.as_ref())));
    let mut touched: Vec<Daemon> = deltas
        .iter()
        .filter_map(|d| effect_of(&d.path).map(daemon::Effect::daemon))
        .chain(pending.iter().map(|(d, _)| *d))
        .collect();
    touched.sort();
    touched.dedup();
    laps.lap("compare");
    let summary = summary(
        &request.node,
        &deltas,
        &actions,
        &services,
        network.as_ref(),
    );
    let secondary = secondary_of(&farm, &request.node);
    if request.dry_run {
        if touched.contains(&Daemon::Named)
            && let Err(Failure::Other(e) | Failure::Plan(e)) =
                transfer_key(&farm, &root, &request.node)
        {
            eprintln!("warning: {}", e.lines().next().unwrap_or_default());
        }
        render::print(&preview.diff)?;
        return render::print(&format!("dry run: {summary}nothing was done\n"));
    }
    if deltas.is_empty() && pending.is_empty() {
        return render::print(&format!("{}: up to date with {plan_name}\n", request.node));
    }
    let mut notes = Vec::new();
    if deltas.is_empty() {
        // A run killed after its swap: the files are new, the daemons maybe not.
        eprintln!("note: a run was stopped after its swap: bringing the daemons up to the files");
        bring_up(
            &actions,
            &services,
            None,
            &deltas,
            farm.plan.bridge.address,
            secondary.as_ref(),
            &touched,
            &mut notes,
            &mut laps,
        )
        .map_err(|(daemon, message)| {
            Failure::Other(format!("{daemon} refused the files:\n{message}"))
        })?;
        pending::clear(&root).map_err(other)?;
        for note in &notes {
            eprintln!("note: {note}");
        }
        return render::print(&format!("applied: {summary}"));
    }
    if touched.contains(&Daemon::Named) {
        transfer_key(&farm, &root, &request.node)?;
    }
    if !request.yes {
        confirm(&summary)?;
    }
    laps.lap("confirm");
    // 2. The staged files checked as installed.
    let staged = stage::Stage::write(&root, files).map_err(other)?;
    let refusals = check::check(&staged.path, &request.root, &touched, &services);
    drop(staged);
    if !refusals.is_empty() {
        let list: Vec<String> = refusals
            .iter()
            .map(|r| format!("{} refused the new files:\n{}", r.daemon, r.message))
            .collect();
        return Err(Failure::Other(format!(
            "{}\nnothing was changed",
            list.join("\n")
        )));
    }
    laps.lap("check");
    // 3. The swap, its reloads recorded first.
    pending::write(&root, &actions).map_err(other)?;
    let swapped = render::commit(
        &trees,
        Some(&root),
        &wanted,
        Guards {
            overwrite_foreign: request.overwrite_foreign,
            accept_large_change: request.accept_large_change,
            dry_run: false,
        },
    );
    if let Err(e) = swapped {
        // Nothing to reload, unless the commit left its journal (the next run finishes it, then reloads).
        let left = present(&root, crate::write::JOURNAL).unwrap_or(false);
        if !left {
            let _ = pending::clear(&root);
        }
        return Err(e);
    }
    laps.lap("swap");
    // 4 and 5. Reloads and probes, undone on failure.
    let brought_up = bring_up(
        &actions,
        &services,
        network.as_ref(),
        &deltas,
        farm.plan.bridge.address,
        secondary.as_ref(),
        &touched,
        &mut notes,
        &mut laps,
    );
    if let Err((daemon, message)) = brought_up {
        let old = restored(files, &deltas);
        let back = vec![old];
        let rolled = render::commit(
            &trees,
            Some(&root),
            &back,
            Guards {
                overwrite_foreign: true,
                accept_large_change: true,
                dry_run: false,
            },
        );
        let mut after = match rolled {
            Ok(_) => "the old files were put back".to_owned(),
            Err(Failure::Plan(e) | Failure::Other(e)) => {
                format!("putting the old files back failed too: {e}")
            }
        };
        if let Some((steps, _)) = &network {
            let undo = network_undo(&deltas);
            if !steps.is_empty()
                && let Err(e) = reload::apply_network(&undo)
            {
                after.push_str(&format!("; undoing the interfaces' changes failed: {e}"));
            }
        }
        match reload::reload(&actions, &services) {
            Ok(()) => {
                after.push_str(" and the daemons reloaded with them");
                if let Err(e) = pending::clear(&root) {
                    after.push_str(&format!(" ({e})"));
                }
            }
            Err((d, e)) => after.push_str(&format!("; reloading {d} with them failed: {e}")),
        }
        return Err(Failure::Other(format!(
            "{daemon} refused the new files:\n{message}\n{after}"
        )));
    }
    pending::clear(&root).map_err(other)?;
    for note in &notes {
        eprintln!("note: {note}");
    }
    // 6. /etc's history.
    let etc = request.root.join("etc");
    if git::is_work_tree(&etc) {
        let mut paths: Vec<String> = deltas
            .iter()
            .filter_map(|d| d.path.strip_prefix("etc/").map(str::to_owned))
            .collect();
        paths.push(".farmgen-manifest".to_owned());
        let message = format!(
            "farmgen apply {plan_name} on {}: {} changed, {} removed\n\n{}",
            request.node,
            preview.changed.len(),
            preview.removed.len(),
            summary
        );
        if let Err(e) = git::commit(&etc, &paths, &message) {
            eprintln!(
                "warning: the change is applied but was not committed in {}: {e}",
                etc.display()
            );
        }
        laps.lap("git commit");
    }
    laps.total();
    render::print(&format!("applied: {summary}"))
}

/// The `ip` commands that undo the interfaces' change.
fn network_undo(deltas: &[Delta]) -> Vec<Vec<String>> {
    deltas
        .iter()
        .find(|d| d.path == "etc/network/interfaces")
        .map(|d| reload::network_steps(text(d.new.as_ref()), text(d.old.as_ref())).0)
        .unwrap_or_default()
}

/// Reloads and probes; the daemon that failed and its message.
#[allow(clippy::too_many_arguments, reason = "one call, the steps of the run")]
fn bring_up(
    actions: &[(Daemon, Action)],
    services: &Services,
    network: Option<&(Vec<Vec<String>>, Vec<String>)>,
    deltas: &[Delta],
    bridge: std::net::Ipv4Addr,
    secondary: Option<&Secondary>,
    touched: &[Daemon],
    notes: &mut Vec<String>,
    laps: &mut Laps,
) -> Result<(), (Daemon, String)> {
    // The interfaces first: a daemon reloaded may listen on an address the change adds (named's
    // listen-on-v6 after a renumbering).
    if let Some((steps, _)) = network {
        reload::apply_network(steps).map_err(|e| (Daemon::Network, e))?;
        laps.lap("reload network");
    }
    for &action in actions {
        reload::reload(&[action], services)?;
        laps.lap(&format!("reload {}", action.0));
    }
    for d in deltas {
        let (folder, _) = d.path.rsplit_once('/').unwrap_or(("", &d.path));
        if let Some(Contents::Text(new)) = &d.new {
            if effect_of(&d.path) == Some(daemon::Effect::Zone) {
                let q = probe::questions(text(d.old.as_ref()), new);
                probe::named(bridge, &q).map_err(|e| (Daemon::Named, e))?;
                laps.lap(&format!("probe named, {} name(s)", q.len()));
            } else if folder == "etc/nginx/sites-available"
                && let Some((name, port)) = probe::site(new)
                && let Some(note) = probe::nginx(&name, port).map_err(|e| (Daemon::Nginx, e))?
            {
                notes.push(note);
            }
            if folder == "etc/nginx/sites-available" {
                laps.lap("probe nginx");
            }
        }
    }
    for &daemon in touched {
        probe::running(daemon, services).map_err(|e| (daemon, format!("not running: {e}")))?;
    }
    laps.lap("probe running");
    // A secondary has no zone of its own to ask for: its copies are the primary's.
    if let Some(s) = secondary
        && touched.contains(&Daemon::Named)
    {
        let more = probe::secondary(bridge, s.primary, &s.zones).map_err(|e| (Daemon::Named, e))?;
        notes.extend(more);
        laps.lap("probe named, secondary");
    }
    Ok(())
}

/// The change in a few lines: the files, the reloads, what the interfaces need.
fn summary(
    node: &str,
    deltas: &[Delta],
    actions: &[(Daemon, Action)],
    services: &Services,
    network: Option<&(Vec<Vec<String>>, Vec<String>)>,
) -> String {
    let mut out = format!("{node}: {} file(s) to change\n", deltas.len());
    for d in deltas {
        let how = match (&d.old, &d.new) {
            (None, _) => "new",
            (_, None) => "removed",
            _ => "changed",
        };
        out.push_str(&format!("  {how:<8} /{}\n", d.path));
    }
    // In the order they are done: the interfaces first.
    if let Some((steps, _)) = network {
        for step in steps {
            out.push_str(&format!("network: ip {}\n", step.join(" ")));
        }
    }
    for &(daemon, action) in actions {
        if let Some(command) = services.command(daemon, action) {
            out.push_str(&format!("reload {daemon}: {command}\n"));
        }
    }
    if let Some((_, others)) = network {
        if !others.is_empty() {
            out.push_str(
                "network: these changes of /etc/network/interfaces are not applied to the running interfaces (they need --network, or a reboot from the console):\n",
            );
            for line in others {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    out
}

/// Shows the summary and asks on the terminal; refuses without one.
fn confirm(summary: &str) -> Result<(), Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Plan(
            "error: apply asks before it changes the node, and standard input is not a terminal; pass --yes".to_owned(),
        ));
    }
    let mut err = std::io::stderr();
    let _ = write!(err, "{summary}apply? [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(other)?;
    if matches!(answer.trim(), "y" | "Y" | "yes") {
        Ok(())
    } else {
        Err(Failure::Other("not applied".to_owned()))
    }
}

#[cfg(test)]
mod tests;
