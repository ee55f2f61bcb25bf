//! farm-model's own errors: the plan's values refused outside a plan's report, and why [`pin`](crate::pin)
//! could not edit a plan's text (a plan's errors are [`Diagnostic`](crate::Diagnostic)s, placed in its
//! text, each naming its [`Rule`](crate::Rule)).

use crate::plan::values::Mac;

/// A value of the plan's own types refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A name of a network or public address that does not start with a lowercase letter.
    #[error("{0:?} is not a name (it must start with a lowercase letter)")]
    IdentStart(String),
    /// A name of a network or public address longer than 32 characters, or with a character other than
    /// lowercase letters, digits, `_` and `-`.
    #[error("{0:?} is not a name (at most 32 lowercase letters, digits, `_` or `-`)")]
    IdentChars(String),
    /// A MAC of six zero bytes.
    #[error("MAC 00:00:00:00:00:00 is all zeros")]
    MacZero,
    /// A multicast MAC (its first byte odd), which no NIC has.
    #[error("MAC {0} is multicast (its first byte is odd); a NIC's MAC is unicast")]
    MacMulticast(Mac),
    /// Text that is not six two-digit hexadecimal bytes separated by colons.
    #[error(
        "{0:?} is not a MAC (six two-digit hexadecimal bytes separated by colons, 52:54:00:12:34:56)"
    )]
    MacSyntax(String),
    /// A plan's text [`pin`](crate::pin) could not read as TOML or JSON, with the parser's message.
    #[error("{0}")]
    PinParse(String),
    /// A VM of a plan's text that is not a table, so [`pin`](crate::pin) cannot add keys to it: its index.
    #[error("vms[{0}] is not a table the plan can be pinned in")]
    PinNotATable(usize),
    /// The pinned JSON plan could not be written, with the serializer's message.
    #[error("{0}")]
    PinWrite(String),
}
