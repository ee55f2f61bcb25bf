//! DRBD as Ganeti wants it on every node: the module's options (`/etc/modprobe.d/drbd.conf`) and an empty
//! `/etc/drbd.conf` (Ganeti configures each device itself; a configuration of DRBD's own would fight it).

use std::fmt;

use crate::Comment;

/// `options drbd minor_count=N usermode_helper=/bin/true`: enough minors for the instances' disks, and no
/// user-mode helper (Ganeti handles DRBD's events; the cluster is initialised with
/// `--drbd-usermode-helper=/bin/true` to match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrbdModprobe {
    /// Comment lines at the top.
    pub comments: Vec<Comment>,
    /// `minor_count`: how many DRBD devices the node may have (Ganeti's documentation asks for 128).
    pub minor_count: u32,
}

impl fmt::Display for DrbdModprobe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for comment in &self.comments {
            writeln!(f, "# {comment}")?;
        }
        writeln!(
            f,
            "options drbd minor_count={} usermode_helper=/bin/true",
            self.minor_count
        )
    }
}

/// An `/etc/drbd.conf` with nothing but its comments: DRBD's own configuration left empty for Ganeti.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmptyDrbdConf {
    /// Comment lines.
    pub comments: Vec<Comment>,
}

impl fmt::Display for EmptyDrbdConf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for comment in &self.comments {
            writeln!(f, "# {comment}")?;
        }
        Ok(())
    }
}
