//! Comment lines.

use crate::Error;

/// One line of comment text: no line break and no other control character, so that it cannot end the
/// comment and start a directive. Each format writes it after its own marker (`;`, `//`, `#`).
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

crate::checked_string!(Comment, Error, Comment::new);

#[cfg(test)]
mod tests {
    use super::Comment;
    use crate::Error;

    #[test]
    fn a_line_break_is_refused() {
        assert_eq!(
            Comment::new("a\nb"),
            Err(Error::InvalidComment {
                text: "a\nb".into()
            })
        );
        assert_eq!(Comment::new("").map(String::from), Ok(String::new()));
    }

    proptest::proptest! {
        #[test]
        fn parse_of_display_is_itself(text in "\\PC*") {
            let comment = Comment::new(text.as_str()).unwrap();
            proptest::prop_assert_eq!(comment.to_string().parse::<Comment>().unwrap(), comment);
        }
    }
}
