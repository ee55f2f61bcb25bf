//! radvd's own check.

use std::ffi::OsStr;

use crate::run::{self, Failure, Tool, Verdict};

/// `radvd -c -C FILE` on `text`, in a temporary folder: radvd reads the file and exits ("syntax ok").
/// It checks the grammar only (an interface that does not exist, intervals out of range and a prefix that
/// is not a /64 all pass): the rest is the generator's job. A warning is a failure too.
pub fn radvd(text: &str) -> Result<Verdict, Failure> {
    let tool = Tool::Radvd;
    let Some(program) = run::require(tool)? else {
        return Ok(Verdict::Skipped { tool });
    };
    let dir = run::temp_dir(tool)?;
    let conf = dir.path().join("radvd.conf");
    run::write(tool, &conf, text)?;
    let ran = run::run(
        tool,
        &program,
        &[
            OsStr::new("-c"),
            OsStr::new("-C"),
            conf.as_os_str(),
            OsStr::new("-m"),
            OsStr::new("stderr"),
        ],
    )?;
    if let Some(line) = ran
        .output
        .lines()
        .find(|l| l.to_ascii_lowercase().contains("warn"))
    {
        let reason = format!("warned: {}", line.trim());
        return Err(ran.failure(tool, reason));
    }
    ran.verdict(tool)
}
