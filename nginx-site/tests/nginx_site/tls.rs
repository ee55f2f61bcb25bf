//! HTTPS sites: the files of one site and the http-level file, snapshotted and through `nginx -t` before
//! any certificate; certbot's command and scripts through `sh -n`.

use nginx_site::certbot::{AcmeServer, Certbot};
use nginx_site::{CertName, Comment, HttpSettings, Location, Log, TlsLayout, TlsSite, Upstream};

fn site() -> TlsSite {
    let upstream = Upstream::new("10.10.60.2".parse().unwrap(), 80).unwrap();
    TlsSite::new(
        "skaro.dachary.org".parse().unwrap(),
        vec![Location::proxy("/".parse().unwrap(), upstream)],
        "/var/www/farm-acme".parse().unwrap(),
    )
    .unwrap()
    .with_ipv6()
    .with_access_log(Log::Shared(
        "/var/log/nginx/farm.access.log".parse().unwrap(),
    ))
    .with_comments(vec![
        Comment::new("skaro.dachary.org, proxied to skaro.xivo").unwrap(),
    ])
}

fn certbot() -> Certbot {
    Certbot::new(
        "ops@dachary.org".parse().unwrap(),
        AcmeServer::lets_encrypt(),
        "/var/www/farm-acme".parse().unwrap(),
    )
}

#[test]
fn a_tls_site_snapshot_and_nginx_before_any_certificate() {
    let site = site();
    let http = site.http_server();
    let settings = HttpSettings::for_servers([&http]);
    let layout = TlsLayout::default();
    insta::assert_snapshot!(format!(
        "==> etc/nginx/sites-available/skaro.dachary.org <==\n{http}\n==> {} <==\n{}\n==> {} <==\n{}\n==> etc/nginx/conf.d/farm.conf <==\n{settings}",
        layout.available_server(site.name()),
        site.https_server(),
        layout.available_entry(site.name()),
        site.switch_entry(),
    ));
    // No certificate yet: the enabled/ globs match nothing, and nginx loads the port-80 server.
    checkers::nginx(&[&settings.to_string()], &[&http.to_string()]).unwrap();
}

#[test]
fn certbot_command_and_scripts() {
    let certbot = certbot();
    let name: CertName = "skaro.dachary.org".parse().unwrap();
    let other: CertName = "www.dachary.org".parse().unwrap();
    let hook = certbot.deploy_hook().to_string();
    let script = certbot.issue_script(vec![&name, &other]).to_string();
    insta::assert_snapshot!(format!(
        "==> {} <==\n{hook}\n==> issue script <==\n{script}",
        certbot.hook_path()
    ));
    checkers::sh_syntax(&hook).unwrap();
    checkers::sh_syntax(&script).unwrap();
}
