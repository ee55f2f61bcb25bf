//! An HTTPS site issued for real and offline: nginx, a backend, pebble (a small ACME server) and certbot
//! run by the rendered issue script, in private network and mount namespaces.

use std::ffi::OsStr;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

use crate::run::{self, Failure, STEPS, Tool};

/// The script, run as `sh acme.sh WORK` inside `unshare -n -m`.
const SCRIPT: &str = include_str!("acme.sh");

/// The helpers that start pebble, sourced by the scripts that issue certificates.
pub(crate) const PEBBLE: &str = include_str!("pebble.sh");

/// The folders the proof mounts privately (a copy of the machine's `/etc/nginx`, tmpfs over the others):
/// the only places a rendered file may go.
pub const PRIVATE_FOLDERS: [&str; 4] =
    ["/etc/nginx/", "/etc/letsencrypt/", "/var/www/", "/var/lib/"];

/// What the proof is given: the rendered files of one HTTPS site and where they go.
#[derive(Debug, Clone, Copy)]
pub struct AcmeSite<'a> {
    /// The site's server name (resolved to 127.0.0.1 through a private /etc/hosts).
    pub name: &'a str,
    /// The rendered files, each at its absolute path (below one of [`PRIVATE_FOLDERS`]): the http-level
    /// file, the port-80 server, the HTTPS server and its switch entry, the deploy hook, the issue script.
    /// They are laid over a copy of the machine's `/etc/nginx`, so Debian's own nginx.conf includes them.
    pub files: &'a [(&'a str, &'a str)],
    /// The issue script's path (one of `files`), run with `sh` twice.
    pub issue_script: &'a str,
    /// The webroot certbot writes the challenge into.
    pub webroot: &'a str,
    /// The folder the deploy hook links the enabled HTTPS servers into.
    pub enabled: &'a str,
    /// Where the backend standing for the VM listens (the rendered upstream): an address on `lo`.
    pub backend: SocketAddr,
    /// The page the backend serves at `/`.
    pub backend_body: &'a str,
    /// pebble's address (an address on `lo`, 127.0.0.0/8): its ACME directory is `https://ADDR:14000/dir`,
    /// its issuing root `https://ADDR:15000/roots/0`.
    pub pebble: IpAddr,
}

/// What the proof saw, each as fetched (the first line of it, without its line break).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AcmeProof {
    /// `http://NAME/` before any certificate (nginx proxying to the backend, status 200).
    pub http_before: String,
    /// `https://NAME/` after the issue script, trusted through pebble's root only.
    pub https: String,
    /// `https://NAME/` after, over IPv6 (`[::1]:443`).
    pub https_ipv6: String,
    /// `http://NAME/x?y=1` after: `STATUS LOCATION`.
    pub redirect: String,
    /// A file in the webroot's challenge folder fetched over `http://` after: `BODY STATUS`.
    pub challenge: String,
    /// The exit status of the issue script's second run.
    pub second_run_status: String,
    /// Whether the second run changed the certificate's folder or the enabled links (a link to a file that
    /// does not exist, planted in the enabled folder before it, is to be removed by it, not counted).
    pub second_run_changed: bool,
    /// Every step passed, with its time since the start (`ok: STEP (MS ms)`).
    pub steps: String,
}

fn refuse(reason: String) -> Failure {
    Failure {
        tool: Tool::Certbot,
        command: String::new(),
        reason,
        output: String::new(),
    }
}

fn plain_word(what: &str, value: &str) -> Result<(), Failure> {
    if value.is_empty()
        || !value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-:".contains(&b))
    {
        return Err(refuse(format!(
            "{what} {value:?} is not a plain word (letters, digits, / . _ - :)"
        )));
    }
    Ok(())
}

fn private_path(what: &str, path: &str) -> Result<(), Failure> {
    plain_word(what, path)?;
    if !PRIVATE_FOLDERS
        .iter()
        .any(|folder| path.starts_with(folder))
        || path.split('/').any(|c| c == "..")
    {
        return Err(refuse(format!(
            "{what} {path} is not below one of the private folders {PRIVATE_FOLDERS:?}"
        )));
    }
    Ok(())
}

/// Brings `site` up and issues its certificate, step by step (every step is also checked by the script,
/// which stops at the first that fails): the backend answers; `nginx -t` passes with no certificate (and
/// no `[warn]`); nginx proxies `http://NAME/`; pebble starts (`PEBBLE_VA_NOSLEEP=1`, validating on port
/// 80, resolving NAME through the private /etc/hosts); the issue script runs with `REQUESTS_CA_BUNDLE` set
/// to pebble's listener certificate and exits 0; `nginx -t` passes with the certificate; then the pages
/// are fetched over https and http, and the issue script is run a second time, with a link leading nowhere
/// planted among the enabled ones (after which `nginx -t` must pass). Every process is stopped
/// before it returns. `Ok(None)` where it cannot run (not root, a program missing), outside CI.
pub fn issue_with_pebble(site: &AcmeSite<'_>) -> Result<Option<AcmeProof>, Failure> {
    let tool = Tool::Certbot;
    plain_word("the site name", site.name)?;
    private_path("the issue script", site.issue_script)?;
    private_path("the webroot", site.webroot)?;
    private_path("the enabled folder", site.enabled)?;
    for (path, _) in site.files {
        private_path("a rendered file", path)?;
    }
    if !site
        .files
        .iter()
        .any(|(path, _)| *path == site.issue_script)
    {
        return Err(refuse(format!(
            "the issue script {} is not one of the files",
            site.issue_script
        )));
    }
    for (what, address) in [("backend", site.backend.ip()), ("pebble", site.pebble)] {
        if !address.is_loopback() || !address.is_ipv4() {
            return Err(refuse(format!(
                "the {what}'s address {address} is not an IPv4 address on lo (127.0.0.0/8)"
            )));
        }
    }
    let needed = [
        Tool::Nginx,
        Tool::Curl,
        Tool::Python,
        Tool::Pebble,
        Tool::Openssl,
    ];
    let Some(unshare) = run::in_namespaces_if_possible(tool, &needed)? else {
        return Ok(None);
    };
    let dir = run::temp_dir(tool)?;
    let work = dir.path();
    let spec = format!(
        "site {}\nbackend {}\npebble {}\nissue {}\nwebroot {}\nenabled {}\n",
        site.name, site.backend, site.pebble, site.issue_script, site.webroot, site.enabled
    );
    run::write(tool, &work.join("spec"), &spec)?;
    run::write(tool, &work.join("steps.sh"), STEPS)?;
    run::write(tool, &work.join("pebble.sh"), PEBBLE)?;
    run::write(tool, &work.join("acme.sh"), SCRIPT)?;
    run::write(tool, &work.join("www/index.html"), site.backend_body)?;
    for (path, text) in site.files {
        let relative = path.trim_start_matches('/');
        run::write(tool, &work.join("root").join(relative), text)?;
    }
    let ran = run::run(
        tool,
        Path::new("/usr/bin/timeout"),
        &[
            OsStr::new("120"),
            unshare.as_os_str(),
            OsStr::new("-n"),
            OsStr::new("-m"),
            OsStr::new("sh"),
            work.join("acme.sh").as_os_str(),
            work.as_os_str(),
        ],
    )?;
    if !ran.success {
        let reason = format!("the HTTPS site was not issued and served ({})", ran.status);
        return Err(ran.failure(tool, reason));
    }
    let result = |key: &str| {
        ran.output
            .lines()
            .find_map(|l| {
                l.strip_prefix("result ")?
                    .strip_prefix(key)?
                    .strip_prefix(' ')
            })
            .map(str::to_owned)
    };
    let (
        Some(http_before),
        Some(https),
        Some(https_ipv6),
        Some(redirect),
        Some(challenge),
        Some(second_run_status),
        Some(changed),
    ) = (
        result("http_before"),
        result("https"),
        result("https_ipv6"),
        result("redirect"),
        result("challenge"),
        result("second_run"),
        result("second_run_changed"),
    )
    else {
        return Err(ran.failure(tool, "the script did not print every result"));
    };
    let steps = ran
        .output
        .lines()
        .filter(|l| l.starts_with("ok: "))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Some(AcmeProof {
        http_before,
        https,
        https_ipv6,
        redirect,
        challenge,
        second_run_status,
        second_run_changed: changed == "yes",
        steps,
    }))
}
