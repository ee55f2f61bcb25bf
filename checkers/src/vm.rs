//! A VM on a bridge, in private namespaces: where a daemon serves a VM for real.

use std::ffi::OsStr;
use std::path::Path;

use crate::run::{self, Failure, Ran, Tool};

/// Sets up, for `sh -c SCRIPT sh DIR BRIDGE CIDR MAC` inside `unshare -n -m`: a tmpfs on /run; the bridge
/// with the address `CIDR` (no duplicate address detection for IPv6) and IPv6 forwarding on, as on a node;
/// a network namespace `vm` whose `eth0`, with `MAC` and accepting router advertisements, is a veth plugged
/// into the bridge. A process whose PID the script adds to `$pids` is stopped on exit, and `vm` deleted.
const ON_A_BRIDGE: &str = r#"
set -u
dir=$1 bridge=$2 cidr=$3 mac=$4
mount -t tmpfs tmpfs /run && mkdir -p /run/netns || exit 1
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	ip netns del vm 2>/dev/null
}
trap cleanup EXIT
case $cidr in *:*) nodad=nodad ;; *) nodad= ;; esac
ip link set lo up
sysctl -qw net.ipv6.conf.all.forwarding=1 || exit 1
ip link add "$bridge" type bridge || exit 1
ip addr add "$cidr" dev "$bridge" $nodad || exit 1
ip link set "$bridge" up || exit 1
ip netns add vm || exit 1
ip link add vmh type veth peer name vmg || exit 1
ip link set vmg netns vm || exit 1
ip netns exec vm ip link set vmg name eth0 || exit 1
ip netns exec vm ip link set eth0 address "$mac" || exit 1
ip netns exec vm sysctl -qw net.ipv6.conf.eth0.accept_ra=1 || exit 1
ip netns exec vm ip link set eth0 up || exit 1
ip netns exec vm ip link set lo up
ip link set vmh master "$bridge" || exit 1
ip link set vmh up || exit 1
"#;

/// Runs `then` after [`ON_A_BRIDGE`] in `unshare -n -m`, 60 s at most, with `dir`, `bridge`, `cidr` and
/// `mac` as `$dir`, `$bridge`, `$cidr` and `$mac`.
pub(crate) fn on_a_bridge(
    tool: Tool,
    unshare: &Path,
    dir: &Path,
    [bridge, cidr, mac]: [&str; 3],
    then: &str,
) -> Result<Ran, Failure> {
    let script = [ON_A_BRIDGE, then].concat();
    run::run(
        tool,
        Path::new("/usr/bin/timeout"),
        &[
            OsStr::new("60"),
            unshare.as_os_str(),
            OsStr::new("-n"),
            OsStr::new("-m"),
            OsStr::new("sh"),
            OsStr::new("-c"),
            OsStr::new(&script),
            OsStr::new("sh"),
            dir.as_os_str(),
            OsStr::new(bridge),
            OsStr::new(cidr),
            OsStr::new(mac),
        ],
    )
}
