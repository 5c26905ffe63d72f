# history.sh - [run] history: earlier runs' out folders give the grades of earlier years, each
# checked against its own manifest first. The Xiangning sample reads its 2021 and 2022 out
# folders (samples/xiangning-2023/archive/, written by config/history/*.ini with --stage score).
. "$(dirname "$0")/../lib.sh"
need /usr/bin/python3 || exit 0
x=$ROOT/config/xiangning-2023.ini
d=$(scratch)

# The archive is kaoping's own output: running the earlier years again gives the same results.
for y in 2021 2022; do
    ini="$d/run-$y.ini"
    sed -e "s#^ruleset = ../#ruleset = $ROOT/config/#" -e "s#^data = ../../#data = $ROOT/#" \
        -e "s#^out = .*#out = $d/again-$y#" "$ROOT/config/history/xiangning-$y.ini" >"$ini"
    "$KP" run "$ini" --stage score -q 2>/dev/null
    check "history: config/history/xiangning-$y.ini writes the archived results.csv again" \
        cmp -s "$d/again-$y/results.csv" "$ROOT/samples/xiangning-2023/archive/$y/results.csv"
    "$KP" verify "$ROOT/samples/xiangning-2023/archive/$y" >/dev/null 2>&1
    check "history: the archived $y folder verifies" test $? -eq 0
done

# The talent pool (优秀 three years running) from the archive. By hand, from the archived
# results.csv files: 优秀 in 2021 are X012 X021 X031 (secretaries), X015 X023 X038 (workers);
# in 2022 X007 X021 X031, X002 X015 X023 X038. 优秀 in 2023 (tests/golden/xiangning-2023):
# X007 X021, X002 X023 (X015 is vetoed). All three years: X021 and X023, nobody else.
"$KP" run "$x" --out "$d/x" -q 2>/dev/null
pool=$(awk -F, '$5 == "后备力量人才库" {print $2}' "$d/x/awards.csv" | sort | tr '\n' ' ')
check "history: the talent pool is X021 and X023 ($pool)" test "$pool" = "X021 X023 "
check "history: the manifest lists both earlier results.csv as inputs" sh -c \
    "grep -q '\"role\": \"history\", \"name\": \"2022/results.csv\"' '$d/x/manifest.json' &&
     grep -q '\"role\": \"history\", \"name\": \"2021/results.csv\"' '$d/x/manifest.json'"

# A copy of the sample with its archive, to change.
copy() {
    rm -rf "$d/c" && mkdir -p "$d/c" && cp -r "$ROOT/config" "$ROOT/samples" "$d/c/"
}
# refuses NAME WANT...: the copy's 2023 run and check exit 1, write nothing, print each WANT.
refuses() {
    local name=$1 ok=1
    shift
    "$KP" run "$d/c/config/xiangning-2023.ini" --out "$d/c/out" >/dev/null 2>"$d/err"
    local rc=$?
    "$KP" check "$d/c/config/xiangning-2023.ini" >/dev/null 2>"$d/check"
    local rc2=$?
    for w in "$@"; do grep -qF -- "$w" "$d/err" && grep -qF -- "$w" "$d/check" || ok=0; done
    if [ $rc -eq 1 ] && [ $rc2 -eq 1 ] && [ ! -e "$d/c/out" ] && [ $ok -eq 1 ]; then
        pass "history: $name"
    else
        fail "history: $name (run exit $rc, check exit $rc2)"
        sed 's/^/    | /' "$d/err"
    fi
}

# One byte changed in an earlier folder: X021 made 合格 in 2021 would take him out of the pool.
copy
sed -i 's/^secretary,X021,\(.*\),2021,95.37,1,优秀,/secretary,X021,\1,2021,95.37,1,合格,/' \
    "$d/c/samples/xiangning-2023/archive/2021/results.csv"
refuses "a changed results.csv stops the run, naming the folder and the file" \
    "archive/2021': changed: results.csv" \
    "history folder '$d/c/config/../samples/xiangning-2023/archive/2021' is not as its run wrote it"

copy
rm "$d/c/samples/xiangning-2023/archive/2022/manifest.sha256"
refuses "a folder without its manifest" "archive/2022' has no manifest: not an out folder of kaoping"

copy
sed -i 's#archive/2021$#archive/2020#' "$d/c/config/xiangning-2023.ini"
refuses "a folder that does not exist" "history folder '$d/c/config/../samples/xiangning-2023/archive/2020': no such folder"

copy
sed -i 's#archive/2021$#archive/2022#' "$d/c/config/xiangning-2023.ini"
refuses "the same folder twice" "2022 is also in the history folder"

# Another assessment's out folder: Zhongshan's kinds are area and worker.
copy
"$KP" run "$ROOT/config/zhongshan-2023.ini" --out "$d/zs" --stage score -q 2>/dev/null
sed -i "s#archive/2021\$#archive/2021, $d/zs#" "$d/c/config/xiangning-2023.ini"
refuses "an out folder of another rule set" "kind 'area' is not a kind of this run's rule set"

# A folder of the run's own year (the 2023 run as its own history).
copy
"$KP" run "$x" --out "$d/self" --stage score -q 2>/dev/null
sed -i "s#archive/2021\$#archive/2021, $d/self#" "$d/c/config/xiangning-2023.ini"
refuses "a folder of the run's own year" "period 2023 is not before this run's 2023"

# One source of history: not the archive and a history.csv.
copy
printf 'period,subject,grade\n2021,X021,优秀\n' >"$d/c/samples/xiangning-2023/history.csv"
refuses "history= and a history.csv" "history is given twice"

# A hand-made history.csv still works: the archive's years as period,subject,grade give the
# same awards.
copy
sed -i '/^history = /d' "$d/c/config/xiangning-2023.ini"
"$PY" - "$d/c/samples/xiangning-2023" <<'PY'
import csv, sys
base = sys.argv[1]
with open(base + "/history.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["period", "subject", "grade"])
    for y in ("2021", "2022"):
        for r in csv.DictReader(open("%s/archive/%s/results.csv" % (base, y), encoding="utf-8")):
            w.writerow([r["period"], r["subject"], r["grade"]])
PY
"$KP" run "$d/c/config/xiangning-2023.ini" --out "$d/c/out" -q 2>/dev/null
check "history: a hand-made history.csv gives the same awards" cmp -s "$d/c/out/awards.csv" "$d/x/awards.csv"
