# trend.sh - a rank trend a clerk can read (issue 15): Hetang's twelve monthly rankings of
# townships, drawn as one panel per township with its rank printed at each month, so that
# each panel reads left to right as that township's ranks. The ranks are checked against the
# golden results (tests/golden/hetang-2013/results.csv, hand-checked in HAND-CHECK.md), not
# against kaoping's own output: every township in the chart, its panel's numbers in order
# are its ranks of 2013-01 to 2013-12. The panels leave the 版记 its room on their page.
. "$(dirname "$0")/../lib.sh"
need pdftotext /usr/bin/python3 || exit 0
d=$(scratch)
"$KP" run "$ROOT/config/hetang-2013.ini" --out "$d/out" -q >/dev/null 2>"$d/err" ||
    { fail "trend: the Hetang sample does not run: $(head -1 "$d/err")"; exit 0; }
pdftotext -bbox "$d/out/redflag-township_month.pdf" "$d/bbox.html" 2>/dev/null
"$PY" - "$d/bbox.html" "$ROOT/tests/golden/hetang-2013/results.csv" <<'PYEOF'
import csv, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
ranks = {}
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
    if r["kind"] == "township_month":
        ranks.setdefault(r["name"], {})[r["period"]] = r["rank"]
months = ["2013-%02d" % m for m in range(1, 13)]
# The chart's page: the one whose words include 名次 and the month labels.
page = next((p for p in html.split("<page ")[1:] if ">名次<" in p and ">12月<" in p), None)
def check(name, ok, why=""):
    print(("PASS " if ok else "FAIL ") + "trend: " + name + ("" if ok else ": " + why))
check("the redflag bulletin has a rank trend page", page is not None)
if page is None:
    sys.exit(0)
words = [(float(a), float(b), float(c), float(e), w) for a, b, c, e, w in re.findall(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)]
width = float(re.search(r'width="([\d.]+)"', page).group(1))
titles = sorted((w for w in words if w[4] in ranks), key=lambda w: (w[1], w[0]))
check("a panel for each of the townships shown (%d)" % len(titles), len(titles) >= 2)
bad = []
for t in titles:
    x0, y0 = t[0], t[3]
    right = width / 2 if x0 < width / 2 else width
    below = [u[1] for u in titles if abs(u[0] - x0) < 5 and u[1] > t[1]]
    y1 = min(below) if below else float("inf")
    # and above its month labels (the page number is further down)
    axis = [w[1] for w in words if w[4].endswith("月") and x0 < w[0] < right and y0 < w[1] < y1]
    y1 = min(axis) if axis else y1
    # the panel's numbers: right of its rank axis (1 and the last rank, 5 mm in), above the
    # next panel's title, left of the next column; read left to right
    nums = sorted((w for w in words if re.fullmatch(r"\d+", w[4]) and x0 + 14 < w[0] < right
                   and y0 < w[1] < y1), key=lambda w: w[0])
    got = [w[4] for w in nums]
    want = [ranks[t[4]][m] for m in months if ranks[t[4]].get(m)]
    if got != want:
        bad.append("%s: %s, want %s" % (t[4], got, want))
check("each panel's numbers are its township's ranks of the twelve months", not bad,
      "; ".join(bad[:3]))
# GB/T 9704: the 版记 (抄送, 印发) shares the last page with the text, never a page of its own.
check("the 版记 shares the chart's page", any(w[4].endswith("印发") for w in words))
PYEOF
