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
#   tls SERVER_NAME INDEX               the site (also a `site` line) is served over HTTPS once the tree's
#                                       issue script (etc/nginx/farm-tls/issue) got its certificate from
#                                       pebble, run on the internet's side at the gateway's address (the
#                                       plan's ACME server); with `var WEBROOT` (the challenges' folder)
# and for a node with an IPv6 prefix (the IPv6 steps run when PREFIX6 is set):
#   var NAME VALUE                      PREFIX6 BRIDGE6 UPLINK6_CIDR GATEWAY6 INET6_CIDR
#   vm6 INDEX ADDRESS6                  the address SLAAC gives VM INDEX, as the zone has it
#   fwd6 PORT INDEX                     the VM's own port, opened on its IPv6 address (tcp)
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
. "$W/pebble.sh"

PREFIX6=
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
# The rendered hosts, and each HTTPS site's name at the public address (its DNS, on the internet).
cp "$W/tree/etc/hosts" "$W/hosts" || fail
awk -v public="$PUBLIC" '$1 == "tls" { print public " " $2 }' "$W/spec" >>"$W/hosts"
mount --bind "$W/hosts" /etc/hosts || fail
echo "nameserver 127.0.0.1" >"$W/resolv.conf"
mount --bind "$W/resolv.conf" /etc/resolv.conf || fail
mount --bind "$W/tree/etc/network/interfaces" /etc/network/interfaces || fail

step="the internet: a namespace on the far end of the uplink, holding the gateway's address"
ip netns add inet || fail
ip link add "$UPLINK" type veth peer name up0 || fail
ip link set up0 netns inet || fail
ip netns exec inet ip link set lo up
ip netns exec inet ip addr add "$GATEWAY_CIDR" dev up0 || fail
if [ -n "$PREFIX6" ]; then
	ip netns exec inet ip -6 addr add "$GATEWAY6/64" dev up0 nodad || fail
	ip netns exec inet ip -6 addr add "$INET6_CIDR" dev up0 nodad || fail
fi
ip netns exec inet ip link set up0 up || fail
ok

step="ifup -a brings up lo, the uplink, the bridge and the lo alias from the rendered interfaces"
ifup -a >"$W/log/ifup" 2>&1 || fail "$W/log/ifup"
ip netns exec inet ip route add "$PUBLIC/32" via "$UPLINK_ADDR" || fail
[ -z "$PREFIX6" ] || ip netns exec inet ip -6 route add "$PREFIX6" via "${UPLINK6_CIDR%/*}" || fail
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
family=-4
[ -z "$PREFIX6" ] || family=
named $family -f -c /etc/bind/named.conf >"$W/log/named" 2>&1 &
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
	plug_vm "$index" "$mac" "$BRIDGE"
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
	fqdn=$(field vm "$index" 3)
	address=$(field vm "$index" 5)
	mkdir -p "$W/www/$index"
	echo "hello from $fqdn" >"$W/www/$index/index.html"
	ip netns exec "vm$index" python3 -m http.server "$port" --bind "$address" --directory "$W/www/$index" >"$W/log/web-$index-$port" 2>&1 &
	pids="$pids $!"
	wait_for ip netns exec "vm$index" curl -s --max-time 1 "http://$address:$port/" || fail "$W/log/web-$index-$port"
done <"$W/spec"
ok

step="nginx starts with the rendered conf.d, sites-enabled and farm-tls on Debian's nginx.conf"
# A copy of the machine's /etc/nginx whose rendered folders are the tree's (farm-tls/enabled/ is written
# by the deploy hook), a tmpfs for the challenges' webroot.
cp -a /etc/nginx "$W/etc-nginx" || fail
rm -rf "$W/etc-nginx/conf.d" "$W/etc-nginx/sites-available" "$W/etc-nginx/sites-enabled" "$W/etc-nginx/farm-tls"
cp -R "$W/tree/etc/nginx/." "$W/etc-nginx/" || fail
mount --bind "$W/etc-nginx" /etc/nginx || fail
mount --bind "$W/nginx-log" /var/log/nginx || fail
mount -t tmpfs tmpfs /var/www || fail
nginx -t >"$W/log/nginx-t" 2>&1 || fail "$W/log/nginx-t"
! grep -q '\[warn\]' "$W/log/nginx-t" || fail "$W/log/nginx-t"
nginx -g 'daemon off;' >"$W/log/nginx" 2>&1 &
pids="$pids $!"
wait_for curl -s --max-time 1 -o /dev/null http://127.0.0.1/ || fail "$W/log/nginx" "$W/nginx-log/error.log"
ok

step="nginx proxies every planned server name to its VM"
while read -r kind name index; do
	[ "$kind" = site ] || continue
	fqdn=$(field vm "$index" 3)
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
	fqdn=$(field vm "$index" 3)
	got=$(ip netns exec inet curl -s --max-time 3 "http://$PUBLIC:$port/")
	[ "$got" = "hello from $fqdn" ] || { echo "$PUBLIC:$port: got '$got'" >"$W/log/curl"; fail "$W/log/curl" "$W/log/shorewall"; }
done <"$W/spec"
ok

step="from the internet, port 80 reaches every site's VM through nginx"
while read -r kind name index; do
	[ "$kind" = site ] || continue
	fqdn=$(field vm "$index" 3)
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

if grep -q '^tls ' "$W/spec"; then
	GATEWAY=${GATEWAY_CIDR%/*}
	step="pebble, the ACME server, starts on the internet at $GATEWAY"
	start_pebble "$W/pebble" "$GATEWAY" "$W/log/pebble" ip netns exec inet
	ok

	step="the rendered issue script gets every HTTPS site's certificate from pebble over HTTP-01, through the firewall, and its hook enables HTTPS"
	# certbot's own folders in tmpfs and the work folder (its config file names the last two).
	mount -t tmpfs tmpfs /etc/letsencrypt || fail
	printf 'work-dir = %s\nlogs-dir = %s\n' "$W/letsencrypt-work" "$W/letsencrypt-log" >/etc/letsencrypt/cli.ini
	REQUESTS_CA_BUNDLE=$W/pebble/cert.pem sh /etc/nginx/farm-tls/issue >"$W/log/issue" 2>&1 ||
		fail "$W/log/issue" "$W/letsencrypt-log/letsencrypt.log" "$W/log/pebble" "$W/nginx-log/error.log"
	ok

	step="nginx -t passes with the certificates and the HTTPS servers enabled"
	nginx -t >"$W/log/nginx-t-after" 2>&1 || fail "$W/log/nginx-t-after"
	! grep -q '\[warn\]' "$W/log/nginx-t-after" || fail "$W/log/nginx-t-after"
	ok

	step="from the internet, https://NAME/ answers its VM's page (pebble's root trusted), http://NAME/ answers 301 to it, the challenge path is still served"
	pebble_root "$W/pebble" "$GATEWAY" "$W/pebble-root.pem" || fail "$W/log/pebble"
	while read -r kind name index; do
		[ "$kind" = tls ] || continue
		fqdn=$(field vm "$index" 3)
		wait_for ip netns exec inet curl -s --max-time 1 --cacert "$W/pebble-root.pem" -o /dev/null "https://$name/" ||
			fail "$W/log/issue" "$W/nginx-log/error.log"
		got=$(ip netns exec inet curl -s --max-time 3 --cacert "$W/pebble-root.pem" "https://$name/")
		[ "$got" = "hello from $fqdn" ] || { echo "https://$name/: got '$got'" >"$W/log/curl"; fail "$W/log/curl" "$W/nginx-log/error.log"; }
		echo "https: $name $got"
		got=$(ip netns exec inet curl -s --max-time 3 -o /dev/null -w '%{http_code} %{redirect_url}' "http://$name/x?y=1")
		[ "$got" = "301 https://$name/x?y=1" ] || { echo "http://$name/x?y=1: got '$got'" >"$W/log/curl"; fail "$W/log/curl"; }
		echo "redirect: $name $got"
		mkdir -p "$WEBROOT/.well-known/acme-challenge" && echo "probe $name" >"$WEBROOT/.well-known/acme-challenge/probe"
		got=$(ip netns exec inet curl -s --max-time 3 "http://$name/.well-known/acme-challenge/probe")
		[ "$got" = "probe $name" ] || { echo "the challenge of $name: got '$got'" >"$W/log/curl"; fail "$W/log/curl"; }
	done <"$W/spec"
	ok

	step="a second run of the issue script keeps every certificate and exits 0"
	ls -l --time-style=+%s%N /etc/letsencrypt/live/*/ /etc/nginx/farm-tls/enabled/ >"$W/before-second" 2>&1
	REQUESTS_CA_BUNDLE=$W/pebble/cert.pem sh /etc/nginx/farm-tls/issue >"$W/log/issue-2" 2>&1 || fail "$W/log/issue-2"
	ls -l --time-style=+%s%N /etc/letsencrypt/live/*/ /etc/nginx/farm-tls/enabled/ >"$W/after-second" 2>&1
	cmp -s "$W/before-second" "$W/after-second" || { diff "$W/before-second" "$W/after-second" >"$W/log/second"; fail "$W/log/second"; }
	ok
fi

if [ -n "$PREFIX6" ]; then
	step="IPv6: the uplink and the bridge have their static addresses, the default route is the link-local gateway"
	ip -6 -o addr show >"$W/log/addr6" 2>&1
	ip -6 route show >"$W/log/routes6" 2>&1
	grep -q "$UPLINK .*inet6 $UPLINK6_CIDR " "$W/log/addr6" || fail "$W/log/addr6" "$W/log/ifup"
	grep -q "$BRIDGE .*inet6 $BRIDGE6/64 " "$W/log/addr6" || fail "$W/log/addr6" "$W/log/ifup"
	grep -q "^default via $GATEWAY6 dev $UPLINK" "$W/log/routes6" || fail "$W/log/routes6"
	ok

	step="Shorewall6 starts from the rendered folder on /etc/shorewall6 (IPv6 forwarding on)"
	mkdir -p "$W/empty/shorewall6"
	mount --bind "$W/empty/shorewall6" /var/lib/shorewall6 || fail
	mount --bind "$W/tree/etc/shorewall6" /etc/shorewall6 || fail
	shorewall6 start >"$W/log/shorewall6" 2>&1 || fail "$W/log/shorewall6"
	[ "$(cat /proc/sys/net/ipv6/conf/all/forwarding)" = 1 ] || fail "$W/log/shorewall6"
	ok

	step="radvd advertises the prefix on the bridge: every VM gets by SLAAC the address its AAAA says"
	radvd -n -C "$W/tree/etc/radvd.conf" -p "$W/run/radvd.pid" -m stderr >"$W/log/radvd" 2>&1 &
	pids="$pids $!"
	# The VMs solicited when their links came up, before radvd ran: they take its first, unsolicited
	# advertisement (their links are not bounced, which would drop their IPv4 routes).
	while read -r kind index address6; do
		[ "$kind" = vm6 ] || continue
		wait_for sh -c "ip netns exec vm$index ip -6 -o addr show dev eth0 scope global -tentative | grep -q ' $address6/64 '" ||
			{ ip netns exec "vm$index" ip -6 addr >"$W/log/vm6" 2>&1; fail "$W/log/vm6" "$W/log/radvd"; }
		wait_for sh -c "ip netns exec vm$index ip -6 route show default | grep -q 'via fe80::'" ||
			{ ip netns exec "vm$index" ip -6 route >"$W/log/vm6" 2>&1; fail "$W/log/vm6" "$W/log/radvd"; }
		echo "slaac: vm$index $address6"
	done <"$W/spec"
	! grep -E 'must be|should be' "$W/log/radvd" || fail "$W/log/radvd"
	ok

	step="named answers every VM's AAAA and its ip6.arpa PTR, to a VM asking the bridge's IPv6 address"
	while read -r kind index address6; do
		[ "$kind" = vm6 ] || continue
		fqdn=$(field vm "$index" 3)
		aaaa=$(ip netns exec "vm$index" dig @"$BRIDGE6" +time=2 +tries=2 +short "$fqdn" AAAA)
		[ "$aaaa" = "$address6" ] || { echo "$fqdn AAAA: got '$aaaa', want $address6" >"$W/log/dig"; fail "$W/log/dig" "$W/log/named"; }
		ptr=$(ip netns exec "vm$index" dig @"$BRIDGE6" +time=2 +tries=2 +short -x "$address6")
		[ "$ptr" = "$fqdn." ] || { echo "-x $address6: got '$ptr', want $fqdn." >"$W/log/dig"; fail "$W/log/dig" "$W/log/named"; }
	done <"$W/spec"
	ok

	step="from the internet over IPv6, port 80 of the uplink reaches every site's VM through nginx"
	while read -r kind name index; do
		[ "$kind" = site ] || continue
		fqdn=$(field vm "$index" 3)
		got=$(ip netns exec inet curl -sS -g --max-time 3 -H "Host: $name" "http://[${UPLINK6_CIDR%/*}]/" 2>"$W/log/curl")
		[ "$got" = "hello from $fqdn" ] || { echo "$name over IPv6: got '$got'" >>"$W/log/curl"; fail "$W/log/curl" "$W/log/nginx" "$W/nginx-log/error.log"; }
	done <"$W/spec"
	ok

	step="from the internet over IPv6, each forward's VM port answers on the VM's own address"
	while read -r kind port index; do
		[ "$kind" = fwd6 ] || continue
		fqdn=$(field vm "$index" 3)
		address6=$(field vm6 "$index" 3)
		ip netns exec "vm$index" python3 -m http.server "$port" --bind "$address6" --directory "$W/www/$index" >"$W/log/web6-$index-$port" 2>&1 &
		pids="$pids $!"
		wait_for ip netns exec "vm$index" curl -s -g --max-time 1 "http://[$address6]:$port/" || fail "$W/log/web6-$index-$port"
		got=$(ip netns exec inet curl -s -g --max-time 3 "http://[$address6]:$port/")
		[ "$got" = "hello from $fqdn" ] || { echo "[$address6]:$port: got '$got'" >"$W/log/curl"; fail "$W/log/curl" "$W/log/shorewall6"; }
	done <"$W/spec"
	ok

	step="from the internet over IPv6, another port of a VM is dropped"
	while read -r kind index address6; do
		[ "$kind" = vm6 ] || continue
		ip netns exec "vm$index" python3 -m http.server 8081 --bind "$address6" --directory "$W/www" >"$W/log/web6-$index-8081" 2>&1 &
		pids="$pids $!"
		wait_for ip netns exec "vm$index" curl -s -g --max-time 1 -o /dev/null "http://[$address6]:8081/" || fail "$W/log/web6-$index-8081"
		ip netns exec inet curl -s -g --max-time 2 -o /dev/null "http://[$address6]:8081/"
		status=$?
		[ "$status" -eq 28 ] || { echo "curl exited $status; 28 (timed out) is a drop" >"$W/log/curl"; fail "$W/log/curl"; }
		break
	done <"$W/spec"
	ok
fi
echo "farm in a box: every step passed"
