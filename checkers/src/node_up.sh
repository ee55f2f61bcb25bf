#!/bin/sh
# Brings node $2 of the box in $1 up from its files (live$2/, as under /), inside its own network and mount
# namespaces: the files mounted where Debian keeps them, ifup -a, named, dhcpd, nginx when it has sites,
# Shorewall. Each daemon's PID goes to $1/pids, its log to $1/log/DAEMON-$2.
set -eu
W=$1
n=$2
T=$W/live$n
D=$W/n$n
mkdir -p "$D/dhcp" "$D/shorewall" "$D/if" "$D/cache" "$D/bind" "$D/nginx-log"
mount -t tmpfs tmpfs /run
mkdir -p /run/named /run/network
mount --bind "$D/dhcp" /var/lib/dhcp
mount --bind "$D/shorewall" /var/lib/shorewall
for d in if-up.d if-down.d; do
	[ -d "/etc/network/$d" ] && mount --bind "$D/if" "/etc/network/$d"
done
mount --bind "$T/etc/hosts" /etc/hosts
echo "nameserver 127.0.0.1" >"$D/resolv.conf"
mount --bind "$D/resolv.conf" /etc/resolv.conf
mount --bind "$T/etc/network/interfaces" /etc/network/interfaces
ifup -a >"$W/log/ifup-$n" 2>&1
cp -a /etc/bind/. "$D/bind/"
cp "$T"/etc/bind/* "$D/bind/"
# The operator's key, made once for the farm and copied to every node.
key=$(sed -n 's/^include "\(.*\)";$/\1/p' "$T/etc/bind/named.conf.local")
[ -z "$key" ] || cp "$W/transfer.key" "$D/bind/${key##*/}"
mount --bind "$D/bind" /etc/bind
mount --bind "$D/cache" /var/cache/bind
named -4 -g -c /etc/bind/named.conf >"$W/log/named-$n" 2>&1 &
echo $! >>"$W/pids"
echo $! >"$W/named-$n.pid"
. "$T/etc/default/isc-dhcp-server"
touch /var/lib/dhcp/dhcpd.leases
dhcpd -4 -d -cf "$T/etc/dhcp/dhcpd.conf" -lf /var/lib/dhcp/dhcpd.leases -pf /run/dhcpd.pid $INTERFACESv4 >"$W/log/dhcpd-$n" 2>&1 &
echo $! >>"$W/pids"
if [ -d "$T/etc/nginx/sites-enabled" ]; then
	mount --bind "$T/etc/nginx/conf.d" /etc/nginx/conf.d
	mount --bind "$T/etc/nginx/sites-available" /etc/nginx/sites-available
	mount --bind "$T/etc/nginx/sites-enabled" /etc/nginx/sites-enabled
	mount --bind "$D/nginx-log" /var/log/nginx
	nginx -g 'daemon off;' >"$W/log/nginx-$n" 2>&1 &
	echo $! >>"$W/pids"
fi
mount --bind "$T/etc/shorewall" /etc/shorewall
shorewall start >"$W/log/shorewall-$n" 2>&1
