//! The reference farm's site (reference/seed-farm/etc/nginx/sites-available/skaro.dachary.org), with the
//! VM's address instead of its name.

use nginx_site::{Comment, HttpSettings, Listen, Location, Log, Server, Upstream};

fn site() -> Server {
    let upstream = Upstream::new("10.10.60.2".parse().unwrap(), 80).unwrap();
    Server::new(
        vec![Listen::port(80).unwrap()],
        vec!["skaro.dachary.org".parse().unwrap()],
        vec![Location::proxy("/".parse().unwrap(), upstream)],
    )
    .unwrap()
    .with_access_log(Log::File(
        "/var/log/nginx/skaro.dachary.org.access.log"
            .parse()
            .unwrap(),
    ))
    .with_comments(vec![
        Comment::new("skaro.dachary.org, proxied to skaro.xivo").unwrap(),
    ])
}

#[test]
fn snapshot_and_nginx() {
    let server = site();
    let http = HttpSettings::for_servers([&server]);
    insta::assert_snapshot!(format!("{server}\n==> conf.d <==\n{http}"));
    checkers::nginx(&[&http.to_string()], &[&server.to_string()]).unwrap();
}

#[test]
fn a_site_is_served_in_front_of_its_backend() {
    let upstream = Upstream::new("127.0.0.1".parse().unwrap(), 18081).unwrap();
    let server = Server::new(
        vec![Listen::new(Some("127.0.0.1".parse().unwrap()), 18080, false).unwrap()],
        vec!["skaro.dachary.org".parse().unwrap()],
        vec![Location::proxy("/".parse().unwrap(), upstream)],
    )
    .unwrap();
    let other = Server::new(
        vec![Listen::new(Some("127.0.0.1".parse().unwrap()), 18080, true).unwrap()],
        vec!["_".parse().unwrap()],
        vec![Location::proxy(
            "/".parse().unwrap(),
            Upstream::new("127.0.0.1".parse().unwrap(), 18082).unwrap(),
        )],
    )
    .unwrap();
    let http = HttpSettings::for_servers([&server, &other]).to_string();
    let body = "the backend answers\n";
    let got = checkers::serve_through_nginx(
        &[&http],
        &[&server.to_string(), &other.to_string()],
        18081,
        body,
        18080,
        "skaro.dachary.org",
    )
    .unwrap();
    if let Some(got) = got {
        assert_eq!(got, body);
    }
}
