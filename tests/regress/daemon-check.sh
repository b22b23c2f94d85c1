#!/bin/sh
# ipsecwatchd -n, -V, -h and bad options: exit codes and messages.
. "$top_srcdir/tests/regress/lib.sh"

# A good config.
iw_conf
out=$("$IPSECWATCHD" -n -c "$CONF" 2>"$T/err") || fail "-n on a good config failed: $(cat "$T/err")"
[ "$out" = "configuration OK" ] || fail "-n printed \"$out\""
[ -s "$T/err" ] && fail "-n on a good config wrote to stderr: $(cat "$T/err")"
pass "-n on a good config"

# The example of DESIGN.md, with its user and groups replaced by ones that exist.
sed -e 's/"ipsecwatch";/"root";/' -e 's/^user = "root";/user = "nobody";/' \
    "$top_srcdir/tests/conf/good/design-example.conf" > "$T/design.conf"
if "$IPSECWATCHD" -V | grep -q "^libsystemd no"; then
	# Its journal input is a clear error in a build without systemd.
	"$IPSECWATCHD" -n -c "$T/design.conf" >/dev/null 2>"$T/err" &&
	    fail "-n accepted a journal input without systemd support"
	grep -q "^$T/design.conf:[0-9]*: .*without systemd" "$T/err" ||
	    fail "-n on the DESIGN example: $(cat "$T/err")"
	pass "-n on the DESIGN.md example: journal input refused without systemd"
else
	out=$("$IPSECWATCHD" -n -c "$T/design.conf" 2>"$T/err") ||
	    fail "-n on the DESIGN example failed: $(cat "$T/err")"
	[ "$out" = "configuration OK" ] || fail "-n printed \"$out\""
	pass "-n on the DESIGN.md example"
fi

# Several errors: all reported, each as file:line: message, exit 1.
cat > "$T/bad.conf" <<EOC
pidfile = "$PIDFILE";
no_such_option = 1;
control = { socket = "relative.sock"; };
user = "iw-no-such-user";
EOC
"$IPSECWATCHD" -n -c "$T/bad.conf" >"$T/out" 2>"$T/err"
st=$?
[ $st -eq 1 ] || fail "-n on a bad config exited $st, want 1"
[ -s "$T/out" ] && fail "-n on a bad config wrote to stdout: $(cat "$T/out")"
grep -q "^$T/bad.conf:2: .*no_such_option" "$T/err" || fail "no file:line for the unknown key: $(cat "$T/err")"
grep -q "^$T/bad.conf:3: .*absolute" "$T/err" || fail "no file:line for the relative socket: $(cat "$T/err")"
pass "-n on a bad config reports every error as file:line: message"

# A user that does not exist is caught by -n too (the start would fail).
iw_conf "$T/user.conf" <<EOC
user = "iw-no-such-user";
EOC
"$IPSECWATCHD" -n -c "$T/user.conf" >/dev/null 2>"$T/err" && fail "-n accepted a missing user"
iw_has "$T/err" 'user "iw-no-such-user": no such user' || fail "missing user: $(cat "$T/err")"
pass "-n reports a missing user"

# A syntax error and a missing file.
printf 'pidfile = "/x"\ncontrol = {\n' > "$T/syntax.conf"
"$IPSECWATCHD" -n -c "$T/syntax.conf" >/dev/null 2>"$T/err" && fail "-n accepted a syntax error"
grep -q "^$T/syntax.conf:[0-9]*: " "$T/err" || fail "syntax error without file:line: $(cat "$T/err")"
"$IPSECWATCHD" -n -c "$T/missing.conf" >/dev/null 2>"$T/err" && fail "-n accepted a missing file"
iw_has "$T/err" "$T/missing.conf" || fail "missing file not named: $(cat "$T/err")"
pass "-n on a syntax error and a missing file"

# -V names the libraries; -h; unknown options and stray arguments.
"$IPSECWATCHD" -V > "$T/v" || fail "-V failed"
for lib in "ipsecwatchd " "libevent " "libcurl " "libconfig " "jansson " "libsystemd "; do
	grep -q "^$lib" "$T/v" || fail "-V does not name $lib: $(cat "$T/v")"
done
"$IPSECWATCHD" -h | grep -q "usage: ipsecwatchd" || fail "-h without usage"
"$IPSECWATCHD" -x >/dev/null 2>&1 && fail "-x accepted"
"$IPSECWATCHD" -n -c "$CONF" extra >/dev/null 2>&1 && fail "stray argument accepted"
pass "-V, -h and bad options"
exit 0
