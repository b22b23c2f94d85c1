#!/bin/sh
# Started as root with "user" set, the daemon runs as that user and group
# with the user's supplementary groups; root is refused as the user; a
# non-root start cannot switch users.
. "$top_srcdir/tests/regress/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "dropping privileges needs root (running as uid $(id -u))"
command -v useradd >/dev/null && command -v groupadd >/dev/null ||
    skip "useradd/groupadd not installed"

U=iwdrop$$
G=iwdropx$$
iw_temp_group "$G"
iw_temp_user "$U" "$G"
uid=$(id -u "$U")
gid=$(id -g "$U")
sgid=$(getent group "$G" | cut -d: -f3)

# The user must be able to write its pid file and remove the socket.
mkdir "$T/run"
chown "$U" "$T/run"
SOCK=$T/run/ipsecwatch.sock
PIDFILE=$T/run/ipsecwatchd.pid
iw_conf <<EOC
user = "$U";
EOC
iw_start
st=/proc/$IW_PID/status
grep -q "^Uid:[[:space:]]*$uid[[:space:]]*$uid[[:space:]]*$uid[[:space:]]*$uid\$" "$st" ||
    fail "not running as uid $uid: $(grep ^Uid "$st")"
grep -q "^Gid:[[:space:]]*$gid[[:space:]]*$gid[[:space:]]*$gid[[:space:]]*$gid\$" "$st" ||
    fail "not running as gid $gid: $(grep ^Gid "$st")"
grep "^Groups:" "$st" | grep -qw "$sgid" || fail "supplementary group $G lost: $(grep ^Groups "$st")"
grep "^Groups:" "$st" | grep -qw 0 && fail "root group kept: $(grep ^Groups "$st")"
grep -q "^CapEff:[[:space:]]*0*\$" "$st" || fail "capabilities kept: $(grep ^CapEff "$st")"
[ "$(stat -c %U "$SOCK")" = "$U" ] || fail "socket owned by $(stat -c %U "$SOCK")"
[ "$(stat -c %U "$PIDFILE")" = "$U" ] || fail "pid file written by $(stat -c %U "$PIDFILE")"
iw_has "$DLOG" "running as user $U (uid $uid, gid $gid)" || fail "no log of the switch"
pass "running as $U ($uid:$gid) with supplementary group $G, no capabilities"

# A reload (reading the config as the user) still works.
chmod 644 "$CONF"
out=$("$IPSECWATCH" --socket "$SOCK" reload) || fail "reload as $U failed"
iw_stop TERM
[ "$IW_STATUS" -eq 0 ] || fail "exit status $IW_STATUS"
[ -e "$SOCK" ] || [ -e "$PIDFILE" ] && fail "socket or pid file left behind by the unprivileged daemon"
pass "reload and shutdown as $U"

# A missing socket directory is created for the user, who can then write
# its pid file there and remove the socket at exit.
SOCK=$T/run2/ipsecwatch.sock
PIDFILE=$T/run2/ipsecwatchd.pid
iw_conf <<EOC
user = "$U";
EOC
iw_start
[ "$(stat -c %U "$T/run2")" = "$U" ] || fail "created directory owned by $(stat -c %U "$T/run2")"
[ -s "$PIDFILE" ] || fail "no pid file in the created directory"
iw_stop TERM
[ -e "$SOCK" ] || [ -e "$PIDFILE" ] && fail "socket or pid file left in the created directory"
SOCK=$T/run/ipsecwatch.sock
PIDFILE=$T/run/ipsecwatchd.pid
pass "missing socket directory created for $U"

# group = ... overrides the user's primary group.
iw_conf <<EOC
user = "$U";
group = "$G";
EOC
iw_start
grep -q "^Gid:[[:space:]]*$sgid[[:space:]]" "/proc/$IW_PID/status" || fail "group setting ignored"
iw_stop TERM
pass "group setting"

# Root as the configured user is refused.
iw_conf <<EOC
user = "root";
EOC
"$IPSECWATCHD" -f -c "$CONF" >"$T/out" 2>&1 && fail "started with user = root"
iw_has "$T/out" "refusing to keep root privileges" || fail "user root: $(cat "$T/out")"
[ -e "$SOCK" ] && fail "socket left after the refusal"
pass "user = root refused"

# Started as another unprivileged user: cannot switch, says so.
command -v setpriv >/dev/null || skip "setpriv not installed"
iw_conf <<EOC
user = "$U";
EOC
chown nobody "$T/run"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$IPSECWATCHD" -f -c "$CONF" >"$T/out" 2>&1 &&
    fail "nobody switched to $U"
iw_has "$T/out" "cannot become user \"$U\": not started as root" || fail "as nobody: $(cat "$T/out")"
pass "non-root start cannot switch users"
exit 0
