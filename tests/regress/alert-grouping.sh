#!/bin/sh
# Grouping against a real HTTP receiver: ten tunnels to one peer going down
# together are one notification, and their recovery one resolved
# notification; an IKE daemon restart and the tunnels that fail right after
# it are one notification; a silenced tunnel's firing is held back, but the
# resolution of a firing that was sent still arrives during a silence.
. "$(dirname "$0")/alert-lib.sh"

start_http hooks
{
	printf '{"hostname": "gw1", "spool_dir": "%s",\n' "$T/spool"
	printf ' "alerts": {"group_wait": 1, "group_interval": 1, "repeat_interval": 0, "inhibit_window": 2},\n'
	printf ' "receivers": [{"name": "hook", "plugin": "webhook", "url": "http://127.0.0.1:%s/h"}],\n' "$HTTP_PORT"
	printf ' "script": [\n'
	for i in 0 1 2 3 4 5 6 7 8 9; do
		printf '  {"at": 0.0%s, "fire": true, "kind": "tunnel_down", "tunnel": "hq-net%s", "peer": "198.51.100.7", "error": "dpd_dead_peer"},\n' "$i" "$i"
	done
	# An inhibited follow-up on the same peer: never sent.
	printf '  {"at": 0.2, "fire": true, "kind": "negotiation_stalled", "tunnel": "hq-net3", "peer": "198.51.100.7"},\n'
	for i in 0 1 2 3 4 5 6 7 8 9; do
		printf '  {"at": 2.5%s, "fire": false, "kind": "tunnel_down", "tunnel": "hq-net%s"},\n' "$i" "$i"
	done
	printf '  {"at": 2.6, "fire": false, "kind": "negotiation_stalled", "tunnel": "hq-net3"},\n'
	# A daemon restart takes three tunnels with it.
	printf '  {"at": 5.0, "fire": true, "kind": "ike_daemon_restarted", "tunnel": "", "summary": "charon restarted"},\n'
	printf '  {"at": 5.2, "fire": true, "kind": "tunnel_down", "tunnel": "b1", "peer": "203.0.113.1"},\n'
	printf '  {"at": 5.3, "fire": true, "kind": "tunnel_down", "tunnel": "b2", "peer": "203.0.113.2"},\n'
	printf '  {"at": 5.4, "fire": true, "kind": "negotiation_failed", "tunnel": "b3", "peer": "203.0.113.3", "error": "no_proposal_chosen"},\n'
	# Silence: "s1" fires and is sent, then silenced, then resolves: resolved is sent;
	# "s2" fires during the silence: never sent.
	printf '  {"at": 8.0, "fire": true, "kind": "rekey_overdue", "tunnel": "s1"},\n'
	printf '  {"at": 9.5, "silence": {"tunnel": "s*", "for": 60, "comment": "maintenance"}},\n'
	printf '  {"at": 9.6, "fire": true, "kind": "rekey_overdue", "tunnel": "s2"},\n'
	printf '  {"at": 9.7, "fire": false, "kind": "rekey_overdue", "tunnel": "s1"}\n'
	printf ' ]}\n'
} >"$T/sc.json"

run_send "$T/sc.json" -t 30 || fail "iw-alert-send failed: $(tail -5 "$T/send.log")"
"$PY" - "$T/hooks" <<'PY' || fail "grouping"
import glob, json, sys
docs = [json.loads(json.load(open(f))["body"]) for f in sorted(glob.glob(sys.argv[1] + "/*.json"))]
summary = [(d["group"], d["status"], sorted(a["tunnel"] for a in d["alerts"])) for d in docs]
for s in summary:
    print(s)
hq = ["hq-net%d" % i for i in range(10)]
assert summary[0] == ("peer:198.51.100.7", "firing", hq), summary[0]
assert summary[1] == ("peer:198.51.100.7", "resolved", hq), summary[1]
assert all(a["kind"] == "tunnel_down" for d in docs[:2] for a in d["alerts"])
assert summary[2] == ("daemon:ike_daemon_restarted", "firing", ["", "b1", "b2", "b3"]), summary[2]
assert summary[3] == ("tunnel:s1", "firing", ["s1"]), summary[3]
assert summary[4] == ("tunnel:s1", "resolved", ["s1"]), summary[4]
assert len(docs) == 5, len(docs)
PY
echo "PASS"
