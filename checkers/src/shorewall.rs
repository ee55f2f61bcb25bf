//! Shorewall's own compiler, run on a folder as it would be deployed: mounted on /etc/shorewall inside
//! private network and mount namespaces, so the machine's own firewall and /etc are never touched.

use std::ffi::OsStr;
use std::path::Path;

use crate::run::{self, Failure, Tool};

/// `shorewall -q check -r` on the folder `dir`, mounted on /etc/shorewall in `unshare -n -m`, with an empty
/// environment (the caller's would leak into params). Returns the compiled ruleset that `-r` prints.
/// A `WARNING` is a failure too. `Ok(None)` when Shorewall or `unshare` is missing, or this is not root,
/// outside CI.
pub fn shorewall(dir: &Path) -> Result<Option<String>, Failure> {
    compile(Tool::Shorewall, dir)
}

/// `shorewall6 -q check -r` on the folder `dir`, mounted on /etc/shorewall6, as [`shorewall`] does.
pub fn shorewall6(dir: &Path) -> Result<Option<String>, Failure> {
    compile(Tool::Shorewall6, dir)
}

/// `TOOL -q check -r` with `dir` mounted on `/etc/TOOL`.
fn compile(tool: Tool, dir: &Path) -> Result<Option<String>, Failure> {
    let script = format!(
        "mount --bind \"$1\" /etc/{0} && {0} -q check -r",
        tool.program()
    );
    let Some(unshare) = run::in_namespaces_if_possible(tool, &[])? else {
        return Ok(None);
    };
    let env = Path::new("/usr/bin/env");
    let ran = run::run(
        tool,
        env,
        &[
            OsStr::new("-i"),
            OsStr::new("PATH=/usr/sbin:/usr/bin:/sbin:/bin"),
            unshare.as_os_str(),
            OsStr::new("-n"),
            OsStr::new("-m"),
            OsStr::new("sh"),
            OsStr::new("-c"),
            OsStr::new(&script),
            OsStr::new("sh"),
            dir.as_os_str(),
        ],
    )?;
    if let Some(line) = ran.output.lines().find(|l| l.contains("WARNING")) {
        let reason = format!("warned: {}", line.trim());
        return Err(ran.failure(tool, reason));
    }
    if !ran.success {
        let reason = format!("refused the configuration ({})", ran.status);
        return Err(ran.failure(tool, reason));
    }
    Ok(Some(ran.output))
}
