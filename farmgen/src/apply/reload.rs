//! Bringing the daemons up to the swapped files: each changed daemon reloaded as its package does, and the
//! interfaces' changed routes and addresses applied with `ip`, never bounced.

use super::daemon::{Action, Daemon, Services};
use super::run;

/// Runs each reload in order; the first that fails, with its message.
pub fn reload(actions: &[(Daemon, Action)], services: &Services) -> Result<(), (Daemon, String)> {
    for &(daemon, action) in actions {
        if let Some(command) = services.command(daemon, action) {
            run::shell(command).map_err(|e| (daemon, e))?;
        }
    }
    Ok(())
}

/// What a change of `etc/network/interfaces` from `old` to `new` takes on a running node: the `ip`
/// commands (arguments after `ip`) of the `up` lines it adds and of the `down` lines of those it drops; the
/// static address of an interface that is not the node's way in (the bridge, the local alias) that changes,
/// an `inet6` stanza added or dropped included (a renumbered prefix), as `ip addr replace`/`del`; and the
/// other changed lines, which `ip` does not apply (they need the interfaces brought down and up: the
/// uplink's address or gateway among them, whose change would cut a remote session).
pub fn network_steps(old: &str, new: &str) -> (Vec<Vec<String>>, Vec<String>) {
    let (mut steps, handled_old, handled_new) = address_steps(old, new);
    let lines = |text: &str, handled: &[usize]| -> Vec<String> {
        (text.lines().enumerate())
            .filter(|(i, _)| !handled.contains(&(i + 1)))
            .map(|(_, l)| l.trim())
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    let (old, new) = (lines(old, &handled_old), lines(new, &handled_new));
    let ip = |line: &str, verb: &str| {
        line.strip_prefix(verb)
            .and_then(|rest| rest.trim_start().strip_prefix("ip "))
            .map(|args| {
                args.split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
    };
    let mut others = Vec::new();
    for line in new.iter().filter(|l| !old.contains(l)) {
        if let Some(args) = ip(line, "up") {
            steps.push(args);
        } else if ip(line, "down").is_none() {
            others.push(format!("+{line}"));
        }
    }
    for line in old.iter().filter(|l| !new.contains(l)) {
        if let Some(args) = ip(line, "down") {
            steps.push(args);
        } else if ip(line, "up").is_none() {
            others.push(format!("-{line}"));
        }
    }
    (steps, others)
}

/// One family's static side of an interface, as read: its stanza's line, its address and its gateway,
/// each with its line.
struct Side {
    stanza: usize,
    address: Option<(usize, String)>,
    gateway: Option<(usize, String)>,
}

/// A value read at its line: the line and the value's text.
fn placed<T: std::fmt::Display>(at: Option<&netif::read::At<T>>) -> Option<(usize, String)> {
    at.map(|a| (a.line, a.value.to_string()))
}

/// Each interface's static sides, by interface and family (`-4`, `-6`).
fn sides(text: &str) -> Option<std::collections::BTreeMap<(String, &'static str), Side>> {
    let read = netif::read::read_interfaces(text).ok()?;
    let mut out = std::collections::BTreeMap::new();
    for i in read.ifaces.iter().filter(|i| i.value.method == "static") {
        let side = Side {
            stanza: i.line,
            address: placed(i.value.address.as_ref()),
            gateway: placed(i.value.gateway.as_ref()),
        };
        out.insert((i.value.name.to_string(), "-4"), side);
    }
    for i in read.ifaces6.iter().filter(|i| i.value.method == "static") {
        let side = Side {
            stanza: i.line,
            address: placed(i.value.address.as_ref()),
            gateway: placed(i.value.gateway.as_ref()),
        };
        out.insert((i.value.name.to_string(), "-6"), side);
    }
    Some(out)
}

/// The `ip` commands of the static addresses that change between `old` and `new` on an interface both have
/// and that has no gateway (a family's stanza added or dropped included), and the lines of each file they
/// account for. An interface that is new or gone altogether, or that has a gateway, is left to the other
/// lines (`ifup`).
fn address_steps(old: &str, new: &str) -> (Vec<Vec<String>>, Vec<usize>, Vec<usize>) {
    let (Some(before), Some(after)) = (sides(old), sides(new)) else {
        return (Vec::new(), Vec::new(), Vec::new());
    };
    let known = |name: &str| {
        let has =
            |m: &std::collections::BTreeMap<(String, &str), Side>| m.keys().any(|(n, _)| n == name);
        has(&before) && has(&after)
    };
    let argv = |words: &[&str]| words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
    let (mut steps, mut undone, mut handled_old, mut handled_new) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let keys: std::collections::BTreeSet<&(String, &str)> =
        before.keys().chain(after.keys()).collect();
    // The node's way in (an interface with a gateway: the uplink) is left to the console: its address
    // changed under a remote session would cut it.
    let way_in = |name: &str| {
        [&before, &after].iter().any(|m| {
            m.iter()
                .any(|((n, _), side)| n == name && side.gateway.is_some())
        })
    };
    for key @ (name, family) in keys {
        if !known(name) || way_in(name) {
            continue;
        }
        let (was, now) = (before.get(key), after.get(key));
        let field = |side: Option<&Side>, f: fn(&Side) -> &Option<(usize, String)>| {
            side.and_then(|s| f(s).clone())
        };
        let (old_address, new_address) = (field(was, |s| &s.address), field(now, |s| &s.address));
        let same = |a: &Option<(usize, String)>, b: &Option<(usize, String)>| {
            a.as_ref().map(|(_, v)| v) == b.as_ref().map(|(_, v)| v)
        };
        // An alias (`lo:1`) is an address of its interface with a label, not a device of its own.
        let dev = name.split_once(':').map_or(name.as_str(), |(base, _)| base);
        if !same(&old_address, &new_address) {
            if let Some((line, address)) = &new_address {
                let mut add = argv(&[family, "addr", "replace", address, "dev", dev]);
                if dev != name {
                    add.extend(argv(&["label", name]));
                }
                steps.push(add);
                handled_new.push(*line);
            }
            if let Some((line, address)) = &old_address {
                undone.push(argv(&[family, "addr", "del", address, "dev", dev]));
                handled_old.push(*line);
            }
        }
        // A family's stanza added to (or dropped from) an interface: its `iface` line is accounted for.
        match (was, now) {
            (None, Some(side)) => handled_new.push(side.stanza),
            (Some(side), None) => handled_old.push(side.stanza),
            _ => {}
        }
    }
    steps.extend(undone);
    (steps, handled_old, handled_new)
}

/// Runs each `ip` command; the first failure's message.
pub fn apply_network(steps: &[Vec<String>]) -> Result<(), String> {
    for args in steps {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run::argv("ip", &args)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::network_steps;

    #[test]
    fn a_new_route_is_added_and_a_dropped_one_deleted() {
        let old = "iface br0 inet static\n\taddress 10.0.0.1/32\n\tup ip route add 10.1.0.0/24 dev br0\n\tdown ip route del 10.1.0.0/24 dev br0\n";
        let new = "iface br0 inet static\n\taddress 10.0.0.1/32\n\tup ip route add 10.2.0.0/24 dev br0\n\tdown ip route del 10.2.0.0/24 dev br0\n";
        let (steps, others) = network_steps(old, new);
        assert_eq!(
            steps,
            [
                ["route", "add", "10.2.0.0/24", "dev", "br0"],
                ["route", "del", "10.1.0.0/24", "dev", "br0"]
            ]
        );
        assert!(others.is_empty());
        // A bridge of another address: the new one added, then the old one removed.
        let (steps, others) = network_steps(old, &old.replace("10.0.0.1/32", "10.0.0.2/32"));
        assert_eq!(
            steps,
            [
                ["-4", "addr", "replace", "10.0.0.2/32", "dev", "br0"],
                ["-4", "addr", "del", "10.0.0.1/32", "dev", "br0"]
            ]
        );
        assert!(others.is_empty(), "{others:?}");
    }

    /// A renumbered prefix: the bridge's IPv6 address changes in place; IPv6 added to the bridge is its
    /// address. The uplink (it has a gateway) is left to the console, as a new interface is to ifup.
    #[test]
    fn addresses_change_in_place_but_the_uplink_s() {
        let old = "iface eth0 inet static\n\taddress 192.0.2.10/24\n\tgateway 192.0.2.1\niface eth0 inet6 static\n\taddress 2001:db8::10/64\n\tgateway fe80::1\niface br0 inet static\n\taddress 10.0.0.1/32\n\tbridge_ports none\niface br0 inet6 static\n\taddress 2001:db8:1:2::1/64\n";
        let new = old.replace("2001:db8:1:2::1/64", "2001:db8:1:3::1/64");
        let words = |line: &str| line.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let (steps, others) = network_steps(old, &new);
        assert_eq!(
            steps,
            [
                words("-6 addr replace 2001:db8:1:3::1/64 dev br0"),
                words("-6 addr del 2001:db8:1:2::1/64 dev br0"),
            ]
        );
        assert!(others.is_empty(), "{others:?}");
        // Undone: the same commands the other way.
        let (back, _) = network_steps(&new, old);
        assert_eq!(
            back,
            [
                words("-6 addr replace 2001:db8:1:2::1/64 dev br0"),
                words("-6 addr del 2001:db8:1:3::1/64 dev br0"),
            ]
        );
        // The uplink's gateway or address: not in place.
        let (steps, others) =
            network_steps(old, &old.replace("gateway fe80::1", "gateway fe80::2"));
        assert!(steps.is_empty(), "{steps:?}");
        assert_eq!(others, ["+gateway fe80::2", "-gateway fe80::1"]);
        let (steps, _) = network_steps(old, &old.replace("192.0.2.10/24", "192.0.2.11/24"));
        assert!(steps.is_empty(), "{steps:?}");
        // IPv6 added to the bridge (the uplink's is left to the console).
        let four = "iface eth0 inet static\n\taddress 192.0.2.10/24\n\tgateway 192.0.2.1\niface br0 inet static\n\taddress 10.0.0.1/32\n\tbridge_ports none\n";
        let (steps, others) = network_steps(four, old);
        assert_eq!(steps, [words("-6 addr replace 2001:db8:1:2::1/64 dev br0")]);
        assert_eq!(
            others,
            [
                "+iface eth0 inet6 static",
                "+address 2001:db8::10/64",
                "+gateway fe80::1"
            ]
        );
        let (steps, _) = network_steps(old, four);
        assert_eq!(steps, [words("-6 addr del 2001:db8:1:2::1/64 dev br0")]);
        // The local alias's address: an address of lo labelled lo:1.
        let alias = "iface lo:1 inet static\n\taddress 10.10.0.10/32\n";
        let (steps, others) =
            network_steps(alias, &alias.replace("10.10.0.10/32", "10.10.0.11/32"));
        assert_eq!(
            steps,
            [
                words("-4 addr replace 10.10.0.11/32 dev lo label lo:1"),
                words("-4 addr del 10.10.0.10/32 dev lo"),
            ]
        );
        assert!(others.is_empty(), "{others:?}");
        // A new interface is not added with ip: its lines are left to ifup.
        let (steps, others) = network_steps(
            four,
            &format!("{four}iface eth1 inet static\n\taddress 10.9.0.1/24\n"),
        );
        assert!(steps.is_empty(), "{steps:?}");
        assert_eq!(others, ["+iface eth1 inet static", "+address 10.9.0.1/24"]);
    }
}
