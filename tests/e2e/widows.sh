# widows.sh - widow and orphan control of body text (issue 15): a paragraph that breaks across
# a page keeps at least two lines on each side; one that cannot is moved whole. A layout of
# two named paragraphs (filler, then the paragraph under test) is set with filler lengths that
# bring the test paragraph's start to every one of the last lines of page 1, for paragraphs
# of 2 to 5 lines, and each page's share of each paragraph is counted from pdftotext.
#
# The numbers: body text of 16 pt (5.644 mm) in the 156 mm measure of layouts/warning.xml's
# margins holds 27 full-width characters a line (156 / 5.644 = 27.6), and its 225 mm height
# 22 lines of 1.81 x 16 pt (10.2 mm). A paragraph indents its first line by two characters, so
# 27n - 2 characters make n lines. The filler of F lines is 27F - 2 characters 甲, the
# paragraph of P lines 27P - 2 characters 乙. With the one-line title above, F = 14..21 leaves
# 7..0 lines at the foot, so a paragraph of 2..5 lines starts at every place where it breaks.
. "$(dirname "$0")/../lib.sh"
need pdftotext || exit 0
d=$(scratch)
mkdir "$d/layouts"
cp "$ROOT/layouts/layout.rng" "$d/layouts/"
cat >"$d/layouts/probe.xml" <<'XML'
<layout xmlns="urn:kaoping:layout:1" name="probe" page="A4" orientation="portrait">
  <margins top="37" bottom="35" left="28" right="26"/>
  <para role="body" size="16" indent="0" align="center">分页测试</para>
  <para role="body" size="16" name="filler">甲</para>
  <para role="body" size="16" name="test">乙</para>
</layout>
XML
# ini_text KEY CHAR N: KEY = N times CHAR, 20 a line (INI lines are short; an indented line
# continues the value).
ini_text() {
    local i line
    printf '%s = ' "$1"
    for ((i = 0; i < $3; i += 20)); do
        line=$(printf "$2%.0s" $(seq 1 $(($3 - i < 20 ? $3 - i : 20))))
        [ $i -eq 0 ] && printf '%s\n' "$line" || printf '  %s\n' "$line"
    done
}
run_probe() { # run_probe F P: writes $d/F-P/probe-area.pdf
    local ini out=$d/$1-$2
    ini=$(runini "$ROOT/tests/data/zs-mini" "$out")
    sed -i "s|^\[run\]|[run]\nlayouts = $d/layouts|" "$ini"
    {
        echo "documents = probe"
        ini_text text.probe.filler 甲 $((27 * $1 - 2))
        ini_text text.probe.test 乙 $((27 * $2 - 2))
    } >>"$ini"
    "$KP" run "$ini" -q >/dev/null 2>"$out.err"
}
# lines CHAR PDF: the number of lines holding CHAR on each page, space-separated.
lines() {
    local n p out=""
    n=$(pdfinfo "$2" | sed -n 's/^Pages: *//p')
    for p in $(seq 1 "$n"); do
        out="$out $(pdftotext -f "$p" -l "$p" "$2" - | grep -c "$1")"
    done
    echo $out
}
bad=0 runs=0 moved=0
for P in 2 3 4 5; do
    for F in $(seq 14 21); do
        runs=$((runs + 1))
        if ! run_probe "$F" "$P"; then
            fail "widows: filler $F lines, paragraph $P lines: run failed: $(head -1 "$d/$F-$P.err")"
            bad=$((bad + 1)); continue
        fi
        pdf=$d/$F-$P/probe-area.pdf # (a layout of no kind: one document a kind)
        for c in 甲 乙; do
            want=$([ $c = 甲 ] && echo "$F" || echo "$P")
            got=$(lines $c "$pdf")
            total=0 lone=0
            for k in $got; do total=$((total + k)); [ "$k" -eq 1 ] && lone=1; done
            # every line set, and no page with one line of a paragraph that has more
            if [ "$total" -ne "$want" ] || { [ "$want" -gt 1 ] && [ $lone -eq 1 ]; }; then
                echo "  filler $F, paragraph $P: $c lines per page: $got (of $want)"
                bad=$((bad + 1))
            fi
            [ $c = 乙 ] && [ "$(echo "$got" | wc -w)" -gt 1 ] && [ "${got%% *}" -eq 0 ] && moved=$((moved + 1))
        done
    done
done
check "widows: $runs placements of 2- to 5-line paragraphs at the foot of a page: no line alone" \
    test $bad -eq 0
# The sweep must reach the cases it is about: paragraphs moved whole to page 2.
check "widows: some paragraphs moved whole to the next page ($moved)" test $moved -gt 0
