#!/usr/bin/python3
"""Random Xiangning 2023 (rules.md section 4, rule set `xiangning-2023`) data
folder for differential tests.

Usage:
    /usr/bin/python3 tests/oracle/xiangning_random.py SEED OUT_DIR

Writes OUT_DIR/units.csv, people.csv, observations.csv and, most of the
time, history.csv and cases.csv, following the common data contract and
doc/contracts.md.  The output depends only on SEED (no clock, no
environment).  Values are deliberately coarse so that ties are frequent:
given points on a 0.5 grid, 民主测评 scores from small pools (60/70/80/90/100),
mostly 40 or 50 raters (so many exact totals end in a half cent), cloned
subjects (exact ties, also at the 15 % quota boundary) and near clones
(one rater one point apart: equal published totals, different exact ones).
Also: bonus rows adding up above the cap 10, vetoes inside the quota,
totals calibrated to publish exactly 90.00/70.00/60.00 (or to just miss them), history grades with many 优秀 (talent pool), and
cases at, just under and just over the 1351 limits, open cases near the
run's end date 2023-12-31, resolution/satisfaction rates around 95 %
(including exactly 19/20).  Input shape varies: optional BOM, optional
`kind`/`parent`/`note` columns, shuffled rows, `6` vs `6.0`, quoted notes.
Every folder is valid data: it never holds a case closed after 2023-12-31
or opened outside 2023, other roles than 书记/社工, or history of unknown
people.

Compare `build/kaoping` with `tests/oracle/xiangning.py` on the same folder.
Standard library only.
"""

import csv
import datetime
import io
import os
import random
import sys
from fractions import Fraction

SURNAMES = list("王李张刘陈杨赵吴郭贾冯段卫薛阎韩梁任柴牛郝秦乔田康武史崔靳翟孟白霍畅温庞侯原申")
GIVEN = list("建军晓红海燕志刚丽娟晋生雅琴国栋文霞春梅东萍鹏飞瑞芳振华彩宏伟雪宇君涛慧勇佳欣荣玲新杰静")
RARE = ["𠮷", "𡈼"]                              # outside the BMP
PLACES = list("南关北城鄂河西坡云台东岳昌盛新城营里寿圣光华西街朝阳柏树中和安平")
HONOURS = ["市级“千万工程”观摩点，专项加分", "县级“五星级”社区创建", "表彰,县级优秀网格员",
           "市级先进基层党组织", "县级“红旗网格”", "技能竞赛三等奖", '"1351"经验交流发言']
VETO_NOTES = ["违反劳动合同约定（退出情形）", "连续旷工,不称职退出", "受刑事处罚"]
SEC_KEYS = [("pol1", 7), ("pol2", 7), ("pol3", 6), ("daily1", 5), ("daily2", 5),
            ("daily3", 5), ("daily4", 5), ("perf_party", 8), ("perf_build", 8),
            ("perf_service", 8), ("perf_safety", 8), ("perf_major", 8)]
WOR_KEYS = [("pol1", 7), ("pol2", 7), ("pol3", 6), ("daily1", 5), ("daily2", 5),
            ("daily3", 5), ("daily4", 5), ("perf_line", 20), ("perf_grid", 20)]
DEM = ("dem1", "dem2", "dem3")
LIMITS = {"小事急事": 1, "一般诉求": 3, "难事要事": 5, "重大事项": 30}
GRADES = ("优秀", "合格", "基本合格", "不合格")
START, END = datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: xiangning_random.py SEED OUT_DIR\n")
        return 2
    seed, out = argv[1], argv[2]
    rng = random.Random("kaoping-xiangning-" + seed)

    def num(x):
        if x == int(x):
            return "%d.0" % x if rng.random() < 0.15 else "%d" % x
        return "%.1f" % x

    def half(lo, hi):
        return rng.randint(int(round(lo * 2)), int(round(hi * 2))) / 2

    # --- units and people ----------------------------------------------------
    n_units = rng.randint(2, 14)
    units = ["C%02d" % i for i in range(1, n_units + 1)]
    unames, used = {}, set()
    for u in units:
        while True:
            nm = "".join(rng.sample(PLACES, 2)) + "社区"
            if nm not in used:
                used.add(nm)
                unames[u] = nm
                break
    used_names = set()

    def person_name():
        while True:
            s = rng.choice(RARE) if rng.random() < 0.02 else rng.choice(SURNAMES)
            nm = s + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            if nm not in used_names:
                used_names.add(nm)
                return nm

    people = []                                   # id, name, unit, role
    pid = 0
    for u in units:
        roles = ["书记"] if rng.random() < 0.95 else []
        roles += ["社工"] * rng.randint(0, 7)
        for r in roles:
            pid += 1
            people.append(["P%04d" % pid, person_name(), u, r])
    if not people:
        pid += 1
        people.append(["P%04d" % pid, person_name(), units[0], "社工"])

    # --- observations ----------------------------------------------------------
    rows = []                                     # period, subject, indicator, value, rater, note
    tie_rate = rng.choice((0.0, 0.2, 0.4))
    strong = rng.random() < 0.5                   # many totals >= 90
    weak = rng.random() < 0.4                     # some totals near 70 / 60
    bonus_rate = rng.choice((0.2, 0.5))
    profiles = {"书记": [], "社工": []}

    def new_profile(role):
        keys = SEC_KEYS if role == "书记" else WOR_KEYS
        if strong and rng.random() < 0.5:
            level = rng.uniform(0.85, 1.0)
        elif weak and rng.random() < 0.3:
            level = rng.uniform(0.45, 0.7)
        else:
            level = rng.uniform(0.65, 0.9)
        g = {k: max(pts * 0.3, min(pts, half(pts * (level - 0.1), pts * (level + 0.05))))
             for k, pts in keys}
        g = {k: half(v, v) for k, v in g.items()}
        count = rng.choice((40, 40, 50, 50, 30, 32, 36, 41, 45, 48))
        if level > 0.85:
            pool = rng.choice(([90, 100], [80, 90, 100]))
        elif level < 0.7:
            pool = rng.choice(([60, 70], [60, 70, 80]))
        else:
            pool = rng.choice(([70, 80, 90], [80, 90, 100], [60, 70, 80, 90, 100]))
        dem = {d: [rng.choice(pool) for _ in range(count)] for d in DEM}
        bonus = []
        if rng.random() < bonus_rate:
            bonus = [(rng.choice((0.5, 1, 2, 3, 4, 5, 6, 8)), rng.choice(HONOURS))
                     for _ in range(rng.randint(1, 3))]
        return {"g": g, "dem": dem, "bonus": bonus}

    def exact_total(q, keys):
        t = sum((Fraction(v).limit_denominator(2) for v in q["g"].values()), Fraction(0))
        t += min(sum((Fraction(v).limit_denominator(2) for v, _ in q["bonus"]), Fraction(0)), 10)
        for d, pts in zip(DEM, (7, 7, 6)):
            vals = q["dem"][d]
            t += Fraction(pts * sum(vals), 100 * len(vals))
        return t

    def calibrate(q, role):
        """Move a profile's exact total into a window next to 90, 70 or 60:
        just rounding up to the line, or just missing it."""
        keys = SEC_KEYS if role == "书记" else WOR_KEYS
        pts = dict(keys)
        line = Fraction(rng.choice((90, 90, 70, 60)))
        if rng.random() < 0.5:
            lo, hi = line - Fraction(5, 1000), line - Fraction(4, 1000)   # publishes the line
        else:
            lo, hi = line - Fraction(6, 1000), line - Fraction(5, 1000)   # publishes line - 0.01
        for _ in range(400):                       # coarse: given points, 0.5 steps
            t = exact_total(q, keys)
            if abs(t - (lo + hi) / 2) <= Fraction(1, 4):
                break
            up = t < lo
            ks = [k for k in q["g"] if (q["g"][k] + 0.5 <= pts[k] if up else q["g"][k] >= 0.5)]
            if not ks:
                return
            k = rng.choice(ks)
            q["g"][k] += 0.5 if up else -0.5
        for _ in range(5000):                      # fine: one rater one point
            t = exact_total(q, keys)
            if lo <= t < hi:
                return
            up = t < lo
            d = rng.choice(DEM)
            vals = q["dem"][d]
            js = [j for j, v in enumerate(vals) if (v < 100 if up else v > 0)]
            if js:
                vals[rng.choice(js)] += 1 if up else -1

    vetoes = {}
    for p in people:
        role = p[3]
        prev = profiles[role]
        if prev and rng.random() < tie_rate:
            src = rng.choice(prev)
            q = {"g": dict(src["g"]), "dem": {d: list(v) for d, v in src["dem"].items()},
                 "bonus": list(src["bonus"])}
            if rng.random() < 0.3:                # near clone: one rater one point apart
                d = rng.choice(DEM)
                vals = q["dem"][d]
                j = vals.index(min(vals))
                if vals[j] < 100:
                    vals[j] += 1
        else:
            q = new_profile(role)
            if rng.random() < 0.12:
                calibrate(q, role)
        profiles[role].append(q)
        x = rng.random()
        vetoes[p[0]] = 1 if x < 0.06 else (0 if x < 0.12 else None)
        pre = "s_" if role == "书记" else "w_"
        for k, v in q["g"].items():
            rows.append(["2023", p[0], pre + k, num(v), "", ""])
        for d in DEM:
            for i, v in enumerate(q["dem"][d]):
                rows.append(["2023", p[0], pre + d, str(v), "R%02d" % (i + 1), ""])
        for v, note in q["bonus"]:
            rows.append(["2023", p[0], pre + "bonus", num(v), "", note])
        if vetoes[p[0]] is not None:
            rows.append(["2023", p[0], pre + "veto", str(vetoes[p[0]]), "",
                         rng.choice(VETO_NOTES) if vetoes[p[0]] else ""])
    if rng.random() < 0.5:
        rng.shuffle(rows)

    # --- history -----------------------------------------------------------------
    hist = None
    if rng.random() < 0.85:
        hist = []
        p_exc = rng.choice((0.3, 0.6))
        for p in people:
            for year in ("2021", "2022"):
                if rng.random() < 0.9:
                    g = "优秀" if rng.random() < p_exc else rng.choice(GRADES[1:] + ("合格",) * 3)
                    hist.append([year, p[0], g])
        if rng.random() < 0.5:
            rng.shuffle(hist)

    # --- cases ---------------------------------------------------------------------
    cases = None
    if rng.random() < 0.85:
        cases = []
        no_rate = rng.choice((0.02, 0.05, 0.1))
        for u in units:
            n = rng.choice((0, rng.randint(1, 25), 20))
            exact95 = n == 20 and rng.random() < 0.5
            items = []
            for i in range(n):
                cat = rng.choices(list(LIMITS), weights=(40, 35, 20, 5))[0]
                lim = LIMITS[cat]
                if rng.random() < 0.15:           # near the end of the year
                    opened = END - datetime.timedelta(days=rng.randint(0, lim + 3))
                else:
                    opened = START + datetime.timedelta(days=rng.randint(0, 364))
                if rng.random() < 0.06:
                    closed = None
                else:
                    closed = opened + datetime.timedelta(
                        days=rng.choice((0, lim - 1 if lim > 1 else 0, lim, lim, lim + 1, lim + 2)))
                    if closed > END:
                        closed = None
                res = "是" if closed is not None and rng.random() >= no_rate else "否"
                sat = "是" if rng.random() >= no_rate and (res == "是" or rng.random() < 0.3) else "否"
                items.append([cat, opened, closed, res, sat])
            if exact95:                           # 19/20 resolved and satisfied
                for it in items:
                    if it[2] is None:
                        it[2] = it[1]
                    it[3] = it[4] = "是"
                items[0][3] = "否"
                items[rng.randrange(20)][4] = "否"
            items.sort(key=lambda it: (it[1], it[0]))
            for i, it in enumerate(items, 1):
                cases.append([u, "%s-%03d" % (u, i), it[0], it[1].isoformat(),
                              it[2].isoformat() if it[2] else "", it[3], it[4]])
        if rng.random() < 0.5:
            rng.shuffle(cases)

    # --- write ------------------------------------------------------------------------
    os.makedirs(out, exist_ok=True)

    def write(name, header, data):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(data)
        bom = b"\xef\xbb\xbf" if rng.random() < 0.25 else b""
        with open(os.path.join(out, name), "wb") as f:
            f.write(bom + buf.getvalue().encode("utf-8"))

    shape = rng.random()
    if shape < 0.6:
        write("units.csv", ["id", "name", "kind", "parent"],
              [[u, unames[u], "社区", "昌宁镇"] for u in units])
    elif shape < 0.8:
        write("units.csv", ["id", "name", "kind"], [[u, unames[u], "社区"] for u in units])
    else:
        write("units.csv", ["id", "name"], [[u, unames[u]] for u in units])
    if rng.random() < 0.5:
        rng.shuffle(people)
    write("people.csv", ["id", "name", "unit", "role"], people)
    if rng.random() < 0.8:
        write("observations.csv", ["period", "subject", "indicator", "value", "rater", "note"], rows)
    else:
        write("observations.csv", ["period", "subject", "indicator", "value", "rater"],
              [r[:5] for r in rows])
    if hist is not None:
        write("history.csv", ["period", "subject", "grade"], hist)
    if cases is not None:
        write("cases.csv", ["unit", "case", "category", "opened", "closed", "resolved",
                            "satisfied"], cases)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
