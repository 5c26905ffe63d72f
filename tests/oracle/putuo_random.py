#!/usr/bin/python3
"""Random putuo-2017 (rules.md section 3, "百事汇" points card) data folder for
differential tests.

Usage:
    /usr/bin/python3 tests/oracle/putuo_random.py SEED OUT_DIR

Writes OUT_DIR/units.csv, people.csv, observations.csv and (usually)
ledger.csv, following the common data contract and the putuo-2017 part of
doc/contracts.md, for the run period 2018 (cards 2018-01..2018-12).  The
output depends only on SEED.

Ties are made frequent on purpose: counts come from narrow ranges, whole cards
are often copied from another worker of the same street/town (exact ties in
month and year totals, also at the floor(0.2 n) boundary), and street sizes go
down to 1..4 workers (k = 0).  The data also exercise: missing months (no row
at all), missing `visits` rows (0 visits, -5), explicit 0 counts, visits far
above 30, `discipline` 1 and explicit 0, several complaints in one month,
half-point deductions (3.5, 7.5), negative month totals, and a ledger with the
500 / 500.00 / 500.01 / 499.99 boundaries, every approval value, office totals
of exactly 35000.00 or 35000.01 and several warnings in one unit and month.
Shape varies: optional BOM, optional `kind` column in units.csv, optional
`rater`/`note` columns, quoted notes (commas, double quotes), shuffled rows.

Compare `build/kaoping` with `tests/oracle/putuo.py` on the same folder.
Standard library only.
"""

import csv
import io
import os
import random
import sys
from fractions import Fraction

STREETS = ["长风新村街道", "长寿路街道", "曹杨新村街道", "甘泉路街道", "石泉路街道",
           "宜川路街道", "真如镇街道", "万里街道", "长征镇", "桃浦镇"]
PLACES = list("枫岭沙田云溪桃源李园莲花金杨梅川樱花兰溪白玉中山普雄武宁曹杨铜川真光岚皋")
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾沈陆顾钱施姚金潘范戴蔡")
GIVEN = list("佳怡婷雯俊浩宇晨欣悦嘉琳慧颖志华建国敏丽萍红春燕丹晓雪海峰斌磊杰文静琪蕾蓉倩玉珍芳")
ROLES = ["社工", "社工", "社工", "居委会委员", "居委会副主任", "居委会主任"]
COUNTS = ["reception", "online", "duty", "campaign_days", "volunteer_days",
          "award_city", "award_district", "award_street",
          "team_award_city", "team_award_district", "team_award_street",
          "publicity", "inspection_excellent", "team_inspection_excellent",
          "training", "contest", "contest_prize_1", "contest_prize_2", "contest_prize_3"]
COMPLAINTS = ["3", "3", "4", "5", "3.5", "4.5"]
DISPUTES = ["5", "6", "8", "10", "7.5"]
NOTES = ["居民投诉态度生硬", "投诉: 办理拖延, 集体讨论扣分", '居民称"踢皮球"', "邻里纠纷调处不及时",
         "信访未及时处置，矛盾激化", ""]
MONTHS = ["2018-%02d" % m for m in range(1, 13)]


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: putuo_random.py SEED OUT_DIR\n")
        return 2
    seed, out = argv[1], argv[2]
    rng = random.Random("kaoping-putuo-" + seed)

    # --- units and people ------------------------------------------------
    streets = rng.sample(STREETS, rng.randint(1, 4))
    units = []                               # id, name, street
    used = set()
    for s in streets:
        for _ in range(rng.randint(1, 4)):
            while True:
                nm = "".join(rng.sample(PLACES, 2)) + "居民区"
                if nm not in used:
                    used.add(nm)
                    break
            units.append(["U%02d" % (len(units) + 1), nm, s])
    people = []                              # id, name, unit, role
    names = set()
    for u in units:
        size = rng.choice((1, 2, 3, 4, 5, 5, 6, 7, 8))
        for _ in range(size):
            while True:
                nm = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN)
                                                    for _ in range(rng.choice((1, 2))))
                if nm not in names:
                    names.add(nm)
                    break
            people.append(["P%03d" % (len(people) + 1), nm, u[0], rng.choice(ROLES)])
    street_of = {u[0]: u[2] for u in units}
    wstreet = {p[0]: street_of[p[2]] for p in people}

    # --- cards ---------------------------------------------------------------
    narrow = rng.random() < 0.6               # narrow ranges: many equal totals
    clone_rate = rng.choice((0.0, 0.2, 0.4))
    p_missing = rng.choice((0.0, 0.01, 0.04))
    p_novisits = rng.choice((0.0, 0.02))
    p_disc = rng.choice((0.0, 0.01, 0.03))
    p_case = rng.choice((0.02, 0.06))

    def card():
        c = {}
        if narrow:
            c["reception"] = rng.choice((10, 10, 15))
            c["online"] = rng.choice((4, 5))
            c["visits"] = rng.choice((28, 30, 30, 32))
            c["duty"] = rng.choice((2, 3))
        else:
            c["reception"] = rng.randint(0, 30)
            c["online"] = rng.randint(0, 14)
            c["visits"] = rng.choice((0, rng.randint(15, 29), rng.randint(30, 45),
                                      rng.randint(28, 36), rng.randint(28, 36)))
            c["duty"] = rng.randint(0, 6)
        for k in COUNTS[3:]:
            if rng.random() < (0.25 if k in ("campaign_days", "volunteer_days", "training",
                                             "publicity", "contest") else 0.03):
                c[k] = rng.randint(1, 3 if k.endswith("days") else 1)
        if rng.random() < 0.05:
            c[rng.choice(COUNTS)] = 0            # explicit 0 row
        cases = []
        while rng.random() < p_case:
            if rng.random() < 0.7:
                cases.append(("complaint", rng.choice(COMPLAINTS), rng.choice(NOTES)))
            else:
                cases.append(("dispute", rng.choice(DISPUTES), rng.choice(NOTES)))
        disc = None
        r = rng.random()
        if r < p_disc:
            disc = 1
        elif r < p_disc + 0.05:
            disc = 0
        if rng.random() < p_novisits:
            del c["visits"]
        return {"counts": c, "cases": cases, "disc": disc}

    cards = {}                                # (worker, month) -> card or None (missing)
    done = []
    for p in people:
        w = p[0]
        mates = [v for v in done if wstreet[v] == wstreet[w]]
        if mates and rng.random() < clone_rate:
            src = rng.choice(mates)              # exact copy of a colleague's year
            for mo in MONTHS:
                cards[(w, mo)] = cards[(src, mo)]
            if rng.random() < 0.3:               # ... or equal total, different month split
                a, b = rng.sample(MONTHS, 2)
                cards[(w, a)], cards[(w, b)] = cards[(src, b)], cards[(src, a)]
        else:
            for mo in MONTHS:
                cards[(w, mo)] = None if rng.random() < p_missing else card()
        done.append(w)

    rows = []                                 # period, subject, indicator, value, rater, note
    for (w, mo), c in cards.items():
        if c is None:
            continue
        for k, v in c["counts"].items():
            rows.append([mo, w, k, str(v), "", ""])
        for k, v, note in c["cases"]:
            rows.append([mo, w, k, v, "", note])
        if c["disc"] is not None:
            rows.append([mo, w, "discipline", str(c["disc"]), "",
                         "严重违反工作纪律，当月积分清零" if c["disc"] else ""])
    if not rows:                              # at least one observation
        rows.append(["2018-01", people[0][0], "reception", "1", "", ""])
    if rng.random() < 0.6:
        rng.shuffle(rows)
    else:
        rows.sort(key=lambda r: (r[0], r[1]))

    # --- ledger --------------------------------------------------------------
    ledger = []
    if rng.random() < 0.75:
        approvals = ["street", "secretary+director", "secretary", "director", ""]
        for u in units:
            office = Fraction(0)
            for _ in range(rng.randint(0, 25)):
                d = "2018-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))
                fund = rng.choice(("committee", "committee", "party", "foundation"))
                cat = rng.choice(("office", "office", "activity", "service", "care", "project"))
                r = rng.random()
                if r < 0.25:
                    amount = rng.choice(("500", "500.00", "500.01", "499.99", "500.1"))
                elif r < 0.6:
                    amount = "%d.%02d" % (rng.randint(10, 499), rng.randint(0, 99))
                else:
                    amount = "%d.%d0" % (rng.randint(501, 9000), rng.randint(0, 9))
                a = Fraction(amount)
                if rng.random() < 0.8:           # mostly correct approvals
                    appr = "street" if a > 500 else rng.choice(("secretary+director",
                                                                "secretary+director", "street"))
                else:
                    appr = rng.choice(approvals)
                if fund == "committee" and cat == "office":
                    office += a
                ledger.append([u[0], d, fund, cat, amount, appr])
            if rng.random() < 0.3:               # office total exactly at / just over 35000
                target = Fraction(rng.choice(("35000.00", "35000.01", "34999.99")))
                rest = target - office
                while rest > 0:
                    part = min(rest, Fraction(rng.randint(300000, 900000), 100))
                    if rest - part < 1:
                        part = rest
                    txt = "%d.%02d" % (int(part), int(part * 100) % 100)
                    assert Fraction(txt) == part
                    ledger.append([u[0], "2018-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)),
                                   "committee", "office", txt,
                                   "street" if part > 500 else "secretary+director"])
                    rest -= part
        rng.shuffle(ledger)

    # --- write ---------------------------------------------------------------
    os.makedirs(out, exist_ok=True)

    def write(name, header, data):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(data)
        bom = b"\xef\xbb\xbf" if rng.random() < 0.25 else b""
        with open(os.path.join(out, name), "wb") as f:
            f.write(bom + buf.getvalue().encode("utf-8"))

    if rng.random() < 0.7:
        write("units.csv", ["id", "name", "kind", "parent"],
              [[u[0], u[1], "居民区", u[2]] for u in units])
    else:
        write("units.csv", ["id", "name", "parent"], [[u[0], u[1], u[2]] for u in units])
    rng.shuffle(people)
    write("people.csv", ["id", "name", "unit", "role"], people)
    shape = rng.choice(("full", "full", "no_rater", "bare"))
    if shape == "full":
        write("observations.csv", ["period", "subject", "indicator", "value", "rater", "note"], rows)
    elif shape == "no_rater":
        write("observations.csv", ["period", "subject", "indicator", "value", "note"],
              [r[:4] + [r[5]] for r in rows])
    else:
        write("observations.csv", ["period", "subject", "indicator", "value"], [r[:4] for r in rows])
    if ledger:
        write("ledger.csv", ["unit", "date", "fund", "category", "amount", "approved_by"], ledger)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
