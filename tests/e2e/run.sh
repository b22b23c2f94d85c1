#!/bin/sh
# run.sh - end-to-end suite: real strongSwan and Libreswan gateways in
# network namespaces, ipsecwatchd following the gateway's syslog file live
# and alerting to a webhook and an SMTP receiver on 127.0.0.1.
#
# usage: tests/e2e/run.sh [scenario...]      (default: all, in order)
# Exit 0: every scenario passed; 77: cannot run here (reason printed);
# anything else: failure.  E2E_KEEP=1 keeps the lab directory.
# Environment: top_srcdir, top_builddir (default: this checkout),
# E2E_NO_INSTALL=1 (never apt-get install missing packages).

E2E=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$E2E/../..}
top_builddir=${top_builddir:-$top_srcdir}
top_builddir=$(cd "$top_builddir" && pwd)
DEPS=${E2E_DEPS:-$E2E/.deps}
IPSECWATCHD=$top_builddir/src/ipsecwatchd
IPSECWATCH=$top_builddir/src/ipsecwatch
PLUGIN_DIR=$top_builddir/src/.libs
TOOLS=$top_srcdir/tests/tools
PY=/usr/bin/python3
APT_PKGS="libreswan strongswan-swanctl libcharon-extra-plugins libstrongswan rsyslog libnss3-tools iproute2 util-linux iputils-ping python3-aiosmtpd"

skip() { echo "SKIP: $*" >&2; exit 77; }

# --- can we run here? ---------------------------------------------------
[ "$(id -u)" -eq 0 ] || skip "e2e needs root (network namespaces, mounts)"
command -v ip > /dev/null || skip "no ip(8)"
command -v unshare > /dev/null || skip "no unshare(1)"
ip netns add iwe-probe$$ 2>/dev/null || skip "ip netns does not work here"
ip netns del iwe-probe$$
[ -x "$IPSECWATCHD" ] && [ -x "$IPSECWATCH" ] ||
    skip "ipsecwatchd/ipsecwatch not built in $top_builddir"

missing=""
for p in $APT_PKGS; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ -n "$E2E_NO_INSTALL" ] || ! command -v apt-get > /dev/null; then
		skip "packages missing:$missing"
	fi
	echo "installing:$missing" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    $missing > "${TMPDIR:-/tmp}/iw-e2e-apt.log" 2>&1 ||
	    skip "packages missing and not installable:$missing (see ${TMPDIR:-/tmp}/iw-e2e-apt.log)"
fi
# charon and libcharon conflict with libreswan in Debian: unpack them
# privately (the version of the installed libstrongswan).
if [ ! -x "$DEPS/root/usr/lib/ipsec/charon" ]; then
	v=$(dpkg-query -W -f '${Version}' libstrongswan)
	mkdir -p "$DEPS/debs" "$DEPS/root"
	(cd "$DEPS/debs" && apt-get download -q "strongswan-charon=$v" \
	    "strongswan-libcharon=$v") > "$DEPS/download.log" 2>&1 ||
	    skip "cannot download strongswan-charon/strongswan-libcharon $v (see $DEPS/download.log)"
	for f in "$DEPS"/debs/*.deb; do
		dpkg-deb -x "$f" "$DEPS/root" || skip "cannot unpack $f"
	done
fi
"$PY" -c 'import aiosmtpd' 2>/dev/null || skip "$PY lacks aiosmtpd"
grep -q overlay /proc/filesystems || modprobe overlay 2>/dev/null
grep -q overlay /proc/filesystems || skip "no overlay filesystem"

. "$E2E/lab.sh"
LAB=$(mktemp -d /tmp/iw-e2e.XXXXXX)
: > "$LAB/pids"
trap 'lab_cleanup' EXIT
trap 'exit 130' INT TERM HUP

# Does the daemon follow inputs (the engine)?  Its status lists them.
MODE=offline
[ "$E2E_MODE" = offline ] && FORCE_OFFLINE=1
cat > "$LAB/probe.conf" <<EOC
pidfile = "$LAB/probe/pid";
state_dir = "$LAB/probe";
control = { socket = "$LAB/probe/sock"; };
inputs = ( { name = "probe"; type = "file"; path = "$LAB/probe/x.log"; } );
EOC
mkdir -p "$LAB/probe"
: > "$LAB/probe/x.log"
lab_bg probe "$LAB/probe/out" "$IPSECWATCHD" -f -c "$LAB/probe.conf"
if lab_wait 50 "$IPSECWATCH" --socket "$LAB/probe/sock" status; then
	"$IPSECWATCH" --socket "$LAB/probe/sock" --json status 2>/dev/null |
	    grep -q '"inputs"' && MODE=live
fi
[ -n "$FORCE_OFFLINE" ] && MODE=offline
lab_stop probe
echo "mode: $MODE ($( [ $MODE = live ] && echo 'ipsecwatchd follows the gateway log; alerts checked at the webhook and mailbox' || echo 'this ipsecwatchd does not follow inputs; alerts checked with ipsecwatch analyze --json over the produced log'))"

: > "$LAB/latency"
PASSED=0
FAILED=0
FAILED_NAMES=""

# --- per scenario ---------------------------------------------------------

# Fresh scenario directory $S, network, syslog, receivers, ipsecwatchd
# following the files named in $FOLLOW (default west).
sc_begin() {
	S=$LAB/$1
	mkdir -p "$S/hooks" "$S/mail" "$S/iw"
	lab_net || return 1
	lab_syslog || return 1
	lab_bg hook "$S/hook.out" "$PY" "$TOOLS/http-sink.py" --outdir "$S/hooks" \
	    --port-file "$S/hook.port"
	lab_bg smtp "$S/smtp.out" "$PY" "$TOOLS/smtp-sink.py" --outdir "$S/mail" \
	    --port-file "$S/smtp.port"
	lab_wait 100 test -s "$S/hook.port" -a -s "$S/smtp.port" || return 1
	inputs=""
	for g in ${FOLLOW:-west}; do
		inputs="$inputs${inputs:+, }{ name = \"$g\"; type = \"file\"; path = \"$S/$g.log\"; start = \"beginning\"; }"
	done
	cat > "$S/iw/ipsecwatch.conf" <<EOC
pidfile = "$S/iw/ipsecwatchd.pid";
state_dir = "$S/iw/state";
plugin_dir = "$PLUGIN_DIR";
save_interval = "2s";
control = { socket = "$S/iw/sock"; };
inputs = ( $inputs );
tunnels = {
  down_grace = "${IW_DOWN_GRACE:-5s}";
  must_be_up = [ ${IW_MUST:-\"west-east\"} ];
  restart_deadline = "${IW_RESTART_DEADLINE:-2m}";
};
alerts = { group_wait = "1s"; group_interval = "2s"; send_resolved = true; };
receivers = (
  { name = "hook"; plugin = "webhook"; url = "http://127.0.0.1:$(cat "$S/hook.port")/";
    min_severity = "info"; },
  { name = "mail"; plugin = "email"; url = "smtp://127.0.0.1:$(cat "$S/smtp.port")";
    starttls = "no"; from = "ipsecwatch@west.example"; to = [ "ops@example.org" ];
    min_severity = "info"; } );
EOC
	if [ $MODE = live ]; then
		lab_bg ipsecwatchd "$S/iw/daemon.out" "$IPSECWATCHD" -f -c "$S/iw/ipsecwatch.conf"
		lab_wait 100 "$IPSECWATCH" --socket "$S/iw/sock" status || {
			lab_note "ipsecwatchd did not answer"
			return 1
		}
	fi
	T0=$(date +%s.%N)
}

# The followed gateway logs merged in time order (ISO 8601 timestamps sort
# as text), as one syslog file holding both would be.
sc_merged_log() {
	sort -m -s -k1,1 $(for g in ${FOLLOW:-west}; do echo "$S/$g.log"; done)
}

# The tunnel states ipsecwatch knows must be "name:state:min_rekeys" ($@):
# asked from the running daemon (live) or from ipsecwatch analyze (offline).
sc_tunnels() {
	if [ $MODE = live ]; then
		"$IPSECWATCH" --socket "$S/iw/sock" --json tunnels > "$S/tunnels.json" ||
		    return 1
	else
		sc_merged_log > "$S/now.log"
		"$IPSECWATCH" analyze --json --config "$S/iw/ipsecwatch.conf" "$S/now.log" \
		    > "$S/tunnels.json" || return 1
	fi
	for t in "$@"; do
		set -- "$@" --tunnel "$t"
		shift
	done
	"$PY" "$E2E/check.py" --tunnels "$S/tunnels.json" "$@" >&2
}

# Let the daemon settle ($1 s), stop everything of the scenario, check the
# alerts against the expectations in the arguments.
sc_end() {
	settle=$1
	shift
	sleep "$settle"
	lab_stop ipsecwatchd
	lab_down
	if [ $MODE = live ]; then
		"$PY" "$E2E/check.py" --hooks "$S/hooks" --mail "$S/mail" --t0 "$T0" \
		    --latency-out "$LAB/latency" --expect "$@" > "$S/check.out" 2>&1
	else
		sc_merged_log > "$S/all.log"
		"$IPSECWATCH" analyze --json --config "$S/iw/ipsecwatch.conf" "$S/all.log" \
		    > "$S/analyze.json" 2> "$S/analyze.err" || {
			echo "ipsecwatch analyze failed: $(cat "$S/analyze.err")" > "$S/check.out"
			return 1
		}
		"$PY" "$E2E/check.py" --analyze "$S/analyze.json" --t0 "$T0" \
		    --expect "$@" > "$S/check.out" 2>&1
	fi
}

# Run scenario function sc_$1; print one line.
run_one() {
	local name start rc d
	name=$1
	start=$(date +%s)
	( set +e; "sc_$name" ) > "$LAB/$name.trace" 2>&1
	rc=$?
	lab_down
	lab_stop smtp
	lab_stop hook
	lab_stop ipsecwatchd
	d=$(( $(date +%s) - start ))
	if [ $rc -eq 0 ]; then
		PASSED=$((PASSED + 1))
		printf 'PASS %-22s %4ds  %s\n' "$name" "$d" "$(tail -n 1 "$LAB/$name/check.out" 2>/dev/null)"
	else
		FAILED=$((FAILED + 1))
		FAILED_NAMES="$FAILED_NAMES $name"
		printf 'FAIL %-22s %4ds\n' "$name" "$d"
		sed 's/^/    /' "$LAB/$name.trace" "$LAB/$name/check.out" 2>/dev/null | tail -n 30
		if [ -n "$E2E_VERBOSE" ]; then
			tail -n 40 "$LAB/$name/west.log" | sed 's/^/    west: /'
		fi
	fi
}

. "$E2E/scenarios.sh"

ALL="ss_ikev2_rekey ss_ikev1_rekey psk_mismatch proposal_mismatch wrong_remote_id no_responder peer_killed ike_restart ls_ikev1_main mixed"
for sc in ${*:-$ALL}; do
	run_one "$sc"
done

if [ $MODE = live ] && [ -s "$LAB/latency" ]; then
	"$PY" - "$LAB/latency" <<'EOP'
import sys
v = sorted(float(l.split()[3]) for l in open(sys.argv[1]) if l.strip())
def q(p):
    return v[min(len(v) - 1, int(round(p * (len(v) - 1))))]
print("latency decisive line -> webhook over %d alerts: p50 %.3f s, p99 %.3f s, max %.3f s"
      % (len(v), q(0.5), q(0.99), v[-1]))
EOP
	sed 's/^/  /' "$LAB/latency"
fi
echo "mode: $MODE"
echo "$PASSED passed, $FAILED failed"
[ $FAILED -eq 0 ]
