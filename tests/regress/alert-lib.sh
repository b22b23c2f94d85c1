# alert-lib.sh - helpers for the alert delivery tests (sourced).
#
# Everything runs on 127.0.0.1 with ports chosen by the servers (port 0)
# and written to a file; every process started here is killed by the trap.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
TOOLS="$top_srcdir/tests/tools"
SEND="$top_builddir/tests/tools/iw-alert-send"
IPSECWATCH_PLUGIN_DIR="$top_builddir/src/.libs"
export IPSECWATCH_PLUGIN_DIR

# A python3 with aiosmtpd (Debian's python3 in /usr/bin, not a pyenv one).
PY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import aiosmtpd' 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ]; then
	echo "SKIP: no python3 with aiosmtpd (apt-get install python3-aiosmtpd)"
	exit 77
fi
if [ ! -x "$SEND" ]; then
	echo "SKIP: $SEND not built (make check builds it)"
	exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/iw-alert.XXXXXX")
chmod 700 "$T"
PIDS=
cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	if [ -n "$KEEP" ]; then
		echo "kept $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# wait_file FILE: wait up to 10 s for a file to appear.
wait_file() {
	i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ $i -gt 200 ] && fail "timed out waiting for $1"
		sleep 0.05
	done
}

# start_http NAME [args]: an HTTP sink in $T/NAME; sets HTTP_PORT, HTTP_PID.
start_http() {
	name=$1
	shift
	rm -f "$T/$name.port"
	"$PY" "$TOOLS/http-sink.py" --outdir "$T/$name" --port-file "$T/$name.port" \
	    "$@" 2>>"$T/$name.log" &
	HTTP_PID=$!
	PIDS="$PIDS $HTTP_PID"
	wait_file "$T/$name.port"
	HTTP_PORT=$(cat "$T/$name.port")
}

# start_smtp NAME [args]: an SMTP sink in $T/NAME; sets SMTP_PORT, SMTP_PID.
start_smtp() {
	name=$1
	shift
	rm -f "$T/$name.port"
	"$PY" "$TOOLS/smtp-sink.py" --outdir "$T/$name" --port-file "$T/$name.port" \
	    "$@" 2>>"$T/$name.log" &
	SMTP_PID=$!
	PIDS="$PIDS $SMTP_PID"
	wait_file "$T/$name.port"
	SMTP_PORT=$(cat "$T/$name.port")
}

# stop PID: stop one server we started.
stop() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# count DIR EXT: number of received files.
count() {
	ls "$1" 2>/dev/null | grep -c "\.$2\$"
}

# run_send SCENARIO [args]: run the engine driver, output in $T/send.out.
run_send() {
	sc=$1
	shift
	"$SEND" "$@" "$sc" >"$T/send.out" 2>>"$T/send.log"
	rc=$?
	# Under --enable-asan a sanitizer report fails the test, whatever the status.
	if grep -q "Sanitizer" "$T/send.log"; then
		cat "$T/send.log" >&2
		fail "sanitizer report"
	fi
	return $rc
}

# The standard explanation texts of the scenarios.
EXPLAIN='{
 "dpd_dead_peer": {
  "en": {"title": "The peer stopped answering dead peer detection",
         "meaning": "Our IKE daemon sent DPD/liveness probes and got no answer, so it declared the peer dead and deleted the SAs.",
         "causes": "peer gateway down or rebooting\nInternet path to the peer broken\nUDP 500/4500 blocked by a firewall",
         "checks": "ping the peer address\ncheck the peer gateway\ncheck firewalls for UDP 500/4500"},
  "de": {"title": "Die Gegenstelle antwortet nicht mehr auf Dead Peer Detection",
         "meaning": "Unser IKE-Dienst hat DPD-Anfragen gesendet und keine Antwort erhalten; er hat die Gegenstelle für tot erklärt und die SAs gelöscht.",
         "causes": "Gegenstelle ausgefallen oder im Neustart\nInternet-Verbindung zur Gegenstelle gestört\nUDP 500/4500 durch eine Firewall gesperrt",
         "checks": "Adresse der Gegenstelle anpingen\nGateway der Gegenstelle prüfen\nFirewalls auf UDP 500/4500 prüfen"}
 },
 "no_proposal_chosen": {
  "en": {"title": "No proposal chosen", "meaning": "The peers share no cipher suite.",
         "causes": "mismatched ike= or esp= settings", "checks": "compare the proposals on both sides"}
 }
}'
