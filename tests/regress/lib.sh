# lib.sh - shared helpers for the regress tests (sourced, POSIX sh).
#
# Each test gets a private directory $T (config, socket, pid file, state,
# logs); everything started through these helpers is killed and $T removed
# on exit, whatever happens.  Waits are bounded: nothing here can hang.

set -u

: "${top_builddir:?top_builddir not set (run through make check)}"
: "${top_srcdir:?top_srcdir not set (run through make check)}"

IPSECWATCHD=$top_builddir/src/ipsecwatchd
IPSECWATCH=$top_builddir/src/ipsecwatch
PYTHON=$(command -v /usr/bin/python3 || command -v python3 || true)
REGRESS=$top_srcdir/tests/regress

# The tests decide themselves whether they run "under systemd".
unset NOTIFY_SOCKET INVOCATION_ID WATCHDOG_USEC WATCHDOG_PID NO_COLOR \
    IPSECWATCH_SOCKET

T=$(mktemp -d "${TMPDIR:-/tmp}/iw-regress.XXXXXX") || exit 99
chmod 755 "$T"
SOCK=$T/ipsecwatch.sock
PIDFILE=$T/ipsecwatchd.pid
CONF=$T/ipsecwatch.conf
DLOG=$T/daemon.log
IW_PIDS=""
IW_CLEANUP=""

# Kill what we started, run registered cleanups, remove $T.
iw_cleanup() {
	for p in $IW_PIDS; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $IW_PIDS; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -KILL "$p" 2>/dev/null
	done
	eval "$IW_CLEANUP"
	rm -rf "$T"
}
trap 'iw_cleanup' EXIT
trap 'exit 99' INT TERM HUP

# Register a shell command to run at exit.
iw_on_exit() {
	IW_CLEANUP="$IW_CLEANUP
$1"
}

# Create a temporary group (as root); removed at exit.
iw_temp_group() {
	groupadd "$1" || fail "groupadd $1"
	iw_on_exit "groupdel $1 2>/dev/null"
}

# Create a temporary system user without home or login, primary group
# nogroup where it exists, in the supplementary group $2 if given; removed
# at exit.
iw_temp_user() {
	tu_name=$1
	tu_groups=${2:+-G $2}
	# shellcheck disable=SC2086 # tu_groups is empty or two words
	useradd -r -M -N -g nogroup $tu_groups -s /usr/sbin/nologin \
	    "$tu_name" 2>/dev/null ||
	    useradd -r -M -N $tu_groups -s /sbin/nologin "$tu_name" ||
	    fail "useradd $tu_name"
	iw_on_exit "userdel $tu_name 2>/dev/null"
}

fail() {
	echo "FAIL: $*" >&2
	if [ -s "$DLOG" ]; then
		echo "--- daemon log:" >&2
		cat "$DLOG" >&2
	fi
	exit 1
}
skip() { echo "SKIP: $*" >&2; exit 77; }
pass() { echo "ok: $*"; }

# Write a config using $T for every path; extra lines from stdin if any.
iw_conf() {
	file=${1:-$CONF}
	{
		echo "pidfile = \"$PIDFILE\";"
		echo "state_dir = \"$T/state\";"
		echo "control = { socket = \"$SOCK\"; mode = \"${IW_MODE:-0660}\"; };"
		[ -t 0 ] || cat
	} > "$file"
}

# Wait up to $1 tenths of a second for the command in the rest to succeed.
iw_wait() {
	n=$1; shift
	i=0
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -ge "$n" ] && return 1
		sleep 0.1
	done
	return 0
}

# Does the daemon answer on $SOCK?
iw_answers() {
	"$IPSECWATCH" --socket "${1:-$SOCK}" status
}

# Start "ipsecwatchd -f -c $CONF [args]" in the background; wait until it answers.
iw_start() {
	"$IPSECWATCHD" -f -c "$CONF" "$@" >>"$DLOG" 2>&1 &
	IW_PID=$!
	IW_PIDS="$IW_PIDS $IW_PID"
	i=0
	while ! iw_answers >/dev/null 2>&1; do
		kill -0 "$IW_PID" 2>/dev/null || fail "ipsecwatchd exited during startup"
		i=$((i + 1))
		[ $i -ge 100 ] && fail "ipsecwatchd did not answer within 10 s"
		sleep 0.1
	done
}

# Send a signal and wait (up to 10 s) for the daemon to exit; sets IW_STATUS.
iw_stop() {
	sig=${1:-TERM}
	pid=${2:-$IW_PID}
	kill -"$sig" "$pid" || fail "cannot signal $pid"
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		[ $i -ge 100 ] && fail "ipsecwatchd (pid $pid) did not stop within 10 s"
		sleep 0.1
	done
	wait "$pid" 2>/dev/null
	IW_STATUS=$?
}

# Is the process alive?
iw_alive() { kill -0 "${1:-$IW_PID}" 2>/dev/null; }

# Does file $1 contain the fixed string $2?
iw_has() { grep -qF -- "$2" "$1"; }

# Run the raw protocol client (tests/regress/ctl-send.py).
iw_send() {
	"$PYTHON" "$REGRESS/ctl-send.py" "$SOCK" "$@"
}

# Value of a JSON member path ("daemon.pid") in a reply on stdin.
iw_json() {
	"$PYTHON" -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[k]
print(json.dumps(v) if isinstance(v, (dict, list, bool)) or v is None else v)
' "$1"
}

[ -x "$IPSECWATCHD" ] || fail "$IPSECWATCHD not built"
[ -n "$PYTHON" ] || skip "python3 is needed for the protocol checks"
