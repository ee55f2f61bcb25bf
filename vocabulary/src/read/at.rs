//! A value with the place it was read at, and the helpers every reader places its errors with.

use std::fmt;
use std::str::FromStr;

use super::ReadError;

/// A value and the place it was read at, in a file written by hand (lines and columns from 1, columns in
/// characters). Every reader knows the column: it is that of the first character of what gave the value
/// (a statement's keyword for what a statement says, a word for one of several values on a line, the
/// first field for a row of a table).
///
/// ```
/// use vocabulary::read::{At, Syntax};
///
/// let tree = Syntax::new("directive").read("listen 80;\n  server_name a b;\n").unwrap();
/// let names: Vec<At<&str>> = tree[1].words()[1..].iter().map(|w| w.at(w.text.as_str())).collect();
/// assert_eq!(names[1], At::new(2, 17, "b"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// The line.
    pub line: usize,
    /// The column.
    pub col: usize,
    /// The value.
    pub value: T,
}

impl<T> At<T> {
    /// `value`, read at `line` and `col`.
    pub fn new(line: usize, col: usize, value: T) -> Self {
        At { line, col, value }
    }
}

/// `text`, read at `line` and `col`, parsed as a `T`; or an error at that place: `{what} "{text}": {why}`.
///
/// ```
/// let e = vocabulary::read::parse::<u16>(3, 7, "70000", "port").unwrap_err();
/// assert_eq!(e.to_string(), "3:7: port \"70000\": number too large to fit in target type");
/// ```
pub fn parse<T: FromStr>(line: usize, col: usize, text: &str, what: &str) -> Result<T, ReadError>
where
    T::Err: fmt::Display,
{
    text.parse()
        .map_err(|e: T::Err| ReadError::new(line, col, format!("{what} {text:?}: {e}")))
}

/// `text`, read at `line` and `col`, as a port from 1 to 65535; or an error at that place:
/// `port "{text}": 1 to 65535`.
pub fn port(line: usize, col: usize, text: &str) -> Result<u16, ReadError> {
    text.parse::<u16>()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| ReadError::new(line, col, format!("port {text:?}: 1 to 65535")))
}
