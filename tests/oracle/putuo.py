#!/usr/bin/python3
"""Reference calculator (test oracle) for doc/rules.md (putuo-2017): Putuo district
2017 "百事汇" points card of community workers (rule set `putuo-2017`).

Written straight from doc/rules.md (putuo-2017) and the
`putuo-2017` part of doc/contracts.md, independently of the C program.  All
arithmetic is exact (fractions.Fraction built from the decimal strings of the
input); only published values are rounded, half away from zero, to 2 decimals.

Usage:
    /usr/bin/python3 tests/oracle/putuo.py [--encoding ENC] [--period YYYY] DATA_DIR OUT_DIR

DATA_DIR holds units.csv, people.csv, observations.csv and, optionally,
ledger.csv.  OUT_DIR gets results.csv, awards.csv and notices.csv (the
"Result files" of doc/contracts.md).  Run period: 2018 unless --period says
otherwise (the cards YYYY-01..YYYY-12).  Diagnostics go to stderr.
Exit status: 0 on success, 1 on a data error, 2 on usage.

What is computed (and how the silent points of the contract are read):
- Kind `worker`: every person of people.csv (no role is excluded).  Street/
  town = the `parent` of the worker's area in units.csv.
- Month total = sum of the item points (complaint, dispute negative), or 0
  when `discipline` is 1; the indicator columns keep their scores.  A missing
  `visits` row means 0 visits (-5); other missing keys mean 0.
- A month with no observation at all for a worker: total 0, every indicator
  column 0 (discipline 0), ranked like any other row, notice `missing`.
- Monthly rows and the year row are ranked within the street/town on the
  published (rounded) total, standard competition ranking.
- Year total = sum of the 12 published monthly totals.  Year indicator
  columns = sum of the 12 monthly item scores (discipline: the number of
  months with discipline = 1).  Year grade `可推荐优秀` when rank <=
  floor(n/5), n = the workers of the street/town.
- awards.csv: header only (eligibility is the year row's grade).
- notices.csv: `missing` (kind worker, period = the month) and `ledger`
  (kind `area`, subject = the ledger's unit, period = the month of the
  expense for a single-expense warning, the run year for the office share).
"""

import csv
import datetime
import io
import math
import os
import re
import sys
from collections import defaultdict
from fractions import Fraction

from oracle_common import DataError, cents, competition_ranks, fmt2, fmt_cents, need_columns, write_csv

# --- rule set constants (doc/rules.md (putuo-2017)) --------------------------------

KIND = "worker"
INDICATORS = [
    "reception", "online", "visits", "duty", "campaign_days", "volunteer_days",
    "award_city", "award_district", "award_street",
    "team_award_city", "team_award_district", "team_award_street",
    "publicity", "inspection_excellent", "team_inspection_excellent",
    "training", "contest", "contest_prize_1", "contest_prize_2", "contest_prize_3",
    "complaint", "dispute", "discipline",
]
PER_COUNT = {                          # count indicators: points per unit
    "reception": Fraction(2, 10),
    "online": Fraction(5, 10),
    "duty": Fraction(5, 10),
    "campaign_days": Fraction(5, 10),
    "volunteer_days": Fraction(5, 10),
    "award_city": Fraction(5),
    "award_district": Fraction(4),
    "award_street": Fraction(3),
    "team_award_city": Fraction(3),
    "team_award_district": Fraction(2),
    "team_award_street": Fraction(1),
    "publicity": Fraction(1),
    "inspection_excellent": Fraction(3),
    "team_inspection_excellent": Fraction(1),
    "training": Fraction(5, 10),
    "contest": Fraction(1),
    "contest_prize_1": Fraction(3),
    "contest_prize_2": Fraction(2),
    "contest_prize_3": Fraction(1),
}
VISITS_TARGET = 30
VISITS_FULL = Fraction(10)
VISITS_SHORT = Fraction(5, 10)         # per household short
VISITS_OVER = Fraction(3, 10)          # per household over
CASES = {                              # one row per case: allowed deduction range
    "complaint": (Fraction(3), Fraction(5)),
    "dispute": (Fraction(5), Fraction(10)),
}
FLAG = "discipline"
ELIGIBLE_SHARE = Fraction(20, 100)
ELIGIBLE_GRADE = "可推荐优秀"

# funding (annex 1)
FUNDS = ("committee", "party", "foundation")
FUND_AMOUNT = Fraction(100000)
OFFICE_SHARE = Fraction(35, 100)
SMALL_LIMIT = Fraction(500)
APPROVALS = ("street", "secretary+director", "secretary", "director", "")
SMALL_OK = ("secretary+director", "street")
LARGE_OK = ("street",)

RESULTS_HEADER = ["kind", "subject", "name", "period", "total", "rank", "grade"] + INDICATORS
AWARDS_HEADER = ["kind", "subject", "name", "period", "award", "amount", "unit"]
NOTICES_HEADER = ["kind", "subject", "name", "period", "type", "text"]

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


DIAG = []


def warn(msg):
    DIAG.append("warning: " + msg)


# --- numbers ----------------------------------------------------------------

def parse_number(text, where):
    s = text.strip()
    if s.endswith("%"):
        raise DataError("%s: '%s': a percent sign where a number is expected" % (where, text))
    if not NUMBER_RE.match(s):
        raise DataError("%s: '%s' is not a number" % (where, text))
    return Fraction(s)


def fmt_plain(x):
    """An input number for messages: as few decimals as it needs (max 2 shown)."""
    if x.denominator == 1:
        return str(x.numerator)
    return fmt2(x)


# --- input ------------------------------------------------------------------

def read_csv(path, encoding, required=True):
    if not os.path.exists(path):
        if required:
            raise DataError("'%s' not found" % path)
        return None, None
    with open(path, "rb") as f:
        raw = f.read()
    enc = encoding
    if enc.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        enc = "utf-8-sig"
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError as e:
        raise DataError("'%s' is not valid %s: %s" % (path, encoding, e))
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if not rows:
        raise DataError("'%s' is empty" % path)
    header = [h.strip() for h in rows[0]]
    name = os.path.basename(path)
    out = []
    for lineno, r in enumerate(rows[1:], start=2):
        if not r or all(not c.strip() for c in r):
            continue
        if len(r) > len(header):
            raise DataError("'%s' line %d: %d fields, header has %d"
                            % (name, lineno, len(r), len(header)))
        r = [c.strip() for c in r] + [""] * (len(header) - len(r))
        out.append((lineno, dict(zip(header, r))))
    return header, out


def load(data_dir, encoding, year):
    uh, urows = read_csv(os.path.join(data_dir, "units.csv"), encoding)
    need_columns("units.csv", uh, ("id", "name"))
    units = {}                              # id -> (name, parent)
    for ln, r in urows:
        if r["id"] in units:
            raise DataError("'units.csv' line %d: duplicate unit '%s'" % (ln, r["id"]))
        units[r["id"]] = (r["name"], r.get("parent", ""))

    ph, prows = read_csv(os.path.join(data_dir, "people.csv"), encoding)
    need_columns("people.csv", ph, ("id", "name", "unit", "role"))
    workers = {}                            # id -> (name, unit, street)
    for ln, r in prows:
        if r["id"] in workers:
            raise DataError("'people.csv' line %d: duplicate person '%s'" % (ln, r["id"]))
        if r["id"] in units:
            raise DataError("'people.csv' line %d: id '%s' is also a unit" % (ln, r["id"]))
        if r["unit"] not in units:
            raise DataError("'people.csv' line %d: unit '%s' of '%s' is not in units.csv"
                            % (ln, r["unit"], r["id"]))
        street = units[r["unit"]][1]
        if not street:
            raise DataError("'units.csv': unit '%s' of worker '%s' has no parent (street/town)"
                            % (r["unit"], r["id"]))
        workers[r["id"]] = (r["name"], r["unit"], street)
    if not workers:
        raise DataError("'people.csv': no workers")

    oh, orows = read_csv(os.path.join(data_dir, "observations.csv"), encoding)
    need_columns("observations.csv", oh, ("period", "subject"))
    months = ["%s-%02d" % (year, m) for m in range(1, 13)]
    obs = []                                # (line, month, subject, indicator, value)
    long_layout = "indicator" in oh and "value" in oh
    for ln, r in orows:
        where = "'observations.csv' line %d" % ln
        period = r["period"]
        m = MONTH_RE.match(period)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise DataError("%s: period '%s': every observation is at a month (YYYY-MM)"
                            % (where, period))
        if period not in months:
            raise DataError("%s: period '%s' is outside the run period %s" % (where, period, year))
        if r["subject"] not in workers:
            raise DataError("%s: unknown subject '%s' (not a worker of people.csv)"
                            % (where, r["subject"]))
        if long_layout:
            cells = [(r["indicator"], r["value"])]
        else:                               # wide layout
            cells = [(c, r[c]) for c in oh
                     if c not in ("period", "subject", "rater", "note") and r[c] != ""]
        for ind, text in cells:
            if ind not in INDICATORS:
                raise DataError("%s: unknown indicator '%s'" % (where, ind))
            if text == "":
                raise DataError("%s: empty value for '%s'" % (where, ind))
            obs.append((ln, period, r["subject"], ind, parse_number(text, where)))

    ledger = None
    lh, lrows = read_csv(os.path.join(data_dir, "ledger.csv"), encoding, required=False)
    if lh is not None:
        need_columns("ledger.csv", lh, ("unit", "date", "fund", "category", "amount",
                                        "approved_by"))
        ledger = []
        for ln, r in lrows:
            where = "'ledger.csv' line %d" % ln
            if r["unit"] not in units:
                raise DataError("%s: unit '%s' is not in units.csv" % (where, r["unit"]))
            try:
                d = datetime.date.fromisoformat(r["date"])
            except ValueError:
                raise DataError("%s: '%s' is not a date (YYYY-MM-DD)" % (where, r["date"]))
            if len(r["date"]) != 10 or d.year != int(year):
                raise DataError("%s: date '%s' is outside the run period %s"
                                % (where, r["date"], year))
            if r["fund"] not in FUNDS:
                raise DataError("%s: fund '%s' is not one of %s" % (where, r["fund"], ", ".join(FUNDS)))
            amount = parse_number(r["amount"], where)
            if amount <= 0:
                raise DataError("%s: amount '%s' is not positive" % (where, r["amount"]))
            if r["approved_by"] not in APPROVALS:
                raise DataError("%s: approved_by '%s' is not one of street, secretary+director, "
                                "secretary, director or empty" % (where, r["approved_by"]))
            ledger.append((ln, r["unit"], r["date"], r["fund"], r["category"], amount,
                           r["approved_by"]))
    return units, workers, obs, ledger, months


# --- scoring ----------------------------------------------------------------

def visits_points(v):
    if v >= VISITS_TARGET:
        return VISITS_FULL + VISITS_OVER * (v - VISITS_TARGET)
    return VISITS_FULL - VISITS_SHORT * (VISITS_TARGET - v)


def compute(units, workers, obs, months):
    cards = defaultdict(lambda: defaultdict(list))   # (worker, month) -> ind -> [(value, line)]
    for ln, period, subj, ind, val in obs:
        cards[(subj, period)][ind].append((val, ln))

    month_res = {}                          # (worker, month) -> dict
    notices = []
    for w, (name, unit, street) in workers.items():
        for mo in months:
            card = cards.get((w, mo))
            ind = {k: Fraction(0) for k in INDICATORS}
            if not card:
                notices.append((KIND, w, name, mo, "missing",
                                "%s 的 %s 积分卡无任何记录，当月积分按 0 分计" % (name, mo)))
                month_res[(w, mo)] = {"ind": ind, "total": Fraction(0), "missing": True}
                continue
            for key, rows in card.items():
                if key not in CASES and len(rows) > 1:
                    raise DataError("'observations.csv' line %d: duplicate '%s' for '%s' in %s "
                                    "(first on line %d)" % (rows[1][1], key, w, mo, rows[0][1]))
            for key, per in PER_COUNT.items():
                for v, ln in card.get(key, []):
                    if v < 0 or v.denominator != 1:
                        raise DataError("'observations.csv' line %d: %s for '%s' is not a whole "
                                        "number >= 0" % (ln, fmt_plain(v), key))
                    ind[key] = per * v
            visits = Fraction(0)
            for v, ln in card.get("visits", []):
                if v < 0 or v.denominator != 1:
                    raise DataError("'observations.csv' line %d: %s for 'visits' is not a whole "
                                    "number >= 0" % (ln, fmt_plain(v)))
                visits = v
            ind["visits"] = visits_points(visits)
            for key, (lo, hi) in CASES.items():
                s = Fraction(0)
                for v, ln in card.get(key, []):
                    if v < lo or v > hi:
                        raise DataError("'observations.csv' line %d: %s for '%s' is out of range "
                                        "%s..%s" % (ln, fmt_plain(v), key, lo, hi))
                    s += v
                ind[key] = -s
            flag = 0
            for v, ln in card.get(FLAG, []):
                if v not in (0, 1):
                    raise DataError("'observations.csv' line %d: %s for '%s' is out of range 0..1"
                                    % (ln, fmt_plain(v), FLAG))
                flag = int(v)
            ind[FLAG] = Fraction(flag)
            total = sum((ind[k] for k in INDICATORS if k != FLAG), Fraction(0))
            if flag:
                total = Fraction(0)
            month_res[(w, mo)] = {"ind": ind, "total": total, "missing": False}
    for r in month_res.values():
        r["pub"] = cents(r["total"])

    streets = defaultdict(list)
    for w, (_, _, street) in workers.items():
        streets[street].append(w)

    for mo in months:
        for street, ws in streets.items():
            ranks = competition_ranks({w: month_res[(w, mo)]["pub"] for w in ws})
            for w in ws:
                month_res[(w, mo)]["rank"] = ranks[w]

    year_res = {}
    for w in workers:
        ind = {k: sum((month_res[(w, mo)]["ind"][k] for mo in months), Fraction(0))
               for k in INDICATORS}
        pub = sum(month_res[(w, mo)]["pub"] for mo in months)
        year_res[w] = {"ind": ind, "pub": pub}
    for street, ws in streets.items():
        n = len(ws)
        k = math.floor(ELIGIBLE_SHARE * n)
        ranks = competition_ranks({w: year_res[w]["pub"] for w in ws})
        for w in ws:
            year_res[w]["rank"] = ranks[w]
            year_res[w]["grade"] = ELIGIBLE_GRADE if ranks[w] <= k else ""
            year_res[w]["n"] = n
            year_res[w]["k"] = k
    return month_res, year_res, notices


def check_ledger(units, ledger, year):
    notices = []
    if ledger is None:
        return notices
    office = defaultdict(Fraction)
    for ln, unit, date, fund, category, amount, appr in ledger:
        name = units[unit][0]
        month = date[:7]
        shown = appr if appr else "（空）"
        if fund == "committee" and category == "office":
            office[unit] += amount
        if amount > SMALL_LIMIT and appr not in LARGE_OK:
            notices.append(("area", unit, name, month, "ledger",
                            "%s 单笔支出 %s 元（%s，%s/%s，ledger.csv 第 %d 行）超过 500 元，"
                            "未经街道、镇审批（approved_by = %s）"
                            % (name, fmt2(amount), date, fund, category, ln, shown)))
        elif amount <= SMALL_LIMIT and appr not in SMALL_OK:
            notices.append(("area", unit, name, month, "ledger",
                            "%s 单笔支出 %s 元（%s，%s/%s，ledger.csv 第 %d 行）为 500 元以下小额支出，"
                            "未经书记和主任共同审批（approved_by = %s）"
                            % (name, fmt2(amount), date, fund, category, ln, shown)))
    limit = OFFICE_SHARE * FUND_AMOUNT
    for unit in sorted(office):
        if office[unit] > limit:
            name = units[unit][0]
            notices.append(("area", unit, name, year, "ledger",
                            "%s 居委会工作经费（committee）中办公经费（office）合计 %s 元，"
                            "超过 100000 元的 35%%（%s 元）"
                            % (name, fmt2(office[unit]), fmt2(limit))))
    return notices


# --- output -----------------------------------------------------------------

def indicator_cells(ind):
    cells = []
    for k in INDICATORS:
        if k == FLAG:
            cells.append(str(int(ind[k])))
        else:
            cells.append(fmt2(ind[k]))
    return cells


def result_rows(workers, months, year, month_res, year_res):
    rows = []
    for mo in months:
        for w in sorted(workers, key=lambda s: (month_res[(s, mo)]["rank"], s)):
            r = month_res[(w, mo)]
            rows.append([KIND, w, workers[w][0], mo, fmt_cents(r["pub"]), str(r["rank"]), ""]
                        + indicator_cells(r["ind"]))
    for w in sorted(workers, key=lambda s: (year_res[s]["rank"], s)):
        r = year_res[w]
        rows.append([KIND, w, workers[w][0], year, fmt_cents(r["pub"]), str(r["rank"]),
                     r["grade"]] + indicator_cells(r["ind"]))
    return rows


def main(argv):
    args = argv[1:]
    encoding = "utf-8"
    year = "2018"
    pos = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--encoding", "--period") and i + 1 < len(args):
            if a == "--encoding":
                encoding = args[i + 1]
            else:
                year = args[i + 1]
            i += 2
            continue
        if a.startswith("--encoding="):
            encoding = a.split("=", 1)[1]
        elif a.startswith("--period="):
            year = a.split("=", 1)[1]
        else:
            pos.append(a)
        i += 1
    if len(pos) != 2 or not re.match(r"^\d{4}$", year):
        sys.stderr.write("usage: putuo.py [--encoding ENC] [--period YYYY] DATA_DIR OUT_DIR\n")
        return 2
    data_dir, out_dir = pos
    err = io.TextIOWrapper(sys.stderr.buffer, encoding="utf-8", newline="\n", line_buffering=True)
    try:
        units, workers, obs, ledger, months = load(data_dir, encoding, year)
        month_res, year_res, notices = compute(units, workers, obs, months)
        notices += check_ledger(units, ledger, year)
    except DataError as e:
        for m in DIAG:
            err.write("putuo.py: %s\n" % m)
        err.write("putuo.py: error: %s\n" % e)
        return 1
    for m in DIAG:
        err.write("putuo.py: %s\n" % m)
    os.makedirs(out_dir, exist_ok=True)
    write_csv(os.path.join(out_dir, "results.csv"), RESULTS_HEADER,
              result_rows(workers, months, year, month_res, year_res))
    write_csv(os.path.join(out_dir, "awards.csv"), AWARDS_HEADER, [])
    kind_order = {KIND: 0, "area": 1}
    notices.sort(key=lambda n: (kind_order.get(n[0], 9), n[1], len(n[3]) == 4, n[3], n[4]))
    write_csv(os.path.join(out_dir, "notices.csv"), NOTICES_HEADER, notices)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
