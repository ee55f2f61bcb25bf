//! What the lenient readers of hand-written files (each format crate's `read` module) report.

use std::fmt;

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

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for ReadError {}
