//! Synthetic plans, for tests and benchmarks.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::plan::{
    Bridge, Cluster, Dhcp, DhcpServer, Dns, Firewall, FixedAddress, Forward, Local, Network, Node,
    Plan, Proto, Site, Vm,
};

fn parse<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    // Only constants and formatted numbers reach here; a failure is a bug in this module.
    match s.parse() {
        Ok(v) => v,
        Err(e) => unreachable!("synthetic value {s:?} does not parse: {e:?}"),
    }
}

/// The most VMs a synthetic plan holds: its VM network is at most a /9 (8,388,606 addresses).
const MAX_VMS: usize = 8_000_000;

/// A farm of `vms` VMs (at most 8,000,000: more are cut, the VM network is at most a /9) and `nodes` nodes
/// (at least one, at most 200), shaped like the reference farm: every VM with resources, one in ten with a
/// site, one in twenty with a forwarded port; addresses and MACs left to the allocator. With several nodes,
/// the VMs are dealt to them in turn (`node` given) and each node has the interconnect `eth1`. The same
/// arguments give the same plan.
pub fn synth(vms: usize, nodes: usize) -> Plan {
    let nodes = nodes.clamp(1, 200);
    let vms = vms.min(MAX_VMS);
    let bits = usize::BITS - (vms + 2).saturating_sub(1).leading_zeros();
    let len = u8::try_from(32u32.saturating_sub(bits.max(8)))
        .unwrap_or(24)
        .clamp(9, 24);
    let vm_net = Ipv4Net::new(Ipv4Addr::new(10, 128, 0, 0), len)
        .map_or_else(|_| parse("10.128.0.0/9"), |n| n.trunc());
    let mut public = BTreeMap::new();
    public.insert(parse("failover"), Ipv4Addr::new(192, 0, 2, 10));
    let node_list = (0..nodes)
        .map(|i| {
            let i = u8::try_from(i).unwrap_or(0);
            Node {
                name: parse(&format!("host{:02}", i + 1)),
                address: Ipv4Addr::new(10, 1, 0, 10 + i),
                uplink: parse("eth0"),
                uplink_address: Some(parse(&format!("203.0.113.{}/24", 10 + i))),
                gateway: Some(Ipv4Addr::new(203, 0, 113, 1)),
                prefix6: None,
                uplink_address6: None,
                gateway6: None,
                interconnect: (nodes > 1).then(|| parse("eth1")),
                memory: None,
                volume_group_size: None,
            }
        })
        .collect();
    let mut forwards = 0u16;
    let vm_list = (0..vms)
        .map(|i| {
            let mut vm = Vm {
                memory: Some(parse("512M")),
                vcpus: Some(1),
                disk: Some(parse("10G")),
                os: Some(parse("debootstrap+default")),
                ..Vm::new(parse(&format!("vm{i}")))
            };
            if nodes > 1 {
                vm.node = Some(parse(&format!("host{:02}", i % nodes + 1)));
            }
            if i % 10 == 0 {
                vm.sites.push(Site {
                    server_name: parse(&format!("vm{i}.example.org")),
                    port: 80,
                    path: parse("/"),
                    tls: false,
                    via: None,
                });
            }
            if i % 20 == 0 && forwards < 55_000 {
                vm.forwards.push(Forward {
                    proto: if forwards % 2 == 0 {
                        Proto::Tcp
                    } else {
                        Proto::Udp
                    },
                    port: 10_000 + forwards,
                    to: Some(22),
                    via: None,
                });
                forwards += 1;
            }
            vm
        })
        .collect();
    Plan {
        domain: parse("farm"),
        dns: Dns {
            nameserver: parse("ns"),
            nameserver_address: Ipv4Addr::new(10, 0, 0, 254),
            hostmaster: parse("hostmaster"),
            ttl: parse("1h"),
            refresh: parse("1h"),
            retry: parse("30m"),
            expire: parse("2w"),
            negative_ttl: parse("30m"),
            serial: None,
            listen_on: None,
            allow_recursion: None,
            reverse: None,
            reverse6: None,
            transfer_key_file: None,
        },
        networks: vec![
            Network {
                name: parse("nodes"),
                cidr: parse("10.1.0.0/24"),
                subdomain: None,
            },
            Network {
                name: parse("vms"),
                cidr: vm_net,
                subdomain: Some(parse("vm")),
            },
        ],
        bridge: Bridge {
            name: parse("br0"),
            address: Ipv4Addr::new(10, 0, 0, 254),
            stp: false,
            maxwait: Some(5),
        },
        local: Some(Local {
            interface: parse("lo:1"),
            address: Ipv4Addr::new(10, 0, 0, 10),
            blackhole: Some(parse("10.0.0.0/8")),
        }),
        dhcp: Some(Dhcp {
            subnet: None,
            fixed_address: FixedAddress::Address,
            server: DhcpServer::Isc,
        }),
        cluster: Some(Cluster {
            name: parse("gnt-cluster"),
            address: Ipv4Addr::new(10, 1, 0, 1),
            volume_group: parse("all"),
            hypervisors: vec![ganeti::Hypervisor::Kvm],
            memory_reserve: None,
        }),
        firewall: Some(Firewall {
            public,
            holders: BTreeMap::new(),
        }),
        nodes: node_list,
        vms: vm_list,
        tls: None,
    }
}
