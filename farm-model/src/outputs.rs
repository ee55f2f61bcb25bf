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
    /// certbot (its deploy hook, and the script run by hand that asks for the certificates): nothing to
    /// reload when they change.
    Certbot,
    /// Shorewall6, the IPv6 firewall (on a node with `prefix6`).
    Shorewall6,
    /// radvd, advertising the node's IPv6 prefix on the bridge.
    Radvd,
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
    /// `shorewall6 check`, the whole folder.
    Shorewall6,
    /// `radvd --configtest`.
    Radvd,
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
/// Shorewall6's params (none yet: the rules name addresses), readable by root only as Debian has it.
pub const SHOREWALL6_PARAMS: Output = Output {
    mode: 0o640,
    ..file(
        "etc/shorewall6",
        "params",
        Daemon::Shorewall6,
        Checker::Shorewall6,
    )
};
/// Another Shorewall6 file (zones, interfaces, policy, rules, shorewall6.conf), on a node with `prefix6`.
pub const SHOREWALL6: Output = file(
    "etc/shorewall6",
    "*",
    Daemon::Shorewall6,
    Checker::Shorewall6,
);
/// radvd.conf: the node's prefix advertised on the bridge, on a node with `prefix6`.
pub const RADVD_CONF: Output = file("etc", "radvd.conf", Daemon::Radvd, Checker::Radvd);
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
/// An HTTPS site's port-443 server, read by nginx once certbot's deploy hook links it into
/// `etc/nginx/farm-tls/enabled/` (never rendered: made on the node once the certificate exists).
pub const NGINX_TLS_SERVER: Output = file(
    "etc/nginx/farm-tls/available",
    "*.conf",
    Daemon::Nginx,
    Checker::Nginx,
);
/// An HTTPS site's line of the `$farm_https` map, linked in beside its server.
pub const NGINX_TLS_SWITCH: Output = file(
    "etc/nginx/farm-tls/available",
    "*.map",
    Daemon::Nginx,
    Checker::Nginx,
);
/// certbot's deploy hook: enables the HTTPS servers of a new certificate and reloads nginx.
pub const CERTBOT_HOOK: Output = Output {
    mode: 0o755,
    ..file(
        "etc/nginx/farm-tls",
        "deploy-hook",
        Daemon::Certbot,
        Checker::ShSyntax,
    )
};
/// The script that asks for every HTTPS site's certificate, safe to run twice.
pub const CERTBOT_ISSUE: Output = Output {
    mode: 0o755,
    ..file(
        "etc/nginx/farm-tls",
        "issue",
        Daemon::Certbot,
        Checker::ShSyntax,
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
pub const OUTPUTS: [Output; 23] = [
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
    SHOREWALL6_PARAMS,
    SHOREWALL6,
    RADVD_CONF,
    NGINX_HTTP,
    NGINX_SITE,
    NGINX_ENABLED,
    NGINX_TLS_SERVER,
    NGINX_TLS_SWITCH,
    CERTBOT_HOOK,
    CERTBOT_ISSUE,
    PROVISION,
    DRBD_MODPROBE,
    DRBD_CONF,
];

/// The output a path (relative to `/`) is one of, if any.
pub fn output_of(path: &str) -> Option<&'static Output> {
    OUTPUTS.iter().find(|o| o.matches(path))
}

/// Owner, group and mode, by name, of a folder the outputs lie in (or of one above them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Folder {
    /// The folder, under `/` on a node, without the leading `/` (`etc/bind`).
    pub folder: &'static str,
    /// Its owner.
    pub owner: &'static str,
    /// Its group.
    pub group: &'static str,
    /// Its mode, set-group-id bit included.
    pub mode: u32,
}

/// The folders Debian does not give `root:root 0755`: `/etc/bind` is `root:bind 2755` (named reads it as
/// `bind`, and files made in it keep that group).
pub const FOLDER_OWNERS: [Folder; 1] = [Folder {
    folder: "etc/bind",
    owner: "root",
    group: "bind",
    mode: 0o2755,
}];

/// What Debian gives the folder at `path` (relative to `/`): its entry in [`FOLDER_OWNERS`], else
/// `root:root 0755`.
pub fn folder_of(path: &str) -> Folder {
    FOLDER_OWNERS
        .iter()
        .find(|f| f.folder == path)
        .copied()
        .unwrap_or(Folder {
            folder: "",
            owner: "root",
            group: "root",
            mode: 0o755,
        })
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
        assert_eq!(output_of("etc/radvd.conf"), Some(&RADVD_CONF));
        assert_eq!(output_of("etc/shorewall6/rules"), Some(&SHOREWALL6));
        assert_eq!(
            output_of("etc/shorewall6/params").map(|o| o.mode),
            Some(0o640)
        );
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
        assert_eq!(
            output_of("etc/nginx/farm-tls/available/a.org.conf"),
            Some(&NGINX_TLS_SERVER)
        );
        assert_eq!(
            output_of("etc/nginx/farm-tls/available/a.org.map"),
            Some(&NGINX_TLS_SWITCH)
        );
        assert_eq!(
            output_of("etc/nginx/farm-tls/issue").map(|o| o.mode),
            Some(0o755)
        );
        assert_eq!(output_of("etc/nginx/farm-tls/enabled/a.org.conf"), None);
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
        assert_eq!(FOLDERS.len(), 15);
    }

    #[test]
    fn folders_with_owners_are_output_folders_and_others_are_root_s() {
        for folder in &FOLDER_OWNERS {
            assert!(FOLDERS.contains(&folder.folder), "{}", folder.folder);
            assert_eq!(folder_of(folder.folder), *folder);
        }
        assert_eq!(folder_of("etc/bind").group, "bind");
        assert_eq!(folder_of("etc/bind").mode, 0o2755);
        assert_eq!(folder_of("etc/nginx").owner, "root");
        assert_eq!(folder_of("etc/nginx").mode, 0o755);
    }
}
