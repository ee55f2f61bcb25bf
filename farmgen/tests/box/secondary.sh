#!/bin/sh
# `farmgen apply` on a DNS secondary in the farm in a box: the second node of three (`host02`: no zone file,
# named transfers every zone from the first node with the TSIG key) runs its daemons as plain processes from
# its rendered files, as apply.sh's node does; the first node's named (the primary) runs in a namespace of
# its own on the far end of the interconnect, from the first node's rendered files. Apply adds a reverse
# zone and a VM on the first node; then a key that is not the primary's makes apply roll back; then, the
# primary down, apply succeeds and says what it could not compare.
#
# Beside this script: setup.sh and steps.sh. $1: a work folder holding tree/ (host02's files as rendered
# from plan1), primary1/ primary2/ primary3/ (host01's, from each plan), services.toml, and the plans
# plan1/ (three-nodes.toml as rendered), plan2/ (a reverse zone and a VM on host01 added), plan3/ (plan2
# and another reverse zone). $2: farmgen.
set -u
W=$1
F=$2
BRIDGE_ADDR=10.10.0.254
DOMAIN=farm
PREFIX6=
LINK=eth1
PRIMARY=10.10.59.10
PRIMARY_CIDR=$PRIMARY/24
# The farm's transfer key, made once by the operator and copied to every node (never rendered).
mkdir -p "$W/log"
tsig-keygen farm-transfer >"$W/tree/etc/bind/farm-transfer.key" 2>"$W/log/tsig" || { cat "$W/log/tsig"; exit 1; }
. "$(dirname "$0")/setup.sh"

# primary N: the primary's named, from host01's rendered files of planN (and the same key), restarted.
primary() {
	[ -f "$W/run/primary.pid" ] && { kill "$(cat "$W/run/primary.pid")"; wait "$(cat "$W/run/primary.pid")" 2>/dev/null; }
	rm -rf "$W/pbind" && cp -a /etc/bind "$W/pbind" && cp "$W/primary$1"/etc/bind/* "$W/pbind/" || return 1
	mkdir -p "$W/pcache" && chown bind:bind "$W/pcache"
	ip netns exec primary unshare -m sh -c "mount --bind '$W/pbind' /etc/bind && mount --bind '$W/pcache' /var/cache/bind &&
		mount -t tmpfs tmpfs /run && mkdir /run/named && chown bind:bind /run/named && exec named -4 -f -u bind -c /etc/bind/named.conf" \
		>"$W/log/primary" 2>&1 &
	echo $! >"$W/run/primary.pid"
	wait_for sh -c "[ -n \"\$(dig @$PRIMARY +time=1 +tries=1 +short $DOMAIN SOA)\" ]"
}
# serial SERVER ZONE: the zone's serial at SERVER.
serial() { dig @"$1" +time=1 +tries=1 +short "$2" SOA | awk '{ print $3 }'; }
# same ZONE: the secondary serves ZONE with the primary's serial.
same() { [ -n "$(serial "$PRIMARY" "$1")" ] && [ "$(serial "$BRIDGE_ADDR" "$1")" = "$(serial "$PRIMARY" "$1")" ]; }

step="the primary serves the zones; the secondary transfers each (rndc refresh: it started first) with the key"
primary 1 || fail "$W/log/primary"
for zone in farm 10.10.in-addr.arpa; do
	rndc refresh "$zone" >"$W/log/rndc" 2>&1 || fail "$W/log/rndc"
	wait_for same "$zone" || fail "$W/log/named" "$W/log/primary"
done
named_pid=$(cat "$W/run/named.pid")
dhcpd_pid=$(cat /run/dhcpd.pid)
ok

step="farmgen apply on the secondary (the primary at plan2 first): named reconfigured, the new zone transferred, the VM's route over the interconnect"
primary 2 || fail "$W/log/primary"
"$F" apply --plan "$W/plan2/three-nodes.toml" --node host02 --yes --services "$W/services.toml" --timings >"$W/log/apply1" 2>&1 ||
	fail "$W/log/apply1" "$W/log/named"
cat "$W/log/apply1"
grep -q "^reload named: rndc reconfig" "$W/log/apply1" || fail "$W/log/apply1"
grep -q "rndc reload\|/etc/bind/db\." "$W/log/apply1" && fail "$W/log/apply1"
grep -q "^timings: probe named, secondary" "$W/log/apply1" || fail "$W/log/apply1"
grep -q "^note: .*not compared" "$W/log/apply1" && fail "$W/log/apply1"
for zone in farm 10.10.in-addr.arpa 20.10.in-addr.arpa; do
	same "$zone" || fail "$W/log/named"
done
[ "$(cat "$W/run/named.pid")" = "$named_pid" ] && kill -0 "$named_pid" || fail
[ "$(cat /run/dhcpd.pid)" != "$dhcpd_pid" ] || fail
ip route show 10.10.60.5/32 >"$W/log/route"
grep -q "via $PRIMARY dev $LINK" "$W/log/route" || fail "$W/log/route"
[ ! -e /etc/bind/db.farm ] && [ ! -e /etc/bind/db.10.10 ] && [ ! -e /etc/bind/db.10.20 ] || fail
ok

step="a transfer key that is not the primary's: the new zone is not transferred, the probe fails, the old files are put back and named reconfigured with them"
primary 3 || fail "$W/log/primary"
cp /etc/bind/farm-transfer.key "$W/good.key"
tsig-keygen farm-transfer >/etc/bind/farm-transfer.key 2>"$W/log/tsig" || fail "$W/log/tsig"
before=$(cd /etc && find bind dhcp nginx shorewall network .farmgen-manifest -type f ! -name farm-transfer.key -exec md5sum {} + | sort)
"$F" apply --plan "$W/plan3/three-nodes.toml" --node host02 --yes --services "$W/services.toml" >"$W/log/apply2" 2>&1
status=$?
cat "$W/log/apply2"
[ "$status" = 1 ] || fail "$W/log/apply2"
grep -q "^error: named refused the new files:" "$W/log/apply2" || fail "$W/log/apply2"
grep -q "30.10.in-addr.arpa.\? with no SOA, the primary at $PRIMARY with serial" "$W/log/apply2" || fail "$W/log/apply2"
grep -q "the old files were put back and the daemons reloaded with them" "$W/log/apply2" || fail "$W/log/apply2"
after=$(cd /etc && find bind dhcp nginx shorewall network .farmgen-manifest -type f ! -name farm-transfer.key -exec md5sum {} + | sort)
[ "$before" = "$after" ] || fail
for zone in farm 10.10.in-addr.arpa 20.10.in-addr.arpa; do
	same "$zone" || fail "$W/log/named"
done
ok

step="the primary down, the right key back: apply reconfigures named, and notes that the primary does not answer"
kill "$(cat "$W/run/primary.pid")"
wait "$(cat "$W/run/primary.pid")" 2>/dev/null
cp "$W/good.key" /etc/bind/farm-transfer.key
"$F" apply --plan "$W/plan3/three-nodes.toml" --node host02 --yes --services "$W/services.toml" >"$W/log/apply3" 2>&1 ||
	fail "$W/log/apply3"
cat "$W/log/apply3"
grep -q "^note: the primary at $PRIMARY does not answer (.*): this node.s copies of farm.\?, 10.10.in-addr.arpa.\?, 20.10.in-addr.arpa.\?, 30.10.in-addr.arpa.\? were not compared" "$W/log/apply3" || fail "$W/log/apply3"
# Its copies keep serving (the example pins the serial).
[ "$(serial "$BRIDGE_ADDR" farm)" = 2026010100 ] || fail "$W/log/named"
ok
echo "apply on a secondary in a box: every step passed"
