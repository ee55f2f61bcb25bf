//! Comments, checked so that nothing after them can become a directive.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// One line of comment text, written after `#`: no line break or other control character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Comment(String);

impl Comment {
    /// Checks `text`: no control characters.
    pub fn new(text: impl Into<String>) -> Result<Comment, Error> {
        let text = text.into();
        if text.chars().any(char::is_control) {
            return Err(Error::InvalidComment { text });
        }
        Ok(Comment(text))
    }
}

impl FromStr for Comment {
    type Err = Error;
    fn from_str(s: &str) -> Result<Comment, Error> {
        Comment::new(s)
    }
}

impl TryFrom<String> for Comment {
    type Error = Error;
    fn try_from(s: String) -> Result<Comment, Error> {
        Comment::new(s)
    }
}

impl From<Comment> for String {
    fn from(c: Comment) -> String {
        c.0
    }
}

impl fmt::Display for Comment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("#")
        } else {
            write!(f, "# {}", self.0)
        }
    }
}
