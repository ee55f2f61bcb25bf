//! Round trips, and random or many servers through `nginx -t` with no warning.

use nginx_site::{
    HttpSettings, Listen, Location, LocationPrefix, Log, Server, ServerName, Size, Upstream,
};
use proptest::prelude::*;

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?",
        "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
    ]
}

fn host() -> impl Strategy<Value = String> {
    prop::collection::vec(label(), 1..5)
        .prop_map(|l| l.join("."))
        .prop_filter("253 at most", |n| n.len() <= 251)
}

fn server_name() -> impl Strategy<Value = ServerName> {
    (host(), 0u8..4).prop_map(|(h, kind)| {
        match kind {
            0 => format!("*.{h}"),
            1 => format!(".{h}"),
            _ => h,
        }
        .parse()
        .unwrap()
    })
}

proptest! {
    #[test]
    fn values_round_trip(name in server_name(), prefix in "/[a-zA-Z0-9._~%+-]{0,30}(/[a-zA-Z0-9_-]{1,10}){0,3}", count in 0u64..1000, unit in prop::option::of(prop::sample::select(vec!['k', 'm', 'g']))) {
        prop_assert_eq!(name.to_string().parse::<ServerName>().unwrap(), name);
        prop_assume!(!prefix.split('/').any(|c| c == ".."));
        let p: LocationPrefix = prefix.parse().unwrap();
        prop_assert_eq!(p.to_string().parse::<LocationPrefix>().unwrap(), p);
        let text = format!("{count}{}", unit.map(String::from).unwrap_or_default());
        let size: Size = text.parse().unwrap();
        prop_assert_eq!(size.to_string(), text);
    }
}

fn servers() -> impl Strategy<Value = Vec<Server>> {
    prop::collection::btree_set(server_name(), 1..200)
        .prop_flat_map(|names| {
            let n = names.len();
            (
                Just(names),
                prop::collection::vec(
                    (
                        any::<[u8; 4]>(),
                        1u16..=65535,
                        prop::option::of(1u32..600),
                        any::<bool>(),
                    ),
                    n,
                ),
            )
        })
        .prop_map(|(names, params)| {
            // Wildcards `.x` and `*.x` of the same x clash in nginx; keep one of them.
            let mut seen = std::collections::BTreeSet::new();
            names
                .into_iter()
                .zip(params)
                .filter(|(name, _)| {
                    seen.insert(
                        name.as_str()
                            .trim_start_matches('*')
                            .trim_start_matches('.')
                            .to_owned(),
                    )
                })
                .map(|(name, (ip, port, timeout, log))| {
                    let mut location = Location::proxy(
                        "/".parse().unwrap(),
                        Upstream::new(std::net::IpAddr::from(ip), port).unwrap(),
                    );
                    location.read_timeout = timeout;
                    location.client_max_body_size = Some("10m".parse().unwrap());
                    let file = name.file_name();
                    let server =
                        Server::new(vec![Listen::port(80).unwrap()], vec![name], vec![location])
                            .unwrap();
                    if log {
                        server.with_access_log(Log::File(
                            format!("/var/log/nginx/{file}.log").parse().unwrap(),
                        ))
                    } else {
                        server
                    }
                })
                .collect()
        })
}

fn check(servers: &[Server]) -> Result<(), TestCaseError> {
    let http = HttpSettings::for_servers(servers).to_string();
    let texts: Vec<String> = servers.iter().map(ToString::to_string).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    checkers::nginx(&[&http], &refs).map_err(|f| TestCaseError::fail(f.to_string()))?;
    Ok(())
}

proptest! {
    // Each case starts nginx -t once: few cases, many servers each.
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn random_servers_pass_nginx(servers in servers()) {
        check(&servers)?;
    }
}

/// 3,000 servers with names of every length up to 253: the computed hash sizes hold them all.
#[test]
fn many_servers_with_long_names() {
    let servers: Vec<Server> = (0..3000)
        .map(|i| {
            let long = format!(
                "{}.{}.{}.{}",
                "a".repeat(63),
                "b".repeat(63),
                "c".repeat(63),
                "d".repeat(50)
            );
            let name = format!("s{i}.{}", &long[..(i % 240) + 1].trim_end_matches('.'));
            let name = name.trim_end_matches('-').to_owned();
            Server::new(
                vec![Listen::port(80).unwrap()],
                vec![name.parse().unwrap()],
                vec![Location::proxy(
                    "/".parse().unwrap(),
                    Upstream::new("10.10.60.2".parse().unwrap(), 80).unwrap(),
                )],
            )
            .unwrap()
        })
        .collect();
    check(&servers).unwrap();
    // Without the computed settings nginx refuses them: the check above is not vacuous.
    let texts: Vec<String> = servers.iter().map(ToString::to_string).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    if checkers::nginx(&[], &refs[..1]).unwrap().ran() {
        let failure = checkers::nginx(&[], &refs).unwrap_err();
        assert!(failure.output.contains("server_names_hash"), "{failure}");
    }
}

fn numbered_servers(count: usize, log: impl Fn(&str) -> Log) -> Vec<Server> {
    (0..count)
        .map(|i| {
            let name: ServerName = format!("site{i}.dachary.org").parse().unwrap();
            let file = name.file_name();
            Server::new(
                vec![Listen::port(80).unwrap()],
                vec![name],
                vec![Location::proxy(
                    "/".parse().unwrap(),
                    Upstream::new("10.10.60.2".parse().unwrap(), 80).unwrap(),
                )],
            )
            .unwrap()
            .with_access_log(log(&file))
        })
        .collect()
}

/// 5,000 servers sharing one access log load under the usual soft limit of 1024 open files; with a log
/// each, nginx runs out of descriptors (the check above is not vacuous).
#[test]
fn five_thousand_servers_with_a_shared_log_load_under_1024_open_files() {
    let shared = numbered_servers(5000, |_| {
        Log::Shared("/var/log/nginx/farm.access.log".parse().unwrap())
    });
    let http = HttpSettings::for_servers(&shared).to_string();
    let texts: Vec<String> = shared.iter().map(ToString::to_string).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    if !checkers::nginx_with_open_files(&[&http], &refs, 1024)
        .unwrap()
        .ran()
    {
        return;
    }
    let own = numbered_servers(5000, |file| {
        Log::File(format!("/var/log/nginx/{file}.access.log").parse().unwrap())
    });
    let http = HttpSettings::for_servers(&own).to_string();
    let texts: Vec<String> = own.iter().map(ToString::to_string).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let failure = checkers::nginx_with_open_files(&[&http], &refs, 1024).unwrap_err();
    assert!(failure.output.contains("Too many open files"), "{failure}");
}

fn url() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop_oneof![
            // A name of digits and dots alone would read as an IPv4 address: refused.
            host().prop_filter("not an address", |h| !h
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.')),
            any::<[u8; 4]>().prop_map(|a| std::net::Ipv4Addr::from(a).to_string()),
            any::<[u16; 8]>().prop_map(|a| format!("[{}]", std::net::Ipv6Addr::from(a))),
        ],
        prop::option::of(1u16..),
        "(/[a-zA-Z0-9._~%+=&?:@!,-]{0,20}){0,3}",
    )
        .prop_map(|(https, host, port, path)| {
            let scheme = if https { "https" } else { "http" };
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            format!("{scheme}://{host}{port}{path}")
        })
}

proptest! {
    #[test]
    fn tls_values_round_trip(
        url in url(),
        local in "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,10}(\\.[a-zA-Z0-9+_-]{1,10}){0,2}",
        domain in host(),
        name in host(),
        path in "(/[a-zA-Z0-9._+@:,-]{1,12}){1,4}",
    ) {
        prop_assume!(!domain.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
        let u: nginx_site::HttpUrl = url.parse().unwrap();
        prop_assert_eq!(u.to_string().parse::<nginx_site::HttpUrl>().unwrap(), u);
        if domain.contains('.') {
            let e: nginx_site::certbot::Email = format!("{local}@{domain}").parse().unwrap();
            prop_assert_eq!(e.to_string().parse::<nginx_site::certbot::Email>().unwrap(), e);
        }
        if name.contains('.') && name.len() <= 250 {
            let n: nginx_site::CertName = name.parse().unwrap();
            prop_assert_eq!(n.to_string().parse::<nginx_site::CertName>().unwrap(), n);
        }
        prop_assume!(!path.split('/').any(|c| c == ".."));
        let p: nginx_site::FilePath = path.parse().unwrap();
        prop_assert_eq!(p.to_string().parse::<nginx_site::FilePath>().unwrap(), p);
        let g: nginx_site::IncludeGlob = format!("{path}/*.conf").parse().unwrap();
        prop_assert_eq!(g.to_string().parse::<nginx_site::IncludeGlob>().unwrap(), g);
    }
}
