#!/bin/sh
# Two nodes in a box: two rendered nodes brought up from their files alone, each in a network namespace with
# a mount namespace of its own (n1, n2), joined by an interconnect veth, their uplinks on "the internet"'s
# bridge, VMs as namespaces on their node's bridge. Then a VM moves to the other node in the plan: the
# changed files of the second render are brought up, and the VM leases there and stays reachable. Every step
# says what it checks; on failure it names the step and prints the logs involved.
#
# $1: a work folder holding steps.sh, dhclient-script, the trees tree1/ tree2/ (first render) and moved1/
# moved2/ (after the move), and spec:
#   var NAME VALUE          UPLINK LINK BRIDGE BRIDGE_ADDR NS DOMAIN GATEWAY_CIDR PUBLIC KEY
#   node N NODE_ADDR UPLINK_CIDR
#   vm INDEX FQDN MAC ADDRESS NODE        (NODE: 1 or 2)
#   serve INDEX PORT                      a web server in VM INDEX
#   site SERVER_NAME INDEX                node 1's nginx proxies SERVER_NAME to VM INDEX
#   fwd PUBLIC_PORT INDEX                 node 1 forwards the public port to VM INDEX
#   move INDEX NODE                       the second render moves VM INDEX to NODE
set -u
W=$1
step="setting up"
vms=""
touch "$W/pids"

cleanup() {
	for p in $(cat "$W/pids"); do kill "$p" 2>/dev/null; done
	for f in "$W"/run/dhclient-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
	wait 2>/dev/null
	for n in $vms n1 n2 inet; do ip netns del "$n" 2>/dev/null; done
}
trap cleanup EXIT

. "$W/steps.sh"

while read -r kind a b; do
	[ "$kind" = var ] && eval "$a=\$b"
done <"$W/spec"

mkdir -p "$W/run" "$W/log" "$W/www"
mount -t tmpfs tmpfs /run || fail
mkdir -p /run/netns
# The VMs' resolver is the name server of their node (http.server looks a name up when it starts).
echo "nameserver 127.0.0.1" >"$W/resolv.conf"
mount --bind "$W/resolv.conf" /etc/resolv.conf || fail

step="the internet, two nodes and their interconnect"
ip netns add inet || fail
ip -n inet link set lo up
ip -n inet link add wan type bridge || fail
ip -n inet addr add "$GATEWAY_CIDR" dev wan || fail
ip -n inet link set wan up || fail
for n in 1 2; do
	ip netns add "n$n" || fail
	ip -n "n$n" link set lo up
	ip link add "$UPLINK" netns "n$n" type veth peer name "up$n" netns inet || fail
	ip -n inet link set "up$n" master wan || fail
	ip -n inet link set "up$n" up || fail
	# The node's own mount namespace lives as long as this holder; its daemons are started inside it.
	ip netns exec "n$n" unshare -m --propagation private sh -c "echo \$\$ >'$W/holder-$n'; exec sleep 600" &
	echo $! >>"$W/pids"
done
ip link add "$LINK" netns n1 type veth peer name "$LINK" netns n2 || fail
wait_for test -s "$W/holder-1" -a -s "$W/holder-2" || fail
# Runs a command on node N, in its network and mount namespaces.
on() {
	n=$1
	shift
	nsenter -t "$(cat "$W/holder-$n")" -n -m -- "$@"
}
ok

step="each node comes up from its rendered files: interfaces, named (the key made once), dhcpd, nginx, Shorewall"
tsig-keygen "$KEY" >"$W/transfer.key" || fail
for n in 1 2; do
	cp -a "$W/tree$n" "$W/live$n" || fail
	on "$n" sh "$W/node-up.sh" "$W" "$n" >"$W/log/up-$n" 2>&1 || fail "$W/log/up-$n" "$W/log/ifup-$n" "$W/log/shorewall-$n"
done
addr1=$(field node 1 3)
ip -n inet route add "$PUBLIC/32" via "$(awk '$1 == "node" && $2 == 1 { sub("/.*", "", $4); print $4 }' "$W/spec")" || fail
ok

step="the second node's named has transferred every zone from the first, signed with the key"
transferred() { grep -q "Transfer completed" "$W/log/named-2" && ! grep -q "refresh: failure\|REFUSED" "$W/log/named-2"; }
wait_for transferred || fail "$W/log/named-2" "$W/log/named-1"
grep -q "TSIG '$KEY'" "$W/log/named-2" || grep -q "TSIG $KEY" "$W/log/named-2" || fail "$W/log/named-2"
ok

step="both nodes' named answer every VM's A and PTR"
for n in 1 2; do
	while read -r kind index fqdn mac address node; do
		[ "$kind" = vm ] || continue
		a=$(on "$n" dig @"$NS" +time=2 +tries=2 +short "$fqdn" A)
		[ "$a" = "$address" ] || { echo "n$n $fqdn A: got '$a', want $address" >"$W/log/dig"; fail "$W/log/dig" "$W/log/named-$n"; }
		ptr=$(on "$n" dig @"$NS" +time=2 +tries=2 +short -x "$address")
		[ "$ptr" = "$fqdn." ] || { echo "n$n -x $address: got '$ptr'" >"$W/log/dig"; fail "$W/log/dig" "$W/log/named-$n"; }
	done <"$W/spec"
done
ok

# Plugs VM INDEX into node N's bridge (a new veth) and has it lease; waits for the lease.
plug() {
	index=$1 n=$2
	exec 3>>"$W/log/plug-$index"
	mac=$(field vm "$index" 4)
	address=$(field vm "$index" 5)
	ip link add "h$index" netns "n$n" type veth peer name eth0 netns "vm$index" 2>&3 || return 1
	ip -n "vm$index" link set eth0 address "$mac" 2>&3 || return 1
	ip -n "vm$index" link set eth0 up 2>&3 || return 1
	# A high MAC on the node's end: a bridge takes its ports' lowest MAC, and a VM plugged later must not
	# change the bridge's (the other VMs' gateway) under their ARP caches.
	ip -n "n$n" link set "h$index" address "$(printf 'fe:ff:ff:ff:ff:%02x' "$index")" 2>&3 || return 1
	ip -n "n$n" link set "h$index" master "$BRIDGE" 2>&3 || return 1
	ip -n "n$n" link set "h$index" up 2>&3 || return 1
	rm -f "$W/run/lease-$address"
	ip netns exec "vm$index" dhclient -4 -1 -sf "$W/dhclient-script" -lf "$W/run/dhclient-$index.leases" \
		-pf "$W/run/dhclient-$index.pid" eth0 >"$W/log/dhclient-$index" 2>&1
	wait_for test -s "$W/run/lease-$address"
}

step="every VM leases its planned address from its own node's dhcpd"
while read -r kind index fqdn mac address node; do
	[ "$kind" = vm ] || continue
	vms="$vms vm$index"
	ip netns add "vm$index" || fail
	ip -n "vm$index" link set lo up
	plug "$index" "$node" || fail "$W/log/dhcpd-$node" "$W/log/plug-$index" "$W/log/dhclient-$index"
	grep -q "DHCPACK on $address to $mac" "$W/log/dhcpd-$node" || fail "$W/log/dhcpd-$node"
	echo "lease: $fqdn on n$node: $(cat "$W/run/lease-$address")"
done <"$W/spec"
ok

step="web servers in the VMs answer"
while read -r kind index port rest; do
	[ "$kind" = serve ] || continue
	fqdn=$(field vm "$index" 3)
	address=$(field vm "$index" 5)
	mkdir -p "$W/www/$index"
	echo "hello from $fqdn" >"$W/www/$index/index.html"
	ip netns exec "vm$index" python3 -m http.server "$port" --bind "$address" --directory "$W/www/$index" >"$W/log/web-$index" 2>&1 &
	echo $! >>"$W/pids"
	wait_for ip netns exec "vm$index" curl -s --max-time 1 "http://$address:$port/" || fail "$W/log/web-$index"
done <"$W/spec"
ok

# Every VM reaches every served VM, across the nodes too.
reach_all() {
	while read -r kind index port rest; do
		[ "$kind" = serve ] || continue
		fqdn=$(field vm "$index" 3)
		address=$(field vm "$index" 5)
		for ns in $vms; do
			got=$(ip netns exec "$ns" curl -s --max-time 3 "http://$address:$port/")
			[ "$got" = "hello from $fqdn" ] || { echo "$ns to $fqdn: got '$got'" >"$W/log/curl"; return 1; }
		done
	done <"$W/spec"
}
# The first node's nginx proxies each site, and its DNAT forwards each public port, wherever the VM lives.
through_the_first_node() {
	while read -r kind name index; do
		[ "$kind" = site ] || continue
		fqdn=$(field vm "$index" 3)
		got=$(on 1 curl -s --max-time 3 -H "Host: $name" http://127.0.0.1/)
		[ "$got" = "hello from $fqdn" ] || { echo "nginx $name: got '$got'" >"$W/log/curl"; return 1; }
		got=$(ip netns exec inet curl -s --max-time 3 -H "Host: $name" "http://$PUBLIC/")
		[ "$got" = "hello from $fqdn" ] || { echo "internet to $name: got '$got'" >"$W/log/curl"; return 1; }
	done <"$W/spec"
	while read -r kind port index; do
		[ "$kind" = fwd ] || continue
		fqdn=$(field vm "$index" 3)
		got=$(ip netns exec inet curl -s --max-time 3 "http://$PUBLIC:$port/")
		[ "$got" = "hello from $fqdn" ] || { echo "internet to $PUBLIC:$port: got '$got'" >"$W/log/curl"; return 1; }
	done <"$W/spec"
}

step="VMs on different nodes reach each other (routes over the interconnect)"
reach_all || fail "$W/log/curl" "$W/log/shorewall-1" "$W/log/shorewall-2"
ok

step="the first node's nginx and DNAT reach the VMs of the second node"
through_the_first_node || {
	on 1 iptables-save >"$W/log/iptables-1" 2>&1
	on 2 iptables-save >"$W/log/iptables-2" 2>&1
	grep -e "int" -e "_dnat" -e "_masq" "$W/log/iptables-1" >"$W/log/int-1"
	on 1 ip -4 route >>"$W/log/int-1" 2>&1
	fail "$W/log/curl" "$W/log/int-1"
}
ok

step="a VM moves to the other node: the changed files brought up, the VM plugged there"
read -r _ index to <<EOF
$(grep '^move ' "$W/spec")
EOF
from=$(field vm "$index" 6)
address=$(field vm "$index" 5)
for n in 1 2; do
	changed=$(cd "$W/moved$n" && find . -type f | while read -r f; do cmp -s "$f" "$W/live$n/$f" || echo "$f"; done)
	echo "n$n changed: $changed"
	for f in $changed; do cat "$W/moved$n/$f" >"$W/live$n/$f" || fail; done
	on "$n" sh "$W/node-reload.sh" "$W" "$n" "$changed" "$LINK" >"$W/log/reload-$n" 2>&1 || fail "$W/log/reload-$n"
done
[ -f "$W/run/dhclient-$index.pid" ] && kill "$(cat "$W/run/dhclient-$index.pid")" 2>/dev/null
ip -n "vm$index" link del eth0 || fail
ip -n "vm$index" addr flush dev lo
plug "$index" "$to" || fail "$W/log/dhcpd-$to" "$W/log/plug-$index" "$W/log/dhclient-$index"
grep -q "DHCPACK on $address" "$W/log/dhcpd-$to" || fail "$W/log/dhcpd-$to"
echo "lease: vm$index on n$to (was n$from): $(cat "$W/run/lease-$address")"
ok

step="after the move every VM still reaches every served VM, and the first node's nginx and DNAT reach them"
reach_all || {
	for n in 1 2; do
		{ on "$n" ip -4 addr; on "$n" ip neigh; on "$n" ip link show; } >>"$W/log/after-$n" 2>&1
	done
	fail "$W/log/curl" "$W/log/reload-1" "$W/log/reload-2" "$W/log/after-1" "$W/log/after-2"
}
through_the_first_node || fail "$W/log/curl"
ok
echo "nodes in a box: every step passed"
