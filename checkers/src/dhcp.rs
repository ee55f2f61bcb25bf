//! ISC dhcpd's own check, and the shell that sources its defaults file.

use std::ffi::OsStr;

use crate::run::{self, Failure, Tool, Verdict};

/// `dhcpd -4 -t -cf FILE -lf LEASES -pf PID` on `text`, in a temporary folder (no `-q`: it hides errors).
/// A `WARNING` line is a failure too: what we write should leave dhcpd nothing to warn about.
pub fn dhcpd(text: &str) -> Result<Verdict, Failure> {
    let tool = Tool::Dhcpd;
    let Some(program) = run::require(tool)? else {
        return Ok(Verdict::Skipped { tool });
    };
    let dir = run::temp_dir(tool)?;
    let conf = dir.path().join("dhcpd.conf");
    let leases = dir.path().join("dhcpd.leases");
    run::write(tool, &conf, text)?;
    run::write(tool, &leases, "")?;
    let ran = run::run(
        tool,
        &program,
        &[
            OsStr::new("-4"),
            OsStr::new("-t"),
            OsStr::new("-cf"),
            conf.as_os_str(),
            OsStr::new("-lf"),
            leases.as_os_str(),
            OsStr::new("-pf"),
            dir.path().join("dhcpd.pid").as_os_str(),
        ],
    )?;
    if let Some(line) = ran.output.lines().find(|l| l.starts_with("WARNING")) {
        let reason = format!("warned: {line}");
        return Err(ran.failure(tool, reason));
    }
    ran.verdict(tool)
}
