# zhongshan_mini.sh - the hand-checked mini data: totals, ranks and grades derived by hand
# (tests/data/zs-mini/EXPECTED.md), ties at both quota boundaries, caps, bottom-3 ties, veto.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
"$KP" run "$ini" -q >/dev/null 2>"$d/err" || fail "mini run exited $?"
got=$(cut -d, -f1,2,5,6,7 "$d/out/results.csv")
if diff <(echo "$got") "$ROOT/tests/data/zs-mini/expected.csv" >"$d/diff"; then
    pass "mini results match the hand-derived totals, ranks and grades"
else
    fail "mini results differ:"; cat "$d/diff"
fi
# Indicator columns the hand derivation fixes: hotline strikes, caps, rater means.
row() { grep "^area,$1," "$d/out/results.csv" | cut -d, -f"$2"; }
check "hotline 48 strikes -> 5.20" test "$(row F 10)" = "5.20"
check "hotline missing month is not a strike (47 -> 5.30)" test "$(row E 10)" = "5.30"
check "bottom-3 tie gives C two strikes (9.80)" test "$(row C 10)" = "9.80"
check "bonus capped at 5" test "$(row A 15)" = "5.00"
check "deduction capped at 5" test "$(row F 16)" = "5.00"
check "party_eval = 20 x mean/100 over 38 raters" test "$(row E 11)" = "16.70"
# Warnings: too few raters, the missing rate, the veto.
"$KP" run "$ini" --out "$d/out2" >/dev/null 2>"$d/warn"
check "warns of 38 raters" grep -q "E居民区 党员群众测评参评人数 38 人，少于 40 人" "$d/warn"
check "warns of the missing monthly rate" grep -q "E居民区 2023-06满意率 数据缺失" "$d/warn"
check "warns of the veto" grep -q "A二 纪律处分，一票否决" "$d/warn"
check "warns of rates under target" grep -q "F居民区 2023-01按时办结率 94%，低于目标 95%" "$d/warn"
