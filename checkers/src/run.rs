//! Finding a checker, running it, and the verdict.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A checker program this crate knows how to find, with the Debian package that installs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Tool {
    /// `named-checkzone`, BIND's zone file checker.
    NamedCheckzone,
    /// `named-checkconf`, BIND's configuration checker.
    NamedCheckconf,
    /// `named`, the BIND name server.
    Named,
    /// `dig`, the DNS lookup client.
    Dig,
    /// `dhcpd`, the ISC DHCP server (`-t` checks a configuration).
    Dhcpd,
    /// `nginx` (`-t` checks a configuration).
    Nginx,
    /// `shorewall` (`check` compiles a rule set).
    Shorewall,
    /// `shorewall6` (`check` compiles an IPv6 rule set).
    Shorewall6,
    /// `ifquery`, from ifupdown.
    Ifquery,
    /// `ifup`, from ifupdown (`-n` does nothing but parse and plan).
    Ifup,
    /// `sh`, the POSIX shell (`-n` checks syntax).
    Sh,
    /// `unshare`, to run checkers in private namespaces.
    Unshare,
    /// `curl`, to fetch through a server under test.
    Curl,
    /// `dhclient`, the ISC DHCP client, to lease an address as a VM does.
    Dhclient,
    /// `python3`, whose http.server stands for a VM's web server.
    Python,
    /// `kea-dhcp4`, the Kea DHCPv4 server (`-t` checks a configuration).
    KeaDhcp4,
    /// `radvd`, the router advertisement daemon (`-c` checks a configuration).
    Radvd,
    /// `certbot`, the ACME client.
    Certbot,
    /// `pebble`, a small ACME server for tests.
    Pebble,
    /// `openssl`, to make a throwaway certificate.
    Openssl,
    /// `tsig-keygen`, to make a throwaway TSIG key for a named.conf that includes one.
    TsigKeygen,
}

impl Tool {
    /// The program's file name.
    pub fn program(self) -> &'static str {
        match self {
            Tool::NamedCheckzone => "named-checkzone",
            Tool::NamedCheckconf => "named-checkconf",
            Tool::Named => "named",
            Tool::Dig => "dig",
            Tool::Dhcpd => "dhcpd",
            Tool::Nginx => "nginx",
            Tool::Shorewall => "shorewall",
            Tool::Shorewall6 => "shorewall6",
            Tool::Ifquery => "ifquery",
            Tool::Ifup => "ifup",
            Tool::Sh => "sh",
            Tool::Unshare => "unshare",
            Tool::Curl => "curl",
            Tool::Dhclient => "dhclient",
            Tool::Python => "python3",
            Tool::KeaDhcp4 => "kea-dhcp4",
            Tool::Radvd => "radvd",
            Tool::Certbot => "certbot",
            Tool::Pebble => "pebble",
            Tool::Openssl => "openssl",
            Tool::TsigKeygen => "tsig-keygen",
        }
    }

    /// The Debian package that installs it.
    pub fn package(self) -> &'static str {
        match self {
            Tool::NamedCheckzone | Tool::NamedCheckconf => "bind9-utils",
            Tool::Named => "bind9",
            Tool::Dig => "bind9-dnsutils",
            Tool::Dhcpd => "isc-dhcp-server",
            Tool::Nginx => "nginx-light",
            Tool::Shorewall => "shorewall",
            Tool::Shorewall6 => "shorewall6",
            Tool::Ifquery | Tool::Ifup => "ifupdown",
            Tool::Sh => "dash",
            Tool::Unshare => "util-linux",
            Tool::Curl => "curl",
            Tool::Dhclient => "isc-dhcp-client",
            Tool::Python => "python3",
            Tool::KeaDhcp4 => "kea-dhcp4-server",
            Tool::Radvd => "radvd",
            Tool::Certbot => "certbot",
            Tool::Pebble => "pebble",
            Tool::Openssl => "openssl",
            Tool::TsigKeygen => "bind9",
        }
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.program())
    }
}

/// What a check came to when it did not fail.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verdict {
    /// The checker ran and accepted the input; `output` is everything it printed (stdout, then stderr).
    Passed {
        /// The checker's output.
        output: String,
    },
    /// The checker is not installed and this is not CI: nothing was checked.
    Skipped {
        /// The missing checker.
        tool: Tool,
    },
}

impl Verdict {
    /// Whether the checker really ran.
    pub fn ran(&self) -> bool {
        matches!(self, Verdict::Passed { .. })
    }
}

/// A check that failed: the checker refused the input, could not be run, or is missing under `CI=true`.
#[derive(Clone, PartialEq, Eq)]
pub struct Failure {
    /// The checker.
    pub tool: Tool,
    /// The command line that was run, for a person to repeat it.
    pub command: String,
    /// Why this is a failure, in one line.
    pub reason: String,
    /// Everything the checker printed (stdout, then stderr), and the input where it helps.
    pub output: String,
}

impl Failure {
    /// A failure of `tool` that no command line or output goes with.
    pub(crate) fn new(tool: Tool, reason: impl Into<String>) -> Failure {
        Failure {
            tool,
            command: String::new(),
            reason: reason.into(),
            output: String::new(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.tool, self.reason)?;
        if !self.command.is_empty() {
            write!(f, "\n  command: {}", self.command)?;
        }
        if !self.output.is_empty() {
            write!(f, "\n  output:\n{}", self.output.trim_end())?;
        }
        Ok(())
    }
}

// `unwrap()` in a test prints Debug: make it the readable message.
impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Failure {}

const SYSTEM_DIRS: [&str; 6] = [
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];

/// Where `tool` is installed: `PATH` first, then the system folders (`/usr/sbin`, `/sbin`, ...) that a
/// non-root `PATH` often lacks.
pub fn locate(tool: Tool) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(SYSTEM_DIRS.iter().map(PathBuf::from))
        .map(|dir| dir.join(tool.program()))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The checker's path if it is installed; `Ok(None)` (after one line on standard error) if it is missing
/// outside CI; a [`Failure`] if it is missing under `CI=true`.
pub fn require(tool: Tool) -> Result<Option<PathBuf>, Failure> {
    if let Some(path) = locate(tool) {
        return Ok(Some(path));
    }
    if under_ci() {
        return Err(Failure::new(
            tool,
            format!(
                "not installed, and CI=true requires every checker (apt-get install {})",
                tool.package()
            ),
        ));
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {} not installed (apt-get install {})",
        tool.program(),
        tool.package()
    );
    Ok(None)
}

/// Whether this process runs as root (mounting and namespaces need it).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|uids| uids.split_whitespace().nth(1))
            == Some("0")
    })
}

/// What every farm in a box runs besides its DHCP server (dhcpd or Kea): named and dig, nginx, Shorewall,
/// ifupdown, the VMs' dhclient, curl and Python (a VM's web server).
pub const BOX_TOOLS: &[Tool] = &[
    Tool::Named,
    Tool::Dig,
    Tool::Nginx,
    Tool::Shorewall,
    Tool::Ifup,
    Tool::Dhclient,
    Tool::Curl,
    Tool::Python,
];

/// Whether a box needing `tools` can run here (private namespaces: unshare and root, and every tool);
/// outside CI a missing one is `Ok(false)` with a line saying so, under CI an error.
pub fn box_possible(tools: &[Tool]) -> Result<bool, Failure> {
    Ok(in_namespaces_if_possible(Tool::Unshare, tools)?.is_some())
}

/// What running `tool` in private namespaces needs: `tool`, every one of `also` and `unshare` installed,
/// and root. The path of `unshare`; `Ok(None)` to skip (every missing program named on standard error, as
/// [`require`] does, or the lack of root), outside CI; a [`Failure`] under CI.
pub(crate) fn in_namespaces_if_possible(
    tool: Tool,
    also: &[Tool],
) -> Result<Option<PathBuf>, Failure> {
    let mut found = true;
    for needed in std::iter::once(tool).chain(also.iter().copied()) {
        if needed != Tool::Unshare {
            found &= require(needed)?.is_some();
        }
    }
    let unshare = require(Tool::Unshare)?;
    match unshare {
        Some(unshare) if found && needs_root(tool)? => Ok(Some(unshare)),
        _ => Ok(None),
    }
}

/// Root is needed for the private namespaces; outside CI its absence skips, under CI it fails.
fn needs_root(tool: Tool) -> Result<bool, Failure> {
    if is_root() {
        return Ok(true);
    }
    if under_ci() {
        return Err(Failure::new(
            tool,
            "needs root to run in private namespaces, and CI=true requires every checker",
        ));
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {tool} check needs root (unshare -n -m)"
    );
    Ok(false)
}

/// The outcome of running a checker once.
#[derive(Debug)]
pub(crate) struct Ran {
    pub(crate) success: bool,
    pub(crate) status: String,
    pub(crate) output: String,
    pub(crate) command: String,
}

impl Ran {
    /// A failure for this run, with `reason`.
    pub(crate) fn failure(self, tool: Tool, reason: impl Into<String>) -> Failure {
        Failure {
            tool,
            command: self.command,
            reason: reason.into(),
            output: self.output,
        }
    }

    /// Passed if it exited 0, else a failure naming the exit status.
    pub(crate) fn verdict(self, tool: Tool) -> Result<Verdict, Failure> {
        if self.success {
            Ok(Verdict::Passed {
                output: self.output,
            })
        } else {
            let reason = format!("refused the input ({})", self.status);
            Err(self.failure(tool, reason))
        }
    }
}

/// Runs `program` with `args`, capturing both streams (stdout first, then stderr).
pub(crate) fn run(tool: Tool, program: &Path, args: &[&std::ffi::OsStr]) -> Result<Ran, Failure> {
    let command = std::iter::once(program.as_os_str())
        .chain(args.iter().copied())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| Failure {
            tool,
            command: command.clone(),
            reason: format!("could not be started: {e}"),
            output: String::new(),
        })?;
    let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
    output.push_str(&String::from_utf8_lossy(&out.stderr));
    Ok(Ran {
        success: out.status.success(),
        status: out.status.to_string(),
        output,
        command,
    })
}

/// Runs the shell `script` inside private network and mount namespaces: `unshare -n -m sh -c SCRIPT sh
/// ARGS...`, the arguments being `$1`, `$2`, ... of the script.
pub(crate) fn in_namespaces(
    tool: Tool,
    unshare: &Path,
    script: &str,
    args: &[&std::ffi::OsStr],
) -> Result<Ran, Failure> {
    use std::ffi::OsStr;
    let mut all: Vec<&OsStr> = vec![
        OsStr::new("-n"),
        OsStr::new("-m"),
        OsStr::new("sh"),
        OsStr::new("-c"),
        OsStr::new(script),
        OsStr::new("sh"),
    ];
    all.extend_from_slice(args);
    run(tool, unshare, &all)
}

/// The helpers (`fail`, `ok`, `wait_for`) the step-by-step scripts source from their work folder.
pub(crate) const STEPS: &str = include_str!("steps.sh");

/// A fresh temporary folder, as a failure of `tool` if it cannot be made.
pub(crate) fn temp_dir(tool: Tool) -> Result<tempfile::TempDir, Failure> {
    tempfile::Builder::new()
        .prefix("farmgen-check-")
        .tempdir()
        .map_err(|e| io_failure(tool, "could not make a temporary folder", &e))
}

/// Writes `text` to `path`, as a failure of `tool` if it cannot.
pub(crate) fn write(tool: Tool, path: &Path, text: &str) -> Result<(), Failure> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| io_failure(tool, &format!("could not create {}", parent.display()), &e))?;
    }
    std::fs::write(path, text)
        .map_err(|e| io_failure(tool, &format!("could not write {}", path.display()), &e))
}

fn io_failure(tool: Tool, what: &str, e: &std::io::Error) -> Failure {
    Failure::new(tool, format!("{what}: {e}"))
}
