//! named.conf statements, checked by `named-checkconf -z` over real zone files.

use std::net::IpAddr;

use bind_zone::{
    AddressMatchList, Comment, ConfPath, DnssecValidation, NamedConf, Options, Statement, ZoneKind,
    ZoneStatement,
};

use crate::common::name;
use crate::reference;

fn list(s: &str) -> AddressMatchList {
    s.parse().unwrap()
}

fn path(s: &str) -> ConfPath {
    s.parse().unwrap()
}

fn options() -> NamedConf {
    NamedConf {
        comments: vec![Comment::new("the reference farm's options").unwrap()],
        statements: vec![Statement::Options(Options {
            directory: Some(path("/var/cache/bind")),
            listen_on: Some(list("{ 127.0.0.1; 10.10.0.254; }")),
            listen_on_v6: Some(list("{ none; }")),
            allow_recursion: Some(list("{ 127.0.0.1; 10.0.0.0/8; }")),
            recursion: Some(true),
            notify: Some(false),
            dnssec_validation: Some(DnssecValidation::Auto),
            ..Options::default()
        })],
    }
}

fn local() -> NamedConf {
    let secondary_of: IpAddr = "10.10.59.11".parse().unwrap();
    NamedConf {
        comments: vec![],
        statements: vec![
            Statement::Zone(
                ZoneStatement::new(
                    name("farm"),
                    ZoneKind::Primary {
                        file: path("/etc/bind/db.farm"),
                        allow_transfer: Some(list("{ 10.10.59.11; }")),
                        also_notify: vec![secondary_of],
                        key: None,
                    },
                )
                .unwrap(),
            ),
            Statement::Zone(
                ZoneStatement::primary(name("10.10.in-addr.arpa."), path("/etc/bind/db.10.10"))
                    .unwrap(),
            ),
            Statement::Zone(
                ZoneStatement::new(
                    name("other.example"),
                    ZoneKind::Secondary {
                        file: path("/var/cache/bind/db.other.example"),
                        primaries: vec![secondary_of],
                        key: None,
                    },
                )
                .unwrap(),
            ),
        ],
    }
}

#[test]
fn snapshots() {
    insta::assert_snapshot!("named.conf.options", options().to_string());
    insta::assert_snapshot!("named.conf.local", local().to_string());
}

#[test]
fn named_checkconf_loads_every_zone() {
    let root = tempfile::tempdir().unwrap();
    let bind = root.path().join("etc/bind");
    std::fs::create_dir_all(&bind).unwrap();
    std::fs::create_dir_all(root.path().join("var/cache/bind")).unwrap();
    let forward = reference::forward();
    std::fs::write(bind.join("db.farm"), forward.to_string()).unwrap();
    std::fs::write(
        bind.join("db.10.10"),
        crate::common::reference("etc/bind/db.10.10"),
    )
    .unwrap();
    std::fs::write(bind.join("named.conf.options"), options().to_string()).unwrap();
    std::fs::write(bind.join("named.conf.local"), local().to_string()).unwrap();
    let main = NamedConf {
        comments: vec![],
        statements: vec![
            Statement::Include(path("/etc/bind/named.conf.options")),
            Statement::Include(path("/etc/bind/named.conf.local")),
        ],
    };
    std::fs::write(bind.join("named.conf"), main.to_string()).unwrap();
    let verdict = checkers::named_conf(root.path(), "/etc/bind/named.conf").unwrap();
    let checkers::Verdict::Passed { output } = verdict else {
        return;
    };
    assert!(
        output.contains("zone farm/IN: loaded serial 2011031200"),
        "{output}"
    );
    assert!(
        output.contains("zone 10.10.in-addr.arpa/IN: loaded serial"),
        "{output}"
    );

    // The check can fail: a zone file that is missing is refused.
    std::fs::remove_file(bind.join("db.10.10")).unwrap();
    assert!(checkers::named_conf(root.path(), "/etc/bind/named.conf").is_err());
}
