//! named serving a rendered tree for real, in private network and mount namespaces.

use std::ffi::OsStr;
use std::path::Path;

use crate::run::{self, Failure, Tool};
use crate::{DumpRecord, parse_dump};

/// Serves the zones of the tree at `root` (its `etc/bind/named.conf.local` and zone files, mounted on
/// /etc/bind as deployed) with named on 127.0.0.1:`port` inside `unshare -n -m`, asks `dig` every query
/// (`NAME A`, `-x ADDRESS`), and returns the answer records. named is stopped by its PID before it
/// returns. `Ok(None)` where it cannot run, outside CI.
pub fn named_answers(
    root: &Path,
    port: u16,
    queries: &[String],
) -> Result<Option<Vec<DumpRecord>>, Failure> {
    let tool = Tool::Named;
    let Some(unshare) = run::in_namespaces_if_possible(tool, &[Tool::Dig])? else {
        return Ok(None);
    };
    let dir = run::temp_dir(tool)?;
    let d = dir.path().display();
    let conf = format!(
        "options {{\n\tdirectory \"{d}/cache\";\n\tpid-file \"{d}/named.pid\";\n\tsession-keyfile \"{d}/session.key\";\n\tlisten-on port {port} {{ 127.0.0.1; }};\n\tlisten-on-v6 {{ none; }};\n\trecursion no;\n\tnotify no;\n\tdnssec-validation no;\n}};\ncontrols {{ }};\ninclude \"/etc/bind/named.conf.local\";\n"
    );
    run::write(tool, &dir.path().join("named.conf"), &conf)?;
    run::write(tool, &dir.path().join("cache/.keep"), "")?;
    run::write(
        tool,
        &dir.path().join("queries"),
        &(queries.join("\n") + "\n"),
    )?;
    let script = r#"
set -u
dir=$1 tree=$2 port=$3
ip link set lo up
mount --bind "$tree/etc/bind" /etc/bind
named -4 -g -c "$dir/named.conf" >"$dir/named.log" 2>&1 &
pid=$!
i=0
until dig @127.0.0.1 -p "$port" +time=1 +tries=1 +short version.bind CH TXT >/dev/null 2>&1 && grep -q 'running' "$dir/named.log"; do
  i=$((i + 1))
  if [ "$i" -ge 100 ]; then echo "named did not start:" >&2; cat "$dir/named.log" >&2; kill "$pid" 2>/dev/null; exit 1; fi
  sleep 0.05
done
dig @127.0.0.1 -p "$port" +time=2 +tries=2 +noall +answer -f "$dir/queries"
status=$?
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
exit "$status"
"#;
    let ran = run::in_namespaces(
        tool,
        &unshare,
        script,
        &[
            dir.path().as_os_str(),
            root.as_os_str(),
            OsStr::new(&port.to_string()),
        ],
    )?;
    if !ran.success {
        let reason = format!("could not serve the zones ({})", ran.status);
        return Err(ran.failure(tool, reason));
    }
    parse_dump(&ran.output).map(Some).map_err(|line| Failure {
        tool: Tool::Dig,
        command: String::new(),
        reason: format!("printed a line that is not a record: {line:?}"),
        output: ran.output.clone(),
    })
}
