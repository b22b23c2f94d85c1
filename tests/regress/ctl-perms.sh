#!/bin/sh
# ctl-perms.sh - every command of the status socket through the ipsecwatch
# CLI as three users: root, a member of control.group (supplementary
# group only) and an outsider (both temporary users).  Reading commands
# (status, tunnels, show, alerts, metrics) work for all three while the
# socket mode lets them connect; changing commands (silence, unsilence,
# reload, test-alert) work for root and the member and are refused to the
# outsider with "permission denied" and exit status 1, changing nothing.
# With mode 0660 the outsider cannot connect at all (exit status 2).
. "$top_srcdir/tests/regress/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root to create users and run clients as them (running as uid $(id -u))"
command -v setpriv >/dev/null || skip "setpriv not installed"
command -v useradd >/dev/null && command -v groupadd >/dev/null ||
    skip "useradd/groupadd not installed"

G=iwpermg$$
M=iwpermm$$
O=iwpermo$$
iw_temp_group "$G"
iw_temp_user "$M" "$G"
iw_temp_user "$O"

GW=$T/gw.log
"$PYTHON" "$REGRESS/ctl-abuse.py" gen "$GW" 3 || fail "cannot write the test log"
write_conf() {
	IW_MODE=$1 iw_conf <<EOC
plugin_dir = "$top_builddir/src/.libs";
inputs = ( { name = "gw"; type = "file"; path = "$GW"; start = "beginning"; } );
receivers = ( { name = "con"; plugin = "console"; min_severity = "info"; } );
EOC
	sed -i "s|mode = \"$1\";|mode = \"$1\"; group = \"$G\";|" "$CONF"
}
write_conf 0666
iw_start
IW="$IPSECWATCH --socket $SOCK"
tunnels_read() { [ "$($IW --json status | iw_json tunnels.count)" -eq 3 ]; }
iw_wait 100 tunnels_read || fail "the test log was not read"

# Run the CLI as a user: root, member (supplementary group only), outsider.
as() {
	who=$1; shift
	case $who in
	root)	"$@" ;;
	member)	setpriv --reuid="$M" --regid=nogroup --init-groups "$@" ;;
	outsider) setpriv --reuid="$O" --regid=nogroup --init-groups "$@" ;;
	esac
}
silences() { $IW --json alerts | "$PYTHON" -c 'import json, sys
print(len(json.load(sys.stdin)["silences"]))'; }

for who in root member outsider; do
	for cmd in status tunnels "show a00001" alerts metrics "status --check"; do
		# shellcheck disable=SC2086
		as $who $IW $cmd > "$T/out" 2> "$T/err" ||
		    fail "$cmd as $who: exit $? ($(cat "$T/err"))"
		[ -s "$T/out" ] || fail "$cmd as $who: no output"
	done
	as $who $IW --json show a00001 | iw_json tunnel.state > "$T/out"
	[ "$(cat "$T/out")" = up ] || fail "show as $who: state $(cat "$T/out")"
	as $who $IW metrics | grep -q '^ipsecwatch_tunnel_up{tunnel="a00001"} 1$' ||
	    fail "metrics as $who lack a00001 up"
done
pass "status, tunnels, show, alerts, metrics, status --check: root, member and outsider"

# Changing commands: root and the member.
for who in root member; do
	n0=$(silences)
	as $who $IW silence a00002 1h "perm test by $who" > "$T/out" 2> "$T/err" ||
	    fail "silence as $who: $(cat "$T/err")"
	id=$(sed -n 's/^silence \([^ ]*\) added$/\1/p' "$T/out")
	[ -n "$id" ] || fail "silence as $who: $(cat "$T/out")"
	[ "$(silences)" -eq $((n0 + 1)) ] || fail "silence as $who did not add one"
	as $who $IW unsilence "$id" > "$T/out" 2> "$T/err" || fail "unsilence as $who: $(cat "$T/err")"
	[ "$(silences)" -eq "$n0" ] || fail "unsilence as $who did not remove it"
	as $who $IW reload > "$T/out" 2> "$T/err" || fail "reload as $who: $(cat "$T/err")"
	as $who $IW test-alert con > "$T/out" 2> "$T/err" || fail "test-alert as $who: $(cat "$T/err")"
	iw_has "$T/out" "test notification delivered to con" || fail "test-alert as $who: $(cat "$T/out")"
done
[ "$(grep -c 'configuration reloaded' "$DLOG")" -eq 2 ] || fail "not two reloads: $(grep reload "$DLOG")"
pass "silence, unsilence, reload, test-alert: root and the member of $G"

# The outsider: refused, exit 1, nothing changed.
$IW silence a00000 1h "root's" > "$T/out" || fail "silence as root"
rootid=$(sed -n 's/^silence \([^ ]*\) added$/\1/p' "$T/out")
n0=$(silences)
reloads0=$(grep -c 'configuration reloaded' "$DLOG")
tests0=$(grep -c 'test' "$DLOG")
for cmd in "silence a00002 1h outsider" "silence tunnel_down 1h" "unsilence $rootid" \
    reload "test-alert con"; do
	name=${cmd%% *}
	# shellcheck disable=SC2086
	as outsider $IW $cmd > "$T/out" 2> "$T/err"; st=$?
	[ $st -eq 1 ] || fail "$cmd as outsider: exit $st, want 1 ($(cat "$T/out" "$T/err"))"
	[ "$(cat "$T/err")" = "ipsecwatch: $name: $name: permission denied (root or members of the control group only)" ] ||
	    fail "$cmd as outsider: $(cat "$T/err")"
	[ -s "$T/out" ] && fail "$cmd as outsider printed: $(cat "$T/out")"
	iw_has "$DLOG" "$name refused to uid $(id -u "$O")" || fail "$cmd refusal not logged"
	# --json: the daemon's error reply, exit 1.
	# shellcheck disable=SC2086
	as outsider $IW --json $cmd > "$T/out" 2>/dev/null; st=$?
	[ $st -eq 1 ] || fail "--json $cmd as outsider: exit $st"
	[ "$(iw_json ok < "$T/out")" = false ] || fail "--json $cmd as outsider: $(cat "$T/out")"
done
[ "$(silences)" -eq "$n0" ] || fail "the outsider's silence changed the silences: $($IW --json alerts)"
$IW --json alerts | grep -q "$rootid" || fail "the outsider removed root's silence"
$IW --json alerts | grep -q outsider && fail "a silence of the outsider exists"
[ "$(grep -c 'configuration reloaded' "$DLOG")" -eq "$reloads0" ] || fail "the outsider's reload ran"
pass "outsider: silence, unsilence, reload, test-alert refused (exit 1, permission denied), nothing changed"

# Mode 0660 (owner root, group $G): the outsider cannot even connect.
write_conf 0660
$IW reload > /dev/null || fail "reload to mode 0660"
[ "$(stat -c %a:%G "$SOCK")" = "660:$G" ] || fail "socket is $(stat -c %a:%G "$SOCK")"
as member $IW status > /dev/null || fail "member cannot read status through the group"
as member $IW silence a00001 5m > /dev/null || fail "member cannot silence with mode 0660"
as outsider $IW status > /dev/null 2> "$T/err"; st=$?
[ $st -eq 2 ] || fail "status as outsider on a 0660 socket: exit $st, want 2"
iw_has "$T/err" "Permission denied" || fail "outsider on a 0660 socket: $(cat "$T/err")"
as outsider $IW silence a00001 5m > /dev/null 2>&1; st=$?
[ $st -eq 2 ] || fail "silence as outsider on a 0660 socket: exit $st, want 2"
pass "mode 0660: the member reads and changes, the outsider cannot connect (exit 2)"

iw_stop TERM
[ "$IW_STATUS" -eq 0 ] || fail "exit status $IW_STATUS"
exit 0
