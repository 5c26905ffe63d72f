# xlsx_input.sh - observations given as a workbook are read as Excel and other writers write
# them: a cell's text is all of its text (rich-text runs, CDATA, character references, _xHHHH_
# escapes, shared strings with runs), phonetic runs are not text, and numbers in every form
# Excel writes (1.35E+1, 5.5511151231257827E-17, -0) are numbers. The same data as CSV is the
# reference: each workbook must give exactly the CSV's results.csv. A sheet inflating to 400 MB
# of blanks is read as a stream, in bounded memory.
. "$(dirname "$0")/../lib.sh"
X="$ROOT/tests/bad-input/xlsx_of.py"
base=$(scratch)
cp -r "$ROOT/tests/data/zs-mini" "$base/data"
"$KP" run "$(runini "$base/data" "$base/out")" --stage score -q >/dev/null 2>"$base/err" ||
    fail "the CSV reference run: $(head -2 "$base/err")"
# same NAME XLSX_OF_ARGS...: the workbook made by xlsx_of.py gives the CSV's results.csv.
same() {
    local name=$1 d; shift
    d=$(scratch)
    cp -r "$ROOT/tests/data/zs-mini" "$d/data"
    (cd "$d/data" && "$PY" "$X" "$@") || { fail "$name: xlsx_of.py"; return; }
    if ! "$KP" run "$(runini "$d/data" "$d/out")" --stage score -q >/dev/null 2>"$d/err"; then
        fail "$name: $(head -2 "$d/err")"
    elif ! cmp -s "$base/out/results.csv" "$d/out/results.csv"; then
        fail "$name: results.csv differs from the CSV's"
    else
        pass "$name"
    fi
}
# Row 336 is 2023,B,visits,13.5; 384 2023,C,deeds,13.5; 386 2023,C,service,13.5;
# 1015 2023,F2,leader_eval,0; 1016 2023,F2,democratic,0,R01.
same "inline strings and plain numbers read as the CSV"
same "shared strings read as the CSV" --shared
same "a rich-text subject (two runs) is both runs, its phonetic run left out" \
    --cell 1015 1 '<c r="B1015" t="inlineStr"><is><r><t>F</t></r><r><rPr><b/></rPr><t>2</t></r><rPh sb="0" eb="1"><t>x</t></rPh></is></c>'
same "CDATA inside a cell's text is part of it" \
    --cell 384 2 '<c r="C384" t="inlineStr"><is><t>de<![CDATA[ed]]>s</t></is></c>'
same "character references and _xHHHH_ escapes are decoded" \
    --cell 386 2 '<c r="C386" t="inlineStr"><is><t>servic&#101;</t></is></c>' \
    --cell 386 1 '<c r="B386" t="inlineStr"><is><t>_x0043_</t></is></c>'
same "a shared string of runs is all its runs" --shared \
    --sub-strings '<si><t>hotline_contact</t></si>' '<si><r><t>hotline_</t></r><r><t>contact</t></r></si>'
same "1.35E+1 is 13.5, 5.5511151231257827E-17 and -0 are numbers" \
    --cell 336 3 '<c r="D336"><v>1.35E+1</v></c>' \
    --cell 1015 3 '<c r="D1015"><v>5.5511151231257827E-17</v></c>' \
    --cell 1016 3 '<c r="D1016" t="n"><v>-0</v></c>'
# 400 MB of blanks between rows (legal XML, 0.4 MB zipped): the old reader inflated the whole
# part into memory (426 MB peak); streamed, the peak stays under 200 MB.
d=$(scratch)
cp -r "$ROOT/tests/data/zs-mini" "$d/data"
(cd "$d/data" && "$PY" "$X" && "$PY" - <<'PY'
import zipfile
src = zipfile.ZipFile("observations.xlsx")
parts = {n: src.read(n) for n in src.namelist()}
sheet = parts["xl/worksheets/sheet1.xml"].decode()
pad = " " * (4 << 20)
parts["xl/worksheets/sheet1.xml"] = sheet.replace("</row>", "</row>" + pad, 100)
with zipfile.ZipFile("observations.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for n, t in parts.items():
        z.writestr(n, t)
PY
)
peak=$("$PY" - "$KP" "$(runini "$d/data" "$d/out")" <<'PY'
import resource, subprocess, sys
rc = subprocess.run([sys.argv[1], "check", sys.argv[2]], capture_output=True).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024 if rc == 0 else -1)
PY
)
case "$KP" in
*valgrind* | *asan* | *ubsan*) # their shadow memory and quarantine are most of the peak
    echo "SKIP peak memory on a 400 MB sheet: not measured under a sanitizer or valgrind" ;;
*) check "a sheet of 400 MB of blanks is checked in under 200 MB (peak $peak MB)" \
    test "$peak" -ge 0 -a "$peak" -lt 200 ;;
esac
# Billion laughs (tests/bad-input/45-xlsx-entity-bomb) fails at once: libxml2's limits hold
# without XML_PARSE_HUGE (with it: 6 minutes and 3.2 GB). Under 10 s, exit 1.
d=$(scratch)
cp -r "$ROOT/tests/data/zs-mini" "$d/data"
(cd "$d/data" && PY="$PY" sh "$ROOT/tests/bad-input/45-xlsx-entity-bomb/mutate.sh")
timeout 10 "$KP" check "$(runini "$d/data" "$d/out")" >/dev/null 2>&1
check "an entity bomb in a sheet is refused within 10 s (exit $?, want 1)" test $? -eq 1
