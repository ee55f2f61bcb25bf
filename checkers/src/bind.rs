//! BIND's checkers: `named-checkzone` and `named-checkconf`.
//!
//! Their errors come on standard output; both streams are kept. `named-checkzone` exits 0 when it ignores
//! out-of-zone data, so that message is a failure here.

use std::ffi::OsStr;
use std::path::Path;

use crate::run::{self, Failure, Ran, Tool, Verdict};

/// Lines that BIND prints while exiting 0 but that mean our file said something it did not keep.
const SILENT_FAILURES: [&str; 2] = ["out-of-zone", "ignoring"];

fn refuse_silent(tool: Tool, ran: Ran) -> Result<Verdict, Failure> {
    if let Some(line) = ran
        .output
        .lines()
        .find(|l| SILENT_FAILURES.iter().any(|s| l.contains(s)))
    {
        let reason = format!("exited 0 but dropped data: {line}");
        return Err(ran.failure(tool, reason));
    }
    ran.verdict(tool)
}

/// Runs `named-checkzone -k fail -i local [-D -o DUMP] ORIGIN FILE` on `text` in a temporary folder
/// (`-i local`: no look-ups of names outside the zone, which would go to the network). `Ok(None)` when the
/// checker is missing outside CI; the folder (holding `dump`) lives as long as the result.
fn checkzone(
    origin: &str,
    text: &str,
    dump: bool,
) -> Result<Option<(Ran, tempfile::TempDir)>, Failure> {
    let tool = Tool::NamedCheckzone;
    let Some(program) = run::require(tool)? else {
        return Ok(None);
    };
    let dir = run::temp_dir(tool)?;
    let file = dir.path().join("zone");
    let out = dir.path().join("dump");
    run::write(tool, &file, text)?;
    let mut args = vec![
        OsStr::new("-k"),
        OsStr::new("fail"),
        OsStr::new("-i"),
        OsStr::new("local"),
    ];
    if dump {
        args.extend([OsStr::new("-D"), OsStr::new("-o"), out.as_os_str()]);
    }
    args.extend([OsStr::new(origin), file.as_os_str()]);
    let ran = run::run(tool, &program, &args)?;
    Ok(Some((ran, dir)))
}

/// `named-checkzone -k fail -i local ORIGIN FILE` on `text`; an `out-of-zone` or `ignoring` line is a
/// failure too.
pub fn zone(origin: &str, text: &str) -> Result<Verdict, Failure> {
    let tool = Tool::NamedCheckzone;
    match checkzone(origin, text, false)? {
        Some((ran, _dir)) => refuse_silent(tool, ran),
        None => Ok(Verdict::Skipped { tool }),
    }
}

/// One record of BIND's canonical dump (`named-checkzone -D`): absolute owner, TTL in seconds, class, type,
/// and the data as printed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DumpRecord {
    /// The owner, absolute, as BIND prints it.
    pub owner: String,
    /// The TTL in seconds.
    pub ttl: u32,
    /// The class (`IN`).
    pub class: String,
    /// The record type (`A`, `PTR`, ...).
    pub rtype: String,
    /// The record data as BIND prints it (BIND separates its fields with single spaces).
    pub rdata: String,
}

impl DumpRecord {
    /// For a PTR record under `in-addr.arpa.`, the IPv4 address its owner names (`4.3.2.1.in-addr.arpa.`
    /// is `1.2.3.4`); `None` for any other record.
    pub fn ptr_address(&self) -> Option<String> {
        if self.rtype != "PTR" {
            return None;
        }
        let labels = self.owner.strip_suffix(".in-addr.arpa.")?;
        Some(labels.split('.').rev().collect::<Vec<_>>().join("."))
    }
}

impl std::fmt::Display for DumpRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {} {} {}",
            self.owner, self.ttl, self.class, self.rtype, self.rdata
        )
    }
}

/// Reads a canonical dump (`named-checkzone -D` output) into records; comment and blank lines are skipped,
/// and a line that is not a record is returned as the error.
pub fn parse_dump(text: &str) -> Result<Vec<DumpRecord>, String> {
    let mut records = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        let mut rest = line;
        let mut word = || {
            let trimmed = rest.trim_start();
            let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            let (w, after) = trimmed.split_at(end);
            rest = after;
            w
        };
        let (owner, ttl, class, rtype) = (word(), word(), word(), word());
        if rtype.is_empty() {
            return Err(line.to_owned());
        }
        let ttl = ttl.parse().map_err(|_| line.to_owned())?;
        records.push(DumpRecord {
            owner: owner.to_owned(),
            ttl,
            class: class.to_owned(),
            rtype: rtype.to_owned(),
            rdata: rest.trim().to_owned(),
        });
    }
    Ok(records)
}

/// BIND's reading of `text` as the zone `origin`: `named-checkzone -k fail -i local -D`, every record as BIND
/// understood it (`-i local`, as [`zone`]). `Ok(None)` when the checker is missing outside CI.
pub fn zone_dump(origin: &str, text: &str) -> Result<Option<Vec<DumpRecord>>, Failure> {
    let tool = Tool::NamedCheckzone;
    let Some((ran, dir)) = checkzone(origin, text, true)? else {
        return Ok(None);
    };
    let dump = dir.path().join("dump");
    let command = ran.command.clone();
    refuse_silent(tool, ran)?;
    let text = std::fs::read_to_string(&dump).map_err(|e| Failure {
        tool,
        command: command.clone(),
        reason: format!("wrote no readable dump: {e}"),
        output: String::new(),
    })?;
    parse_dump(&text).map(Some).map_err(|line| Failure {
        tool,
        command,
        reason: format!("printed a dump line that is not a record: {line:?}"),
        output: text,
    })
}

/// `named-checkconf -z -t ROOT FILE`: checks the configuration `file` (a path inside `root`, e.g.
/// `/etc/bind/named.conf.local`) as if `root` were `/`, and loads every zone it names.
pub fn named_conf(root: &Path, file: &str) -> Result<Verdict, Failure> {
    let tool = Tool::NamedCheckconf;
    let Some(program) = run::require(tool)? else {
        return Ok(Verdict::Skipped { tool });
    };
    let ran = run::run(
        tool,
        &program,
        &[
            OsStr::new("-z"),
            OsStr::new("-t"),
            root.as_os_str(),
            OsStr::new(file),
        ],
    )?;
    refuse_silent(tool, ran)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dump_lines_are_read() {
        let text = "; comment\nfarm.\t\t\t3600 IN SOA\tns.farm. hostmaster.farm. 1 2 3 4 5\n\nns.farm. 60 IN A\t\t10.0.0.1\n";
        let records = parse_dump(text).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(
            records[0].to_string(),
            "farm. 3600 IN SOA ns.farm. hostmaster.farm. 1 2 3 4 5"
        );
        assert_eq!(records[1].rdata, "10.0.0.1");
        let txt = parse_dump("t.farm. 60 IN TXT\t\"a  b\" \"c\"\n").unwrap();
        assert_eq!(txt[0].rdata, "\"a  b\" \"c\"");
        assert_eq!(
            parse_dump("farm. x IN A 1.2.3.4"),
            Err("farm. x IN A 1.2.3.4".into())
        );
    }

    #[test]
    fn ptr_owners_name_their_address() {
        let records = parse_dump(
            "4.3.2.1.in-addr.arpa. 60 IN PTR a.farm.
farm. 60 IN NS ns.farm.
",
        )
        .unwrap();
        assert_eq!(records[0].ptr_address().as_deref(), Some("1.2.3.4"));
        assert_eq!(records[1].ptr_address(), None);
    }
}
