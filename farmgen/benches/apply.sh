#!/bin/sh
# How long `farmgen apply` takes to bring a node of VMS VMs up to a plan with one VM more (render, checks as
# installed, swap, reloads, probes), its daemons running for real in the farm in a box (private network
# and mount namespaces; nothing of the machine's own network, /etc or daemons is touched). As root:
#   cargo build --release -p farmgen && sh farmgen/benches/apply.sh target/release/farmgen 10000 5
# Prints each run's phases (--timings), each run's wall time and their median.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
F=$(realpath "${1:-target/release/farmgen}")
VMS=${2:-10000}
RUNS=${3:-5}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cp "$HERE/apply_box.sh" "$W/box.sh"
cp "$HERE/../tests/box/setup.sh" "$HERE/../tests/box/services.toml" "$HERE/../../checkers/src/steps.sh" "$W/"
mkdir -p "$W/plan"
"$F" synth --vms "$VMS" >"$W/plan/synth.toml"
"$F" render --plan "$W/plan/synth.toml" --node host01 --out "$W/tree" 2>/dev/null
timeout 600 unshare -n -m sh "$W/box.sh" "$W" "$F" "$RUNS"
