#!/bin/sh
# man-lint.sh - the manual pages: "mandoc -T lint -W warning" and, when
# man(1) and groff are installed, "man --warnings" on every page in man/,
# failing on any message; then the pages against the code:
#   ipsecwatch.conf(5)  every key of conf.c's key tables is an item
#                       ".It Ic key No =", and every such item is a key;
#   ipsecwatch(1)       every command of the CLI's table is an item of
#                       COMMANDS and every item there a command; every long
#                       option is documented; the exit codes of
#                       "status --check" agree with the CLI's own help;
#   ipsecwatchd(8)      every getopt letter is an item ".It Fl X" and back;
#                       every signal the daemon handles is in SIGNALS; every
#                       command of the status socket (ctl.c) is listed, and
#                       the privileged ones are named as such.
set -u
: "${top_srcdir:?top_srcdir not set (run through make check)}"
: "${top_builddir:?top_builddir not set (run through make check)}"

MAN=$top_srcdir/man
SRC=$top_srcdir/src
T=$(mktemp -d "${TMPDIR:-/tmp}/iw-man.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
failed=0
bad() { echo "FAIL: $*" >&2; failed=1; }
pass() { echo "ok: $*"; }

command -v mandoc >/dev/null || { echo "SKIP: mandoc not installed (apt-get install mandoc; contrib/install-deps.sh)" >&2; exit 77; }

pages=$(ls "$MAN"/*.[1-8])
[ -n "$pages" ] || { echo "FAIL: no pages in $MAN" >&2; exit 1; }
for p in $pages; do
	mandoc -T lint -W warning "$p" > "$T/lint" 2>&1
	st=$?
	if [ $st -ne 0 ] || [ -s "$T/lint" ]; then
		bad "mandoc -T lint $(basename "$p") (exit $st):"
		cat "$T/lint" >&2
	fi
done
[ $failed -eq 0 ] && pass "mandoc -T lint -W warning: $(echo "$pages" | wc -w) pages clean"

if command -v man >/dev/null && command -v groff >/dev/null; then
	for p in $pages; do
		LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$p" \
		    > /dev/null 2> "$T/warn"
		if [ -s "$T/warn" ]; then
			bad "man --warnings $(basename "$p"):"
			cat "$T/warn" >&2
		fi
	done
	[ $failed -eq 0 ] && pass "man --warnings: clean"
else
	echo "note: man or groff missing, man --warnings not run"
fi

# Section $2 of page $1 (from ".Sh $2" to the next ".Sh").
section() {
	awk -v s="$2" '/^\.Sh / { on = ($0 == ".Sh " s); next } on' "$1"
}
# The lines only in the first of two sorted lists, as "a, b".
only() { comm -23 "$1" "$2" | tr '\n' ' '; }

# --- ipsecwatch.conf(5) and the key tables of conf.c -------------------
# Rows such as  { "name", KT_STR, ... }  or  [RK_URL] = { "url", KT_SECRET, ...
sed -n 's/^[[:space:]]*\(\[[A-Z_]*\] = \)\{0,1\}{ "\([a-z_0-9]*\)", KT_\([A-Z]*\).*/\2 \3/p' \
    "$SRC"/conf*.c | sort -u > "$T/keys-all"
[ "$(wc -l < "$T/keys-all")" -ge 40 ] || bad "found only $(wc -l < "$T/keys-all") keys in src/conf*.c"
grep -v ' SUB$' "$T/keys-all" | cut -d' ' -f1 | sort -u > "$T/keys"
grep ' SUB$' "$T/keys-all" | cut -d' ' -f1 | sort -u > "$T/groups"
sed -n 's/^\.It Ic \([a-z_0-9]*\) No =.*/\1/p' "$MAN/ipsecwatch.conf.5" | sort -u > "$T/keys-man"
missing=$(only "$T/keys" "$T/keys-man")
extra=$(only "$T/keys-man" "$T/keys")
[ -z "$missing" ] || bad "ipsecwatch.conf.5 lacks \".It Ic KEY No =\" for: $missing"
[ -z "$extra" ] || bad "ipsecwatch.conf.5 documents keys the parser does not know: $extra"
for g in $(cat "$T/groups"); do
	grep -q "^\.Ic $g\$" "$MAN/ipsecwatch.conf.5" || bad "ipsecwatch.conf.5 does not introduce the group $g"
done
[ -z "$missing$extra" ] && pass "ipsecwatch.conf.5: the $(wc -l < "$T/keys") keys and $(wc -l < "$T/groups") groups of the parser, no others"

# --- ipsecwatch(1) and the CLI ------------------------------------------
awk '/^static const struct cli_command cli_commands\[\] = {/ { on = 1; next }
    on && /^};/ { on = 0 }
    on' "$SRC/ipsecwatch.c" | sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", .*/\1/p' |
    sort -u > "$T/cmds"
[ "$(wc -l < "$T/cmds")" -ge 10 ] || bad "found only $(wc -l < "$T/cmds") CLI commands"
section "$MAN/ipsecwatch.1" COMMANDS > "$T/commands.1"
# Items of the outer list: ".It Ic name" or an ".It Xo" block's ".Ic name".
awk '/^\.It Xo/ { xo = 1; next } xo && /^\.Ic / { print $2; xo = 0; next }
    /^\.It Ic / { print $3 }' "$T/commands.1" | sort -u > "$T/cmds-man"
missing=$(only "$T/cmds" "$T/cmds-man")
extra=$(only "$T/cmds-man" "$T/cmds")
[ -z "$missing" ] || bad "ipsecwatch.1 COMMANDS lacks: $missing"
[ -z "$extra" ] || bad "ipsecwatch.1 COMMANDS names what the CLI does not have: $extra"
sed -n 's/^[[:space:]]*{ "\([a-z-]*\)",[[:space:]]*[a-z_]*_argument.*/\1/p' "$SRC/ipsecwatch.c" |
    sort -u > "$T/longopts"
for o in $(cat "$T/longopts"); do
	grep -q "Fl -$o\\b" "$MAN/ipsecwatch.1" || bad "ipsecwatch.1 lacks the option --$o"
done
[ -z "$missing$extra" ] && pass "ipsecwatch.1: the $(wc -l < "$T/cmds") commands and $(wc -l < "$T/longopts") options of the CLI"

# status --check: the codes in the man page are those of "ipsecwatch help status".
if [ -x "$top_builddir/src/ipsecwatch" ]; then
	"$top_builddir/src/ipsecwatch" help status > "$T/help" 2>&1 || bad "ipsecwatch help status failed"
	for pair in 0:OK 1:WARNING 2:CRITICAL 3:UNKNOWN; do
		n=${pair%%:*} w=${pair#*:}
		tr '\n' ' ' < "$T/help" | grep -q "$n $w" || bad "ipsecwatch help status lacks \"$n $w\""
		tr '\n' ' ' < "$MAN/ipsecwatch.1" | grep -q "$n ($w)" || bad "ipsecwatch.1 lacks \"$n ($w)\" for status --check"
		grep -q "IPSECWATCH $w" "$SRC/ipsecwatch.c" || bad "the CLI never prints IPSECWATCH $w"
	done
	pass "status --check: OK 0, WARNING 1, CRITICAL 2, UNKNOWN 3 in the page, the help and the code"
fi

# --- ipsecwatchd(8): options, signals, socket commands ------------------
opts=$(sed -n 's/.*getopt(argc, argv, "\([^"]*\)").*/\1/p' "$SRC/ipsecwatchd.c" | tr -d ':')
[ -n "$opts" ] || bad "no getopt string in src/ipsecwatchd.c"
echo "$opts" | fold -w1 | sort -u > "$T/dopts"
section "$MAN/ipsecwatchd.8" DESCRIPTION | sed -n 's/^\.It Fl \([A-Za-z]\).*/\1/p' | sort -u > "$T/dopts-man"
missing=$(only "$T/dopts" "$T/dopts-man")
extra=$(only "$T/dopts-man" "$T/dopts")
[ -z "$missing" ] || bad "ipsecwatchd.8 lacks the options: $missing"
[ -z "$extra" ] || bad "ipsecwatchd.8 documents options the daemon does not take: $extra"
grep -q "^\.Op Fl $(echo "$opts" | tr -d 'c')\$" "$MAN/ipsecwatchd.8" || bad "ipsecwatchd.8 SYNOPSIS does not show -$(echo "$opts" | tr -d 'c')"
sed -n 's/.*signals\[\] = {\(.*\)};.*/\1/p' "$SRC/daemon.c" | tr -d ' ' | tr ',' '\n' > "$T/sigs"
grep -q 'signal(SIGPIPE, SIG_IGN)' "$SRC/daemon.c" && echo SIGPIPE >> "$T/sigs"
[ "$(wc -l < "$T/sigs")" -ge 4 ] || bad "found only $(wc -l < "$T/sigs") signals in src/daemon.c"
section "$MAN/ipsecwatchd.8" SIGNALS > "$T/signals.8"
for s in $(cat "$T/sigs"); do
	grep -q "^\.It .*Dv $s\\b" "$T/signals.8" || bad "ipsecwatchd.8 SIGNALS lacks $s"
done
awk '/^static const struct ctl_command ctl_commands\[\] = {/ { on = 1; next }
    on && /^};/ { on = 0 }
    on' "$SRC/ctl.c" | sed -n 's/^[[:space:]]*{ "\([a-z-]*\)",[^,]*,[^,]*,[[:space:]]*\([a-z]*\),.*/\1 \2/p' > "$T/ctl"
[ "$(wc -l < "$T/ctl")" -ge 9 ] || bad "found only $(wc -l < "$T/ctl") socket commands in src/ctl.c"
section "$MAN/ipsecwatchd.8" "STATUS SOCKET" > "$T/socket.8"
# The paragraph that names the changing commands: from "may run" to its end.
awk '/^Only root/ { on = 1 } on && /^\.Pp/ { on = 0 } on' "$T/socket.8" > "$T/priv.8"
# In ipsecwatch(1) the item of reload says who may, naming the others.
awk '/^\.It Ic reload$/ { on = 1; next } on && /^\.It / { on = 0 } on' \
    "$T/commands.1" > "$T/priv.1"
grep -q "^Needs root" "$T/priv.1" || bad "ipsecwatch.1: reload does not say who may run it"
while read -r c priv; do
	grep -q "^\.It Ic $c\\b" "$T/socket.8" || bad "ipsecwatchd.8 STATUS SOCKET lacks the command $c"
	if [ "$priv" = true ]; then
		grep -q "^\.Ic $c\\b" "$T/priv.8" || bad "ipsecwatchd.8 does not say that $c needs root or control.group"
		[ "$c" = reload ] || grep -q "^\.Ic $c\\b" "$T/priv.1" ||
		    bad "ipsecwatch.1 does not say that $c needs root or the control group"
	else
		grep -q "^\.Ic $c\\b" "$T/priv.8" && bad "ipsecwatchd.8 says $c needs privileges; ctl.c lets anyone run it"
	fi
done < "$T/ctl"
pass "ipsecwatchd.8: options -$opts, $(wc -l < "$T/sigs") signals, $(wc -l < "$T/ctl") socket commands ($(grep -c ' true$' "$T/ctl") privileged)"

exit $failed
