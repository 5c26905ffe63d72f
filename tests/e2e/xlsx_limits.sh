# xlsx_limits.sh - a kind with more subjects than Excel has columns keeps every subject in the
# workbook: the indicator sheet continues on 指标表 社区 续2, and the large workbook is
# streamed (constant_memory) with every sheet written row by row, so nothing is lost.
. "$(dirname "$0")/../lib.sh"
N=16500
d=$(scratch)
mkdir -p "$d/data" "$d/lay"
cp "$ROOT/bench/layouts-none/none.xml" "$d/lay/"
# Community Cnnnnn scores (n * 37) mod 101 points: what every cell must say.
many_communities "$d/data" "$N"
cat >"$d/run.ini" <<INI
[run]
ruleset = $ROOT/tests/data/wide/rules.ini
period = 2024
data = $d/data
out = $d/out
layouts = $d/lay
[document]
authority = 测试街道工作委员会
date = 2025-01-15
INI
"$KP" run "$d/run.ini" -q >/dev/null 2>"$d/err"
check "$N communities: the run succeeds" test $? -eq 0
"$PY" - "$d/out/results.xlsx" "$N" <<'PY'
import sys, zipfile
import openpyxl
path, n = sys.argv[1], int(sys.argv[2])
def check(name, ok, why=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f": {why}"))
want = {f"第{i}社区": i * 37 % 101 for i in range(1, n + 1)}
wb = openpyxl.load_workbook(path, read_only=True)
parts = [s for s in wb.sheetnames if s.startswith("指标表 社区")]
check("the indicator table continues on a second sheet", parts == ["指标表 社区", "指标表 社区 续2"], parts)
seen = {}
for s in parts:
    rows = list(wb[s].iter_rows(values_only=True))
    head, work, total = rows[0], rows[1], rows[-1]
    check(f"{s}: within Excel's 16,384 columns", len(head) <= 16384, len(head))
    check(f"{s}: the indicator table's seven columns lead", head[:7] == ("序号", "类别", "项目", "具体指标", "分值", "牵头部门/考核方式", "权重"), head[:7])
    check(f"{s}: row 2 is 工作实绩", work[2] == "工作实绩", work[:3])
    for c in range(7, len(head)):
        if head[c] is None:
            continue
        seen.setdefault(head[c], []).append((work[c], total[c]))
check("sheet 1 holds 16,377 communities, sheet 2 the other 123",
      [sum(1 for h in next(wb[s].iter_rows(max_row=1, values_only=True))[7:] if h) for s in parts] == [16377, n - 16377])
check(f"every one of the {n} communities has exactly one column", sorted(seen) == sorted(want) and all(len(v) == 1 for v in seen.values()),
      f"{len(seen)} names")
bad = [k for k, v in seen.items() if k in want and (v[0][0] != want[k] or abs(v[0][1] - want[k]) > 1e-9)]
check("every column's 工作实绩 and total is (n x 37) mod 101", not bad, bad[:5])
aw = list(wb["奖励名单"].iter_rows(values_only=True))
# (n x 37) mod 101 = 100 first at n = 71 (71 x 37 = 2627 = 26 x 101 - 1): 164 communities
# reach 100, so all tie for first and share the 500 prize; none is second.
tops = sum(1 for v in want.values() if v == 100)
check("award list header K1:N1 survives row-by-row writing", aw[0][10:14] == ("编号", "名称", "单位", "合计"), aw[0])
check(f"award list: the {tops} communities tied on 100 each get 500 元", sum(1 for r in aw[1:] if r[1] == "年度奖励" and r[6] == 500) == tops)
wb.close()
z = zipfile.ZipFile(path)
sheet1 = z.read("xl/worksheets/sheet1.xml")
check("a workbook this large is streamed: inline strings, no shared-string table",
      b'inlineStr' in sheet1 and "xl/sharedStrings.xml" not in z.namelist())
charts = [f for f in z.namelist() if f.startswith("xl/charts/")]
check("a ranking of 16,500 rows has no bar chart (hundreds of screens tall)", not charts, charts)
PY
