//! The command lines: `gnt-cluster init` and `gnt-instance add`.

use std::collections::HashSet;
use std::fmt;

use macaddr::MacAddr6;

use crate::script::shell_quote;
use crate::{Error, HostName, HvKey, HvValue, LinkName, OsName, Size, VgName};

/// A hypervisor Ganeti drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Hypervisor {
    /// `kvm`.
    Kvm,
    /// `xen-pvm`.
    XenPvm,
    /// `xen-hvm`.
    XenHvm,
    /// `lxc`.
    Lxc,
}

impl Hypervisor {
    /// Its name on Ganeti's command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Hypervisor::Kvm => "kvm",
            Hypervisor::XenPvm => "xen-pvm",
            Hypervisor::XenHvm => "xen-hvm",
            Hypervisor::Lxc => "lxc",
        }
    }
}

impl std::str::FromStr for Hypervisor {
    type Err = Error;
    fn from_str(s: &str) -> Result<Hypervisor, Error> {
        [
            Hypervisor::Kvm,
            Hypervisor::XenPvm,
            Hypervisor::XenHvm,
            Hypervisor::Lxc,
        ]
        .into_iter()
        .find(|h| h.as_str() == s)
        .ok_or_else(|| Error::InvalidValue {
            what: "hypervisor",
            value: s.to_owned(),
            reason: "known: kvm, xen-pvm, xen-hvm, lxc",
        })
    }
}

/// How an instance's disks are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiskTemplate {
    /// LVM volumes on the primary node.
    Plain,
    /// LVM volumes mirrored by DRBD to a secondary node.
    Drbd,
    /// Files on the primary node.
    File,
}

impl std::str::FromStr for DiskTemplate {
    type Err = Error;
    fn from_str(s: &str) -> Result<DiskTemplate, Error> {
        [DiskTemplate::Plain, DiskTemplate::Drbd, DiskTemplate::File]
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| Error::InvalidValue {
                what: "disk template",
                value: s.to_owned(),
                reason: "known: plain, drbd, file",
            })
    }
}

impl fmt::Display for DiskTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Hypervisor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for DiskTemplate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl serde::Serialize for Hypervisor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl DiskTemplate {
    /// Its name on Ganeti's command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DiskTemplate::Plain => "plain",
            DiskTemplate::Drbd => "drbd",
            DiskTemplate::File => "file",
        }
    }
}

/// A network card: its MAC, and the link (bridge) it is plugged into if not the cluster's default.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nic {
    mac: MacAddr6,
    link: Option<LinkName>,
}

impl Nic {
    /// Checks the MAC: unicast, not all zeros.
    pub fn new(mac: MacAddr6, link: Option<LinkName>) -> Result<Nic, Error> {
        let text = mac_text(mac);
        if mac.is_nil() {
            return Err(Error::InvalidMac {
                mac: text,
                reason: "all zeros",
            });
        }
        if mac.is_multicast() {
            return Err(Error::InvalidMac {
                mac: text,
                reason: "multicast (its first byte is odd)",
            });
        }
        Ok(Nic { mac, link })
    }
}

fn mac_text(mac: MacAddr6) -> String {
    MacText(mac).to_string()
}

/// Writes argv as shell words.
fn write_words(f: &mut fmt::Formatter<'_>, words: &[String]) -> fmt::Result {
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            f.write_str(" ")?;
        }
        f.write_str(&shell_quote(word))?;
    }
    Ok(())
}

/// `gnt-cluster init`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterInit {
    name: HostName,
    hypervisors: Vec<Hypervisor>,
    /// `--no-etc-hosts`: Ganeti leaves /etc/hosts alone (the farm's DNS knows the names).
    pub no_etc_hosts: bool,
    /// `--nic-parameters link=BRIDGE`: the default link of new NICs.
    pub nic_link: Option<LinkName>,
    /// `--master-netdev DEV`: where the cluster's address lives.
    pub master_netdev: Option<LinkName>,
    /// `--vg-name VG`: the LVM volume group of plain and DRBD disks.
    pub volume_group: Option<VgName>,
    /// `--enabled-disk-templates=T,...`: the disk templates instances may use (none written: Ganeti's
    /// default).
    pub enabled_disk_templates: Vec<DiskTemplate>,
    /// `--drbd-usermode-helper=/bin/true`: DRBD's user-mode helper set to a program that does nothing, as
    /// Ganeti wants it (the DRBD module loaded with `usermode_helper=/bin/true`).
    pub drbd_helper_true: bool,
}

impl ClusterInit {
    /// The cluster `name` with at least one enabled hypervisor, given once each.
    pub fn new(name: HostName, hypervisors: Vec<Hypervisor>) -> Result<ClusterInit, Error> {
        let invalid = |reason| Error::InvalidCommand {
            command: format!("gnt-cluster init {name}"),
            reason,
        };
        if hypervisors.is_empty() {
            return Err(invalid("at least one hypervisor must be enabled"));
        }
        let mut seen = HashSet::new();
        if !hypervisors.iter().all(|h| seen.insert(*h)) {
            return Err(invalid("a hypervisor is enabled twice"));
        }
        Ok(ClusterInit {
            name,
            hypervisors,
            no_etc_hosts: false,
            nic_link: None,
            master_netdev: None,
            volume_group: None,
            enabled_disk_templates: Vec::new(),
            drbd_helper_true: false,
        })
    }

    /// The cluster's name.
    pub fn name(&self) -> &HostName {
        &self.name
    }

    /// The words of the command, as the program receives them.
    pub fn argv(&self) -> Vec<String> {
        let mut argv = vec!["gnt-cluster".to_owned(), "init".to_owned()];
        if self.no_etc_hosts {
            argv.push("--no-etc-hosts".into());
        }
        let hypervisors: Vec<&str> = self.hypervisors.iter().map(|h| h.as_str()).collect();
        argv.push(format!("--enabled-hypervisors={}", hypervisors.join(",")));
        if let Some(link) = &self.nic_link {
            argv.extend(["--nic-parameters".into(), format!("link={link}")]);
        }
        if let Some(dev) = &self.master_netdev {
            argv.extend(["--master-netdev".into(), dev.to_string()]);
        }
        if let Some(vg) = &self.volume_group {
            argv.extend(["--vg-name".into(), vg.to_string()]);
        }
        if !self.enabled_disk_templates.is_empty() {
            let templates: Vec<&str> = self
                .enabled_disk_templates
                .iter()
                .map(|t| t.as_str())
                .collect();
            argv.push(format!("--enabled-disk-templates={}", templates.join(",")));
        }
        if self.drbd_helper_true {
            argv.push("--drbd-usermode-helper=/bin/true".into());
        }
        argv.push(self.name.to_string());
        argv
    }
}

impl fmt::Display for ClusterInit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_words(f, &self.argv())
    }
}

/// `gnt-node add`: another node joins the cluster (run on the master).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeAdd {
    name: HostName,
}

impl NodeAdd {
    /// The node `name` (its fully qualified host name).
    pub fn new(name: HostName) -> NodeAdd {
        NodeAdd { name }
    }

    /// The node's name.
    pub fn name(&self) -> &HostName {
        &self.name
    }

    /// The words of the command, as the program receives them.
    pub fn argv(&self) -> Vec<String> {
        vec!["gnt-node".into(), "add".into(), self.name.to_string()]
    }
}

impl fmt::Display for NodeAdd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_words(f, &self.argv())
    }
}

/// `gnt-instance add`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceAdd {
    name: HostName,
    template: DiskTemplate,
    disks: Vec<Size>,
    memory: Size,
    vcpus: u32,
    hypervisor: Option<(Hypervisor, Vec<(HvKey, HvValue)>)>,
    primary: HostName,
    secondary: Option<HostName>,
    os: OsName,
    nics: Vec<Nic>,
}

impl InstanceAdd {
    /// An instance with its disks, memory and CPUs on `primary` (and `secondary`, for DRBD only), installed
    /// with `os`. Checked: at least one disk, at least one CPU, a secondary node exactly for DRBD and not the
    /// primary.
    #[allow(
        clippy::too_many_arguments,
        reason = "every argument is a required part of the command"
    )]
    pub fn new(
        name: HostName,
        template: DiskTemplate,
        disks: Vec<Size>,
        memory: Size,
        vcpus: u32,
        primary: HostName,
        secondary: Option<HostName>,
        os: OsName,
    ) -> Result<InstanceAdd, Error> {
        let invalid = |reason| Error::InvalidCommand {
            command: format!("gnt-instance add {name}"),
            reason,
        };
        if disks.is_empty() {
            return Err(invalid("an instance needs at least one disk"));
        }
        if vcpus == 0 {
            return Err(invalid("an instance needs at least one CPU"));
        }
        match (&template, &secondary) {
            (DiskTemplate::Drbd, None) => {
                return Err(invalid("a DRBD instance needs a secondary node"));
            }
            (DiskTemplate::Drbd, Some(s)) if *s == primary => {
                return Err(invalid("the secondary node must differ from the primary"));
            }
            (DiskTemplate::Plain | DiskTemplate::File, Some(_)) => {
                return Err(invalid("only DRBD instances have a secondary node"));
            }
            _ => {}
        }
        Ok(InstanceAdd {
            name,
            template,
            disks,
            memory,
            vcpus,
            hypervisor: None,
            primary,
            secondary,
            os,
            nics: Vec::new(),
        })
    }

    /// The same instance with hypervisor parameters (`-H kvm:boot_order=cdrom,...`), each key once.
    pub fn with_hypervisor(
        mut self,
        hypervisor: Hypervisor,
        params: Vec<(HvKey, HvValue)>,
    ) -> Result<InstanceAdd, Error> {
        let mut seen = HashSet::new();
        if params.iter().any(|(k, _)| !seen.insert(k)) {
            return Err(Error::InvalidCommand {
                command: format!("gnt-instance add {}", self.name),
                reason: "a hypervisor parameter is given twice",
            });
        }
        self.hypervisor = Some((hypervisor, params));
        Ok(self)
    }

    /// The same instance with `nics`.
    pub fn with_nics(mut self, nics: Vec<Nic>) -> InstanceAdd {
        self.nics = nics;
        self
    }

    /// The instance's name.
    pub fn name(&self) -> &HostName {
        &self.name
    }

    /// The words of the command, as the program receives them.
    pub fn argv(&self) -> Vec<String> {
        let mut argv = Vec::with_capacity(16);
        let _ = self.each_word(&mut |w| {
            argv.push(w.to_owned());
            Ok(())
        });
        argv
    }

    /// Calls `f` on each word in turn, building the composite words in one reused buffer.
    fn each_word(&self, f: &mut dyn FnMut(&str) -> fmt::Result) -> fmt::Result {
        use fmt::Write as _;
        let mut buf = String::with_capacity(128);
        for word in ["gnt-instance", "add", "-t", self.template.as_str()] {
            f(word)?;
        }
        for (i, disk) in self.disks.iter().enumerate() {
            f("--disk")?;
            buf.clear();
            write!(buf, "{i}:size={disk}")?;
            f(&buf)?;
        }
        f("-B")?;
        buf.clear();
        write!(buf, "memory={},vcpus={}", self.memory, self.vcpus)?;
        f(&buf)?;
        if let Some((hypervisor, params)) = &self.hypervisor {
            f("-H")?;
            buf.clear();
            buf.push_str(hypervisor.as_str());
            for (i, (key, value)) in params.iter().enumerate() {
                buf.push(if i == 0 { ':' } else { ',' });
                write!(buf, "{key}={value}")?;
            }
            f(&buf)?;
        }
        f("-n")?;
        buf.clear();
        match &self.secondary {
            Some(secondary) => write!(buf, "{}:{secondary}", self.primary)?,
            None => write!(buf, "{}", self.primary)?,
        }
        f(&buf)?;
        f("-o")?;
        f(self.os.as_str())?;
        for (i, nic) in self.nics.iter().enumerate() {
            f("--net")?;
            buf.clear();
            write!(buf, "{i}:mac={}", MacText(nic.mac))?;
            if let Some(link) = &nic.link {
                write!(buf, ",link={link}")?;
            }
            f(&buf)?;
        }
        f(self.name.as_str())
    }
}

/// A MAC written lowercase with colons.
struct MacText(MacAddr6);

impl fmt::Display for MacText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_mac(f, self.0.as_bytes())
    }
}

/// `b` as six lowercase hex pairs joined by colons, written at once.
fn write_mac(f: &mut fmt::Formatter<'_>, b: &[u8]) -> fmt::Result {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = [b':'; 17];
    for (i, byte) in b.iter().take(6).enumerate() {
        text[i * 3] = HEX[usize::from(byte >> 4)];
        text[i * 3 + 1] = HEX[usize::from(byte & 0xf)];
    }
    // Only ASCII hex digits and colons were written.
    f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
}

impl InstanceAdd {
    /// Writes the command line, each word quoted for the shell, straight into `w`.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        let mut first = true;
        self.each_word(&mut |word| {
            if !first {
                w.write_str(" ")?;
            }
            first = false;
            w.write_str(&shell_quote(word))
        })
    }
}

impl fmt::Display for InstanceAdd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}
