#!/bin/sh
# The farm in a box: a rendered node brought up from its files alone, inside private network and mount
# namespaces (unshare -n -m), with VMs and "the internet" as network namespaces of their own. Every step
# says what it checks; on failure it names the step and prints the logs of the daemons involved.
#
# $1: a work folder holding steps.sh (the steps' helpers), dhclient-script (what a VM's dhclient runs), tree/
# (the node's rendered files, as under /) and spec:
#   var NAME VALUE                      UPLINK UPLINK_ADDR UPLINK_CIDR GATEWAY_CIDR BRIDGE BRIDGE_ADDR NODE_ADDR
#                                       NS DOMAIN LOCAL_ADDR BLACKHOLE PUBLIC
#   vm INDEX FQDN MAC ADDRESS NETWORK
#   serve INDEX PORT                    a web server in VM INDEX on PORT
#   site SERVER_NAME INDEX              nginx proxies SERVER_NAME to VM INDEX
#   fwd PUBLIC_PORT INDEX               the public port reaches VM INDEX (tcp)
set -u
W=$1
step="setting up"
pids=""
vms=""

cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for f in "$W"/run/dhclient-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
	wait 2>/dev/null
	for n in $vms inet; do ip netns del "$n" 2>/dev/null; done
}
trap cleanup EXIT

. "$W/steps.sh"

while read -r kind a b; do
	[ "$kind" = var ] && eval "$a=\$b"
done <"$W/spec"

mkdir -p "$W/run" "$W/log" "$W/empty/dhcp" "$W/empty/shorewall" "$W/empty/if" "$W/cache" "$W/www" "$W/nginx-log"
KEA=
[ -f "$W/tree/etc/kea/kea-dhcp4.conf" ] && KEA=$W/tree/etc/kea/kea-dhcp4.conf
if [ -n "$KEA" ]; then
	# Kea keeps its leases in /var/lib/kea, which a machine without the package's folders lacks: /var/lib
	# becomes an overlay whose writes land in a tmpfs of this namespace, before the bind mounts below it.
	mkdir -p "$W/var-lib" || fail
	mount -t tmpfs tmpfs "$W/var-lib" || fail
	mkdir -p "$W/var-lib/up" "$W/var-lib/work" || fail
	mount -t overlay overlay -o "lowerdir=/var/lib,upperdir=$W/var-lib/up,workdir=$W/var-lib/work" /var/lib || fail
	mkdir -p /var/lib/kea || fail
	mount -t tmpfs tmpfs /var/lib/kea || fail
fi
mount -t tmpfs tmpfs /run || fail
mkdir -p /run/netns /run/named /run/network
mount --bind "$W/empty/dhcp" /var/lib/dhcp || fail
mount --bind "$W/empty/shorewall" /var/lib/shorewall || fail
# if-pre-up.d stays: bridge-utils creates bridges there.
for d in if-up.d if-down.d; do
	[ -d "/etc/network/$d" ] && { mount --bind "$W/empty/if" "/etc/network/$d" || fail; }
done
mount --bind "$W/tree/etc/hosts" /etc/hosts || fail
echo "nameserver 127.0.0.1" >"$W/resolv.conf"
mount --bind "$W/resolv.conf" /etc/resolv.conf || fail
mount --bind "$W/tree/etc/network/interfaces" /etc/network/interfaces || fail

step="the internet: a namespace on the far end of the uplink, holding the gateway's address"
ip netns add inet || fail
ip link add "$UPLINK" type veth peer name up0 || fail
ip link set up0 netns inet || fail
ip netns exec inet ip link set lo up
ip netns exec inet ip addr add "$GATEWAY_CIDR" dev up0 || fail
ip netns exec inet ip link set up0 up || fail
ok

step="ifup -a brings up lo, the uplink, the bridge and the lo alias from the rendered interfaces"
ifup -a >"$W/log/ifup" 2>&1 || fail "$W/log/ifup"
ip netns exec inet ip route add "$PUBLIC/32" via "$UPLINK_ADDR" || fail
ok

step="the interfaces, addresses and routes exist"
ip -4 -o addr show dev "$UPLINK" >"$W/log/addr" 2>&1
ip -4 -o addr show >>"$W/log/addr" 2>&1
ip -4 route show table all >"$W/log/routes" 2>&1
grep -q "inet $UPLINK_CIDR " "$W/log/addr" || fail "$W/log/addr"
grep -q "inet $NODE_ADDR/32 " "$W/log/addr" || fail "$W/log/addr"
grep -q "inet $PUBLIC/32 " "$W/log/addr" || fail "$W/log/addr"
grep -q "$BRIDGE .*inet $BRIDGE_ADDR/32 " "$W/log/addr" || fail "$W/log/addr"
grep -q "inet $LOCAL_ADDR/32 " "$W/log/addr" || fail "$W/log/addr"
grep -q "^blackhole $BLACKHOLE" "$W/log/routes" || fail "$W/log/routes"
grep -q "^default via ${GATEWAY_CIDR%/*} dev $UPLINK" "$W/log/routes" || fail "$W/log/routes"
while read -r kind index fqdn mac address network; do
	[ "$kind" = vm ] || continue
	grep -q "^$network dev $BRIDGE" "$W/log/routes" || fail "$W/log/routes"
done <"$W/spec"
ok

step="named starts with the rendered named.conf.options, named.conf.local and zones"
cp -a /etc/bind "$W/bind"
cp "$W"/tree/etc/bind/* "$W/bind/"
mount --bind "$W/bind" /etc/bind || fail
mount --bind "$W/cache" /var/cache/bind || fail
named -4 -f -c /etc/bind/named.conf >"$W/log/named" 2>&1 &
pids="$pids $!"
wait_for dig @"$NS" +time=1 +tries=1 "$DOMAIN" SOA +short || fail "$W/log/named"
ok

step="named answers every VM's A and PTR on the name server's address"
while read -r kind index fqdn mac address network; do
	[ "$kind" = vm ] || continue
	a=$(dig @"$NS" +time=2 +tries=2 +short "$fqdn" A)
	[ "$a" = "$address" ] || { echo "$fqdn A: got '$a', want $address" >"$W/log/dig"; fail "$W/log/dig" "$W/log/named"; }
	ptr=$(dig @"$NS" +time=2 +tries=2 +short -x "$address")
	[ "$ptr" = "$fqdn." ] || { echo "-x $address: got '$ptr', want $fqdn." >"$W/log/dig"; fail "$W/log/dig" "$W/log/named"; }
done <"$W/spec"
ok

if [ -n "$KEA" ]; then
	step="kea-dhcp4 starts on the bridge with the rendered kea-dhcp4.conf (leases, socket and lock on tmpfs)"
	DHCP=kea
	mkdir -p /run/kea /run/lock/kea || fail
	KEA_PIDFILE_DIR=/run/kea KEA_LOCKFILE_DIR=/run/lock/kea kea-dhcp4 -c "$KEA" >"$W/log/dhcp" 2>&1 &
	pids="$pids $!"
	wait_for grep -q DHCP4_STARTED "$W/log/dhcp" || fail "$W/log/dhcp"
	ok
else
	step="dhcpd starts on the bridge with the rendered dhcpd.conf and defaults"
	DHCP=dhcpd
	. "$W/tree/etc/default/isc-dhcp-server"
	[ "$INTERFACESv4" = "$BRIDGE" ] || { echo "INTERFACESv4=$INTERFACESv4" >"$W/log/defaults"; fail "$W/log/defaults"; }
	touch /var/lib/dhcp/dhcpd.leases
	dhcpd -4 -f -cf "$W/tree/etc/dhcp/dhcpd.conf" -lf /var/lib/dhcp/dhcpd.leases -pf /run/dhcpd.pid $INTERFACESv4 >"$W/log/dhcp" 2>&1 &
	pids="$pids $!"
	wait_for grep -q "^Sending on .*$BRIDGE" "$W/log/dhcp" || fail "$W/log/dhcp"
	ok
fi

step="every VM is plugged into the bridge by a veth with its MAC"
while read -r kind index fqdn mac address network; do
	[ "$kind" = vm ] || continue
	ns=vm$index
	vms="$vms $ns"
	ip netns add "$ns" || fail
	ip link add "h$index" type veth peer name "g$index" || fail
	ip link set "g$index" netns "$ns" || fail
	ip netns exec "$ns" ip link set "g$index" name eth0 || fail
	ip netns exec "$ns" ip link set eth0 address "$mac" || fail
	ip netns exec "$ns" ip link set eth0 up || fail
	ip netns exec "$ns" ip link set lo up
	ip link set "h$index" master "$BRIDGE" || fail
	ip link set "h$index" up || fail
done <"$W/spec"
ok

step="every VM gets its planned address, mask, router, DNS server and domain from $DHCP, all leasing at once"
for ns in $vms; do
	index=${ns#vm}
	ip netns exec "$ns" dhclient -4 -1 -sf "$W/dhclient-script" -lf "$W/run/dhclient-$index.leases" -pf "$W/run/dhclient-$index.pid" eth0 \
		>"$W/log/dhclient-$index" 2>&1 &
done
wait_leases() {
	while read -r kind index fqdn mac address network; do
		[ "$kind" = vm ] || continue
		[ -s "$W/run/lease-$address" ] || return 1
	done <"$W/spec"
}
wait_for wait_leases || fail "$W/log/dhcp" "$W"/log/dhclient-*
while read -r kind index fqdn mac address network; do
	[ "$kind" = vm ] || continue
	want="$mac $address 255.255.255.255 $BRIDGE_ADDR $NS $DOMAIN"
	got=$(cat "$W/run/lease-$address")
	[ "$got" = "$want" ] || { echo "$fqdn: got '$got', want '$want'" >"$W/log/lease"; fail "$W/log/lease" "$W/log/dhcp"; }
	echo "lease: $fqdn $got"
done <"$W/spec"
ok

step="web servers in the VMs answer on their ports"
while read -r kind index port rest; do
	[ "$kind" = serve ] || continue
	fqdn=$(awk -v i="$index" '$1 == "vm" && $2 == i { print $3 }' "$W/spec")
	address=$(awk -v i="$index" '$1 == "vm" && $2 == i { print $5 }' "$W/spec")
	mkdir -p "$W/www/$index"
	echo "hello from $fqdn" >"$W/www/$index/index.html"
	ip netns exec "vm$index" python3 -m http.server "$port" --bind "$address" --directory "$W/www/$index" >"$W/log/web-$index-$port" 2>&1 &
	pids="$pids $!"
	wait_for ip netns exec "vm$index" curl -s --max-time 1 "http://$address:$port/" || fail "$W/log/web-$index-$port"
done <"$W/spec"
ok

step="nginx starts with the rendered conf.d and sites-enabled"
mount --bind "$W/tree/etc/nginx/conf.d" /etc/nginx/conf.d || fail
mount --bind "$W/tree/etc/nginx/sites-available" /etc/nginx/sites-available || fail
mount --bind "$W/tree/etc/nginx/sites-enabled" /etc/nginx/sites-enabled || fail
mount --bind "$W/nginx-log" /var/log/nginx || fail
nginx -g 'daemon off;' >"$W/log/nginx" 2>&1 &
pids="$pids $!"
wait_for curl -s --max-time 1 -o /dev/null http://127.0.0.1/ || fail "$W/log/nginx" "$W/nginx-log/error.log"
ok

step="nginx proxies every planned server name to its VM"
while read -r kind name index; do
	[ "$kind" = site ] || continue
	fqdn=$(awk -v i="$index" '$1 == "vm" && $2 == i { print $3 }' "$W/spec")
	got=$(curl -s --max-time 3 -H "Host: $name" http://127.0.0.1/)
	[ "$got" = "hello from $fqdn" ] || { echo "$name: got '$got'" >"$W/log/curl"; fail "$W/log/curl" "$W/log/nginx" "$W/nginx-log/error.log"; }
done <"$W/spec"
ok

step="Shorewall starts from the rendered folder on /etc/shorewall"
mount --bind "$W/tree/etc/shorewall" /etc/shorewall || fail
shorewall start >"$W/log/shorewall" 2>&1 || fail "$W/log/shorewall"
ok

step="from the internet, each forwarded public port reaches its VM"
while read -r kind port index; do
	[ "$kind" = fwd ] || continue
	fqdn=$(awk -v i="$index" '$1 == "vm" && $2 == i { print $3 }' "$W/spec")
	got=$(ip netns exec inet curl -s --max-time 3 "http://$PUBLIC:$port/")
	[ "$got" = "hello from $fqdn" ] || { echo "$PUBLIC:$port: got '$got'" >"$W/log/curl"; fail "$W/log/curl" "$W/log/shorewall"; }
done <"$W/spec"
ok

step="from the internet, port 80 reaches every site's VM through nginx"
while read -r kind name index; do
	[ "$kind" = site ] || continue
	fqdn=$(awk -v i="$index" '$1 == "vm" && $2 == i { print $3 }' "$W/spec")
	got=$(ip netns exec inet curl -s --max-time 3 -H "Host: $name" "http://$PUBLIC/")
	[ "$got" = "hello from $fqdn" ] || { echo "$name: got '$got'" >"$W/log/curl"; fail "$W/log/curl" "$W/log/nginx"; }
done <"$W/spec"
ok

step="from the internet, another port is dropped"
# A server that answers with the client's address. (http.server's own looks its address up in DNS when it
# starts, which stalls where no resolver answers.)
cat >"$W/echo.py" <<'PY'
import http.server, socketserver, sys
class Echo(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = self.client_address[0].encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
class Server(http.server.HTTPServer):
    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "box", self.server_address[1]
Server((sys.argv[1], int(sys.argv[2])), Echo).serve_forever()
PY
python3 "$W/echo.py" 0.0.0.0 8080 >"$W/log/web-8080" 2>&1 &
pids="$pids $!"
wait_for curl -s --max-time 1 -o /dev/null http://127.0.0.1:8080/ || fail "$W/log/web-8080"
ip netns exec inet curl -s --max-time 2 -o /dev/null "http://$PUBLIC:8080/"
status=$?
[ "$status" -eq 28 ] || { echo "curl exited $status; 28 (timed out) is a drop" >"$W/log/curl"; fail "$W/log/curl"; }
ok

step="every VM reaches the internet, masqueraded behind the uplink address"
ip netns exec inet python3 "$W/echo.py" "${GATEWAY_CIDR%/*}" 8000 >"$W/log/echo" 2>&1 &
pids="$pids $!"
wait_for ip netns exec inet curl -s --max-time 1 "http://${GATEWAY_CIDR%/*}:8000/" || fail "$W/log/echo"
for ns in $vms; do
	got=$(ip netns exec "$ns" curl -s --max-time 3 "http://${GATEWAY_CIDR%/*}:8000/")
	[ "$got" = "$UPLINK_ADDR" ] || { echo "$ns seen as '$got'" >"$W/log/curl"; fail "$W/log/curl" "$W/log/shorewall"; }
done
ok
echo "farm in a box: every step passed"
