#!/bin/sh
# Plugin loading: a plugin is loaded from a directory writable only by its
# owner (root or us), and refused with a clear message when the directory
# or the file is group- or world-writable, when the file is not a plugin,
# or when the name tries to leave the directory.  The console plugin prints.
. "$(dirname "$0")/alert-lib.sh"

mkdir "$T/plugins"
chmod 755 "$T/plugins"
cp "$IPSECWATCH_PLUGIN_DIR/console.so" "$T/plugins/console.so"
chmod 755 "$T/plugins/console.so"
printf 'not an ELF file\n' >"$T/plugins/bogus.so"
chmod 644 "$T/plugins/bogus.so"

scenario() {	# scenario PLUGIN
	cat >"$T/sc.json" <<JSON
{"hostname": "gw1", "spool_dir": "$T/spool", "plugin_dir": "$T/plugins",
 "alerts": {"group_wait": 0, "group_interval": 0},
 "receivers": [{"name": "con", "plugin": "$1"}],
 "script": [{"at": 0, "fire": true, "kind": "tunnel_down", "tunnel": "t9", "peer": "192.0.2.9"}]}
JSON
}

scenario console
run_send "$T/sc.json" -t 10 || fail "console from a safe directory: $(tail -3 "$T/send.log")"
grep -q '^==== \[ipsecwatch\] gw1: CRITICAL tunnel down (tunnel_down): tunnel t9' "$T/send.out" ||
    fail "console output missing"

chmod 775 "$T/plugins"
: >"$T/send.log"
run_send "$T/sc.json" -t 5 && fail "loaded from a group-writable directory"
grep -q "plugins: writable by its group (mode 0775); refusing to load plugins from it" "$T/send.log" ||
    fail "no clear message: $(cat "$T/send.log")"

chmod 757 "$T/plugins"
: >"$T/send.log"
run_send "$T/sc.json" -t 5 && fail "loaded from a world-writable directory"
grep -q "writable by everyone" "$T/send.log" || fail "no clear message: $(cat "$T/send.log")"

chmod 755 "$T/plugins"
chmod 666 "$T/plugins/console.so"
: >"$T/send.log"
run_send "$T/sc.json" -t 5 && fail "loaded a world-writable file"
grep -q "console.so: writable by everyone (mode 0666)" "$T/send.log" || fail "file mode: $(cat "$T/send.log")"
chmod 755 "$T/plugins/console.so"

ln -s "$IPSECWATCH_PLUGIN_DIR/console.so" "$T/plugins/linked.so"
scenario linked
: >"$T/send.log"
run_send "$T/sc.json" -t 5 && fail "loaded through a symbolic link"
grep -q "linked.so: a symbolic link; refusing to load it" "$T/send.log" || fail "link: $(cat "$T/send.log")"

scenario bogus
: >"$T/send.log"
run_send "$T/sc.json" -t 5 && fail "loaded a bogus plugin"
grep -q "receiver con: plugin bogus:" "$T/send.log" || fail "bogus: $(cat "$T/send.log")"

scenario ../plugins/console
: >"$T/send.log"
run_send "$T/sc.json" -t 5 && fail "loaded a plugin by path"
grep -q 'bad plugin name "../plugins/console"' "$T/send.log" || fail "path: $(cat "$T/send.log")"
echo "PASS"
