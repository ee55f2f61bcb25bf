//! Settings of the `http` block that depend on every server: the server-name hash sizes.

use std::fmt;

use crate::{Comment, Server};

/// `server_names_hash_bucket_size` and `server_names_hash_max_size`, computed from the names of every
/// server, for a conf.d snippet included once at http level (set twice, nginx stops with `[emerg]`).
///
/// nginx stores each name in a bucket entry of a pointer plus the name and its length rounded up to a
/// pointer (`NGX_HASH_ELT_SIZE`); a bucket must hold the longest name and the end marker, and the table
/// must have room for every name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    comments: Vec<Comment>,
    bucket_size: usize,
    max_size: usize,
}

const POINTER: usize = 8;

impl HttpSettings {
    /// The settings that fit `servers`.
    pub fn for_servers<'a>(servers: impl IntoIterator<Item = &'a Server>) -> HttpSettings {
        let mut longest: usize = 0;
        let mut count: usize = 0;
        for server in servers {
            for name in server.names() {
                longest = longest.max(name.as_str().len());
                count += 1;
            }
        }
        let element = POINTER + (longest + 2).div_ceil(POINTER) * POINTER;
        let bucket_size = (element + POINTER).next_power_of_two().max(64);
        let max_size = (count * 4).next_power_of_two().max(512);
        HttpSettings {
            comments: Vec::new(),
            bucket_size,
            max_size,
        }
    }

    /// The same settings with comment lines above them.
    pub fn with_comments(mut self, comments: Vec<Comment>) -> HttpSettings {
        self.comments = comments;
        self
    }

    /// `server_names_hash_bucket_size`.
    pub fn bucket_size(&self) -> usize {
        self.bucket_size
    }

    /// `server_names_hash_max_size`.
    pub fn max_size(&self) -> usize {
        self.max_size
    }
}

impl fmt::Display for HttpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for comment in &self.comments {
            writeln!(f, "# {comment}")?;
        }
        writeln!(f, "server_names_hash_bucket_size {};", self.bucket_size)?;
        writeln!(f, "server_names_hash_max_size {};", self.max_size)
    }
}
