#!/bin/sh
# run-suite.sh - run the whole test suite from a configured build directory
# (the current directory, or the top of the tree) and print one summary
# line "N passed, N failed, N skipped".  Exits non-zero on any failure.
#
# The end-to-end lab (tests/e2e, real strongSwan and Libreswan in network
# namespaces) runs too when we are root and namespaces work, unless
# IPSECWATCH_SUITE_NO_E2E is set.
here=$(pwd)
if [ ! -f "$here/Makefile" ]; then
	echo "run-suite.sh: run it in a configured build directory (./configure && make first)" >&2
	exit 2
fi
jobs=$(nproc 2>/dev/null || echo 2)

make -j"$jobs" check
rc=$?

sum() { sed -n "s/^# $1: *\([0-9]*\)$/\1/p" test-suite.log 2>/dev/null | head -1; }
pass=$(sum PASS); fail=$(sum FAIL); skip=$(sum SKIP); err=$(sum ERROR); xpass=$(sum XPASS)
pass=${pass:-0}; fail=$(( ${fail:-0} + ${err:-0} + ${xpass:-0} )); skip=${skip:-0}

e2e_pass=0; e2e_fail=0; e2e_skip=0
top_srcdir=$(sed -n 's/^abs_top_srcdir = //p' Makefile)
if [ -z "${IPSECWATCH_SUITE_NO_E2E:-}" ] && [ -x "$top_srcdir/tests/e2e/run.sh" ]; then
	top_srcdir=$top_srcdir top_builddir=$here "$top_srcdir/tests/e2e/run.sh"
	case $? in
	0) e2e_pass=1 ;;
	77) e2e_skip=1 ;;
	*) e2e_fail=1; rc=1 ;;
	esac
fi

if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && [ "$e2e_fail" -eq 0 ]; then
	fail=1	# the build or the harness itself failed
fi
echo
echo "$((pass + e2e_pass)) passed, $((fail + e2e_fail)) failed, $((skip + e2e_skip)) skipped"
[ "$rc" -eq 0 ] || exit 1
exit 0
