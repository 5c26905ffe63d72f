#!/usr/bin/python3
"""check_xlsx.py - the workbook's ranking sheets against results.csv: every subject, its rank,
total (a live formula whose cached value is the published total) and grade; numbers as numbers."""
import csv, sys, zipfile, re
from openpyxl import load_workbook

xlsx, results = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(results, encoding="utf-8")))
wb_f = load_workbook(xlsx)                  # formulas
wb_v = load_workbook(xlsx, data_only=True)  # cached values
errors = []
kinds = {}
for r in rows:
    kinds.setdefault(r["kind"], []).append(r)
if len(wb_f.sheetnames) < len(kinds):
    errors.append(f"sheets {wb_f.sheetnames} for kinds {list(kinds)}")
for (kind, krows), name in zip(kinds.items(), wb_f.sheetnames):
    wf, wv = wb_f[name], wb_v[name]
    head = [c.value for c in wf[1]]
    tcol = head.index("总分") + 1
    gcol = head.index("等次") + 1
    if wf.freeze_panes is None:
        errors.append(f"{name}: no frozen header")
    if not wf.auto_filter.ref:
        errors.append(f"{name}: no autofilter")
    for i, r in enumerate(krows, start=2):
        rank = wv.cell(i, 1).value
        if r["rank"] and rank != int(r["rank"]):
            errors.append(f"{name} row {i}: rank {rank} != {r['rank']}")
        if wv.cell(i, 2).value != r["subject"]:
            errors.append(f"{name} row {i}: id {wv.cell(i, 2).value} != {r['subject']}")
        f = wf.cell(i, tcol).value
        if not (isinstance(f, str) and f.startswith("=ROUND(")):
            errors.append(f"{name} row {i}: total is not a formula: {f!r}")
        v = wv.cell(i, tcol).value
        if not isinstance(v, (int, float)) or f"{v:.2f}" != r["total"]:
            errors.append(f"{name} row {i}: cached total {v!r} != {r['total']}")
        if (wv.cell(i, gcol).value or "") != r["grade"]:
            errors.append(f"{name} row {i}: grade {wv.cell(i, gcol).value} != {r['grade']}")
        for c in range(4, tcol):
            if not isinstance(wv.cell(i, c).value, (int, float)):
                errors.append(f"{name} row {i} col {c}: not a number")
                break
print("\n".join(errors[:20]) or "ok")
sys.exit(1 if errors else 0)
