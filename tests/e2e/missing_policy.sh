# missing_policy.sh - the rule set's missing-data policy: error (the default), zero, or
# exclude-and-flag, set once in [ruleset] and overridable per indicator.
. "$(dirname "$0")/../lib.sh"
for policy in error zero flag; do
    d=$(scratch)
    cp -r "$ROOT/tests/data/zs-mini" "$d/data"
    sed -i '/^2023,C,deeds,/d' "$d/data/observations.csv"
    sed "s/^decimals = 2/decimals = 2\nmissing = $policy/" "$ROOT/config/rules/zhongshan-2023.ini" >"$d/rules.ini"
    [ "$policy" = error ] && sed -i '/^missing = error/d' "$d/rules.ini" # the default
    ini=$(runini "$d/data" "$d/out" "$d/rules.ini")
    "$KP" run "$ini" -q >/dev/null 2>"$d/err"
    rc=$?
    row=$(grep '^area,C,' "$d/out/results.csv" 2>/dev/null | cut -d, -f5-7,9)
    case $policy in
    error)
        check "missing = error (default): exit 1" test $rc -eq 1
        check "missing = error names what is missing" grep -q "no 'deeds' (.*) for 'C' (C居民区) in 2023" "$d/err" ;;
    zero)
        check "missing = zero: runs" test $rc -eq 0
        check "missing = zero: C loses the 13.5 points of deeds (89.80 -> 76.30), last: 一般" test "$row" = "76.30,6,一般,0.00" ;;
    flag)
        check "missing = flag: runs" test $rc -eq 0
        check "missing = flag: C is excluded, unranked and ungraded" sh -c "grep '^area,C,' '$d/out/results.csv' | cut -d, -f6,7 | grep -qx ','"
        check "missing = flag: C is in the warning notices" grep -q '^area,C,C居民区,2023,missing,' "$d/out/notices.csv"
        check "missing = flag: the others rank without C (D now 3rd alone)" sh -c "grep '^area,D,' '$d/out/results.csv' | cut -d, -f6 | grep -qx 3" ;;
    esac
done
