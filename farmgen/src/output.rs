//! Standard output that may be a pipe closed early (`render --dry-run | head -1`): a closed pipe ends the
//! printing quietly instead of a panic.

use std::io::Write as _;

/// Prints `text` on standard output; a reader that went away is not an error (nothing more is printed).
pub fn print(text: &str) -> std::io::Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
