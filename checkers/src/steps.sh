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
