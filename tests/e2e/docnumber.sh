# docnumber.sh - every official document carries its own 发文字号: [document] docnumber is the
# default, docnumber.<layout> and docnumber.<layout>-<kind> give one document its own number;
# a shared number is warned about and a key naming no document is an error.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
cat >>"$ini" <<'INI'
docnumber.ranking-worker = 测委〔2024〕2号
docnumber.warning = 测委〔2024〕3号
; zs-mini has no awards: the award list is written because it is asked for
documents = ranking, warning, awards, packet
INI
"$KP" run "$ini" >/dev/null 2>"$d/err"
check "docnumber keys: the run succeeds" test $? -eq 0
num() { pdftotext -l 1 "$d/out/$1" - 2>/dev/null | sed -n 2p; }
check "ranking-area.pdf carries the default number" test "$(num ranking-area.pdf)" = "测委〔2024〕1号"
check "ranking-worker.pdf carries docnumber.ranking-worker" test "$(num ranking-worker.pdf)" = "测委〔2024〕2号"
check "warning.pdf carries docnumber.warning" test "$(num warning.pdf)" = "测委〔2024〕3号"
check "awards.pdf falls back to the default and is warned about" \
    grep -q "warning: .*'awards.pdf' and 'ranking-area.pdf' both carry the document number '测委〔2024〕1号'; give each its own with \[document\] docnumber.ranking-area" "$d/err"
check "one warning: the numbered documents share only one number" test "$(grep -c 'both carry' "$d/err")" -eq 1
check "per-subject packets carry no number on the page" sh -c "! pdftotext '$(ls "$d"/out/packet-*.pdf | head -1)' - | grep -q '测委'"
check "PDF metadata: Keywords/Subject of warning.pdf hold its own number" sh -c "pdfinfo '$d/out/warning.pdf' | grep -q '测委〔2024〕3号'"

# A key naming a layout the run does not render is unused (a run may render only some
# documents): warned. A key naming a known layout with a kind the rule set lacks is an error.
d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
printf 'docnumber.rankng-worker = 测委〔2024〕2号\n' >>"$ini"
"$KP" run "$ini" >/dev/null 2>"$d/err"
check "docnumber for an unknown layout: runs" test $? -eq 0
check "docnumber for an unknown layout: warned with the INI's line" \
    grep -q "warning: '$ini' line 10: 'docnumber.rankng-worker' names no document of this run (layouts: awards, indicators, packet, ranking, redflag, scoresheet, warning); it is unused" "$d/err"
d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
printf 'docnumber.ranking-wroker = 测委〔2024〕2号\n' >>"$ini"
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
rc=$?
check "docnumber for an unknown kind: exit 1" test $rc -eq 1
check "docnumber for an unknown kind: named with the INI's line and the kinds" \
    grep -q "error: '$ini' line 10: 'docnumber.ranking-wroker': layout 'ranking' has no kind 'wroker' (expected docnumber.ranking or docnumber.ranking-<kind>, kind one of: area, worker)" "$d/err"
check "docnumber for an unknown kind: nothing written" test ! -e "$d/out"
