//! Every refusal of the crate.

use nginx_site::{
    Error, Listen, Location, LocationPrefix, LogPath, Server, ServerName, Size, Upstream,
};

#[test]
fn server_names() {
    for bad in [
        "", "a b", "a;b", "a;", "a{", "a\"b", "a\nb", "**.a", "*.", "a.*", "*a.b", "-a", "a-",
        "a..b", ".", "é", "a_b", "$host",
    ] {
        let err = ServerName::new(bad).unwrap_err();
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
    }
    for good in ["_", "*.example.org", ".example.org", "example.org", "a"] {
        assert!(ServerName::new(good).is_ok(), "{good}");
    }
    assert_eq!(
        ServerName::new("*.Example.org").unwrap().file_name(),
        "_.example.org"
    );
}

#[test]
fn paths_prefixes_sizes() {
    for bad in [
        "", "relative", "/a b", "/a;b", "/a{b", "/a\"b", "/a/../b", "/a\n",
    ] {
        assert!(
            matches!(LogPath::new(bad), Err(Error::InvalidPath { .. })),
            "{bad:?}"
        );
    }
    for bad in [
        "", "a", "/a b", "/a;", "/a{", "/../x", "/a\"", "/a\tb", "/$x",
    ] {
        assert!(
            matches!(LocationPrefix::new(bad), Err(Error::InvalidPrefix { .. })),
            "{bad:?}"
        );
    }
    for bad in [
        "",
        "k",
        "10x",
        "-1",
        "1.5m",
        "2000g",
        "99999999999999999999",
    ] {
        assert!(
            matches!(Size::new(bad), Err(Error::InvalidSize { .. })),
            "{bad:?}"
        );
    }
    assert_eq!(Size::new("10M").unwrap().to_string(), "10m");
    assert_eq!(Size::new("1k").unwrap().bytes(), 1024);
}

#[test]
fn servers() {
    let up = Upstream::new("10.0.0.1".parse().unwrap(), 80).unwrap();
    let loc = || vec![Location::proxy("/".parse().unwrap(), up)];
    let name = || vec!["a".parse().unwrap()];
    let listen = || vec![Listen::port(80).unwrap()];
    assert!(matches!(Listen::port(0), Err(Error::PortZero)));
    assert!(matches!(
        Upstream::new("10.0.0.1".parse().unwrap(), 0),
        Err(Error::PortZero)
    ));
    assert!(matches!(
        Server::new(vec![], name(), loc()),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        Server::new(listen(), vec![], loc()),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        Server::new(listen(), name(), vec![]),
        Err(Error::Empty { .. })
    ));
    let twice = vec!["a".parse().unwrap(), "A".parse().unwrap()];
    assert_eq!(
        Server::new(listen(), twice, loc()).unwrap_err().to_string(),
        "server name a is given twice"
    );
    let two_roots = [loc(), loc()].concat();
    assert!(matches!(
        Server::new(listen(), name(), two_roots),
        Err(Error::Duplicate { .. })
    ));
    assert!(nginx_site::Comment::new("x\nserver {").is_err());
}

#[test]
fn urls() {
    use nginx_site::HttpUrl;
    for bad in [
        "",
        "ftp://a.example/",
        "http://",
        "http:/a.example",
        "https://a b.example/",
        "https://a.example/;x",
        "https://a.example/$host",
        "https://a.example/{",
        "https://a.example/x y",
        "https://a.example/#top",
        "https://a.example/\"",
        "https://a.example/'",
        "https://a.example/\n",
        "https://a.example:0/",
        "https://a.example:65536/",
        "https://a.example:080/",
        "https://a.example:/",
        "https://[::1/",
        "https://[zz]/",
        "https://[::1]x/",
        "https://-a.example/",
        "https://a..example/",
        "https://1.2.3/",
        "https://a_b.example/",
    ] {
        let err = HttpUrl::new(bad).unwrap_err();
        assert!(matches!(err, Error::InvalidUrl { .. }), "{bad:?}: {err}");
    }
    for (good, canonical) in [
        ("https://acme-v02.api.letsencrypt.org/directory", None),
        (
            "HTTPS://Example.ORG:8443/a?b=c&d",
            Some("https://example.org:8443/a?b=c&d"),
        ),
        ("http://10.0.0.1", None),
        (
            "https://[0:0::1]:14000/dir",
            Some("https://[::1]:14000/dir"),
        ),
    ] {
        let url = HttpUrl::new(good).unwrap();
        assert_eq!(url.to_string(), canonical.unwrap_or(good));
    }
}

#[test]
fn emails_acme_servers_and_certificate_names() {
    use nginx_site::CertName;
    use nginx_site::certbot::{AcmeServer, Email};
    for bad in [
        "",
        "ops",
        "ops@dachary",
        "@dachary.org",
        "ops@",
        "a,b@dachary.org",
        "ops@dachary.org,other@dachary.org",
        "o ps@dachary.org",
        "\"ops\"@dachary.org",
        ".ops@dachary.org",
        "ops.@dachary.org",
        "o..ps@dachary.org",
        "ops@dachary..org",
        "ops@-dachary.org",
        "ops\n@dachary.org",
        "ops@dachary.org\n",
        "é@dachary.org",
    ] {
        let err = Email::new(bad).unwrap_err();
        assert!(matches!(err, Error::InvalidEmail { .. }), "{bad:?}: {err}");
    }
    for good in [
        "ops@dachary.org",
        "o.p+s@mail.dachary.org",
        "o'brien@x.example",
    ] {
        assert_eq!(Email::new(good).unwrap().to_string(), good);
    }
    let err = "http://acme.example/dir".parse::<AcmeServer>().unwrap_err();
    assert!(err.to_string().contains("https"), "{err}");
    assert_eq!(
        AcmeServer::default().to_string(),
        "https://acme-v02.api.letsencrypt.org/directory"
    );
    for bad in [
        "*.dachary.org",
        ".dachary.org",
        "_",
        "localhost",
        "default",
        "a b",
    ] {
        assert!(bad.parse::<CertName>().is_err(), "{bad:?}");
    }
    let long = format!(
        "{}.{}.{}.{}",
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(59)
    );
    assert_eq!(long.len(), 251);
    assert!(long.parse::<CertName>().is_err());
    assert!(long[1..].parse::<CertName>().is_ok());
    let err = "*.dachary.org".parse::<CertName>().unwrap_err();
    assert!(err.to_string().contains("wildcard"), "{err}");
}

#[test]
fn file_paths_and_globs() {
    use nginx_site::{FilePath, IncludeGlob};
    for bad in ["", "relative", "/a b", "/a;b", "/a/../b", "/a*", "/a\n"] {
        assert!(
            matches!(FilePath::new(bad), Err(Error::InvalidPath { .. })),
            "{bad:?}"
        );
    }
    for bad in ["", "a/*.conf", "/a/[x]", "/a/?.conf", "/a/../*", "/a/{b}"] {
        assert!(
            matches!(IncludeGlob::new(bad), Err(Error::InvalidPath { .. })),
            "{bad:?}"
        );
    }
    assert!(IncludeGlob::new("/etc/nginx/farm-tls/enabled/*.conf").is_ok());
}

#[test]
fn listens_certificates_and_challenges() {
    let up = Upstream::new("10.0.0.1".parse().unwrap(), 80).unwrap();
    let loc = |p: &str| vec![Location::proxy(p.parse().unwrap(), up)];
    let name = || vec![ServerName::new("a.example").unwrap()];
    // `listen 80` and `listen 0.0.0.0:80` open the same socket: nginx refuses it as a duplicate.
    let same = vec![
        Listen::port(80).unwrap(),
        Listen::new(Some("0.0.0.0".parse().unwrap()), 80, false).unwrap(),
    ];
    let err = Server::new(same, name(), loc("/")).unwrap_err();
    assert_eq!(err.to_string(), "listen socket 0.0.0.0:80 is given twice");
    // IPv4 and IPv6 on one port are two sockets.
    let both = vec![Listen::port(80).unwrap(), Listen::any_ipv6(80).unwrap()];
    assert!(Server::new(both, name(), loc("/")).is_ok());
    let err = Server::new(vec![Listen::https()], name(), loc("/")).unwrap_err();
    assert!(matches!(err, Error::NoCertificate { .. }), "{err}");
    let certificate = nginx_site::Certificate::letsencrypt(&"a.example".parse().unwrap());
    let https = Server::https(vec![Listen::https()], name(), certificate, loc("/")).unwrap();
    assert!(matches!(
        https.with_https_switch(),
        Err(Error::SwitchOnHttps { .. })
    ));
    let challenge = Server::new(
        vec![Listen::port(80).unwrap()],
        name(),
        loc(nginx_site::ACME_CHALLENGE),
    )
    .unwrap();
    assert!(matches!(
        challenge.with_acme_challenge("/var/www/acme".parse().unwrap()),
        Err(Error::Duplicate { .. })
    ));
    let err = nginx_site::TlsSite::new(
        "a.example".parse().unwrap(),
        loc(nginx_site::ACME_CHALLENGE),
        "/var/www/acme".parse().unwrap(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Duplicate { .. }), "{err}");
    assert!(matches!(
        nginx_site::TlsSite::new(
            "a.example".parse().unwrap(),
            vec![],
            "/var/www/acme".parse().unwrap()
        ),
        Err(Error::Empty { .. })
    ));
}
