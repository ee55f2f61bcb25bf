//! HTTPS sites: each site with `tls` has a name a certificate can be requested for by HTTP-01, and the
//! plan says for whom certificates are requested (`[tls].email`) and where (`[tls].acme_server`).

use nginx_site::{CertName, FilePath};

use super::{Resolver, TlsForm};
use crate::path::Path;
use crate::rule::Rule;

/// The folder certbot writes the ACME challenge into (`certbot certonly --webroot -w`) and every HTTPS
/// site's port-80 server answers `/.well-known/acme-challenge/` from.
pub const ACME_WEBROOT: &str = "/var/www/farm-acme";

/// What the pass decided.
pub(super) struct Decided {
    /// How certificates are requested; none when no site has `tls` (or the plan is wrong).
    pub(super) form: Option<TlsForm>,
    /// Each site with `tls`, as the indexes of its VM and of the site in the VM, and its certificate's name,
    /// in plan order.
    pub(super) certificates: Vec<((usize, usize), CertName)>,
}

/// Checks every site with `tls` and the `[tls]` section they need.
///
/// The e-mail address is required once a site has `tls`: certbot run without a person at the terminal
/// needs either `--email` or `--register-unsafely-without-email`, and an account without one cannot be
/// told by the CA of a certificate it revokes or of a change that stops renewals; a farm whose HTTPS sites
/// would silently stop renewing is worse than a plan that asks for one more line.
pub(super) fn check(r: &mut Resolver<'_>) -> Decided {
    let plan = r.plan;
    let mut certificates = Vec::new();
    let mut first: Option<Path> = None;
    for (i, vm) in plan.vms.iter().enumerate() {
        for (j, site) in vm.sites.iter().enumerate().filter(|(_, s)| s.tls) {
            let path = Path::root()
                .key("vms")
                .index(i)
                .key("sites")
                .index(j)
                .key("tls");
            match CertName::new(&site.server_name) {
                Ok(name) => certificates.push(((i, j), name)),
                Err(e) => {
                    r.found.error(Rule::TlsName, path.clone(), e.to_string()).set_hint(
                        "drop `tls` to serve the site over HTTP, or list each name it serves as a site of its own (a wildcard certificate needs DNS-01)",
                    );
                }
            }
            first.get_or_insert(path);
        }
    }
    let Some(first) = first else {
        return Decided {
            form: None,
            certificates,
        };
    };
    let Some(email) = plan.tls.as_ref().and_then(|t| t.email.clone()) else {
        let d = r
            .found
            .error(
                Rule::TlsEmail,
                first,
                "an HTTPS site needs the e-mail address of the ACME account its certificate is requested with",
            )
            .set_hint(
                "add a [tls] section with `email = \"hostmaster@example.org\"`: the CA writes there about the farm's certificates",
            );
        if plan.tls.is_some() {
            d.add_also(
                Path::root().key("tls"),
                "the [tls] section, without `email`",
            );
        }
        return Decided {
            form: None,
            certificates,
        };
    };
    let acme_server = plan
        .tls
        .as_ref()
        .map_or_else(crate::plan::defaults::acme_server, |t| {
            t.acme_server.clone()
        });
    Decided {
        form: Some(TlsForm {
            email,
            acme_server,
            webroot: FilePath::new(ACME_WEBROOT)
                .unwrap_or_else(|_| unreachable!("{ACME_WEBROOT} is a path")),
        }),
        certificates,
    }
}
