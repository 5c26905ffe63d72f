# events_oom.sh - a failed allocation in the case and ledger checks ends the run with "out of
# memory", exit 1 and nothing written (they used to skip their checks and report success).
# The allocation is made to fail by an LD_PRELOAD shim (tests/e2e/failcalloc.c).
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
if ! cc -shared -fPIC -o "$d/failcalloc.so" "$ROOT/tests/e2e/failcalloc.c" -ldl 2>"$d/cc"; then
    echo "SKIP events_oom: cannot build the shim ($(head -1 "$d/cc"))"; exit 0
fi
rows() { echo $(($(wc -l <"$1") - 1)); }
# cases: calloc(entities x 4 + 1, sizeof(int)) twice (kp_score_cases' counts per unit and rate).
x="$ROOT/samples/xiangning-2023"
n=$(($(rows "$x/units.csv") + $(rows "$x/people.csv")))
KP_FAIL_CALLOC="$((n * 4 + 1)),4" LD_PRELOAD="$d/failcalloc.so" \
    "$KP" run "$ROOT/config/xiangning-2023.ini" --out "$d/x" --stage score -q >/dev/null 2>"$d/err"
rc=$?
check "cases: a failed allocation is exit 1, 'out of memory'" sh -c "test $rc -eq 1 && grep -qx 'kaoping: error: out of memory' '$d/err'"
check "cases: nothing written" test ! -e "$d/x"
# ledger: calloc(entities + 1, sizeof(kp_exact) = 24) (kp_score_ledger's exact shares per unit).
p="$ROOT/samples/putuo-2017"
n=$(($(rows "$p/units.csv") + $(rows "$p/people.csv")))
KP_FAIL_CALLOC="$((n + 1)),24" LD_PRELOAD="$d/failcalloc.so" \
    "$KP" run "$ROOT/config/putuo-2017.ini" --out "$d/p" --stage score -q >/dev/null 2>"$d/err"
rc=$?
check "ledger: a failed allocation is exit 1, 'out of memory'" sh -c "test $rc -eq 1 && grep -qx 'kaoping: error: out of memory' '$d/err'"
check "ledger: nothing written" test ! -e "$d/p"
# The shim fails nothing else: without the variable the same runs succeed.
LD_PRELOAD="$d/failcalloc.so" "$KP" run "$ROOT/config/putuo-2017.ini" --out "$d/ok" --stage score -q >/dev/null 2>&1
check "the shim alone changes nothing" test -f "$d/ok/notices.csv"
