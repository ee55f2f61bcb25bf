#!/bin/sh
# Brings the changed files $3 (paths under live$2/, `./etc/...`) of node $2 of the box in $1 up, as their
# daemons take them: the interconnect $4's address and routes re-applied from the new interfaces file
# (ifdown, ifup), named reloaded, Shorewall restarted, nginx reloaded, dhcpd restarted.
set -eu
W=$1
n=$2
link=$4
network=false named=false shorewall=false nginx=false dhcpd=false
for f in $3; do
	case $f in
	./etc/network/interfaces) network=true ;;
	./etc/bind/*) named=true ;;
	./etc/shorewall/*) shorewall=true ;;
	./etc/nginx/*) nginx=true ;;
	./etc/dhcp/* | ./etc/default/*) dhcpd=true ;;
	esac
done
if $network; then
	ifdown --force "$link" || true
	ip addr flush dev "$link"
	ip route flush dev "$link"
	ifup "$link"
fi
if $named; then kill -HUP "$(cat "$W/named-$n.pid")"; fi
if $shorewall; then shorewall restart; fi
if $nginx; then nginx -s reload; fi
if $dhcpd; then
	kill "$(cat /run/dhcpd.pid)"
	. "$W/live$n/etc/default/isc-dhcp-server"
	dhcpd -4 -d -cf "$W/live$n/etc/dhcp/dhcpd.conf" -lf /var/lib/dhcp/dhcpd.leases -pf /run/dhcpd.pid $INTERFACESv4 >>"$W/log/dhcpd-$n" 2>&1 &
	echo $! >>"$W/pids"
fi
ip -4 route show
