//! What the plan leaves out, allocated from the plan alone: each VM's address (the lowest free one of its
//! network, in plan order) and MAC (ChaCha8 seeded by FNV-1a of the domain and the VM's name).

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use bind_zone::Name;
use foldhash::{HashSet, HashSetExt as _};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt as _, SeedableRng as _};

use crate::plan::Plan;
use crate::plan::values::Mac;

/// The generator of a VM's MAC: ChaCha8 seeded by FNV-1a of `domain`, a NUL, and the VM's name.
fn mac_generator(domain: &Name, vm: &Name) -> ChaCha8Rng {
    let mut seed = Fnv1a64(0xcbf2_9ce4_8422_2325);
    // Writing to the hash cannot fail.
    let _ = write!(seed, "{domain}\0{vm}");
    ChaCha8Rng::seed_from_u64(seed.0)
}

/// FNV-1a, 64 bits, over the bytes written to it: the fixed, named hash that seeds a VM's MAC generator
/// (never `DefaultHasher`, whose output may change between Rust releases).
struct Fnv1a64(u64);

impl std::fmt::Write for Fnv1a64 {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for b in s.bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Ok(())
    }
}

/// A generated MAC: QEMU/KVM's locally administered prefix `52:54`, then four bytes from `rng`.
fn draw_mac(rng: &mut ChaCha8Rng) -> Mac {
    let b = rng.random::<u32>().to_be_bytes();
    // 0x52 is even (unicast) and the bytes are not all zero, so this is always a valid MAC.
    Mac::new([0x52, 0x54, b[0], b[1], b[2], b[3]].into()).unwrap_or_else(|_| draw_mac(rng))
}

/// Every VM's address: its own, or the lowest free host address of its network (`networks`, one per VM),
/// in plan order, skipping `given` (the addresses the plan gives outside its VMs), the VMs' own and `ns`.
/// The index of the first VM whose network is full, if one is.
pub(super) fn addresses(
    plan: &Plan,
    networks: &[usize],
    given: &[Ipv4Addr],
    ns: Ipv4Addr,
) -> Result<Vec<Ipv4Addr>, usize> {
    let mut taken: HashSet<Ipv4Addr> = HashSet::with_capacity(plan.vms.len() + given.len() + 1);
    taken.extend(given.iter().copied());
    taken.extend(plan.vms.iter().filter_map(|vm| vm.address));
    taken.insert(ns);
    let mut cursors: Vec<u32> = plan
        .networks
        .iter()
        .map(|n| u32::from(n.cidr.network()))
        .collect();
    let mut out = Vec::with_capacity(plan.vms.len());
    for (i, (vm, &network)) in plan.vms.iter().zip(networks).enumerate() {
        if let Some(address) = vm.address {
            out.push(address);
            continue;
        }
        let net = plan.networks[network].cidr;
        let last = u32::from(net.broadcast());
        let mut candidate = cursors[network];
        let address = loop {
            let addr = Ipv4Addr::from(candidate);
            if super::networks::is_host_of(net, addr) && !taken.contains(&addr) {
                break addr;
            }
            if candidate >= last {
                return Err(i);
            }
            candidate += 1;
        };
        cursors[network] = candidate;
        taken.insert(address);
        out.push(address);
    }
    Ok(out)
}

/// Every VM's MAC: its own, or one drawn from the VM's own generator, skipping MACs already taken (those the
/// plan gives and those drawn before, in plan order).
pub(super) fn macs(plan: &Plan, domain: &Name) -> Vec<Mac> {
    let mut taken: HashSet<Mac> = HashSet::with_capacity(plan.vms.len());
    taken.extend(plan.vms.iter().filter_map(|vm| vm.mac));
    plan.vms
        .iter()
        .map(|vm| match vm.mac {
            Some(mac) => mac,
            None => {
                let mut rng = mac_generator(domain, &vm.name);
                let mut mac = draw_mac(&mut rng);
                while !taken.insert(mac) {
                    mac = draw_mac(&mut rng);
                }
                mac
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    /// FNV-1a's published values, so that no change can renumber a farm's MACs.
    #[test]
    fn the_seed_is_fnv_1a() {
        let hash = |text: &str| {
            let mut h = super::Fnv1a64(0xcbf2_9ce4_8422_2325);
            write!(h, "{text}").unwrap();
            h.0
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
