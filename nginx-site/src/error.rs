//! The one error type of this crate.

/// Everything this crate can refuse, each variant naming the value it refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A server name that is not a DNS name, a `*.` or `.` wildcard, or `_`.
    #[error("{name:?} is not a server name ({reason})")]
    InvalidServerName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A path that could end the directive or be misread.
    #[error("path {path:?} is refused: {reason}")]
    InvalidPath {
        /// The path given.
        path: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A location prefix that could end the directive or be misread.
    #[error("location prefix {prefix:?} is refused: {reason}")]
    InvalidPrefix {
        /// The prefix given.
        prefix: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A size that is not a number with an optional `k`, `m` or `g`.
    #[error("{text:?} is not an nginx size (a number, then k, m or g)")]
    InvalidSize {
        /// The text given.
        text: String,
    },
    /// Port 0.
    #[error("port 0 is not a port")]
    PortZero,
    /// A list that must not be empty.
    #[error("{what} must not be empty")]
    Empty {
        /// What was empty.
        what: &'static str,
    },
    /// Something given twice in one server.
    #[error("{what} {value} is given twice")]
    Duplicate {
        /// What kind of thing.
        what: &'static str,
        /// The value.
        value: String,
    },
    /// A word of the shared vocabulary refused (a comment line with a line break).
    #[error(transparent)]
    Vocabulary(#[from] vocabulary::Error),
    /// A URL that is not an absolute `http://` or `https://` URL nginx and the shell read as one word.
    #[error("{url:?} is not an accepted URL ({reason})")]
    InvalidUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An e-mail address that is not one plain address.
    #[error("{email:?} is not one e-mail address ({reason})")]
    InvalidEmail {
        /// The text given.
        email: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A server name no certificate can be asked for by HTTP-01 (a wildcard, `_`, a single label).
    #[error("no certificate can be requested for {name:?} by HTTP-01: {reason}")]
    NotForCertificate {
        /// The name given.
        name: String,
        /// Why not.
        reason: &'static str,
    },
    /// A `listen ... ssl` in a server without a certificate (nginx stops with `[emerg]`).
    #[error("listen {listen} has ssl but the server has no certificate")]
    NoCertificate {
        /// The listen, as written after `listen`.
        listen: String,
    },
    /// The HTTPS switch on a server that has a certificate (HTTPS would redirect to itself).
    #[error("server {name} has a certificate: the HTTPS switch would redirect it to itself")]
    SwitchOnHttps {
        /// The server's first name.
        name: String,
    },
}
