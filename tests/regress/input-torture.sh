#!/bin/sh
# Rotation-and-kill torture of the file input: every line exactly once.
# TORTURE_ROUNDS (default 4), TORTURE_STEPS (default 40), TORTURE_SEED;
# on failure the work directory is kept and named.
: "${top_builddir:=.}" "${top_srcdir:=.}"
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 77; }
tool="$top_builddir/tests/tools/iw-follow"
[ -x "$tool" ] || { echo "FAIL: $tool not built"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iw-torture.XXXXXX") || exit 1
rc=1
trap 'pkill -KILL -P $$ 2>/dev/null; if [ $rc = 0 ]; then rm -rf "$tmp"; else echo "kept $tmp"; fi' EXIT
trap 'exit 1' INT TERM
seed=${TORTURE_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
echo "seed $seed (rerun with TORTURE_SEED=$seed)"
timeout -k 5 ${TORTURE_TIMEOUT:-600} python3 "$top_srcdir/tests/regress/input-torture.py" follow \
    "$tool" "$tmp" "$seed" "${TORTURE_ROUNDS:-4}" "${TORTURE_STEPS:-40}"
rc=$?
exit $rc
