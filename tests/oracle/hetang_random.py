#!/usr/bin/python3
"""Random Hetang 2013 (rules.md section 2, contracts.md `hetang-2013`) data
folder for differential tests.

Usage:
    /usr/bin/python3 tests/oracle/hetang_random.py SEED OUT_DIR

Writes OUT_DIR/units.csv and OUT_DIR/observations.csv following the common
data contract (long layout). The output depends only on SEED (no clock, no
environment). Run period 2013: items t01..t23 per township and quarter,
`monthly` per township and month, d01..d15 per department, quarter and rater
township (every township rates every department on every item).

Ties are made frequent on purpose:
  * coarse values (whole or half points; monthly scores on a 0.5 grid),
  * cloned townships and departments (exact ties), and near-clones that
    differ by 0.01-0.1 somewhere (ties only after rounding, or none),
  * t04 / t22 on the 2-decimal grids 0.67/1.33/2 and 4 x w/13 (3.69, 3.38 ...)
    so that year means of published totals hit exact half cents (x.xx5),
  * monthly scores with 3 decimals in some months (96.125 next to 96.13),
  * a weak township that is last in a run of 1..4 consecutive quarters
    (streak / disqualified notices), sometimes tied for last with a clone,
    sometimes strong in the other quarters (a disqualified township inside
    the 20 % quota).
The input shape varies as well: optional BOM, optional `note` column,
optional `parent` column in units.csv, notes with commas and quotes (quoted
fields), values written as `5`, `5.0` or `5.00`, shuffled rows.

Compare `build/kaoping` with `tests/oracle/hetang.py` on the same folder.
Standard library only.
"""

import csv
import io
import os
import random
import sys
from fractions import Fraction as F

T_POINTS = [2, 3, 1, 2, 2, 5, 6, 6, 6, 6, 5, 6, 6, 6, 4, 4, 5, 5, 5, 5, 3, 4, 3]
D_POINTS = [10, 15, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 8]
T_KEYS = ["t%02d" % (i + 1) for i in range(len(T_POINTS))]
D_KEYS = ["d%02d" % (i + 1) for i in range(len(D_POINTS))]
YEAR = "2013"
QUARTERS = ["%s-Q%d" % (YEAR, q) for q in range(1, 5)]
MONTHS = ["%s-%02d" % (YEAR, m) for m in range(1, 13)]
T04_GRID = [F("2"), F("1.33"), F("0.67")]
T22_GRID = [F("4"), F("3.69"), F("3.38"), F("3.08"), F("2.77")]

PLACES = list("月荷桂金枫茶仙明龙樟石竹莲松湖塘山桥溪岭泉湾港园")
TOWN_SUFFIX = ["街道", "街道", "街道", "镇", "乡", "管委会"]
DEPT_NAMES = ["区民政局", "区人力资源和社会保障局", "区卫生局", "区人口和计划生育局",
              "区住房和城乡建设局", "区城市管理和行政执法局", "区司法局", "区教育局",
              "市公安局荷塘分局", "市国土资源局荷塘分局", "区财政局", "区发展和改革局",
              "区文体广电新闻出版局", "区农林水务局", "区安全生产监督管理局"]
NOTES = ["台账不全", "现场查看", "信息报送不及时,扣分", '"样板"社工部', "走访记录缺失",
         "项目未申报", "月报表迟交"]


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: hetang_random.py SEED OUT_DIR\n")
        return 2
    seed, out = argv[1], argv[2]
    rng = random.Random("kaoping-hetang-" + seed)

    def num(x):
        """Render an exact value: '5', sometimes '5.0' / '5.00'; '4.5'; '3.69'."""
        x = F(x)
        if x.denominator == 1:
            r = rng.random()
            if r < 0.1:
                return "%d.0" % x
            if r < 0.15:
                return "%d.00" % x
            return "%d" % x
        for d in (1, 2, 3):
            if (x * 10 ** d).denominator == 1:
                return "%.*f" % (d, x)
        raise ValueError(x)

    # --- units -------------------------------------------------------------
    nt = rng.choice((2, 3, 4, 5, 6, 8, 10, 12, 12, 12, 15, 20))
    nd = rng.choice((1, 2, 3, 5, 8, 10, 10, 12, 15))
    towns = ["X%02d" % i for i in range(1, nt + 1)]
    depts = ["B%02d" % i for i in range(1, nd + 1)]
    names, used = {}, set()
    for t in towns:
        while True:
            nm = "".join(rng.sample(PLACES, 2)) + rng.choice(TOWN_SUFFIX)
            if nm not in used:
                used.add(nm)
                names[t] = nm
                break
    for d, nm in zip(depts, rng.sample(DEPT_NAMES, nd)):
        names[d] = nm

    rows = []                               # period, subject, indicator, value, rater, note
    tie_rate = rng.choice((0.0, 0.2, 0.4, 0.6))
    grid = rng.choice((F(1), F(1, 2), F(1, 2), F(1, 10)))

    def snap(x, top):
        v = F(round(F(x) / grid)) * grid
        return min(max(v, F(0)), F(top))

    # --- townships: quarterly items ----------------------------------------
    weak = rng.choice(towns)
    run_len = rng.choice((0, 1, 2, 2, 3, 3, 4))
    run_start = rng.randint(0, 4 - run_len) if run_len else 0
    weak_quarters = set(range(run_start, run_start + run_len))
    weak_strong_elsewhere = rng.random() < 0.4
    weak_twin = rng.choice([t for t in towns if t != weak]) if rng.random() < 0.3 else None
    narrow = rng.random() < 0.5             # weak quarters just under the field's minimum
    tight = rng.random() < 0.35             # a close field
    if rng.random() < 0.15:                 # disqualified, yet inside the 20 % quota
        run_len, run_start = 3, rng.randint(0, 1)
        weak_quarters = set(range(run_start, run_start + 3))
        narrow = tight = weak_strong_elsewhere = True
    noise = 0.02 if tight else 0.12

    tprof = {}
    for idx, t in enumerate(towns):
        if idx and rng.random() < tie_rate and t not in (weak, weak_twin):
            src = tprof[rng.choice(towns[:idx])]
            p = {q: dict(v) for q, v in src.items()}
            if rng.random() < 0.3:          # near-clone: one item a little apart
                q = rng.choice(QUARTERS)
                k = rng.choice(T_KEYS[5:20])
                delta = rng.choice((F("-0.01"), F("0.01"), F("-0.1"), F("0.1")))
                v = p[q][k] + delta
                if 0 <= v <= T_POINTS[T_KEYS.index(k)]:
                    p[q][k] = v
            tprof[t] = p
            continue
        level = rng.uniform(0.86, 0.88) if tight else rng.uniform(0.7, 0.98)
        p = {}
        for qi, q in enumerate(QUARTERS):
            lv = level + rng.uniform(-noise / 2, noise / 2)
            if t == weak and qi in weak_quarters:
                lv = 0.45
            elif t == weak and weak_strong_elsewhere:
                lv = 0.99
            items = {}
            for k, pts in zip(T_KEYS, T_POINTS):
                items[k] = snap(pts * min(1.0, lv + rng.uniform(-noise, noise)), pts)
            if rng.random() < 0.5:
                items["t04"] = rng.choice(T04_GRID)
            if rng.random() < 0.5:
                items["t22"] = rng.choice(T22_GRID)
            if t == weak and qi in weak_quarters:
                items = {k: min(v, F(T_POINTS[T_KEYS.index(k)]) / 2) for k, v in items.items()}
            p[q] = items
        tprof[t] = p
    if narrow and weak_quarters:
        for qi, q in enumerate(QUARTERS):
            if qi in weak_quarters:
                others = [t for t in towns if t != weak]
                low = min(others, key=lambda t: sum(tprof[t][q].values()))
                items = dict(tprof[low][q])
                delta = rng.choice((F(0), F("0.01"), F("0.1"), F("0.5")))
                k = rng.choice([k for k in T_KEYS if items[k] >= delta])
                items[k] -= delta
                tprof[weak][q] = items
            elif weak_strong_elsewhere:
                tprof[weak][q] = {k: F(pts) for k, pts in zip(T_KEYS, T_POINTS)}
    if weak_twin is not None:
        # the twin ties for last in the weak quarters, differs elsewhere
        p = {q: dict(v) for q, v in tprof[weak_twin].items()}
        for qi, q in enumerate(QUARTERS):
            if qi in weak_quarters and rng.random() < 0.7:
                p[q] = dict(tprof[weak][q])
        tprof[weak_twin] = p

    for t in towns:
        for q in QUARTERS:
            for k in T_KEYS:
                note = rng.choice(NOTES) if rng.random() < 0.01 else ""
                rows.append([q, t, k, num(tprof[t][q][k]), "", note])

    # --- townships: monthly comprehensive score ----------------------------
    mprof = {}
    for idx, t in enumerate(towns):
        if idx and rng.random() < tie_rate:
            mprof[t] = dict(mprof[rng.choice(towns[:idx])])
            continue
        base = rng.uniform(86, 97)
        mprof[t] = {m: F(round(min(100, base + rng.uniform(-3, 3)) * 2)) / 2 for m in MONTHS}
    fine_months = rng.sample(MONTHS, rng.randint(0, 3))
    for m in fine_months:                   # 3-decimal composites, rounding ties at the top
        for t in towns:
            mprof[t][m] = mprof[t][m] + F(rng.randint(-499, 499), 1000)
            mprof[t][m] = min(max(mprof[t][m], F(0)), F(100))
        a, b = rng.sample(towns, 2) if nt >= 2 else (towns[0], towns[0])
        top = max(mprof[t][m] for t in towns)
        c = F(int(top * 100) + 1, 100)      # a cent value above the current top
        mprof[a][m] = min(c - F(5, 1000), F(100))           # x.xx5: rounds up to c
        mprof[b][m] = min(c + F(rng.randint(0, 4), 1000), F(100))
    for t in towns:
        for m in MONTHS:
            rows.append([m, t, "monthly", num(mprof[t][m]), "", ""])

    # --- departments: rated by every township ------------------------------
    dprof = {}
    for idx, d in enumerate(depts):
        if idx and rng.random() < tie_rate:
            src = dprof[rng.choice(depts[:idx])]
            p = {key: v for key, v in src.items()}
            if rng.random() < 0.5:           # same scores, raters permuted per item
                for q in QUARTERS:
                    for k in D_KEYS:
                        vals = [p[(q, k, t)] for t in towns]
                        rng.shuffle(vals)
                        for t, v in zip(towns, vals):
                            p[(q, k, t)] = v
            if rng.random() < 0.3:           # near-clone: one rating 0.1 apart
                q, k, t = rng.choice(QUARTERS), rng.choice(D_KEYS), rng.choice(towns)
                pts = D_POINTS[D_KEYS.index(k)]
                v = p[(q, k, t)] + (F("0.1") if p[(q, k, t)] < pts else F("-0.1"))
                p[(q, k, t)] = v
            dprof[d] = p
            continue
        level = rng.uniform(0.72, 0.97)
        dgrid = rng.choice((F(1), F(1, 2), F(1, 10)))
        p = {}
        for q in QUARTERS:
            lq = level + rng.uniform(-0.04, 0.04)
            for t in towns:
                lt = lq + rng.uniform(-0.08, 0.08)
                for k, pts in zip(D_KEYS, D_POINTS):
                    v = F(round(F(pts * min(1.0, lt + rng.uniform(-0.1, 0.1))) / dgrid)) * dgrid
                    p[(q, k, t)] = min(max(v, F(0)), F(pts))
        dprof[d] = p
    for d in depts:
        for q in QUARTERS:
            for k in D_KEYS:
                for t in towns:
                    rows.append([q, d, k, num(dprof[d][(q, k, t)]), t, ""])

    if rng.random() < 0.5:
        rng.shuffle(rows)

    # --- write ---------------------------------------------------------------
    os.makedirs(out, exist_ok=True)
    with_parent = rng.random() < 0.3
    with_note = rng.random() < 0.8

    def write(name, header, data):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(data)
        bom = b"\xef\xbb\xbf" if rng.random() < 0.25 else b""
        with open(os.path.join(out, name), "wb") as f:
            f.write(bom + buf.getvalue().encode("utf-8"))

    units = [[t, names[t], "乡镇街道"] for t in towns] + [[d, names[d], "区直部门"] for d in depts]
    if rng.random() < 0.3:
        rng.shuffle(units)
    if with_parent:
        write("units.csv", ["id", "name", "kind", "parent"], [u + ["荷塘区"] for u in units])
    else:
        write("units.csv", ["id", "name", "kind"], units)
    if with_note:
        write("observations.csv", ["period", "subject", "indicator", "value", "rater", "note"], rows)
    else:
        write("observations.csv", ["period", "subject", "indicator", "value", "rater"],
              [r[:5] for r in rows])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
