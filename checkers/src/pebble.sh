# pebble, the small ACME server of the tests, run offline; sourced after steps.sh by the scripts of this
# folder that issue certificates.

# start_pebble DIR ADDRESS LOG [PREFIX...]: makes pebble's listener certificate for ADDRESS in DIR
# (DIR/cert.pem: what certbot is to trust, through REQUESTS_CA_BUNDLE), then starts pebble under the
# command PREFIX (e.g. `ip netns exec inet`) with its ACME directory at https://ADDRESS:14000/dir, its
# management (the issuing root: pebble_root) at ADDRESS:15000, validating HTTP-01 on port 80 of the
# names as /etc/hosts resolves them, without the random sleeps of its validations. Adds its PID to $pids;
# returns when the directory answers, or fails the step.
start_pebble() {
	p_dir=$1 p_address=$2 p_log=$3
	shift 3
	mkdir -p "$p_dir" || fail
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=pebble \
		-addext "subjectAltName=IP:$p_address" -keyout "$p_dir/key.pem" -out "$p_dir/cert.pem" \
		>"$p_log.openssl" 2>&1 || fail "$p_log.openssl"
	cat >"$p_dir/config.json" <<JSON
{"pebble": {"listenAddress": "$p_address:14000", "managementListenAddress": "$p_address:15000",
 "certificate": "$p_dir/cert.pem", "privateKey": "$p_dir/key.pem",
 "httpPort": 80, "tlsPort": 5001, "ocspResponderURL": "", "externalAccountBindingRequired": false}}
JSON
	PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 "$@" pebble -config "$p_dir/config.json" >"$p_log" 2>&1 &
	pids="$pids $!"
	wait_for curl -s --max-time 1 --cacert "$p_dir/cert.pem" "https://$p_address:14000/dir" || fail "$p_log"
}

# pebble_root DIR ADDRESS OUT: pebble's issuing root (what a client trusts certificates from it with).
pebble_root() {
	curl -s --max-time 3 --cacert "$1/cert.pem" -o "$3" "https://$2:15000/roots/0" && [ -s "$3" ]
}
