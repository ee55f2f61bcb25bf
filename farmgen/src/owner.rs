//! Who owns a file farmgen makes, and with what mode: a replaced file keeps what it had; a new file gets what
//! Debian gives its path ([`debian`]). Owners and groups are set only by root, and only to a group that
//! exists; anyone else keeps their own.

use std::collections::HashMap;

use crate::dir::Keep;

/// Owner, group and mode, by name: what a path is given on Debian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ownership {
    /// The owner's name.
    pub owner: &'static str,
    /// The group's name.
    pub group: &'static str,
    /// The permission bits.
    pub mode: u32,
}

/// What Debian gives a file at `path` (relative to the node's root, e.g. `etc/bind/db.farm`) when the
/// package that reads it is installed, as the registry of outputs ([`farm_model::outputs`]) says for the
/// path (`/etc/bind`'s files `root:bind`, Shorewall's `params` 0640, the provisioning script executable);
/// a path that is no output (farmgen's own state) is `root:root 0644`.
pub fn debian(path: &str) -> Ownership {
    match farm_model::outputs::output_of(path) {
        Some(output) => Ownership {
            owner: output.owner,
            group: output.group,
            mode: output.mode,
        },
        None => Ownership {
            owner: "root",
            group: "root",
            mode: 0o644,
        },
    }
}

/// What Debian gives a folder at `path` (relative to the node's root), as the registry's
/// [`farm_model::outputs::folder_of`] says: `etc/bind` is `root:bind 2755`, anything else `root:root 0755`.
pub fn debian_folder(path: &str) -> Ownership {
    let folder = farm_model::outputs::folder_of(path);
    Ownership {
        owner: folder.owner,
        group: folder.group,
        mode: folder.mode,
    }
}

/// Turns owners' and groups' names into ids: only when running as root (no one else may give a file
/// away), from this host's `/etc/passwd` and `/etc/group`.
#[derive(Debug, Default)]
pub struct Ids {
    root: bool,
    users: HashMap<String, u32>,
    groups: HashMap<String, u32>,
}

/// `name:x:id:...` lines: name to id.
fn table(text: &str) -> HashMap<String, u32> {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let id = fields.nth(1)?.parse().ok()?;
            Some((name.to_owned(), id))
        })
        .collect()
}

impl Ids {
    /// This host's users and groups, if running as root (else an empty table: nothing is given away).
    pub fn of_host() -> Ids {
        if !rustix::process::geteuid().is_root() {
            return Ids::default();
        }
        let read = |path| std::fs::read_to_string(path).unwrap_or_default();
        Ids {
            root: true,
            users: table(&read("/etc/passwd")),
            groups: table(&read("/etc/group")),
        }
    }

    /// The owner, group and mode to set for `ownership`: ids only as root and only for an owner and a
    /// group that exist (else the caller's own are kept).
    pub fn keep(&self, ownership: Ownership) -> Keep {
        let (uid, gid) = match (
            self.users.get(ownership.owner),
            self.groups.get(ownership.group),
        ) {
            (Some(&uid), Some(&gid)) if self.root => (Some(uid), Some(gid)),
            _ => (None, None),
        };
        Keep {
            uid,
            gid,
            mode: ownership.mode,
            xattrs: Vec::new(),
        }
    }

    /// What a new file at `path` gets: [`debian`]'s.
    pub fn file(&self, path: &str) -> Keep {
        self.keep(debian(path))
    }

    /// What a new folder at `path` gets: [`debian_folder`]'s.
    pub fn folder(&self, path: &str) -> Keep {
        self.keep(debian_folder(path))
    }

    /// What a replaced file keeps of `old`: everything if root; otherwise mode and attributes (the owner
    /// and group become the caller's, who cannot give the file away).
    pub fn kept(&self, mut old: Keep) -> Keep {
        if !self.root {
            old.uid = None;
            old.gid = None;
        }
        old
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debian_gives_bind_its_group_and_the_script_its_execute_bit() {
        assert_eq!(debian("etc/bind/db.farm").group, "bind");
        assert_eq!(debian("etc/bind/db.farm").mode, 0o644);
        assert_eq!(debian("etc/ganeti/provision.sh").mode, 0o755);
        assert_eq!(debian("etc/shorewall/params").mode, 0o640);
        assert_eq!(debian("etc/nginx/farm-tls/deploy-hook").mode, 0o755);
        assert_eq!(debian("etc/nginx/farm-tls/issue").mode, 0o755);
        assert_eq!(
            debian("etc/nginx/farm-tls/available/a.org.conf").mode,
            0o644
        );
        assert_eq!(debian("var/lib/farmgen/pending").mode, 0o644);
        assert_eq!(debian("etc/hosts"), debian("etc/dhcp/dhcpd.conf"));
        assert_eq!(debian_folder("etc/bind").mode, 0o2755);
    }

    #[test]
    fn names_become_ids_only_for_root_and_existing_groups() {
        let ids = Ids {
            root: true,
            users: table("root:x:0:0:root:/root:/bin/sh\n"),
            groups: table("root:x:0:\nbind:x:107:\n"),
        };
        let bind = debian("etc/bind/named.conf.local");
        assert_eq!(
            (ids.keep(bind).uid, ids.keep(bind).gid),
            (Some(0), Some(107))
        );
        let missing = Ownership {
            group: "nogroup-here",
            ..bind
        };
        assert_eq!(ids.keep(missing).gid, None);
        let user = Ids { root: false, ..ids };
        assert_eq!(user.keep(bind).gid, None);
        assert_eq!(user.keep(bind).mode, 0o644);
    }
}
