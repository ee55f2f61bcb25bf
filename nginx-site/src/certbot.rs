//! certbot's side of HTTPS sites: the command that asks for a site's certificate by HTTP-01 through the
//! webroot nginx serves, the deploy hook that enables the site's HTTPS server once the certificate exists,
//! and a script of both that is safe to run twice.
//!
//! certbot runs the scripts of `/etc/letsencrypt/renewal-hooks/deploy/` on `certbot renew` only, not on
//! `certonly`; a `--deploy-hook` given to `certonly` runs after the first issue and is saved in the
//! certificate's renewal configuration (`renew_hook`), so `certbot renew` (Debian's timer) runs it after
//! every renewal too. The hook is therefore given on the command line, and lives outside `renewal-hooks/`
//! (there it would run twice on each renewal).
//!
//! ```
//! use nginx_site::certbot::{AcmeServer, Certbot};
//!
//! let certbot = Certbot::new("ops@dachary.org".parse()?, AcmeServer::lets_encrypt(),
//!     "/var/www/farm-acme".parse()?);
//! let command = certbot.command(&"skaro.dachary.org".parse()?).to_string();
//! assert!(command.starts_with("certbot certonly --webroot -w /var/www/farm-acme -d skaro.dachary.org"));
//! # Ok::<(), nginx_site::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use crate::values::dns_name;
use crate::{CertName, Comment, Error, FilePath, HttpUrl, LETSENCRYPT_LIVE, TlsLayout};

/// Removes the links of `$root/enabled/` whose file of `available/` is gone (a site no longer rendered):
/// nginx stops at an included link that leads nowhere.
const PRUNE: &str = concat!(
    "for link in \"$root\"/enabled/*.conf \"$root\"/enabled/*.map; do\n",
    "\tif [ -L \"$link\" ] && [ ! -e \"$link\" ]; then rm -f \"$link\"; fi\n",
    "done\n",
);

/// `word` as one shell word. Every value quoted here is a checked type without NUL, the one thing a shell
/// word cannot hold; a NUL would be a formatting error rather than a wrong word.
fn quote(word: &str) -> Result<Cow<'_, str>, fmt::Error> {
    shlex::try_quote(word).map_err(|_| fmt::Error)
}

/// One e-mail address, `local@domain`, for certbot's `--email` (which reads a comma-separated list: one
/// address only here). The local part is RFC 5322's dot-atom (letters, digits and
/// ``! # $ % & ' * + / = ? ^ _ ` { | } ~ -``, dots between them), at most 64 characters; the domain is a
/// DNS name of two labels or more.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Checks `email`.
    pub fn new(email: &str) -> Result<Email, Error> {
        let invalid = |reason| Error::InvalidEmail {
            email: email.to_owned(),
            reason,
        };
        if email.contains(',') || email.chars().any(char::is_whitespace) {
            return Err(invalid("one address only, without commas or white space"));
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err(invalid("it has no `@`"));
        };
        if local.is_empty() || local.len() > 64 {
            return Err(invalid("the part before `@` holds 1 to 64 characters"));
        }
        if !local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b"!#$%&'*+/=?^_`{|}~-".contains(&b))
        {
            return Err(invalid(
                "the part before `@` holds only letters, digits, dots and ! # $ % & ' * + / = ? ^ _ ` { | } ~ -",
            ));
        }
        if local.split('.').any(str::is_empty) {
            return Err(invalid(
                "the part before `@` does not start or end with a dot or hold two in a row",
            ));
        }
        if !dns_name(domain) || !domain.contains('.') {
            return Err(invalid(
                "the part after `@` is a DNS name of two labels or more",
            ));
        }
        Ok(Email(email.to_owned()))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

vocabulary::string_conversions!(Email, Error, Email::new);

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Let's Encrypt's production ACME directory.
pub const LETS_ENCRYPT: &str = "https://acme-v02.api.letsencrypt.org/directory";

/// An ACME server's directory URL: an `https://` URL ([`HttpUrl`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AcmeServer(HttpUrl);

impl AcmeServer {
    /// Checks that `url` is `https`.
    pub fn new(url: HttpUrl) -> Result<AcmeServer, Error> {
        if !url.is_https() {
            return Err(Error::InvalidUrl {
                url: url.to_string(),
                reason: "an ACME server is reached over https",
            });
        }
        Ok(AcmeServer(url))
    }

    fn parse(text: &str) -> Result<AcmeServer, Error> {
        AcmeServer::new(text.parse()?)
    }

    /// Let's Encrypt's production directory, [`LETS_ENCRYPT`].
    pub fn lets_encrypt() -> AcmeServer {
        AcmeServer(HttpUrl::https_name(
            "acme-v02.api.letsencrypt.org",
            "/directory",
        ))
    }

    /// The URL.
    pub fn url(&self) -> &HttpUrl {
        &self.0
    }
}

impl Default for AcmeServer {
    fn default() -> AcmeServer {
        AcmeServer::lets_encrypt()
    }
}

vocabulary::string_conversions!(AcmeServer, Error, AcmeServer::parse);

impl fmt::Display for AcmeServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// What every certificate of a node is asked with: the account's e-mail, the ACME server, the webroot
/// nginx serves the challenge from, and the layout of the HTTPS servers (whose root holds the deploy
/// hook, `ROOT/deploy-hook`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Certbot {
    email: Email,
    server: AcmeServer,
    webroot: FilePath,
    layout: TlsLayout,
    comments: Vec<Comment>,
}

impl Certbot {
    /// certbot asking `server` for certificates for `email`'s account, proving names through `webroot`;
    /// the default [`TlsLayout`].
    pub fn new(email: Email, server: AcmeServer, webroot: FilePath) -> Certbot {
        Certbot {
            email,
            server,
            webroot,
            layout: TlsLayout::default(),
            comments: Vec::new(),
        }
    }

    /// The same with another layout.
    pub fn with_layout(mut self, layout: TlsLayout) -> Certbot {
        self.layout = layout;
        self
    }

    /// The same with comment lines under the scripts' first line.
    pub fn with_comments(mut self, comments: Vec<Comment>) -> Certbot {
        self.comments = comments;
        self
    }

    /// The layout.
    pub fn layout(&self) -> &TlsLayout {
        &self.layout
    }

    /// Where the deploy hook is installed: `ROOT/deploy-hook`.
    pub fn hook_path(&self) -> FilePath {
        FilePath::checked(format!("{}/deploy-hook", self.layout.root()))
    }

    /// Where the issue script is installed: `ROOT/issue`.
    pub fn script_path(&self) -> FilePath {
        FilePath::checked(format!("{}/issue", self.layout.root()))
    }

    /// The command asking for `name`'s certificate.
    pub fn command<'a>(&'a self, name: &'a CertName) -> CertbotCommand<'a> {
        CertbotCommand {
            certbot: self,
            name,
        }
    }

    /// The deploy hook, for [`hook_path`](Certbot::hook_path).
    pub fn deploy_hook(&self) -> DeployHook<'_> {
        DeployHook { certbot: self }
    }

    /// The script asking for every certificate of `names`, in their order.
    pub fn issue_script<'a>(&'a self, names: Vec<&'a CertName>) -> IssueScript<'a> {
        IssueScript {
            certbot: self,
            names,
        }
    }

    fn write_head(&self, w: &mut impl fmt::Write, about: &str) -> fmt::Result {
        w.write_str("#!/bin/sh\n")?;
        for comment in &self.comments {
            writeln!(w, "# {comment}")?;
        }
        w.write_str(about)?;
        w.write_str("set -u\n")
    }
}

/// `certbot certonly --webroot -w WEBROOT -d NAME --cert-name NAME --email EMAIL --agree-tos
/// --no-eff-email --non-interactive --server URL --deploy-hook 'sh HOOK' --keep-until-expiring`, every
/// word quoted for the shell. `--cert-name` keeps the certificate in `/etc/letsencrypt/live/NAME/`
/// whatever lineages exist already; `--keep-until-expiring` makes a second run keep a certificate that is
/// not due for renewal.
#[derive(Debug, Clone, Copy)]
pub struct CertbotCommand<'a> {
    certbot: &'a Certbot,
    name: &'a CertName,
}

impl fmt::Display for CertbotCommand<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.certbot;
        let hook = format!("sh {}", c.hook_path());
        let server = c.server.to_string();
        let words = [
            "certbot",
            "certonly",
            "--webroot",
            "-w",
            c.webroot.as_str(),
            "-d",
            self.name.as_str(),
            "--cert-name",
            self.name.as_str(),
            "--email",
            c.email.as_str(),
            "--agree-tos",
            "--no-eff-email",
            "--non-interactive",
            "--server",
            &server,
            "--deploy-hook",
            &hook,
            "--keep-until-expiring",
        ];
        let mut first = true;
        for word in words {
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            f.write_str(&quote(word)?)?;
        }
        Ok(())
    }
}

/// The deploy hook certbot runs (as `sh HOOK`) after it gets or renews a certificate, with
/// `RENEWED_LINEAGE` (`/etc/letsencrypt/live/NAME`) and `RENEWED_DOMAINS` (the names it holds). For each
/// of those names whose HTTPS server and switch entry are rendered in `ROOT/available/`, it links both
/// into `ROOT/enabled/`; then `nginx -t`, and a reload (`systemctl reload nginx` where systemd runs nginx,
/// else `nginx -s reload`), which also loads a renewed certificate. If the check fails, the links it just
/// made are removed and it exits 1, leaving nginx as it was. Links of `ROOT/enabled/` whose file of
/// `available/` is gone (a site no longer rendered) are removed first: nginx stops at an included link
/// that leads nowhere. Names are only ever the farm's: a name with
/// another character than a lowercase letter, digit, `.` or `-` is skipped.
#[derive(Debug, Clone, Copy)]
pub struct DeployHook<'a> {
    certbot: &'a Certbot,
}

impl fmt::Display for DeployHook<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.certbot;
        c.write_head(
            f,
            "# certbot's deploy hook: enables the HTTPS server of each name of the new certificate whose\n\
             # server is rendered, checks nginx's configuration and reloads nginx.\n",
        )?;
        writeln!(f, "root={}", quote(c.layout.root().as_str())?)?;
        f.write_str(PRUNE)?;
        f.write_str(concat!(
            "mkdir -p \"$root/enabled\" || exit 1\n",
            "made=\n",
            "for name in \"${RENEWED_LINEAGE##*/}\" ${RENEWED_DOMAINS:-}; do\n",
            "\tcase $name in\n",
            "\t'' | .* | *[!a-z0-9.-]*) continue ;;\n",
            "\tesac\n",
            "\t[ -f \"$root/available/$name.conf\" ] && [ -f \"$root/available/$name.map\" ] || continue\n",
            "\tfor kind in conf map; do\n",
            "\t\tif [ ! -L \"$root/enabled/$name.$kind\" ]; then\n",
            "\t\t\tln -s \"../available/$name.$kind\" \"$root/enabled/$name.$kind\" || exit 1\n",
            "\t\t\tmade=\"$made $root/enabled/$name.$kind\"\n",
            "\t\tfi\n",
            "\tdone\n",
            "done\n",
            "if ! nginx -t -q; then\n",
            "\techo \"nginx -t failed: removing the links made:$made\" >&2\n",
            "\t# The names and the root hold no white space: $made splits into the links.\n",
            "\t[ -z \"$made\" ] || rm -f $made\n",
            "\texit 1\n",
            "fi\n",
            "if [ -d /run/systemd/system ] && systemctl is-active --quiet nginx; then\n",
            "\tsystemctl reload nginx\n",
            "else\n",
            "\tnginx -s reload\n",
            "fi\n",
        ))
    }
}

/// The script asking for each site's certificate: the links of `ROOT/enabled/` that lead nowhere removed
/// (as the deploy hook does), the webroot made, then for each name its
/// [`CertbotCommand`], and the deploy hook run by hand if the certificate exists but the site's HTTPS
/// server is not enabled (a certificate kept by `--keep-until-expiring` runs no hook). Safe to run twice:
/// a second run keeps every certificate and changes nothing. One name failing does not stop the others;
/// the script exits 1 if any failed.
#[derive(Debug, Clone)]
pub struct IssueScript<'a> {
    certbot: &'a Certbot,
    names: Vec<&'a CertName>,
}

impl fmt::Display for IssueScript<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.certbot;
        c.write_head(
            f,
            "# Asks certbot for each HTTPS site's certificate (HTTP-01, through nginx on port 80) and\n\
             # enables the site's HTTPS server once the certificate exists. Safe to run twice.\n",
        )?;
        writeln!(f, "root={}", quote(c.layout.root().as_str())?)?;
        f.write_str(PRUNE)?;
        writeln!(f, "mkdir -p {}", quote(c.webroot.as_str())?)?;
        f.write_str("failed=0\n")?;
        let hook = quote(c.hook_path().as_str())?.into_owned();
        for name in &self.names {
            let lineage = format!("{LETSENCRYPT_LIVE}/{name}");
            let enabled = format!("{}/enabled/{name}.conf", c.layout.root());
            writeln!(f, "\n{} || failed=1", c.command(name))?;
            writeln!(
                f,
                "if [ -f {} ] && [ ! -L {} ]; then",
                quote(&format!("{lineage}/fullchain.pem"))?,
                quote(&enabled)?,
            )?;
            writeln!(
                f,
                "\tRENEWED_LINEAGE={} RENEWED_DOMAINS={} sh {hook} || failed=1",
                quote(&lineage)?,
                quote(name.as_str())?,
            )?;
            f.write_str("fi\n")?;
        }
        f.write_str("exit \"$failed\"\n")
    }
}
