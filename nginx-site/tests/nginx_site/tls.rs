//! HTTPS sites: the files of one site and the http-level file, snapshotted and through `nginx -t` before
//! any certificate; certbot's command and scripts through `sh -n`.

use nginx_site::certbot::{AcmeServer, Certbot};
use nginx_site::{CertName, Comment, HttpSettings, Location, Log, TlsLayout, TlsSite, Upstream};

/// A site on IPv4 and IPv6, with the shared log, proxying `/` to `upstream`.
fn site_to(upstream: Upstream) -> TlsSite {
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
}

fn site() -> TlsSite {
    site_to(Upstream::new("10.10.60.2".parse().unwrap(), 80).unwrap()).with_comments(vec![
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

/// The whole life of one HTTPS site, for real and offline: the rendered files on Debian's nginx.conf, the
/// rendered issue script run against pebble, HTTPS served after the hook, HTTP redirected, a second run
/// changing nothing.
#[test]
fn a_site_is_issued_by_pebble_and_served_over_https() {
    let site = site_to(Upstream::new("127.0.0.2".parse().unwrap(), 8080).unwrap());
    let certbot = Certbot::new(
        "ops@dachary.org".parse().unwrap(),
        "https://127.0.0.3:14000/dir".parse().unwrap(),
        site.webroot().clone(),
    );
    let layout = certbot.layout();
    let http = site.http_server();
    let settings = HttpSettings::for_servers([&http]).to_string();
    let (http, https) = (http.to_string(), site.https_server().to_string());
    let (entry, hook) = (
        site.switch_entry().to_string(),
        certbot.deploy_hook().to_string(),
    );
    let script = certbot.issue_script(vec![site.name()]).to_string();
    let (server_path, entry_path) = (
        layout.available_server(site.name()).to_string(),
        layout.available_entry(site.name()).to_string(),
    );
    let (hook_path, enabled) = (
        certbot.hook_path().to_string(),
        format!("{}/enabled", layout.root()),
    );
    let issue_path = certbot.script_path().to_string();
    let files = [
        ("/etc/nginx/conf.d/farm.conf", settings.as_str()),
        ("/etc/nginx/sites-enabled/skaro.dachary.org", http.as_str()),
        (server_path.as_str(), https.as_str()),
        (entry_path.as_str(), entry.as_str()),
        (hook_path.as_str(), hook.as_str()),
        (issue_path.as_str(), script.as_str()),
    ];
    let body = "skaro's own page";
    let proof = checkers::issue_with_pebble(&checkers::AcmeSite {
        name: site.name().as_str(),
        files: &files,
        issue_script: &issue_path,
        webroot: site.webroot().as_str(),
        enabled: &enabled,
        backend: "127.0.0.2:8080".parse().unwrap(),
        backend_body: body,
        pebble: "127.0.0.3".parse().unwrap(),
    })
    .unwrap();
    let Some(proof) = proof else { return };
    eprintln!("{}", proof.steps);
    assert_eq!(proof.http_before, body);
    assert_eq!(proof.https, body);
    assert_eq!(proof.https_ipv6, body);
    assert_eq!(proof.redirect, "301 https://skaro.dachary.org/x?y=1");
    assert_eq!(proof.challenge, "probe 200");
    assert_eq!(proof.second_run_status, "0");
    assert!(!proof.second_run_changed);
}

/// Servers that only redirect, on IPv4 and IPv6, beside a TLS site's port-80 server: nginx loads them.
#[test]
fn redirecting_servers_load() {
    use nginx_site::{Listen, Redirect, Server};
    let listen = || vec![Listen::port(80).unwrap(), Listen::any_ipv6(80).unwrap()];
    let to_https = Server::redirecting(
        listen(),
        vec!["old.dachary.org".parse().unwrap()],
        Redirect::Https,
    )
    .unwrap()
    .with_acme_challenge("/var/www/farm-acme".parse().unwrap())
    .unwrap();
    let elsewhere = Server::redirecting(
        listen(),
        vec!["www.dachary.org".parse().unwrap()],
        Redirect::To("https://skaro.dachary.org/?from=www".parse().unwrap()),
    )
    .unwrap();
    let text = format!("{to_https}{elsewhere}");
    assert!(
        text.contains("\t\treturn 301 https://$host$request_uri;\n"),
        "{text}"
    );
    assert!(
        text.contains("\t\treturn 301 https://skaro.dachary.org/?from=www;\n"),
        "{text}"
    );
    let http = site().http_server();
    let servers = [&to_https, &elsewhere, &http];
    let settings = HttpSettings::for_servers(servers).to_string();
    let texts: Vec<String> = servers.iter().map(ToString::to_string).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    checkers::nginx(&[&settings], &refs).unwrap();
}

/// 2,000 TLS sites with names up to 250 characters, every one enabled: the map's computed hash sizes hold
/// them all, and without them nginx refuses the map.
#[test]
fn many_enabled_sites_with_long_names() {
    use nginx_site::{FilePath, TlsSettings};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    std::fs::create_dir(dir.path().join("enabled")).unwrap();
    let upstream = Upstream::new("10.10.60.2".parse().unwrap(), 80).unwrap();
    let long = format!(
        "{}.{}.{}.{}",
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(50)
    );
    let servers: Vec<_> = (0..2000)
        .map(|i| {
            let name = format!("s{i}.{}", &long[..(i % 236) + 1]);
            let name = name.trim_end_matches(['.', '-']).to_owned() + ".org";
            let site = TlsSite::new(
                name.parse().unwrap(),
                vec![Location::proxy("/".parse().unwrap(), upstream)],
                "/var/www/farm-acme".parse().unwrap(),
            )
            .unwrap();
            std::fs::write(
                dir.path().join(format!("enabled/{}.map", site.name())),
                site.switch_entry().to_string(),
            )
            .unwrap();
            site.http_server()
        })
        .collect();
    let layout = TlsLayout::new(FilePath::new(root).unwrap());
    let settings = HttpSettings::for_servers(&servers)
        .with_tls(TlsSettings::new(layout))
        .to_string();
    let texts: Vec<String> = servers.iter().map(ToString::to_string).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    if !checkers::nginx(&[&settings], &refs).unwrap().ran() {
        return;
    }
    let without: String = settings
        .lines()
        .filter(|l| !l.starts_with("map_hash"))
        .map(|l| format!("{l}\n"))
        .collect();
    let failure = checkers::nginx(&[&without], &refs).unwrap_err();
    assert!(failure.output.contains("map_hash"), "{failure}");
}
