#!/bin/sh
# SIGHUP and "ipsecwatch reload": a good config takes effect; a broken one
# is refused with every error logged and the daemon keeps running on the
# old one.
. "$top_srcdir/tests/regress/lib.sh"

iw_conf
iw_start
[ "$(stat -c %a "$SOCK")" = 660 ] || fail "socket mode not 660 at start"

# A good changed config: the socket mode follows.
IW_MODE=0600 iw_conf
kill -HUP "$IW_PID"
iw_wait 50 sh -c "[ \"\$(stat -c %a '$SOCK')\" = 600 ]" || fail "mode not changed by SIGHUP"
iw_wait 50 iw_has "$DLOG" "configuration reloaded" || fail "no reload message"
"$IPSECWATCH" --socket "$SOCK" status --json > "$T/st" || fail "status after reload"
[ "$(iw_json daemon.last_reload.ok < "$T/st")" = true ] || fail "status: last reload not ok: $(cat "$T/st")"
pass "SIGHUP with a good changed config takes effect"

# A broken config: two errors, both logged; the daemon keeps the old one.
cp "$CONF" "$T/good.conf"
cat >> "$CONF" <<EOC
bogus_key = 1;
tunnels = { down_grace = "forever"; };
EOC
kill -HUP "$IW_PID"
iw_wait 50 iw_has "$DLOG" "configuration not reloaded (2 errors)" || fail "no refusal logged"
iw_alive || fail "daemon died on a broken config"
iw_has "$DLOG" "$CONF:4: " || fail "error in line 4 not logged"
iw_has "$DLOG" "$CONF:5: " || fail "error in line 5 not logged"
[ "$(stat -c %a "$SOCK")" = 600 ] || fail "socket mode changed by a refused config"
"$IPSECWATCH" --socket "$SOCK" status --json > "$T/st" || fail "status after a failed reload"
[ "$(iw_json daemon.last_reload.ok < "$T/st")" = false ] || fail "status does not show the failed reload"
[ "$(iw_json daemon.last_reload.errors < "$T/st")" = 2 ] || fail "status: wrong error count"
"$IPSECWATCH" --socket "$SOCK" status | grep -q "FAILED (2 errors" || fail "status table does not show the failed reload"
pass "SIGHUP with a broken config: errors logged, old config kept"

# The same through the socket: exit 1, every error printed.
"$IPSECWATCH" --socket "$SOCK" reload >"$T/out" 2>"$T/err"
st=$?
[ $st -eq 1 ] || fail "ipsecwatch reload exited $st on a broken config"
iw_has "$T/err" "configuration not reloaded (2 errors)" || fail "reload: $(cat "$T/err")"
iw_has "$T/err" "$CONF:4: " || fail "reload does not print the line 4 error"
iw_has "$T/err" "$CONF:5: " || fail "reload does not print the line 5 error"
"$IPSECWATCH" --socket "$SOCK" reload --json > "$T/out"
[ "$(iw_json ok < "$T/out")" = false ] || fail "--json reload: ok is not false"
[ "$(iw_json errors < "$T/out" | "$PYTHON" -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 2 ] ||
    fail "--json reload: errors not listed"
iw_alive || fail "daemon died"
pass "ipsecwatch reload on a broken config: exit 1, errors listed"

# Fixed again: reload through the socket works.
IW_MODE=0660 iw_conf
out=$("$IPSECWATCH" --socket "$SOCK" reload) || fail "reload of a good config failed"
[ "$out" = "configuration reloaded" ] || fail "reload printed \"$out\""
[ "$(stat -c %a "$SOCK")" = 660 ] || fail "mode not restored by ipsecwatch reload"
pass "ipsecwatch reload with a good config takes effect"

# A config file that vanished is an error too, not a crash.
mv "$CONF" "$CONF.away"
"$IPSECWATCH" --socket "$SOCK" reload >/dev/null 2>"$T/err" && fail "reload without a config file succeeded"
iw_alive || fail "daemon died without its config file"
mv "$CONF.away" "$CONF"
iw_stop TERM
[ "$IW_STATUS" -eq 0 ] || fail "exit status $IW_STATUS"
pass "missing config file on reload"
exit 0
