#!/bin/sh
case "$reason" in
BOUND | RENEW | REBIND | REBOOT)
	bits=0
	for octet in $(echo "$new_subnet_mask" | tr . ' '); do
		case $octet in 255) bits=$((bits + 8)) ;; 254) bits=$((bits + 7)) ;; 252) bits=$((bits + 6)) ;; 248) bits=$((bits + 5)) ;; 240) bits=$((bits + 4)) ;; 224) bits=$((bits + 3)) ;; 192) bits=$((bits + 2)) ;; 128) bits=$((bits + 1)) ;; esac
	done
	ip addr add "$new_ip_address/$bits" dev "$interface"
	ip route add "$new_routers" dev "$interface"
	ip route add default via "$new_routers"
	mac=$(cat "/sys/class/net/$interface/address")
	echo "$mac $new_ip_address $new_subnet_mask $new_routers $new_domain_name_servers $new_domain_name" >"$(dirname "$0")/run/lease-$new_ip_address"
	;;
esac
exit 0
