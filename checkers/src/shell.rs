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

/// Sources `text` as `/etc/default` files are sourced (`sh -n` first, then `. FILE` in an empty environment)
/// and returns the values of `vars`. `Ok(None)` when no shell is installed outside CI.
pub fn source_vars(text: &str, vars: &[&str]) -> Result<Option<Vec<String>>, Failure> {
    let tool = Tool::Sh;
    let Some(sh) = run::require(tool)? else {
        return Ok(None);
    };
    if let Some(bad) = vars
        .iter()
        .find(|v| v.is_empty() || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
    {
        return Err(Failure::new(
            tool,
            format!("{bad:?} is not a shell variable name"),
        ));
    }
    let dir = run::temp_dir(tool)?;
    let file = dir.path().join("defaults");
    run::write(tool, &file, text)?;
    run::run(tool, &sh, &[OsStr::new("-n"), file.as_os_str()])?.verdict(tool)?;
    // Each value on its own line, NUL-free: printf '%s\0' keeps values with line breaks apart.
    let mut script = String::from(". \"$1\"; printf '%s\\0'");
    for var in vars {
        script.push_str(&format!(" \"${{{var}}}\""));
    }
    let env = std::path::Path::new("/usr/bin/env");
    let ran = run::run(
        tool,
        env,
        &[
            OsStr::new("-i"),
            sh.as_os_str(),
            OsStr::new("-c"),
            OsStr::new(&script),
            OsStr::new("sh"),
            file.as_os_str(),
        ],
    )?;
    if !ran.success {
        let reason = format!("sourcing failed ({})", ran.status);
        return Err(ran.failure(tool, reason));
    }
    let mut values: Vec<String> = ran.output.split('\0').map(str::to_owned).collect();
    values.truncate(vars.len());
    Ok(Some(values))
}
