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
    if [ "$name" = zhongshan-2023 ]; then
        "$KP" run "$cfg" --out "$d/again" -q >/dev/null 2>&1
        check "$name: a second run writes the same results.xlsx bytes" \
            cmp -s "$d/out/results.xlsx" "$d/again/results.xlsx"
    fi
    rm -rf "$d"
done
