#!/usr/bin/python3
"""fill_template.py TEMPLATE DATA_DIR OUT [break|codes] - fills a kaoping template with openpyxl, as a
clerk would: each observation of DATA_DIR/observations.csv typed into its cell (wide sheets by
period and subject row, key column; rater and added-up rows into the long sheet, the indicator
picked by its Chinese name from the template's list, or typed as its code with `codes`). BREAK puts
'abc' into the first input cell of the first kind's sheet instead."""
import csv, sys
from openpyxl import load_workbook

tmpl, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
mode = sys.argv[4] if len(sys.argv) > 4 else ""
wb = load_workbook(tmpl)
sheets = [wb[c[0].value] for c in wb["_kaoping"].iter_rows(min_row=2) if c[0].value]
wide, long_ws, matrices = {}, None, []
for ws in sheets:
    keys = [c.value for c in ws[1]]
    if "rater" in keys and "subject" not in keys:  # raters down, subjects across
        at = {k: i for i, k in enumerate(keys, start=1)}
        rows = {(ws.cell(r, at["period"]).value, ws.cell(r, at["rater"]).value,
                 ws.cell(r, at["indicator"]).value): r for r in range(3, ws.max_row + 1)}
        matrices.append((ws, rows, at))
        continue
    if "indicator" in keys:
        long_ws = ws
        continue
    rows = {(ws.cell(r, 1).value, ws.cell(r, 2).value): r for r in range(3, ws.max_row + 1)}
    for col, key in enumerate(keys, start=1):
        if key and not key.startswith("_") and key not in ("period", "subject"):
            wide[key] = (ws, col, rows)

def number(v):
    v = v.strip().rstrip("%")
    f = float(v)
    return int(f) if f == int(f) else f

# The long sheet's indicator is picked from the list by its name, as a clerk does: the name
# the instructions sheet gives each code (column A code, column C name, from row 6).
info = wb["填表说明"]
names = {info.cell(r, 1).value: info.cell(r, 3).value for r in range(6, info.max_row + 1)
         if info.cell(r, 1).value}
listed = {info.cell(r, 9).value for r in range(6, info.max_row + 1) if info.cell(r, 9).value}

def in_matrix(o):
    for ws, rows, at in matrices:
        row = rows.get((o["period"], o["rater"], names.get(o["indicator"])))
        if row and o["subject"] in at:
            ws.cell(row, at[o["subject"]]).value = number(o["value"])
            return True
    return False

for o in csv.DictReader(open(f"{data}/observations.csv", encoding="utf-8-sig")):
    key = o["indicator"]
    if o.get("rater") and mode != "codes" and in_matrix(o):
        continue
    if key in wide and not o.get("rater"):
        ws, col, rows = wide[key]
        if key in [k for k in wide] and (o["period"], o["subject"]) in rows:
            ws.cell(rows[(o["period"], o["subject"])], col).value = number(o["value"])
            continue
    picked = names[key] if names.get(key) in listed and mode != "codes" else key
    long_ws.append([o["period"], o["subject"], picked, number(o["value"]), o.get("rater") or None,
                    o.get("note") or None])
if mode == "break":
    ws = sheets[0]
    ws.cell(3, 5).value = "abc"
wb.save(out)
