#!/bin/sh
# Authorization on the status socket: reading commands for anyone who can
# connect, "reload" only for root, the daemon's user and members of
# control.group (primary or supplementary).
. "$top_srcdir/tests/regress/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root to run clients as other users (running as uid $(id -u))"
command -v setpriv >/dev/null || skip "setpriv not installed"
command -v useradd >/dev/null || skip "useradd not installed"

G=iwctlg$$
M=iwctlm$$
iw_temp_group "$G"
iw_temp_user "$M" "$G"

# Mode 0666 so that nobody may connect at all.
IW_MODE=0666 iw_conf
sed -i "s|mode = \"0666\";|mode = \"0666\"; group = \"$G\";|" "$CONF"
iw_start
[ "$(stat -c %G "$SOCK")" = "$G" ] || fail "socket group $(stat -c %G "$SOCK"), want $G"

as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}
as_member() {
	# Member through a supplementary group only.
	setpriv --reuid="$M" --regid=nogroup --init-groups "$@"
}
as_primary() {
	setpriv --reuid=nobody --regid="$G" --clear-groups "$@"
}

as_nobody "$IPSECWATCH" --socket "$SOCK" status >/dev/null || fail "nobody may not read status"
as_nobody "$IPSECWATCH" --socket "$SOCK" reload >"$T/out" 2>"$T/err"
st=$?
[ $st -eq 1 ] || fail "reload as nobody exited $st, want 1"
iw_has "$T/err" "reload: permission denied" || fail "reload as nobody: $(cat "$T/err")"
iw_has "$DLOG" "reload refused to uid $(id -u nobody)" || fail "refusal not logged"
iw_has "$DLOG" "configuration reloaded" && fail "nobody's reload ran"
as_nobody "$PYTHON" "$REGRESS/ctl-send.py" "$SOCK" line reload > "$T/r"
[ "$(iw_json ok < "$T/r")" = false ] || fail "raw reload as nobody not refused"
pass "nobody: status allowed, reload refused"

as_member "$IPSECWATCH" --socket "$SOCK" reload >"$T/out" 2>&1 || fail "reload as a supplementary member of $G: $(cat "$T/out")"
as_primary "$IPSECWATCH" --socket "$SOCK" reload >"$T/out" 2>&1 || fail "reload with primary group $G: $(cat "$T/out")"
"$IPSECWATCH" --socket "$SOCK" reload >"$T/out" 2>&1 || fail "reload as root: $(cat "$T/out")"
[ "$(grep -c "configuration reloaded" "$DLOG")" -eq 3 ] || fail "not three reloads"
pass "members of $G (supplementary and primary) and root may reload"

# Without control.group only root (and the daemon's user) may.
IW_MODE=0666 iw_conf
"$IPSECWATCH" --socket "$SOCK" reload >/dev/null || fail "reload dropping the group failed"
as_member "$IPSECWATCH" --socket "$SOCK" reload >/dev/null 2>&1 && fail "member of $G may reload without control.group"
pass "the control group takes effect on reload"

# Mode 0660 root:root: nobody cannot even connect.
IW_MODE=0660 iw_conf
"$IPSECWATCH" --socket "$SOCK" reload >/dev/null || fail "reload to 0660 failed"
as_nobody "$IPSECWATCH" --socket "$SOCK" status >/dev/null 2>"$T/err"
st=$?
[ $st -eq 2 ] || fail "status as nobody on a 0660 socket exited $st, want 2"
iw_has "$T/err" "Permission denied" || fail "no reason: $(cat "$T/err")"
pass "socket mode keeps others out (exit 2, Permission denied)"
iw_stop TERM
exit 0
