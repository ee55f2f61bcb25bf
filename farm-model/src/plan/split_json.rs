//! Reading a large JSON plan on every core: the elements of its top-level `vms` array found by one scan of
//! the text, then parsed and read into their types a group at a time by whichever thread is free, each
//! element's document dropped as soon as its VM is read; the rest of the plan (the text with `"vms": []`)
//! read as usual, with the VMs joined in order. The plan is the one a reading of the whole text gives.
//!
//! Only when nothing can differ: the whole text is valid JSON (checked on one of the threads meanwhile),
//! its top-level object has one `vms` key written without escapes and holding an array, every element
//! parses, and nothing in the plan is wrong. Otherwise `None`: the caller reads the whole text at once,
//! which reports every error in its place.

use std::ops::Range;

use crate::path::Path;
use crate::plan::doc::Node;
use crate::plan::read::{self, Reader};
use crate::plan::{Plan, Vm};
// The same sizes as TOML's pieces: a group of VMs of about PIECE bytes, from MIN_TEXT on.
use crate::plan::split::{MIN_TEXT, PIECE};

/// The plan in `text` read on up to `threads` threads, or `None` when one reading of the whole text is
/// needed (small text, no `vms` array, anything unusual or wrong: see the module's documentation).
pub(crate) fn read_json(text: &str, threads: usize) -> Option<Plan> {
    if text.len() < MIN_TEXT {
        return None;
    }
    read_json_in(text, threads, PIECE)
}

/// [`read_json`] with groups of about `piece` bytes.
pub(crate) fn read_json_in(text: &str, threads: usize, piece: usize) -> Option<Plan> {
    if threads < 2 {
        return None;
    }
    let (array, items) = layout(text)?;
    let groups = groups(&items, piece.max(1));
    if groups.len() < 2 {
        return None;
    }
    // Task 0 checks the whole text; task k > 0 reads group k - 1.
    let done = crate::in_turns(threads, groups.len() + 1, |k| match k.checked_sub(1) {
        None => serde_json::from_str::<serde::de::IgnoredAny>(text)
            .is_ok()
            .then(Vec::new),
        Some(g) => read_group(text, &items[groups[g].clone()], groups[g].start),
    });
    let mut vms = Vec::with_capacity(items.len());
    for read in done {
        vms.extend(read?);
    }
    let rest = format!("{}[]{}", text.get(..array.start)?, text.get(array.end..)?);
    let doc = crate::plan::doc::parse_json(&rest).ok()?;
    let mut reader = Reader {
        diagnostics: Vec::new(),
    };
    let plan = read::plan_with(&mut reader, &doc, Some(vms));
    plan.filter(|_| reader.diagnostics.is_empty())
}

/// The VMs of `items` (the elements from index `first` on), each parsed and read on its own; `None` if one
/// does not parse or is wrong.
fn read_group(text: &str, items: &[Range<usize>], first: usize) -> Option<Vec<Vm>> {
    let path = Path::root().key("vms");
    let mut reader = Reader {
        diagnostics: Vec::new(),
    };
    let mut vms = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let node: Node<'_> = serde_json::from_str(text.get(item.clone())?).ok()?;
        vms.push(read::vm(&mut reader, &node, &path.index(first + i))?);
    }
    reader.diagnostics.is_empty().then_some(vms)
}

/// Consecutive elements in groups of about `piece` bytes: ranges of indexes into `items`.
fn groups(items: &[Range<usize>], piece: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, item) in items.iter().enumerate() {
        bytes += item.len();
        if bytes >= piece {
            out.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < items.len() {
        out.push(start..items.len());
    }
    out
}

/// Where the top-level `vms` array is (from its `[` to past its `]`) and where each of its elements is, as
/// one scan of valid JSON finds them (the text is checked apart); `None` if the text is not an object with
/// one `vms` key holding an array, or a top-level key has an escape.
fn layout(text: &str) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let b = text.as_bytes();
    let mut depth = 0_usize;
    // The last string seen in the top-level object, and whether the value after the last `:` is `vms`'s.
    let mut last_string = 0..0;
    let mut vms_value = false;
    let mut array: Option<Range<usize>> = None;
    let mut in_array = false;
    let mut item_start = 0;
    let mut items = Vec::new();
    let mut i = 0;
    while let Some(&byte) = b.get(i) {
        match byte {
            b'"' => {
                let start = i + 1;
                i += 1;
                loop {
                    match b.get(i)? {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                if depth == 1 {
                    last_string = start..i;
                    vms_value = false;
                }
            }
            b':' if depth == 1 => {
                let key = text.get(last_string.clone())?;
                if key.contains('\\') {
                    return None;
                }
                vms_value = key == "vms";
            }
            b'{' | b'[' => {
                if depth == 1 && vms_value {
                    if byte != b'[' || array.is_some() {
                        return None;
                    }
                    array = Some(i..i);
                    in_array = true;
                    item_start = i + 1;
                }
                vms_value = false;
                depth += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 1 && in_array {
                    push_item(text, item_start..i, &mut items);
                    in_array = false;
                    array = array.map(|a| a.start..i + 1);
                }
            }
            b',' if depth == 2 && in_array => {
                push_item(text, item_start..i, &mut items);
                item_start = i + 1;
            }
            b',' if depth == 1 => vms_value = false,
            _ => {}
        }
        i += 1;
    }
    let array = array?;
    (depth == 0 && array.end > array.start).then_some((array, items))
}

/// Adds the element written in `range` (between a `[` or `,` and the next `,` or `]`), unless it is only
/// blanks (an empty array).
fn push_item(text: &str, range: Range<usize>, items: &mut Vec<Range<usize>>) {
    if text
        .get(range.clone())
        .is_some_and(|t| !t.trim_ascii().is_empty())
    {
        items.push(range);
    }
}

#[cfg(test)]
mod tests {
    use super::{layout, read_json_in};

    fn whole(text: &str) -> Option<crate::plan::Plan> {
        let doc = crate::plan::doc::parse_json(text).ok()?;
        let mut reader = crate::plan::read::Reader {
            diagnostics: Vec::new(),
        };
        let plan = crate::plan::read::plan(&mut reader, &doc);
        plan.filter(|_| reader.diagnostics.is_empty())
    }

    fn synth(vms: usize) -> String {
        serde_json::to_string_pretty(&crate::synth(vms, 1)).unwrap()
    }

    #[test]
    fn the_vms_array_and_its_elements_are_found() {
        let text =
            r#"{"a": {"vms": [1]}, "s": "vms", "vms": [ {"x": "]}"}, [2, 3] ,"\"" ], "z": 1}"#;
        let (array, items) = layout(text).unwrap();
        assert_eq!(&text[array], r#"[ {"x": "]}"}, [2, 3] ,"\"" ]"#);
        let items: Vec<&str> = items.into_iter().map(|r| text[r].trim()).collect();
        assert_eq!(items, [r#"{"x": "]}"}"#, "[2, 3]", r#""\"""#]);
        assert!(layout(r#"{"vms": []}"#).unwrap().1.is_empty());
        for odd in [
            r#"{"vms": {}}"#,
            r#"{"vms": [], "vms": []}"#,
            r#"{"v\u006ds": []}"#,
            r#"{"other": []}"#,
            r#"[{"vms": []}]"#,
        ] {
            assert!(layout(odd).is_none(), "{odd}");
        }
    }

    #[test]
    fn plan_in_parts_is_plan_at_once() {
        let text = synth(300);
        let expected = whole(&text).unwrap();
        for (threads, piece) in [(2, 4096), (3, 1000), (4, text.len() / 5), (8, 1)] {
            let plan = read_json_in(&text, threads, piece);
            assert!(
                plan.as_ref() == Some(&expected),
                "{threads} threads, groups of {piece}"
            );
        }
        assert!(read_json_in(&text, 1, 1).is_none(), "one thread");
        assert!(read_json_in(&text, 2, text.len()).is_none(), "one group");
    }

    #[test]
    fn anything_unusual_or_wrong_is_left_to_one_reading() {
        let text = synth(50);
        let at = text.find("\"vms\"").unwrap();
        let vm7 = text.find("\"name\": \"vm7\"").unwrap();
        let vm7_end = vm7 + text[vm7..].find("},").unwrap() + 2;
        for (what, changed) in [
            ("invalid JSON after", format!("{text},")),
            (
                "a VM that does not parse",
                text.replacen("\"name\": \"vm7\"", "\"name\": vm7", 1),
            ),
            (
                "a wrong VM",
                text.replacen("\"name\": \"vm7\"", "\"name\": \"vm 7\"", 1),
            ),
            (
                "an unknown key in a VM",
                text.replacen("\"name\": \"vm7\"", "\"name\": \"vm7\", \"colour\": 1", 1),
            ),
            (
                "a wrong top-level value",
                text.replacen("\"domain\": \"farm\"", "\"domain\": 7", 1),
            ),
            (
                "a key twice in a VM",
                text.replacen(
                    "\"name\": \"vm7\"",
                    "\"name\": \"vm7\", \"name\": \"vm8\"",
                    1,
                ),
            ),
            (
                "a top-level key twice",
                text.replacen(
                    "\"domain\": \"farm\"",
                    "\"domain\": \"farm\", \"domain\": \"f\"",
                    1,
                ),
            ),
            (
                "vms twice",
                format!("{}\"vms\": [], {}", &text[..at], &text[at..]),
            ),
            (
                "an empty element (two commas), which the scan passes over",
                format!("{},{}", &text[..vm7_end], &text[vm7_end..]),
            ),
        ] {
            assert_ne!(changed, text, "{what}");
            assert!(read_json_in(&changed, 2, 1000).is_none(), "{what}");
        }
    }
}
