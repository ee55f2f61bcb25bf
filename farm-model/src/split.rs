//! Reading a large TOML plan on every core: the text cut before `[[vms]]` lines into pieces of similar
//! size, each piece parsed on a thread of its own, and the pieces' tables joined into the document that one
//! parse of the whole text gives.
//!
//! A cut is only made where it cannot change the meaning: the text has no multi-line string (outside one, a
//! line that is exactly `[[vms]]` can only be a table header: as a value it is not valid TOML), every piece
//! parses without an error (so the piece before a cut ends with a whole statement), the first piece holds no
//! `vms`, and no other top-level key is in two pieces. Otherwise `None`: the caller parses the whole text
//! at once, which also reports every error in its place.

use std::ops::Range;

use crate::doc::{Entry, Kind, Node};

/// Below this size a plan is parsed in one piece: threads cost more than they save.
const MIN_PIECE: usize = 512 * 1024;

/// The header a cut is made before.
const HEADER: &str = "[[vms]]";

/// The document of `text` parsed in up to `threads` pieces, or `None` when one parse of the whole text is
/// needed (small text, no place to cut, anything unusual: see the module's documentation).
pub(crate) fn parse_toml(text: &str, threads: usize) -> Option<Node<'_>> {
    parse_toml_in(text, threads, MIN_PIECE)
}

/// [`parse_toml`] with pieces of at least `min_piece` bytes.
fn parse_toml_in(text: &str, threads: usize, min_piece: usize) -> Option<Node<'_>> {
    let pieces = pieces(text, threads, min_piece)?;
    if pieces.len() < 2 {
        return None;
    }
    let parsed: Vec<Option<Piece<'_>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = pieces
            .iter()
            .map(|range| scope.spawn(move || parse_piece(text, range.clone())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    join(parsed)
}

/// A piece's top-level table: its span and entries, placed in the whole text.
type Piece<'a> = (Range<usize>, Vec<Entry<'a>>);

/// Where to cut `text` (`None`: nowhere): ranges covering it, each after the first starting with a `[[vms]]` line. The first
/// piece is what comes before the first `[[vms]]` line (the farm but its VMs), the VMs are cut into `threads`
/// pieces of similar size.
fn pieces(text: &str, threads: usize, min_piece: usize) -> Option<Vec<Range<usize>>> {
    let parts = threads.min(text.len() / min_piece.max(1));
    if parts < 2 || text.contains("\"\"\"") || text.contains("'''") {
        return None;
    }
    let first = next_header(text, 0)?;
    let mut starts = vec![0, first];
    for k in 1..parts {
        let target = first + (text.len() - first) * k / parts;
        let Some(at) = next_header(text, target.max(starts.last().map_or(0, |s| s + 1))) else {
            break;
        };
        starts.push(at);
    }
    starts.dedup();
    let mut ranges: Vec<Range<usize>> = starts.windows(2).map(|w| w[0]..w[1]).collect();
    if let Some(&last) = starts.last() {
        ranges.push(last..text.len());
    }
    Some(ranges)
}

/// The start of the first line at or after `from` that is exactly `[[vms]]` (a trailing `\r` allowed).
fn next_header(text: &str, from: usize) -> Option<usize> {
    let mut search = from;
    loop {
        let found = search + text.get(search..)?.find(HEADER)?;
        let line_start = found == 0 || text.as_bytes()[found - 1] == b'\n';
        let rest = &text[found + HEADER.len()..];
        let line_end = rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n");
        if line_start && line_end {
            return Some(found);
        }
        search = found + HEADER.len();
    }
}

/// One piece parsed, its spans placed in the whole text; `None` if it has any error.
fn parse_piece(text: &str, range: Range<usize>) -> Option<Piece<'_>> {
    let offset = range.start;
    let (table, errors) = toml::de::DeTable::parse_recoverable(text.get(range)?);
    if !errors.is_empty() {
        return None;
    }
    let span = table.span();
    let span = span.start + offset..span.end + offset;
    Some((
        span,
        crate::doc::toml_entries_at(table.into_inner(), offset),
    ))
}

/// The pieces' top-level tables joined: `vms` arrays appended in order, every other key from its one piece.
/// The first piece holds no `vms` (it ends before the first `[[vms]]` line): if it does, `vms` is written in
/// another form as well, and one parse of the whole text says what is wrong.
fn join(parsed: Vec<Option<Piece<'_>>>) -> Option<Node<'_>> {
    let mut pieces = parsed.into_iter();
    let (span, mut entries) = pieces.next()??;
    if entries.iter().any(|e| e.key == "vms") {
        return None;
    }
    let mut vms: Option<(Entry<'_>, Vec<Node<'_>>)> = None;
    for piece in pieces {
        for entry in piece?.1 {
            if entry.key == "vms" {
                let Node {
                    kind: Kind::Array(items),
                    ..
                } = entry.value
                else {
                    return None;
                };
                match &mut vms {
                    Some((_, all)) => all.extend(items),
                    None => {
                        let first = Entry {
                            key: entry.key,
                            key_span: entry.key_span,
                            value: Node {
                                kind: Kind::Null,
                                span: entry.value.span,
                            },
                        };
                        vms = Some((first, items));
                    }
                }
            } else if entries.iter().any(|e| e.key == entry.key) {
                return None;
            } else {
                entries.push(entry);
            }
        }
    }
    if let Some((mut entry, items)) = vms {
        entry.value.kind = Kind::Array(items);
        entries.push(entry);
    }
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    Some(Node {
        kind: Kind::Table(entries),
        span: Some(span),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn whole(text: &str) -> String {
        format!("{:?}", crate::doc::parse_toml(text).unwrap())
    }

    fn split(text: &str, threads: usize) -> Option<String> {
        parse_toml_in(text, threads, 1).map(|doc| format!("{doc:?}"))
    }

    fn synth(vms: usize) -> String {
        toml::to_string(&crate::synth(vms, 1)).unwrap()
    }

    #[test]
    fn cuts_only_before_whole_header_lines() {
        let text = "a = 1\n[[vms]]\nname = \"x\"\n [[vms]]\n[[vms]] # c\n[[vms]]\r\nb = 2\n";
        let headers: Vec<usize> =
            std::iter::successors(next_header(text, 0), |&at| next_header(text, at + 1)).collect();
        let last = text.find("[[vms]]\r\n").unwrap();
        assert_eq!(headers, vec![6, last]);
    }

    #[test]
    fn pieces_join_into_the_document_of_one_parse() {
        let text = synth(300);
        for threads in [2, 3, 4, 7] {
            let pieces = pieces(&text, threads, 1).unwrap();
            assert_eq!(pieces.len(), threads + 1, "{threads} threads");
            assert_eq!(
                split(&text, threads).unwrap(),
                whole(&text),
                "{threads} threads"
            );
        }
    }

    #[test]
    fn tables_after_the_vms_are_joined_too() {
        let text = synth(50);
        let at = text.find("\n[[vms]]\n").unwrap() + 1;
        let text = format!("{}{}[extra]\nkey = 1\n", &text[..at], &text[at..]);
        assert_eq!(split(&text, 3).unwrap(), whole(&text));
    }

    #[test]
    fn anything_unusual_is_left_to_one_parse() {
        let text = synth(50);
        let at = text.find("\n[[vms]]\n").unwrap() + 1;
        let (head, vms) = text.split_at(at);
        for (what, text) in [
            (
                "a multi-line string",
                format!("{head}x = \"\"\"\n[[vms]]\n\"\"\"\n{vms}"),
            ),
            (
                "a literal multi-line string",
                format!("{head}x = '''a'''\n{vms}"),
            ),
            (
                "vms spelled otherwise first",
                format!("{head}[[ vms ]]\nname = \"a\"\n{vms}"),
            ),
            ("an inline vms first", format!("vms = []\n{head}{vms}")),
            (
                "a key in two pieces",
                format!("{head}{vms}[dns]\nttl = \"1h\"\n"),
            ),
            ("an error in a piece", format!("{head}{vms}name = \n")),
            ("no [[vms]] line", head.to_owned()),
        ] {
            assert_eq!(split(&text, 2), None, "{what}");
        }
    }
}
