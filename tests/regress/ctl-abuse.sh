#!/bin/sh
# ctl-abuse.sh - the status socket under abuse while the daemon follows a
# log with 2,000 tunnels that is being appended to: 300 clients at once
# (beyond max_clients), garbage requests, 1 MB lines, clients that connect
# and never send, clients that ask for a large reply (metrics, tunnels)
# and never read it.  Meanwhile "ipsecwatch status" must be served within
# a bounded time, the log is still followed (lines read grow, a tunnel
# that comes up during the abuse is listed), every refused client gets a
# JSON error with the protocol version, and afterwards the daemon holds no
# more file descriptors than before.  As root, with a temporary user (and
# nobody): the per-user connection cap, the admins' reserve and the
# request rate limit (skipped with a message when not root).
. "$top_srcdir/tests/regress/lib.sh"

ABUSE="$PYTHON $REGRESS/ctl-abuse.py"
IW="$IPSECWATCH --socket $SOCK"
GW=$T/gw.log
NTUN=2000
MAXC=24
PERUSER=16
RESERVED=4
RATE=5
BURST=10

ROOT=false
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
    command -v useradd >/dev/null; then
	ROOT=true
	U=iwabuse$$
	iw_temp_user "$U"
	UID_U=$(id -u "$U")
fi
# Commands, not functions: "$!" of a background job is then the client itself.
AS_NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups"
$ROOT && AS_USER="setpriv --reuid=$U --regid=nogroup --clear-groups"

$ABUSE gen "$GW" $NTUN || fail "cannot write the test log"
# Mode 0666: the temporary user and nobody may connect.
write_conf() {
	IW_MODE=0666 iw_conf <<EOC
inputs = ( { name = "gw"; type = "file"; path = "$GW"; start = "beginning"; } );
EOC
	sed -i "s|mode = \"0666\";|mode = \"0666\"; max_clients = $MAXC; max_clients_per_user = $PERUSER; reserved_clients = $RESERVED; request_rate = $1; request_burst = $BURST;|" "$CONF"
}
write_conf $RATE
iw_start

# Member path $1 of a status reply.
status_field() { $IW --json status | iw_json "$1"; }
tunnel_count() { [ "$(status_field tunnels.count)" -ge "$1" ]; }
iw_wait 300 tunnel_count $NTUN || fail "the daemon did not read $NTUN tunnels: $(status_field tunnels.count)"
fds() { ls "/proc/$IW_PID/fd" | wc -l; }
FD0=$(fds)
# Lines read by the input.
input_lines() {
	$IW --json status | "$PYTHON" -c 'import json, sys
print(json.load(sys.stdin)["inputs"][0]["lines"])'
}
LINES0=$(input_lines)
$IW metrics > "$T/metrics" || fail "metrics"
$IW --json tunnels > "$T/tunnels.json" || fail "tunnels"
pass "following $NTUN tunnels ($LINES0 lines, metrics $(wc -c < "$T/metrics") bytes, tunnels $(wc -c < "$T/tunnels.json") bytes), $FD0 fds"

# --- the abuse, all at once --------------------------------------------
$ABUSE append "$GW" 12 abuse-new > "$T/appended" &
APPENDER=$!
IW_PIDS="$IW_PIDS $APPENDER"

# Clients that never read a large reply, and clients that never send.
mkfifo "$T/lingering"
n=0
for cmd in metrics metrics metrics tunnels tunnels; do
	n=$((n + 1))
	$ABUSE noread "$SOCK" "$cmd" < "$T/lingering" > "$T/noread.$n" &
	IW_PIDS="$IW_PIDS $!"
done
$ABUSE hold "$SOCK" 4 < "$T/lingering" > "$T/idle.out" &
IW_PIDS="$IW_PIDS $!"
exec 7>"$T/lingering"
lingering() { [ "$(cat "$T"/noread.* | grep -c '^sent$')" -eq 5 ] && [ -s "$T/idle.out" ]; }
iw_wait 100 lingering || fail "the lingering clients did not start: $(cat "$T"/noread.* "$T/idle.out")"

# Status probes: each retried until served; the figure is the worst wait.
probe() {
	while [ ! -e "$T/stop-probe" ]; do
		t0=$(date +%s%N)
		until $IW status > /dev/null 2>&1; do
			[ $(( ($(date +%s%N) - t0) / 1000000 )) -ge 10000 ] && break
			sleep 0.05
		done
		echo $(( ($(date +%s%N) - t0) / 1000000 )) >> "$T/probe-ms"
		sleep 0.2
	done
}
probe &
PROBE=$!
IW_PIDS="$IW_PIDS $PROBE"

$ABUSE flood "$SOCK" 300 status > "$T/flood-root" &
F1=$!
if $ROOT; then
	$AS_USER $ABUSE flood "$SOCK" 300 status > "$T/flood-user" &
	F2=$!
fi
wait $F1 || fail "root flood client failed"
$ROOT && { wait $F2 || fail "user flood client failed"; }
# Garbage and 1 MB lines after the floods (during them they are mostly
# refused), while the log grows and the lingering clients linger.
for i in 1 2 3; do
	iw_send long 1048576 > "$T/long$i" &
	eval "L$i=\$!"
done
$ABUSE garbage "$SOCK" 200 7 > "$T/garbage" || fail "garbage client failed"
wait $L1 $L2 $L3
wait $APPENDER || fail "appender failed"
touch "$T/stop-probe"
wait $PROBE
iw_alive || fail "the daemon died under abuse"

# Every client got one JSON reply with the version; refusals say why.
check_summary() {
	"$PYTHON" - "$@" <<'EOP' || fail "$1: $(cat "$1")"
import json, re, sys
s = json.load(open(sys.argv[1]))
total, allowed = int(sys.argv[2]), sys.argv[3:]
n = s["ok"] + sum(s["errors"].values())
if s["bad"] or n != total:
    sys.exit("%d replies of %d, bad: %s" % (n, total, s["bad"][:5]))
for e in s["errors"]:
    if not any(re.search(a, e) for a in allowed):
        sys.exit("unexpected error: " + e)
EOP
}
summary() { "$PYTHON" -c 'import json, sys
s = json.load(open(sys.argv[1]))
print(s["ok"], "ok,", ", ".join("%d \"%s\"" % (n, e) for e, n in sorted(s["errors"].items())))' "$1"; }

check_summary "$T/flood-root" 300 '^too many clients; try again later$'
[ "$(iw_json ok < "$T/flood-root")" -ge 1 ] || fail "no client of the flood served"
iw_json errors < "$T/flood-root" | grep -q 'too many clients' || fail "300 clients and none refused: $(cat "$T/flood-root")"
pass "300 clients at once (max_clients $MAXC): $(summary "$T/flood-root")"
if $ROOT; then
	check_summary "$T/flood-user" 300 '^too many clients' \
	    "^too many connections from uid $UID_U \\(at most $PERUSER at once\\); try again later\$" \
	    '^rate limited, retry in 1 s$'
	pass "300 clients at once as $U: $(summary "$T/flood-user")"
fi
check_summary "$T/garbage" 200 'unknown command' 'not valid JSON' 'NUL byte' \
    'no "command" string' '^no tunnel "x+' 'arguments' '^too many clients'
[ "$(iw_json ok < "$T/garbage")" -eq 0 ] || fail "garbage accepted: $(cat "$T/garbage")"
"$PYTHON" - "$T/garbage" <<'EOP' > "$T/garbage.txt" || fail "garbage: $(cat "$T/garbage")"
import json, sys
e = json.load(open(sys.argv[1]))["errors"]
refused = sum(n for k, n in e.items() if k.startswith("too many clients"))
if refused > 150:
    sys.exit("only %d garbage requests got past the floods" % (200 - refused))
print("%d error replies of %d kinds, %d refused" % (200 - refused, len(e), refused))
EOP
pass "200 garbage requests, none ok: $(cat "$T/garbage.txt")"
for i in 1 2 3; do
	[ "$(iw_json ok < "$T/long$i")" = false ] && [ "$(iw_json version < "$T/long$i")" = 1 ] &&
	    iw_json error < "$T/long$i" | grep -q 'request longer than 4095 bytes' ||
	    fail "1 MB line $i: $(head -c 300 "$T/long$i")"
done
pass "three 1 MB lines: error replies"

worst=$(sort -n "$T/probe-ms" | tail -1)
probes=$(wc -l < "$T/probe-ms")
[ "$probes" -ge 5 ] || fail "only $probes status probes ran"
[ "$worst" -lt 5000 ] || fail "status took $worst ms during the abuse (want < 5 s): $(tr '\n' ' ' < "$T/probe-ms")"
pass "status served during the abuse: $probes probes, worst $worst ms, median $(sort -n "$T/probe-ms" | sed -n "$(( (probes + 1) / 2 ))p") ms"

# Still following: the lines appended meanwhile were read, the new tunnel is there.
appended=$(cat "$T/appended")
read_all() { [ "$(input_lines)" -ge $((LINES0 + appended)) ]; }
iw_wait 50 read_all || fail "lines read did not grow by the $appended appended"
$IW tunnels > "$T/tunnels" || fail "tunnels after the abuse"
grep -q '^abuse-new  *up ' "$T/tunnels" || fail "the tunnel that came up during the abuse is missing: $(grep abuse "$T/tunnels")"
pass "kept following: $appended lines appended during the abuse read, abuse-new up"

# The lingering clients are dropped by the daemon itself (10 s limits),
# while they are still there: the descriptors come back.
fds_back() { [ "$(fds)" -le "$FD0" ]; }
iw_wait 250 fds_back || fail "fds: $FD0 before, $(fds) after (lingering clients not dropped)"
[ "$(iw_json held < "$T/idle.out")" -eq 4 ] || fail "idle clients were not held: $(cat "$T/idle.out")"
exec 7>&-
pass "clients that never read or never send dropped; fds $FD0 before, $(fds) after"

refusals=$(grep -c 'control socket: .*refus' "$DLOG")
[ "$refusals" -le 10 ] || fail "$refusals refusal messages logged: the log is flooded too"
pass "refusals logged $refusals times for $(status_field control.refused) refused connections"

if ! $ROOT; then
	echo "SKIP (part): per-user cap, admins' reserve and rate limit need root to run clients as other users (uid $(id -u))"
	iw_stop TERM
	[ "$IW_STATUS" -eq 0 ] || fail "exit status $IW_STATUS"
	exit 0
fi

# --- per user: connection cap, the admins' reserve, rate limit ---------
sleep $(( BURST / RATE + 1 ))		# the user's bucket is full again
mkfifo "$T/held"
$AS_USER $ABUSE hold "$SOCK" 20 < "$T/held" > "$T/held-user" &
IW_PIDS="$IW_PIDS $!"
exec 8>"$T/held"
iw_wait 50 test -s "$T/held-user" || fail "the user's holds did not start"
[ "$(iw_json held < "$T/held-user")" -eq $PERUSER ] || fail "user held $(iw_json held < "$T/held-user") connections, want $PERUSER"
check_summary "$T/held-user" 4 "^too many connections from uid $UID_U \\(at most $PERUSER at once\\); try again later\$"
$AS_USER $IW status > "$T/out" 2> "$T/err"; st=$?
[ $st -eq 1 ] || fail "a 17th connection of the user: exit $st ($(cat "$T/out" "$T/err"))"
iw_has "$T/err" "too many connections from uid $UID_U" || fail "17th connection: $(cat "$T/err")"
$AS_NOBODY $IW status > /dev/null || fail "another user is not served while $U holds $PERUSER"
pass "max_clients_per_user: $U holds $PERUSER, its 17th gets \"$(cat "$T/err")\" (exit 1); nobody is served"

# nobody takes what is left but the reserve; root still gets in.
$AS_NOBODY $ABUSE hold "$SOCK" 8 < "$T/held" > "$T/held-nobody" &
IW_PIDS="$IW_PIDS $!"
iw_wait 50 test -s "$T/held-nobody" || fail "nobody's holds did not start"
want=$((MAXC - PERUSER - RESERVED))
[ "$(iw_json held < "$T/held-nobody")" -eq $want ] || fail "nobody held $(iw_json held < "$T/held-nobody"), want $want"
check_summary "$T/held-nobody" $((8 - want)) "^too many clients; the last $RESERVED connections are kept for administrators; try again later\$"
for i in 1 2 3; do
	$IW status > /dev/null || fail "root refused while only the reserve is free"
done
$IW silence abuse-new 1m "reserve check" > /dev/null || fail "root cannot silence while only the reserve is free"
pass "reserved_clients: nobody gets $want of the last $((MAXC - PERUSER)), root is served from the reserve"
exec 8>&-
clients_gone() { [ "$(status_field control.clients)" -eq 1 ]; }
iw_wait 50 clients_gone || fail "held clients not released: $(status_field control.clients)"

# Rate: a burst of BURST, then RATE a second; root is exempt.
sleep $(( BURST / RATE + 1 ))
limited0=$(status_field control.rate_limited)
$AS_USER $ABUSE burst "$SOCK" 40 status > "$T/burst-user"
check_summary "$T/burst-user" 40 '^rate limited, retry in 1 s$'
"$PYTHON" - "$T/burst-user" $BURST $RATE <<'EOP' || fail "burst: $(cat "$T/burst-user")"
import json, sys
s = json.load(open(sys.argv[1]))
burst, rate = int(sys.argv[2]), int(sys.argv[3])
most = burst + int(s["seconds"] * rate) + 1
if not burst <= s["ok"] <= most:
    sys.exit("%d served in %.2f s, want %d to %d" % (s["ok"], s["seconds"], burst, most))
if s["retry_after"] != [1]:
    sys.exit("retry_after %s, want [1]" % s["retry_after"])
EOP
# The bucket refills meanwhile: the CLI is refused within a few tries.
i=0
while :; do
	$AS_USER $IW status > /dev/null 2> "$T/err"; st=$?
	[ $st -ne 0 ] && break
	i=$((i + 1))
	[ $i -lt 20 ] || fail "the CLI was never rate limited"
done
[ $st -eq 1 ] || fail "the CLI over the rate limit exited $st, want 1"
[ "$(cat "$T/err")" = "ipsecwatch: status: rate limited, retry in 1 s" ] || fail "CLI over the rate limit: $(cat "$T/err")"
limited=$(( $(status_field control.rate_limited) - limited0 ))
[ $limited -ge $(( 41 - $(iw_json ok < "$T/burst-user") )) ] || fail "status counts $limited rate limited requests"
$ABUSE burst "$SOCK" 60 status > "$T/burst-root"
[ "$(iw_json ok < "$T/burst-root")" -eq 60 ] || fail "root was rate limited: $(cat "$T/burst-root")"
sleep 1.2
$AS_USER $IW status > /dev/null || fail "the user is not served again after a second"
pass "request_rate: $U got $(iw_json ok < "$T/burst-user") of 40 in $(iw_json seconds < "$T/burst-user") s, then \"rate limited, retry in 1 s\"; root 60 of 60; served again later"

# The limits follow a reload: rate 0 means no limit.
write_conf 0
$IW reload > /dev/null || fail "reload"
[ "$(status_field control.request_rate)" -eq 0 ] || fail "request_rate not reloaded"
$AS_USER $ABUSE burst "$SOCK" 40 status > "$T/burst-user"
[ "$(iw_json ok < "$T/burst-user")" -eq 40 ] || fail "rate limited with request_rate = 0: $(cat "$T/burst-user")"
pass "request_rate = 0 after reload: 40 of 40 served"

iw_wait 50 fds_back || fail "fds: $FD0 before, $(fds) at the end"
iw_stop TERM
[ "$IW_STATUS" -eq 0 ] || fail "exit status $IW_STATUS"
exit 0
