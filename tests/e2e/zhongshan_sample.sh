# zhongshan_sample.sh - the sample run end to end: results.csv against the reviewed golden file,
# PDF text and fonts, XLSX cells.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
"$KP" run "$ROOT/config/zhongshan-2023.ini" --out "$d/out" -q >"$d/stdout" 2>"$d/err"
check "sample run exits 0" test $? -eq 0
out=$d/out
if diff "$ROOT/tests/golden/zhongshan-2023/results.csv" "$out/results.csv" >"$d/diff"; then
    pass "results.csv equals the golden file"
else
    fail "results.csv differs from the golden file"; head -20 "$d/diff"
fi
for f in ranking-area.pdf ranking-worker.pdf results.xlsx results.csv; do
    check "wrote $f" test -s "$out/$f"
done
for pdf in $(pdf_sample "$out"); do
    b=$(basename "$pdf")
    pdffonts "$pdf" | tail -n +3 >"$d/fonts"
    check "$b has fonts" test -s "$d/fonts"
    check "$b: every font embedded, subset, with ToUnicode" \
        awk '{ if ($(NF-4)!="yes" || $(NF-3)!="yes" || $(NF-2)!="yes") bad=1 } END { exit bad }' "$d/fonts"
    check "$b: every font name has a subset tag" sh -c "! grep -Evq '^[A-Z]{6}\+' '$d/fonts'"
    pdftotext "$pdf" "$d/text" 2>"$d/pdferr"
    check "$b: pdftotext prints no warning" test ! -s "$d/pdferr"
    check "$b: A4 pages" sh -c "pdfinfo '$pdf' | grep -q 'Page size:.*(A4)'"
    check "$b: pdfcheck" "$ROOT/tests/tools/pdfcheck" "$pdf"
    check "$b: under 160 KB (fonts subset, not ~400 KB per face)" test "$(stat -c %s "$pdf")" -lt 163840
done
# PDF text carries every subject with its total, rank and grade from results.csv.
pdftotext -layout "$out/ranking-worker.pdf" "$d/worker.txt"
pdftotext -layout "$out/ranking-area.pdf" "$d/area.txt"
missing=0
while IFS=, read -r kind id name period total rank grade rest; do
    [ "$kind" = kind ] && continue
    f=$d/$kind.txt
    grep -q -- "$name.*$total.*$grade" "$f" || { echo "missing in $kind PDF: $name $total $grade"; missing=1; }
done <"$out/results.csv"
check "every subject's name, total and grade are in its PDF" test $missing -eq 0
check "the rare name 𠮷 (U+20BB7) comes back from pdftotext" grep -q "𠮷" "$d/worker.txt"
# Header repeated on every page of the table: the pages from 附件1 to the one before 附件2.
pages=$(pdfinfo "$out/ranking-worker.pdf" | awk '/^Pages:/ {print $2}')
hdr=0 first=0 last=$pages
for p in $(seq 1 "$pages"); do
    pdftotext -f "$p" -l "$p" -layout "$out/ranking-worker.pdf" "$d/page"
    grep -q "^ *附件1 *$" "$d/page" && first=$p
    grep -q "^ *附件2 *$" "$d/page" && last=$((p-1))
    grep -q "排名.*总分.*等次" "$d/page" && hdr=$((hdr+1))
done
tpages=$((last - first + 1))
check "worker table spans pages ($tpages) with the header on each table page" test "$first" -ge 2 -a "$tpages" -ge 3 -a "$hdr" -eq "$tpages"
check "letterhead and document number on page 1" sh -c "pdftotext -l 1 '$out/ranking-area.pdf' - | grep -q '松中委〔2024〕8号'"
check "page numbers — 1 —" grep -q "— 1 —" "$d/area.txt"
# XLSX cells against results.csv.
if "$PY" "$ROOT/tests/e2e/check_xlsx.py" "$out/results.xlsx" "$out/results.csv" >"$d/xlsx" 2>&1; then
    pass "xlsx cells match results.csv (numbers, formulas with cached totals)"
else
    fail "xlsx cells"; cat "$d/xlsx"
fi
