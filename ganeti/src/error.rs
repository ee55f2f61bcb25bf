//! The one error type of this crate.

/// Everything this crate can refuse, each variant naming the value it refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A size Ganeti would not read.
    #[error("{text:?} is not a size (a whole number, then M, G or T: 512M, 30G)")]
    InvalidSize {
        /// The text given.
        text: String,
    },
    /// A value that Ganeti's `key=value,...` syntax or the shell could misread.
    #[error("{what} {value:?} is refused: {reason}")]
    InvalidValue {
        /// What kind of value.
        what: &'static str,
        /// The value.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A command that does not make sense as given.
    #[error("{command}: {reason}")]
    InvalidCommand {
        /// The command (instance or cluster name).
        command: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A MAC that cannot be a NIC's: multicast or all zeros.
    #[error("MAC {mac} cannot be a NIC's: it is {reason}")]
    InvalidMac {
        /// The MAC.
        mac: String,
        /// Why.
        reason: &'static str,
    },
    /// A word of the shared vocabulary refused (a comment line with a line break).
    #[error(transparent)]
    Vocabulary(#[from] vocabulary::Error),
}
