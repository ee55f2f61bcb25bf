//! The files an import reads, each through its format crate's reader; every syntax error of every file.

use std::collections::{BTreeMap, BTreeSet};

use bind_zone::Name;
use bind_zone::read::{NamedConfRead, ZoneRead};
use dhcpd_conf::read::DhcpdRead;
use ganeti::read::CommandsRead;
use netif::read::InterfacesRead;
use nginx_site::read::SiteRead;
use shorewall::read::{ParamsRead, RulesRead};

use super::{ImportError, Note, Tree};
use crate::{Contents, Farm, RenderOptions};

/// A file's reading, with its path.
pub(super) struct Read<T> {
    /// Where it lies under `/`.
    pub path: String,
    /// What its reader gave.
    pub read: T,
}

/// Every file read.
pub(super) struct Files {
    /// The text of every file read, by path.
    pub texts: BTreeMap<String, String>,
    pub named_local: Option<Read<NamedConfRead>>,
    pub named_options: Option<Read<NamedConfRead>>,
    /// The zones named by `named.conf.local`, with their origins.
    pub zones: Vec<(Name, Read<ZoneRead>)>,
    pub dhcpd: Option<Read<DhcpdRead>>,
    pub interfaces: Option<Read<InterfacesRead>>,
    pub params: Option<Read<ParamsRead>>,
    pub rules: Option<Read<RulesRead>>,
    pub sites: Vec<Read<SiteRead>>,
    pub ganeti: Option<Read<CommandsRead>>,
    /// A `gnt-instance list` dump.
    pub instance_list: Option<Read<Vec<vocabulary::read::At<ganeti::read::InstanceListRow>>>>,
}

/// A file's place: `path`, or the hand-written fragment of it (`path.fragment`) that a reference tree
/// keeps instead.
fn find(tree: &dyn Tree, path: &str, errors: &mut Vec<ImportError>) -> Option<(String, String)> {
    for candidate in [path.to_owned(), format!("{path}.fragment")] {
        match tree.read(&candidate) {
            Ok(Some(text)) => return Some((candidate, text)),
            Ok(None) => {}
            Err(e) => {
                errors.push(ImportError {
                    file: candidate,
                    line: 0,
                    col: 0,
                    message: e,
                });
                return None;
            }
        }
    }
    None
}

/// Reads `path` with `reader`, keeping its text; a syntax error is pushed to `errors`.
fn read_one<T>(
    tree: &dyn Tree,
    path: &str,
    reader: impl Fn(&str) -> Result<T, vocabulary::ReadError>,
    texts: &mut BTreeMap<String, String>,
    errors: &mut Vec<ImportError>,
) -> Option<Read<T>> {
    let (path, text) = find(tree, path, errors)?;
    let result = reader(&text);
    texts.insert(path.clone(), text);
    match result {
        Ok(read) => Some(Read { path, read }),
        Err(e) => {
            errors.push(ImportError {
                file: path,
                line: e.line,
                col: e.col,
                message: e.message,
            });
            None
        }
    }
}

/// The path under `/` of a file that `named.conf` names (`/etc/bind/db.farm`; a relative one is in
/// `/etc/bind`).
fn conf_path(file: &str) -> String {
    match file.strip_prefix('/') {
        Some(rest) => rest.to_owned(),
        None => format!("etc/bind/{file}"),
    }
}

/// Where a dump of `gnt-instance list` is kept, beside the node's `/etc`.
pub(super) const INSTANCE_LIST: &str = "gnt-instance-list.txt";

/// Reads every file an import uses: every syntax error of every file, or the readings.
pub(super) fn read_all(tree: &dyn Tree) -> Result<Files, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut texts = BTreeMap::new();
    let t = &mut texts;
    let e = &mut errors;
    let named_local = read_one(
        tree,
        "etc/bind/named.conf.local",
        bind_zone::read::read_named_conf,
        t,
        e,
    );
    let named_options = read_one(
        tree,
        "etc/bind/named.conf.options",
        bind_zone::read::read_named_conf,
        t,
        e,
    );
    let mut zones = Vec::new();
    for zone in named_local.iter().flat_map(|n| &n.read.zones) {
        let bind_zone::ZoneKind::Primary { file, .. } = zone.value.kind() else {
            continue;
        };
        let origin = zone.value.name().clone();
        let path = conf_path(file.as_str());
        let o = origin.clone();
        if let Some(read) = read_one(
            tree,
            &path,
            move |text| bind_zone::read::read_zone(text, &o),
            t,
            e,
        ) {
            zones.push((origin, read));
        } else if !e
            .iter()
            .any(|err| err.file == path || err.file == format!("{path}.fragment"))
        {
            e.push(ImportError {
                file: named_local
                    .as_ref()
                    .map_or_else(String::new, |n| n.path.clone()),
                line: zone.line,
                col: zone.col,
                message: format!(
                    "zone {} is in {path}, which is not there",
                    zone.value.name()
                ),
            });
        }
    }
    let dhcpd = read_one(
        tree,
        "etc/dhcp/dhcpd.conf",
        dhcpd_conf::read::read_dhcpd_conf,
        t,
        e,
    );
    let interfaces = read_one(
        tree,
        "etc/network/interfaces",
        netif::read::read_interfaces,
        t,
        e,
    );
    let params = read_one(
        tree,
        "etc/shorewall/params",
        shorewall::read::read_params,
        t,
        e,
    );
    let rules = read_one(
        tree,
        "etc/shorewall/rules",
        shorewall::read::read_rules,
        t,
        e,
    );
    let mut sites = Vec::new();
    match tree.list("etc/nginx/sites-available") {
        Ok(names) => {
            for name in names {
                let path = format!("etc/nginx/sites-available/{name}");
                sites.extend(read_one(tree, &path, nginx_site::read::read_site, t, e));
            }
        }
        Err(message) => e.push(ImportError {
            file: "etc/nginx/sites-available".into(),
            line: 0,
            col: 0,
            message,
        }),
    }
    let mut ganeti = read_one(
        tree,
        "etc/ganeti/provision.sh",
        ganeti::read::read_commands,
        t,
        e,
    );
    if ganeti.is_none() {
        ganeti = read_one(tree, "commands.txt", ganeti::read::read_commands, t, e);
    }
    let instance_list = read_one(tree, INSTANCE_LIST, ganeti::read::read_instance_list, t, e);
    if !errors.is_empty() {
        errors.sort();
        return Err(errors);
    }
    Ok(Files {
        texts,
        named_local,
        named_options,
        zones,
        dhcpd,
        interfaces,
        params,
        rules,
        sites,
        ganeti,
        instance_list,
    })
}

/// A line with its blank space made one space.
fn words(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The candidates whose line the imported plan renders as written (into the same file) need no note: the
/// plan says them. The others become notes.
///
/// The other files the plan renders are not read: a line of theirs that the plan does not render as it is
/// written is a note too (`INTERFACES="br0"` in `etc/default/isc-dhcp-server`).
pub(super) fn unrendered_notes(
    tree: &dyn Tree,
    files: &Files,
    farm: &Farm,
    candidates: Vec<Note>,
    notes: &mut Vec<Note>,
) {
    let Ok(today) = bind_zone::SerialDate::new(2000, 1, 1) else {
        notes.extend(candidates);
        return;
    };
    let options = RenderOptions {
        plan_name: "imported.toml".into(),
        today,
    };
    let rendered: BTreeMap<String, BTreeSet<String>> = crate::render(farm, &options, &|_, _| None)
        .map(|files| {
            files
                .into_iter()
                .filter_map(|f| match f.contents {
                    Contents::Text(text) => Some((f.path, text.lines().map(words).collect())),
                    Contents::Link(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    for (path, lines) in &rendered {
        let fragment = format!("{path}.fragment");
        if files.texts.contains_key(path) || files.texts.contains_key(&fragment) {
            continue;
        }
        for file in [path.clone(), fragment] {
            match tree.read(&file) {
                Ok(Some(text)) => {
                    // One note a file, at its first line the plan does not write as it is.
                    let unsaid: Vec<usize> = text
                        .lines()
                        .enumerate()
                        .filter(|(_, line)| {
                            let line = line.trim();
                            let comment = ["#", ";", "//"].iter().any(|c| line.starts_with(c));
                            !line.is_empty() && !comment && !lines.contains(&words(line))
                        })
                        .map(|(i, _)| i + 1)
                        .collect();
                    if let Some(&first) = unsaid.first() {
                        let message = match unsaid.len() {
                            1 => "not read: the plan writes this file its own way".to_owned(),
                            n => format!(
                                "not read: the plan writes this file its own way ({n} lines it does not write as they are, from this one)"
                            ),
                        };
                        notes.push(Note {
                            file,
                            line: first,
                            message,
                        });
                    }
                    break;
                }
                Ok(None) => {}
                Err(e) => {
                    notes.push(Note {
                        file,
                        line: 0,
                        message: format!("not read: {e}"),
                    });
                    break;
                }
            }
        }
    }
    for note in candidates {
        let path = note.file.trim_end_matches(".fragment");
        let line = files
            .texts
            .get(&note.file)
            .and_then(|t| t.lines().nth(note.line.saturating_sub(1)))
            .map(words);
        let said = match (rendered.get(path), line) {
            (Some(lines), Some(line)) => lines.contains(&line),
            _ => false,
        };
        if !said {
            notes.push(note);
        }
    }
}
