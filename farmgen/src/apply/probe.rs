//! After the reloads: each changed daemon asked whether it serves the new files. named answers the changed
//! names at the bridge address (on a secondary, each zone's serial is the primary's), each changed site
//! answers through nginx, dhcpd and the firewall run.

use std::io::{ErrorKind, Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::daemon::{Action, Daemon, Services};
use super::run;

/// How long a probe retries before it fails (a reload is taken in asynchronously).
const PATIENCE: Duration = Duration::from_secs(5);

/// Retries `probe` until it succeeds or [`PATIENCE`] is spent; its last error.
fn patiently(mut probe: impl FnMut() -> Result<(), String>) -> Result<(), String> {
    let start = Instant::now();
    loop {
        match probe() {
            Ok(()) => return Ok(()),
            Err(e) if start.elapsed() > PATIENCE => return Err(e),
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// One record a zone's change adds, to ask named for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The absolute name (ends with a dot).
    pub name: String,
    /// The type (`A`, `PTR`, `SOA`...).
    pub kind: String,
    /// What the answer holds: the address or absolute name; for `SOA`, the serial.
    pub want: String,
}

/// `name` made absolute in `origin` (`@` is the origin).
fn absolute(name: &str, origin: &str) -> String {
    if name == "@" {
        origin.to_owned()
    } else if name.ends_with('.') {
        name.to_owned()
    } else {
        format!("{name}.{origin}")
    }
}

/// What a zone file's change from `old` to `new` is asked by: the zone's serial (its SOA), and every
/// A, AAAA, PTR and CNAME record `new` has that `old` has not.
pub fn questions<'a>(old: &'a str, new: &'a str) -> Vec<Question> {
    let mut origin = String::new();
    let mut out = Vec::new();
    let mut serial_next = false;
    let uncommented = |l: &'a str| l.split(';').next().unwrap_or_default().trim_end();
    let before: std::collections::HashSet<&str> = old.lines().map(uncommented).collect();
    for raw in new.lines() {
        let line = uncommented(raw);
        if let Some(o) = line.strip_prefix("$ORIGIN ") {
            origin = o.trim().to_owned();
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.contains(&"SOA") {
            serial_next = true;
            continue;
        }
        if serial_next && fields.len() == 1 && raw.contains("; serial") {
            out.push(Question {
                name: origin.clone(),
                kind: "SOA".to_owned(),
                want: fields[0].to_owned(),
            });
            serial_next = false;
            continue;
        }
        if line.starts_with(char::is_whitespace) || fields.len() < 4 {
            continue;
        }
        let kind_at = fields.iter().position(|f| *f == "IN").map(|i| i + 1);
        let Some(kind) = kind_at.and_then(|i| fields.get(i)) else {
            continue;
        };
        let Some(value) = kind_at.and_then(|i| fields.get(i + 1)) else {
            continue;
        };
        if before.contains(line) || !["A", "AAAA", "PTR", "CNAME"].contains(kind) {
            continue;
        }
        let want = if *kind == "A" || *kind == "AAAA" {
            (*value).to_owned()
        } else {
            absolute(value, &origin)
        };
        out.push(Question {
            name: absolute(fields[0], &origin),
            kind: (*kind).to_owned(),
            want,
        });
    }
    out
}

/// named's short answer at `server` for `name`'s records of type `kind`, by `dig`.
fn dig(server: Ipv4Addr, name: &str, kind: &str) -> Result<String, String> {
    let at = format!("@{server}");
    run::argv("dig", &[&at, "+time=1", "+tries=1", "+short", name, kind])
}

/// The serial of an SOA record in dig's short form.
fn soa_serial(answer: &str) -> Option<&str> {
    answer.split_whitespace().nth(2)
}

/// Asks named at `server` each question, with `dig`.
pub fn named(server: Ipv4Addr, questions: &[Question]) -> Result<(), String> {
    for q in questions {
        patiently(|| {
            let answer = dig(server, &q.name, &q.kind)?;
            let got = answer.lines().any(|a| match q.kind.as_str() {
                "SOA" => soa_serial(a) == Some(q.want.as_str()),
                _ => a == q.want,
            });
            if got {
                Ok(())
            } else {
                Err(format!(
                    "named at {server} answers {} {} with {answer:?}, not {}",
                    q.name, q.kind, q.want
                ))
            }
        })?;
    }
    Ok(())
}

/// The serial named at `server` answers for `zone`'s SOA (`None`: an answer without one), or why there
/// is no answer.
fn serial(server: Ipv4Addr, zone: &str) -> Result<Option<String>, String> {
    let answer = dig(server, zone, "SOA")?;
    Ok(answer.lines().find_map(soa_serial).map(str::to_owned))
}

/// On a secondary: named at `local` serves each of `zones` with the serial the primary at `primary`
/// serves (a copy that lags is refreshed first, then waited for). A zone the primary does not serve (it does not answer, or the zone is not applied there yet)
/// is not compared: the secondary cannot have data its primary does not give, and keeps serving its copy;
/// that is noted. The notes.
pub fn secondary(
    local: Ipv4Addr,
    primary: Ipv4Addr,
    zones: &[String],
) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    for (i, zone) in zones.iter().enumerate() {
        let want = match serial(primary, zone) {
            Ok(Some(want)) => want,
            Ok(None) => {
                notes.push(format!(
                    "{zone}: the primary at {primary} does not serve it (not applied there yet?): this node's copy was not compared"
                ));
                continue;
            }
            Err(e) => {
                // Unreachable: the other zones would not be answered either.
                let why = e.lines().last().unwrap_or_default().to_owned();
                notes.push(format!(
                    "the primary at {primary} does not answer ({why}): this node's copies of {} were not compared",
                    zones[i..].join(", ")
                ));
                break;
            }
        };
        // A copy that lags (a NOTIFY missed while the node was down) is asked to transfer now: reconfig
        // loads new zones, it does not refresh those it has.
        if serial(local, zone).ok().flatten().as_deref() != Some(want.as_str()) {
            let _ = run::argv("rndc", &["refresh", zone]);
        }
        patiently(|| {
            let got = serial(local, zone)?;
            if got.as_deref() == Some(want.as_str()) {
                return Ok(());
            }
            let got = got.map_or_else(|| "no SOA".to_owned(), |g| format!("serial {g}"));
            Err(format!(
                "named at {local} answers {zone} with {got}, the primary at {primary} with serial {want}: the zone was not transferred (is the transfer key the primary's?)"
            ))
        })?;
    }
    Ok(notes)
}

/// A site's server name and port, from its nginx file.
pub fn site(text: &str) -> Option<(String, u16)> {
    let value = |key: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(key)?.strip_suffix(';').map(str::trim))
    };
    let name = value("server_name ")?.split_whitespace().next()?.to_owned();
    let port = value("listen ")
        .and_then(|l| {
            l.split_whitespace()
                .next()?
                .rsplit(':')
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(80);
    Some((name, port))
}

/// Asks nginx on this node for `name` on `port`: an HTTP answer, or none within a second once the request
/// is taken (a 502, 504 or no answer yet only noted: the site's VM may not exist yet). The note, if any.
pub fn nginx(name: &str, port: u16) -> Result<Option<String>, String> {
    let mut note = None;
    patiently(|| {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1))
            .map_err(|e| format!("nginx on port {port}: {e}"))?;
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        write!(stream, "HEAD / HTTP/1.0\r\nHost: {name}\r\n\r\n")
            .map_err(|e| format!("nginx on port {port}: {e}"))?;
        let mut head = [0u8; 64];
        let n = match stream.read(&mut head) {
            Ok(n) => n,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                note = Some(format!(
                    "{name}: nginx is proxying it, and the site's VM has not answered yet"
                ));
                return Ok(());
            }
            Err(e) => return Err(format!("nginx on port {port}, {name}: {e}")),
        };
        let line = String::from_utf8_lossy(&head[..n]);
        let status = line
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        if !line.starts_with("HTTP/") {
            return Err(format!("nginx on port {port}, {name}: no HTTP answer"));
        }
        if status == "502" || status == "504" {
            note = Some(format!(
                "{name}: nginx answers {status}: the site's VM does not answer yet"
            ));
        }
        Ok(())
    })?;
    Ok(note)
}

/// Whether `daemon` runs, by its `running` command.
pub fn running(daemon: Daemon, services: &Services) -> Result<(), String> {
    match services.command(daemon, Action::Running) {
        Some(command) => patiently(|| run::shell(command).map(|_| ())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::{Question, questions, site};

    #[test]
    fn a_new_vm_is_asked_with_the_new_serial() {
        let old = "$TTL 1h\n$ORIGIN farm.\n@ IN SOA ns hostmaster (\n 2011031200 ; serial\n 1h ; refresh\n )\n@ IN NS ns\nns IN A 10.0.0.1\n";
        let new = old.replace("2011031200", "2011031201") + "web IN A 10.0.0.2\n";
        let q = |name: &str, kind: &str, want: &str| Question {
            name: name.into(),
            kind: kind.into(),
            want: want.into(),
        };
        assert_eq!(
            questions(old, &new),
            [
                q("farm.", "SOA", "2011031201"),
                q("web.farm.", "A", "10.0.0.2")
            ]
        );
        let rev = "$ORIGIN 0.10.in-addr.arpa.\n2.0 IN PTR web.farm.\n1.0 IN PTR ns\n";
        assert_eq!(
            questions("", rev),
            [
                q("2.0.0.10.in-addr.arpa.", "PTR", "web.farm."),
                q("1.0.0.10.in-addr.arpa.", "PTR", "ns.0.10.in-addr.arpa.")
            ]
        );
    }

    #[test]
    fn a_site_is_read_from_its_file() {
        let text = "server {\n\tlisten 80;\n\tserver_name a.example;\n}\n";
        assert_eq!(site(text), Some(("a.example".to_owned(), 80)));
        assert_eq!(
            site(&text.replace("80", "127.0.0.1:8080")),
            Some(("a.example".to_owned(), 8080))
        );
        assert_eq!(site("server {}\n"), None);
    }
}
