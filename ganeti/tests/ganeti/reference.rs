//! The reference farm's commands (reference/seed-farm/commands.txt), rebuilt.

use std::path::PathBuf;

use ganeti::{ClusterInit, Comment, DiskTemplate, Hypervisor, InstanceAdd, Nic, ProvisionScript};

pub fn cluster() -> ClusterInit {
    let mut init =
        ClusterInit::new("gnt-cluster.farm".parse().unwrap(), vec![Hypervisor::Kvm]).unwrap();
    init.no_etc_hosts = true;
    init.nic_link = Some("br0".parse().unwrap());
    init.master_netdev = Some("br0".parse().unwrap());
    init.volume_group = Some("all".parse().unwrap());
    init
}

pub fn skaro() -> InstanceAdd {
    let hv = [
        ("boot_order", "cdrom"),
        (
            "cdrom_image_path",
            "/srv/ganeti/debian-6.0.1a-amd64-CD-1.iso",
        ),
        ("vnc_bind_address", "0.0.0.0"),
    ]
    .iter()
    .map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap()))
    .collect();
    InstanceAdd::new(
        "skaro.xivo.vm.farm".parse().unwrap(),
        DiskTemplate::Plain,
        vec!["30G".parse().unwrap()],
        "512M".parse().unwrap(),
        1,
        "host01.farm".parse().unwrap(),
        None,
        "debootstrap+default".parse().unwrap(),
    )
    .unwrap()
    .with_hypervisor(Hypervisor::Kvm, hv)
    .unwrap()
    .with_nics(vec![
        Nic::new([0x52, 0x54, 0xfb, 0x77, 0x1e, 0x82].into(), None).unwrap(),
    ])
}

fn seed_command(prefix: &str) -> Vec<String> {
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../reference/seed-farm/commands.txt");
    let text = std::fs::read_to_string(file).unwrap();
    let line = text.lines().find(|l| l.starts_with(prefix)).unwrap();
    line.split_whitespace().map(str::to_owned).collect()
}

#[test]
fn cluster_init_is_the_one_run_by_hand() {
    assert_eq!(cluster().argv(), seed_command("gnt-cluster init"));
}

/// The same instance as 2011's; deliberate differences: no `-d` (debug output), and `-s 30G` (the old
/// single-disk option) written `--disk 0:size=30G`.
#[test]
fn instance_add_means_the_one_run_by_hand() {
    let mut seed = seed_command("gnt-instance add");
    seed.retain(|w| w != "-d");
    let s = seed.iter().position(|w| w == "-s").unwrap();
    let size = seed.remove(s + 1);
    seed[s] = "--disk".into();
    seed.insert(s + 1, format!("0:size={size}"));
    assert_eq!(skaro().argv(), seed);
}

#[test]
fn script_snapshot_and_sh() {
    let script = ProvisionScript {
        comments: vec![Comment::new("the reference farm's cluster and instances").unwrap()],
        cluster: Some(cluster()),
        instances: vec![skaro()],
    };
    let text = script.to_string();
    insta::assert_snapshot!(text);
    checkers::sh_syntax(&text).unwrap();
}

/// A cluster of two nodes with a DRBD instance: the templates in use enabled, DRBD's helper set to
/// `/bin/true`, the second node added unless known, the instance mirrored `-n primary:secondary`.
#[test]
fn a_two_node_drbd_script() {
    let mut init = cluster();
    init.enabled_disk_templates = vec![DiskTemplate::Drbd, DiskTemplate::Plain];
    init.drbd_helper_true = true;
    let argv = init.argv();
    assert!(argv.contains(&"--enabled-disk-templates=drbd,plain".to_owned()));
    assert!(argv.contains(&"--drbd-usermode-helper=/bin/true".to_owned()));
    assert_eq!(argv.last().unwrap(), "gnt-cluster.farm");
    let node = ganeti::NodeAdd::new("host02.farm".parse().unwrap());
    assert_eq!(node.argv(), ["gnt-node", "add", "host02.farm"]);
    let db = InstanceAdd::new(
        "db.xivo.vm.farm".parse().unwrap(),
        DiskTemplate::Drbd,
        vec!["20G".parse().unwrap()],
        "2G".parse().unwrap(),
        1,
        "host02.farm".parse().unwrap(),
        Some("host01.farm".parse().unwrap()),
        "debootstrap+default".parse().unwrap(),
    )
    .unwrap();
    let script = ProvisionScript {
        comments: vec![],
        cluster: Some(init),
        instances: Vec::new(),
    };
    let mut text = String::new();
    script.write_head(&mut text).unwrap();
    ProvisionScript::write_node(&mut text, &node).unwrap();
    ProvisionScript::write_instance(&mut text, &db).unwrap();
    insta::assert_snapshot!(text);
    checkers::sh_syntax(&text).unwrap();
}
