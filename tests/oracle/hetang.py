#!/usr/bin/python3
"""Reference calculator (test oracle) for doc/rules.md (hetang-2013) and the
`hetang-2013` part of doc/contracts.md: Hetang district 2013, townships
(乡镇街道, scored per quarter on annex 1 items t01..t23, monthly comprehensive
ranking) and district departments (区直部门, annex 2 items d01..d15, rated by
the townships: "基层评部门").

Written straight from doc/rules.md and doc/contracts.md,
independently of the C program. All arithmetic is exact
(fractions.Fraction built from the decimal strings of the input); only
published values are rounded, half away from zero, to 2 decimals.

Usage:
    /usr/bin/python3 tests/oracle/hetang.py [--encoding ENC] DATA_DIR OUT_DIR

DATA_DIR holds units.csv and observations.csv (common data contract; long
layout `period,subject,indicator,value[,rater][,note]`, or wide layout: one
column per indicator). Writes OUT_DIR/results.csv, OUT_DIR/awards.csv and
OUT_DIR/notices.csv (contracts.md, "Result files"); data warnings go to
stderr, one per line.
Exit status: 0 on success, 1 on a data error (message on stderr), 2 on usage.
Standard library only.

Readings taken where doc/rules.md / contracts.md leave room (each is stated in
samples/hetang-2013/README.md as well):
  * Every kind is ranked: township quarter and year rows, township_month rows,
    department quarter and year rows (competition ranking on published
    totals).
  * Year row indicator columns: mean of the four EXACT (unrounded) quarterly
    indicator scores, then rounded; the year total is the mean of the four
    PUBLISHED quarterly totals, then rounded.
  * 优秀 = year rank <= floor(0.2 n). A disqualified township keeps its rank
    and its place in the quota; it is graded 合格 and the 优秀 place is not
    passed on to the next township.
  * Last place: rank == the worst rank of the quarter (so if all townships
    tie, all are last). Consecutive-last count c per township; notice
    `streak` at the quarter where c reaches 2, `disqualified` at the quarter
    where c reaches 3 (a 4th consecutive last place adds no notice).
  * Awards: prize rows have kind `township`, award `季度奖励`, amount as a
    whole number (3000), unit `元`; 流动红旗 rows have kind `township_month`,
    the month as period, empty amount and unit.
  * Missing data is an error (no missing-data policy is defined for this
    rule set), except that a department item needs only one rater: a
    township that did not rate is left out of the mean (stderr warning).
"""

import csv
import io
import math
import os
import re
import sys
from collections import defaultdict
from fractions import Fraction

from oracle_common import DataError, cents, competition_ranks, fmt2, fmt_cents, need_columns, write_csv

# --- rule set constants (doc/rules.md (hetang-2013), contracts.md hetang-2013) -------

TOWNSHIP_KIND = "乡镇街道"
DEPARTMENT_KIND = "区直部门"
T_POINTS = [2, 3, 1, 2, 2, 5, 6, 6, 6, 6, 5, 6, 6, 6, 4, 4, 5, 5, 5, 5, 3, 4, 3]
D_POINTS = [10, 15, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 8]
T_KEYS = ["t%02d" % (i + 1) for i in range(len(T_POINTS))]
D_KEYS = ["d%02d" % (i + 1) for i in range(len(D_POINTS))]
T_MAX = dict(zip(T_KEYS, T_POINTS))
D_MAX = dict(zip(D_KEYS, D_POINTS))
MONTHLY = "monthly"
MONTHLY_MAX = 100
PRIZES = {1: 3000, 2: 2000, 3: 1000}       # quarterly, yuan, by rank
PRIZE_AWARD = "季度奖励"
PRIZE_UNIT = "元"
FLAG_AWARD = "流动红旗"
TOP_SHARE = Fraction(20, 100)               # (assumed) 优秀 quota
GRADE_TOP = "优秀"
GRADE_ELSE = "合格"                          # (assumed)
STREAK_LEN = 2
DISQUALIFY_LEN = 3

HEADER = (["kind", "subject", "name", "period", "total", "rank", "grade"]
          + T_KEYS + [MONTHLY] + D_KEYS)
AWARDS_HEADER = ["kind", "subject", "name", "period", "award", "amount", "unit"]
NOTICES_HEADER = ["kind", "subject", "name", "period", "type", "text"]

assert sum(T_POINTS) == 100 and sum(D_POINTS) == 100


WARNINGS = []


def warn(msg):
    WARNINGS.append(msg)


# --- numbers ------------------------------------------------------------------

def parse_number(text, where):
    """Exact value of a decimal string; a trailing % means percent (points)."""
    s = text.strip()
    if s.endswith("%"):
        s = s[:-1].strip()
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
        raise DataError("%s: value '%s' is not a number" % (where, text))
    return Fraction(s)


def quota(p, n):
    """k = floor(p*n), exact (equals floor(p*n + 1e-9) of doc/rules.md)."""
    return math.floor(p * n)


# --- input --------------------------------------------------------------------

def read_csv(path, encoding):
    if not os.path.exists(path):
        raise DataError("'%s' not found" % path)
    with open(path, "rb") as f:
        raw = f.read()
    enc = encoding
    if enc.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        enc = "utf-8-sig"                    # BOM optional
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError as e:
        raise DataError("'%s' is not valid %s: %s" % (path, encoding, e))
    rows = list(csv.reader(io.StringIO(text, newline="")))
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


QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def load(data_dir, encoding):
    uh, urows = read_csv(os.path.join(data_dir, "units.csv"), encoding)
    need_columns("units.csv", uh, ("id", "name", "kind"))
    townships, departments, seen = {}, {}, set()
    for ln, r in urows:
        uid = r["id"]
        if not uid:
            raise DataError("'units.csv' line %d: empty id" % ln)
        if uid in seen:
            raise DataError("'units.csv' line %d: duplicate unit '%s'" % (ln, uid))
        seen.add(uid)
        if r["kind"] == TOWNSHIP_KIND:
            townships[uid] = r["name"]
        elif r["kind"] == DEPARTMENT_KIND:
            departments[uid] = r["name"]
        else:
            warn("'units.csv' line %d: unit '%s' of kind '%s' is not assessed by this rule set"
                 % (ln, uid, r["kind"]))
    if not townships:
        raise DataError("'units.csv': no units of kind %s" % TOWNSHIP_KIND)

    oh, orows = read_csv(os.path.join(data_dir, "observations.csv"), encoding)
    need_columns("observations.csv", oh, ("period", "subject"))
    obs = []           # (line, period, subject, indicator, value, rater)
    if "indicator" in oh and "value" in oh:
        for ln, r in orows:
            where = "'observations.csv' line %d" % ln
            if r["value"] == "":
                raise DataError("%s: empty value for '%s'" % (where, r["indicator"]))
            obs.append((ln, r["period"], r["subject"], r["indicator"],
                        parse_number(r["value"], where), r.get("rater", "")))
    else:                                     # wide layout
        for ln, r in orows:
            where = "'observations.csv' line %d" % ln
            for col in oh:
                if col in ("period", "subject", "rater", "note") or r[col] == "":
                    continue
                obs.append((ln, r["period"], r["subject"], col,
                            parse_number(r[col], where), r.get("rater", "")))
    return townships, departments, obs


# --- scoring ------------------------------------------------------------------

def compute(townships, departments, obs):
    tvals = {}                               # (township, quarter, key) -> value
    mvals = {}                               # (township, month) -> value
    dvals = defaultdict(dict)                # (department, quarter, key) -> {rater: value}
    years = set()
    for ln, period, subj, ind, val, rater in obs:
        where = "'observations.csv' line %d" % ln
        if ind in T_MAX or ind == MONTHLY:
            if subj not in townships:
                if subj in departments:
                    raise DataError("%s: '%s' is a township indicator, '%s' is a department"
                                    % (where, ind, subj))
                warn("%s: subject '%s' is not an assessed township; ignored" % (where, subj))
                continue
            if rater:
                raise DataError("%s: '%s' takes no rater" % (where, ind))
            if ind == MONTHLY:
                m = MONTH_RE.match(period)
                if not m:
                    raise DataError("%s: 'monthly' needs a month period, got '%s'" % (where, period))
                key = (subj, period)
                store, top = mvals, MONTHLY_MAX
            else:
                m = QUARTER_RE.match(period)
                if not m:
                    raise DataError("%s: '%s' needs a quarter period, got '%s'" % (where, ind, period))
                key = (subj, period, ind)
                store, top = tvals, T_MAX[ind]
            if key in store:
                raise DataError("%s: second '%s' row for '%s' in %s" % (where, ind, subj, period))
            if val < 0 or val > top:
                raise DataError("%s: %s value %s outside 0..%d" % (where, ind, fmt_num(val), top))
            store[key] = val
            years.add(m.group(1))
        elif ind in D_MAX:
            if subj not in departments:
                if subj in townships:
                    raise DataError("%s: '%s' is a department indicator, '%s' is a township"
                                    % (where, ind, subj))
                warn("%s: subject '%s' is not an assessed department; ignored" % (where, subj))
                continue
            m = QUARTER_RE.match(period)
            if not m:
                raise DataError("%s: '%s' needs a quarter period, got '%s'" % (where, ind, period))
            if rater not in townships:
                raise DataError("%s: rater '%s' is not a township (基层评部门)" % (where, rater))
            cell = dvals[(subj, period, ind)]
            if rater in cell:
                raise DataError("%s: rater '%s' rated '%s' of '%s' twice in %s"
                                % (where, rater, ind, subj, period))
            if val < 0 or val > D_MAX[ind]:
                raise DataError("%s: %s value %s outside 0..%d"
                                % (where, ind, fmt_num(val), D_MAX[ind]))
            cell[rater] = val
            years.add(m.group(1))
        else:
            warn("%s: indicator '%s' is not used by this rule set; ignored" % (where, ind))
    if len(years) > 1:
        raise DataError("observations span several years: %s" % ", ".join(sorted(years)))
    year = years.pop() if years else "2013"
    quarters = ["%s-Q%d" % (year, q) for q in range(1, 5)]
    months = ["%s-%02d" % (year, m) for m in range(1, 13)]

    res = {"township": {}, "township_month": {}, "department": {}}
    # res[kind][(subject, period)] = {"ind": {key: Fraction}, "total": Fraction,
    #                                  "pub": cents, "rank": int, "grade": str}

    # townships, per quarter
    for t in townships:
        for q in quarters:
            ind = {}
            for k in T_KEYS:
                if (t, q, k) not in tvals:
                    raise DataError("'observations.csv': missing '%s' for township '%s' in %s"
                                    % (k, t, q))
                ind[k] = tvals[(t, q, k)]
            total = sum(ind.values(), Fraction(0))
            res["township"][(t, q)] = {"ind": ind, "total": total, "pub": cents(total)}
    # township_month
    for t in townships:
        for mo in months:
            if (t, mo) not in mvals:
                raise DataError("'observations.csv': missing 'monthly' for township '%s' in %s"
                                % (t, mo))
            v = mvals[(t, mo)]
            res["township_month"][(t, mo)] = {"ind": {MONTHLY: v}, "total": v, "pub": cents(v)}
    # departments, per quarter: item score = mean over the rating townships
    for d in departments:
        for q in quarters:
            ind = {}
            for k in D_KEYS:
                cell = dvals.get((d, q, k), {})
                if not cell:
                    raise DataError("'observations.csv': no rating of '%s' for department '%s' in %s"
                                    % (k, d, q))
                if len(cell) < len(townships):
                    absent = sorted(set(townships) - set(cell))
                    warn("department '%s' %s %s: %d of %d townships rated (not: %s); mean over %d"
                         % (d, q, k, len(cell), len(townships), " ".join(absent),
                            len(cell), len(cell)))
                ind[k] = sum(cell.values(), Fraction(0)) / len(cell)
            total = sum(ind.values(), Fraction(0))
            res["department"][(d, q)] = {"ind": ind, "total": total, "pub": cents(total)}
    for (d, q, k) in dvals:
        if q not in quarters:
            warn("department '%s': rating for %s outside %s; ignored" % (d, q, year))

    # roll-up year rows: total = mean of the published quarterly totals;
    # indicators = mean of the exact quarterly indicator scores
    for kind, subjects, keys in (("township", townships, T_KEYS),
                                 ("department", departments, D_KEYS)):
        for s in subjects:
            qs = [res[kind][(s, q)] for q in quarters]
            total = Fraction(sum(r["pub"] for r in qs), 100) / len(qs)
            ind = {k: sum((r["ind"][k] for r in qs), Fraction(0)) / len(qs) for k in keys}
            res[kind][(s, year)] = {"ind": ind, "total": total, "pub": cents(total)}

    # ranks per kind and period
    for kind, subjects, periods in (("township", townships, quarters + [year]),
                                    ("township_month", townships, months),
                                    ("department", departments, quarters + [year])):
        for p in periods:
            ranks = competition_ranks({s: res[kind][(s, p)]["pub"] for s in subjects})
            for s in subjects:
                res[kind][(s, p)]["rank"] = ranks[s]
                res[kind][(s, p)]["grade"] = ""

    awards, notices = [], []
    # quarterly prizes; last places
    lastrun = {t: 0 for t in townships}
    disqualified = set()
    for q in quarters:
        ranks = {t: res["township"][(t, q)]["rank"] for t in townships}
        worst = max(ranks.values())
        for t in sorted(townships, key=lambda s: (ranks[s], s)):
            if ranks[t] in PRIZES:
                awards.append(("township", t, q, PRIZE_AWARD, str(PRIZES[ranks[t]]), PRIZE_UNIT,
                               ranks[t]))
        for t in sorted(townships):
            if ranks[t] == worst:
                lastrun[t] += 1
            else:
                lastrun[t] = 0
            c = lastrun[t]
            done = quarters[quarters.index(q) - c + 1:quarters.index(q) + 1]
            if c == STREAK_LEN:
                notices.append(("township", t, q, "streak",
                                "连续两个季度排名最后（%s），须向区委书记说明情况"
                                % "、".join(done)))
            elif c == DISQUALIFY_LEN:
                disqualified.add(t)
                notices.append(("township", t, q, "disqualified",
                                "连续三个季度排名最后（%s），取消年度评优资格"
                                % "、".join(done)))
    # monthly 流动红旗
    for mo in months:
        for t in sorted(townships):
            if res["township_month"][(t, mo)]["rank"] == 1:
                awards.append(("township_month", t, mo, FLAG_AWARD, "", "", 1))
    # township year grades
    k = quota(TOP_SHARE, len(townships))
    for t in townships:
        r = res["township"][(t, year)]
        r["grade"] = GRADE_TOP if r["rank"] <= k and t not in disqualified else GRADE_ELSE
    return year, quarters, months, res, awards, notices


def fmt_num(x):
    """Plain rendering of an input number for messages."""
    if x.denominator == 1:
        return str(x.numerator)
    for d in range(1, 7):
        if (x * 10 ** d).denominator == 1:
            return "%.*f" % (d, x)
    return fmt2(x)


# --- output -------------------------------------------------------------------

def write_all(out_dir, townships, departments, year, quarters, months, res, awards, notices):
    os.makedirs(out_dir, exist_ok=True)
    names = dict(townships)
    names.update(departments)
    rows = []
    for kind, subjects, periods, keys in (("township", townships, quarters + [year], T_KEYS),
                                          ("township_month", townships, months, [MONTHLY]),
                                          ("department", departments, quarters + [year], D_KEYS)):
        for p in periods:
            for s in sorted(subjects, key=lambda s: (res[kind][(s, p)]["rank"], s)):
                r = res[kind][(s, p)]
                row = [kind, s, names[s], p, fmt_cents(r["pub"]), str(r["rank"]), r["grade"]]
                for col in HEADER[7:]:
                    row.append(fmt2(r["ind"][col]) if col in keys else "")
                rows.append(row)
    write_csv(os.path.join(out_dir, "results.csv"), HEADER, rows)

    order = {p: i for i, p in enumerate(quarters + months)}
    kinds = {"township": 0, "township_month": 1, "department": 2}
    awards = sorted(awards, key=lambda a: (kinds[a[0]], order[a[2]], a[6], a[1]))
    write_csv(os.path.join(out_dir, "awards.csv"), AWARDS_HEADER,
              [[a[0], a[1], names[a[1]], a[2], a[3], a[4], a[5]] for a in awards])
    notices = sorted(notices, key=lambda n: (kinds[n[0]], order[n[2]], n[1], n[3]))
    write_csv(os.path.join(out_dir, "notices.csv"), NOTICES_HEADER,
              [[n[0], n[1], names[n[1]], n[2], n[3], n[4]] for n in notices])


def main(argv):
    args = argv[1:]
    encoding = "utf-8"
    if len(args) >= 2 and args[0] == "--encoding":
        encoding = args[1]
        args = args[2:]
    elif args and args[0].startswith("--encoding="):
        encoding = args[0].split("=", 1)[1]
        args = args[1:]
    if len(args) != 2:
        sys.stderr.write("usage: hetang.py [--encoding ENC] DATA_DIR OUT_DIR\n")
        return 2
    err = io.TextIOWrapper(sys.stderr.buffer, encoding="utf-8", newline="\n",
                           line_buffering=True)
    try:
        townships, departments, obs = load(args[0], encoding)
        year, quarters, months, res, awards, notices = compute(townships, departments, obs)
    except DataError as e:
        for m in WARNINGS:
            err.write("hetang.py: warning: %s\n" % m)
        err.write("hetang.py: error: %s\n" % e)
        return 1
    for m in WARNINGS:
        err.write("hetang.py: warning: %s\n" % m)
    write_all(args[1], townships, departments, year, quarters, months, res, awards, notices)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
