#!/bin/sh
# `farmgen apply` in the farm in a box: the node's daemons (named, dhcpd, nginx, Shorewall) run as plain
# processes from its rendered files inside private network and mount namespaces (unshare -n -m), on a
# private copy of /etc; VMs and "the internet" are network namespaces of their own. A VM and a site are
# added by apply; then a change nginx refuses is applied.
#
# Beside this script: setup.sh and steps.sh. $1: a work folder holding tree/ (the node's files as rendered), services.toml, and the plans
# plan1/ (as rendered), plan2/ (a VM with a site added), plan3/ (a second site on it). $2: farmgen.
set -u
W=$1
F=$2
BRIDGE_ADDR=10.10.0.254
DOMAIN=farm
. "$(dirname "$0")/setup.sh"

step="the VM of the plan leases its address and its site proxies"
vm 2 52:54:fb:77:1e:82 10.10.60.2 skaro.xivo.vm.farm
site skaro.dachary.org skaro.xivo.vm.farm
ok

named_pid=$(cat "$W/run/named.pid")
nginx_pid=$(cat /run/nginx.pid)
dhcpd_pid=$(cat /run/dhcpd.pid)
rules=$(iptables-save | grep -v '^[#:]' | md5sum)

step="farmgen apply adds a VM and a site"
"$F" apply --plan "$W/plan2/seed-farm.toml" --node host01 --yes --services "$W/services.toml" --timings >"$W/log/apply1" 2>&1 ||
	fail "$W/log/apply1"
cat "$W/log/apply1"
ok

step="the new VM leases its address and named answers its name at the bridge address"
vm 3 52:54:00:00:00:03 10.10.60.3 web.new.vm.farm
a=$(dig @10.10.0.254 +time=1 +tries=2 +short web.new.vm.farm A)
[ "$a" = 10.10.60.3 ] || { echo "web.new.vm.farm A: '$a'" >"$W/log/dig"; fail "$W/log/dig" "$W/log/named"; }
ptr=$(dig @10.10.0.254 +time=1 +tries=2 +short -x 10.10.60.3)
[ "$ptr" = web.new.vm.farm. ] || { echo "-x 10.10.60.3: '$ptr'" >"$W/log/dig"; fail "$W/log/dig" "$W/log/named"; }
ok

step="the new site proxies to the new VM, the old one still to its VM"
site web.example.org web.new.vm.farm
site skaro.dachary.org skaro.xivo.vm.farm
ok

step="named and nginx kept their pid (reloaded in place), dhcpd was restarted, Shorewall was not reloaded"
[ "$(cat "$W/run/named.pid")" = "$named_pid" ] && kill -0 "$named_pid" || fail
[ "$(cat /run/nginx.pid)" = "$nginx_pid" ] || fail
[ "$(cat /run/dhcpd.pid)" != "$dhcpd_pid" ] || fail
grep -q "reload shorewall" "$W/log/apply1" && fail "$W/log/apply1"
[ "$(iptables-save | grep -v '^[#:]' | md5sum)" = "$rules" ] || fail
echo "pids: named $named_pid, nginx $nginx_pid kept; dhcpd $dhcpd_pid -> $(cat /run/dhcpd.pid)"
ok

step="the change is committed in /etc's history, naming the plan"
git -C /etc log -1 --format=%s >"$W/log/git-log" 2>&1
grep -q "^farmgen apply seed-farm.toml on host01" "$W/log/git-log" || fail "$W/log/git-log"
[ -z "$(git -C /etc status --porcelain -- bind dhcp nginx .farmgen-manifest)" ] || fail
ok

step="a foreign file in conf.d that breaks nginx: apply refuses, exit 1 with nginx's message"
echo "this_is_not_nginx;" >/etc/nginx/conf.d/broken.conf
before=$(cd /etc && find bind dhcp nginx shorewall network hosts .farmgen-manifest -type f -exec md5sum {} + | sort)
"$F" apply --plan "$W/plan3/seed-farm.toml" --node host01 --yes --services "$W/services.toml" >"$W/log/apply2" 2>&1
status=$?
cat "$W/log/apply2"
[ "$status" = 1 ] || fail "$W/log/apply2"
grep -q "^error: nginx refused the new files:" "$W/log/apply2" || fail "$W/log/apply2"
grep -q 'unknown directive "this_is_not_nginx"' "$W/log/apply2" || fail "$W/log/apply2"
ok

step="the old configuration keeps serving, the files are as before"
after=$(cd /etc && find bind dhcp nginx shorewall network hosts .farmgen-manifest -type f -exec md5sum {} + | sort)
[ "$before" = "$after" ] || fail
[ ! -e /var/lib/farmgen/stage ] || fail
[ "$(cat /run/nginx.pid)" = "$nginx_pid" ] || fail
site web.example.org web.new.vm.farm
got=$(curl -s --max-time 3 -H "Host: www.example.org" http://127.0.0.1/)
[ "$got" != "hello from web.new.vm.farm" ] || fail
ok
echo "apply in a box: every step passed"
