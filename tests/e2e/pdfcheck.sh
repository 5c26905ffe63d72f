# pdfcheck.sh - the project's own PDF check (tests/tools/pdfcheck) passes our documents and
# names each fault of a PDF made by hand to have them: a font not embedded, a Letter page,
# no PDF/A markers.
. "$(dirname "$0")/../lib.sh"
need qpdf pdffonts || exit 0
d=$(scratch)
pc=$ROOT/tests/tools/pdfcheck

# A one-page Letter PDF showing "Hello" in Helvetica, not embedded; qpdf writes the xref.
cat >"$d/raw.pdf" <<'PDF'
%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length 44 >> stream
BT /F1 12 Tf 100 100 Td (Hello) Tj ET
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R >>
%%EOF
PDF
qpdf "$d/raw.pdf" "$d/bad.pdf" 2>/dev/null
"$pc" --pdfa "$d/bad.pdf" >"$d/bad.out" 2>&1
check "a hand-made bad PDF fails" test $? -eq 1
for why in "font not embedded: Helvetica" "font not subset: Helvetica" "a page is not A4" \
    "no XMP pdfaid:part 1" "no /GTS_PDFA1 output intent"; do
    check "it is named: $why" grep -qF "$why" "$d/bad.out"
done
"$pc" "$d/missing.pdf" >"$d/missing.out" 2>&1
check "a missing file fails" grep -q 'missing or empty' "$d/missing.out"

"$KP" run "$ROOT/config/zhongshan-2023.ini" --out "$d/out" -q >/dev/null 2>&1
check "the sample's ranking bulletin passes --pdfa" "$pc" --pdfa "$d/out/ranking-area.pdf"
