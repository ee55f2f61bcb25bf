//! Running a command of the node, with its own message when it fails.

use std::process::Command;

/// Runs `command` with `sh -c`; its output, or its exit status and output when it fails.
pub fn shell(command: &str) -> Result<String, String> {
    output(Command::new("sh").arg("-c").arg(command), command)
}

/// Runs `program` with `args`; its output, or its exit status and output when it fails.
pub fn argv(program: &str, args: &[&str]) -> Result<String, String> {
    output(
        Command::new(program).args(args),
        &format!("{program} {}", args.join(" ")),
    )
}

/// Runs `command` (shown as `shown`) and returns its standard output and error, joined.
pub fn output(command: &mut Command, shown: &str) -> Result<String, String> {
    let out = command
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("`{shown}` could not run: {e}"))?;
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    let text = text.trim_end().to_owned();
    if out.status.success() {
        Ok(text)
    } else {
        Err(format!("`{shown}` failed ({}):\n{text}", out.status))
    }
}
