//! The statement tree of a brace language: a statement is words, then a `;` or a `{ block }` of
//! statements. Read from text by [`Syntax::read`], written back by [`Syntax::write`].

use std::fmt;
use std::str::FromStr;

use super::syntax::Syntax;
use super::tokens::{Token, tokens};
use super::{At, ReadError};

/// How deep blocks may nest: deeper is refused, so that a hostile file cannot exhaust the stack of the
/// code that walks the tree. A daemon's configuration nests a few blocks deep.
pub const MAX_DEPTH: usize = 100;

/// A word as read, at its place (lines and columns from 1, columns in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The text, without its quotes.
    pub text: String,
    /// The line.
    pub line: usize,
    /// The column: of the word's first character, or of its opening quote.
    pub col: usize,
    /// Whether it was written between quotes.
    pub quoted: bool,
}

impl Word {
    /// An error at this word's place.
    pub fn error(&self, message: impl Into<String>) -> ReadError {
        ReadError::new(self.line, self.col, message)
    }

    /// `value`, read at this word's place.
    pub fn at<T>(&self, value: T) -> At<T> {
        At::new(self.line, self.col, value)
    }

    /// The word parsed as a `T`, or an error at its place: `{what} "{text}": {why}`.
    pub fn parse<T: FromStr>(&self, what: &str) -> Result<T, ReadError>
    where
        T::Err: fmt::Display,
    {
        super::parse(self.line, self.col, &self.text, what)
    }
}

/// A statement: its words (at least one), then either a `;` or a block of statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    words: Vec<Word>,
    block: Option<Vec<Statement>>,
}

impl Statement {
    /// A statement of `words` and, if any, a block; `None` when there is no word.
    pub fn new(words: Vec<Word>, block: Option<Vec<Statement>>) -> Option<Self> {
        (!words.is_empty()).then_some(Statement { words, block })
    }

    /// Its first word (of a block standing alone, the block's `{`).
    pub fn keyword(&self) -> &Word {
        &self.words[0]
    }

    /// Its words, the keyword first.
    pub fn words(&self) -> &[Word] {
        &self.words
    }

    /// Its block's statements, if it has a block.
    pub fn block(&self) -> Option<&[Statement]> {
        self.block.as_deref()
    }
}

/// A block being read: its `{`, the words before it, and the statements of the block around it.
struct Open {
    mark: Word,
    words: Vec<Word>,
    outer: Vec<Statement>,
}

impl Syntax {
    /// The statements of `text`, each word at its place; an error at the place of the first fault
    /// (a quote or a block comment not closed, a `{` never closed, a `}` with no `{`, a missing `;`,
    /// blocks nested deeper than [`MAX_DEPTH`]).
    ///
    /// ```
    /// use vocabulary::read::Syntax;
    ///
    /// const DHCPD: Syntax = Syntax::new("declaration").comments_end_words();
    /// let tree = DHCPD.read("host a { # the first\n  fixed-address 10.0.0.1;\n}\n").unwrap();
    /// let block = tree[0].block().unwrap();
    /// assert_eq!((block[0].words()[1].line, block[0].words()[1].col), (2, 17));
    /// let e = DHCPD.read("group {\n").unwrap_err();
    /// assert_eq!(e.to_string(), "1:7: `{` never closed");
    /// ```
    pub fn read(&self, text: &str) -> Result<Vec<Statement>, ReadError> {
        let mut tokens = tokens(text, self)?.into_iter();
        let mut open: Vec<Open> = Vec::new();
        let mut list = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        while let Some(token) = tokens.next() {
            let mark = match token {
                Token::Word(word) => {
                    words.push(word);
                    continue;
                }
                Token::Mark(mark) => mark,
            };
            match mark.text.as_str() {
                "}" => {
                    let Some(block) = open.pop() else {
                        return Err(mark.error("`}` with no `{` before it"));
                    };
                    if !words.is_empty() {
                        return Err(mark.error("`;` missing before `}`"));
                    }
                    if self.semicolon_after_blocks {
                        match tokens.next() {
                            Some(Token::Mark(end)) if end.text == ";" => {}
                            Some(Token::Mark(next) | Token::Word(next)) => {
                                return Err(next.error("`;` missing after `}`"));
                            }
                            None => return Err(block.mark.error("`;` missing after `}`")),
                        }
                    }
                    let statements = std::mem::replace(&mut list, block.outer);
                    words = block.words;
                    if words.is_empty() {
                        // A block standing alone (an element of a list): its `{` is its word.
                        words.push(block.mark);
                    }
                    list.push(Statement {
                        words: std::mem::take(&mut words),
                        block: Some(statements),
                    });
                }
                ";" => {
                    if !words.is_empty() {
                        list.push(Statement {
                            words: std::mem::take(&mut words),
                            block: None,
                        });
                    } else if !self.empty_statements {
                        return Err(mark.error("a `;` alone"));
                    }
                }
                _ => {
                    if words.is_empty() && !self.anonymous_blocks {
                        return Err(
                            mark.error(format!("a `{{` with no {} before it", self.statement))
                        );
                    }
                    if open.len() == MAX_DEPTH {
                        return Err(
                            mark.error(format!("a `{{` nested deeper than {MAX_DEPTH} blocks"))
                        );
                    }
                    open.push(Open {
                        mark,
                        words: std::mem::take(&mut words),
                        outer: std::mem::take(&mut list),
                    });
                }
            }
        }
        if let Some(block) = open.last() {
            return Err(block.mark.error("`{` never closed"));
        }
        if let Some(word) = words.first() {
            return Err(word.error("`;` missing at the end"));
        }
        Ok(list)
    }

    /// `statements` as text this syntax reads back into the same words and blocks: a statement a line,
    /// blocks indented by four spaces, a word quoted when it was read quoted (with a quote character it
    /// does not hold). An error, at the word's place, for a word this syntax cannot hold: an empty or
    /// unquoted word holding a mark, a quote or blank space, a quoted one holding a line break or every
    /// quote character.
    pub fn write(&self, statements: &[Statement]) -> Result<String, ReadError> {
        let mut out = String::new();
        self.write_block(statements, 0, &mut out)?;
        Ok(out)
    }

    fn write_block(
        &self,
        statements: &[Statement],
        depth: usize,
        out: &mut String,
    ) -> Result<(), ReadError> {
        let indent = "    ".repeat(depth);
        for statement in statements {
            out.push_str(&indent);
            let alone = self.anonymous_blocks
                && statement.block.is_some()
                && matches!(statement.words.as_slice(), [w] if w.text == "{" && !w.quoted);
            if !alone {
                for (i, word) in statement.words.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    self.write_word(word, out)?;
                }
            }
            match &statement.block {
                None => out.push_str(";\n"),
                Some(block) => {
                    out.push_str(if alone { "{\n" } else { " {\n" });
                    self.write_block(block, depth + 1, out)?;
                    out.push_str(&indent);
                    out.push_str(if self.semicolon_after_blocks {
                        "};\n"
                    } else {
                        "}\n"
                    });
                }
            }
        }
        Ok(())
    }

    fn write_word(&self, word: &Word, out: &mut String) -> Result<(), ReadError> {
        let chars: Vec<char> = word.text.chars().collect();
        if word.quoted {
            let quote = self.quotes.iter().find(|q| !chars.contains(q));
            match quote {
                Some(q) if !chars.contains(&'\n') => {
                    out.push(*q);
                    out.push_str(&word.text);
                    out.push(*q);
                    return Ok(());
                }
                _ => {}
            }
        } else {
            let comment = |j: usize| {
                self.comment_at(&chars[j..]).is_some() && (j == 0 || self.comments_end_words)
            };
            let clean = (0..chars.len()).all(|j| !self.ends_word(chars[j]) && !comment(j));
            if clean && !chars.is_empty() {
                out.push_str(&word.text);
                return Ok(());
            }
        }
        Err(word.error(format!("{:?} cannot be written in this syntax", word.text)))
    }
}
