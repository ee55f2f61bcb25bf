//! radvd's own check.

use std::ffi::OsStr;

use crate::run::{self, Failure, Tool, Verdict};
use crate::vm;

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
/// `text` on the bridge, until the VM has a global address (20 s at most). Returns the VM's global
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
radvd -n -C "$dir/radvd.conf" -p "$dir/radvd.pid" -m stderr >"$dir/radvd.log" 2>&1 &
pids=$!
# The VM solicited when its link came up, before radvd ran: it solicits again when its link comes up again.
sleep 0.1
ip netns exec vm ip link set eth0 down && ip netns exec vm ip link set eth0 up || exit 1
i=0
until ip netns exec vm ip -6 -o addr show dev eth0 scope global | grep -q inet6; do
	if grep -E 'must be|should be' "$dir/radvd.log" >&2; then exit 1; fi
	i=$((i + 1))
	if [ "$i" -ge 400 ]; then echo "no address from the advertisements within 20 s:" >&2; cat "$dir/radvd.log" >&2; exit 1; fi
	sleep 0.05
done
if grep -E 'must be|should be' "$dir/radvd.log" >&2; then exit 1; fi
ip netns exec vm ip -6 -o addr show dev eth0 scope global | awk '{ sub("/.*", "", $4); print $4 }'
"#;
    let ran = vm::on_a_bridge(
        tool,
        &unshare,
        dir.path(),
        [bridge, bridge_cidr, mac],
        script,
    )?;
    if !ran.success {
        let reason = format!("advertised no usable prefix ({})", ran.status);
        return Err(ran.failure(tool, reason));
    }
    Ok(Some(ran.output.lines().map(str::to_owned).collect()))
}
