//! A brace language's text cut into words and marks (`{`, `}`, `;`), each at its line and column (in
//! characters, from 1); comments left out.

use super::syntax::{Comment, Syntax, starts_with};
use super::{ReadError, Word};

/// A word, or one of the marks `{`, `}`, `;` (as a word of that one character, not quoted).
#[derive(Debug)]
pub(super) enum Token {
    /// A word, quoted or not.
    Word(Word),
    /// `{`, `}` or `;`.
    Mark(Word),
}

/// The tokens of `text`: every line cut where `syntax` cuts it, comments passed over. An error is a
/// quoted string not closed on its line or a block comment never closed, at the place it starts.
pub(super) fn tokens(text: &str, syntax: &Syntax) -> Result<Vec<Token>, ReadError> {
    let mut tokens = Vec::new();
    // The block comment the reading is in: where it opened, its opening and closing marks.
    let mut comment: Option<(usize, usize, &str, &str)> = None;
    for (n, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let rest = &chars[i..];
            let word = |text: String, quoted| Word {
                text,
                line: n + 1,
                col: i + 1,
                quoted,
            };
            if let Some((.., close)) = comment {
                if starts_with(rest, close) {
                    comment = None;
                    i += close.chars().count();
                } else {
                    i += 1;
                }
                continue;
            }
            match syntax.comment_at(rest) {
                Some(Comment::Line) => break,
                Some(Comment::Block { open, close }) => {
                    comment = Some((n + 1, i + 1, open, close));
                    i += open.chars().count();
                    continue;
                }
                None => {}
            }
            let c = chars[i];
            let (token, len) = if c.is_whitespace() {
                i += 1;
                continue;
            } else if matches!(c, '{' | '}' | ';') {
                (Token::Mark(word(c.to_string(), false)), 1)
            } else if syntax.quotes.contains(&c) {
                let Some(len) = rest[1..].iter().position(|&q| q == c) else {
                    return Err(
                        word(String::new(), true).error("a quoted string not closed on its line")
                    );
                };
                (
                    Token::Word(word(rest[1..=len].iter().collect(), true)),
                    len + 2,
                )
            } else {
                // At least one character: this one neither ends a word nor starts a comment.
                let len = (1..rest.len())
                    .find(|&j| {
                        syntax.ends_word(rest[j])
                            || (syntax.comments_end_words
                                && syntax.comment_at(&rest[j..]).is_some())
                    })
                    .unwrap_or(rest.len());
                (Token::Word(word(rest[..len].iter().collect(), false)), len)
            };
            tokens.push(token);
            i += len;
        }
    }
    if let Some((line, col, open, _)) = comment {
        return Err(ReadError::new(line, col, format!("`{open}` never closed")));
    }
    Ok(tokens)
}
