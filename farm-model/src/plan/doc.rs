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

/// `span` of a piece of the text that starts at `offset`, placed in the whole text.
pub(crate) fn shift(span: Range<usize>, offset: usize) -> Range<usize> {
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

/// Reads JSON into a document; a syntax error is a diagnostic with its line and column. The document is
/// built as the text is read (no `serde_json::Value` first), its strings borrowed from the text where they
/// have no escape.
pub(crate) fn parse_json(text: &str) -> Result<Node<'_>, Vec<Diagnostic>> {
    serde_json::from_str::<Node<'_>>(text).map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        vec![Diagnostic::syntax(message, Some(offset..offset))]
    })
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

impl<'de> serde::Deserialize<'de> for Node<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

/// Builds a [`Node`] from JSON as `serde_json::Value` would read it (numbers as 64-bit integers where they
/// fit, an object's keys in order), but for a repeated key: an error at its place, where `serde_json::Value`
/// keeps the last value (TOML refuses a repeated key too).
struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Node<'de>, E> {
        Ok(json(Kind::Bool(b)))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Node<'de>, E> {
        Ok(json(Kind::Int(i)))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Node<'de>, E> {
        Ok(json(
            i64::try_from(u).map_or_else(|_| Kind::BigInt(u.to_string()), Kind::Int),
        ))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Node<'de>, E> {
        Ok(json(Kind::Float))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Node<'de>, E> {
        Ok(json(Kind::Str(Cow::Borrowed(s))))
    }

    fn visit_str<E>(self, s: &str) -> Result<Node<'de>, E> {
        Ok(json(Kind::Str(Cow::Owned(s.to_owned()))))
    }

    fn visit_string<E>(self, s: String) -> Result<Node<'de>, E> {
        Ok(json(Kind::Str(Cow::Owned(s))))
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(json(Kind::Null))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Node<'de>>()? {
            items.push(item);
        }
        Ok(json(Kind::Array(items)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut entries: Vec<Entry<'de>> = Vec::new();
        // While the keys come in order, one comparison per key tells a repeated one; after a key out of
        // order, each is looked for among the few before it.
        let mut sorted = true;
        while let Some(JsonKey(key)) = map.next_key::<JsonKey<'de>>()? {
            if let Some(last) = entries.last()
                && (!sorted || key <= last.key)
            {
                if entries.iter().any(|e| e.key == key) {
                    return Err(serde::de::Error::custom(format!(
                        "the key `{key}` is given twice in this object"
                    )));
                }
                sorted = false;
            }
            entries.push(Entry {
                key,
                key_span: None,
                value: map.next_value::<Node<'de>>()?,
            });
        }
        // Sorted by key, as a `serde_json::Map` holds them.
        if !sorted {
            entries.sort_by(|a, b| a.key.cmp(&b.key));
        }
        Ok(json(Kind::Table(entries)))
    }
}

/// A JSON value, which has no place in the text.
fn json(kind: Kind<'_>) -> Node<'_> {
    Node { kind, span: None }
}

/// An object's key, borrowed from the text where it has no escape.
struct JsonKey<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for JsonKey<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = JsonKey<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<JsonKey<'de>, E> {
                Ok(JsonKey(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<JsonKey<'de>, E> {
                Ok(JsonKey(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<JsonKey<'de>, E> {
                Ok(JsonKey(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, Node, parse_json};

    /// The document as text, keys in order: what `serde_json::Value` shows of the same JSON.
    fn show(node: &Node<'_>) -> String {
        match &node.kind {
            Kind::Table(entries) => {
                let inner: Vec<String> = entries
                    .iter()
                    .map(|e| format!("{:?}:{}", e.key, show(&e.value)))
                    .collect();
                format!("{{{}}}", inner.join(","))
            }
            Kind::Array(items) => {
                let inner: Vec<String> = items.iter().map(show).collect();
                format!("[{}]", inner.join(","))
            }
            Kind::Str(s) => format!("{s:?}"),
            Kind::Int(i) => i.to_string(),
            Kind::BigInt(b) => format!("big {b}"),
            Kind::Float => "float".to_owned(),
            Kind::Bool(b) => b.to_string(),
            Kind::Datetime => "datetime".to_owned(),
            Kind::Null => "null".to_owned(),
        }
    }

    #[test]
    fn json_is_read_as_serde_json_reads_it() {
        for (text, expected) in [
            (
                r#"{"b": 1, "a": [true, null, -3]}"#,
                r#"{"a":[true,null,-3],"b":1}"#,
            ),
            (
                r#"{"big": 18446744073709551615, "f": 1.5, "e": 99999999999999999999}"#,
                r#"{"big":big 18446744073709551615,"e":float,"f":float}"#,
            ),
            (
                r#"["esc\"aped", "plain", "\u00e9"]"#,
                r#"["esc\"aped","plain","é"]"#,
            ),
        ] {
            let node = parse_json(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(show(&node), expected, "{text}");
        }
    }

    /// A repeated key is refused at its place (the line and column after it), in order or not, at any
    /// depth; `serde_json::Value` would keep the last value.
    #[test]
    fn a_repeated_key_is_refused_at_its_place() {
        for (text, key) in [
            (r#"{"b": 1, "a": 2, "b": 3}"#, r#""b""#),
            (r#"{"a": 1, "a": 2}"#, r#""a""#),
            (r#"{"x": [{"n": "v", "m": 1, "n": "w"}]}"#, r#""n""#),
        ] {
            let Err(errors) = parse_json(text) else {
                panic!("{text} was read")
            };
            assert_eq!(errors.len(), 1, "{text}");
            assert!(
                errors[0].message.contains("given twice"),
                "{text}: {errors:?}"
            );
            // The second key's last byte.
            let at = text.rfind(key).unwrap() + key.len() - 1;
            assert_eq!(errors[0].span.clone(), Some(at..at), "{text}");
        }
        assert!(parse_json(r#"{"a": {"k": 1}, "b": {"k": 2}}"#).is_ok());
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let node = parse_json(r#"{"name": "vm1", "quoted": "a\"b"}"#).unwrap();
        let Kind::Table(entries) = &node.kind else {
            panic!("not a table")
        };
        let borrowed: Vec<bool> = entries
            .iter()
            .map(|e| matches!(&e.value.kind, Kind::Str(std::borrow::Cow::Borrowed(_))))
            .collect();
        assert_eq!(borrowed, [true, false]);
    }
}
