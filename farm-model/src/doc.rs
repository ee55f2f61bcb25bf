//! The first layer: the plan as a document, every value with its place in the text (TOML) or its path
//! (JSON), before any value is converted. Reading never stops at a wrong value: the second layer reports
//! every one.

use std::borrow::Cow;
use std::ops::Range;

use crate::diag::Diagnostic;
use crate::path::{Path, Seg};

/// A value of the document and where it is in the text (`None` for JSON, which has no positions). Its
/// strings are borrowed from the text where the parser could (TOML without escapes).
#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    pub(crate) kind: Kind<'a>,
    pub(crate) span: Option<Range<usize>>,
}

/// The kinds of value a TOML or JSON document holds.
#[derive(Debug, Clone)]
pub(crate) enum Kind<'a> {
    Table(Vec<Entry<'a>>),
    Array(Vec<Node<'a>>),
    Str(Cow<'a, str>),
    Int(i64),
    /// An integer that does not fit 64 bits, as written.
    BigInt(String),
    Float,
    Bool(bool),
    Datetime,
    Null,
}

/// A key of a table, where the key is written, and its value.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    pub(crate) key: Cow<'a, str>,
    pub(crate) key_span: Option<Range<usize>>,
    pub(crate) value: Node<'a>,
}

impl Kind<'_> {
    /// What the value is, for messages: "a string", "an integer", ...
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Kind::Table(_) => "a table",
            Kind::Array(_) => "an array",
            Kind::Str(_) => "a string",
            Kind::Int(_) | Kind::BigInt(_) => "an integer",
            Kind::Float => "a float",
            Kind::Bool(_) => "a boolean",
            Kind::Datetime => "a date-time",
            Kind::Null => "null",
        }
    }
}

impl<'a> Node<'a> {
    /// The node at `path`, and the span of its key where it has one (the best place to point at).
    pub(crate) fn find(&self, path: &Path) -> Option<(&Node<'a>, Option<Range<usize>>)> {
        let mut node = self;
        let mut key_span = None;
        for seg in &path.segs() {
            match (seg, &node.kind) {
                (Seg::Key(k), Kind::Table(entries)) => {
                    let entry = entries.iter().find(|e| e.key == *k)?;
                    key_span = entry.key_span.clone();
                    node = &entry.value;
                }
                (Seg::Index(i), Kind::Array(items)) => {
                    node = items.get(*i)?;
                    key_span = None;
                }
                _ => return None,
            }
        }
        Some((node, key_span))
    }

    /// The span to point at for `path`: the value if it has one, else its key, else the nearest enclosing
    /// value that has one.
    pub(crate) fn span_of(&self, path: &Path) -> Option<Range<usize>> {
        let segs = path.segs();
        for len in (0..=segs.len()).rev() {
            let prefix = Path::root();
            let prefix = segs[..len].iter().fold(prefix, |p, s| match s {
                Seg::Key(k) => p.key(k),
                Seg::Index(i) => p.index(*i),
            });
            if let Some((node, key_span)) = self.find(&prefix) {
                if let Some(span) = node.span.clone().or(key_span) {
                    return Some(span);
                }
            }
        }
        None
    }
}

/// Reads TOML into a document; syntax errors are diagnostics with their place.
pub(crate) fn parse_toml(text: &str) -> Result<Node<'_>, Vec<Diagnostic>> {
    let (table, errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| Diagnostic::syntax(e.message().trim().to_owned(), e.span()))
            .collect());
    }
    let span = table.span();
    Ok(Node {
        kind: Kind::Table(toml_entries_at(table.into_inner(), 0)),
        span: Some(span),
    })
}

/// The entries of a table parsed from a piece of the text that starts at `offset`.
pub(crate) fn toml_entries_at(table: toml::de::DeTable<'_>, offset: usize) -> Vec<Entry<'_>> {
    table
        .into_iter()
        .map(|(key, value)| Entry {
            key_span: Some(shift(key.span(), offset)),
            key: key.into_inner(),
            value: toml_node(value, offset),
        })
        .collect()
}

fn shift(span: Range<usize>, offset: usize) -> Range<usize> {
    span.start + offset..span.end + offset
}

fn toml_node(value: toml::Spanned<toml::de::DeValue<'_>>, offset: usize) -> Node<'_> {
    use toml::de::DeValue;
    let span = Some(shift(value.span(), offset));
    let kind = match value.into_inner() {
        DeValue::String(s) => Kind::Str(s),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Kind::Int(n),
            Err(_) => Kind::BigInt(i.as_str().to_owned()),
        },
        DeValue::Float(_) => Kind::Float,
        DeValue::Boolean(b) => Kind::Bool(b),
        DeValue::Datetime(_) => Kind::Datetime,
        DeValue::Array(items) => Kind::Array(
            items
                .into_iter()
                .map(|item| toml_node(item, offset))
                .collect(),
        ),
        DeValue::Table(table) => Kind::Table(toml_entries_at(table, offset)),
    };
    Node { kind, span }
}

/// Reads JSON into a document; a syntax error is a diagnostic with its line and column.
pub(crate) fn parse_json(text: &str) -> Result<Node<'static>, Vec<Diagnostic>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        vec![Diagnostic::syntax(message, Some(offset..offset))]
    })?;
    Ok(json_node(value))
}

/// The byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

fn json_node(value: serde_json::Value) -> Node<'static> {
    use serde_json::Value;
    let kind = match value {
        Value::Null => Kind::Null,
        Value::Bool(b) => Kind::Bool(b),
        Value::Number(n) => match (n.as_i64(), ()) {
            (Some(i), _) => Kind::Int(i),
            (None, _) if n.is_u64() => Kind::BigInt(n.to_string()),
            (None, _) if n.is_f64() => Kind::Float,
            (None, _) => Kind::BigInt(n.to_string()),
        },
        Value::String(s) => Kind::Str(Cow::Owned(s)),
        Value::Array(items) => Kind::Array(items.into_iter().map(json_node).collect()),
        Value::Object(map) => Kind::Table(
            map.into_iter()
                .map(|(key, value)| Entry {
                    key: Cow::Owned(key),
                    key_span: None,
                    value: json_node(value),
                })
                .collect(),
        ),
    };
    Node { kind, span: None }
}
