# documents.sh - every sample rule set produces every document kind, as PDF and as an XLSX sheet:
# the ranking bulletin (table, bar chart, rank trend), the 流动红旗 and warning notices, the award
# list, the indicator sheet (blank, and filled per subject) and the year-end packet per subject.
# Text against results.csv, awards.csv and notices.csv; geometry of GB/T 9704 (text block, page
# numbers, table headers, red letterhead); no pdftotext warning; PDF/A by tests/tools/pdfcheck.
# The checks themselves are tests/documents/check_docs.py and check_xlsx_docs.py.
. "$(dirname "$0")/../lib.sh"
pdfcheck=$ROOT/tests/tools/pdfcheck
for cfg in "$ROOT"/config/*.ini; do
    name=$(basename "$cfg" .ini)
    d=$(scratch)
    "$KP" run "$cfg" --out "$d/out" -q >"$d/stdout" 2>"$d/err"
    check "$name: run exits 0" test $? -eq 0
    check "$name: no warning from the renderers" sh -c "! grep -q 'configured font' '$d/err'"
    "$PY" "$ROOT/tests/documents/check_docs.py" "$d/out" "$cfg" "$name" 2>&1 |
        sed 's/^Traceback/FAIL '"$name"': check_docs.py failed: Traceback/'
    "$PY" "$ROOT/tests/documents/check_xlsx_docs.py" "$d/out" "$cfg" "$name" 2>&1 |
        sed 's/^Traceback/FAIL '"$name"': check_xlsx_docs.py failed: Traceback/'
    if need qpdf pdffonts; then
        # Every document but the per-subject ones, and the first of those.
        set -- $(cd "$d/out" && ls *.pdf | grep -v -e '^packet-' -e '^scoresheet-') \
            $(cd "$d/out" && ls packet-*.pdf scoresheet-*.pdf 2>/dev/null | head -2)
        if (cd "$d/out" && "$pdfcheck" --pdfa "$@") >"$d/pdfcheck" 2>&1; then
            pass "$name: pdfcheck --pdfa on $# documents"
        else
            fail "$name: pdfcheck --pdfa"; grep -v '^ok' "$d/pdfcheck" | head -5
        fi
    fi
    rm -rf "$d"
done
