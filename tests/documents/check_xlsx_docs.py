#!/usr/bin/python3
"""check_xlsx_docs.py OUT RUN.ini NAME: results.xlsx has a sheet per document kind.

Ranking sheets (a native bar chart of the run period's totals, grade colours by conditional
format), 预警通报 (every notice of notices.csv), 奖励名单 and 处理名单 (every award and every pay
cut of awards.csv, =SUM subtotals for money and =SUMIFS per unit whose cached values equal
awards.csv's sums), 流动红旗 exactly
where the rule set grants it, 指标表 per kind (every indicator), 考核档案 per kind with run-period
results (totals equal results.csv); print set-up on every sheet (A4, header rows repeated, one
page wide, a page-number footer). Prints PASS/FAIL lines."""
import os
import re
import sys
import zipfile

from openpyxl import load_workbook

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kp_docs import Run  # noqa: E402

out, ini, name = sys.argv[1], sys.argv[2], sys.argv[3]
run = Run(out, ini)
path = f"{out}/results.xlsx"
wb = load_workbook(path)
wv = load_workbook(path, data_only=True)
results = []


def check(what, ok, detail=""):
    results.append((what, ok, detail))


names = wb.sheetnames
for k in run.main_kinds:
    s = f"{run.label(k)}排名"
    check(f"ranking sheet {s}", s in names, names)
    if s in names:
        check(f"{s}: a native bar chart of the totals", len(wb[s]._charts) == 1 and
              wb[s]._charts[0].tagname == "barChart")
        graded = run.rules.has_section(f"grades.{k}") and run.rules.get(
            f"grades.{k}", "levels", fallback="").strip()
        if graded:
            rules = [r for cf in wb[s].conditional_formatting for r in cf.rules]
            levels = [x for x in graded.replace("，", ",").split(",") if x.strip()]
            check(f"{s}: grade colours by conditional format (one rule per grade)",
                  len(rules) == len(levels) and all(r.type == "cellIs" for r in rules),
                  (len(rules), levels))
with zipfile.ZipFile(path) as z:
    charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
check("a native chart per ranked kind", len(charts) >= len(run.main_kinds), charts)

check("sheet 预警通报", "预警通报" in names)
if "预警通报" in names:
    ws = wv["预警通报"]
    texts = [r[6] for r in ws.iter_rows(min_row=2, values_only=True) if r[6]]
    check("预警通报: every notice of notices.csv", sorted(texts) == sorted(n["text"] for n in run.notices),
          f"{len(texts)} rows, {len(run.notices)} notices")

# Awards and pay cuts apart, like with like (as the documents keep them): 奖励名单 the
# awards, 处理名单 the pay cuts (negative amounts); a =SUM 小计 only for money with more
# than one entry; a =SUMIFS per unit and measure on each list.
def is_cut(a):
    return bool(a["amount"]) and float(a["amount"]) < 0


for sheet, cut in (("奖励名单", False), ("处理名单", True)):
    mine = [a for a in run.awards if is_cut(a) == cut]
    check(f"sheet {sheet} exactly when there are entries for it", (sheet in names) == bool(mine))
    if sheet not in names:
        continue
    wf, ws = wb[sheet], wv[sheet]
    rows = [r for r in ws.iter_rows(min_row=2, max_col=8, values_only=True) if r[0] is not None]
    got = sorted((r[3], r[5], r[1], "" if r[6] is None else f"{r[6]:g}") for r in rows)
    want = sorted((a["subject"], a["period"], a["award"],
                   "" if not a["amount"] else f"{float(a['amount']):g}") for a in mine)
    check(f"{sheet}: every entry of awards.csv with its amount", got == want, f"{got[:3]} / {want[:3]}")
    sums, count = {}, {}
    for a in mine:
        if a["amount"]:
            key = (a["award"], a["unit"])
            sums[key] = sums.get(key, 0) + float(a["amount"])
            count[key] = count.get(key, 0) + 1
    money = {k: v for k, v in sums.items() if k[1] == "元" and count[k] > 1}
    found = 0
    for i, r in enumerate(wf.iter_rows(min_row=2, max_col=8), start=2):
        f = r[6].value
        if isinstance(f, str) and f.startswith("=SUM("):
            label = ws.cell(i, 2).value.replace(" 小计", "")
            unit = ws.cell(i, 8).value or ""
            check(f"{sheet}: =SUM subtotal per award equals awards.csv",
                  (label, unit) in money and abs(ws.cell(i, 7).value - money[(label, unit)]) < 1e-9,
                  (label, unit))
            found += 1
    check(f"{sheet}: a =SUM subtotal for every money award of several entries, no other",
          found == len(money), (found, money))
    per = {}
    for a in mine:
        if a["amount"]:
            per[(a["subject"], a["unit"])] = per.get((a["subject"], a["unit"]), 0) + float(a["amount"])
    n = 0
    for i, r in enumerate(wf.iter_rows(min_row=2, min_col=14, max_col=14), start=2):
        f = r[0].value
        if isinstance(f, str) and f.startswith("=SUMIFS("):
            key = (ws.cell(i, 11).value, ws.cell(i, 13).value or "")
            check(f"{sheet}: =SUMIFS per unit and measure equals awards.csv",
                  abs(ws.cell(i, 14).value - per[key]) < 1e-9, key)
            n += 1
    check(f"{sheet}: a =SUMIFS for every unit with amounts", n == len(per), (n, len(per)))

flag = any(a["award"] == "流动红旗" for a in run.awards)
check("a 流动红旗 sheet exactly where the rule set grants one", ("流动红旗" in names) == flag)
if flag and "流动红旗" in names:
    rows = [r for r in wv["流动红旗"].iter_rows(min_row=2, values_only=True) if r[0]]
    check("流动红旗: every holder", len(rows) == sum(a["award"] == "流动红旗" for a in run.awards))

for k in run.kinds:
    s = f"指标表 {run.label(k)}"
    check(f"indicator sheet {s}", s in names, names)
    if s in names:
        labels = [run.rules.get(x, "label") for x in run.rules.sections()
                  if x.startswith("indicator.") and run.rules.get(x, "kind", fallback="") == k]
        col = [r[2] for r in wv[s].iter_rows(min_row=2, values_only=True) if r[0]]
        head = [c.value for c in wv[s][1]][:6]
        check(f"{s}: 序号, 类别, 项目, 具体指标, 分值, 牵头部门/考核方式 and every indicator",
              head == ["序号", "类别", "项目", "具体指标", "分值", "牵头部门/考核方式"] and col == labels,
              (head, len(col), len(labels)))
for k in run.main_kinds:
    s = f"考核档案 {run.label(k)}"
    check(f"year-end packet sheet {s}", s in names, names)
    if s in names:
        got = {r[0]: f"{r[3]:.2f}" for r in wv[s].iter_rows(min_row=2, values_only=True) if r[0]}
        want = {r["subject"]: r["total"] for r in run.main if r["kind"] == k}
        check(f"{s}: every subject's total equals results.csv", got == want)

bad = []
for ws in wb.worksheets:
    ps = ws.page_setup
    fit = ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage
    if ws.title.startswith("指标表"):  # a column per subject: pages across, labels repeated
        fits = not fit and ws.print_title_cols
    else:
        fits = fit and ps.fitToWidth in (None, 1)
    ok = (str(ps.paperSize) == "9" and ws.print_title_rows and fits
          and "&P" in (ws.oddFooter.center.text or ""))
    if not ok:
        bad.append(ws.title)
check("print set-up on every sheet (A4, header rows repeated, fit to width or 指标表 across pages with label columns repeated, footer)", not bad, bad)

order, bad_of, n_of = [], {}, {}
for what, ok, detail in results:
    if what not in n_of:
        order.append(what)
    n_of[what] = n_of.get(what, 0) + 1
    if not ok:
        bad_of.setdefault(what, []).append(str(detail)[:300])
for what in order:
    if what in bad_of:
        print(f"FAIL {name}: {what}: {len(bad_of[what])} of {n_of[what]}")
        for d in bad_of[what][:3]:
            print(f"    {d}")
    else:
        print(f"PASS {name}: {what}" + (f" ({n_of[what]})" if n_of[what] > 1 else ""))
