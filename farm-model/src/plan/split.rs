//! Reading a large TOML plan on every core: the text cut before `[[vms]]` lines into pieces of about
//! 128 KiB, each piece parsed and its VMs read into their types by whichever thread is free, the piece's
//! document dropped as soon as its VMs are read (the pieces being read at one time are all that is held of
//! the document, not the whole of it), and the pieces' tables joined into the plan that one parse of the
//! whole text gives.
//!
//! A cut is only made where it cannot change the meaning: the text has no multi-line string (outside one, a
//! line that is exactly `[[vms]]` can only be a table header: as a value it is not valid TOML), every piece
//! parses without an error (so the piece before a cut ends with a whole statement), the first piece holds no
//! `vms`, and no other top-level key is in two pieces. And nothing is wrong in the plan. Otherwise `None`:
//! the caller reads the whole text at once, which also reports every error in its place.

use std::ops::Range;

use crate::path::Path;
use crate::plan::doc::{Entry, Kind, Node};
use crate::plan::read::{self, Reader};
use crate::plan::{Plan, Vm};

/// The size of a piece: a thread reads a piece at a time. Small enough that a piece's text, tokens and
/// document stay in the cache and their memory is reused by the next piece: a 10 MB plan read in pieces of
/// 1 MiB peaked at ~145 MB, in pieces of 128 KiB at ~95 MB, and its read and check went from ~350 to
/// ~290 ms (medians of 7, same run).
pub(crate) const PIECE: usize = 128 * 1024;

/// The smallest text read in pieces: below, one reading costs too little to share.
pub(crate) const MIN_TEXT: usize = 2 * 1024 * 1024;

/// The header a cut is made before.
const HEADER: &str = "[[vms]]";

/// The plan in `text` read in pieces on up to `threads` threads, or `None` when one reading of the whole
/// text is needed (small text, no place to cut, anything unusual or wrong: see the module's documentation).
pub(crate) fn read_toml(text: &str, threads: usize) -> Option<Plan> {
    if text.len() < MIN_TEXT {
        return None;
    }
    read_toml_in(text, threads, PIECE)
}

/// [`read_toml`] with pieces of about `piece` bytes.
pub(crate) fn read_toml_in(text: &str, threads: usize, piece: usize) -> Option<Plan> {
    if threads < 2 || text.len() < 2 * piece {
        return None;
    }
    let pieces = pieces(text, text.len().div_ceil(piece.max(1)).max(threads))?;
    if pieces.len() < 2 {
        return None;
    }
    let done = crate::in_turns(threads, pieces.len(), |k| {
        read_piece(text, pieces[k].clone(), k == 0)
    });
    let (doc, vms) = join(done)?;
    let mut reader = Reader {
        diagnostics: Vec::new(),
    };
    let plan = read::plan_with(&mut reader, &doc, Some(vms));
    plan.filter(|_| reader.diagnostics.is_empty())
}

/// A piece read: the span of its table, its top-level entries but `vms`, and its VMs (none for the first).
struct Piece<'a> {
    span: Range<usize>,
    entries: Vec<Entry<'a>>,
    vms: Vec<Vm>,
}

/// Where to cut `text` (`None`: nowhere): ranges covering it, each after the first starting with a `[[vms]]`
/// line. The first piece is what comes before the first `[[vms]]` line (the farm but its VMs), the VMs are
/// cut into `parts` pieces of similar size.
fn pieces(text: &str, parts: usize) -> Option<Vec<Range<usize>>> {
    if parts < 2 {
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

/// One piece parsed, its spans placed in the whole text, and its VMs read; `None` if anything is wrong in
/// it, or if the first piece has VMs.
fn read_piece(text: &str, range: Range<usize>, first: bool) -> Option<Piece<'_>> {
    let offset = range.start;
    let piece = text.get(range)?;
    // A multi-line string anywhere leaves the text to one reading: each piece looks at its own part (three
    // quotes cannot straddle a cut, which is at the start of a line).
    if piece.contains("\"\"\"") || piece.contains("'''") {
        return None;
    }
    let (table, errors) = toml::de::DeTable::parse_recoverable(piece);
    if !errors.is_empty() {
        return None;
    }
    let span = table.span();
    let span = crate::plan::doc::shift(span, offset);
    let mut entries = crate::plan::doc::toml_entries_at(table.into_inner(), offset);
    let at = entries.iter().position(|e| e.key == "vms");
    let vms = match (at, first) {
        (None, _) => Vec::new(),
        (Some(_), true) => return None,
        (Some(at), false) => {
            let Node {
                kind: Kind::Array(items),
                ..
            } = entries.remove(at).value
            else {
                return None;
            };
            let mut reader = Reader {
                diagnostics: Vec::new(),
            };
            let vms = read::items_of(&mut reader, &items, 0, &Path::root().key("vms"), read::vm)?;
            if !reader.diagnostics.is_empty() {
                return None;
            }
            vms
        }
    };
    Some(Piece { span, entries, vms })
}

/// The pieces joined: the document but its VMs (every key from its one piece), and the VMs in order.
fn join(pieces: Vec<Option<Piece<'_>>>) -> Option<(Node<'_>, Vec<Vm>)> {
    // Sized once: 100,000 VMs are megabytes to move each time a growing list doubles.
    let count = pieces.iter().flatten().map(|p| p.vms.len()).sum();
    let mut pieces = pieces.into_iter();
    let Piece {
        span, mut entries, ..
    } = pieces.next()??;
    let mut vms = Vec::with_capacity(count);
    for piece in pieces {
        let piece = piece?;
        vms.extend(piece.vms);
        for entry in piece.entries {
            if entries.iter().any(|e| e.key == entry.key) {
                return None;
            }
            entries.push(entry);
        }
    }
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    Some((
        Node {
            kind: Kind::Table(entries),
            span: Some(span),
        },
        vms,
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    /// The plan read at once, as when no cut is made.
    fn whole(text: &str) -> Option<Plan> {
        let doc = crate::plan::doc::parse_toml(text).ok()?;
        let mut reader = Reader {
            diagnostics: Vec::new(),
        };
        read::plan(&mut reader, &doc).filter(|_| reader.diagnostics.is_empty())
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
    fn the_plan_read_in_pieces_is_the_plan_read_at_once() {
        let text = synth(300);
        let expected = whole(&text).unwrap();
        for parts in [2, 3, 7, 40] {
            assert_eq!(
                pieces(&text, parts).unwrap().len(),
                parts + 1,
                "{parts} parts"
            );
        }
        for (threads, piece) in [(2, 4096), (3, 1000), (4, text.len() / 5), (8, 1)] {
            let plan = read_toml_in(&text, threads, piece);
            assert!(
                plan.as_ref() == Some(&expected),
                "{threads} threads, pieces of {piece}"
            );
        }
        assert!(
            read_toml_in(&text, 1, 1).is_none(),
            "one thread: read at once"
        );
        assert!(
            read_toml_in(&text, 2, text.len()).is_none(),
            "one piece: read at once"
        );
    }

    #[test]
    fn tables_after_the_vms_are_joined_too() {
        let text = synth(50);
        let table = "[firewall.public]\nfailover = \"192.0.2.10\"\n";
        assert!(text.contains(table));
        let text = format!("{}{table}", text.replacen(table, "", 1));
        let expected = whole(&text).unwrap();
        assert!(read_toml_in(&text, 3, 1000) == Some(expected));
    }

    #[test]
    fn anything_unusual_or_wrong_is_left_to_one_reading() {
        let text = synth(50);
        let at = text.find("\n[[vms]]\n").unwrap() + 1;
        let (head, vms) = text.split_at(at);
        // (what, the text, whether one reading finds it wrong as well)
        for (what, text, wrong) in [
            (
                "a multi-line string",
                format!("{head}x = \"\"\"\n[[vms]]\n\"\"\"\n{vms}"),
                true,
            ),
            (
                "a literal multi-line string",
                format!("{head}x = '''a'''\n{vms}"),
                true,
            ),
            (
                "vms spelled otherwise first",
                format!("{head}[[ vms ]]\nname = \"a\"\n{vms}"),
                false,
            ),
            (
                "an inline vms first",
                format!("vms = []\n{head}{vms}"),
                true,
            ),
            (
                "a key in two pieces",
                format!("{head}{vms}[dns]\nttl = \"1h\"\n"),
                true,
            ),
            ("an error in a piece", format!("{head}{vms}name = \n"), true),
            (
                "a wrong value in a VM",
                text.replacen("name = \"vm30\"", "name = \"vm 30\"", 1),
                true,
            ),
            (
                "an unknown key in a VM",
                text.replacen("name = \"vm31\"", "name = \"vm31\"\nx = 1", 1),
                true,
            ),
            ("no [[vms]] line", head.to_owned(), false),
        ] {
            assert_ne!(text, synth(50), "{what}");
            assert!(read_toml_in(&text, 2, 1000).is_none(), "{what}");
            assert_eq!(whole(&text).is_none(), wrong, "{what}");
        }
    }
}
