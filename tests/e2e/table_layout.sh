# table_layout.sh - tables that measure their content (issue 15): names and short values never broken
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

# Charts: a kind without grades is drawn in one neutral colour, not in 优秀's red. Page 4 of the
# ranking bulletin is the bar chart alone (the letterhead's red is on page 1).
red_pixels() { # PDF PAGE: pixels of a strong red on the page at 20 dpi
    pdftoppm -r 20 -f "$2" -l "$2" "$1" 2>/dev/null | "$PY" -c '
import sys
d = sys.stdin.buffer.read()
parts = d.split(maxsplit=4)  # P6 w h max data
w, h, px = int(parts[1]), int(parts[2]), parts[4]
print(sum(1 for i in range(0, w * h * 3, 3) if px[i] > 150 and px[i + 1] < 80 and px[i + 2] < 80))'
}
g=$(run guangfudao-2015)
for f in "$h/ranking-department.pdf" "$g/ranking-community.pdf"; do
    n=$(red_pixels "$f" 4)
    check "$(basename "$f") (a kind without grades): no bar in 优秀's red ($n red pixels)" test "$n" = 0
done
n=$(red_pixels "$h/ranking-township.pdf" 4)
check "ranking-township (graded): its 优秀 bars are red ($n red pixels)" test "$n" -gt 0

# No gridline through a value label: in Zhongshan's area chart (page 5) the 100 gridline passes
# where A01's 97.04 is printed; down that column, across the label's height, no pixel of the grid's grey.
grid_through() { # PDF PAGE TICK LABEL: grey pixels of the TICK gridline inside LABEL's box
    pdftotext -bbox -f "$2" -l "$2" "$1" - 2>/dev/null >"$KP_TMP/bbox.html"
    pdftoppm -r 100 -aa no -aaVector no -f "$2" -l "$2" "$1" 2>/dev/null | "$PY" -c '
import re, sys
words = re.findall(r"xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\" yMax=\"([\d.]+)\">([^<]*)<", open(sys.argv[1]).read())
tick = [w for w in words if w[4] == sys.argv[2]]
label = [w for w in words if w[4] == sys.argv[3]]
d = sys.stdin.buffer.read()
p = d.split(maxsplit=4)
w, px = int(p[1]), p[4]
s = 100 / 72
x = round((float(tick[0][0]) + float(tick[0][2])) / 2 * s)
lx0, lx1 = float(label[0][0]) * s, float(label[0][2]) * s
y0, y1 = int(float(label[0][1]) * s) + 1, int(float(label[0][3]) * s) - 1
if not lx0 < x < lx1:
    print("the gridline does not pass the label"); sys.exit()
grey = 0
for xx in (x - 1, x, x + 1):
    for y in range(y0, y1):
        r, g, b = px[(y * w + xx) * 3: (y * w + xx) * 3 + 3]
        grey += (r, g, b) == (0xBF, 0xBF, 0xBF)  # the grid grey, drawn without smoothing
print(grey)' "$KP_TMP/bbox.html" "$3" "$4"
}
n=$(grid_through "$z/ranking-area.pdf" 5 100 97.04)
check "ranking-area chart: the 100 gridline does not run through 97.04 ($n)" test "$n" = 0

# Above max-bars (40 in ranking.xml) subjects, the chart is a distribution and the ten first and
# last: Zhongshan's 165 workers on one page, not five. Band counts from results.csv.
text=""
for i in $(seq 1 "$(pdfinfo "$z/ranking-worker.pdf" | awk '/^Pages:/ { print $2 }')"); do
    t=$(page "$z/ranking-worker.pdf" "$i")
    grep -q 前十名 <<<"$t" && text=$t
done
ends() { grep -q "90～100分" <<<"$text" && grep -q 后十名 <<<"$text"; }
check "zhongshan ranking-worker: distribution, 前十名 and 后十名 on one page" ends
for band in 90:100 80:90 70:80 60:70; do
    a=${band%:*} b=${band#*:}
    want=$(awk -F, -v a="$a" -v b="$b" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "total") tc = i; next }
        $1 == "worker" && $tc >= a && $tc < b { n++ } END { print n + 0 }' "$z/results.csv")
    got=$(grep -o "${a}～${b}分 *[0-9]*" <<<"$text" | awk '{ print $NF }')
    check "zhongshan worker distribution: ${a}～${b}分 holds $want workers (chart: $got)" test "$got" = "$want"
done
