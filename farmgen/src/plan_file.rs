//! Reading a plan file, bounded: a FIFO, a device, a folder or a file over [`PLAN_LIMIT`] is refused without
//! being read; text that is not UTF-8 is refused with the place of its first bad byte.

use std::io::Read as _;
use std::path::Path;

use rustix::fs::{FileType, Mode, OFlags};

/// The largest plan read: a plan of a million VMs is about 100 MB.
pub const PLAN_LIMIT: u64 = 256 << 20;

/// Reads the plan at `path`; an error is a sentence naming `shown` (the path as the user typed it).
pub fn read(path: &Path, shown: &Path) -> Result<String, String> {
    let refuse = |why: String| format!("{}: error: {why}", shown.display());
    // Not blocking on a FIFO's open; not becoming a terminal's controller.
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    let fd = rustix::fs::open(path, flags, Mode::empty())
        .map_err(|e| refuse(format!("cannot read the plan: {}", std::io::Error::from(e))))?;
    let stat = rustix::fs::fstat(&fd)
        .map_err(|e| refuse(format!("cannot read the plan: {}", std::io::Error::from(e))))?;
    match FileType::from_raw_mode(stat.st_mode) {
        FileType::RegularFile => {}
        FileType::Directory => return Err(refuse("is a folder, not a plan file".to_owned())),
        _ => {
            return Err(refuse(
                "is not a regular file (a FIFO, a device or a socket); give a plan file".to_owned(),
            ));
        }
    }
    let too_big = || {
        refuse(format!(
            "the plan is over {} MiB; farmgen reads plans up to that size",
            PLAN_LIMIT >> 20
        ))
    };
    let size = u64::try_from(stat.st_size).unwrap_or(u64::MAX);
    if size > PLAN_LIMIT {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    std::fs::File::from(fd)
        .take(PLAN_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refuse(format!("cannot read the plan: {e}")))?;
    if bytes.len() as u64 > PLAN_LIMIT {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..bad];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        // Every byte before the bad one is valid UTF-8: the column counts its characters.
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        format!(
            "{}:{line}:{column}: error: the plan is not UTF-8 text (byte 0x{:02x}); save it as UTF-8",
            shown.display(),
            e.as_bytes()[bad]
        )
    })
}
