#!/bin/sh
# The body of apply.sh, run inside `unshare -n -m`: the farm in a box of a synthetic node (tests/box/setup.sh),
# then RUNS one-VM changes applied one after the other, each timed.
# $1: the work folder (tree/, plan/synth.toml, services.toml); $2: farmgen; $3: RUNS.
set -u
W=$1
F=$2
RUNS=$3
BRIDGE_ADDR=10.0.0.254
DOMAIN=farm
. "$(dirname "$0")/setup.sh"

i=0
: >"$W/totals"
while [ "$i" -lt "$RUNS" ]; do
	printf '\n[[vms]]\nname = "added%d"\n' "$i" >>"$W/plan/synth.toml"
	step="apply run $i: one VM added"
	start=$(date +%s%N)
	"$F" apply --plan "$W/plan/synth.toml" --node host01 --yes --services "$W/services.toml" --timings >"$W/log/apply-$i" 2>&1 ||
		fail "$W/log/apply-$i"
	end=$(date +%s%N)
	grep '^timings:' "$W/log/apply-$i"
	echo "$(((end - start) / 1000000))" >>"$W/totals"
	a=$(dig @"$BRIDGE_ADDR" +time=1 +tries=1 +short "added$i.vm.farm" A)
	[ -n "$a" ] || { echo "added$i.vm.farm does not resolve" >"$W/log/dig"; fail "$W/log/dig"; }
	ok
	i=$((i + 1))
done
echo "wall time of each apply, ms: $(sort -n "$W/totals" | tr '\n' ' ')"
echo "median: $(sort -n "$W/totals" | sed -n "$(((RUNS + 1) / 2))p") ms"
