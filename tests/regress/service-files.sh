#!/bin/sh
# The service files: systemd-analyze verify on the unit, the SysV script's
# syntax and LSB header, sysusers.d and tmpfiles.d snippets applied to a
# scratch root, the man pages lint-clean.
. "$top_srcdir/tests/regress/lib.sh"

UNIT=$top_builddir/init/ipsecwatchd.service
INIT=$top_builddir/init/ipsecwatchd.init
[ -f "$UNIT" ] && [ -f "$INIT" ] || fail "service files not generated"
grep -q "^ExecStart=/.*/ipsecwatchd\$" "$UNIT" || fail "ExecStart not an absolute path: $(grep ^ExecStart "$UNIT")"
grep -q "@[a-z]*@" "$UNIT" "$INIT" "$top_builddir/init/ipsecwatch.sysusers" \
    "$top_builddir/init/ipsecwatch.tmpfiles" && fail "unsubstituted @variables@ left"
for k in Type=notify WatchdogSec= Restart=on-failure User=ipsecwatch Group=ipsecwatch \
    "SupplementaryGroups=adm systemd-journal" RuntimeDirectory=ipsecwatch \
    StateDirectory=ipsecwatch NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes \
    PrivateTmp=yes "CapabilityBoundingSet=" \
    "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK" \
    SystemCallFilter=@system-service ExecReload=; do
	grep -q "^$k" "$UNIT" || fail "unit lacks $k"
done
pass "unit names the installed binary and has every required setting"

sh -n "$INIT" || fail "SysV script has a syntax error"
for k in "### BEGIN INIT INFO" "# Provides:" "# Required-Start:" "# Required-Stop:" \
    "# Default-Start:" "# Default-Stop:" "# Short-Description:" "### END INIT INFO"; do
	iw_has "$INIT" "$k" || fail "SysV script lacks \"$k\""
done
pass "SysV script: syntax and LSB header"

# The SysV script drives a real daemon (its paths pointed at $T).
iw_conf
sed -e "s|^DAEMON=.*|DAEMON=$IPSECWATCHD|" -e "s|^CLI=.*|CLI=$IPSECWATCH|" \
    -e "s|^CONFIG=.*|CONFIG=$CONF|" -e "s|^PIDFILE=.*|PIDFILE=$PIDFILE|" \
    -e "s|^\[ -r /etc/default.*||" "$INIT" > "$T/init"
IPSECWATCH_SOCKET=$SOCK sh "$T/init" start >"$T/out" 2>&1 || fail "init start: $(cat "$T/out")"
pid=$(cat "$PIDFILE")
IW_PIDS="$IW_PIDS $pid"
sh "$T/init" status >/dev/null || fail "init status: not running"
IPSECWATCH_SOCKET=$SOCK sh "$T/init" reload >"$T/out" 2>&1 || fail "init reload: $(cat "$T/out")"
sh "$T/init" stop >/dev/null || fail "init stop"
iw_alive "$pid" && fail "init stop left the daemon running"
sh "$T/init" status >/dev/null
[ $? -eq 3 ] || fail "init status of a stopped daemon is not 3"
pass "SysV script starts, reloads, reports and stops the daemon"

if command -v systemd-analyze >/dev/null; then
	# Verify against the built binaries and the man pages of this tree.
	mkdir -p "$T/man/man1" "$T/man/man8"
	cp "$top_srcdir/man/ipsecwatch.1" "$T/man/man1/"
	cp "$top_srcdir/man/ipsecwatchd.8" "$T/man/man8/"
	sed -e "s|^ExecStart=.*|ExecStart=$IPSECWATCHD|" \
	    -e "s|^ExecReload=[^ ]*|ExecReload=$IPSECWATCH|" "$UNIT" > "$T/ipsecwatchd.service"
	MANPATH=$T/man SYSTEMD_LOG_LEVEL=notice systemd-analyze verify \
	    "$T/ipsecwatchd.service" >"$T/verify" 2>&1 || fail "systemd-analyze verify: $(cat "$T/verify")"
	# Unknown keys are only warnings: allow no output at all.
	[ -s "$T/verify" ] && fail "systemd-analyze verify complained: $(cat "$T/verify")"
	pass "systemd-analyze verify"
else
	echo "note: systemd-analyze not installed, unit not verified"
fi

if command -v systemd-sysusers >/dev/null && command -v systemd-tmpfiles >/dev/null; then
	R=$T/root
	mkdir -p "$R/etc" "$R/run" "$R/var/lib"
	systemd-sysusers --root="$R" "$top_builddir/init/ipsecwatch.sysusers" >"$T/out" 2>&1 ||
	    fail "systemd-sysusers: $(cat "$T/out")"
	grep -q "^ipsecwatch:" "$R/etc/passwd" || fail "sysusers created no user ipsecwatch"
	grep -q "^adm:.*ipsecwatch" "$R/etc/group" || fail "ipsecwatch not in adm"
	grep -q "^systemd-journal:.*ipsecwatch" "$R/etc/group" || fail "ipsecwatch not in systemd-journal"
	systemd-tmpfiles --root="$R" --create "$top_builddir/init/ipsecwatch.tmpfiles" >"$T/out" 2>&1 ||
	    fail "systemd-tmpfiles: $(cat "$T/out")"
	rundir=$(awk '$1 == "d" { print $2; exit }' "$top_builddir/init/ipsecwatch.tmpfiles")
	[ -d "$R$rundir" ] || fail "tmpfiles did not create $rundir"
	uid=$(grep "^ipsecwatch:" "$R/etc/passwd" | cut -d: -f3)
	[ "$(stat -c %u "$R$rundir")" = "$uid" ] || fail "$rundir not owned by ipsecwatch"
	pass "sysusers.d and tmpfiles.d snippets applied to a scratch root"
else
	echo "note: systemd-sysusers/systemd-tmpfiles not installed, snippets not applied"
fi

if command -v mandoc >/dev/null; then
	mandoc -T lint -W warning "$top_srcdir/man/ipsecwatchd.8" "$top_srcdir/man/ipsecwatch.1" \
	    >"$T/out" 2>&1 || fail "mandoc -T lint: $(cat "$T/out")"
	pass "man pages lint-clean"
else
	echo "note: mandoc not installed, man pages not linted"
fi
exit 0
