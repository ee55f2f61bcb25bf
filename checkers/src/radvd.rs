//! radvd's own check.

use std::ffi::OsStr;

use crate::run::{self, Failure, Tool, Verdict};

/// `radvd -c -C FILE` on `text`, in a temporary folder: radvd reads the file and exits ("syntax ok").
/// It checks the grammar only (an interface that does not exist, intervals out of range and a prefix that
/// is not a /64 all pass): the rest is the generator's job. A warning is a failure too.
pub fn radvd(text: &str) -> Result<Verdict, Failure> {
    let tool = Tool::Radvd;
    let Some(program) = run::require(tool)? else {
        return Ok(Verdict::Skipped { tool });
    };
    let dir = run::temp_dir(tool)?;
    let conf = dir.path().join("radvd.conf");
    run::write(tool, &conf, text)?;
    let ran = run::run(
        tool,
        &program,
        &[
            OsStr::new("-c"),
            OsStr::new("-C"),
            conf.as_os_str(),
            OsStr::new("-m"),
            OsStr::new("stderr"),
        ],
    )?;
    if let Some(line) = ran
        .output
        .lines()
        .find(|l| l.to_ascii_lowercase().contains("warn"))
    {
        let reason = format!("warned: {}", line.trim());
        return Err(ran.failure(tool, reason));
    }
    ran.verdict(tool)
}

/// Advertises for real and returns the addresses a VM gives itself: in `unshare -n -m` (a tmpfs on /run),
/// a bridge `bridge` with `bridge_cidr` and IPv6 forwarding on (as on a farm node), a network namespace
/// for the VM on a veth plugged into the bridge with the VM's `mac`, accepting advertisements; radvd with
/// `text` on the bridge, until the VM has a global address (10 s at most). Returns the VM's global
/// addresses. A radvd line saying a setting "must be" or "should be" otherwise is a failure: radvd checks
/// intervals and prefix lengths only when it starts. radvd is stopped by its PID before it returns.
/// `Ok(None)` where it cannot run (not root, a program missing), outside CI.
pub fn radvd_slaac(
    text: &str,
    bridge: &str,
    bridge_cidr: &str,
    mac: &str,
) -> Result<Option<Vec<String>>, Failure> {
    let tool = Tool::Radvd;
    let Some(unshare) = run::in_namespaces_if_possible(tool, &[])? else {
        return Ok(None);
    };
    let dir = run::temp_dir(tool)?;
    run::write(tool, &dir.path().join("radvd.conf"), text)?;
    let script = r#"
set -u
dir=$1 bridge=$2 cidr=$3 mac=$4
mount -t tmpfs tmpfs /run && mkdir -p /run/netns || exit 1
pid=""
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null
	wait 2>/dev/null
	ip netns del vm 2>/dev/null
}
trap cleanup EXIT
sysctl -qw net.ipv6.conf.all.forwarding=1 || exit 1
ip link add "$bridge" type bridge || exit 1
ip addr add "$cidr" dev "$bridge" nodad || exit 1
ip link set "$bridge" up || exit 1
ip netns add vm || exit 1
ip link add vmh type veth peer name vmg || exit 1
ip link set vmg netns vm || exit 1
ip netns exec vm ip link set vmg name eth0 || exit 1
ip netns exec vm ip link set eth0 address "$mac" || exit 1
ip netns exec vm sysctl -qw net.ipv6.conf.eth0.accept_ra=1 || exit 1
ip netns exec vm ip link set eth0 up || exit 1
ip link set vmh master "$bridge" || exit 1
ip link set vmh up || exit 1
radvd -n -C "$dir/radvd.conf" -p "$dir/radvd.pid" -m stderr >"$dir/radvd.log" 2>&1 &
pid=$!
i=0
until ip netns exec vm ip -6 -o addr show dev eth0 scope global | grep -q inet6; do
	if grep -E 'must be|should be' "$dir/radvd.log" >&2; then exit 1; fi
	i=$((i + 1))
	if [ "$i" -ge 200 ]; then echo "no address from the advertisements within 10 s:" >&2; cat "$dir/radvd.log" >&2; exit 1; fi
	sleep 0.05
done
if grep -E 'must be|should be' "$dir/radvd.log" >&2; then exit 1; fi
ip netns exec vm ip -6 -o addr show dev eth0 scope global | awk '{ sub("/.*", "", $4); print $4 }'
"#;
    let ran = run::in_namespaces(
        tool,
        &unshare,
        script,
        &[
            dir.path().as_os_str(),
            OsStr::new(bridge),
            OsStr::new(bridge_cidr),
            OsStr::new(mac),
        ],
    )?;
    if !ran.success {
        let reason = format!("advertised no usable prefix ({})", ran.status);
        return Err(ran.failure(tool, reason));
    }
    Ok(Some(ran.output.lines().map(str::to_owned).collect()))
}
