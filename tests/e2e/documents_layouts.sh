# documents_layouts.sh - layouts are data: a copied layouts folder (run INI key `layouts`) with
# another letterhead text, colour, margin and font role changes the documents without a rebuild;
# a malformed layout fails naming its file and line; a text block that breaks GB/T 9704 is caught
# by the geometry check; the line breaker keeps the Chinese rules (tests/documents/kinsoku.c);
# composing documents stays cheap (layouts and fonts are read once per run).
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
# A run INI of the Zhongshan sample with a layouts folder of its own: runini_layouts DIR OUT
runini_layouts() {
    sed -e "s#^ruleset = #ruleset = $ROOT/config/#" -e "s#^data = #data = $ROOT/config/#" -e "/^history = /s#\.\./#$ROOT/config/../#g" \
        -e "s#^out = .*#out = $2#" -e "/^\[run\]/a layouts = $1" \
        "$ROOT/config/zhongshan-2023.ini" >"$d/run-$(basename "$1").ini"
    echo "$d/run-$(basename "$1").ini"
}
words() { pdftotext -bbox -f 1 -l 1 "$1" - | sed -n 's/.*xMin="\([0-9.]*\)".*>\(.*\)<\/word>/\1 \2/p'; }

stamp=$(stat -c %Y "$KP")
"$KP" run "$ROOT/config/zhongshan-2023.ini" --out "$d/base" -q >/dev/null 2>&1
check "baseline run exits 0" test -s "$d/base/ranking-area.pdf"

# Letterhead text and colour, left margin and the letterhead's font role, in a copy.
cp -r "$ROOT/layouts" "$d/changed"
sed -i -e 's#<letterhead role="title"\(.*\)color="\#E60012"\(.*\)>{authority_short}</letterhead>#<letterhead role="kai"\1color="\#0033CC"\2>{authority_short}文件</letterhead>#' \
    -e 's#<margins top="37" bottom="35" left="28" right="26"/>#<margins top="37" bottom="35" left="40" right="26"/>#' \
    "$d/changed/ranking.xml"
check "the copied layout was changed" grep -q '{authority_short}文件' "$d/changed/ranking.xml"
ini=$(runini_layouts "$d/changed" "$d/out")
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "run with the changed layouts folder exits 0" test -s "$d/out/ranking-area.pdf"
sum=$(sha256sum "$d/changed/ranking.xml" | cut -d' ' -f1)
check "the manifest records the changed layout as an input" grep -q "\"layout\", \"name\": \"ranking.xml\".*$sum" "$d/out/manifest.json"
check "the changed layouts give another ranking PDF" sh -c "! cmp -s '$d/base/ranking-area.pdf' '$d/out/ranking-area.pdf'"
check "the other documents are as before" cmp -s "$d/base/warning.pdf" "$d/out/warning.pdf"
first=$(words "$d/out/ranking-area.pdf" | head -1 | cut -d' ' -f2)
check "letterhead text from the layout ($first)" test "$first" = "中共松江区中山街道工作委员会文件"
blue=$(pdftoppm -r 30 -f 1 -l 1 "$d/out/ranking-area.pdf" | "$PY" -c '
import re, sys
d = sys.stdin.buffer.read(); m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", d); w, h = int(m[1]), int(m[2]); p = d[m.end():]
print(sum(1 for i in range(0, w * h // 2 * 3, 3) if p[i] < 90 and p[i + 1] < 120 and p[i + 2] > 150))')
check "letterhead colour from the layout (blue pixels: $blue)" test "$blue" -gt 40
left=$(words "$d/out/ranking-area.pdf" | awk 'NR == 1 || $1 < m { m = $1 } END { printf "%.1f", m * 25.4 / 72 }')
base_left=$(words "$d/base/ranking-area.pdf" | awk 'NR == 1 || $1 < m { m = $1 } END { printf "%.1f", m * 25.4 / 72 }')
check "left margin from the layout (text from $left mm, was $base_left mm)" \
    awk -v a="$left" -v b="$base_left" 'BEGIN { exit !(a >= 39.4 && a < 41 && b >= 27.4 && b < 29) }'
check "letterhead font role from the layout (楷体 on page 1)" sh -c "pdffonts -f 1 -l 1 '$d/out/ranking-area.pdf' | grep -q UKai && ! pdffonts -f 1 -l 1 '$d/base/ranking-area.pdf' | grep -q UKai"
check "no rebuild: the program is the same file" test "$(stat -c %Y "$KP")" = "$stamp"

# The geometry check catches text outside the GB/T 9704 text block.
cp -r "$ROOT/layouts" "$d/wide"
sed -i 's#left="28" right="26"#left="18" right="16"#' "$d/wide/warning.xml"
ini=$(runini_layouts "$d/wide" "$d/wideout")
"$KP" run "$ini" -q >/dev/null 2>&1
"$PY" "$ROOT/tests/documents/check_docs.py" "$d/wideout" "$ROOT/config/zhongshan-2023.ini" wide >"$d/wide.log" 2>&1
check "a layout with 18 mm margins fails the text block check" grep -q '^FAIL wide: no text outside the text block' "$d/wide.log"
check "... and only the document of that layout" sh -c "grep -A5 '^FAIL wide: no text outside' '$d/wide.log' | grep '^    ' | grep -vq '^    warning.pdf' && exit 1 || exit 0"

# Malformed layouts fail with file and line, and write nothing.
bad_layout() { # NAME PATTERN SED-COMMAND: break the first line of ranking.xml matching PATTERN
    local name=$1 line
    line=$(grep -n -m1 -- "$2" "$ROOT/layouts/ranking.xml" | cut -d: -f1)
    rm -rf "$d/bad" "$d/badout"
    cp -r "$ROOT/layouts" "$d/bad"
    sed -i "${line}$3" "$d/bad/ranking.xml"
    ini=$(runini_layouts "$d/bad" "$d/badout")
    "$KP" run "$ini" -q >/dev/null 2>"$d/bad.err"
    local rc=$?
    check "$name: run exits 1" test "$rc" -eq 1
    # (An element never closed is reported where the file ends, naming the line it opened on.)
    check "$name: error names the file and line $line ($(head -1 "$d/bad.err"))" \
        grep -Eq "^kaoping: error: '$d/bad/ranking.xml' line ([0-9]+: .*line )?$line[: ]" "$d/bad.err"
    check "$name: nothing written" test ! -e "$d/badout"
    "$KP" check "$ini" >/dev/null 2>"$d/check.err"
    check "$name: kaoping check fails too" sh -c "test $? -ne 0 && grep -q 'ranking.xml' '$d/check.err'"
}
bad_layout "unclosed element" '<docnumber' 's#</docnumber>##'
bad_layout "unknown attribute" '<para ' 's#<para #<para bogus="1" #'
bad_layout "font size 0" '<title ' 's#size="22"#size="0"#'
bad_layout "unknown block" '<signature' 's#<signature #<signatory #'
bad_layout "unknown column field" '<column field="total"' 's#field="total"#field="sum"#'

# Chinese line-breaking rules.
if cc -std=c17 -Wall -Wextra -D_DEFAULT_SOURCE -I"$ROOT/src" -o "$d/kinsoku" \
    "$ROOT/tests/documents/kinsoku.c" "$ROOT/build/libkaoping.a" \
    $(pkg-config --cflags --libs harfbuzz harfbuzz-subset libxml-2.0 xlsxwriter inih libunibreak nettle libdeflate) \
    -lhpdf -lm 2>"$d/cc.err"; then
    "$d/kinsoku"
else
    fail "kinsoku test builds"; head -5 "$d/cc.err"
fi

# Per-subject documents are composed from layouts and fonts read once: the 187 packets of the
# sample (and nothing else) take a few ms each, not the hundreds a re-read of fonts would cost.
mkdir -p "$d/packets"
cp "$ROOT/layouts/packet.xml" "$d/packets/"
ini=$(runini_layouts "$d/packets" "$d/pout")
t0=$(date +%s%N)
"$KP" run "$ini" -q >/dev/null 2>&1
t1=$(date +%s%N)
n=$(ls "$d/pout"/packet-*.pdf | wc -l)
ms=$(( (t1 - t0) / 1000000 ))
echo "packets: $n in $ms ms ($(( ms * 1000 / (n > 0 ? n : 1) )) us each, composition and PDF writing)"
check "a packet per subject ($n)" test "$n" -eq 187
# Its speed is measured by make bench (bench/RESULTS.md), not asserted in a timed test.
# Two layouts that would write the same file are a configuration error, found before any is written.
d=$(scratch)
mkdir "$d/layouts" && cp "$ROOT"/layouts/* "$d/layouts/"
sed -i 's|file="warning.pdf"|file="awards.pdf"|' "$d/layouts/warning.xml"
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
sed -i "s|^\[run\]|[run]\nlayouts = $d/layouts|" "$ini"
# zs-mini has no award: the award list is asked for, so both layouts are written.
printf 'documents = warning, awards\n' >>"$ini"
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "two layouts writing one file: exit 1" test $? -eq 1
check "two layouts writing one file: named" grep -q "two documents would be written to 'awards.pdf'" "$d/err"
check "two layouts writing one file: nothing written" test ! -e "$d/out"
