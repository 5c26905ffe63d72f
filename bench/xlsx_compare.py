#!/usr/bin/python3
"""xlsx_compare.py - do two workbooks hold the same sheets and cells? (bench/run.sh)

Usage:
    /usr/bin/python3 bench/xlsx_compare.py OURS.xlsx PEER.xlsx

Compares, sheet by sheet in order, the sheet name, its dimension, the number
of cells (<c> elements), of formulas, of charts and of conditional formats,
by reading the package's XML (no spreadsheet library, so it takes seconds
even for a 50,000-row workbook). Prints one line per sheet and a last line
"same shape: yes|no"; exit status 0 either way.
"""

import re
import sys
import zipfile


def shape(path):
    z = zipfile.ZipFile(path)
    wbx = z.read("xl/workbook.xml").decode("utf-8")
    names = re.findall(r'<sheet name="([^"]*)"[^>]*r:id="(rId\d+)"', wbx)
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    target = dict((rid, t) for t, rid in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels))
    target.update((rid, t) for rid, t in re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    out = []
    for name, rid in names:
        t = target[rid].lstrip("/")
        p = t if t.startswith("xl/") else "xl/" + t
        x = z.read(p).decode("utf-8")
        dim = re.search(r'<dimension ref="([^"]+)"', x)
        out.append({
            "name": name.replace("&amp;", "&"),
            "dim": dim.group(1) if dim else "",
            "cells": x.count("<c "),
            "formulas": x.count("<f>") + x.count("<f "),
            "drawing": x.count("<drawing "),
            "cf": x.count("<conditionalFormatting"),
        })
    return out


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    a, b = shape(argv[1]), shape(argv[2])
    same = len(a) == len(b)
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else {}
        y = b[i] if i < len(b) else {}
        ok = x == y
        same &= ok
        print("%s %-22s ours %-12s %8s cells %6s formulas | peer %-12s %8s cells %6s formulas" % (
            "=" if ok else "!", x.get("name", "-"), x.get("dim", "-"), x.get("cells", "-"),
            x.get("formulas", "-"), y.get("dim", "-"), y.get("cells", "-"),
            y.get("formulas", "-")))
    print("same shape: %s" % ("yes" if same else "no"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
