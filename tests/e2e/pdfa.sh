# pdfa.sh - every PDF of the sample run is PDF/A-1b: pdfcheck --pdfa, XMP identification, output
# intent, Info dates equal to XMP dates, the same bytes (and /ID) from a second run.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
"$KP" run "$ROOT/config/zhongshan-2023.ini" --out "$d/out" -q >"$d/stdout" 2>"$d/err"
check "sample run exits 0" test $? -eq 0
"$KP" run "$ROOT/config/zhongshan-2023.ini" --out "$d/again" -q >/dev/null 2>&1
pdfcheck=$ROOT/tests/tools/pdfcheck
# Info's D:YYYYMMDDHHmmSS+00'00' spelt as XMP spells dates.
info_date() {
    pdfinfo -rawdates "$1" | sed -n "s/^$2: *D:\(....\)\(..\)\(..\)\(..\)\(..\)\(..\)+00'00'\$/\1-\2-\3T\4:\5:\6+00:00/p"
}
xmp_date() { sed -n "s:.*<xmp\:$2>\(.*\)</xmp\:$2>.*:\1:p" "$1"; }
n=0
for pdf in $(pdf_sample "$d/out"); do
    [ -e "$pdf" ] || continue
    n=$((n + 1))
    b=$(basename "$pdf")
    check "$b: pdfcheck --pdfa" "$pdfcheck" --pdfa "$pdf"
    pdfinfo -meta "$pdf" >"$d/meta" 2>&1
    check "$b: XMP pdfaid:part 1" grep -q '<pdfaid:part>1</pdfaid:part>' "$d/meta"
    check "$b: XMP pdfaid:conformance B" grep -q '<pdfaid:conformance>B</pdfaid:conformance>' "$d/meta"
    qpdf --qdf --object-streams=disable "$pdf" "$d/qdf.pdf" 2>/dev/null
    check "$b: OutputIntent /GTS_PDFA1" grep -aq '/S /GTS_PDFA1' "$d/qdf.pdf"
    check "$b: OutputIntent has a DestOutputProfile" grep -aq '/DestOutputProfile [0-9]* 0 R' "$d/qdf.pdf"
    for k in CreationDate:CreateDate ModDate:ModifyDate; do
        i=$(info_date "$pdf" "${k%:*}")
        x=$(xmp_date "$d/meta" "${k#*:}")
        check "$b: Info ${k%:*} ($i) = XMP ${k#*:} ($x)" test -n "$x" -a "$i" = "$x"
    done
    check "$b: dated by the run ini (2024-01-15)" \
        test "$(xmp_date "$d/meta" CreateDate)" = "2024-01-15T00:00:00+00:00"
    if "$PY" "$ROOT/tests/pdf/check_pdfa.py" "$pdf" >"$d/pdfa" 2>&1; then
        pass "$b: check_pdfa.py ($(grep -c '^PASS' "$d/pdfa") checks: /ID, CIDSets, ICC, Info = XMP)"
    else
        fail "$b: check_pdfa.py"; grep -v '^PASS' "$d/pdfa" | head -20
    fi
    check "$b: a second run writes the same bytes (same /ID)" cmp -s "$pdf" "$d/again/$b"
done
check "the run wrote PDFs ($n)" test "$n" -ge 2
