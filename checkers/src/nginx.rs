//! nginx's own check, and nginx serving for real, both inside private namespaces with their own prefix.

use std::ffi::OsStr;
use std::path::Path;

use crate::run::{self, Failure, Tool, Verdict};

/// Writes a prefix folder: `nginx.conf` including `conf.d/*.conf` (http-level snippets) and `sites/*`
/// (server blocks), with pid and logs inside the prefix.
fn prefix(tool: Tool, dir: &Path, http_level: &[&str], servers: &[&str]) -> Result<(), Failure> {
    let p = dir.display();
    let conf = format!(
        "pid {p}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n\taccess_log off;\n\tinclude {p}/conf.d/*.conf;\n\tinclude {p}/sites/*;\n}}\n"
    );
    run::write(tool, &dir.join("nginx.conf"), &conf)?;
    run::write(tool, &dir.join("conf.d/.keep"), "")?;
    run::write(tool, &dir.join("sites/.keep"), "")?;
    for (i, text) in http_level.iter().enumerate() {
        run::write(tool, &dir.join(format!("conf.d/{i:05}.conf")), text)?;
    }
    for (i, text) in servers.iter().enumerate() {
        run::write(tool, &dir.join(format!("sites/{i:05}")), text)?;
    }
    std::fs::remove_file(dir.join("sites/.keep")).ok();
    Ok(())
}

/// `nginx -t` with `http_level` snippets and `servers` blocks included by an nginx.conf of our own, in
/// `unshare -n -m` with a tmpfs over /var/log/nginx (nginx -t opens the logs). Any `[warn]` is a failure.
pub fn nginx(http_level: &[&str], servers: &[&str]) -> Result<Verdict, Failure> {
    nginx_t(http_level, servers, None)
}

/// [`nginx`] under a soft limit of `open_files` open files (`ulimit -n`; Debian's default is 1024): what a
/// node's nginx started by hand gets. Each distinct log file stays open in nginx.
pub fn nginx_with_open_files(
    http_level: &[&str],
    servers: &[&str],
    open_files: u32,
) -> Result<Verdict, Failure> {
    nginx_t(http_level, servers, Some(open_files))
}

fn nginx_t(
    http_level: &[&str],
    servers: &[&str],
    open_files: Option<u32>,
) -> Result<Verdict, Failure> {
    let tool = Tool::Nginx;
    let Some(unshare) = run::in_namespaces_if_possible(tool, &[])? else {
        return Ok(Verdict::Skipped { tool });
    };
    let dir = run::temp_dir(tool)?;
    prefix(tool, dir.path(), http_level, servers)?;
    let limit = open_files.map_or(String::new(), |n| format!("ulimit -n {n} && "));
    let ran = run::in_namespaces(
        tool,
        &unshare,
        &format!(
            "mkdir -p /var/log/nginx && mount -t tmpfs tmpfs /var/log/nginx && {limit}nginx -t -p \"$1/\" -c \"$1/nginx.conf\""
        ),
        &[dir.path().as_os_str()],
    )?;
    if let Some(line) = ran.output.lines().find(|l| l.contains("[warn]")) {
        let reason = format!("warned: {line}");
        return Err(ran.failure(tool, reason));
    }
    ran.verdict(tool)
}

/// Serves for real: in `unshare -n -m`, a backend (`python3 -m http.server` on 127.0.0.1:`backend_port`,
/// serving one `index.html` that holds `backend_body`) behind nginx with the given configuration; then
/// `curl -H "Host: HOST" http://127.0.0.1:PORT/` and returns what came back. Every process is stopped
/// before it returns. `Ok(None)` where it cannot run outside CI.
pub fn serve_through_nginx(
    http_level: &[&str],
    servers: &[&str],
    backend_port: u16,
    backend_body: &str,
    port: u16,
    host: &str,
) -> Result<Option<String>, Failure> {
    let tool = Tool::Nginx;
    let Some(unshare) = run::in_namespaces_if_possible(tool, &[Tool::Curl])? else {
        return Ok(None);
    };
    let dir = run::temp_dir(tool)?;
    prefix(tool, dir.path(), http_level, servers)?;
    run::write(tool, &dir.path().join("www/index.html"), backend_body)?;
    let script = r#"
set -u
prefix=$1 backend_port=$2 port=$3 host=$4
ip link set lo up
mkdir -p /var/log/nginx && mount -t tmpfs tmpfs /var/log/nginx
python3 -m http.server "$backend_port" --bind 127.0.0.1 --directory "$prefix/www" >"$prefix/backend.log" 2>&1 &
backend=$!
nginx -p "$prefix/" -c "$prefix/nginx.conf" -g 'daemon off;' >"$prefix/nginx.log" 2>&1 &
server=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$backend_port/" && curl -s -o /dev/null "http://127.0.0.1:$port/"; do
  i=$((i + 1)); [ "$i" -lt 100 ] || break; sleep 0.05
done
curl -s --max-time 5 -H "Host: $host" "http://127.0.0.1:$port/"
status=$?
kill "$server" "$backend" 2>/dev/null
wait 2>/dev/null
[ "$status" -eq 0 ] || { echo "curl failed ($status)" >&2; cat "$prefix/nginx.log" "$prefix/backend.log" >&2; }
exit "$status"
"#;
    let ran = run::in_namespaces(
        tool,
        &unshare,
        script,
        &[
            dir.path().as_os_str(),
            OsStr::new(&backend_port.to_string()),
            OsStr::new(&port.to_string()),
            OsStr::new(host),
        ],
    )?;
    if !ran.success {
        let reason = format!("could not serve through nginx ({})", ran.status);
        return Err(ran.failure(tool, reason));
    }
    Ok(Some(ran.output))
}

/// `nginx -t` on the machine's own nginx.conf (Debian's) with the `etc/nginx` of the rendered tree at
/// `tree` in place of its `conf.d`, `sites-available`, `sites-enabled` and `farm-tls` folders, twice: before
/// any certificate (nothing in `farm-tls/enabled/`), then with a throwaway self-signed certificate in
/// certbot's layout (`/etc/letsencrypt/live/NAME/`) for each HTTPS server of `farm-tls/available/`, and
/// each linked into `farm-tls/enabled/` beside its switch entry as the deploy hook links them. In
/// `unshare -n -m`, over a copy of /etc/nginx and tmpfs on /etc/letsencrypt, /var/log/nginx and /run. Any
/// `[warn]` is a failure. The output is both checks', each after a `== before` or `== after N` line (N the
/// servers enabled).
pub fn nginx_with_certificates(tree: &Path) -> Result<Verdict, Failure> {
    let tool = Tool::Nginx;
    let Some(unshare) = run::in_namespaces_if_possible(tool, &[Tool::Openssl])? else {
        return Ok(Verdict::Skipped { tool });
    };
    let dir = run::temp_dir(tool)?;
    let script = r#"
set -u
tree=$1 work=$2
fail() { cat "$work/out"; echo "FAILED: $1"; exit 1; }
check() {
	echo "== $1" >>"$work/out"
	nginx -t >"$work/t" 2>&1; status=$?
	cat "$work/t" >>"$work/out"
	[ "$status" -eq 0 ] || fail "nginx -t $1"
	! grep -q '\[warn\]' "$work/t" || fail "nginx -t $1 warned"
}
: >"$work/out"
cp -a /etc/nginx "$work/etc-nginx" || fail "copy /etc/nginx"
rm -rf "$work/etc-nginx/conf.d" "$work/etc-nginx/sites-available" "$work/etc-nginx/sites-enabled" "$work/etc-nginx/farm-tls"
mkdir -p "$work/etc-nginx/conf.d" "$work/etc-nginx/sites-enabled"
cp -R "$tree/etc/nginx/." "$work/etc-nginx/" || fail "copy the tree"
mount --bind "$work/etc-nginx" /etc/nginx || fail "mount /etc/nginx"
for d in /etc/letsencrypt /var/log/nginx /run; do
	mkdir -p "$d" && mount -t tmpfs tmpfs "$d" || fail "tmpfs on $d"
done
check before
n=0
for server in /etc/nginx/farm-tls/available/*.conf; do
	[ -f "$server" ] || continue
	name=${server##*/}
	name=${name%.conf}
	live=/etc/letsencrypt/live/$name
	mkdir -p "$live" /etc/nginx/farm-tls/enabled
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=$name" \
		-keyout "$live/privkey.pem" -out "$live/fullchain.pem" >>"$work/out" 2>&1 || fail "openssl for $name"
	ln -s "../available/$name.conf" "/etc/nginx/farm-tls/enabled/$name.conf" || fail "link $name.conf"
	ln -s "../available/$name.map" "/etc/nginx/farm-tls/enabled/$name.map" || fail "link $name.map"
	n=$((n + 1))
done
check "after $n"
cat "$work/out"
"#;
    let ran = run::in_namespaces(
        tool,
        &unshare,
        script,
        &[tree.as_os_str(), dir.path().as_os_str()],
    )?;
    ran.verdict(tool)
}
