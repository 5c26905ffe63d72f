# sixth.sh - the README's worked example of adding a jurisdiction: the rule set text between
# the sixth:rules markers is run on tests/data/sixth and checked against hand-computed results.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
sed -n '/<!-- sixth:rules -->/,/<!-- \/sixth:rules -->/p' "$ROOT/README.md" | sed '1,2d;$d' | sed '$d' >"$d/rules.ini"
check "README holds the example rule set" grep -q '^\[award.prize\]' "$d/rules.ini"
cat >"$d/run.ini" <<INI
[run]
ruleset = rules.ini
period = 2024-H1
data = $ROOT/tests/data/sixth
out = $d/out
INI
"$KP" rules "$d/rules.ini" >"$d/rules.txt" 2>&1
check "kaoping rules prints the example's indicator table" grep -q "survey.*mean.*40" "$d/rules.txt"
"$KP" check "$d/run.ini" -q >/dev/null 2>"$d/err"
check "kaoping check accepts the example" test $? -eq 0
"$KP" run "$d/run.ini" -q >/dev/null 2>"$d/err" || { fail "example run: $(cat "$d/err")"; exit 0; }
cols() { # cols FILE COLUMNS...: the named columns of a CSV, sorted
    local f=$1; shift
    "$PY" - "$f" "$@" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print("\n".join(sorted(",".join(r[c] for c in sys.argv[2:]) for r in rows)))
PY
}
check "example results match the hand computation" diff <(cols "$d/out/results.csv" kind subject period total rank grade) <(tail -n +2 "$ROOT/tests/data/sixth/expected.csv" | sort)
check "example prizes match (tie for first: both 500, no second)" diff <(cols "$d/out/awards.csv" kind subject period award amount) <(tail -n +2 "$ROOT/tests/data/sixth/expected_awards.csv" | sort)
