# tables.sh - tables that measure their content (issue 15): names and short values never broken
# while an empty column is wide, four-character headers whole, groups kept with their 小计, sign
# lines on the page of the scores they sign. Read back from the PDFs with pdftotext.
. "$(dirname "$0")/../lib.sh"
command -v pdftotext >/dev/null || { echo "SKIP tables: pdftotext not installed"; exit 0; }
run() { # run NAME: the sample's out folder
    local d; d=$(scratch)
    "$KP" run "$ROOT/config/$1.ini" --out "$d/out" -q >/dev/null 2>"$d/err" || fail "$1: run: $(head -2 "$d/err")"
    echo "$d/out"
}
# page N of a PDF as text, one table row a line
page() { pdftotext -layout -f "$2" -l "$2" "$1" - 2>/dev/null; }

# Hetang's department ranking: the 10 departments' names (results.csv) each whole on one line
# of the table; before, 等次 (empty: departments are not graded) was as wide as 总分 and the
# names broke ("区住房和城乡建设/局").
h=$(run hetang-2013)
# page 3: the table (the lead names the first department, the chart after it all of them)
text=$(page "$h/ranking-department.pdf" 3)
broken=0
for n in 区住房和城乡建设局 区人力资源和社会保障局 区城市管理和行政执法局 市国土资源局荷塘分局 区人口和计划生育局; do
    grep -q "$n" <<<"$text" || { broken=1; echo "  not whole: $n"; }
done
check "hetang ranking-department: the long department names are not broken" test $broken = 0

# Zhongshan's area ranking: four-character heads whole ("走访联系", "党建引领"); its worker
# ranking: the unit "华亭新苑居民区" on one line.
z=$(run zhongshan-2023)
text=$(page "$z/ranking-area.pdf" 3)
heads() { grep -q 走访联系 <<<"$text" && grep -q 党建引领 <<<"$text"; }
check "zhongshan ranking-area: 走访联系 and 党建引领 heads are whole" heads
text=$(page "$z/ranking-worker.pdf" 3)
check "zhongshan ranking-worker: the unit 华亭新苑居民区 is on one line" grep -q 华亭新苑居民区 <<<"$text"

# Putuo's worker ranking: the grade 可推荐优秀 whole on every line it is printed.
p=$(run putuo-2017)
text=$(pdftotext -layout "$p/ranking-worker.pdf" - 2>/dev/null)
holders=$(awk -F, 'NR > 1 && /可推荐优秀/' "$p/results.csv" | wc -l)
got=$(grep -o 可推荐优秀 <<<"$text" | wc -l)
check "putuo ranking-worker: 可推荐优秀 whole for each of its $holders holders (got $got)" \
    test "$got" -ge "$holders" -a "$holders" -gt 0

# Forms: the page with the sign lines also holds the 合计 they sign, and a category printed once
# (not cut at a page border with its 小计 on the next page).
signed() { # PDF: the page with 考核人 also has 合计
    local pdf=$1 n i
    n=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    for i in $(seq 1 "$n"); do
        t=$(page "$pdf" "$i")
        if grep -q 考核人 <<<"$t"; then grep -q 合计 <<<"$t"; return; fi
    done
    return 1
}
x=$(run xiangning-2023)
check "hetang scoresheet-department-B01: sign lines on the page of the 合计" signed "$h/scoresheet-department-B01.pdf"
check "xiangning scoresheet-secretary-X001: sign lines on the page of the 合计" signed "$x/scoresheet-secretary-X001.pdf"
check "zhongshan indicators-area: sign lines on the page of the 合计" signed "$z/indicators-area.pdf"
numbered() { # PDF: every page with the table's head has a numbered row, not only 小计 and 合计
    local pdf=$1 n i
    n=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    for i in $(seq 1 "$n"); do
        t=$(page "$pdf" "$i")
        grep -q 序号 <<<"$t" || continue
        grep -qE '^ *[0-9]+ ' <<<"$t" || return 1
    done
}
for f in "$z/scoresheet-area-A01.pdf" "$h/scoresheet-department-B01.pdf" \
    "$x/scoresheet-secretary-X001.pdf" "$z/indicators-area.pdf"; do
    check "$(basename "$f"): no page of only 小计 and 合计 (a group kept with its subtotal)" \
        numbered "$f"
done
