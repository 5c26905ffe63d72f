# documents_text.sh - the documents' words as a clerk reads them (issue 15): no code, English
# word or ISO date, Chinese labels for ledger codes, no "此页无正文" page, the no-seal signature
# (GB/T 9704 7.3.5.2), no unasked 流动红旗 sentence. Checks in tests/documents/check_text.py.
. "$(dirname "$0")/../lib.sh"
for cfg in "$ROOT"/config/*.ini; do
    name=$(basename "$cfg" .ini)
    d=$(scratch)
    "$KP" run "$cfg" --out "$d/out" -q >/dev/null 2>"$d/err"
    check "$name: run exits 0" test $? -eq 0
    "$PY" "$ROOT/tests/documents/check_text.py" "$d/out" "$cfg" "$name" 2>&1 |
        sed 's/^Traceback/FAIL '"$name"': check_text.py failed: Traceback/'
    if [ "$name" = putuo-2017 ]; then
        # Hand-derived from samples/putuo-2017/ledger.csv and 附件1 of the source: A02 (沙田居民区)
        # spent 500.01 on 2018-04-18 approved by secretary+director; above 500 元 the street
        # (街道、镇) approves, up to 500 the party secretary and the director together.
        t=$(pdftotext "$d/out/warning.pdf" - | tr -d ' \n')
        want='沙田居民区2018年4月18日单笔支出500.01元（超过500元），由居民区党组织书记和居委会主任共同审批，不合规定（应由街道（镇）审批）。'
        check "$name: a ledger breach in Chinese labels and a Chinese date" \
            sh -c "printf '%s' '$t' | grep -qF '$want'"
        # A04 (桃源新村居民区) spent 85.50 on 2018-11-20 with no approver at all.
        check "$name: an expense without approver says 未经审批" \
            sh -c "printf '%s' '$t' | grep -qF '桃源新村居民区2018年11月20日单笔支出85.50元，未经审批，'"
        # A02's committee/office spending over 35% of 100000 (附件1 (一)).
        check "$name: the fund and category by their labels" \
            sh -c "printf '%s' '$t' | grep -qF '沙田居民区2018年度居委会工作经费中的办公经费支出35000.01元'"
    fi
    if [ "$name" = xiangning-2023 ]; then
        t=$(pdftotext "$d/out/warning.pdf" - | tr -d '\n')
        # cases.csv C08-024 is 重大 (30 days, 考核办法) and open 31 days at the year's end.
        check "$name: overdue case without half-width spaces (限30天)" \
            sh -c "printf '%s' '$t' | grep -qF '诉求C08-024（重大事项，限30天）未办结，已用31天，超期1天'"
    fi
    if [ "$name" = hetang-2013 ]; then
        # The lead names the 优秀: 桂园街道 (90.75) and 枫溪街道 (89.51); 龙泉镇's 89.51 ties
        # but it was kept from 优秀 (below).
        check "$name: the grade paragraph names those graded 优秀" \
            sh -c "pdftotext '$d/out/ranking-township.pdf' - | tr -d ' \n' | grep -qF '优秀2个、合格10个，评为优秀的是：桂园街道、枫溪街道。'"
        # 龙泉镇 ties 枫溪街道 for rank 2 (89.51) but last place three quarters running (the
        # 考核办法's streak rule) took 优秀 from it: its row says 合格 with a mark, the note says why.
        t=$(pdftotext -layout "$d/out/ranking-township.pdf" -)
        check "$name: 龙泉镇's grade carries the note mark" \
            sh -c "printf '%s' '$t' | grep -q '龙泉镇.*89.51 *合格①'"
        check "$name: the note under the table says why" \
            sh -c "printf '%s' '$t' | tr -d ' \n' | grep -qF '注：①龙泉镇'"
    fi
    if [ "$name" = xiangning-2023 ]; then
        # awards.csv: two -50% 绩效奖励 (阎振华, 柴慧敏) are pay cuts, not awards; the award list
        # counts 12 - 2 = 10 awards, 4 of them 绩效奖励 (the source's word), and adds no percentages.
        t=$(pdftotext "$d/out/awards.pdf" - | tr -d ' \n')
        check "$name: the award list counts awards only" \
            sh -c "printf '%s' '$t' | grep -qF '共评出奖励10项：绩效奖励4项；'"
        check "$name: no pay cut in the award list" \
            sh -c "! printf '%s' '$t' | grep -qF -e 阎振华 -e -50%"
        check "$name: no 小计 of percentages" sh -c "! printf '%s' '$t' | grep -qF '100%'"
        t=$(pdftotext "$d/out/warning.pdf" - | tr -d ' \n')
        check "$name: the pay cuts in the warning notice's 处理 paragraph" \
            sh -c "printf '%s' '$t' | grep -qF '阎振华（专职社工）绩效奖励扣减50%；柴慧敏（专职社工）绩效奖励扣减50%'"
    fi
    rm -rf "$d"
done

# [document] documents chooses the documents; one with nothing to say is written only when asked.
d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "documents: zs-mini has no award, so no award list by default" \
    sh -c "test -f '$d/out/warning.pdf' && ! test -f '$d/out/awards.pdf'"
printf 'documents = ranking, awards\n' >>"$ini"
"$KP" run "$ini" --out "$d/out2" -q >/dev/null 2>"$d/err"
check "documents = ranking, awards: exactly those kinds" \
    sh -c "cd '$d/out2' && test \"\$(ls *.pdf | tr '\n' ' ')\" = 'awards.pdf ranking-area.pdf ranking-worker.pdf '"
check "documents: the award list asked for says there is none" \
    sh -c "pdftotext '$d/out2/awards.pdf' - | tr -d ' \n' | grep -qF '本期无奖励名单'"
sed -i 's/^documents = .*/documents = ranking, warnings/' "$ini"
"$KP" run "$ini" --out "$d/out3" -q >/dev/null 2>"$d/err"
check "documents: an unknown kind exits 1" test $? -eq 1
line=$(grep -n '^documents' "$ini" | cut -d: -f1)
check "documents: the error names the INI, its line and the kinds" \
    grep -qF "kaoping: error: '$ini' line $line: 'warnings' in 'documents' is no document kind (one of: awards, indicators, packet, ranking, redflag, scoresheet, warning)" "$d/err"
check "documents: nothing written on error" test ! -e "$d/out3"

# Body paragraphs per run: [document] text.<layout>.<name> replaces a named paragraph, with
# placeholders; {warned_names} names who the notices are about, each once, in notice order.
d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
printf 'text.warning.lead = 本期预警涉及{warned_names}，共{notices}项：\n' >>"$ini"
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "text.warning.lead: the run succeeds" test $? -eq 0
# zs-mini's notices.csv: A二's veto first, then E居民区 and F居民区 (28 in all) — see the notices.
names=$(awk -F, 'NR>1 && !seen[$3]++ {printf "%s%s", (n++ ? "、" : ""), $3}' "$d/out/notices.csv")
check "text.warning.lead: the run's own lead with the warned names" \
    sh -c "pdftotext '$d/out/warning.pdf' - | tr -d ' \n' | grep -qF '本期预警涉及$names，共28项：'"
check "text.warning.lead: the layout's lead is gone" \
    sh -c "! pdftotext '$d/out/warning.pdf' - | tr -d ' \n' | grep -qF '现将2023年度考核中发现的预警事项'"
# A paragraph longer than any buffer the filler once had (8 KB of text, 2 KB of a value):
# 400 continuation lines, 10.8 KB; the document carries every sentence to the last.
d2=$(scratch)
ini2=$(runini "$ROOT/tests/data/zs-mini" "$d2/out")
{ printf 'text.warning.lead = 考评说明第001段，\n'
  for i in $(seq 2 400); do printf '  考评说明第%03d段，\n' "$i"; done
  printf '  全文完。\n'; } >>"$ini2"
"$KP" run "$ini2" -q >/dev/null 2>"$d2/err"
check "a 10.8 KB paragraph: the run succeeds" test $? -eq 0
# (the page numbers, — 2 —, are taken out: they fall between a page's last line and the next)
pdftotext "$d2/out/warning.pdf" - 2>/dev/null | grep -v '^— [0-9]* —$' | tr -d ' \n\f' >"$d2/text"
check "a 10.8 KB paragraph: its first and last sentences are in the document" \
    sh -c "grep -qF '考评说明第001段，考评说明第002段，' '$d2/text' && grep -qF '考评说明第399段，考评说明第400段，全文完。' '$d2/text'"
check "a 10.8 KB paragraph: all 400 sentences, none cut" \
    test "$(grep -o '考评说明第[0-9]*段' "$d2/text" | sort -u | wc -l)" -eq 400
printf 'text.warning.leed = x\n' >>"$ini"
"$KP" run "$ini" --out "$d/out2" -q >/dev/null 2>"$d/err"
check "text.<layout>.<name> naming no paragraph: exit 1" test $? -eq 1
line=$(grep -n '^text.warning.leed' "$ini" | cut -d: -f1)
check "text.<layout>.<name> naming no paragraph: the INI's line and the named paragraphs" \
    grep -qF "kaoping: error: '$ini' line $line: 'text.warning.leed' names no paragraph of a layout (named: text.awards.lead, text.awards.closing" "$d/err"

# [document] seal = a PNG: GB/T 9704 7.3.5.1 — the date four characters in from the right, the
# organ centred over it, the seal centred on the date with its top within a line of the body;
# one image on the signature page, no soft mask (PDF/A-1b), white left out by a colour key.
d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
printf 'seal = %s\ndocuments = warning\n' "$ROOT/tests/data/seal/seal.png" >>"$ini"
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "seal: the run succeeds" test $? -eq 0
check "seal: the manifest names the seal image as an input" grep -q 'seal.png' "$d/out/manifest.json"
last=$(pdfinfo "$d/out/warning.pdf" | awk '/^Pages:/ {print $2}')
check "seal: one image, on the signature's page, without a soft mask" \
    sh -c "pdfimages -list '$d/out/warning.pdf' | awk 'NR>2' | awk '{print \$1, \$3}' | tr '\n' ';' | grep -qx '$last image;'"
# The date's right end 4 x 16 pt in from the text block's right edge (210 - 26 mm).
x=$(pdftotext -bbox -f "$last" -l "$last" "$d/out/warning.pdf" - | grep -F '>2024年1月15日<' | head -1 |
    sed 's/.*xMax="\([0-9.]*\)".*/\1/')
check "seal: the date four characters in from the right (7.3.5.1)" \
    awk -v x="$x" 'BEGIN { r = (210 - 26) / 25.4 * 72; exit !(x != "" && (r - x - 64) ^ 2 < 2) }'
check "seal: the document is still PDF/A-1b (pdfcheck)" "$ROOT/tests/tools/pdfcheck" --pdfa "$d/out/warning.pdf"
ini2=$(runini "$ROOT/tests/data/zs-mini" "$d/out2")
printf 'seal = %s\n' "$ROOT/tests/data/seal/alpha.png" >>"$ini2"
"$KP" run "$ini2" -q >/dev/null 2>"$d/err"
check "seal with an alpha channel: exit 1" test $? -eq 1
line=$(grep -n '^seal' "$ini2" | cut -d: -f1)
check "seal with an alpha channel: the INI's line and why" \
    grep -qF "kaoping: error: '$ini2' line $line: seal '$ROOT/tests/data/seal/alpha.png' has an alpha channel, a transparency PDF/A-1b forbids: flatten it onto white" "$d/err"
check "seal with an alpha channel: nothing written" test ! -e "$d/out2"
