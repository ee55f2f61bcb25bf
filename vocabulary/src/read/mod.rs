//! What the lenient readers of hand-written files (each format crate's `read` module) share: the
//! [`ReadError`] they report, a value [`At`] its place, [`words`] for the line-based formats, [`parse`] of a
//! word with its place in the message, and one reader for the brace languages (dhcpd.conf, nginx,
//! named.conf): a [`Syntax`] describing one of them reads a text into a tree of [`Statement`]s, each
//! [`Word`] at its line and column, which the format crate maps onto its types.

use std::fmt;

mod at;
mod syntax;
#[cfg(test)]
mod tests;
mod tokens;
mod tree;

pub use at::{At, parse, port};
pub use syntax::Syntax;
pub use tree::{MAX_DEPTH, Statement, Word};

/// A syntax error or a refused value in a file written by hand, at its place (lines and columns from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The line.
    pub line: usize,
    /// The column, in characters.
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl ReadError {
    /// An error at `line` and `col`.
    pub fn new(line: usize, col: usize, message: impl Into<String>) -> Self {
        ReadError {
            line,
            col,
            message: message.into(),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for ReadError {}

/// The white-space-separated words of `line`, each with its column (in characters, from 1): how the
/// line-based readers (interfaces files, Shorewall's tables) split a line.
pub fn words(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((line[..s].chars().count() + 1, &line[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out
}
