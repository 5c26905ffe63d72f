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

# Missing data the rules say is given, on the samples, with no policy declared: a notice naming
# subject, indicator (and rater), and no rank — never a silent number.
# Guangfudao: 民族社区 (C01) with no satisfaction row in any month (was 0.00, ranked last).
d=$(scratch)
cp -r "$ROOT/samples/guangfudao-2015" "$d/data"
sed -i '/^[^,]*,C01,satisfaction,/d' "$d/data/observations.csv"
"$KP" run "$ROOT/config/guangfudao-2015.ini" --data "$d/data" --out "$d/out" --stage score -q >/dev/null 2>&1
check "guangfudao: a community with no satisfaction at all runs" test -f "$d/out/results.csv"
check "guangfudao: it is not ranked" sh -c "grep '^community,C01,' '$d/out/results.csv' | cut -d, -f6 | grep -qx ''"
check "guangfudao: one notice names it and the indicator" grep -qx 'community,C01,民族社区,2015-09..2016-06,missing,民族社区 2015-09..2016-06 民意无任何民意调查和满意度测评数据，不参加排名' "$d/out/notices.csv"
# Hetang: 桂园街道 (X03) did not rate 区民政局 (B01) on d01 in 2013-Q2; every township rates.
d=$(scratch)
cp -r "$ROOT/samples/hetang-2013" "$d/data"
sed -i '/^2013-Q2,B01,d01,[^,]*,X03,/d' "$d/data/observations.csv"
"$KP" run "$ROOT/config/hetang-2013.ini" --data "$d/data" --out "$d/out" --stage score -q >/dev/null 2>&1
check "hetang: a township's missing rating runs" test -f "$d/out/results.csv"
check "hetang: the department is not ranked that quarter" sh -c "grep '^department,B01,[^,]*,2013-Q2,' '$d/out/results.csv' | cut -d, -f6 | grep -qx ''"
check "hetang: a notice names department, indicator and rater" grep -qx 'department,B01,区民政局,2013-Q2,missing,区民政局 2013-Q2 集中走访月活动缺少桂园街道（X03）的评分，不参加排名' "$d/out/notices.csv"
check "hetang: the other quarters stay ranked" sh -c "grep '^department,B01,[^,]*,2013-Q1,' '$d/out/results.csv' | cut -d, -f6 | grep -qx '[0-9][0-9]*'"
check "hetang: nor is its year row, a mean over that quarter" sh -c "grep '^department,B01,[^,]*,2013,' '$d/out/results.csv' | cut -d, -f6 | grep -qx ''"
