#!/usr/bin/env python3
"""csv_to_xlsx.py - a data folder's CSV files as one workbook, typed as a clerk would.

Usage: csv_to_xlsx.py OUT.xlsx SHEET=FILE.csv ... [--percent KEY,...] [--fraction KEY,...]
       [--dates COL,...] [--percent-points KEY,...] [--empty-row SHEET]

Each SHEET=FILE.csv becomes a sheet named SHEET. Plain decimals become number cells (ids
with leading zeros stay text). Options act on observation rows (an `indicator` column):
  --percent KEY,...         value cells of these keys as Excel stores a typed percent: the
                            fraction (89.6% -> 0.896, exactly as Excel parses it) with a
                            percent number format, cycling a custom "0.0%", built-in 10
                            (0.00%) and, for whole percents, built-in 9 (0%)
  --fraction KEY,...        the same fraction with no percent format (a bare 0.896)
  --percent-points KEY,...  a points value under a percent format (13.5 -> 0.135, "0.0%")
  --dates COL,...           cells of these columns as Excel dates (yyyy-mm-dd)
  --empty-row SHEET         after the first data row of SHEET, a row whose cells are all
                            empty strings (what a clerk leaves after clearing a row)
"""
import csv
import datetime
import re
import sys
from decimal import Decimal

import openpyxl

NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")


def as_fraction(text):
    """89.6 or 89.6% -> 0.896 as Excel stores it (the double nearest the decimal)."""
    return float(Decimal(text.rstrip("%")) / 100)


def main(argv):
    out, opts, sheets = argv[0], {}, []
    args = iter(argv[1:])
    for a in args:
        if a.startswith("--"):
            opts[a[2:]] = next(args)
        else:
            sheets.append(a.split("=", 1))
    keyset = lambda name: set(filter(None, opts.get(name, "").split(",")))
    percent, fraction, points = keyset("percent"), keyset("fraction"), keyset("percent-points")
    dates = keyset("dates")
    formats = ["0.0%", "0.00%", "0%"]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    n = 0
    for name, path in sheets:
        ws = wb.create_sheet(name)
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        head = rows[0]
        ind = head.index("indicator") if "indicator" in head else -1
        at = 0  # the sheet's row last written
        for r, row in enumerate(rows):
            at += 1
            for c, text in enumerate(row):
                cell = ws.cell(row=at, column=c + 1)
                key = row[ind] if ind >= 0 and r else None
                if r and head[c] == "value" and key in percent:
                    cell.value = as_fraction(text)
                    fmt = formats[n % 3]
                    n += 1
                    if fmt == "0%" and Decimal(text.rstrip("%")) % 1:
                        fmt = "0.0%"
                    cell.number_format = fmt
                elif r and head[c] == "value" and key in fraction:
                    cell.value = as_fraction(text)
                elif r and head[c] == "value" and key in points:
                    cell.value = as_fraction(text)
                    cell.number_format = "0.0%"
                elif r and head[c] in dates and text:
                    cell.value = datetime.datetime.strptime(text, "%Y-%m-%d")
                    cell.number_format = "yyyy-mm-dd"
                elif r and NUMBER.match(text) and not re.match(r"^0[0-9]", text):
                    cell.value = float(text) if "." in text else int(text)
                elif text:
                    cell.value = text
            if r == 1 and opts.get("empty-row") == name:
                at += 1
                for c in range(len(head)):
                    ws.cell(row=at, column=c + 1).value = ""
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1:])
