//! The POSIX shell as a checker.

use std::ffi::OsStr;

use crate::run::{self, Failure, Tool, Verdict};

/// `sh -n` on `text`: the shell parses the script without running any of it.
pub fn sh_syntax(text: &str) -> Result<Verdict, Failure> {
    let tool = Tool::Sh;
    let Some(sh) = run::require(tool)? else {
        return Ok(Verdict::Skipped { tool });
    };
    let dir = run::temp_dir(tool)?;
    let file = dir.path().join("script.sh");
    run::write(tool, &file, text)?;
    run::run(tool, &sh, &[OsStr::new("-n"), file.as_os_str()])?.verdict(tool)
}
