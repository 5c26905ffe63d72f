# duplicate_raters.sh - the duplicate-rater check is linear: one worker of the mini data rated
# by 200,000 raters (the quadratic check took 48-73 s) is checked in under 15 s, and a rater
# who rates twice among them is still named, with the line of the first rating.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
cp -r "$ROOT/tests/data/zs-mini" "$d/data"
# F2's democratic ratings are replaced by 200,000 from raters X000001..X200000.
"$PY" - "$d/data/observations.csv" <<'PY'
import sys
path = sys.argv[1]
lines = [l for l in open(path, encoding="utf-8") if not l.startswith("2023,F2,democratic,")]
lines += ["2023,F2,democratic,%d,X%06d,\n" % (60 + i % 41, i) for i in range(1, 200001)]
open(path, "w", encoding="utf-8").writelines(lines)
PY
ini=$(runini "$d/data" "$d/out")
# Sanitized and valgrind builds are 3-30x slower: the bound is for the plain build.
limit=15
case "$KP" in *valgrind* | *asan* | *ubsan*) limit=600 ;; esac
timeout $limit "$KP" check "$ini" >/dev/null 2>"$d/err"
check "200,000 raters of one worker are checked in under $limit s (exit $?)" test $? -eq 0
n=$(wc -l <"$d/data/observations.csv")
echo "2023,F2,democratic,70,X123456," >>"$d/data/observations.csv"
first=$(grep -n '^2023,F2,democratic,[0-9]*,X123456,$' "$d/data/observations.csv" | head -1 | cut -d: -f1)
timeout $limit "$KP" check "$ini" >/dev/null 2>"$d/err"
check "a rater twice among 200,000 is named with both lines (exit $?)" \
    grep -qF "'observations.csv' line $((n + 1)): rater 'X123456' already rated 'F2' for 'democratic' on line $first" "$d/err"
