#!/bin/sh
# The exec plugin and the diagnostics, with real programs:
#  - argv passed without a shell (an argument with spaces and "$(...)" stays
#    one literal argument), the notification as JSON on stdin (valid against
#    the schema), IPSECWATCH_* variables;
#  - a program that ignores SIGTERM and outlives its timeout is killed
#    (SIGTERM, then SIGKILL), its children too, and the failure retried;
#  - diagnostics: %peer% and %conn% substituted, output attached to the
#    notification; a peer that is not an IP literal skips the command.
. "$(dirname "$0")/alert-lib.sh"

cat >"$T/hook.sh" <<'SH'
#!/bin/sh
out=$1
shift
n=$(ls "$out" | wc -l)
n=$((n + 1))
mkdir -p "$out/$n"
for a in "$@"; do printf '%s\n' "$a"; done >"$out/$n/argv"
cat >"$out/$n/stdin"
env | grep '^IPSECWATCH_' | sort >"$out/$n/env"
echo "hook ran for $IPSECWATCH_ID"
SH
cat >"$T/stuck.sh" <<'SH'
#!/bin/sh
trap '' TERM
echo started >>"$1"
sleep 60 &
echo $! >"$1.child"
while :; do sleep 1; done
SH
chmod 755 "$T/hook.sh" "$T/stuck.sh"
mkdir "$T/runs"
start_http hooks

cat >"$T/sc.json" <<JSON
{
 "hostname": "gw1",
 "spool_dir": "$T/spool",
 "alerts": {"group_wait": 0, "group_interval": 0, "repeat_interval": 0, "diag_wait": 3},
 "spool": {"backoff_min_ms": 200, "backoff_max_ms": 400},
 "receivers": [
  {"name": "hook", "plugin": "exec", "command": ["$T/hook.sh", "$T/runs", "two words", "\$(touch $T/pwned)"]},
  {"name": "web", "plugin": "webhook", "url": "http://127.0.0.1:$HTTP_PORT/w"}
 ],
 "diagnostics": [
  {"name": "ping", "command": ["/bin/echo", "PING", "%peer%"], "timeout": 2},
  {"name": "status", "command": ["/bin/echo", "status of", "%conn%"], "timeout": 2}
 ],
 "script": [
  {"at": 0, "fire": true, "kind": "tunnel_down", "tunnel": "site-b[3]", "peer": "192.0.2.44",
   "error": "dpd_dead_peer", "summary": "site-b down"},
  {"at": 0.2, "fire": true, "kind": "negotiation_failed", "tunnel": "-bad;name", "peer": "1.2.3.4; rm -rf /",
   "error": "no_proposal_chosen", "summary": "bad"}
 ]
}
JSON
run_send "$T/sc.json" -t 20 || fail "iw-alert-send failed: $(tail -5 "$T/send.log")"
[ -e "$T/pwned" ] && fail "an argument was run by a shell"
[ "$(ls "$T/runs" | wc -l)" -eq 2 ] || fail "hook ran $(ls "$T/runs" | wc -l) times"
grep -q "hook ran for" "$T/send.log" || fail "program output not logged"
"$PY" - "$T" "$top_srcdir/contrib/webhook-schema.json" <<'PY' || fail "exec/diag check"
import glob, json, sys
T, schema = sys.argv[1], json.load(open(sys.argv[2]))
# Which run was which (diagnostics may delay the first one).
def kind(n):
    return json.load(open("%s/runs/%d/stdin" % (T, n)))["alerts"][0]["kind"]
first, second = (1, 2) if kind(1) == "tunnel_down" else (2, 1)
argv = open("%s/runs/%d/argv" % (T, first)).read().split("\n")
assert argv[:2] == ["two words", "$(touch %s/pwned)" % T], argv
doc = json.load(open("%s/runs/%d/stdin" % (T, first)))
try:
    import jsonschema
    jsonschema.validate(doc, schema)
except ImportError:
    pass
env = dict(l.split("=", 1) for l in open("%s/runs/%d/env" % (T, first)).read().splitlines())
assert env["IPSECWATCH_KIND"] == "tunnel_down" and env["IPSECWATCH_TUNNEL"] == "site-b[3]"
assert env["IPSECWATCH_PEER"] == "192.0.2.44" and env["IPSECWATCH_STATUS"] == "firing"
assert env["IPSECWATCH_SEVERITY"] == "critical" and env["IPSECWATCH_ID"] == doc["id"]
assert env["IPSECWATCH_ERROR"] == "dpd_dead_peer" and env["IPSECWATCH_ALERT_COUNT"] == "1"
d1 = doc["alerts"][0]["diagnostics"]
assert "$ /bin/echo PING 192.0.2.44\nPING 192.0.2.44\n[exit status 0]" in d1, d1
assert "status of site-b\n" in d1, d1
doc2 = json.load(open("%s/runs/%d/stdin" % (T, second)))
d2 = doc2["alerts"][0]["diagnostics"]
assert "[ping skipped: the peer \"1.2.3.4; rm -rf /\" is not an IP address]" in d2, d2
assert "[status skipped: the connection name \"-bad;name\" is not a plain name]" in d2, d2
web = [json.loads(json.load(open(f))["body"]) for f in sorted(glob.glob(T + "/hooks/*.json"))]
assert [w["alerts"][0]["diagnostics"] for w in web if w["alerts"][0]["kind"] == "tunnel_down"] == [d1]
PY

# Timeout: SIGTERM ignored -> SIGKILL, its child killed too, retried.
cat >"$T/stuck.json" <<JSON
{
 "hostname": "gw1",
 "spool_dir": "$T/spool2",
 "alerts": {"group_wait": 0, "group_interval": 0, "repeat_interval": 0},
 "spool": {"backoff_min_ms": 200, "backoff_max_ms": 400},
 "receivers": [{"name": "stuck", "plugin": "exec", "command": ["$T/stuck.sh", "$T/stuck.log"],
                "timeout": 1}],
 "script": [{"at": 0, "fire": true, "kind": "rekey_overdue", "tunnel": "z"}]
}
JSON
run_send "$T/stuck.json" -t 7 && fail "a stuck program acknowledged?"
grep -q "timed out; sending SIGTERM" "$T/send.log" || fail "no SIGTERM"
grep -q "still running; sending SIGKILL" "$T/send.log" || fail "no SIGKILL"
[ "$(grep -c started "$T/stuck.log")" -ge 2 ] || fail "not retried"
sleep 0.3
# Dead means gone or a zombie (its parent died; init may not reap here).
cpid=$(cat "$T/stuck.log.child")
if [ -r "/proc/$cpid/stat" ] && ! awk '{ exit $3 == "Z" ? 0 : 1 }' "/proc/$cpid/stat"; then
	fail "the program's child $cpid survived"
fi
[ "$(ls "$T/spool2/stuck" | grep -c '\.json$')" -eq 1 ] || fail "entry not kept in the spool"
echo "PASS"
