# template.sh - a clerk's round trip: kaoping template, filled with openpyxl, run: the same
# results.csv as from the CSV files of the same data; a broken cell is named by sheet and cell.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
mkdir -p "$d/data"
cp "$ROOT/tests/data/zs-mini/units.csv" "$ROOT/tests/data/zs-mini/people.csv" "$d/data/"
ini=$(runini "$d/data" "$d/out")
"$KP" template "$ini" --out "$d/template.xlsx" -q 2>"$d/err"
check "template written" test -s "$d/template.xlsx"
"$PY" - "$d/template.xlsx" >"$d/sheets" <<'PY'
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
print(",".join(wb.sheetnames))
ws = wb["居民区"]
print(ws.protection.sheet, ws["A2"].protection.locked, ws["E3"].protection.locked)
print(len(ws.data_validations.dataValidation))
print(ws["B3"].value, ws["C3"].value)
PY
check "template has a sheet per kind, the monthly rates, instructions" grep -q "填表说明,居民区,居民区（月度）,社区工作者" "$d/sheets"
check "headers locked, input cells open" grep -qx "True True False" "$d/sheets"
check "ranges as data validation" sh -c "sed -n 3p '$d/sheets' | grep -Eq '^[1-9][0-9]*$'"
check "subjects pre-filled" grep -qx "A A居民区" "$d/sheets"
"$PY" "$ROOT/tests/e2e/fill_template.py" "$d/template.xlsx" "$ROOT/tests/data/zs-mini" "$d/filled.xlsx"
"$KP" run "$ini" --data "$d/filled.xlsx" --out "$d/out-xlsx" -q >/dev/null 2>"$d/err"
check "filled template runs" test $? -eq 0
"$KP" run "$ini" --data "$ROOT/tests/data/zs-mini" --out "$d/out-csv" -q >/dev/null 2>&1
check "filled template gives the same results.csv as the CSV data" diff "$d/out-csv/results.csv" "$d/out-xlsx/results.csv"
"$PY" "$ROOT/tests/e2e/fill_template.py" "$d/template.xlsx" "$ROOT/tests/data/zs-mini" "$d/codes.xlsx" codes
"$KP" run "$ini" --data "$d/codes.xlsx" --out "$d/out-codes" -q >/dev/null 2>"$d/err"
check "indicator codes typed in the long sheet are still accepted" diff "$d/out-csv/results.csv" "$d/out-codes/results.csv"
"$PY" "$ROOT/tests/e2e/fill_template.py" "$d/template.xlsx" "$ROOT/tests/data/zs-mini" "$d/broken.xlsx" break
"$KP" run "$ini" --data "$d/broken.xlsx" --out "$d/out-broken" -q >/dev/null 2>"$d/err"
check "a broken cell exits 1" test $? -eq 1
check "a broken cell is named by workbook, sheet and cell" grep -q "'broken.xlsx' sheet '居民区' cell E3: 'abc' is not a number for 'visits'" "$d/err"
check "nothing written for a broken workbook" test ! -e "$d/out-broken"
# The contract's tables as workbooks: units.xlsx, people.xlsx, observations.xlsx (long or wide).
"$PY" - "$ROOT/tests/data/zs-mini" "$d/books" <<'PY'
import csv, os, sys
from openpyxl import Workbook
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst)
for name in ("units", "people", "observations"):
    wb = Workbook(); ws = wb.active; ws.title = name
    for i, row in enumerate(csv.reader(open(f"{src}/{name}.csv", encoding="utf-8"))):
        if i and name == "observations":
            v = row[3].rstrip("%"); row[3] = float(v) if "." in v else int(v)
        ws.append(row)
    wb.save(f"{dst}/{name}.xlsx")
PY
"$KP" run "$ini" --data "$d/books" --out "$d/out-books" -q >/dev/null 2>"$d/err"
check "units/people/observations.xlsx give the same results.csv" diff "$d/out-csv/results.csv" "$d/out-books/results.csv"
# Sheet names are cut by characters within Excel's 31, never inside a bracket, and unique.
# A kind label of 32 characters (counted by hand: 城市社区居委会 7, （ 1, 含村改居社区 6, 、 1,
# 新建商品房小区 7, 及 1, 保障房小区 5, 居民区 3, ） 1) given to both kinds: the cut at 31
# leaves the bracket open, so the name is 城市社区居委会; the second kind's is 城市社区居委会2;
# the monthly sheet's base has 27 characters and is cut back to the same 7.
d=$(scratch)
mkdir -p "$d/data"
cp "$ROOT/tests/data/zs-mini/units.csv" "$ROOT/tests/data/zs-mini/people.csv" "$d/data/"
long="城市社区居委会（含村改居社区、新建商品房小区及保障房小区居民区）"
sed "s/^label = 居民区$/label = $long/; s/^label = 社区工作者$/label = $long/" \
    "$ROOT/config/rules/zhongshan-2023.ini" >"$d/rules.ini"
ini=$(runini "$d/data" "$d/out" "$d/rules.ini")
"$KP" template "$ini" --out "$d/long.xlsx" -q 2>"$d/err"
check "long labels: template written" test -s "$d/long.xlsx"
"$PY" - "$d/long.xlsx" >"$d/sheets" 2>&1 <<'PY'
import sys, zipfile
from openpyxl import load_workbook
zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode("utf-8")  # valid UTF-8
print(",".join(load_workbook(sys.argv[1]).sheetnames))
PY
check "long labels: openpyxl opens it, names cut by characters, unique" \
    grep -qx "填表说明,城市社区居委会,城市社区居委会（月度）,城市社区居委会2,测评与加减分,units,people,_kaoping" "$d/sheets"
"$PY" "$ROOT/tests/e2e/fill_template.py" "$d/long.xlsx" "$ROOT/tests/data/zs-mini" "$d/filled.xlsx"
"$KP" run "$ini" --data "$d/filled.xlsx" --out "$d/out-xlsx" -q >/dev/null 2>"$d/err"
check "long labels: the filled template runs" test $? -eq 0
"$KP" run "$ini" --data "$ROOT/tests/data/zs-mini" --out "$d/out-csv" -q >/dev/null 2>&1
check "long labels: same results.csv as the CSV data" diff "$d/out-csv/results.csv" "$d/out-xlsx/results.csv"
# A clerk's edits of the workbook's shape: each gets one clear message, exit 1, nothing written.
d=$(scratch)
mkdir -p "$d/data"
cp "$ROOT/tests/data/zs-mini/units.csv" "$ROOT/tests/data/zs-mini/people.csv" "$d/data/"
ini=$(runini "$d/data" "$d/out")
"$KP" template "$ini" --out "$d/t.xlsx" -q 2>/dev/null
"$PY" "$ROOT/tests/e2e/fill_template.py" "$d/t.xlsx" "$ROOT/tests/data/zs-mini" "$d/f.xlsx"
"$PY" - "$d" <<'PY'
import sys
from openpyxl import load_workbook
d = sys.argv[1]
wb = load_workbook(d + "/f.xlsx"); ws = wb["居民区"]; ws.insert_rows(1)
ws["A1"] = "2023年度居民区考核数据"; wb.save(d + "/title.xlsx")
wb = load_workbook(d + "/f.xlsx"); del wb["_kaoping"]; wb.save(d + "/nomarker.xlsx")
wb = load_workbook(d + "/f.xlsx"); del wb["测评与加减分"]; wb.save(d + "/nolong.xlsx")
wb = load_workbook(d + "/f.xlsx"); wb["居民区"]["B3"] = "仓桥居民区"; wb.save(d + "/subject.xlsx")
PY
shape() { # NAME FILE MESSAGE
    "$KP" run "$ini" --data "$d/$2" --out "$d/out-$2" -q >/dev/null 2>"$d/err-$2"
    check "$1: exit 1" test $? -eq 1
    check "$1: one message" test "$(grep -c '^kaoping: error:' "$d/err-$2")" -eq 1
    check "$1: the message" grep -qF "$3" "$d/err-$2"
    check "$1: nothing written" test ! -e "$d/out-$2"
}
shape "a title row above the header" title.xlsx \
    "'title.xlsx': sheet '居民区' row 1 is narrower than row 2 below it: a title row above the header? The header must be the sheet's first row; delete the rows above it"
shape "the hidden marker sheet deleted" nomarker.xlsx \
    "nomarker.xlsx': a kaoping template without its hidden sheet '_kaoping' (deleted?)"
shape "the long sheet deleted" nolong.xlsx \
    "'nolong.xlsx': the template's sheet '测评与加减分' is missing (deleted?); even empty, it must stay"
# A wrong subject is named at its own cell (B3), once for its row, not at each value cell.
"$KP" run "$ini" --data "$d/subject.xlsx" --out "$d/out-subject" -q >/dev/null 2>"$d/err-subject"
check "a wrong subject: exit 1" test $? -eq 1
check "a wrong subject is named at its cell B3, once" test "$(grep -cF "'subject.xlsx' sheet '居民区' cell B3: unknown subject '仓桥居民区'" "$d/err-subject")" -eq 1
check "a wrong subject is never named at a value cell" sh -c "! grep -q \"cell [C-Z]3: unknown subject\" '$d/err-subject'"
