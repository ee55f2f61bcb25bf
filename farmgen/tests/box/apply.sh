#!/bin/sh
# `farmgen apply` in the farm in a box: the node's daemons (named, dhcpd, nginx, Shorewall, Shorewall6,
# radvd) run as plain processes from its rendered files inside private network and mount namespaces
# (unshare -n -m), on a private copy of /etc; VMs and "the internet" are network namespaces of their own.
# The node has IPv4 and IPv6 (`prefix6`). A VM and a site are added by apply; then a change nginx refuses
# is applied; then a forward opening an IPv6 port is applied, and one that Shorewall6 refuses; then the node's
# /64 is renumbered.
#
# Beside this script: setup.sh and steps.sh. $1: a work folder holding tree/ (the node's files as rendered), services.toml, and the plans
# plan1/ (as rendered), plan2/ (a VM with a site added), plan3/ (a second site on it), plan4/ (plan2 and a
# forward of the new VM's port 8022), plan5/ (plan4 and a forward of its port 8023), plan6/ (plan4 with
# prefix6 2001:db8:1:3::/64). $2: farmgen.
set -u
W=$1
F=$2
BRIDGE_ADDR=10.10.0.254
DOMAIN=farm
PREFIX6=2001:db8:1:2::/64
BRIDGE6=2001:db8:1:2::1
UPLINK6=2001:db8::10
GATEWAY6=fe80::1
INET6=2001:db8::1
. "$(dirname "$0")/setup.sh"

step="the VM of the plan leases its address and its site proxies"
vm 2 52:54:fb:77:1e:82 10.10.60.2 skaro.xivo.vm.farm
site skaro.dachary.org skaro.xivo.vm.farm
ok

radvd_pid=$(cat /run/radvd.pid)
rules6=$(ip6tables-save | grep -v '^[#:]' | md5sum)
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

step="IPv6: radvd advertises the prefix; each VM has by SLAAC the address of its AAAA (the new VM's new), named answers their ip6.arpa PTRs"
slaac 2 skaro.xivo.vm.farm
slaac 3 web.new.vm.farm
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

step="radvd and Shorewall6 were not reloaded: their files did not change"
[ "$(cat /run/radvd.pid)" = "$radvd_pid" ] && kill -0 "$radvd_pid" || fail
grep -q "reload radvd\|reload shorewall6" "$W/log/apply1" && fail "$W/log/apply1"
[ "$(ip6tables-save | grep -v '^[#:]' | md5sum)" = "$rules6" ] || fail
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
rm /etc/nginx/conf.d/broken.conf
ok

# from_inet6 PORT: what the new VM's PORT answers from the internet over IPv6 (curl's exit status 28, a
# timeout, is a drop).
new6=$(dig @"$BRIDGE6" +time=1 +tries=2 +short web.new.vm.farm AAAA)
from_inet6() {
	ip netns exec inet curl -s -g --max-time 0.5 "http://[$new6]:$1/"
}

step="IPv6: the new VM serves ports 8022 and 8023 on its address; from the internet both are dropped"
for port in 8022 8023; do
	ip netns exec vm3 python3 -m http.server "$port" --bind "$new6" --directory "$W/www/3" >"$W/log/web6-$port" 2>&1 &
	pids="$pids $!"
	wait_for ip netns exec vm3 curl -s -g --max-time 1 "http://[$new6]:$port/" || fail "$W/log/web6-$port"
	from_inet6 "$port" >/dev/null
	[ $? = 28 ] || fail "$W/log/shorewall6"
done
ok

step="farmgen apply adds a forward of port 8022: Shorewall and Shorewall6 reloaded, radvd, named, dhcpd and nginx not"
dhcpd_pid=$(cat /run/dhcpd.pid)
"$F" apply --plan "$W/plan4/seed-farm.toml" --node host01 --yes --services "$W/services.toml" --timings >"$W/log/apply3" 2>&1 ||
	fail "$W/log/apply3"
cat "$W/log/apply3"
grep -q "^reload shorewall6: shorewall6 reload" "$W/log/apply3" || fail "$W/log/apply3"
grep -q "^reload shorewall: shorewall reload" "$W/log/apply3" || fail "$W/log/apply3"
grep -q "^reload \(radvd\|named\|dhcpd\|nginx\)" "$W/log/apply3" && fail "$W/log/apply3"
[ "$(cat /run/radvd.pid)" = "$radvd_pid" ] || fail
[ "$(cat /run/dhcpd.pid)" = "$dhcpd_pid" ] || fail
[ "$(ip6tables-save | grep -v '^[#:]' | md5sum)" != "$rules6" ] || fail
ok

step="from the internet over IPv6, the forward's port 8022 answers on the VM's own address, 8023 is still dropped"
got=$(from_inet6 8022)
[ "$got" = "hello from web.new.vm.farm" ] || { echo "8022: '$got'" >"$W/log/curl"; fail "$W/log/curl" "$W/log/shorewall6"; }
from_inet6 8023 >/dev/null
[ $? = 28 ] || fail
ok

step="an operator's /etc/shorewall6/mangle with a typo: the forward of 8023 is refused by shorewall6 check as installed, exit 1"
echo "NOT_AN_ACTION  all  all" >/etc/shorewall6/mangle
rules6=$(ip6tables-save | grep -v '^[#:]' | md5sum)
before=$(cd /etc && find bind dhcp nginx shorewall shorewall6 radvd.conf network .farmgen-manifest -type f -exec md5sum {} + | sort)
"$F" apply --plan "$W/plan5/seed-farm.toml" --node host01 --yes --services "$W/services.toml" >"$W/log/apply4" 2>&1
status=$?
cat "$W/log/apply4"
[ "$status" = 1 ] || fail "$W/log/apply4"
grep -q "^error: shorewall6 refused the new files:" "$W/log/apply4" || fail "$W/log/apply4"
grep -q "Invalid ACTION (NOT_AN_ACTION) /etc/shorewall6/mangle" "$W/log/apply4" || fail "$W/log/apply4"
grep -q "nothing was changed" "$W/log/apply4" || fail "$W/log/apply4"
ok

step="the old IPv6 rules keep serving (8022 answers, 8023 dropped), radvd still runs, the files are as before"
after=$(cd /etc && find bind dhcp nginx shorewall shorewall6 radvd.conf network .farmgen-manifest -type f -exec md5sum {} + | sort)
[ "$before" = "$after" ] || fail
[ "$(ip6tables-save | grep -v '^[#:]' | md5sum)" = "$rules6" ] || fail
[ "$(from_inet6 8022)" = "hello from web.new.vm.farm" ] || fail
from_inet6 8023 >/dev/null
[ $? = 28 ] || fail
[ "$(cat /run/radvd.pid)" = "$radvd_pid" ] && kill -0 "$radvd_pid" || fail
rm /etc/shorewall6/mangle
ok

step="farmgen apply renumbers prefix6: br0's IPv6 address changed in place, radvd restarted, Shorewall6 reloaded, named reconfigured"
"$F" apply --plan "$W/plan6/seed-farm.toml" --node host01 --yes --services "$W/services.toml" --timings >"$W/log/apply5" 2>&1 ||
	fail "$W/log/apply5"
cat "$W/log/apply5"
ip -6 -o addr show dev br0 >"$W/log/br0"
grep -q " 2001:db8:1:3::1/64 " "$W/log/br0" || fail "$W/log/br0"
grep -q " 2001:db8:1:2::1/64 " "$W/log/br0" && fail "$W/log/br0"
[ "$(cat /run/radvd.pid)" != "$radvd_pid" ] && kill -0 "$(cat /run/radvd.pid)" || fail "$W/log/apply5"
grep -q "^reload shorewall6: shorewall6 reload" "$W/log/apply5" || fail "$W/log/apply5"
grep -q "^reload named: rndc reconfig" "$W/log/apply5" || fail "$W/log/apply5"
grep -q "^network: ip -6 addr replace 2001:db8:1:3::1/64 dev br0" "$W/log/apply5" || fail "$W/log/apply5"
grep -q "not applied to the running interfaces" "$W/log/apply5" && fail "$W/log/apply5"
ok

step="after the renumbering each VM has by SLAAC its new AAAA, which named answers (and its PTR) on the bridge's new address"
BRIDGE6=2001:db8:1:3::1
slaac 2 skaro.xivo.vm.farm
slaac 3 web.new.vm.farm
ok

step="from the internet, the forward's port 8022 answers on the VM's new address; 8023 is dropped"
ip netns exec inet ip -6 route add 2001:db8:1:3::/64 via "$UPLINK6" || fail
new6=$(dig @"$BRIDGE6" +time=1 +tries=2 +short web.new.vm.farm AAAA)
case "$new6" in 2001:db8:1:3:*) ;; *) echo "AAAA '$new6'" >"$W/log/dig"; fail "$W/log/dig" ;; esac
for port in 8022 8023; do
	ip netns exec vm3 python3 -m http.server "$port" --bind "$new6" --directory "$W/www/3" >"$W/log/web6-new-$port" 2>&1 &
	pids="$pids $!"
	wait_for ip netns exec vm3 curl -s -g --max-time 1 "http://[$new6]:$port/" || fail "$W/log/web6-new-$port"
done
got=$(from_inet6 8022)
[ "$got" = "hello from web.new.vm.farm" ] || { echo "8022: '$got'" >"$W/log/curl"; fail "$W/log/curl" "$W/log/shorewall6"; }
from_inet6 8023 >/dev/null
[ $? = 28 ] || fail
ok
echo "apply in a box: every step passed"
