# The steps' helpers, sourced by the scripts of this folder: each step sets $step, ends with `ok`, and on
# failure calls `fail LOG...`, which names the step and prints the logs' ends.

fail() {
	echo "FAILED: $step" >&2
	for log in "$@"; do
		[ -f "$log" ] && { echo "--- $log" >&2; tail -n 40 "$log" >&2; }
	done
	exit 1
}

started=$(date +%s%N)
ok() { echo "ok: $step ($((($(date +%s%N) - started) / 1000000)) ms)"; }

# until CMD succeeds, at most 10 s
wait_for() {
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -lt 200 ] || return 1
		sleep 0.05
	done
}

# plug_vm INDEX MAC BRIDGE: the VM's network namespace vmINDEX (added to $vms), its eth0 with MAC the end of
# a veth whose other end, hINDEX, is a port of BRIDGE; both ends up.
plug_vm() {
	vms="$vms vm$1"
	ip netns add "vm$1" || fail
	ip link add "h$1" type veth peer name "g$1" || fail
	ip link set "g$1" netns "vm$1" || fail
	ip netns exec "vm$1" ip link set "g$1" name eth0 || fail
	ip netns exec "vm$1" ip link set eth0 address "$2" || fail
	ip netns exec "vm$1" ip link set eth0 up || fail
	ip netns exec "vm$1" ip link set lo up
	ip link set "h$1" master "$3" || fail
	ip link set "h$1" up || fail
}

# field KIND INDEX N: field N of the spec's line "KIND INDEX ..." ($W/spec).
field() { awk -v k="$1" -v i="$2" -v f="$3" '$1 == k && $2 == i { print $f }' "$W/spec"; }
