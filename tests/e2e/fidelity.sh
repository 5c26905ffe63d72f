# fidelity.sh - rule sets say what the source documents say: every text cited to a source
# article is in that document (tests/oracle/fidelity.py), when the documents are at
# ../shared/seeds; doc/rules.md lists the assumed settings `kaoping rules` prints; the
# Hetang, Gaotai and Guangfudao documents print the sources' texts and names.
. "$(dirname "$0")/../lib.sh"

# The assumed settings of a rule set as `kaoping rules` prints them, one key a line.
assumed_keys() {
    "$KP" rules "$ROOT/config/rules/$1.ini" | sed -n 's/^ *\([^ ]*\) *= .*(assumed.*)$/\1/p' | sort -u
}
# The keys doc/rules.md lists under the rule set's part.
listed_keys() {
    awk -v rs="## $1" '/^## /{on = ($0 == rs)} on' "$ROOT/doc/rules.md" |
        sed -n 's/^- `\([^`]*\)` = .*/\1/p' | sort -u
}
for r in zhongshan-2023 hetang-2013 putuo-2017 xiangning-2023 guangfudao-2015; do
    a=$(assumed_keys $r); l=$(listed_keys $r)
    check "$r: doc/rules.md lists every assumed setting kaoping rules shows, and no other" \
        test "$a" = "$l"
done

# The documents: the texts and names the sources give, as pdftotext reads them.
# has FILE PHRASE: the phrase's characters in order within a short stretch of the text, so
# a table cell's lines interleaved with its neighbours' still count (pdftotext reads rows).
has() {
    "$PY" -c 'import re, sys
t = re.sub(r"\s+", "", open(sys.argv[1], encoding="utf-8").read()); p = re.sub(r"\s+", "", sys.argv[2])
for i in (m.start() for m in re.finditer(re.escape(p[0]), t)):
    j, k = i, 0
    while j < len(t) and j < i + 3 * len(p) and k < len(p):
        k += t[j] == p[k]; j += 1
    if k == len(p): sys.exit(0)
sys.exit(1)' "$1" "$2"
}
doc_text() { # doc_text CONFIG OUT: run a sample, pdftotext every PDF into OUT/all.txt
    "$KP" run "$ROOT/config/$1.ini" --out "$2/out" -q >/dev/null 2>"$2/err" || return 1
    for f in "$2"/out/*.pdf; do pdftotext "$f" - ; done >"$2/all.txt"
}
if ! command -v pdftotext >/dev/null; then
    echo "SKIP fidelity documents: pdftotext (poppler-utils) is not installed"
else
    d=$(scratch)
    if doc_text hetang-2013 "$d"; then
        check "hetang documents: 附件2 item 8 in the source's words" has "$d/all.txt" "联合联点村（社区）制定每月8、9日群众工作日集中办公年度计划"
        check "hetang documents: 附件2 item 15's 考核形式 工作实践" has "$d/all.txt" "工作实践"
        check "hetang documents: no invented 按时到岗" sh -c "! tr -d ' \n' <'$d/all.txt' | grep -q 按时到岗"
    else fail "hetang sample run: $(head -2 "$d/err")"; fi
    d=$(scratch)
    if doc_text xiangning-2023 "$d"; then
        check "gaotai documents: the source's case category 一般诉求" has "$d/all.txt" "一般诉求"
        check "gaotai documents: no invented 疑难 category" sh -c "! tr -d ' \n' <'$d/all.txt' | grep -q '（疑难'"
        check "xiangning documents: 专项评议 of secretaries in the source's words" has "$d/all.txt" "乡镇班子成员对社区党组织书记进行专项评议"
    else fail "xiangning sample run: $(head -2 "$d/err")"; fi
    d=$(scratch)
    if doc_text guangfudao-2015 "$d"; then
        check "guangfudao documents: issued by the street office" has "$d/all.txt" "河北区光复道街道办事处"
        check "guangfudao documents: not under the party working committee" sh -c "! tr -d ' \n' <'$d/all.txt' | grep -q 光复道街道工作委员会"
        check "guangfudao documents: the award the source names" has "$d/all.txt" "参加全区比赛"
    else fail "guangfudao sample run: $(head -2 "$d/err")"; fi
fi

seeds="$ROOT/../shared/seeds"
if [ ! -d "$seeds" ]; then
    echo "SKIP fidelity texts: the source documents are not at ../shared/seeds beside the repository"
    exit 0
fi
"$PY" "$ROOT/tests/oracle/fidelity.py" "$seeds" "$ROOT/config/rules"
