//! Writing a rule set to a folder and compiling it.

use shorewall::{RuleSet, Zone, ZoneType};

/// Shorewall's compiled rules for `set` (`check -r`), or `None` where Shorewall cannot run here.
pub fn compile(set: &RuleSet) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in set.files() {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    if set.is_ipv6() {
        checkers::shorewall6(dir.path()).unwrap()
    } else {
        checkers::shorewall(dir.path()).unwrap()
    }
}

/// Whether some line of `compiled` holds every one of `parts` (a rule matched whatever chain it is in).
pub fn has_rule(compiled: &str, parts: &[&str]) -> bool {
    compiled
        .lines()
        .any(|line| parts.iter().all(|p| line.contains(p)))
}

/// The farm's zones: the firewall, `net` and `loc`.
pub fn farm_zones() -> Vec<Zone> {
    vec![
        Zone {
            name: "fw".parse().unwrap(),
            kind: ZoneType::Firewall,
        },
        Zone {
            name: "net".parse().unwrap(),
            kind: ZoneType::Ipv4,
        },
        Zone {
            name: "loc".parse().unwrap(),
            kind: ZoneType::Ipv4,
        },
    ]
}
