//! The farm in a box: a rendered node brought up for real from its files alone, in private namespaces.

use std::ffi::OsStr;
use std::path::Path;

use crate::run::{self, Failure, STEPS, Tool};

/// The script, run as `sh farm_in_a_box.sh WORK` inside `unshare -n -m`.
const SCRIPT: &str = include_str!("farm_in_a_box.sh");

/// Brings up the node whose rendered files lie under `tree` (as under `/`), as `spec` describes its VMs,
/// sites and forwards (the format is at the top of `farm_in_a_box.sh`), and checks it step by step: the
/// interfaces and routes, named answering every A and PTR, every VM leasing its address from dhcpd (or from Kea when the tree has `etc/kea/kea-dhcp4.conf`: its
/// lease folder and socket on tmpfs), nginx
/// proxying every site, Shorewall forwarding every public port and dropping others, and the VMs reaching the
/// internet masqueraded; with HTTPS sites (`tls` lines), pebble on the internet's side issuing their
/// certificates to the tree's issue script over HTTP-01 through the firewall, and each site served over
/// HTTPS by name, its HTTP redirected, its challenge path served; on a node with an IPv6 prefix (a tree
/// with `etc/radvd.conf`), the VMs getting by SLAAC the addresses their AAAA records say, named answering
/// AAAA and ip6.arpa PTR over IPv6, the sites through nginx and the forwards' VM ports reached from the
/// internet over IPv6, another port dropped by Shorewall6. Nothing reaches the machine's own network, /etc
/// or firewall; every process is
/// stopped by its PID and every namespace deleted, on failure too. Returns the steps passed; `Ok(None)`
/// where it cannot run (not root, a daemon missing), outside CI.
pub fn farm_in_a_box(tree: &Path, spec: &str) -> Result<Option<String>, Failure> {
    let tool = Tool::Unshare;
    // Kea when the tree has its file, dhcpd otherwise.
    let dhcp = if tree.join("etc/kea/kea-dhcp4.conf").is_file() {
        Tool::KeaDhcp4
    } else {
        Tool::Dhcpd
    };
    let mut needed = vec![dhcp];
    needed.extend_from_slice(run::BOX_TOOLS);
    // HTTPS sites: certificates from pebble, asked for by certbot.
    if spec.lines().any(|l| l.starts_with("tls ")) {
        needed.extend([Tool::Pebble, Tool::Certbot, Tool::Openssl]);
    }
    // IPv6 when the tree advertises a prefix.
    if spec.lines().any(|l| l.starts_with("var PREFIX6 ")) {
        needed.extend([Tool::Radvd, Tool::Shorewall6]);
    }
    let Some(unshare) = run::in_namespaces_if_possible(tool, &needed)? else {
        return Ok(None);
    };
    let dir = run::temp_dir(tool)?;
    let work = dir.path();
    run::write(tool, &work.join("spec"), spec)?;
    run::write(tool, &work.join("steps.sh"), STEPS)?;
    run::write(tool, &work.join("pebble.sh"), crate::acme::PEBBLE)?;
    run::write(tool, &work.join("box.sh"), SCRIPT)?;
    write_dhclient_script(work)?;
    std::os::unix::fs::symlink(tree, work.join("tree"))
        .map_err(|e| Failure::new(tool, format!("could not link the tree: {e}")))?;
    run_box(&unshare, work, 120, "the farm did not come up")
}

/// What dhclient runs in a VM on a lease: the address and routes, and a line for the checks.
const DHCLIENT_SCRIPT: &str = include_str!("dhclient_script.sh");

/// Writes `dhclient-script`, executable, into the work folder `work`.
pub(crate) fn write_dhclient_script(work: &Path) -> Result<(), Failure> {
    use std::os::unix::fs::PermissionsExt as _;
    let tool = Tool::Dhclient;
    let path = work.join("dhclient-script");
    run::write(tool, &path, DHCLIENT_SCRIPT)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).map_err(|e| {
        Failure::new(
            tool,
            format!("could not make {} executable: {e}", path.display()),
        )
    })
}

/// Runs `work/box.sh work` inside `unshare -n -m`, for at most `seconds`: its steps, or the failure
/// `failed` with its output.
pub(crate) fn run_box(
    unshare: &Path,
    work: &Path,
    seconds: u32,
    failed: &str,
) -> Result<Option<String>, Failure> {
    let tool = Tool::Unshare;
    let seconds = seconds.to_string();
    let ran = run::run(
        tool,
        Path::new("/usr/bin/timeout"),
        &[
            OsStr::new(&seconds),
            unshare.as_os_str(),
            OsStr::new("-n"),
            OsStr::new("-m"),
            OsStr::new("sh"),
            work.join("box.sh").as_os_str(),
            work.as_os_str(),
        ],
    )?;
    if !ran.success {
        let reason = format!("{failed} ({})", ran.status);
        return Err(ran.failure(tool, reason));
    }
    Ok(Some(ran.output))
}
