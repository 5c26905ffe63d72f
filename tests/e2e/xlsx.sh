# xlsx.sh - results.xlsx as a reader sees it: every sample rule set's workbook cell for cell
# (values, formulas with cached values, styles, widths, heights, panes, filters, conditional
# formats, charts, print set-up) against tests/golden/NAME/results.xlsx.txt, and the same bytes
# from two runs of the same inputs.
. "$(dirname "$0")/../lib.sh"
for cfg in "$ROOT"/config/*.ini; do
    name=$(basename "$cfg" .ini)
    golden="$ROOT/tests/golden/$name/results.xlsx.txt"
    [ -f "$golden" ] || continue
    d=$(scratch)
    if ! "$KP" run "$cfg" --out "$d/out" -q >/dev/null 2>"$d/err"; then
        fail "$name: run exited non-zero: $(head -2 "$d/err")"
        continue
    fi
    "$PY" "$ROOT/tests/e2e/xlsx_cells.py" "$d/out/results.xlsx" >"$d/cells" 2>&1
    if diff "$golden" "$d/cells" >"$d/diff"; then
        pass "$name: results.xlsx has the golden cells, styles and sheet set-up"
    else
        fail "$name: results.xlsx differs from tests/golden/$name/results.xlsx.txt"
        head -20 "$d/diff"
    fi
    # Issue 15: ranks and grades re-evaluate, charts the right way round, wide sheets print.
    if "$PY" "$ROOT/tests/e2e/xlsx_reads.py" "$d/out/results.xlsx" "$d/out/awards.csv" \
        >"$d/reads" 2>&1; then
        pass "$name: results.xlsx re-ranks and re-grades from its totals and prints readably ($(tail -1 "$d/reads"))"
    else
        fail "$name: results.xlsx as an office uses it"
        head -10 "$d/reads"
    fi
    if [ "$name" = zhongshan-2023 ]; then
        "$KP" run "$cfg" --out "$d/again" -q >/dev/null 2>&1
        check "$name: a second run writes the same results.xlsx bytes" \
            cmp -s "$d/out/results.xlsx" "$d/again/results.xlsx"
    fi
    rm -rf "$d"
done

# libxlsxwriter reads a created time of 0 as "now": a run dated 1970-01-01 must still carry its
# own date, never the clock's.
d=$(scratch)
mkdir -p "$d/config/rules"
cp "$ROOT/config/rules/zhongshan-2023.ini" "$d/config/rules/"
sed -e 's/^date = .*/date = 1970-01-01/' -e "s|^data = .*|data = $ROOT/samples/zhongshan-2023|" \
    "$ROOT/config/zhongshan-2023.ini" >"$d/config/run.ini"
"$KP" run "$d/config/run.ini" --out "$d/out" -q >/dev/null 2>"$d/err"
created=$("$PY" -c 'import sys, zipfile, re
x = zipfile.ZipFile(sys.argv[1]).read("docProps/core.xml").decode()
print(re.search(r"<dcterms:created[^>]*>([^<]*)<", x).group(1))' "$d/out/results.xlsx" 2>&1)
check "a workbook dated 1970-01-01 says so, not the clock's time (got '$created')" \
    test "$created" = "1970-01-01T00:00:01Z"
rm -rf "$d"
