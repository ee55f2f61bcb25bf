#!/bin/sh
# An HTTPS site issued for real and offline: nginx with the rendered files (on Debian's own nginx.conf), a
# backend standing for the VM, pebble as the ACME server and certbot run by the rendered issue script, all
# inside private network and mount namespaces (unshare -n -m). Every folder written to is a tmpfs or a
# bind mount of the work folder; nothing reaches the machine's own network or /etc.
#
# $1: a work folder holding steps.sh and pebble.sh (the steps' helpers) and
#   spec       lines `NAME VALUE`: site (the server name), backend (ADDRESS:PORT), pebble (an address),
#              issue (the issue script's path), webroot, enabled (the folder the deploy hook links into)
#   root/      the rendered files, at their paths under / (only below the folders mounted here)
#   www/       the backend's files
# Prints `ok: STEP (MS ms)` per step and `result KEY VALUE` lines; on failure, the step and the logs.
set -u
W=$1
step="setting up"
pids=""

cleanup() {
	[ -f /run/nginx.pid ] && kill "$(cat /run/nginx.pid)" 2>/dev/null
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
}
trap cleanup EXIT

. "$W/steps.sh"
. "$W/pebble.sh"

while read -r key value; do
	case $key in
	site) site=$value ;;
	backend) backend=$value ;;
	pebble) pebble=$value ;;
	issue) issue=$value ;;
	webroot) webroot=$value ;;
	enabled) enabled=$value ;;
	esac
done <"$W/spec"
L=$W/log
mkdir -p "$L"

step="private folders: a copy of the machine's /etc/nginx, tmpfs over the others, the rendered files"
cp -a /etc/nginx "$W/etc-nginx" || fail
mount --bind "$W/etc-nginx" /etc/nginx || fail
for d in /etc/letsencrypt /var/lib /var/log /var/www /run; do
	mount -t tmpfs tmpfs "$d" || fail
done
mkdir -p /var/lib/nginx /var/log/nginx "$webroot" || fail
cp -R "$W/root/." / || fail
printf '127.0.0.1 localhost\n127.0.0.1 %s\n' "$site" >"$W/hosts"
mount --bind "$W/hosts" /etc/hosts || fail
ip link set lo up || fail
ok

step="the backend answers on $backend"
python3 -m http.server "${backend##*:}" --bind "${backend%:*}" --directory "$W/www" >"$L/backend" 2>&1 &
pids="$pids $!"
wait_for curl -s --max-time 1 "http://$backend/" || fail "$L/backend"
ok

step="nginx -t passes before any certificate"
nginx -t >"$L/nginx-t-before" 2>&1 || fail "$L/nginx-t-before"
! grep -q '\[warn\]' "$L/nginx-t-before" || fail "$L/nginx-t-before"
ok

step="nginx proxies http://$site/ to the backend before any certificate"
nginx >"$L/nginx" 2>&1 || fail "$L/nginx" /var/log/nginx/error.log
wait_for curl -s --max-time 1 -o /dev/null "http://$site/" || fail "$L/nginx" /var/log/nginx/error.log
code=$(curl -s --max-time 3 -o "$W/http-before" -w '%{http_code}' "http://$site/")
[ "$code" = 200 ] || { echo "got $code" >"$L/curl"; fail "$L/curl" /var/log/nginx/error.log; }
echo "result http_before $(cat "$W/http-before")"
ok

step="pebble starts with a listener certificate made here"
start_pebble "$W/pebble" "$pebble" "$L/pebble"
ok

step="the rendered issue script gets the certificate over HTTP-01 and its hook enables HTTPS"
REQUESTS_CA_BUNDLE=$W/pebble/cert.pem sh "$issue" >"$L/issue" 2>&1 || fail "$L/issue" /var/log/letsencrypt/letsencrypt.log "$L/pebble"
ok

step="nginx -t passes with the certificate and the HTTPS server enabled"
nginx -t >"$L/nginx-t-after" 2>&1 || fail "$L/nginx-t-after"
! grep -q '\[warn\]' "$L/nginx-t-after" || fail "$L/nginx-t-after"
ok

step="https://$site/ answers the backend's page on IPv4 and IPv6, trusted through pebble's root"
pebble_root "$W/pebble" "$pebble" "$W/root.pem" || fail "$L/pebble"
wait_for curl -s --max-time 1 --cacert "$W/root.pem" -o /dev/null "https://$site/" || fail /var/log/nginx/error.log "$L/issue"
curl -s --max-time 3 --cacert "$W/root.pem" -o "$W/https" "https://$site/" || fail /var/log/nginx/error.log
echo "result https $(cat "$W/https")"
curl -s --max-time 3 --cacert "$W/root.pem" --resolve "$site:443:[::1]" -o "$W/https6" "https://$site/" || fail /var/log/nginx/error.log
echo "result https_ipv6 $(cat "$W/https6")"
ok

step="http://$site/ answers 301 to https, and the challenge is still served over http"
echo "result redirect $(curl -s --max-time 3 -o /dev/null -w '%{http_code} %{redirect_url}' "http://$site/x?y=1")"
mkdir -p "$webroot/.well-known/acme-challenge" && echo probe >"$webroot/.well-known/acme-challenge/probe"
code=$(curl -s --max-time 3 -o "$W/challenge" -w '%{http_code}' "http://$site/.well-known/acme-challenge/probe")
echo "result challenge $(cat "$W/challenge") $code"
ok

step="a second run of the issue script keeps the certificate, changes nothing, and removes a link to a file gone"
ls -l --time-style=+%s%N /etc/letsencrypt/live/"$site"/ "$enabled"/ >"$W/before-second" 2>&1
ln -s ../available/gone.example.conf "$enabled/gone.example.conf" || fail
REQUESTS_CA_BUNDLE=$W/pebble/cert.pem sh "$issue" >"$L/issue-2" 2>&1
echo "result second_run $?"
ls -l --time-style=+%s%N /etc/letsencrypt/live/"$site"/ "$enabled"/ >"$W/after-second" 2>&1
if cmp -s "$W/before-second" "$W/after-second"; then echo "result second_run_changed no"; else echo "result second_run_changed yes"; fi
nginx -t >"$L/nginx-t-second" 2>&1 || fail "$L/nginx-t-second" "$W/after-second"
ok
