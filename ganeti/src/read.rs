//! A lenient reader of the Ganeti commands in a shell script or a list of commands run by hand (a
//! `provision.sh`, a `commands.txt`): every `gnt-cluster init` and `gnt-instance add` line, its options
//! typed through this crate's checked values. Words are split at white space, single quotes are removed
//! (what [`shell_quote`](crate::shell_quote) writes); other shell syntax on such a line is refused. A
//! refused value is a [`ReadError`] at its line and column; an option this reader does not know is given
//! back by name and place.

use macaddr::MacAddr6;

use crate::{DiskTemplate, HostName, HvKey, HvValue, Hypervisor, OsName, Size, VgName};

pub use vocabulary::ReadError;
pub use vocabulary::read::At;
use vocabulary::read::parse;

/// `gnt-cluster init` as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterInitRead {
    /// The cluster's name.
    pub name: HostName,
    /// `--enabled-hypervisors`.
    pub hypervisors: Vec<Hypervisor>,
    /// `--vg-name`.
    pub volume_group: Option<VgName>,
}

/// `gnt-instance add` as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceAddRead {
    /// The instance's name.
    pub name: HostName,
    /// `-t`.
    pub template: Option<DiskTemplate>,
    /// `--disk 0:size=` or `-s`.
    pub disk: Option<Size>,
    /// `-B memory=`.
    pub memory: Option<Size>,
    /// `-B vcpus=`.
    pub vcpus: Option<u32>,
    /// `-H HYPERVISOR:KEY=VALUE,...`.
    pub hypervisor: Option<(Hypervisor, Vec<(HvKey, HvValue)>)>,
    /// `-n PRIMARY[:SECONDARY]`.
    pub nodes: Vec<HostName>,
    /// `-o`.
    pub os: Option<OsName>,
    /// `--net 0:mac=`.
    pub mac: Option<MacAddr6>,
}

/// The Ganeti commands of a script as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandsRead {
    /// The `gnt-cluster init` lines.
    pub cluster: Vec<At<ClusterInitRead>>,
    /// The `gnt-instance add` lines.
    pub instances: Vec<At<InstanceAddRead>>,
    /// Every option not understood (`-d`, `--no-etc-hosts`, ...), by line.
    pub others: Vec<At<String>>,
}

/// The words of `line` with their columns, single quotes removed.
fn words(n: usize, line: &str) -> Result<Vec<(usize, String)>, ReadError> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut quoted = false;
    for (col, c) in line.chars().enumerate() {
        let col = col + 1;
        match c {
            '\'' => {
                quoted = !quoted;
                current.get_or_insert((col, String::new()));
            }
            c if quoted => current.get_or_insert((col, String::new())).1.push(c),
            c if c.is_whitespace() => out.extend(current.take()),
            ';' | '&' | '|' | '"' | '`' | '$' | '(' | ')' | '<' | '>' | '\\' => {
                return Err(ReadError::new(
                    n,
                    col,
                    format!("{c:?} in a Ganeti command line"),
                ));
            }
            c => current.get_or_insert((col, String::new())).1.push(c),
        }
    }
    if quoted {
        return Err(ReadError::new(
            n,
            line.len(),
            "a quote not closed on its line",
        ));
    }
    out.extend(current);
    Ok(out)
}

fn cluster(
    n: usize,
    w: &[(usize, String)],
    others: &mut Vec<At<String>>,
) -> Result<ClusterInitRead, ReadError> {
    let mut hypervisors = Vec::new();
    let mut volume_group = None;
    let mut name = None;
    let mut i = 2;
    while i < w.len() {
        let (col, word) = (w[i].0, w[i].1.as_str());
        let next = w.get(i + 1);
        match word.split_once('=') {
            Some(("--enabled-hypervisors", list)) => {
                for h in list.split(',') {
                    hypervisors.push(parse(n, col, h, "hypervisor")?);
                }
            }
            _ if word == "--vg-name" => {
                let Some((c, v)) = next else {
                    return Err(ReadError::new(n, col, "--vg-name needs a value"));
                };
                volume_group = Some(parse(n, *c, v, "volume group")?);
                i += 1;
            }
            _ if matches!(
                word,
                "--nic-parameters" | "--master-netdev" | "-s" | "--secondary-ip" | "-g"
            ) =>
            {
                others.push(At::new(n, col, word.to_owned()));
                i += 1;
            }
            _ if word.starts_with('-') => others.push(At::new(n, col, word.to_owned())),
            _ => name = Some(parse(n, col, word, "cluster name")?),
        }
        i += 1;
    }
    let Some(name) = name else {
        return Err(ReadError::new(
            n,
            w[0].0,
            "gnt-cluster init without a cluster name",
        ));
    };
    Ok(ClusterInitRead {
        name,
        hypervisors,
        volume_group,
    })
}

fn instance(
    n: usize,
    w: &[(usize, String)],
    others: &mut Vec<At<String>>,
) -> Result<InstanceAddRead, ReadError> {
    let mut read = Parts::default();
    let mut name = None;
    let mut i = 2;
    while i < w.len() {
        let (col, word) = (w[i].0, w[i].1.as_str());
        let takes_value = matches!(
            word,
            "-t" | "--disk"
                | "-s"
                | "-B"
                | "-H"
                | "-n"
                | "-o"
                | "--net"
                | "--disk-template"
                | "--os-type"
                | "--node"
                | "--backend-parameters"
                | "--hypervisor-parameters"
        );
        if !takes_value {
            if word.starts_with('-') {
                others.push(At::new(n, col, word.to_owned()));
            } else {
                name = Some(parse(n, col, word, "instance name")?);
            }
            i += 1;
            continue;
        }
        let Some((c, value)) = w.get(i + 1) else {
            return Err(ReadError::new(n, col, format!("{word} needs a value")));
        };
        let (c, value) = (*c, value.as_str());
        match word {
            "-t" | "--disk-template" => read.template = Some(parse(n, c, value, "disk template")?),
            "-s" => read.disk = Some(parse(n, c, value, "disk size")?),
            "--disk" => match value.strip_prefix("0:size=") {
                Some(size) => read.disk = Some(parse(n, c, size, "disk size")?),
                None => others.push(At::new(n, col, format!("--disk {value}"))),
            },
            "-B" | "--backend-parameters" => {
                for pair in value.split(',') {
                    match pair.split_once('=') {
                        Some(("memory" | "maxmem", v)) => {
                            read.memory = Some(parse(n, c, v, "memory")?)
                        }
                        Some(("vcpus", v)) => read.vcpus = Some(parse(n, c, v, "vcpus")?),
                        _ => others.push(At::new(n, col, format!("-B {pair}"))),
                    }
                }
            }
            "-H" | "--hypervisor-parameters" => {
                let (hv, params) = value.split_once(':').unwrap_or((value, ""));
                let hv: Hypervisor = parse(n, c, hv, "hypervisor")?;
                let mut list = Vec::new();
                for pair in params.split(',').filter(|p| !p.is_empty()) {
                    let Some((k, v)) = pair.split_once('=') else {
                        return Err(ReadError::new(
                            n,
                            c,
                            format!("hypervisor parameter {pair:?} is not KEY=VALUE"),
                        ));
                    };
                    list.push((
                        parse(n, c, k, "hypervisor parameter")?,
                        parse(n, c, v, "hypervisor value")?,
                    ));
                }
                read.hypervisor = Some((hv, list));
            }
            "-n" | "--node" => {
                for node in value.split(':') {
                    read.nodes.push(parse(n, c, node, "node")?);
                }
            }
            "-o" | "--os-type" => read.os = Some(parse(n, c, value, "OS")?),
            _ => match value.strip_prefix("0:mac=") {
                Some(mac) if !mac.contains(',') => read.mac = Some(parse(n, c, mac, "MAC")?),
                _ => others.push(At::new(n, col, format!("--net {value}"))),
            },
        }
        i += 2;
    }
    let Some(name) = name else {
        return Err(ReadError::new(
            n,
            w[0].0,
            "gnt-instance add without an instance name",
        ));
    };
    Ok(InstanceAddRead {
        name,
        template: read.template,
        disk: read.disk,
        memory: read.memory,
        vcpus: read.vcpus,
        hypervisor: read.hypervisor,
        nodes: read.nodes,
        os: read.os,
        mac: read.mac,
    })
}

/// An instance's options as they are read, before its name.
#[derive(Default)]
struct Parts {
    template: Option<DiskTemplate>,
    disk: Option<Size>,
    memory: Option<Size>,
    vcpus: Option<u32>,
    hypervisor: Option<(Hypervisor, Vec<(HvKey, HvValue)>)>,
    nodes: Vec<HostName>,
    os: Option<OsName>,
    mac: Option<MacAddr6>,
}

/// Reads the Ganeti commands of a script: lines (trimmed) starting `gnt-cluster init` or `gnt-instance
/// add`; every other line is left alone.
pub fn read_commands(text: &str) -> Result<CommandsRead, ReadError> {
    let mut read = CommandsRead::default();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let trimmed = line.trim_start();
        let (is_cluster, is_instance) = (
            trimmed.starts_with("gnt-cluster init "),
            trimmed.starts_with("gnt-instance add "),
        );
        if !is_cluster && !is_instance {
            continue;
        }
        let w = words(n, line)?;
        if is_cluster {
            let value = cluster(n, &w, &mut read.others)?;
            read.cluster.push(At::new(n, w[0].0, value));
        } else {
            let value = instance(n, &w, &mut read.others)?;
            read.instances.push(At::new(n, w[0].0, value));
        }
    }
    Ok(read)
}

/// The fields of the `gnt-instance list` dump [`read_instance_list`] reads, in their order.
pub const INSTANCE_LIST_FIELDS: &str =
    "name,pnode,snodes,disk_template,os,be/maxmem,be/vcpus,disk.size/0,nic.mac/0";

/// A row of a `gnt-instance list` dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceListRow {
    /// The instance's name.
    pub name: HostName,
    /// Its primary node.
    pub primary: HostName,
    /// Its secondary nodes.
    pub secondaries: Vec<HostName>,
    /// Its disk template.
    pub template: DiskTemplate,
    /// Its OS.
    pub os: OsName,
    /// Its memory.
    pub memory: Size,
    /// Its virtual CPUs.
    pub vcpus: u32,
    /// Its first disk.
    pub disk: Size,
    /// Its first NIC's MAC.
    pub mac: MacAddr6,
}

/// A size in MiB as Ganeti prints it with `--units=m` (`512`, `30720`, or `30720.0`), in the largest unit
/// that holds it whole (`30720` is `30G`).
fn mebibytes(n: usize, col: usize, text: &str) -> Result<Size, ReadError> {
    let whole = text.strip_suffix(".0").unwrap_or(text);
    let mib: u64 = parse(n, col, whole, "size in MiB")?;
    let text = if mib > 0 && mib % (1 << 20) == 0 {
        format!("{}T", mib >> 20)
    } else if mib > 0 && mib % (1 << 10) == 0 {
        format!("{}G", mib >> 10)
    } else {
        format!("{mib}M")
    };
    parse(n, col, &text, "size")
}

/// Reads the output of `gnt-instance list --no-headers --units=m --separator='|' -o FIELDS`, FIELDS being
/// [`INSTANCE_LIST_FIELDS`]: one instance a line. A line with another number of fields, or a value a
/// field refuses, is an error at its place.
pub fn read_instance_list(text: &str) -> Result<Vec<At<InstanceListRow>>, ReadError> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut fields = Vec::new();
        let mut col = 1;
        for field in line.split('|') {
            fields.push((col, field.trim()));
            col += field.chars().count() + 1;
        }
        let [
            name,
            primary,
            secondaries,
            template,
            os,
            memory,
            vcpus,
            disk,
            mac,
        ] = fields.as_slice()
        else {
            return Err(ReadError::new(
                n,
                1,
                format!(
                    "{} fields separated by `|`; a dump of `-o {INSTANCE_LIST_FIELDS}` has 9",
                    fields.len()
                ),
            ));
        };
        let secondaries = secondaries
            .1
            .split(',')
            .filter(|s| !s.is_empty() && *s != "-")
            .map(|s| parse(n, secondaries.0, s, "secondary node"))
            .collect::<Result<_, _>>()?;
        let row = InstanceListRow {
            name: parse(n, name.0, name.1, "instance name")?,
            primary: parse(n, primary.0, primary.1, "primary node")?,
            secondaries,
            template: parse(n, template.0, template.1, "disk template")?,
            os: parse(n, os.0, os.1, "OS")?,
            memory: mebibytes(n, memory.0, memory.1)?,
            vcpus: parse(n, vcpus.0, vcpus.1, "vcpus")?,
            disk: mebibytes(n, disk.0, disk.1)?,
            mac: parse(n, mac.0, mac.1, "MAC")?,
        };
        rows.push(At::new(n, name.0, row));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_read() {
        let text = "# x\ngnt-cluster init --no-etc-hosts --enabled-hypervisors=kvm --nic-parameters link=br0 --master-netdev br0 --vg-name all gnt-cluster.farm\n\tgnt-instance add -d -t plain -s 30G -B memory=512M,vcpus=1 -H kvm:boot_order=cdrom -n host01.farm -o debootstrap+default --net 0:mac=52:54:fb:77:1e:82 skaro.xivo.vm.farm\n";
        let read = read_commands(text).unwrap();
        let cluster = &read.cluster[0];
        assert_eq!(cluster.line, 2);
        assert_eq!(
            cluster.value.volume_group.as_ref().unwrap().to_string(),
            "all"
        );
        assert_eq!((read.instances[0].line, read.instances[0].col), (3, 2));
        assert_eq!((read.others[0].line, read.others[0].col), (2, 18));
        let vm = &read.instances[0].value;
        assert_eq!(vm.name.to_string(), "skaro.xivo.vm.farm");
        assert_eq!(vm.disk.unwrap().to_string(), "30G");
        assert_eq!(vm.vcpus, Some(1));
        assert_eq!(vm.hypervisor.as_ref().unwrap().1.len(), 1);
        assert_eq!(
            vm.mac.unwrap().to_string().to_lowercase(),
            "52:54:fb:77:1e:82"
        );
        let others: Vec<&str> = read.others.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(
            others,
            [
                "--no-etc-hosts",
                "--nic-parameters",
                "--master-netdev",
                "-d"
            ]
        );
    }

    #[test]
    fn an_instance_list_dump_reads() {
        let text = "skaro.xivo.vm.farm|host01.farm||plain|debootstrap+default|512|1|30720|52:54:fb:77:1e:82\n";
        let rows = read_instance_list(text).unwrap();
        let row = &rows[0].value;
        assert_eq!(
            (row.memory.to_string(), row.disk.to_string()),
            ("512M".into(), "30G".into())
        );
        assert!(row.secondaries.is_empty());
        let e = read_instance_list("a|b|c\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 1));
        let e = read_instance_list("x|h||plain|deb;x|512|1|30720|52:54:fb:77:1e:82\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 12));
    }

    #[test]
    fn errors_are_placed() {
        let e = read_commands("gnt-instance add -o deb;rm x\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 24));
        let e = read_commands("gnt-instance add -s 30X x\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 21));
    }
}
