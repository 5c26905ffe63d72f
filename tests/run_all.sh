#!/usr/bin/env bash
# run_all.sh - every test of kaoping: unit tests, then each tests/e2e/*.sh; ends with "N passed, N failed".
# T=name runs one of them only: T=unit the unit tests, T=archive tests/e2e/archive.sh.
set -u
T=${T:-}
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export KP="$ROOT/$BUILD/kaoping" ROOT
export PY=/usr/bin/python3
export KP_TMP=$(mktemp -d /tmp/kaoping-test.XXXXXX)
trap 'rm -rf "$KP_TMP"' EXIT
passed=0 failed=0

# Unit tests print "unit: N passed, M failed"; their own totals join ours.
if [ -n "$T" ] && [ "$T" != unit ] && [ ! -f "$ROOT/tests/e2e/$T.sh" ]; then
    echo "run_all.sh: no test named '$T' (unit, or one of tests/e2e/*.sh without .sh)" >&2
    exit 2
fi
if [ -z "$T" ] || [ "$T" = unit ]; then
    if out=$("$ROOT/$BUILD/unit_tests" 2>"$KP_TMP/unit.err"); then :; else cat "$KP_TMP/unit.err" | grep FAIL; fi
    up=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$out")
    uf=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$out")
    echo "unit tests: ${up:-0} passed, ${uf:-1} failed"
    passed=$((passed + ${up:-0})); failed=$((failed + ${uf:-1}))
fi

# Each e2e script prints "PASS name" / "FAIL name: why" lines, and "SKIP name: why" for a test
# that cannot run here (counted neither way, shown).
for t in "$ROOT"/tests/e2e/*.sh; do
    name=$(basename "$t" .sh)
    [ -z "$T" ] || [ "$T" = "$name" ] || continue
    log="$KP_TMP/$name.log"
    bash "$t" >"$log" 2>&1
    rc=$?
    p=$(grep -c '^PASS ' "$log"); f=$(grep -c '^FAIL ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "FAIL $name: exited $rc" >>"$log"; fi
    echo "$name: $p passed, $f failed"
    grep -e '^FAIL ' -e '^SKIP ' "$log" | sed 's/^/  /'
    [ "$f" -gt 0 ] && tail -n 15 "$log" | sed 's/^/    | /'
    passed=$((passed + p)); failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
