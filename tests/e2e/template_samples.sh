# template_samples.sh - every sample's template opens in openpyxl and LibreOffice and, filled
# by a script as a clerk would (indicators picked by their Chinese names), gives the sample's
# results.csv, awards.csv and notices.csv: the same as the sample's CSV files.
. "$(dirname "$0")/../lib.sh"
soffice=$(command -v soffice || command -v libreoffice)
for cfg in "$ROOT"/config/*.ini; do
    n=$(basename "$cfg" .ini)
    src="$ROOT/samples/$n"
    [ -f "$src/observations.csv" ] || continue
    d=$(scratch)
    "$KP" template "$cfg" --out "$d/template.xlsx" -q 2>"$d/err"
    check "$n: template written" test -s "$d/template.xlsx"
    check "$n: openpyxl opens the template" "$PY" -c "import sys; from openpyxl import load_workbook; load_workbook(sys.argv[1])" "$d/template.xlsx"
    if [ -n "$soffice" ]; then
        (cd "$d" && HOME="$d" timeout 120 "$soffice" --headless --convert-to csv --outdir "$d/lo" "$d/template.xlsx" >/dev/null 2>&1)
        check "$n: LibreOffice opens the template" test -s "$d/lo/template.csv"
    else
        echo "SKIP $n: LibreOffice opens the template (no soffice; apt-get install libreoffice-calc-nogui)"
    fi
    # The sample folder with the filled template as data.xlsx in place of observations.csv.
    cp -r "$src" "$d/data" && rm "$d/data/observations.csv"
    "$PY" "$ROOT/tests/e2e/fill_template.py" "$d/template.xlsx" "$src" "$d/data/data.xlsx"
    check "$n: the filled long sheet holds Chinese names, not codes" "$PY" - "$d/data/data.xlsx" <<'PY'
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
if "测评与加减分" not in wb.sheetnames:
    sys.exit(0)  # no rater or added-up indicator in this rule set
vals = [r[2] for r in wb["测评与加减分"].iter_rows(min_row=3, values_only=True) if r[2]]
sys.exit(0 if all(any(ord(ch) > 0x2e80 for ch in v) for v in vals) else 1)
PY
    if [ "$n" = hetang-2013 ]; then
        # Townships rate departments (raters = township): every department rating (indicators d01-d15,
        # counted in the sample's CSV) is typed into the matrix sheet, none as a long row.
        want=$(grep -cE '^[^,]*,[^,]*,d[0-9]+,' "$src/observations.csv")
        got=$("$PY" -c "import sys; from openpyxl import load_workbook; ws = load_workbook(sys.argv[1])['区直部门（评议）']; print(sum(1 for r in ws.iter_rows(min_row=3, min_col=5, values_only=True) for v in r if v is not None))" "$d/data/data.xlsx")
        check "$n: the matrix sheet (townships down, departments across) holds all $want ratings" test "$want" = "$got"
        check "$n: the matrix sheet's raters are the 12 townships" "$PY" -c "import sys; from openpyxl import load_workbook; ws = load_workbook(sys.argv[1])['区直部门（评议）']; sys.exit(len({r[0] for r in ws.iter_rows(min_row=3, min_col=2, max_col=2, values_only=True)}) != 12)" "$d/data/data.xlsx"
    fi
    "$KP" run "$cfg" --data "$d/data" --out "$d/out-xlsx" --stage score -q >/dev/null 2>"$d/err"
    check "$n: the filled template runs" test $? -eq 0 || head -3 "$d/err"
    "$KP" run "$cfg" --out "$d/out-csv" --stage score -q >/dev/null 2>&1
    for f in results awards notices; do
        check "$n: filled template gives the sample's $f.csv" cmp -s "$d/out-csv/$f.csv" "$d/out-xlsx/$f.csv"
    done
done
