//! The farm plan: read it, check it as a whole, allocate what it leaves out, and explain every mistake.
//!
//! A plan is read in two layers, so that every error is reported, not just the first: the document with
//! its places ([TOML](toml) with lines and columns, JSON with paths), then every field converted into its
//! checked type from the format crates. [`Plan`] is the entry point for tools that build a farm in Rust;
//! [`Plan::check`] turns it into a [`Farm`] with every address and MAC allocated. Each problem of a plan is a
//! [`Diagnostic`] naming the [`Rule`] it broke (tools match the rule, people read the message).
//!
//! ```
//! let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/seed-farm.toml")).unwrap();
//! let farm = farm_model::load(&text, farm_model::Format::Toml, "seed-farm.toml").unwrap();
//! assert_eq!(farm.vms[1].fqdn.to_string(), "skaro.xivo.vm.farm.");
//! ```
#![deny(missing_docs)]

mod diag;
mod error;
pub mod import;
pub mod outputs;
mod path;
mod pin;
mod plan;
mod render;
mod resolve;
mod rule;
mod synth;

pub use diag::{Diagnostic, Placed, Position, Report};
pub use error::Error;
pub use path::{Path, Seg};
pub use pin::pin;
pub use plan::Tls;
pub use plan::values::{Ident, Mac};
pub use plan::{
    Bridge, Cluster, Dhcp, DhcpServer, Dns, Firewall, FixedAddress, Forward, Local, Network, Node,
    Plan, Proto, Site, Vm,
};
pub use render::{Contents, File, MARKER, RenderOptions, render};
pub use resolve::{ACME_WEBROOT, TlsForm};
pub use resolve::{
    ClusterForm, DnsForm, Farm, ForwardForm, Instance, Interconnect, MAX_SITE_LOGS, NodeForm,
    Placement, PublicAddress, TRANSFER_KEY, ZoneTransfer,
};
pub use rule::Rule;
pub use synth::synth;

/// The formats a plan is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML (`farm.toml`): errors carry lines and columns.
    Toml,
    /// JSON (`farm.json`), as inventory tools export it: errors carry paths.
    Json,
}

impl Format {
    /// The format of a file, by its extension: `.json` is JSON, anything else TOML.
    pub fn of_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Format::Json,
            _ => Format::Toml,
        }
    }
}

/// The JSON Schema of a plan (draft 2020-12), generated from [`Plan`]'s types: editors that know it check a
/// plan, TOML or JSON, as it is typed. It says the shape and the keys; the values' own rules are the reader's.
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Plan)).unwrap_or_default()
}

/// Reads the plan in `text` (named `file` in messages): every value converted, every error reported.
pub fn read(text: &str, format: Format, file: &str) -> Result<Plan, Report> {
    let in_parts = match format {
        Format::Toml => plan::split::read_toml(text, threads()),
        Format::Json => plan::split_json::read_json(text, threads()),
    };
    if let Some(plan) = in_parts {
        return Ok(plan);
    }
    let doc = parse(text, format, file)?;
    let mut reader = plan::read::Reader {
        diagnostics: Vec::new(),
    };
    let plan = plan::read::plan(&mut reader, &doc);
    match plan {
        Some(plan) if reader.diagnostics.is_empty() => Ok(plan),
        _ => Err(Report::new(file, text, Some(&doc), reader.diagnostics)),
    }
}

fn parse<'a>(text: &'a str, format: Format, file: &str) -> Result<plan::doc::Node<'a>, Report> {
    let parsed = match format {
        Format::Toml => plan::doc::parse_toml(text),
        Format::Json => plan::doc::parse_json(text),
    };
    parsed.map_err(|diagnostics| Report::new(file, text, None, diagnostics))
}

/// Not part of the library's API: farmgen's writer shares it (hidden from the documentation).
///
/// How many threads reading, rendering and writing a farm may use: `FARMGEN_THREADS` if set to a number,
/// else the machine's cores; at least 1, at most 8. (`FARMGEN_THREADS=1` does all on one thread, as
/// benchmarks compare.) The output is the same whatever the number.
#[doc(hidden)]
pub fn threads() -> usize {
    std::env::var("FARMGEN_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .clamp(1, 8)
}

/// How many parts [`on_cores`] cuts its items into per thread: parts whose costs differ (a part of large
/// files, a part of links) even out when each thread takes the next part as it finishes one.
const PARTS_PER_THREAD: usize = 8;

/// Not part of the library's API: farmgen's writer shares it (hidden from the documentation).
///
/// `work` on parts of `items` in order, on every thread of [`threads`]; each call gets the index of its
/// part's first item. Each thread takes the next part as it finishes one, so that no core waits while
/// another still has a long part. The results come back in the order of the parts, so that what is put
/// together from them is what one thread gives. A panic in a part is a panic here.
#[doc(hidden)]
pub fn on_cores<'a, T: Sync, R: Send>(
    items: &'a [T],
    work: impl Fn(usize, &'a [T]) -> R + Sync,
) -> Vec<R> {
    let threads = threads();
    if threads == 1 || items.len() < 2 {
        return vec![work(0, items)];
    }
    let part = items.len().div_ceil(threads * PARTS_PER_THREAD).max(1);
    let parts: Vec<&'a [T]> = items.chunks(part).collect();
    in_turns(threads, parts.len(), |k| work(k * part, parts[k]))
}

/// `a` and `b` at once, `a` on a thread of its own when `apart`, else one after the other on this thread. A
/// panic of `a` on its thread comes back as its `Err`, for the caller to report or to resume.
pub(crate) fn join<A: Send, B>(
    apart: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (std::thread::Result<A>, B) {
    if !apart {
        return (Ok(a()), b());
    }
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        (a.join(), b)
    })
}

/// Not part of the library's API: farmgen's writer shares it (hidden from the documentation).
///
/// Tasks `0..tasks` run by up to `threads` threads, each taking the next task as it finishes one; the
/// results in the order of the tasks. A panic in a task is a panic here.
#[doc(hidden)]
pub fn in_turns<R: Send>(threads: usize, tasks: usize, task: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(tasks))
            .map(|_| {
                let (task, next) = (&task, &next);
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if k >= tasks {
                            return mine;
                        }
                        mine.push((k, task(k)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(k, _)| *k);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Reads and checks the plan in `text`: the farm with everything allocated, or every error of the plan,
/// placed in the text.
pub fn load(text: &str, format: Format, file: &str) -> Result<Farm, Report> {
    let plan = match read(text, format, file) {
        Ok(plan) => plan,
        Err(report) => return Err(every_error(text, format, file).unwrap_or(report)),
    };
    plan.into_farm().map_err(|diagnostics| {
        let doc = parse(text, format, file).ok();
        Report::new(file, text, doc.as_ref(), diagnostics)
    })
}

/// Every error of a plan that did not read whole, in one report: the reader's, and, when only VMs failed
/// to read, the whole-plan rules' on the plan without them (a rule about several VMs, the networks or the
/// public addresses does not wait for a second run). Leaving out a VM that did not read adds no error of
/// its own: nothing names a VM but the VM itself. `None` for a syntax error.
fn every_error(text: &str, format: Format, file: &str) -> Option<Report> {
    let doc = parse(text, format, file).ok()?;
    let mut reader = plan::read::Reader {
        diagnostics: Vec::new(),
    };
    let partly = plan::read::plan_partly(&mut reader, &doc);
    let mut diagnostics = reader.diagnostics;
    if let Some((plan, indexes)) = partly
        && let Err(found) = plan.into_farm()
    {
        diagnostics.extend(found.into_iter().map(|d| d.renumbered("vms", &indexes)));
    }
    Some(Report::new(file, text, Some(&doc), diagnostics))
}

/// `text` edited at each `(place, what)` of `edits` (the place taken modulo the length): `fragments[what]`
/// inserted there, or, past the fragments, the byte there removed; `None` if that is not UTF-8. For property
/// tests of the readers.
#[cfg(test)]
pub(crate) fn edited(text: &str, edits: &[(usize, usize)], fragments: &[&str]) -> Option<String> {
    let mut text = text.as_bytes().to_vec();
    for &(at, what) in edits {
        let at = at % (text.len() + 1);
        match fragments.get(what) {
            Some(fragment) => {
                text.splice(at..at, fragment.bytes());
            }
            None if at < text.len() => {
                text.remove(at);
            }
            None => {}
        }
    }
    String::from_utf8(text).ok()
}

#[cfg(test)]
mod tests {
    /// Every item reaches `work` once, in parts given back in order, each with the index of its first item.
    #[test]
    fn on_cores_gives_every_part_back_in_order() {
        for len in [0_usize, 1, 2, 3, 15, 16, 17, 100, 1001] {
            let items: Vec<usize> = (0..len).collect();
            let parts = super::on_cores(&items, |first, chunk| (first, chunk.to_vec()));
            let mut next = 0;
            for (first, chunk) in &parts {
                assert_eq!(*first, next, "{len} items");
                next += chunk.len();
            }
            let joined: Vec<usize> = parts.into_iter().flat_map(|(_, c)| c).collect();
            assert_eq!(joined, items);
        }
    }

    /// What an edit of a TOML plan inserts (an index past the end removes a byte instead).
    const TOML_FRAGMENTS: &[&str] = &[
        "[",
        "]",
        "=",
        "\"",
        "'",
        "\n",
        "[[vms]]\n",
        "#",
        "\"\"\"",
        "vms = []\n",
        "[vms]\n",
        "\\",
    ];

    /// The same for JSON.
    const JSON_FRAGMENTS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        " ",
        "vms",
        "\"vms\": [],",
        "\"a\\\"b\"",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Whatever is changed in a plan's text, reading it in parts gives the plan one reading gives, or
        /// leaves the text to one reading.
        #[test]
        fn any_edit_reads_the_same_in_parts_or_is_left_to_one_reading(
            edits in proptest::collection::vec((0_usize..1_000_000, 0_usize..13), 1..4),
            json: bool,
        ) {
            let plan = crate::synth(30, 1);
            let (text, fragments) = if json {
                (serde_json::to_string_pretty(&plan).unwrap(), JSON_FRAGMENTS)
            } else {
                (toml::to_string(&plan).unwrap(), TOML_FRAGMENTS)
            };
            let Some(text) = super::edited(&text, &edits, fragments) else {
                return Ok(());
            };
            let (parts, format) = if json {
                (crate::plan::split_json::read_json_in(&text, 3, 500), super::Format::Json)
            } else {
                (crate::plan::split::read_toml_in(&text, 3, 500), super::Format::Toml)
            };
            let whole = super::read(&text, format, "p").ok();
            proptest::prop_assert!(parts.is_none() || parts == whole, "{text}");
        }
    }
}
