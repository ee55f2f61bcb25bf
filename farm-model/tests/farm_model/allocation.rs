//! Allocation of addresses and MACs, and `pin`.

use std::collections::HashSet;

use farm_model::{Format, synth};

use crate::common::{edit, example, refused};

/// The example with neither addresses nor MACs for its VMs.
fn unpinned() -> String {
    example()
        .lines()
        .filter(|l| !l.starts_with("mac = ") && !l.starts_with("address = \"10.10.60."))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn addresses_are_the_lowest_free_in_plan_order() {
    let farm = farm_model::load(&unpinned(), Format::Toml, "plan.toml").unwrap();
    let got: Vec<String> = farm.vms.iter().map(|v| v.address.to_string()).collect();
    assert_eq!(got, ["10.10.60.1", "10.10.60.2"]);
    // A pinned address later in the plan is skipped by the earlier VMs.
    let text = edit(
        &unpinned(),
        "name = \"skaro.xivo\"",
        "name = \"skaro.xivo\"\naddress = \"10.10.60.1\"",
    );
    let farm = farm_model::load(&text, Format::Toml, "plan.toml").unwrap();
    let got: Vec<String> = farm.vms.iter().map(|v| v.address.to_string()).collect();
    assert_eq!(got, ["10.10.60.2", "10.10.60.1"]);
    assert!(!farm.vms[0].address_pinned && farm.vms[1].address_pinned);
}

/// Addresses the plan gives outside its VMs (here the cluster's, 10.10.59.1) are skipped too.
#[test]
fn allocation_skips_the_addresses_of_the_farms_hosts() {
    let text = edit(
        &unpinned(),
        "name = \"dev.dachary\"",
        "name = \"dev.dachary\"\nnetwork = \"nodes\"",
    );
    let farm = farm_model::load(&text, Format::Toml, "plan.toml").unwrap();
    let got: Vec<String> = farm.vms.iter().map(|v| v.address.to_string()).collect();
    assert_eq!(got, ["10.10.59.2", "10.10.60.1"]);
}

/// The MACs a known plan gets, pinned here so that no dependency upgrade can renumber a farm: ChaCha8
/// seeded by FNV-1a of "farm.", a NUL and the VM's name.
#[test]
fn golden_macs() {
    let farm = farm_model::load(&unpinned(), Format::Toml, "plan.toml").unwrap();
    let macs: Vec<String> = farm.vms.iter().map(|v| v.mac.to_string()).collect();
    assert_eq!(macs, ["52:54:83:5c:6e:82", "52:54:3b:d7:56:16"]);
    let notes = farm.unpinned();
    assert_eq!(
        notes[1],
        "vms[0] dev.dachary: mac 52:54:83:5c:6e:82 not pinned"
    );
    assert_eq!(farm.unpinned_count(), notes.len());
    for limit in 0..=notes.len() + 1 {
        assert_eq!(
            farm.unpinned_notes(limit),
            notes[..limit.min(notes.len())],
            "{limit}"
        );
    }
}

#[test]
fn generated_macs_are_unique_unicast_and_local() {
    let farm = synth(20_000, 1).check().unwrap();
    let mut seen = HashSet::new();
    for placed in &farm.vms {
        let b = placed.mac.get().into_array();
        assert_eq!(&b[..2], &[0x52, 0x54]);
        assert!(seen.insert(placed.mac), "{} twice", placed.mac);
    }
    let addresses: HashSet<_> = farm.vms.iter().map(|v| v.address).collect();
    assert_eq!(addresses.len(), 20_000);
}

#[test]
fn a_full_network_is_an_error() {
    let text = edit(
        &unpinned(),
        "cidr = \"10.10.60.0/24\"",
        "cidr = \"10.10.60.0/31\"",
    );
    let text = edit(
        &text,
        "[[vms]]\nname = \"dev.dachary\"",
        "[[vms]]\nname = \"a\"\n\n[[vms]]\nname = \"b\"\n\n[[vms]]\nname = \"dev.dachary\"",
    );
    let report = refused(&text, Format::Toml);
    assert_eq!(
        crate::common::rules(&report),
        [("vms[2]".to_owned(), farm_model::Rule::NetworkFull)],
        "{report}"
    );
    assert!(
        report
            .to_string()
            .contains("vms[2]: network vms (10.10.60.0/31) has no free address left"),
        "{report}"
    );
}

#[test]
fn pin_writes_the_allocation_and_keeps_the_layout() {
    let text = unpinned();
    let farm = farm_model::load(&text, Format::Toml, "plan.toml").unwrap();
    let pinned = farm_model::pin(&text, Format::Toml, &farm).unwrap();
    // Every line of the plan is still there, in order, comments included.
    let mut rest = pinned.lines();
    for line in text.lines() {
        assert!(rest.any(|l| l == line), "{line:?} lost or moved:\n{pinned}");
    }
    let again = farm_model::load(&pinned, Format::Toml, "plan.toml").unwrap();
    assert!(again.unpinned().is_empty());
    assert_eq!(
        again
            .vms
            .iter()
            .map(|v| (v.address, v.mac))
            .collect::<Vec<_>>(),
        farm.vms
            .iter()
            .map(|v| (v.address, v.mac))
            .collect::<Vec<_>>()
    );
    // The values go where a person writes them, right after each VM's name: the example comes back, with
    // the MACs allocated where it has the 2011 ones.
    let expected = example()
        .replace("52:54:bf:3d:d4:ef", &farm.vms[0].mac.to_string())
        .replace("52:54:fb:77:1e:82", &farm.vms[1].mac.to_string());
    assert_eq!(pinned, expected);
    // Pinning a pinned plan changes nothing.
    assert_eq!(
        farm_model::pin(&pinned, Format::Toml, &again).unwrap(),
        pinned
    );
}

#[test]
fn pin_json() {
    let plan = synth(5, 1);
    let json = serde_json::to_string_pretty(&plan).unwrap();
    let farm = farm_model::load(&json, Format::Json, "farm.json").unwrap();
    let pinned = farm_model::pin(&json, Format::Json, &farm).unwrap();
    let again = farm_model::load(&pinned, Format::Json, "farm.json").unwrap();
    assert!(again.unpinned().is_empty());
    assert_eq!(
        again.vms.iter().map(|v| v.mac).collect::<Vec<_>>(),
        farm.vms.iter().map(|v| v.mac).collect::<Vec<_>>()
    );
    // Every object keeps the order of its keys (the plan's order is not alphabetical: `domain` before
    // `bridge`, a VM's `memory` before `disk`), and the values go right after each VM's name, as in TOML:
    // the plan's own serialization with the addresses and MACs given.
    let mut expected = plan.clone();
    for (vm, placed) in expected.vms.iter_mut().zip(&farm.vms) {
        vm.address = Some(placed.address);
        vm.mac = Some(placed.mac);
    }
    assert_eq!(
        pinned,
        serde_json::to_string_pretty(&expected).unwrap() + "\n"
    );
    // Pinning a pinned plan changes nothing.
    assert_eq!(
        farm_model::pin(&pinned, Format::Json, &again).unwrap(),
        pinned
    );
}
