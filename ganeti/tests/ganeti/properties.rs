//! The script through a real shell: with fake `gnt-cluster` and `gnt-instance` programs that record the
//! words they receive, every command reaches its program as exactly the intended words, hostile values
//! included, and a second run adds nothing.

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use ganeti::{
    ClusterInit, DiskTemplate, HvKey, HvValue, Hypervisor, InstanceAdd, Nic, ProvisionScript,
    shell_quote,
};
use proptest::prelude::*;

/// Records its words (NUL after each, RS after the call) and keeps the state `info` and `list` ask about.
const FAKE: &str = r#"#!/bin/sh
prog=$(basename "$0")
case "$prog $1" in
  "gnt-cluster info") [ -e "$FAKE_STATE/cluster" ]; exit $? ;;
  "gnt-instance list") [ -e "$FAKE_STATE/instance-$2" ]; exit $? ;;
esac
printf '%s\0' "$prog" "$@" >>"$FAKE_STATE/calls"
printf '\036' >>"$FAKE_STATE/calls"
case "$prog $1" in
  "gnt-cluster init") : >"$FAKE_STATE/cluster" ;;
  "gnt-instance add") for last; do :; done; : >"$FAKE_STATE/instance-$last" ;;
esac
"#;

/// Runs `script` with the fakes first on PATH; returns the calls, each as its words.
fn run(script: &str, dir: &Path) -> Option<Vec<Vec<String>>> {
    let sh = checkers::require(checkers::Tool::Sh).unwrap()?;
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for name in ["gnt-cluster", "gnt-instance"] {
        let path = bin.join(name);
        std::fs::write(&path, FAKE).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::write(dir.join("provision.sh"), script).unwrap();
    let _ = std::fs::remove_file(dir.join("calls"));
    let status = Command::new(sh)
        .arg(dir.join("provision.sh"))
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("FAKE_STATE", dir)
        .status()
        .unwrap();
    assert!(status.success(), "the script failed: {status}");
    let calls = std::fs::read(dir.join("calls")).unwrap_or_default();
    Some(
        calls
            .split(|b| *b == 0x1e)
            .filter(|c| !c.is_empty())
            .map(|call| {
                call.split(|b| *b == 0)
                    .filter(|w| !w.is_empty())
                    .map(|w| String::from_utf8(w.to_vec()).unwrap())
                    .collect()
            })
            .collect(),
    )
}

fn hostile_value() -> impl Strategy<Value = HvValue> {
    "[!#$%&()*+./;<>?@\\[\\]^_`{|}~a-z0-9-]{1,20}".prop_map(|v| v.parse().unwrap())
}

fn instance(i: usize) -> impl Strategy<Value = InstanceAdd> {
    (
        prop::collection::btree_map("[a-z_]{1,12}", hostile_value(), 0..4),
        1u64..100,
        1u32..8,
        any::<[u8; 4]>(),
        "[a-z0-9+._-]{0,12}",
    )
        .prop_map(move |(hv, disk, vcpus, mac, os_variant)| {
            let params: Vec<(HvKey, HvValue)> = hv
                .into_iter()
                .map(|(k, v)| (k.parse().unwrap(), v))
                .collect();
            InstanceAdd::new(
                format!("vm{i}.vm.farm").parse().unwrap(),
                DiskTemplate::Plain,
                vec![format!("{disk}G").parse().unwrap()],
                "512M".parse().unwrap(),
                vcpus,
                "host01.farm".parse().unwrap(),
                None,
                format!("debootstrap{os_variant}").parse().unwrap(),
            )
            .unwrap()
            .with_hypervisor(Hypervisor::Kvm, params)
            .unwrap()
            .with_nics(vec![
                Nic::new(
                    [0x52, 0x54, mac[0], mac[1], mac[2], mac[3]].into(),
                    Some("br0".parse().unwrap()),
                )
                .unwrap(),
            ])
        })
}

proptest! {
    #[test]
    fn quoting_round_trips_through_the_shell(words in prop::collection::vec(any::<String>().prop_map(|s| s.replace('\0', "")), 1..8)) {
        let Some(sh) = checkers::require(checkers::Tool::Sh).unwrap() else { return Ok(()); };
        let line: Vec<String> = words.iter().map(|w| shell_quote(w).into_owned()).collect();
        let script = format!("printf '%s\\0' {}", line.join(" "));
        let out = Command::new(sh).arg("-c").arg(&script).output().unwrap();
        let got: Vec<String> = out.stdout.split(|b| *b == 0).map(|w| String::from_utf8_lossy(w).into_owned()).collect();
        prop_assert_eq!(&got[..got.len() - 1], &words[..]);
    }
}

proptest! {
    // Each case runs the script twice through sh: a few dozen cases.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_word_arrives_as_intended_and_a_second_run_adds_nothing(
        instances in (1usize..6).prop_flat_map(|n| (0..n).map(instance).collect::<Vec<_>>()),
    ) {
        let mut cluster = ClusterInit::new("gnt-cluster.farm".parse().unwrap(), vec![Hypervisor::Kvm]).unwrap();
        cluster.nic_link = Some("br0".parse().unwrap());
        let script = ProvisionScript { comments: vec![], cluster: Some(cluster.clone()), instances: instances.clone() };
        let text = script.to_string();
        let dir = tempfile::tempdir().unwrap();
        let Some(calls) = run(&text, dir.path()) else { return Ok(()); };
        let mut expected = vec![cluster.argv()];
        expected.extend(instances.iter().map(InstanceAdd::argv));
        prop_assert_eq!(calls, expected, "script:\n{}", text);
        let again = run(&text, dir.path()).unwrap();
        prop_assert!(again.is_empty(), "a second run called {:?}", again);
    }
}
