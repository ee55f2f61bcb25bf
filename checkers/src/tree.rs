//! Every checker on a rendered tree: the files lie where Debian keeps them (`etc/bind/...`), and each is
//! checked by its daemon, the way it would be read deployed. The tree is never written to: what a checker
//! needs beside it (a main named.conf) goes into a temporary folder.

use std::path::Path;

use crate::run::{self, Failure, Tool, Verdict};

/// The outcome of one check of a tree.
#[derive(Debug)]
pub struct TreeCheck {
    /// The file or folder checked, relative to the tree.
    pub file: String,
    /// What checked it.
    pub tool: Tool,
    /// The verdict, or the failure with the checker's message.
    pub result: Result<Verdict, Failure>,
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// The `(zone, file)` pairs of the primary zones of a named.conf written by bind-zone: `zone "farm" {`,
/// `type primary;`, then `file "...";`. A secondary zone's file is the transfer's, not the tree's.
fn zones_of(conf: &str) -> Vec<(String, String)> {
    let mut zones = Vec::new();
    let mut current = None;
    for line in conf.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("zone \"") {
            current = rest.split('"').next().map(str::to_owned);
        } else if line == "type secondary;" {
            current = None;
        } else if let Some(rest) = line.strip_prefix("file \"")
            && let Some(zone) = current.take()
        {
            zones.push((zone, rest.split('"').next().unwrap_or_default().to_owned()));
        }
    }
    zones
}

/// The files a named.conf includes (`include "...";` lines): TSIG keys the operator makes, outside the tree.
fn includes_of(conf: &str) -> Vec<String> {
    conf.lines()
        .map(str::trim)
        .filter_map(|line| line.strip_prefix("include \""))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// The first `key "NAME"` a named.conf names: the key an included key file must define.
fn key_of(conf: &str) -> Option<String> {
    let (_, rest) = conf.split_once("key \"")?;
    rest.split('"').next().map(str::to_owned)
}

/// The interfaces a kea-dhcp4.conf listens on: the strings of its first `"interfaces": [...]` list (the
/// bridges `kea-dhcp4 -t` needs made before it reads the file). An interface with a `"` or `]` in its name
/// is not found, and Kea then refuses the file for its missing interface.
fn kea_interfaces(conf: &str) -> Vec<String> {
    let Some((_, rest)) = conf.split_once("\"interfaces\"") else {
        return Vec::new();
    };
    let Some((_, list)) = rest.split_once('[') else {
        return Vec::new();
    };
    let list = list.split_once(']').map_or(list, |(l, _)| l);
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// Runs every checker whose file is in the tree at `root`.
pub fn check_tree(root: &Path) -> Vec<TreeCheck> {
    let mut checks = Vec::new();
    let mut push = |file: &str, tool: Tool, result: Result<Verdict, Failure>| {
        checks.push(TreeCheck {
            file: file.to_owned(),
            tool,
            result,
        });
    };
    let bind = root.join("etc/bind");
    if let (Some(local), Some(options)) = (
        read(&bind.join("named.conf.local")),
        read(&bind.join("named.conf.options")),
    ) {
        for (zone, file) in zones_of(&local) {
            let relative = file.trim_start_matches('/');
            let result = match read(&root.join(relative)) {
                Some(text) => crate::zone(&zone, &text),
                None => Err(Failure::new(
                    Tool::NamedCheckzone,
                    format!("zone {zone}: {file} is not in the tree"),
                )),
            };
            push(relative, Tool::NamedCheckzone, result);
        }
        push(
            "etc/bind/named.conf.local",
            Tool::NamedCheckconf,
            named_conf(&local, &options, &bind),
        );
    }
    if let Some(text) = read(&root.join("etc/dhcp/dhcpd.conf")) {
        push("etc/dhcp/dhcpd.conf", Tool::Dhcpd, crate::dhcpd(&text));
    }
    if let Some(text) = read(&root.join("etc/default/isc-dhcp-server")) {
        let result = crate::source_vars(&text, &["INTERFACESv4"]).and_then(|values| match values {
            None => Ok(Verdict::Skipped { tool: Tool::Sh }),
            Some(v) if v.first().is_some_and(|i| !i.is_empty()) => Ok(Verdict::Passed {
                output: v.join(" "),
            }),
            Some(_) => Err(Failure {
                tool: Tool::Sh,
                command: String::new(),
                reason: "INTERFACESv4 is empty: dhcpd would serve no interface".into(),
                output: text.clone(),
            }),
        });
        push("etc/default/isc-dhcp-server", Tool::Sh, result);
    }
    if let Some(text) = read(&root.join("etc/kea/kea-dhcp4.conf")) {
        let interfaces = kea_interfaces(&text);
        let interfaces: Vec<&str> = interfaces.iter().map(String::as_str).collect();
        push(
            "etc/kea/kea-dhcp4.conf",
            Tool::KeaDhcp4,
            crate::kea_dhcp4(&text, &interfaces),
        );
    }
    if let Some(text) = read(&root.join("etc/network/interfaces")) {
        let result = crate::ifupdown(&text).map(|r| match r {
            Some(reading) => Verdict::Passed {
                output: reading.plan,
            },
            None => Verdict::Skipped { tool: Tool::Ifup },
        });
        push("etc/network/interfaces", Tool::Ifup, result);
    }
    let shorewall = root.join("etc/shorewall");
    if shorewall.is_dir() {
        let result = crate::shorewall(&shorewall).map(|r| match r {
            Some(output) => Verdict::Passed { output },
            None => Verdict::Skipped {
                tool: Tool::Shorewall,
            },
        });
        push("etc/shorewall", Tool::Shorewall, result);
    }
    let shorewall6 = root.join("etc/shorewall6");
    if shorewall6.is_dir() {
        let result = crate::shorewall6(&shorewall6).map(|r| match r {
            Some(output) => Verdict::Passed { output },
            None => Verdict::Skipped {
                tool: Tool::Shorewall6,
            },
        });
        push("etc/shorewall6", Tool::Shorewall6, result);
    }
    if let Some(text) = read(&root.join("etc/radvd.conf")) {
        push("etc/radvd.conf", Tool::Radvd, crate::radvd(&text));
    }
    let nginx = root.join("etc/nginx");
    // HTTPS sites: certbot's scripts, then nginx -t before and after their certificates exist. (Pushed
    // before the folder's own check, so that a file is found under its most precise check.)
    for script in ["deploy-hook", "issue"] {
        let file = format!("etc/nginx/farm-tls/{script}");
        if let Some(text) = read(&root.join(&file)) {
            push(&file, Tool::Sh, crate::sh_syntax(&text));
        }
    }
    if nginx.join("farm-tls/available").is_dir() {
        push(
            "etc/nginx/farm-tls/available",
            Tool::Nginx,
            crate::nginx_with_certificates(root),
        );
    }
    if nginx.is_dir() {
        let texts = |dir: &Path, suffix: &str| -> Vec<String> {
            let mut names: Vec<_> = std::fs::read_dir(dir)
                .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
                .unwrap_or_default();
            names.sort();
            names
                .iter()
                .filter(|p| p.to_string_lossy().ends_with(suffix))
                .filter_map(|p| read(p))
                .collect()
        };
        let http = texts(&nginx.join("conf.d"), ".conf");
        let sites = texts(&nginx.join("sites-enabled"), "");
        let http: Vec<&str> = http.iter().map(String::as_str).collect();
        let sites: Vec<&str> = sites.iter().map(String::as_str).collect();
        push("etc/nginx", Tool::Nginx, crate::nginx(&http, &sites));
    }
    if let Some(text) = read(&root.join("etc/ganeti/provision.sh")) {
        push("etc/ganeti/provision.sh", Tool::Sh, crate::sh_syntax(&text));
    }
    checks
}

/// named-checkconf -z over a copy of the folder, with a main named.conf that includes the two files as
/// Debian's does.
fn named_conf(local: &str, options: &str, bind: &Path) -> Result<Verdict, Failure> {
    let tool = Tool::NamedCheckconf;
    let dir = run::temp_dir(tool)?;
    let copy = dir.path().join("etc/bind");
    run::write(tool, &copy.join("named.conf.local"), local)?;
    run::write(tool, &copy.join("named.conf.options"), options)?;
    run::write(tool, &dir.path().join("var/cache/bind/.keep"), "")?;
    for (_, file) in zones_of(local) {
        let relative = file.trim_start_matches('/');
        if let Some(text) = read(&bind.join(Path::new(relative).file_name().unwrap_or_default())) {
            run::write(tool, &dir.path().join(relative), &text)?;
        }
    }
    // A key the configuration includes is the operator's, made once per farm: a throwaway one stands for it.
    for include in includes_of(local) {
        let Some(program) = run::require(Tool::TsigKeygen)? else {
            return Ok(Verdict::Skipped {
                tool: Tool::TsigKeygen,
            });
        };
        let name = key_of(local).unwrap_or_else(|| "farm-transfer".to_owned());
        let key = run::run(Tool::TsigKeygen, &program, &[std::ffi::OsStr::new(&name)])?;
        if !key.success {
            return Err(key.failure(Tool::TsigKeygen, "made no key"));
        }
        run::write(
            tool,
            &dir.path().join(include.trim_start_matches('/')),
            &key.output,
        )?;
    }
    let main =
        "include \"/etc/bind/named.conf.options\";\ninclude \"/etc/bind/named.conf.local\";\n";
    run::write(tool, &copy.join("named.conf"), main)?;
    crate::named_conf(dir.path(), "/etc/bind/named.conf")
}

#[cfg(test)]
mod tests {
    #[test]
    fn kea_s_interfaces_are_read_from_its_list() {
        let conf = "# generated\n{\n  \"Dhcp4\": {\n    \"interfaces-config\": {\n      \"interfaces\": [\n        \"br0\",\n        \"eth1\"\n      ]\n    },\n    \"shared-networks\": [ { \"interface\": \"br9\" } ]\n";
        assert_eq!(super::kea_interfaces(conf), ["br0", "eth1"]);
        assert!(super::kea_interfaces("{}").is_empty());
    }
}
