# tables.sh - every table a rule set reads goes through the model's one loader: a workbook
# (sheets, Excel percent and date cells, emptied rows) gives the CSV folder's results, awards
# and notices byte for byte; the manifest names every file read; absent tables are an error
# unless optional; rows of only commas are skipped like blank lines.
. "$(dirname "$0")/../lib.sh"
XL="$PY $ROOT/tests/e2e/csv_to_xlsx.py"
same3() { for f in results awards notices; do cmp -s "$1/$f.csv" "$2/$f.csv" || return 1; done; }
inputs() { "$PY" -c 'import json,sys; print(" ".join(i["name"] for i in json.load(open(sys.argv[1]))["inputs"] if i["role"] == "data"))' "$1"; }

# Xiangning as one workbook with a cases sheet (dates as Excel dates, an emptied row).
# The sample's history is its archive of earlier out folders; here it is a history.csv (sheet).
d=$(scratch)
x="$d/xdata"
xiangning_data "$x"
xini=$(plain_ini "$ROOT/config/xiangning-2023.ini")
(cd "$x" && $XL "$d/xn.xlsx" units=units.csv people=people.csv history=history.csv \
    observations=observations.csv cases=cases.csv --dates opened,closed --empty-row cases)
"$KP" run "$xini" --data "$x" --out "$d/csv" --stage score -q >/dev/null 2>"$d/err1"
"$KP" run "$xini" --data "$d/xn.xlsx" --out "$d/xl" --stage score -q >/dev/null 2>"$d/err2"
check "xiangning workbook with a cases sheet: results, awards, notices as the CSV folder" same3 "$d/csv" "$d/xl"
csvout="$d/csv"
# The sample README's hand-derived 1351 cases: 7 overdue, C03 resolved and C06 satisfied under 95 %.
got=$(grep ',overdue,' "$d/xl/notices.csv" | grep -o 'C0[0-9]-0[0-9][0-9]' | sort | tr '\n' ' ')
check "xiangning workbook: the README's 7 overdue cases" test "$got" = "C01-028 C02-011 C03-012 C04-014 C05-009 C07-012 C08-024 "
check "xiangning workbook: the 2 target notices (C03, C06)" test "$(grep -c ',target,' "$d/xl/notices.csv")" = 2
# Every data file of the sample folder is read, so each is in the manifest; the workbook once.
want=$(cd "$x" && ls *.csv | sort | tr '\n' ' ')
check "xiangning manifest lists every file read ($want)" test "$(inputs "$d/csv/manifest.json" | tr ' ' '\n' | sort | tr '\n' ' ')" = "$want"
check "xiangning workbook manifest lists the workbook" test "$(inputs "$d/xl/manifest.json")" = "xn.xlsx"
"$KP" run "$ROOT/config/hetang-2013.ini" --out "$d/ht" --stage score -q >/dev/null 2>&1
want=$(cd "$ROOT/samples/hetang-2013" && ls *.csv | sort | tr '\n' ' ')
check "hetang manifest lists every file read ($want)" test "$(inputs "$d/ht/manifest.json" | tr ' ' '\n' | sort | tr '\n' ' ')" = "$want"
# putuo: ledger.csv, a table only the [ledger] rule reads, is an input too.
"$KP" run "$ROOT/config/putuo-2017.ini" --out "$d/pt" --stage score -q >/dev/null 2>&1
check "putuo manifest lists ledger.csv" sh -c "echo ' $(inputs "$d/pt/manifest.json") ' | grep -q ' ledger.csv '"

# The filled template alike: Xiangning's template filled as a clerk would, with history and
# cases sheets added, gives the CSV folder's results, awards and notices.
d=$(scratch)
mkdir "$d/data" && cp "$x/units.csv" "$x/people.csv" "$d/data/"
"$KP" template "$xini" --data "$d/data" --out "$d/t.xlsx" -q >/dev/null 2>&1
"$PY" "$ROOT/tests/e2e/fill_template.py" "$d/t.xlsx" "$x" "$d/f.xlsx" >/dev/null 2>&1
"$PY" - "$d/f.xlsx" "$x" <<'PY'
import csv, openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
for name in ("history", "cases"):
    ws = wb.create_sheet(name)
    with open(sys.argv[2] + "/" + name + ".csv", encoding="utf-8") as f:
        for row in csv.reader(f):
            ws.append(row)
wb.save(sys.argv[1])
PY
"$KP" run "$xini" --data "$d/f.xlsx" --out "$d/tp" --stage score -q >/dev/null 2>"$d/err"
check "xiangning filled template with history and cases sheets: as the CSV folder ($(head -c 200 "$d/err"))" same3 "$csvout" "$d/tp"

# Errors in a workbook's event and history sheets name the sheet and the cell.
d=$(scratch)
mkdir "$d/data" && cp "$x"/*.csv "$d/data/"
sed -i '3s/^C01,/C99,/' "$d/data/cases.csv" && sed -i '2s/^\([^,]*\),[^,]*,/\1,NOPE,/' "$d/data/history.csv"
(cd "$d/data" && $XL "$d/bad.xlsx" units=units.csv people=people.csv history=history.csv \
    observations=observations.csv cases=cases.csv)
ini=$(runini "$d/bad.xlsx" "$d/out" "$ROOT/config/rules/xiangning-2023.ini")
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "a workbook's history sheet: the cell of an unknown subject" grep -qF "kaoping: error: 'bad.xlsx' sheet 'history' cell B2: unknown subject 'NOPE'" "$d/err"
sed -i '2s/^\([^,]*\),NOPE,/\1,X001,/' "$d/data/history.csv"
(cd "$d/data" && $XL "$d/bad.xlsx" units=units.csv people=people.csv history=history.csv \
    observations=observations.csv cases=cases.csv)
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "a workbook's cases sheet: the cell of an unknown unit, exit 1" sh -c "test $? -eq 1 && grep -qF \"kaoping: error: 'bad.xlsx' sheet 'cases' cell A3: unknown unit 'C99'\" '$d/err'"
check "a workbook's cases sheet: nothing written" test ! -e "$d/out"

# An absent cases table: an error when the rule set needs it, a warning when optional.
d=$(scratch)
cp -r "$x" "$d/data" && rm "$d/data/cases.csv"
sed '/^\[cases\]/,/^\[/{/^optional = yes/d}' "$ROOT/config/rules/xiangning-2023.ini" >"$d/rules.ini"
ini=$(runini "$d/data" "$d/out" "$d/rules.ini")
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
rc=$?
check "cases required and absent: exit 1" test $rc -eq 1
check "cases required and absent: says so" grep -qF "kaoping: error: 'cases.csv': cannot read: No such file or directory (nor cases.xlsx, nor a sheet 'cases' in a workbook)" "$d/err"
check "cases required and absent: nothing written" test ! -e "$d/out"
ini=$(runini "$d/data" "$d/out2" "$ROOT/config/rules/xiangning-2023.ini")
"$KP" run "$ini" --stage score >/dev/null 2>"$d/err2"
check "cases optional and absent: runs" test $? -eq 0
check "cases optional and absent: a warning says no checks" grep -qF "kaoping: warning: 'cases.csv': not given (optional): no case deadline checks" "$d/err2"
check "cases optional and absent: no overdue notices" sh -c "! grep -q ',overdue,' '$d/out2/notices.csv'"
check "cases optional and absent: not in the manifest" sh -c "! grep -q 'cases.csv' '$d/out2/manifest.json'"
# history.csv absent while a streak over years reads it: a warning, not silence.
rm "$d/data/history.csv"
"$KP" check "$ini" >/dev/null 2>"$d/err3"
check "history absent: a warning names the streak" grep -qF "kaoping: warning: 'history.csv': not given (optional): 's_talent_pool' (3 years of 优秀) counts this year only" "$d/err3"

# Rows of only commas (an emptied row saved from Excel) anywhere in the CSV files.
d=$(scratch)
cp -r "$ROOT/tests/data/zs-mini" "$d/data"
ini=$(runini "$d/data" "$d/a")
"$KP" run "$ini" --stage score -q >/dev/null 2>&1
sed -i '3i ,,,,,' "$d/data/observations.csv" && echo ',,,,,' >>"$d/data/observations.csv"
sed -i '2a ,,,' "$d/data/units.csv" && sed -i "2a $(printf ', ,\\t,')" "$d/data/people.csv"
ini=$(runini "$d/data" "$d/b")
"$KP" run "$ini" --stage score -q >/dev/null 2>"$d/err"
check "comma-only rows: runs ($(head -c 200 "$d/err"))" test $? -eq 0
check "comma-only rows: results, awards, notices as without them" same3 "$d/a" "$d/b"

# Excel percent cells: the hotline rates typed as 89.6% (stored 0.896, percent formats 0.0%,
# 0.00%, 0%) give the CSV twin's results byte for byte.
d=$(scratch)
m="$ROOT/tests/data/zs-mini"
hot=hotline_contact,hotline_ontime,hotline_resolved,hotline_satisfied
(cd "$m" && $XL "$d/pc.xlsx" units=units.csv people=people.csv observations=observations.csv --percent $hot)
check "the percent workbook has percent-formatted fractions" "$PY" -c '
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["observations"]
cells = [r[3] for r in ws.iter_rows(min_row=2) if str(r[2].value).startswith("hotline")]
sys.exit(not (cells and all(0 <= c.value <= 1 and "%" in c.number_format for c in cells)
              and {c.number_format for c in cells} >= {"0.0%", "0.00%"}))' "$d/pc.xlsx"
ini=$(runini "$m" "$d/csv")
"$KP" run "$ini" --stage score -q >/dev/null 2>&1
ini=$(runini "$d/pc.xlsx" "$d/xl")
"$KP" run "$ini" --stage score -q >/dev/null 2>"$d/err"
check "percent cells: runs ($(head -c 200 "$d/err"))" test $? -eq 0
check "percent cells: results, awards, notices as the CSV twin" same3 "$d/csv" "$d/xl"
# The same fractions with no percent format: refused at the cell, with how to write it.
(cd "$m" && $XL "$d/fr.xlsx" units=units.csv people=people.csv observations=observations.csv --fraction $hot)
ini=$(runini "$d/fr.xlsx" "$d/fr")
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
rc=$?
first=$(awk -F, 'NR > 1 && $3 == "hotline_contact" { print NR; exit }' "$m/observations.csv")
v=$(awk -F, 'NR > 1 && $3 == "hotline_contact" { sub("%", "", $4); print $4; exit }' "$m/observations.csv")
check "bare fraction cells: exit 1" test $rc -eq 1
check "bare fraction cells: the cell and how to write it" grep -qF "kaoping: error: 'fr.xlsx' sheet 'observations' cell D$first: '0.$v' for 'hotline_contact' (先行联系率) looks like a fraction, but its values are percents: write $v or $v%" "$d/err"
check "bare fraction cells: nothing written" test ! -e "$d/fr"
# A points indicator under a percent format: the percent sign is refused at the cell.
(cd "$m" && $XL "$d/pp.xlsx" units=units.csv people=people.csv observations=observations.csv --percent $hot --percent-points visits)
ini=$(runini "$d/pp.xlsx" "$d/pp")
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
rc=$?
row=$(awk -F, 'NR > 1 && $3 == "visits" { print NR; exit }' "$m/observations.csv")
v=$(awk -F, 'NR > 1 && $3 == "visits" { print $4; exit }' "$m/observations.csv")
check "points under a percent format: exit 1, at the cell" sh -c "test $rc -eq 1 && grep -qF \"'pp.xlsx' sheet 'observations' cell D$row: '$v%' for 'visits': a percent sign where points are expected\" '$d/err'"
check "points under a percent format: nothing written" test ! -e "$d/pp"
