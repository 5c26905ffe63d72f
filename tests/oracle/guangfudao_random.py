#!/usr/bin/python3
"""Random Guangfudao 2015 "评不倒" (rules.md section 5, rule set
`guangfudao-2015`) data folder for differential tests.

Usage:
    /usr/bin/python3 tests/oracle/guangfudao_random.py SEED OUT_DIR

Writes OUT_DIR/units.csv and OUT_DIR/observations.csv, following the common
data contract and the guangfudao-2015 part of doc/contracts.md. The output
depends only on SEED (no clock, no environment). Compare `build/kaoping` with
`tests/oracle/guangfudao.py` on the same folder.

The values are deliberately coarse, so that ties are frequent:
- One-row points are on a half-point grid, and sometimes on an eighth grid
  (x.125, x.375 …). With eighths, a published column is itself a rounded
  half cent, and the sum of the published columns can differ from the
  published total.
- Monthly satisfaction rates are on a 0.5 % grid, or sometimes whole
  percents. Over 10 months, opinion is then a multiple of 0.015, so many
  totals end in an exact half cent. Over 9 or fewer months (missing rates),
  the means are repeating decimals.
- Some communities are clones of another one, which gives exact ties in the
  total. A clone with one month 0.1 % apart, or with a month missing, often
  ties in the published total only.
- `scenario` is often drawn from a few values, so the best scenario is often
  tied. Sometimes every community has the same scenario, and sometimes the
  values are on a finer grid (x.x or x.x5).

The input shape varies as well:
- an optional BOM
- an optional `kind`/`parent` column in units.csv
- observations.csv with 4, 5 (`rater`) or 6 (`rater,note`) columns
- quoted notes with commas and quotes
- shuffled rows
- percents written as `93%`, `93.0%` or `93.50%`
- sometimes no `satisfaction` row at all for one month (for every community)

A community always keeps at least one month. Standard library only.
"""

import csv
import io
import os
import random
import sys

RUN = "2015-09..2016-06"
MONTHS = ["2015-%02d" % m for m in range(9, 13)] + ["2016-%02d" % m for m in range(1, 7)]
ONE_ROW = (("ledger", 20), ("log", 15), ("app", 15), ("routine", 10), ("scenario", 10))
PLACES = list("民族民主博爱进步建国胜利自由光明金汤望海海河五马意风和平兴隆宙纬建昌新开")
NOTES = ["入户走访台账抽查30户", "民情日志记录完整，痕迹清楚", "情景剧《楼道里的那盏灯》",
         "情景剧《一把钥匙》,街道初评第一", '"掌上社区"现场考查', "8名考评员现场打分平均",
         "暗访,电话询问", "问卷120份"]


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: guangfudao_random.py SEED OUT_DIR\n")
        return 2
    seed, out = argv[1], argv[2]
    rng = random.Random("kaoping-guangfudao-" + seed)

    def fmt_points(x):
        """x in eighths of a point -> '13', '13.5', '13.125', sometimes '13.0'."""
        s = "%.3f" % x
        s = s.rstrip("0").rstrip(".")
        if "." not in s and rng.random() < 0.1:
            s += ".0"
        return s

    # --- units ---------------------------------------------------------------
    n = rng.choice((2, 3, 5, 8, 10, 10, 12, 15, 20, 30))
    width = rng.choice((2, 3))
    prefix = rng.choice(("C", "S", "GF"))
    ids = ["%s%0*d" % (prefix, width, i) for i in range(1, n + 1)]
    names = {}
    used = set()
    for c in ids:
        while True:
            nm = "".join(rng.sample(PLACES, 2)) + "社区"
            if nm not in used:
                used.add(nm)
                names[c] = nm
                break

    # --- profiles -------------------------------------------------------------
    eighths = rng.random() < 0.3          # 3-decimal one-row points in this folder
    pct_grid = rng.choice((0.5, 0.5, 1.0))
    scen_pool = rng.choice(([8, 8.5, 9, 9.5], [9, 9.5], [7.5, 8, 9.35, 9.35], [9.5],
                            [7 + i / 10 for i in range(30)], [8 + i / 20 for i in range(40)]))
    tie_rate = rng.choice((0.0, 0.2, 0.4))
    miss_rate = rng.choice((0.0, 0.03, 0.1))
    dead_month = rng.choice(MONTHS) if rng.random() < 0.1 else None   # nobody reported

    def one_row_value(mx):
        if eighths and rng.random() < 0.3:
            return rng.randint(int(mx * 0.6 * 8), mx * 8) / 8
        return rng.randint(int(mx * 0.6 * 2), mx * 2) / 2

    prof = {}
    for idx, c in enumerate(ids):
        if idx and rng.random() < tie_rate:
            src = prof[rng.choice(ids[:idx])]
            p = {"one": dict(src["one"]), "sat": dict(src["sat"])}
            r = rng.random()
            months = sorted(p["sat"])
            if r < 0.3 and len(months) > 1:    # drop one month of the clone
                del p["sat"][rng.choice(months)]
            elif r < 0.7:                      # near tie: one month 0.1 % apart
                m = rng.choice(months)
                v = p["sat"][m]
                p["sat"][m] = v - 0.1 if v >= 100 else (v + 0.1 if v <= 0 else
                                                          v + rng.choice((-0.1, 0.1)))
            prof[c] = p
            continue
        one = {k: one_row_value(mx) for k, mx in ONE_ROW}
        one["scenario"] = rng.choice(scen_pool)
        lo = rng.choice((60, 80, 85, 90))
        grid = [lo + pct_grid * i for i in range(int((100 - lo) / pct_grid) + 1)]
        sat = {}
        for m in MONTHS:
            if rng.random() < miss_rate:
                continue
            sat[m] = rng.choice(grid)
        if not sat:
            sat[rng.choice(MONTHS)] = rng.choice(grid)
        prof[c] = {"one": one, "sat": sat}

    # --- observations -----------------------------------------------------------
    pct_style = rng.choice(("short", "%.1f%%", "%.2f%%", "mixed"))

    def fmt_pct(v):
        style = pct_style if pct_style != "mixed" else rng.choice(("short", "%.1f%%", "%.2f%%"))
        if style == "short":
            s = ("%.1f" % v)
            return (s[:-2] if s.endswith(".0") else s) + "%"
        return style % v

    def note():
        return rng.choice(NOTES) if rng.random() < 0.15 else ""

    rows = []
    for c in ids:
        p = prof[c]
        for k, _ in ONE_ROW:
            rows.append([RUN, c, k, fmt_points(p["one"][k]), "", note()])
        months = [m for m in MONTHS if m in p["sat"]]
        if dead_month in months and len(months) > 1:
            months.remove(dead_month)
        for m in months:
            rows.append([m, c, "satisfaction", fmt_pct(p["sat"][m]), "", note()])
    if rng.random() < 0.5:
        rng.shuffle(rows)
    else:                                  # by month, as a survey would be typed in
        rows.sort(key=lambda r: (r[0] != RUN, r[0], r[1]))

    # --- write -------------------------------------------------------------------
    os.makedirs(out, exist_ok=True)

    def write(name, header, data):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(data)
        bom = b"\xef\xbb\xbf" if rng.random() < 0.25 else b""
        with open(os.path.join(out, name), "wb") as f:
            f.write(bom + buf.getvalue().encode("utf-8"))

    ushape = rng.choice(("full", "full", "kind", "bare"))
    if ushape == "full":
        write("units.csv", ["id", "name", "kind", "parent"],
              [[c, names[c], "社区", "光复道街道"] for c in ids])
    elif ushape == "kind":
        write("units.csv", ["id", "name", "kind"], [[c, names[c], "社区"] for c in ids])
    else:
        write("units.csv", ["id", "name"], [[c, names[c]] for c in ids])
    oshape = rng.choice((6, 6, 5, 4))
    write("observations.csv", ["period", "subject", "indicator", "value", "rater", "note"][:oshape],
          [r[:oshape] for r in rows])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
