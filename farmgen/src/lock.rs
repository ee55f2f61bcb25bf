//! The lock of an output tree: a kernel lock (`flock`) on the tree's folder itself, so that whatever path
//! reaches a tree (`--out OUT` or `--node N --out OUT/N`), two renders lock the same folder; a dead holder's
//! lock goes with it, a live one is never taken over; and there is no lock file to plant a link or a FIFO at.

use std::io;

use rustix::fs::{FlockOperation, flock};

use crate::dir::Dir;

/// Locks held until dropped (closing the folders releases them).
#[derive(Debug)]
pub struct Lock {
    _held: Vec<Dir>,
}

/// How a tree is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A render that writes: no one else in.
    Exclusive,
    /// A dry run that only reads: other dry runs too, no render.
    Shared,
}

impl Lock {
    /// Locks every folder of `folders` (none waits: one held by another render is an error naming it).
    pub fn take(folders: Vec<Dir>, mode: Mode) -> io::Result<Lock> {
        let operation = match mode {
            Mode::Exclusive => FlockOperation::NonBlockingLockExclusive,
            Mode::Shared => FlockOperation::NonBlockingLockShared,
        };
        for dir in &folders {
            match flock(dir.fd(), operation) {
                Ok(()) => {}
                Err(rustix::io::Errno::WOULDBLOCK) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "{} is locked by another render; try again when it is done",
                            dir.path().display()
                        ),
                    ));
                }
                Err(e) => return Err(crate::dir::named(dir.path(), e)),
            }
        }
        Ok(Lock { _held: folders })
    }
}
