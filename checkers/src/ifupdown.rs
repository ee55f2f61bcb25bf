//! ifupdown's own reading of an interfaces file, with a private state folder (nothing touches /run/network).

use std::ffi::OsStr;
use std::path::Path;

use crate::run::{self, Failure, Tool};

/// What ifupdown made of an interfaces file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfupdownReading {
    /// `ifquery --list`: the interfaces `ifup -a` would bring up, in order.
    pub listed: Vec<String>,
    /// `ifup -n -a` (no scripts, no mappings): the commands it would run.
    pub plan: String,
}

fn args<'a>(state: &'a Path, file: &'a Path) -> [&'a OsStr; 4] {
    [
        OsStr::new("--state-dir"),
        state.as_os_str(),
        OsStr::new("-i"),
        file.as_os_str(),
    ]
}

/// `ifquery --list` then `ifup -n --no-scripts --no-mappings -a` on `text`, both with a private
/// `--state-dir`. `Ok(None)` when ifupdown is missing outside CI.
pub fn ifupdown(text: &str) -> Result<Option<IfupdownReading>, Failure> {
    let (Some(ifquery), Some(ifup)) = (run::require(Tool::Ifquery)?, run::require(Tool::Ifup)?)
    else {
        return Ok(None);
    };
    let dir = run::temp_dir(Tool::Ifup)?;
    let file = dir.path().join("interfaces");
    let state = dir.path().join("state");
    run::write(Tool::Ifup, &file, text)?;
    run::write(Tool::Ifup, &state.join(".keep"), "")?;
    let mut list_args = args(&state, &file).to_vec();
    list_args.push(OsStr::new("--list"));
    let listed = run::run(Tool::Ifquery, &ifquery, &list_args)?;
    if !listed.success || !listed.output.lines().all(|l| !l.trim().is_empty()) {
        let reason = format!("could not list the interfaces ({})", listed.status);
        return Err(listed.failure(Tool::Ifquery, reason));
    }
    let mut up_args = vec![
        OsStr::new("-n"),
        OsStr::new("--no-scripts"),
        OsStr::new("--no-mappings"),
    ];
    up_args.extend(args(&state, &file));
    up_args.push(OsStr::new("-a"));
    let plan = run::run(Tool::Ifup, &ifup, &up_args)?;
    if !plan.success {
        let reason = format!("refused the file ({})", plan.status);
        return Err(plan.failure(Tool::Ifup, reason));
    }
    Ok(Some(IfupdownReading {
        listed: listed.output.lines().map(str::to_owned).collect(),
        plan: plan.output,
    }))
}

/// `ifquery IFACE` on `text`: the options ifupdown read for one interface, as `(name, value)` pairs in the
/// order it prints them. `Ok(None)` when ifupdown is missing outside CI.
pub fn ifquery(text: &str, iface: &str) -> Result<Option<Vec<(String, String)>>, Failure> {
    let tool = Tool::Ifquery;
    let Some(ifquery) = run::require(tool)? else {
        return Ok(None);
    };
    let dir = run::temp_dir(tool)?;
    let file = dir.path().join("interfaces");
    let state = dir.path().join("state");
    run::write(tool, &file, text)?;
    run::write(tool, &state.join(".keep"), "")?;
    let mut query = args(&state, &file).to_vec();
    query.push(OsStr::new(iface));
    let ran = run::run(tool, &ifquery, &query)?;
    if !ran.success {
        let reason = format!("does not know {iface} ({})", ran.status);
        return Err(ran.failure(tool, reason));
    }
    Ok(Some(
        ran.output
            .lines()
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    ))
}
