#!/usr/bin/python3
"""Random Zhongshan (rules.md section 1) data folder for differential tests.

Usage:
    /usr/bin/python3 tests/oracle/gen_random.py SEED OUT_DIR

Writes OUT_DIR/units.csv, people.csv and observations.csv, following the
common data contract. The output depends only on SEED (no clock, no
environment). Values are deliberately coarse (whole or .5 points, a few
distinct rater scores, hotline rates on a 2.5-point grid), so that ties in
published totals, at the quota boundaries and at the monthly third-lowest
hotline value are frequent. The generator also varies the input shape:
optional BOM, optional `parent`/`note` columns, quoted notes, shuffled rows,
`90%` vs `90.0%`, rater counts under 40, missing monthly rates, vetoes, and
`主任` (正职, not assessed) next to `书记`.

Compare `build/kaoping` with `tests/oracle/zhongshan.py` on the same folder.
Standard library only.
"""

import csv
import io
import os
import random
import sys

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾沈陆顾钱施姚金")
GIVEN = list("佳怡婷雯俊浩宇晨欣悦嘉琳慧颖志华建国敏丽萍红春燕丹晓雪海峰斌磊杰文静琪蕾蓉倩旻骏毅喆堃")
RARE = ["𠮷", "𡈼", "𪚥"]                      # outside the BMP
PLACES = list("仓桥白云玉兰谷阳茸梅云间华亭方塔泖湖菡萏长秀南荣乐通波鹿鸣松汇锦绣颐和东外新")
HONOURS = ["区级文明小区", "市级美丽家园示范小区", "党建引领社区治理品牌创新创优",
           "承担重点工作、重大任务", "区级平安小区", "先进集体,区级", '"五好"党组织']
CASES = ["两委成员被诫勉谈话", "工作人员受党纪处分", "违纪,通报批评"]
RATES = [  # indicator, grid of values (percent)
    ("hotline_contact", [80 + 2.5 * i for i in range(9)]),
    ("hotline_ontime", [90 + 2.5 * i for i in range(5)]),
    ("hotline_resolved", [90 + 2.5 * i for i in range(5)]),
    ("hotline_satisfied", [70 + 2.5 * i for i in range(12)]),
]


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: gen_random.py SEED OUT_DIR\n")
        return 2
    seed = argv[1]
    out = argv[2]
    rng = random.Random("kaoping-zhongshan-" + seed)

    def num(x):
        """Render a number given in half steps: '13', sometimes '13.0'; '13.5'."""
        if x == int(x):
            return "%d.0" % x if rng.random() < 0.15 else "%d" % x
        return "%.1f" % x

    def half(lo, hi):
        return rng.randint(int(lo * 2), int(hi * 2)) / 2

    # --- units and people -------------------------------------------------
    n_areas = rng.randint(5, 30)
    areas = ["A%02d" % i for i in range(1, n_areas + 1)]
    area_names = {}
    used = set()
    for a in areas:
        while True:
            nm = "".join(rng.sample(PLACES, 2)) + "居民区"
            if nm not in used:
                used.add(nm)
                area_names[a] = nm
                break

    used_names = set()

    def person_name():
        while True:
            s = rng.choice(SURNAMES)
            if rng.random() < 0.02:
                s = rng.choice(RARE)
            nm = s + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            if nm not in used_names:
                used_names.add(nm)
                return nm

    people = []                                  # id, name, unit, role
    assessed = []
    pid = 0
    for a in areas:
        size = rng.randint(2, 8)                  # people in the area, incl. 书记
        roles = ["书记"]
        if size >= 3 and rng.random() < 0.3:
            roles.append("主任")
        while len(roles) < size:
            roles.append(rng.choice(("副书记", "副主任", "社工", "社工", "社工")))
        for r in roles:
            pid += 1
            wid = "W%04d" % pid
            people.append([wid, person_name(), a, r])
            if r not in ("书记", "主任"):
                assessed.append((wid, a))
    rng.shuffle(people)

    # --- observations ------------------------------------------------------
    rows = []                                    # period, subject, indicator, value, rater, note
    tie_rate = rng.choice((0.0, 0.25, 0.5))     # share of cloned areas / workers (exact ties)
    low = rng.random() < 0.4                     # some weak areas and workers (60/70 lines)

    def rater_values(pool):
        count = 40
        p = rng.random()
        if p < 0.08:
            count = rng.randint(36, 39)          # data warning
        elif p < 0.25:
            count = rng.randint(41, 46)
        return [rng.choice(pool) for _ in range(count)]

    def emit_raters(subject, indicator, values):
        for i, v in enumerate(values):
            rows.append(["2023", subject, indicator, str(v), "R%02d" % (i + 1), ""])

    pct_style = rng.choice(("%.1f%%", "%g%%", "mixed"))
    sparse_month = None
    if rng.random() < 0.15:                      # one month/rate where < 3 units report
        sparse_month = ("2023-%02d" % rng.randint(1, 12), rng.choice(RATES)[0])
    prof = {}
    for idx, a in enumerate(areas):
        if idx and rng.random() < tie_rate:
            src = prof[rng.choice(areas[:idx])]
            p = dict(src)
            if rng.random() < 0.3 and len(p["party_eval"]) > 40:
                pe = list(p["party_eval"])       # near-tie: one rater one point apart
                j = pe.index(min(pe))
                pe[j] += 1
                p["party_eval"] = pe
            prof[a] = p
            continue
        level = rng.random() * (0.6 if low and rng.random() < 0.3 else 1.0)
        hi = lambda mx: half(mx * (0.55 + 0.3 * level), mx * (0.7 + 0.3 * level))
        p = {k: hi(mx) for k, mx in (("visits", 15), ("deeds", 15), ("party_building", 15),
                                     ("service", 15), ("stability", 10))}
        p["party_eval"] = rater_values(rng.choice(([80, 90, 100], [70, 80, 90, 100],
                                                   [60, 70, 80], [90, 100])))
        p["bonus"] = [(rng.choice((0.5, 1, 1.5, 2, 2.5)), rng.choice(HONOURS))
                      for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))]
        p["deduction"] = []
        if rng.random() < 0.25:
            p["deduction"] = [(rng.choice((0.5, 1, 2, 3)), rng.choice(CASES))
                              for _ in range(rng.randint(1, 3))]
        p["survey"] = None
        if rng.random() < 0.6:
            h = rng.randint(15, 55)
            p["survey"] = (h, rng.randint(max(0, h // 3 - 3), h // 2))
        hot = {}
        for m in range(1, 13):
            period = "2023-%02d" % m
            for ind, grid in RATES:
                if rng.random() < 0.01:
                    continue                     # missing monthly rate
                g = grid[len(grid) // 3:] if rng.random() < 0.7 else grid
                hot[(period, ind)] = rng.choice(g)
        p["hotline"] = hot
        p["family"] = a                          # clones keep their source's family
        prof[a] = p

    for idx, a in enumerate(areas):
        p = prof[a]
        for k in ("visits", "deeds", "party_building", "service", "stability"):
            rows.append(["2023", a, k, num(p[k]), "", ""])
        emit_raters(a, "party_eval", p["party_eval"])
        for v, note in p["bonus"]:
            rows.append(["2023", a, "bonus", num(v), "", note])
        for v, note in p["deduction"]:
            rows.append(["2023", a, "deduction", num(v), "", note])
        if p["survey"]:
            rows.append(["2023", a, "survey_households", str(p["survey"][0]), "", ""])
            rows.append(["2023", a, "survey_key_households", str(p["survey"][1]), "", ""])
        for (period, ind), v in sorted(p["hotline"].items()):
            if sparse_month == (period, ind) and idx >= 2:
                continue
            style = pct_style if pct_style != "mixed" else rng.choice(("%.1f%%", "%g%%"))
            rows.append([period, a, ind, style % v, "", ""])

    wprof = {}
    for idx, (wid, a) in enumerate(assessed):
        same = [w for w, b in assessed[:idx] if prof[b]["family"] == prof[a]["family"]]
        if same and rng.random() < tie_rate:
            q = dict(wprof[rng.choice(same)])
        else:
            weak = low and rng.random() < 0.2
            if weak:
                leader = half(55, 75)
                pool = [60, 70, 80]
            else:
                leader = half(65, 100) if rng.random() < 0.5 else rng.randint(13, 20) * 5
                pool = rng.choice(([80, 90, 100], [70, 80, 90, 100], [60, 80, 100], [90, 100]))
            q = {"leader": leader, "dem": rater_values(pool)}
        p = rng.random()
        q["veto"] = 1 if p < 0.06 else (0 if p < 0.10 else None)
        wprof[wid] = q
        rows.append(["2023", wid, "leader_eval", num(q["leader"]), "", ""])
        emit_raters(wid, "democratic", q["dem"])
        if q["veto"] == 1:
            rows.append(["2023", wid, "veto", "1", "", rng.choice(("受党纪警告处分", "违纪,处分"))])
        elif q["veto"] == 0:
            rows.append(["2023", wid, "veto", "0", "", ""])

    if rng.random() < 0.5:
        rng.shuffle(rows)

    # --- write ---------------------------------------------------------------
    os.makedirs(out, exist_ok=True)
    with_parent = rng.random() < 0.8
    with_note = rng.random() < 0.8

    def write(name, header, data):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(data)
        bom = b"\xef\xbb\xbf" if rng.random() < 0.25 else b""
        with open(os.path.join(out, name), "wb") as f:
            f.write(bom + buf.getvalue().encode("utf-8"))

    if with_parent:
        write("units.csv", ["id", "name", "kind", "parent"],
              [[a, area_names[a], "居民区", "中山街道"] for a in areas])
    else:
        write("units.csv", ["id", "name", "kind"], [[a, area_names[a], "居民区"] for a in areas])
    write("people.csv", ["id", "name", "unit", "role"], people)
    if with_note:
        write("observations.csv", ["period", "subject", "indicator", "value", "rater", "note"], rows)
    else:
        write("observations.csv", ["period", "subject", "indicator", "value", "rater"],
              [r[:5] for r in rows])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
