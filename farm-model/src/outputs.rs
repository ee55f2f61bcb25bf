//! The registry of outputs: every file a render can make, where it lies on a node, which daemon reads it,
//! which checker judges it, and the mode, owner and group Debian gives that path. The renderers name their
//! files from it, the writer takes its managed folders, modes and owners from it, and the tests judge a
//! rendered tree by it.

/// The daemon (or tool) that reads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Daemon {
    /// BIND 9's `named`.
    Bind,
    /// ISC dhcpd.
    Dhcpd,
    /// Kea's DHCPv4 server.
    Kea,
    /// ifupdown, and the resolver's hosts file.
    Ifupdown,
    /// Shorewall.
    Shorewall,
    /// nginx.
    Nginx,
    /// Ganeti (a script run by hand on the cluster's master).
    Ganeti,
    /// DRBD's kernel module and tools (read when the module loads, left to Ganeti after).
    Drbd,
}

/// The checker that judges a file (or its folder) in the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Checker {
    /// `named-checkzone`, each zone file.
    NamedCheckzone,
    /// `named-checkconf -z`, named.conf with its zones.
    NamedCheckconf,
    /// `dhcpd -t`.
    Dhcpd,
    /// `kea-dhcp4 -t`.
    KeaDhcp4,
    /// `sh`, sourcing a defaults file for its variables.
    ShVars,
    /// `ifup --no-act`.
    Ifup,
    /// `shorewall check`, the whole folder.
    Shorewall,
    /// `nginx -t`, the sites with their http settings.
    Nginx,
    /// `sh -n`.
    ShSyntax,
    /// Read by another file's checker (the hosts file by none: the resolver reads it as it comes).
    None,
}

/// The longest file name the file systems a node runs on take, in bytes (Linux's `NAME_MAX`): a plan whose
/// names would make a longer one is refused where the name is written.
pub const NAME_MAX: usize = 255;

/// The longest node name, in bytes: a node's tree is the folder `OUT/<node>`, and a first render writes it
/// whole under a name 15 bytes longer (`.<node>.farmgen-new`) before renaming it in place.
pub const NODE_NAME_MAX: usize = NAME_MAX - ".farmgen-new".len() - 3;

/// What lies at an output's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A text file.
    File,
    /// A symbolic link.
    Link,
}

/// One kind of file a render makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Output {
    /// The folder it lies in, under `/` on a node, without the leading `/` (`etc/bind`).
    pub folder: &'static str,
    /// Its name in the folder; `*` stands for a part the farm decides (`db.*`: one per zone).
    pub name: &'static str,
    /// The daemon that reads it.
    pub daemon: Daemon,
    /// The checker that judges it.
    pub checker: Checker,
    /// A file or a link.
    pub kind: Kind,
    /// Its mode, as Debian has the path (a link's is its target's).
    pub mode: u32,
    /// Its owner.
    pub owner: &'static str,
    /// Its group.
    pub group: &'static str,
}

impl Output {
    /// The path of this output named `part` (standing for the `*` of its name; ignored without one).
    pub fn path(&self, part: &str) -> String {
        format!("{}/{}", self.folder, self.name.replacen('*', part, 1))
    }

    /// The file name of this output named `part` (its path's last component).
    pub fn file_name(&self, part: &str) -> String {
        self.name.replacen('*', part, 1)
    }

    /// Whether `path` (relative to `/`) is one of this output's.
    pub fn matches(&self, path: &str) -> bool {
        let Some(name) = path
            .strip_prefix(self.folder)
            .and_then(|rest| rest.strip_prefix('/'))
        else {
            return false;
        };
        if name.contains('/') {
            return false;
        }
        match self.name.split_once('*') {
            None => name == self.name,
            Some((head, tail)) => {
                name.len() > head.len() + tail.len()
                    && name.starts_with(head)
                    && name.ends_with(tail)
            }
        }
    }
}

const fn file(
    folder: &'static str,
    name: &'static str,
    daemon: Daemon,
    checker: Checker,
) -> Output {
    Output {
        folder,
        name,
        daemon,
        checker,
        kind: Kind::File,
        mode: 0o644,
        owner: "root",
        group: "root",
    }
}

/// A zone file: `db.` then the domain, or a reverse zone's octets (`db.10.10`).
pub const BIND_ZONE: Output = Output {
    group: "bind",
    ..file("etc/bind", "db.*", Daemon::Bind, Checker::NamedCheckzone)
};
/// named.conf.local: a zone statement per zone.
pub const NAMED_CONF_LOCAL: Output = Output {
    group: "bind",
    ..file(
        "etc/bind",
        "named.conf.local",
        Daemon::Bind,
        Checker::NamedCheckconf,
    )
};
/// named.conf.options.
pub const NAMED_CONF_OPTIONS: Output = Output {
    group: "bind",
    ..file(
        "etc/bind",
        "named.conf.options",
        Daemon::Bind,
        Checker::NamedCheckconf,
    )
};
/// dhcpd.conf.
pub const DHCPD_CONF: Output = file("etc/dhcp", "dhcpd.conf", Daemon::Dhcpd, Checker::Dhcpd);
/// The DHCP server's defaults: the interfaces it serves.
pub const DHCPD_DEFAULTS: Output = file(
    "etc/default",
    "isc-dhcp-server",
    Daemon::Dhcpd,
    Checker::ShVars,
);
/// kea-dhcp4.conf, instead of dhcpd.conf and its defaults when the plan says `dhcp.server = "kea"`.
pub const KEA_DHCP4_CONF: Output =
    file("etc/kea", "kea-dhcp4.conf", Daemon::Kea, Checker::KeaDhcp4);
/// /etc/network/interfaces.
pub const INTERFACES: Output = file("etc/network", "interfaces", Daemon::Ifupdown, Checker::Ifup);
/// /etc/hosts.
pub const HOSTS: Output = file("etc", "hosts", Daemon::Ifupdown, Checker::None);
/// Shorewall's params: readable by root only, as Debian has it (params may hold what rules should not show).
pub const SHOREWALL_PARAMS: Output = Output {
    mode: 0o640,
    ..file(
        "etc/shorewall",
        "params",
        Daemon::Shorewall,
        Checker::Shorewall,
    )
};
/// Another Shorewall file (zones, interfaces, policy, rules, snat, shorewall.conf).
pub const SHOREWALL: Output = file("etc/shorewall", "*", Daemon::Shorewall, Checker::Shorewall);
/// nginx's http settings for the sites (the server-name hash).
pub const NGINX_HTTP: Output = file(
    "etc/nginx/conf.d",
    "farm.conf",
    Daemon::Nginx,
    Checker::Nginx,
);
/// A site's server block, named by its server name.
pub const NGINX_SITE: Output = file(
    "etc/nginx/sites-available",
    "*",
    Daemon::Nginx,
    Checker::Nginx,
);
/// The link enabling a site.
pub const NGINX_ENABLED: Output = Output {
    kind: Kind::Link,
    mode: 0o777,
    ..file(
        "etc/nginx/sites-enabled",
        "*",
        Daemon::Nginx,
        Checker::Nginx,
    )
};
/// The provisioning script, on the cluster's master.
pub const PROVISION: Output = Output {
    mode: 0o755,
    ..file(
        "etc/ganeti",
        "provision.sh",
        Daemon::Ganeti,
        Checker::ShSyntax,
    )
};
/// DRBD's module options, on every node when a VM uses DRBD.
pub const DRBD_MODPROBE: Output = file("etc/modprobe.d", "drbd.conf", Daemon::Drbd, Checker::None);
/// DRBD's own configuration, empty (Ganeti configures the devices), on every node when a VM uses DRBD.
pub const DRBD_CONF: Output = file("etc", "drbd.conf", Daemon::Drbd, Checker::None);

/// Every output, in the order a node's files are rendered; a path is the first output it matches.
pub const OUTPUTS: [Output; 16] = [
    BIND_ZONE,
    NAMED_CONF_LOCAL,
    NAMED_CONF_OPTIONS,
    DHCPD_CONF,
    DHCPD_DEFAULTS,
    KEA_DHCP4_CONF,
    INTERFACES,
    HOSTS,
    SHOREWALL_PARAMS,
    SHOREWALL,
    NGINX_HTTP,
    NGINX_SITE,
    NGINX_ENABLED,
    PROVISION,
    DRBD_MODPROBE,
    DRBD_CONF,
];

/// The output a path (relative to `/`) is one of, if any.
pub fn output_of(path: &str) -> Option<&'static Output> {
    OUTPUTS.iter().find(|o| o.matches(path))
}

/// How many folders the outputs lie in.
const FOLDER_COUNT: usize = {
    let mut count = 0;
    let mut i = 0;
    while i < OUTPUTS.len() {
        if first_in_folder(i) {
            count += 1;
        }
        i += 1;
    }
    count
};

/// The folders the outputs lie in, each once, in the order of [`OUTPUTS`]: the folders whose generated
/// files a render owns.
pub const FOLDERS: [&str; FOLDER_COUNT] = {
    let mut folders = [""; FOLDER_COUNT];
    let (mut i, mut n) = (0, 0);
    while i < OUTPUTS.len() {
        if first_in_folder(i) {
            folders[n] = OUTPUTS[i].folder;
            n += 1;
        }
        i += 1;
    }
    folders
};

/// Whether output `i` is the first of its folder.
const fn first_in_folder(i: usize) -> bool {
    let mut j = 0;
    while j < i {
        if same(OUTPUTS[j].folder.as_bytes(), OUTPUTS[i].folder.as_bytes()) {
            return false;
        }
        j += 1;
    }
    true
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut k = 0;
    while k < a.len() {
        if a[k] != b[k] {
            return false;
        }
        k += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_their_output() {
        assert_eq!(output_of("etc/bind/db.farm"), Some(&BIND_ZONE));
        assert_eq!(output_of("etc/bind/db.10.10"), Some(&BIND_ZONE));
        assert_eq!(
            output_of("etc/bind/named.conf.local"),
            Some(&NAMED_CONF_LOCAL)
        );
        assert_eq!(output_of("etc/hosts"), Some(&HOSTS));
        assert_eq!(output_of("etc/kea/kea-dhcp4.conf"), Some(&KEA_DHCP4_CONF));
        assert_eq!(output_of("etc/shorewall/rules"), Some(&SHOREWALL));
        assert_eq!(
            output_of("etc/shorewall/params").map(|o| o.mode),
            Some(0o640)
        );
        assert_eq!(
            output_of("etc/nginx/sites-enabled/a.org"),
            Some(&NGINX_ENABLED)
        );
        assert_eq!(
            output_of("etc/ganeti/provision.sh").map(|o| o.mode),
            Some(0o755)
        );
        assert_eq!(output_of("etc/bind/db."), None);
        assert_eq!(output_of("etc/bind/x/db.farm"), None);
        assert_eq!(output_of("etc/passwd"), None);
        assert_eq!(BIND_ZONE.path("farm"), "etc/bind/db.farm");
    }

    #[test]
    fn folders_are_each_output_s_once() {
        for output in &OUTPUTS {
            assert_eq!(FOLDERS.iter().filter(|f| **f == output.folder).count(), 1);
        }
        assert!(
            FOLDERS
                .iter()
                .all(|f| OUTPUTS.iter().any(|o| o.folder == *f))
        );
        assert_eq!(FOLDERS.len(), 12);
    }
}
