#!/bin/sh
#
# analyze-scenarios.sh - `ipsecwatch analyze --json` over the real corpus
# (tests/data/corpus) and the synthetic logs (tests/data/synthetic) must
# report exactly the alerts the ground truth implies.  The expectations
# below were written from each scenario's actions.txt / events.txt (the
# hand-written ground truth of the corpus), not from the program's output.
#
# Also: the text report in both languages, stdin, and a rotated set
# (.2.gz, .1, plain) given in scrambled order gives the same result as the
# whole log.

: "${top_srcdir:=.}"
: "${top_builddir:=.}"

BIN="$top_builddir/tests/regress/iw-analyze"
DATA="$top_srcdir/tests/data"
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is needed to check the JSON output"
	exit 77
fi
if [ ! -x "$BIN" ]; then
	echo "FAIL: $BIN not built"
	exit 1
fi
# The corpus was written in UTC; syslog lines carry no zone and no year.
TZ=UTC
export TZ
: "${IPSECWATCH_KB:=$top_srcdir/data/kb.conf}"
export IPSECWATCH_KB

tmp=$(mktemp -d "${TMPDIR:-/tmp}/iw-analyze.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

fail=0

# run NAME FILE...: analyze --json --year 2026 into $tmp/NAME.json
run() {
	name=$1
	shift
	if ! "$BIN" --json --year 2026 "$@" >"$tmp/$name.json" 2>"$tmp/$name.err"; then
		echo "FAIL: analyze $* exited non-zero"
		cat "$tmp/$name.err"
		fail=1
	fi
}

for s in ss-ikev2-up-rekey ss-ikev1-up-rekey peer-dies psk-mismatch \
    ls-no-responder ls-ikev1-main ls-ikev2 ss-ls-ikev1; do
	for h in west east; do
		[ "$s.$h" = psk-mismatch.east ] && continue
		run "$s.$h" "$DATA/corpus/$s/$h.log"
	done
done
run rekey-stops "$DATA/synthetic/rekey-stops/west.log"
run daemon-restart "$DATA/synthetic/daemon-restart/west.log"

python3 - "$tmp" <<'EOF' || fail=1
import json, sys, os
from datetime import datetime, timezone

tmp = sys.argv[1]

def ts(hms):
    return datetime.strptime("2026-11-27T" + hms + "Z",
                             "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)

def parse(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)

# Alerts: (kind, tunnel, allowed error ids or None for no id, time, tolerance s)
# Tunnels: name -> {field: value} checks.
E = {
  # Healthy tunnels with rekeys: no alert, no false rekey_overdue.  West:
  # 3 CHILD_SA rekeys, 2 IKE_SA rekeys, the reauthentication re-creates the
  # IKE_SA (4 IKE SAs in all) and the Child SA (5 in all).
  "ss-ikev2-up-rekey.west": ([], {"west-east": {"child_rekeys": 3, "ike_rekeys": 2,
      "phase1_up": 4, "phase2_up": 5, "rekey_interval_s": 30, "errors": {}}}),
  "ss-ikev2-up-rekey.east": ([], {"east-west": {"child_rekeys": 3, "ike_rekeys": 2,
      "errors": {}}}),
  # IKEv1: 3 quick-mode rekeys, 1 ISAKMP reauthentication, no errors.
  "ss-ikev1-up-rekey.west": ([], {"west-east": {"child_rekeys": 3, "ike_rekeys": 1,
      "phase2_up": 4, "errors": {}}}),
  "ss-ikev1-up-rekey.east": ([], {"east-west": {"child_rekeys": 3, "ike_rekeys": 1,
      "errors": {}}}),
  # Peer killed: west declares it dead at 20:32:44 (tunnel DOWN), the
  # restart attempt fails at 20:33:08 (peer not responding).
  "peer-dies.west": ([
      ("tunnel_down", "west-east", {"dpd_dead_peer"}, "20:32:44", 5),
      ("negotiation_failed", "west-east",
       {"peer_no_response_p1", "keying_retries_exhausted"}, "20:33:08", 5),
    ], {"west-east": {"state": "down", "phase2_up": 1}}),
  # East was killed: its log just ends while the tunnel is up.
  "peer-dies.east": ([], {"east-west": {"state": "up"}}),
  # PSK mismatch: authentication error on both gateways at 20:36:56.
  "psk-mismatch.west": ([
      ("negotiation_failed", "west-east", {"auth_failed_by_peer"}, "20:36:56", 2),
    ], {"west-east": {"phase1_up": 0, "phase2_up": 0}}),
  # psk-mismatch.east: see analyze-psk-responder.sh (expected to fail
  # until the parser names the tunnel of that responder's lines).
  # No IKE daemon on the peer: negotiation timeout at 20:45:38.
  "ls-no-responder.west": ([
      ("negotiation_failed", "west-east", {"peer_no_response_p1"}, "20:45:38", 5),
    ], {"west-east": {"phase1_up": 0, "phase2_up": 0}}),
  "ls-no-responder.east": ([], {}),
  # Libreswan IKEv1: phase 1 up, phase 2 never: east cannot install the
  # IPsec SA (20:23:46), west's quick mode times out (20:24:18).  The
  # ISAKMP rekey at 20:24:46 was on time.
  "ls-ikev1-main.west": ([
      ("negotiation_failed", "west-east", {"esp_proposal_mismatch", "qm_no_response"},
       "20:24:18", 5),
    ], {"west-east": {"phase2_up": 0, "ike_rekeys": 1}}),
  "ls-ikev1-main.east": ([
      ("negotiation_failed", "east-west", {"kernel_sa_install_failed"}, "20:23:46", 2),
    ], {"east-west": {"phase2_up": 0}}),
  # Libreswan IKEv2: IKE SA up, Child SA fails (TS_UNACCEPTABLE on west,
  # SA install error on east) at 20:25:25; IKE rekey on time.
  "ls-ikev2.west": ([
      ("negotiation_failed", "west-east", {"ts_unacceptable"}, "20:25:25", 2),
    ], {"west-east": {"phase2_up": 0, "ike_rekeys": 1}}),
  "ls-ikev2.east": ([
      ("negotiation_failed", "east-west", {"kernel_sa_install_failed"}, "20:25:25", 2),
    ], {"east-west": {"phase2_up": 0}}),
  # strongSwan -> Libreswan IKEv1: repeated phase-2 failures (the same
  # alert key: one alert), SA install errors on east from 20:30:44.
  "ss-ls-ikev1.west": ([
      ("negotiation_failed", "west-east", {"qm_no_response", "esp_proposal_mismatch"},
       "20:31:08", 5),
    ], {"west-east": {"phase2_up": 0}}),
  "ss-ls-ikev1.east": ([
      ("negotiation_failed", "east-west", {"kernel_sa_install_failed"}, "20:30:44", 2),
    ], {"east-west": {"phase2_up": 0}}),
  # Synthetic: the tunnel stops rekeying after its first Child SA rekey.
  # IKE_SA west-east[1] (20:19:52) scheduled its rekey in 50 s and may live
  # 60 s: rekey_overdue must come before 20:20:52; at 20:20:52 the IKE SA
  # (and with IKEv2 its Child SA) cannot exist any more: tunnel down.
  "rekey-stops": ([
      ("rekey_overdue", "west-east", None, "20:20:47", 4),
      ("tunnel_down", "west-east", None, "20:20:52", 0),
    ], {}),
  # Synthetic: charon restarts at 20:22:00 and the tunnel is back at
  # 20:22:03: one ike_daemon_restarted, nothing else.
  "daemon-restart": ([
      ("ike_daemon_restarted", "", None, "20:22:00", 0),
    ], {"west-east": {"state": "up"}}),
}

bad = 0
for name, (want, tunnels) in sorted(E.items()):
    with open(os.path.join(tmp, name + ".json")) as f:
        doc = json.load(f)
    got = doc["alerts"]
    problems = []
    if doc.get("version") != 1:
        problems.append("version is not 1")
    for k in ("total", "ipsec", "unrecognized", "malformed"):
        if not isinstance(doc["lines"].get(k), int):
            problems.append("lines.%s missing" % k)
    if len(got) != len(want):
        problems.append("%d alerts, want %d" % (len(got), len(want)))
    for w in want:
        kind, tunnel, errs, hms, tol = w
        m = [a for a in got if a["kind"] == kind and a["tunnel"] == tunnel]
        if len(m) != 1:
            problems.append("%s %s: %d alerts, want 1" % (kind, tunnel, len(m)))
            continue
        a = m[0]
        if errs is None and a["error"] is not None:
            problems.append("%s: error %s, want none" % (kind, a["error"]))
        if errs is not None and a["error"] not in errs:
            problems.append("%s: error %s, want one of %s" % (kind, a["error"], sorted(errs)))
        d = abs((parse(a["at"]) - ts(hms)).total_seconds())
        if d > tol:
            problems.append("%s at %s, want %s (+-%ds)" % (kind, a["at"], hms, tol))
        if errs is not None and not a["explanation"]:
            problems.append("%s: no explanation" % kind)
        if a["severity"] not in ("warning", "critical", "info"):
            problems.append("%s: severity %s" % (kind, a["severity"]))
    names = {t["name"]: t for t in doc["tunnels"]}
    for tn, checks in tunnels.items():
        if tn not in names:
            problems.append("tunnel %s missing (have %s)" % (tn, sorted(names)))
            continue
        for k, v in checks.items():
            if names[tn].get(k) != v:
                problems.append("tunnel %s: %s = %r, want %r" % (tn, k, names[tn].get(k), v))
    if problems:
        bad = 1
        print("FAIL: %s:" % name)
        for p in problems:
            print("    " + p)
        for a in got:
            print("    got: %s %s %s %s" % (a["kind"], a["tunnel"], a["at"], a["error"]))
    else:
        print("ok: %s (%d alerts)" % (name, len(got)))
sys.exit(bad)
EOF

# Text reports in both languages; stdin.
for lang in en de; do
	if ! "$BIN" --year 2026 --lang $lang "$DATA/corpus/peer-dies/west.log" \
	    >"$tmp/text.$lang" 2>"$tmp/text.err"; then
		echo "FAIL: text report ($lang)"
		fail=1
	fi
done
grep -q "Alerts that would have fired (2)" "$tmp/text.en" ||
    { echo "FAIL: English report lacks the alert timeline"; fail=1; }
grep -q "Alarme, die ausgelöst worden wären (2)" "$tmp/text.de" ||
    { echo "FAIL: German report lacks the alert timeline"; fail=1; }
grep -q "dpd_dead_peer" "$tmp/text.en" ||
    { echo "FAIL: report lacks the cause"; fail=1; }
"$BIN" --json --year 2026 - <"$DATA/corpus/peer-dies/west.log" >"$tmp/stdin.json" &&
    cmp -s "$tmp/stdin.json" "$tmp/peer-dies.west.json" ||
    { echo "FAIL: stdin gives another result than the file"; fail=1; }

# A rotated set, given in scrambled order, read oldest first.
f="$DATA/corpus/ss-ikev2-up-rekey/west.log"
mkdir "$tmp/rot"
sed -n '1,60p' "$f" | gzip -c >"$tmp/rot/auth.log.2.gz"
sed -n '61,120p' "$f" >"$tmp/rot/auth.log.1"
sed -n '121,$p' "$f" >"$tmp/rot/auth.log"
"$BIN" --json --year 2026 "$tmp/rot/auth.log" "$tmp/rot/auth.log.2.gz" \
    "$tmp/rot/auth.log.1" >"$tmp/rot.json" || { echo "FAIL: rotated set"; fail=1; }
python3 - "$tmp/rot.json" "$tmp/ss-ikev2-up-rekey.west.json" <<'EOF' || fail=1
import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
if a["tunnels"] != b["tunnels"] or a["alerts"] != b["alerts"] or \
   a["lines"]["total"] != b["lines"]["total"] or a["lines"]["files"] != 3:
    print("FAIL: rotated set differs from the whole log")
    sys.exit(1)
print("ok: rotated set read oldest first")
EOF

# Policy from --config: a must_be_up tunnel never seen is down after
# startup_deadline (from the first line, 20:25:23); ignored tunnels vanish.
cat >"$tmp/policy.conf" <<'CONF'
tunnels = {
  startup_deadline = "60s";
  must_be_up = [ "site-x" ];
  ignore = [ "west-*" ];
};
CONF
chmod 600 "$tmp/policy.conf"
"$BIN" --json --year 2026 --config "$tmp/policy.conf" \
    "$DATA/corpus/ls-ikev2/west.log" >"$tmp/policy.json" ||
    { echo "FAIL: analyze --config"; fail=1; }
python3 - "$tmp/policy.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
t = [x["name"] for x in d["tunnels"]]
a = [(x["kind"], x["tunnel"], x["at"]) for x in d["alerts"]]
if t != ["site-x"] or a != [("tunnel_down", "site-x", "2026-11-27T20:26:23Z")]:
    print("FAIL: --config policy: tunnels %s, alerts %s" % (t, a))
    sys.exit(1)
if not d["tunnels"][0]["must_be_up"]:
    print("FAIL: site-x not marked must_be_up")
    sys.exit(1)
print("ok: --config must_be_up and ignore")
PY
printf 'tunnels = { down_grace = "soon"; };\n' >"$tmp/bad.conf"
chmod 600 "$tmp/bad.conf"
"$BIN" --config "$tmp/bad.conf" "$f" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "bad.conf" "$tmp/err" ||
    { echo "FAIL: a bad config is not reported"; cat "$tmp/err"; fail=1; }

# Bad input loses nothing: binary garbage, a 2 MB line (cut, counted) and
# the line after it.
python3 -c 'import sys
sys.stdout.write("\x00\x01binary\xff\n" * 3)
sys.stdout.write("Nov 27 20:00:00 gw pluto[1]: \"" + "a" * 2000000 +
    "\" #1: initiating IKEv2 connection\n")
sys.stdout.write("Nov 27 20:00:01 gw pluto[1]: \"y\" #2: initiating IKEv2 connection\n")' \
    >"$tmp/bad.log"
"$BIN" --json --year 2026 "$tmp/bad.log" >"$tmp/bad.json" ||
    { echo "FAIL: analyze of bad input"; fail=1; }
python3 - "$tmp/bad.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
l = d["lines"]
if l["total"] != 5 or l["cut"] != 1 or "y" not in [t["name"] for t in d["tunnels"]]:
    print("FAIL: bad input: lines %s, tunnels %s" % (l, [t["name"][:8] for t in d["tunnels"]]))
    sys.exit(1)
print("ok: bad input (garbage, an overlong line) loses nothing")
PY

# Errors: a missing file is reported and counted, usage errors exit 2.
"$BIN" --json "$tmp/does-not-exist" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "does-not-exist" "$tmp/err" ||
    { echo "FAIL: missing file not reported"; fail=1; }
"$BIN" --lang xx "$f" >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: bad --lang accepted"; fail=1; }
"$BIN" >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: no file accepted"; fail=1; }

exit $fail
