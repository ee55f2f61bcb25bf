//! Settings of the `http` block that depend on every server: the server-name hash sizes, the shared log's
//! format, and the settings of HTTPS sites.

use std::fmt;

use crate::{Comment, Log, Server, TlsSettings};

/// The log format of [`Log::Shared`]: nginx's `combined`, after the host asked for.
pub(crate) const SHARED_LOG_FORMAT: &str = "farm_host";

/// `server_names_hash_bucket_size` and `server_names_hash_max_size`, computed from the names of every
/// server, for a conf.d snippet included once at http level (set twice, nginx stops with `[emerg]`); the
/// `farm_host` log format when a server uses [`Log::Shared`]; and when a server uses the HTTPS switch
/// ([`Server::with_https_switch`]), the [`TlsSettings`] with `map_hash_bucket_size` and `map_hash_max_size`
/// computed from those servers' names, the keys of the switch's map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    comments: Vec<Comment>,
    bucket_size: usize,
    max_size: usize,
    shared_log: bool,
    tls: Option<(TlsSettings, HashSizes)>,
}

/// A hash's bucket and table sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct HashSizes {
    bucket_size: usize,
    max_size: usize,
}

impl HashSizes {
    /// What holds `count` names, the longest `longest` bytes long.
    ///
    /// nginx stores each name in a bucket entry of a pointer plus the name and its length rounded up to a
    /// pointer (`NGX_HASH_ELT_SIZE`); a bucket must hold the longest name and the end marker, and the table
    /// must have room for every name.
    fn for_names(longest: usize, count: usize) -> HashSizes {
        let element = POINTER + (longest + 2).div_ceil(POINTER) * POINTER;
        HashSizes {
            bucket_size: (element + POINTER).next_power_of_two().max(64),
            max_size: (count * 4).next_power_of_two().max(512),
        }
    }
}

const POINTER: usize = 8;

impl HttpSettings {
    /// The settings that fit `servers`.
    pub fn for_servers<'a>(servers: impl IntoIterator<Item = &'a Server>) -> HttpSettings {
        let (mut longest, mut count) = (0, 0);
        let (mut switch_longest, mut switch_count) = (0, 0);
        let mut shared_log = false;
        for server in servers {
            for name in server.names() {
                longest = longest.max(name.as_str().len());
                count += 1;
                if server.uses_https_switch() {
                    switch_longest = switch_longest.max(name.as_str().len());
                    switch_count += 1;
                }
            }
            shared_log |= matches!(server.access_log(), Some(Log::Shared(_)));
        }
        let names = HashSizes::for_names(longest, count);
        HttpSettings {
            comments: Vec::new(),
            bucket_size: names.bucket_size,
            max_size: names.max_size,
            shared_log,
            tls: (switch_count > 0).then(|| {
                (
                    TlsSettings::default(),
                    HashSizes::for_names(switch_longest, switch_count),
                )
            }),
        }
    }

    /// The same settings with `tls` for HTTPS sites (another layout than the default one, or the settings
    /// without any server using the switch). The map's hash sizes stay those computed from the servers.
    pub fn with_tls(mut self, tls: TlsSettings) -> HttpSettings {
        let sizes = match self.tls.take() {
            Some((_, sizes)) => sizes,
            None => HashSizes::for_names(0, 0),
        };
        self.tls = Some((tls, sizes));
        self
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
        writeln!(f, "server_names_hash_max_size {};", self.max_size)?;
        if self.shared_log {
            writeln!(
                f,
                "log_format {SHARED_LOG_FORMAT} '$host $remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"';"
            )?;
        }
        if let Some((tls, sizes)) = &self.tls {
            writeln!(f, "map_hash_bucket_size {};", sizes.bucket_size)?;
            writeln!(f, "map_hash_max_size {};", sizes.max_size)?;
            write!(f, "{tls}")?;
        }
        Ok(())
    }
}
