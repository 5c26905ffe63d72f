# vocab.sh - each vocabulary is one table: every method is listed by `kaoping rules` and in
# the hint for a typo; every placeholder kp_compose_value answers is one the layout loader
# accepts; a [document] key no layout shows is warned about at its line.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
# The eight methods of doc/contracts.md, listed by hand.
methods="value mean sum strikes ref flag target period_mean"
"$KP" rules "$ROOT/config/rules/zhongshan-2023.ini" >"$d/rules" 2>&1
for m in $methods; do
    check "kaoping rules lists method $m" grep -qE "^  $m +[a-z0-9]" "$d/rules"
done
# Every placeholder of the one table (KP_PLACEHOLDERS in src/render/kp_fill.c) is accepted
# by the layout loader in a layout's text, and a name outside it is refused at its line.
names=$(grep -o 'X([a-z_]*, ' "$ROOT/src/render/kp_fill.c" | sed 's/X(\(.*\), /\1/')
check "the placeholder table is not empty" test "$(echo "$names" | wc -l)" -gt 40
all=$(for n in $names; do printf '{%s}' "$n"; done)
cp -r "$ROOT/layouts" "$d/layouts"
sed -i "s|name=\"lead\">|name=\"lead\">$all|" "$d/layouts/ranking.xml"
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/ph")
sed -i "s|^\[run\]|[run]\nlayouts = $d/layouts|" "$ini"
"$KP" check "$ini" >/dev/null 2>"$d/ph.err"
check "every placeholder of the table is accepted in a layout ($(echo $names | wc -w))" test $? -eq 0
sed -i "s|{table_notes}|{table_note}|" "$d/layouts/ranking.xml"
"$KP" check "$ini" >/dev/null 2>"$d/ph.err"
check "a name outside the table is refused at its line" grep -q "ranking.xml' line 17: .*table_note" "$d/ph.err"
# [document] title: no layout has {title}; check warns naming the run INI's line (line 11:
# runini writes 9 lines, then 'note' and 'title' are appended).
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
printf 'note = （此件主动公开）\ntitle = 关于考评结果的通报\n' >>"$ini"
"$KP" check "$ini" >/dev/null 2>"$d/err"
check "check with an unused [document] title still passes" test $? -eq 0
check "unused [document] title warned at its line" \
    grep -qF "run.ini' line 11: [document] title is shown by no layout (none has {title}); it is unused" "$d/err"
check "a [document] key a layout shows is not warned about" sh -c "! grep -q 'document\] note' '$d/err'"
# The template's instructions take each indicator's method from the same table, in Chinese:
# zhongshan-2023.ini gives visits 'method = value' and party_eval 'method = mean'.
mkdir -p "$d/data"
cp "$ROOT/tests/data/zs-mini/units.csv" "$ROOT/tests/data/zs-mini/people.csv" "$d/data/"
ini=$(runini "$d/data" "$d/out")
"$KP" template "$ini" --out "$d/t.xlsx" -q 2>/dev/null
"$PY" - "$d/t.xlsx" >"$d/methods" <<'PY'
import sys
from openpyxl import load_workbook
ws = load_workbook(sys.argv[1])["填表说明"]
for r in ws.iter_rows(min_row=6, values_only=True):
    if r[0]:
        print(r[0], r[7])
PY
check "instructions: visits is typed as one value" grep -qx "visits 填写一个分值" "$d/methods"
check "instructions: party_eval is one row per rater" grep -qx "party_eval 评议人逐人打分，取平均" "$d/methods"
