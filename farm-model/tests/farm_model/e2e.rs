//! The farm runs for real: a rendered node brought up from its files alone in private namespaces
//! (checkers::farm_in_a_box), for the example farm (with dhcpd, with Kea, with an HTTPS site) and for a
//! synthetic farm of 20 VMs.

use std::fmt::Write as _;

use farm_model::{Farm, Forward, Proto, Site};

use crate::render::{example_farm, kea_farm, render, tls_farm, write_tree};

/// The spec the box script reads: the node's facts, every VM, the web servers, sites and forwards.
fn spec(farm: &Farm) -> String {
    let plan = &farm.plan;
    let node = &plan.nodes[0];
    let uplink = node.uplink_address.unwrap();
    let gateway = node.gateway.unwrap();
    let public = plan
        .firewall
        .as_ref()
        .unwrap()
        .public
        .values()
        .next()
        .unwrap();
    let local = plan.local.as_ref().unwrap();
    let mut s = String::new();
    for (name, value) in [
        ("UPLINK", node.uplink.to_string()),
        ("UPLINK_ADDR", uplink.addr().to_string()),
        ("UPLINK_CIDR", uplink.to_string()),
        ("GATEWAY_CIDR", format!("{gateway}/{}", uplink.prefix_len())),
        ("BRIDGE", plan.bridge.name.to_string()),
        ("BRIDGE_ADDR", plan.bridge.address.to_string()),
        ("NODE_ADDR", node.address.to_string()),
        ("NS", plan.dns.nameserver_address.to_string()),
        ("DOMAIN", plan.domain.to_string()),
        ("LOCAL_ADDR", local.address.to_string()),
        ("BLACKHOLE", local.blackhole.unwrap().to_string()),
        ("PUBLIC", public.to_string()),
    ] {
        writeln!(s, "var {name} {value}").unwrap();
    }
    if let Some(tls) = &farm.tls {
        writeln!(s, "var WEBROOT {}", tls.webroot).unwrap();
    }
    for (i, (vm, placed)) in plan.vms.iter().zip(&farm.vms).enumerate() {
        let network = plan.networks[placed.network].cidr.trunc();
        writeln!(
            s,
            "vm {i} {} {} {} {network}",
            placed.fqdn.to_string().trim_end_matches('.'),
            placed.mac,
            placed.address
        )
        .unwrap();
        let mut ports: Vec<u16> = vm.sites.iter().map(|site| site.port).collect();
        ports.extend(vm.forwards.iter().map(|f| f.to.unwrap_or(f.port)));
        ports.sort_unstable();
        ports.dedup();
        for port in ports {
            writeln!(s, "serve {i} {port}").unwrap();
        }
        for site in &vm.sites {
            writeln!(s, "site {} {i}", site.server_name).unwrap();
        }
        for site in vm.sites.iter().filter(|site| site.tls) {
            writeln!(s, "tls {} {i}", site.server_name).unwrap();
        }
        for fwd in vm.forwards.iter().filter(|f| f.proto == Proto::Tcp) {
            writeln!(s, "fwd {} {i}", fwd.port).unwrap();
        }
    }
    s
}

/// The IPv6 part of the spec, for a node with a prefix: its addresses, each VM's SLAAC address, each
/// forward's VM port.
fn spec6(farm: &Farm) -> String {
    let mut s = String::new();
    let node = &farm.nodes[0];
    let (Some(prefix), Some(uplink6), Some(gateway6)) =
        (node.prefix6, node.uplink_address6, node.gateway6)
    else {
        return s;
    };
    let inet6 = format!(
        "{}/{}",
        std::net::Ipv6Addr::from(u128::from(uplink6.network()) + 1),
        uplink6.prefix_len()
    );
    for (name, value) in [
        ("PREFIX6", prefix.to_string()),
        ("BRIDGE6", prefix.address(1).to_string()),
        ("UPLINK6_CIDR", uplink6.to_string()),
        ("GATEWAY6", gateway6.to_string()),
        ("INET6_CIDR", inet6),
    ] {
        writeln!(s, "var {name} {value}").unwrap();
    }
    for (i, placed) in farm.vms.iter().enumerate() {
        writeln!(s, "vm6 {i} {}", placed.address6.unwrap()).unwrap();
        for fwd in placed.forwards.iter().filter(|f| f.proto == Proto::Tcp) {
            writeln!(s, "fwd6 {} {i}", fwd.to).unwrap();
        }
    }
    s
}

fn run_box(farm: &Farm) -> Option<String> {
    let files = render(farm, &|_, _| None);
    let dir = tempfile::tempdir().unwrap();
    let node = farm.plan.nodes[0].name.to_string();
    write_tree(&files, &node, dir.path());
    let spec = spec(farm) + &spec6(farm);
    match checkers::farm_in_a_box(dir.path(), &spec) {
        Ok(Some(steps)) => {
            assert!(steps.ends_with("every step passed\n"), "{steps}");
            let _ = std::io::Write::write_all(&mut std::io::stderr(), steps.as_bytes());
            Some(steps)
        }
        Ok(None) => None,
        Err(failure) => panic!("{failure}"),
    }
}

#[test]
fn the_example_farm_runs() {
    run_box(&example_farm());
}

/// Kea serves the VMs from the rendered kea-dhcp4.conf: each leases its address with a /32 mask, the
/// router, name server and domain (the box checks each lease against the plan).
#[test]
fn the_example_farm_runs_with_kea() {
    let steps = run_box(&kea_farm());
    if let Some(steps) = steps {
        assert!(steps.contains("from kea, all leasing at once"), "{steps}");
        assert!(
            steps.contains("lease: skaro.xivo.vm.farm 52:54:fb:77:1e:82 10.10.60.2 255.255.255.255 10.10.0.254 10.10.0.254 farm"),
            "{steps}"
        );
    }
}

/// An HTTPS site for real: before any certificate nginx loads and proxies it over HTTP; the rendered issue
/// script asks pebble (on the internet's side, the plan's ACME server) for its certificate over HTTP-01
/// through the firewall, the deploy hook enables its HTTPS server and reloads nginx; then from the
/// internet `https://skaro.dachary.org/` answers the VM's page (trusted through pebble's root), `http://`
/// answers 301 to it, the challenge path is still served, and a second run of the script changes nothing.
#[test]
fn the_example_farm_serves_https() {
    let steps = run_box(&tls_farm());
    if let Some(steps) = steps {
        assert!(
            steps.contains("https: skaro.dachary.org hello from skaro.xivo.vm.farm\n"),
            "{steps}"
        );
        assert!(
            steps.contains("redirect: skaro.dachary.org 301 https://skaro.dachary.org/x?y=1\n"),
            "{steps}"
        );
        assert!(
            steps.contains("ok: a second run of the issue script keeps every certificate"),
            "{steps}"
        );
    }
}

/// A node with a routed /64: the VMs take their addresses by SLAAC from radvd, named answers their AAAA
/// and PTR over IPv6, the internet reaches a site through nginx and a VM's forwarded port over IPv6, and
/// Shorewall6 drops another port.
#[test]
fn the_example_farm_runs_with_ipv6() {
    let farm = crate::ipv6::ipv6_farm();
    if let Some(steps) = run_box(&farm) {
        let skaro = farm.vms.iter().find(|vm| !vm.forwards.is_empty()).unwrap();
        let address6 = skaro.address6.unwrap().to_string();
        assert_eq!(address6, "2001:db8:1:2:5054:fbff:fe77:1e82");
        assert!(
            steps.contains(&format!("slaac: vm1 {address6}\n")),
            "{steps}"
        );
        for step in [
            "ok: radvd advertises the prefix",
            "ok: named answers every VM's AAAA",
            "ok: from the internet over IPv6, port 80",
            "ok: from the internet over IPv6, each forward's VM port",
            "ok: from the internet over IPv6, another port of a VM is dropped",
        ] {
            assert!(steps.contains(step), "{step}: {steps}");
        }
    }
}

#[test]
fn a_20_vm_farm_runs() {
    let mut plan = farm_model::synth(20, 1);
    for i in [3, 7, 12, 19] {
        plan.vms[i].sites.push(Site {
            server_name: format!("site{i}.example.org").parse().unwrap(),
            port: 8080,
            path: "/".parse().unwrap(),
            tls: false,
            via: None,
        });
    }
    for (n, i) in [5usize, 15].into_iter().enumerate() {
        plan.vms[i].forwards.push(Forward {
            proto: Proto::Tcp,
            port: 2200 + u16::try_from(n).unwrap(),
            to: Some(22),
            via: None,
        });
    }
    run_box(&plan.check().unwrap());
}
