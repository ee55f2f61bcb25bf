//! How one brace language writes its words: comment marks, quote characters and what may stand around a
//! `{ block }`. The daemons' languages (dhcpd.conf, nginx, named.conf) differ only in these details.

/// The syntax of one brace language: a statement is words ended by `;`, or words then a `{ block }` of
/// statements. Built in a `const` from [`Syntax::new`] and its setters, then read with
/// [`Syntax::read`](crate::read::Syntax::read).
///
/// ```
/// use vocabulary::read::Syntax;
///
/// const NAMED: Syntax = Syntax::new("statement")
///     .line_comments(&["#", "//"])
///     .block_comment("/*", "*/")
///     .empty_statements()
///     .semicolon_after_blocks()
///     .anonymous_blocks();
/// let tree = NAMED.read("zone \"farm\" { type master; }; /* done */").unwrap();
/// assert_eq!(tree[0].keyword().text, "zone");
/// assert!(tree[0].words()[1].quoted);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    pub(super) statement: &'static str,
    pub(super) quotes: &'static [char],
    pub(super) line_comments: &'static [&'static str],
    pub(super) block_comment: Option<(&'static str, &'static str)>,
    pub(super) comments_end_words: bool,
    pub(super) empty_statements: bool,
    pub(super) semicolon_after_blocks: bool,
    pub(super) anonymous_blocks: bool,
}

impl Syntax {
    /// A syntax whose statements are called `statement` in messages ("declaration", "directive"), with
    /// `#` comments to the end of the line (only where a word could start), `"` quotes closed on their
    /// line without escapes, a `;` alone refused, nothing after a block's `}` and no block without words
    /// before it.
    pub const fn new(statement: &'static str) -> Self {
        Syntax {
            statement,
            quotes: &['"'],
            line_comments: &["#"],
            block_comment: None,
            comments_end_words: false,
            empty_statements: false,
            semicolon_after_blocks: false,
            anonymous_blocks: false,
        }
    }

    /// The characters that open and close a quoted word (the same one closes it).
    pub const fn quotes(self, quotes: &'static [char]) -> Self {
        Syntax { quotes, ..self }
    }

    /// The marks that start a comment to the end of the line.
    pub const fn line_comments(self, marks: &'static [&'static str]) -> Self {
        Syntax {
            line_comments: marks,
            ..self
        }
    }

    /// A comment from `open` to `close`, across lines.
    pub const fn block_comment(self, open: &'static str, close: &'static str) -> Self {
        Syntax {
            block_comment: Some((open, close)),
            ..self
        }
    }

    /// A comment mark ends the word it is written in (`a#b` is `a` then a comment), instead of only
    /// starting a comment where a word could start.
    pub const fn comments_end_words(self) -> Self {
        Syntax {
            comments_end_words: true,
            ..self
        }
    }

    /// A `;` with no words before it is passed over instead of refused.
    pub const fn empty_statements(self) -> Self {
        Syntax {
            empty_statements: true,
            ..self
        }
    }

    /// A block's `}` is followed by a `;`.
    pub const fn semicolon_after_blocks(self) -> Self {
        Syntax {
            semicolon_after_blocks: true,
            ..self
        }
    }

    /// A block may stand with no words before it (`{ 10.0.0.0/8; };` as an element of a list): its
    /// statement's one word is its `{`.
    pub const fn anonymous_blocks(self) -> Self {
        Syntax {
            anonymous_blocks: true,
            ..self
        }
    }

    /// Whether a character ends a word: blank space, a brace, `;` or a quote.
    pub(super) fn ends_word(&self, c: char) -> bool {
        c.is_whitespace() || matches!(c, '{' | '}' | ';') || self.quotes.contains(&c)
    }

    /// The comment mark `rest` starts with, if any: the line comments', then the block comment's.
    pub(super) fn comment_at(&self, rest: &[char]) -> Option<Comment> {
        if self
            .line_comments
            .iter()
            .any(|mark| starts_with(rest, mark))
        {
            return Some(Comment::Line);
        }
        match self.block_comment {
            Some((open, close)) if starts_with(rest, open) => Some(Comment::Block { open, close }),
            _ => None,
        }
    }
}

/// A comment a mark starts.
#[derive(Debug, Clone, Copy)]
pub(super) enum Comment {
    /// To the end of the line.
    Line,
    /// To its closing mark.
    Block {
        /// The opening mark.
        open: &'static str,
        /// The closing mark.
        close: &'static str,
    },
}

/// Whether the characters `rest` start with `mark`.
pub(super) fn starts_with(rest: &[char], mark: &str) -> bool {
    let mut rest = rest.iter();
    mark.chars().all(|c| rest.next() == Some(&c))
}
