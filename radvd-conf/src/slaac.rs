//! The address SLAAC gives a host: its prefix and the modified EUI-64 of its MAC (RFC 4291 appendix A).

use std::net::Ipv6Addr;

use macaddr::MacAddr6;

use crate::Prefix;

/// The address a host with `mac` gives itself in `prefix` by SLAAC with an EUI-64 interface id (what
/// Linux does with `addr_gen_mode` 0, its default): the MAC's first three bytes with the universal/local
/// bit flipped, `ff:fe`, then its last three bytes. `52:54:fb:77:1e:82` in `2001:db8:1:2::/64` is
/// `2001:db8:1:2:5054:fbff:fe77:1e82`.
pub fn slaac_address(prefix: Prefix, mac: MacAddr6) -> Ipv6Addr {
    let [a, b, c, d, e, f] = mac.into_array();
    let iid = u64::from_be_bytes([a ^ 0x02, b, c, 0xff, 0xfe, d, e, f]);
    prefix.address(iid)
}

/// The MAC whose modified EUI-64 is `address`'s interface id, if it is one (`ff:fe` in its middle): the
/// inverse of [`slaac_address`].
pub fn slaac_mac(address: Ipv6Addr) -> Option<MacAddr6> {
    let [.., a, b, c, ff, fe, d, e, f] = address.octets();
    (ff == 0xff && fe == 0xfe).then(|| MacAddr6::new(a ^ 0x02, b, c, d, e, f))
}
