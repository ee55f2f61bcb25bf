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
/// commands (arguments after `ip`) of the `up` lines it adds and of the `down` lines of those it drops, and
/// the other changed lines, which `ip` does not apply (they need the interfaces brought down and up).
pub fn network_steps(old: &str, new: &str) -> (Vec<Vec<String>>, Vec<String>) {
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    let (old, new) = (lines(old), lines(new));
    let ip = |line: &str, verb: &str| {
        line.strip_prefix(verb)
            .and_then(|rest| rest.trim_start().strip_prefix("ip "))
            .map(|args| {
                args.split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
    };
    let mut steps = Vec::new();
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
        let (steps, others) = network_steps(old, &old.replace("10.0.0.1/32", "10.0.0.2/32"));
        assert!(steps.is_empty());
        assert_eq!(others, ["+address 10.0.0.2/32", "-address 10.0.0.1/32"]);
    }
}
