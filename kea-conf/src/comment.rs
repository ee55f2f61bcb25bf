//! Comment lines at the top of the file.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// One line of comment text, written after `# ` at the top of the file (Kea reads `#` comments to the end of
/// the line): no line break or other control character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Comment(String);

impl Comment {
    /// Checks `text`: no control characters.
    pub fn new(text: &str) -> Result<Comment, Error> {
        if text.chars().any(char::is_control) {
            return Err(Error::InvalidComment {
                text: text.to_owned(),
            });
        }
        Ok(Comment(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::string_conversions!(Comment);

impl fmt::Display for Comment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
