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
