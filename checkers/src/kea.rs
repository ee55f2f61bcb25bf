//! Kea's own check, and Kea leasing an address for real, both inside private namespaces.

use std::ffi::OsStr;
use std::path::Path;

use crate::run::{self, Failure, Tool, Verdict};
use crate::vm;

/// `kea-dhcp4 -t FILE` on `text`. `-t` refuses a configuration whose interfaces do not exist, so it runs in
/// `unshare -n -m` after `ip link add NAME type bridge` for each of `interfaces`: nothing of the machine's
/// own network is seen or touched. A `WARN` line is a failure too. Skipped (one line on standard error)
/// where Kea or `unshare` is missing or this is not root, outside CI.
pub fn kea_dhcp4(text: &str, interfaces: &[&str]) -> Result<Verdict, Failure> {
    let tool = Tool::KeaDhcp4;
    let Some(unshare) = run::in_namespaces_if_possible(tool, &[])? else {
        return Ok(Verdict::Skipped { tool });
    };
    let dir = run::temp_dir(tool)?;
    let conf = dir.path().join("kea-dhcp4.conf");
    run::write(tool, &conf, text)?;
    let mut args = vec![conf.as_os_str()];
    args.extend(interfaces.iter().map(OsStr::new));
    let ran = run::in_namespaces(
        tool,
        &unshare,
        r#"conf=$1; shift
for name in "$@"; do ip link add "$name" type bridge || exit 1; done
exec kea-dhcp4 -t "$conf""#,
        &args,
    )?;
    if let Some(line) = ran.output.lines().find(|l| l.contains(" WARN ")) {
        let reason = format!("warned: {line}");
        return Err(ran.failure(tool, reason));
    }
    ran.verdict(tool)
}

/// Serves a configuration with kea-dhcp4 for real and leases an address as a VM does: in `unshare -n -m`
/// (a tmpfs on /run), a bridge `bridge` with `bridge_cidr`, a network namespace for the VM on a veth
/// plugged into the bridge with the VM's `mac`, kea-dhcp4 on the bridge, then `dhclient -4 -1` in the VM's
/// namespace. `config` is given a fresh temporary folder and returns the configuration's text, its lease
/// file and control socket in that folder; Kea's pid and lock files go there too, and so do its data,
/// socket and log folders (`KEA_DHCP_DATA_DIR`, `KEA_CONTROL_SOCKET_DIR`, `KEA_LOG_FILE_DIR`: Kea 2.6.3
/// and later refuse paths outside them). Returns what the VM got, one line:
/// `ADDRESS MASK ROUTERS NAME_SERVERS DOMAIN HOSTNAME`. Every process is stopped by its PID before it
/// returns. `Ok(None)` where it cannot run (not root, a program missing), outside CI.
pub fn kea_lease(
    config: impl FnOnce(&Path) -> String,
    bridge: &str,
    bridge_cidr: &str,
    mac: &str,
) -> Result<Option<String>, Failure> {
    let tool = Tool::KeaDhcp4;
    let Some(unshare) = run::in_namespaces_if_possible(tool, &[Tool::Dhclient])? else {
        return Ok(None);
    };
    let dir = run::temp_dir(tool)?;
    let text = config(dir.path());
    run::write(tool, &dir.path().join("kea-dhcp4.conf"), &text)?;
    let script = r#"
KEA_PIDFILE_DIR=$dir KEA_LOCKFILE_DIR=$dir KEA_DHCP_DATA_DIR=$dir KEA_CONTROL_SOCKET_DIR=$dir KEA_LOG_FILE_DIR=$dir \
	kea-dhcp4 -c "$dir/kea-dhcp4.conf" >"$dir/kea.log" 2>&1 &
pids="$pids $!"
i=0
until grep -qs DHCP4_STARTED "$dir/kea.log"; do
	i=$((i + 1))
	if [ "$i" -ge 200 ]; then echo "kea-dhcp4 did not start:" >&2; cat "$dir/kea.log" >&2; exit 1; fi
	sleep 0.05
done
cat >"$dir/dhclient-script" <<'SCRIPT'
#!/bin/sh
case "$reason" in
BOUND | RENEW | REBIND | REBOOT)
	echo "$new_ip_address $new_subnet_mask $new_routers $new_domain_name_servers $new_domain_name $new_host_name" >"$(dirname "$0")/lease.new"
	mv "$(dirname "$0")/lease.new" "$(dirname "$0")/lease"
	;;
esac
exit 0
SCRIPT
chmod +x "$dir/dhclient-script"
ip netns exec vm dhclient -4 -1 -d -sf "$dir/dhclient-script" -lf "$dir/dhclient.leases" -pf "$dir/dhclient.pid" eth0 >"$dir/dhclient.log" 2>&1 &
pids="$pids $!"
i=0
until [ -s "$dir/lease" ]; do
	i=$((i + 1))
	if [ "$i" -ge 400 ]; then echo "no lease within 20 s:" >&2; cat "$dir/kea.log" "$dir/dhclient.log" >&2; exit 1; fi
	sleep 0.05
done
cat "$dir/lease"
"#;
    let ran = vm::on_a_bridge(
        tool,
        &unshare,
        dir.path(),
        [bridge, bridge_cidr, mac],
        script,
    )?;
    if !ran.success {
        let reason = format!("no lease from kea-dhcp4 ({})", ran.status);
        return Err(ran.failure(tool, reason));
    }
    Ok(Some(ran.output.trim().to_owned()))
}
