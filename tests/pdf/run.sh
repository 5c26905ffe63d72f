#!/bin/sh
# run.sh - builds the PDF module's test, runs it, and checks its PDFs with poppler, qpdf and pdfcheck.
# Needs (Debian): gcc pkg-config libhpdf-dev libharfbuzz-dev libdeflate-dev fonts-arphic-uming fonts-hanazono
# fonts-liberation2
# poppler-utils qpdf python3 icc-profiles-free. Prints a PASS/FAIL line per check (the e2e harness's form) and ends with
# "N passed, N failed", test_pdf's own assertions included; exit status 0 only when none failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pdfcheck=$root/tests/tools/pdfcheck
CC=${CC:-gcc}
out=$(mktemp -d "${TMPDIR:-/tmp}/kp-pdf-test.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM

pass=0
fail=0
check() { # check DESCRIPTION COMMAND...: one assertion
    desc=$1
    shift
    if "$@"; then
        pass=$((pass + 1))
        echo "PASS $desc"
    else
        fail=$((fail + 1))
        echo "FAIL $desc"
    fi
}
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit $?
}

py=/usr/bin/python3
for tool in pkg-config pdftotext pdffonts pdfinfo qpdf "$py"; do
    command -v "$tool" >/dev/null || { echo "FAIL needs $tool"; fail=$((fail + 1)); finish; }
done

# Build exactly as the project does: C17, every warning an error.
srcs="$root/src/pdf/kp_doc.c $root/src/pdf/kp_face.c $root/src/pdf/kp_subset.c
      $root/src/pdf/kp_pdf_font.c $root/src/pdf/kp_pdf_draw.c $root/src/pdf/kp_pdf_meta.c
      $root/src/pdf/kp_pdf_pdfa.c $root/src/pdf/kp_pdf_stream.c $root/src/pdf/kp_pdf_write.c
      $root/src/pdf/kp_utf8.c
      $root/src/base/kp_error.c $root/src/base/kp_sha256.c $root/src/base/kp_file.c
      $root/src/base/kp_mem.c $root/src/base/kp_vec.c $here/test_pdf.c"
# shellcheck disable=SC2046,SC2086 # word splitting of flags and file lists is intended
if ! $CC -std=c17 -Wall -Wextra -Werror -O2 $(pkg-config --cflags harfbuzz harfbuzz-subset libdeflate nettle) \
    $srcs -o "$out/test_pdf" $(pkg-config --libs harfbuzz harfbuzz-subset libdeflate nettle) -lhpdf -lm; then
    echo "FAIL build"
    fail=$((fail + 1))
    finish
fi

# Run twice, in two processes: the second run's files must be byte-identical.
mkdir "$out/a" "$out/b"
"$out/test_pdf" "$out/a" >"$out/a.log" 2>"$out/a.err"
rc=$?
"$out/test_pdf" "$out/b" >"$out/b.log" 2>&1
grep -v 'passed, .* failed$' "$out/a.log"
sed -n 's/^FAIL /FAIL test_pdf: /p' "$out/a.err"
c_pass=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$out/a.log")
c_fail=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$out/a.log")
pass=$((pass + ${c_pass:-0}))
fail=$((fail + ${c_fail:-0}))
check "test_pdf exits 0 (${c_pass:-0} assertions passed)" [ "$rc" -eq 0 ]
[ -s "$out/a/two_pages.pdf" ] || { echo "FAIL no PDF written"; fail=$((fail + 1)); finish; }

a=$out/a
check "reproducible across processes" cmp -s "$a/two_pages.pdf" "$out/b/two_pages.pdf"
check "failed writes leave nothing behind" \
    [ "$(cd "$a" && echo *)" = "dated.pdf duplicate_face.pdf epoch.pdf escapes.pdf many.pdf one_page.pdf shared_glyph.pdf two_pages.pdf two_pages_again.pdf" ]

# Text: exactly the source text (𠮷 included), and not one warning.
for name in two_pages duplicate_face; do
    pdftotext -raw "$a/$name.pdf" "$out/$name.txt" 2>"$out/$name.warn"
    check "pdftotext $name.pdf matches expected_$name.txt" \
        cmp -s "$out/$name.txt" "$here/expected_$name.txt"
    check "pdftotext $name.pdf prints no warnings" [ ! -s "$out/$name.warn" ]
done
check "U+20BB7 extracted" grep -q '𠮷祥' "$out/two_pages.txt"
# 8000 characters of one font, 80 lines of 100 from U+4E00 (test_pdf wrote them to
# many.expected): every one comes back, in order.
printf '\f' >>"$out/many.expected"
pdftotext -raw "$a/many.pdf" "$out/many.txt" 2>"$out/many.warn"
check "pdftotext many.pdf gives the 8000 characters back" cmp -s "$out/many.txt" "$out/many.expected"
check "pdftotext many.pdf prints no warnings" [ ! -s "$out/many.warn" ]
# Two characters drawn by one glyph stay two characters.
check "U+FB01 and U+F001 (one glyph) both extracted" \
    [ "$(pdftotext -raw "$a/shared_glyph.pdf" - 2>&1)" = "$(printf 'A\357\254\201B\357\200\201C\n\f')" ]
check "shared_glyph.pdf maps its extra CID by a CIDToGIDMap stream" \
    sh -c "qpdf --show-object=\$(qpdf --json '$a/shared_glyph.pdf' | grep -o '\"/CIDToGIDMap\": \"[0-9]* 0 R' | grep -o '[0-9]* 0 R' | head -1 | cut -d' ' -f1) --filtered-stream-data '$a/shared_glyph.pdf' | od -An -tx1 | tr -d ' \n' | grep -q ."

# Fonts: embedded, subset (tagged), with ToUnicode.
# shellcheck disable=SC2317 # called through check
fonts_ok() {
    pdffonts "$1" | tail -n +3 | awk '
        { n++ }
        $1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/ { bad = 1 }
        $(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes" { bad = 1 }
        END { exit !(n > 0 && !bad) }'
}
for f in "$a"/*.pdf; do
    check "pdffonts $(basename "$f"): emb/sub/uni yes, subset tag" fonts_ok "$f"
done
check "two_pages.pdf embeds UMing and HanaMinB" \
    [ "$(pdffonts "$a/two_pages.pdf" | tail -n +3 | cut -c8- | awk '{print $1}' | sort | tr '\n' ' ')" = "HanaMinB UMingCN " ]
check "duplicate_face.pdf keeps the twice-loaded face apart" \
    [ "$(pdffonts "$a/duplicate_face.pdf" | tail -n +3 | wc -l)" -eq 2 ]

# Document information, pages and bookmarks.
pdfinfo -f 1 -l 2 "$a/two_pages.pdf" >"$out/info.txt"
check "title in UTF-16" grep -q '^Title: *2024年度考评结果通知书$' "$out/info.txt"
check "author with U+20BB7" grep -q '^Author: *考评办公室 𠮷祥$' "$out/info.txt"
check "creation date from doc->date" grep -q '^CreationDate: .*Jun 30 00:00:00 2024' "$out/info.txt"
check "mod date from doc->date" grep -q '^ModDate: .*Jun 30 00:00:00 2024' "$out/info.txt"
check "page 1 A4 portrait" grep -q '^Page *1 size: *595.276 x 841.89 pts (A4)' "$out/info.txt"
check "page 2 A4 landscape" grep -q '^Page *2 size: *841.89 x 595.276 pts (A4)' "$out/info.txt"
qpdf --json --json-key=outlines "$a/two_pages.pdf" >"$out/outlines.json"
check "bookmark 1" grep -q '"title": "一、考评结果"' "$out/outlines.json"
check "bookmark 2" grep -q '"title": "二、汇总表"' "$out/outlines.json"
check "bookmark 2 on page 2" grep -q '"destpageposfrom1": 2' "$out/outlines.json"

# The project's own gate, and qpdf's structural check.
check "pdfcheck" "$pdfcheck" "$a"/*.pdf
check "pdfcheck --pdfa" "$pdfcheck" --pdfa "$a"/*.pdf
# shellcheck disable=SC2317 # called through check
qpdf_ok() { qpdf --check "$1" >/dev/null 2>&1; }
for f in "$a"/*.pdf; do
    check "qpdf --check $(basename "$f")" qpdf_ok "$f"
done

# PDF/A-1b: XMP, output intent, /ID, CIDSets, Info = XMP (check_pdfa.py says what and why).
"$py" "$here/check_pdfa.py" "$a"/*.pdf >"$out/pdfa.log" 2>&1
sed -n 's/^\(PASS\|FAIL\) /\1 pdfa: /p' "$out/pdfa.log"
pass=$((pass + $(grep -c '^PASS ' "$out/pdfa.log")))
fail=$((fail + $(grep -c '^FAIL ' "$out/pdfa.log")))
check "check_pdfa.py ran to the end" grep -q '^PASS escapes.pdf: no LZW' "$out/pdfa.log"
id_of() { grep -a '^/ID \[ <[0-9A-F]\{32\}> <[0-9A-F]\{32\}> \]' "$1" || echo "no ID in $1"; }
check "trailer /ID same in both processes" \
    [ "$(id_of "$a/two_pages.pdf")" = "$(id_of "$out/b/two_pages.pdf")" ]
check "trailer /ID differs between documents" \
    [ "$(id_of "$a/one_page.pdf")" != "$(id_of "$a/two_pages.pdf")" ]
check "trailer /ID differs when only the date differs" \
    [ "$(id_of "$a/dated.pdf")" != "$(id_of "$a/epoch.pdf")" ]
check "reproducible with SOURCE_DATE_EPOCH too" cmp -s "$a/epoch.pdf" "$out/b/epoch.pdf"
pdfinfo -meta "$a/two_pages.pdf" >"$out/meta.txt" 2>&1
check "pdfinfo -meta shows the XMP" grep -q '<pdfaid:part>1</pdfaid:part>' "$out/meta.txt"
check "pdfinfo -meta: conformance B" grep -q '<pdfaid:conformance>B</pdfaid:conformance>' "$out/meta.txt"
check "pdfinfo -meta: title" grep -q '<rdf:li xml:lang="x-default">2024年度考评结果通知书</rdf:li>' "$out/meta.txt"
check "pdfinfo -meta prints no warnings" sh -c "! grep -qi 'error\|warning' '$out/meta.txt'"

# The sRGB profile missing, or not one PDF/A-1 takes: an error naming it, and no file.
# shellcheck disable=SC2317 # called through check
refused() { [ "$1" -eq 0 ] && [ ! -e "$out/c/no_icc.pdf" ]; }
mkdir "$out/c"
"$py" -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[8] = 4; open(sys.argv[2], "wb").write(d)' \
    /usr/share/color/icc/sRGB.icc "$out/v4.icc"
KAOPING_SRGB_ICC=$out/c/none.icc "$out/test_pdf" --bad-icc missing "$out/c" >"$out/c.log" 2>"$out/c.err"
rc=$?
check "missing sRGB profile: KP_ERR_MISSING, no file" refused "$rc"
check "missing sRGB profile: message names file and package" \
    grep -q "'$out/c/none.icc': sRGB colour profile missing.*icc-profiles-free" "$out/c.err"
KAOPING_SRGB_ICC=$out/v4.icc "$out/test_pdf" --bad-icc invalid "$out/c" >"$out/c.log" 2>"$out/c.err"
rc=$?
check "ICC v4 profile refused: KP_ERR_VALUE, no file" refused "$rc"
check "ICC v4 profile refused: message says why" grep -q "not an ICC version 2 profile" "$out/c.err"

# shellcheck disable=SC2317 # called through check
in_range() { [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
size=$(wc -c <"$a/one_page.pdf")
check "one-page document is 5-40 KB ($size bytes)" in_range "$size" 5000 40000
finish
