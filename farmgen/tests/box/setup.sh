# The farm in a box for `farmgen apply`, sourced: the node's daemons (named, dhcpd, nginx,
# Shorewall, and with IPv6 Shorewall6 and radvd) started as plain processes from its rendered files, inside private network and mount
# namespaces (unshare -n -m), on a private copy of /etc kept in git; "the internet" and the VMs are network
# namespaces of their own. Everything is stopped by its PID and every namespace deleted on exit.
#
# Needs: steps.sh beside the sourcing script; W, a work folder holding tree/ (the node's files as rendered: uplink eth0, gateway 203.0.113.1,
# bridge br0); BRIDGE_ADDR, the bridge's address; DOMAIN, the farm's domain; for a node with `prefix6`,
# PREFIX6 (the /64), BRIDGE6 (its ::1), UPLINK6 (the uplink's IPv6 address), GATEWAY6 (link-local) and
# INET6 (an address of the internet's in the uplink's /64); empty without. For a node of several, LINK
# (the interconnect) and PRIMARY_CIDR: the namespace `primary`, the first node, holds PRIMARY_CIDR on the
# far end of LINK; unset without.
# Defines: vm INDEX MAC ADDRESS FQDN, a VM leasing its address and serving "hello from FQDN"; site NAME
# FQDN, nginx proxying NAME to the VM FQDN; slaac INDEX FQDN, VM INDEX has by SLAAC the address of FQDN's
# AAAA, and named answers its PTR over IPv6.
step="setting up"
pids=""
vms=""

cleanup() {
	for f in /run/dhcpd.pid /run/nginx.pid /run/radvd.pid "$W"/run/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	for n in $vms inet primary; do ip netns del "$n" 2>/dev/null; done
}
trap cleanup EXIT

. "$(dirname "$0")/steps.sh"
mkdir -p "$W/run" "$W/log" "$W/cache" "$W/nginx-log" "$W/www"

step="a private /etc (the machine's, with the node's rendered files, in git), /run and /var/lib"
mount -t tmpfs tmpfs /run || fail
mkdir -p /run/netns /run/named /run/network
chown bind:bind /run/named "$W/cache"
mount -t tmpfs tmpfs /var/lib || fail
mkdir -p /var/lib/dhcp /var/lib/shorewall /var/lib/shorewall6 /var/lib/nginx
touch /var/lib/dhcp/dhcpd.leases
mount --bind "$W/cache" /var/cache/bind || fail
mount --bind "$W/nginx-log" /var/log/nginx || fail
cp -a /etc "$W/etc" 2>"$W/log/cp"
cp -a "$W/tree/etc/." "$W/etc/" || fail
rm -rf "$W"/etc/network/interfaces.d/* "$W"/etc/network/if-up.d/* "$W"/etc/network/if-down.d/* "$W/etc/resolv.conf"
echo "nameserver 127.0.0.1" >"$W/etc/resolv.conf"
rm -rf "$W/etc/.git"
git -C "$W/etc" init -q >"$W/log/git" 2>&1 || fail "$W/log/git"
git -C "$W/etc" add -A >>"$W/log/git" 2>&1 || fail "$W/log/git"
git -C "$W/etc" -c user.name=box -c user.email=box@localhost commit -qm "the node as rendered" >>"$W/log/git" 2>&1 || fail "$W/log/git"
mount --bind "$W/etc" /etc || fail
ok

step="the uplink, the bridge and the routes from the rendered interfaces (ifup -a)"
ip netns add inet || fail
# No duplicate address detection for the node's own interfaces, made here (ifup would wait for it).
[ -z "$PREFIX6" ] || sysctl -qw net.ipv6.conf.default.accept_dad=0 || fail
ip link add eth0 type veth peer name up0 || fail
ip link set up0 netns inet || fail
ip netns exec inet ip link set lo up
ip netns exec inet ip addr add 203.0.113.1/24 dev up0 || fail
if [ -n "$PREFIX6" ]; then
	ip netns exec inet ip -6 addr add "$GATEWAY6/64" dev up0 nodad || fail
	ip netns exec inet ip -6 addr add "$INET6/64" dev up0 nodad || fail
fi
ip netns exec inet ip link set up0 up || fail
if [ -n "${LINK:-}" ]; then
	ip netns add primary || fail
	ip link add "$LINK" type veth peer name int0 || fail
	ip link set int0 netns primary || fail
	ip -n primary link set lo up
	ip -n primary addr add "$PRIMARY_CIDR" dev int0 || fail
	ip -n primary link set int0 up || fail
fi
ifup -a >"$W/log/ifup" 2>&1 || fail "$W/log/ifup"
[ -z "$PREFIX6" ] || ip netns exec inet ip -6 route add "$PREFIX6" via "$UPLINK6" || fail
ok

# named as its package runs it (as bind, which reads the rndc key).
step="named, dhcpd, nginx and Shorewall start from the rendered files"
family=-4
[ -z "$PREFIX6" ] || family=
named $family -f -u bind -c /etc/bind/named.conf >"$W/log/named" 2>&1 &
echo $! >"$W/run/named.pid"
wait_for dig @"$BRIDGE_ADDR" +time=1 +tries=1 "$DOMAIN" SOA +short || fail "$W/log/named"
dhcpd -4 -q -cf /etc/dhcp/dhcpd.conf -lf /var/lib/dhcp/dhcpd.leases -pf /run/dhcpd.pid br0 >"$W/log/dhcpd" 2>&1 || fail "$W/log/dhcpd"
nginx >"$W/log/nginx" 2>&1 || fail "$W/log/nginx"
wait_for curl -s --max-time 1 -o /dev/null http://127.0.0.1/ || fail "$W/log/nginx" "$W/nginx-log/error.log"
shorewall start >"$W/log/shorewall" 2>&1 || fail "$W/log/shorewall"
ok

if [ -n "$PREFIX6" ]; then
	step="Shorewall6 and radvd start from the rendered files (IPv6 forwarding on)"
	shorewall6 start >"$W/log/shorewall6" 2>&1 || fail "$W/log/shorewall6"
	[ "$(cat /proc/sys/net/ipv6/conf/all/forwarding)" = 1 ] || fail "$W/log/shorewall6"
	# As services.toml restarts it.
	radvd -C /etc/radvd.conf -p /run/radvd.pid -m logfile -l /run/radvd.log >/dev/null 2>&1 || fail /run/radvd.log
	wait_for test -s /run/radvd.pid || fail /run/radvd.log
	ok
fi

cat >"$W/dhclient-script" <<'SCRIPT'
#!/bin/sh
case "$reason" in
BOUND | RENEW | REBIND | REBOOT)
	ip addr add "$new_ip_address/32" dev "$interface"
	ip route add "$new_routers" dev "$interface"
	ip route add default via "$new_routers"
	echo "$new_ip_address" >"$(dirname "$0")/run/lease-$new_ip_address"
	;;
esac
exit 0
SCRIPT
chmod +x "$W/dhclient-script"

# vm INDEX MAC ADDRESS FQDN: a VM plugged into the bridge, leasing its address, serving "hello from FQDN".
vm() {
	ns=vm$1
	plug_vm "$1" "$2" br0
	ip netns exec "$ns" dhclient -4 -1 -sf "$W/dhclient-script" -lf "$W/run/dhclient-$1.leases" -pf "$W/run/dhclient-$1.pid" eth0 \
		>"$W/log/dhclient-$1" 2>&1 || fail "$W/log/dhclient-$1" "$W/log/dhcpd"
	[ -s "$W/run/lease-$3" ] || fail "$W/log/dhclient-$1"
	mkdir -p "$W/www/$1"
	echo "hello from $4" >"$W/www/$1/index.html"
	ip netns exec "$ns" python3 -m http.server 80 --bind "$3" --directory "$W/www/$1" >"$W/log/web-$1" 2>&1 &
	pids="$pids $!"
	wait_for ip netns exec "$ns" curl -s --max-time 1 "http://$3/" || fail "$W/log/web-$1"
}

# site NAME FQDN: nginx proxies NAME to the VM FQDN.
site() {
	got=$(curl -s --max-time 3 -H "Host: $1" http://127.0.0.1/)
	[ "$got" = "hello from $2" ] || { echo "$1: got '$got'" >"$W/log/curl"; fail "$W/log/curl" "$W/nginx-log/error.log"; }
}

# slaac INDEX FQDN: VM INDEX gives itself by SLAAC (radvd's prefix, its MAC's EUI-64) the address named
# answers for FQDN's AAAA, its default route is the node's link-local address, and named answers its PTR;
# named is asked at the bridge's IPv6 address, by the node, then (the PTR) by the VM over its address.
slaac() {
	aaaa=$(dig @"$BRIDGE6" +time=1 +tries=2 +short "$2" AAAA)
	[ -n "$aaaa" ] || { echo "$2 AAAA: none" >"$W/log/dig"; fail "$W/log/dig" "$W/log/named"; }
	wait_for sh -c "ip netns exec vm$1 ip -6 -o addr show dev eth0 scope global -tentative | grep -q ' $aaaa/64 '" ||
		{ ip netns exec "vm$1" ip -6 addr >"$W/log/vm6" 2>&1; fail "$W/log/vm6" /run/radvd.log; }
	wait_for sh -c "ip netns exec vm$1 ip -6 route show default | grep -q 'via fe80::'" ||
		{ ip netns exec "vm$1" ip -6 route >"$W/log/vm6" 2>&1; fail "$W/log/vm6" /run/radvd.log; }
	ptr=$(ip netns exec "vm$1" dig @"$BRIDGE6" +time=1 +tries=2 +short -x "$aaaa")
	[ "$ptr" = "$2." ] || { echo "-x $aaaa: '$ptr'" >"$W/log/dig"; fail "$W/log/dig" "$W/log/named"; }
	echo "slaac: vm$1 $aaaa"
}
