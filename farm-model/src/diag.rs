//! Diagnostics: what is wrong with a plan, where, and what to do about it, the way a compiler says it.

use std::fmt;
use std::ops::Range;

use crate::path::Path;
use crate::plan::doc::Node;
use crate::rule::Rule;

/// One problem of a plan: the value's place, the rule it broke, and a hint where one helps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule the plan broke.
    pub rule: Rule,
    /// Where the value is in the plan (none for a syntax error).
    pub path: Option<Path>,
    /// What is wrong: the value and the rule it broke.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// Other places the problem involves (the first of two duplicates), with a note each.
    pub also: Vec<(Path, String)>,
    /// Where in the text, when the reader knows it directly (syntax errors).
    pub(crate) span: Option<Range<usize>>,
    /// Whether to point at the key rather than the value (an unknown key).
    at_key: bool,
}

impl Diagnostic {
    /// A problem of the value at `path`, breaking `rule`.
    pub fn new(rule: Rule, path: Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            path: Some(path),
            message: message.into(),
            hint: None,
            also: Vec::new(),
            span: None,
            at_key: false,
        }
    }

    /// A syntax error at `span`.
    pub(crate) fn syntax(message: String, span: Option<Range<usize>>) -> Diagnostic {
        Diagnostic {
            rule: Rule::Syntax,
            path: None,
            message,
            hint: None,
            also: Vec::new(),
            span,
            at_key: false,
        }
    }

    /// The same diagnostic with a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// The same diagnostic naming another place it involves.
    pub fn also(mut self, path: Path, note: impl Into<String>) -> Diagnostic {
        self.also.push((path, note.into()));
        self
    }

    /// The same diagnostic, pointing at the key of its path rather than the value.
    pub(crate) fn at_key(mut self) -> Diagnostic {
        self.at_key = true;
        self
    }

    /// Sets the hint, in place.
    pub(crate) fn set_hint(&mut self, hint: impl Into<String>) -> &mut Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// The same diagnostic with its places' index after `key` mapped through `indexes`
    /// ([`Path::renumbered`]).
    pub(crate) fn renumbered(mut self, key: &str, indexes: &[usize]) -> Diagnostic {
        self.path = self.path.map(|path| path.renumbered(key, indexes));
        for (path, _) in &mut self.also {
            *path = path.renumbered(key, indexes);
        }
        self
    }

    /// Names another place, in place.
    pub(crate) fn add_also(&mut self, path: Path, note: impl Into<String>) -> &mut Diagnostic {
        self.also.push((path, note.into()));
        self
    }
}

/// A place in a file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// Finds lines and columns in a text.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Position { line, column }
    }
}

/// A diagnostic placed in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The diagnostic.
    pub diagnostic: Diagnostic,
    /// Its line and column, where the format has them.
    pub position: Option<Position>,
    /// The line and column of each of its other places.
    pub also_positions: Vec<Option<Position>>,
}

/// Every problem of a plan, placed in its file and sorted by position, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    file: String,
    diagnostics: Vec<Placed>,
}

impl Report {
    /// Places `diagnostics` in `text` (read as `doc`, if it could be) and sorts them.
    pub(crate) fn new(
        file: &str,
        text: &str,
        doc: Option<&Node<'_>>,
        diagnostics: Vec<Diagnostic>,
    ) -> Report {
        let lines = Lines::new(text);
        let locate = |path: Option<&Path>, span: Option<&Range<usize>>, at_key: bool| {
            let key_span = || {
                doc.zip(path)
                    .filter(|_| at_key)
                    .and_then(|(doc, path)| doc.find(path))
                    .and_then(|(_, key)| key)
            };
            span.cloned()
                .or_else(key_span)
                .or_else(|| doc.zip(path).and_then(|(doc, path)| doc.span_of(path)))
                .map(|span| lines.position(span.start))
        };
        let mut placed: Vec<Placed> = diagnostics
            .into_iter()
            .map(|d| Placed {
                position: locate(d.path.as_ref(), d.span.as_ref(), d.at_key),
                also_positions: d
                    .also
                    .iter()
                    .map(|(p, _)| locate(Some(p), None, false))
                    .collect(),
                diagnostic: d,
            })
            .collect();
        placed.sort_by(|a, b| {
            (a.position.is_none(), a.position, &a.diagnostic.path).cmp(&(
                b.position.is_none(),
                b.position,
                &b.diagnostic.path,
            ))
        });
        placed.dedup();
        Report {
            file: file.to_owned(),
            diagnostics: placed,
        }
    }

    /// The diagnostics, sorted by position.
    pub fn diagnostics(&self) -> &[Placed] {
        &self.diagnostics
    }

    /// The file name the report speaks of.
    pub fn file(&self) -> &str {
        &self.file
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for placed in &self.diagnostics {
            let d = &placed.diagnostic;
            f.write_str(&self.file)?;
            if let Some(p) = placed.position {
                write!(f, ":{}:{}", p.line, p.column)?;
            }
            f.write_str(": error: ")?;
            if let Some(path) = &d.path {
                write!(f, "{path}: ")?;
            }
            writeln!(f, "{}", d.message)?;
            for ((path, note), position) in d.also.iter().zip(&placed.also_positions) {
                write!(f, "  note: {note}: {path}")?;
                if let Some(p) = position {
                    write!(f, " at {}:{}:{}", self.file, p.line, p.column)?;
                }
                f.write_str("\n")?;
            }
            if let Some(hint) = &d.hint {
                writeln!(f, "  hint: {hint}")?;
            }
        }
        let n = self.diagnostics.len();
        write!(
            f,
            "{n} error{} in {}",
            if n == 1 { "" } else { "s" },
            self.file
        )
    }
}

impl std::error::Error for Report {}
