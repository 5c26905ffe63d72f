#!/usr/bin/python3
"""xlsx_reads.py - results.xlsx as an office uses it (issue 15): ranks and grades are formulas
that Excel re-evaluates (evaluated here from the cached totals, independently of kaoping), the
ranking chart grows rightwards with rank 1 on top in grade colours, wide sheets print in
readable pages, rows are tall enough for their wrapped text, no sheet is empty. Prints FAIL lines; exit 1 on
any. Usage: xlsx_reads.py results.xlsx awards.csv"""
import csv, re, sys, zipfile
from openpyxl import load_workbook

xlsx, awards_csv = sys.argv[1], sys.argv[2]
wb_f, wb_v = load_workbook(xlsx), load_workbook(xlsx, data_only=True)
errors = []
CELL = re.compile(r"([A-Z]+)\$?(\d+)")


def value(ws, ref):
    m = CELL.fullmatch(ref.replace("$", ""))
    return ws[f"{m.group(1)}{m.group(2)}"].value


def rank_of(ws, f):
    """=RANK(X5,X$2:X$9): 1 + the number of totals in the range above X5's."""
    m = re.fullmatch(r"=RANK\((\w+),(\w+)\$(\d+):(\w+)\$(\d+)\)", f)
    x = value(ws, m.group(1))
    col, lo, hi = m.group(2), int(m.group(3)), int(m.group(5))
    return 1 + sum(1 for r in range(lo, hi + 1) if ws[f"{col}{r}"].value > x)


def cond(ws, text):
    if text == "FALSE":
        return False
    m = re.fullmatch(r"(\w+)(<=|>=|>)(-?[\d.]+)", text)
    a, op, b = value(ws, m.group(1)), m.group(2), float(m.group(3))
    return a <= b if op == "<=" else a >= b if op == ">=" else a > b


def grade_of(ws, f):
    """=IF(AND(c,..),"优秀",IF(..,"x","else")) evaluated over the cached rank and total."""
    f = f[1:]
    while f.startswith("IF(AND("):
        conds, rest = f[7:].split("),", 1)
        name, f = re.match(r'"([^"]*)",(.*)', rest).groups()
        if all(cond(ws, c) for c in conds.split(",")):
            return name
    return re.match(r'"([^"]*)"', f).group(1)


rank_formulas = grade_formulas = 0
for name in wb_f.sheetnames:
    wf, wv = wb_f[name], wb_v[name]
    if wf.max_row < 2:
        errors.append(f"sheet {name}: empty (only a header)")
    head = [c.value for c in wf[1]]
    if not name.startswith("考核档案") and "排名" in head[:1]:
        for row in range(2, wf.max_row + 1):
            f = wf.cell(row, 1).value
            if isinstance(f, str) and f.startswith("=RANK("):
                rank_formulas += 1
                want, got = rank_of(wv, f), wv.cell(row, 1).value
                if want != got:
                    errors.append(f"{name} row {row}: {f} gives {want}, cached {got}")
            g = wf.cell(row, head.index("等次") + 1).value
            if isinstance(g, str) and g.startswith("="):
                grade_formulas += 1
                want, got = grade_of(wv, g), wv.cell(row, head.index("等次") + 1).value or ""
                if want != got:
                    errors.append(f"{name} row {row}: {g} gives {want}, cached {got}")
    widths = {}
    for dim in wf.column_dimensions.values():
        for c in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
            widths[c] = dim.width
    for row in wf.iter_rows(min_row=2):
        for c in row:
            if not (c.alignment and c.alignment.wrap_text and isinstance(c.value, str)):
                continue
            width = sum(2 if ord(ch) > 0x7F else 1 for ch in c.value)
            lines = -(-width // int(widths.get(c.column, 8.43)))
            height = wf.row_dimensions[c.row].height or 15
            if height < 15 * lines:
                errors.append(f"{name} {c.coordinate}: {lines} wrapped lines in {height}pt")
    if name.startswith("指标表") and wf.max_column > 20:
        if wf.sheet_properties.pageSetUpPr is not None and wf.sheet_properties.pageSetUpPr.fitToPage:
            errors.append(f"{name}: {wf.max_column} columns fitted to one page wide")
        if not wf.print_title_cols:
            errors.append(f"{name}: split across pages without repeated label columns")
if not rank_formulas:
    errors.append("no rank is a RANK formula: a corrected score does not re-rank")

awards = list(csv.DictReader(open(awards_csv, encoding="utf-8")))
if not awards and "奖励名单" in wb_f.sheetnames:
    errors.append("奖励名单 sheet although awards.csv lists none")

z = zipfile.ZipFile(xlsx)
for part in sorted(n for n in z.namelist() if n.startswith("xl/charts/chart")):
    x = z.read(part).decode()
    if "<c:barChart>" not in x:
        continue
    cat = re.search(r"<c:catAx>.*?</c:catAx>", x, re.S).group(0)
    val = re.search(r"<c:valAx>.*?</c:valAx>", x, re.S).group(0)
    if 'orientation val="maxMin"' not in cat:
        errors.append(f"{part}: rank 1 at the bottom (category axis not reversed)")
    if 'orientation val="maxMin"' in val:
        errors.append(f"{part}: bars grow leftwards (value axis reversed)")
    if "<c:dPt>" not in x:
        errors.append(f"{part}: one colour for every bar")

for e in errors:
    print("FAIL", e)
print(f"{rank_formulas} rank and {grade_formulas} grade formulas evaluated")
sys.exit(1 if errors else 0)
