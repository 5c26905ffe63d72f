#!/usr/bin/python3
"""Reference calculator (test oracle) for doc/rules.md (zhongshan-2023): Songjiang
Zhongshan street 2023 residential areas and community workers.

Written straight from doc/rules.md, independently of the C
program.  All arithmetic is exact (fractions.Fraction built from the decimal
strings of the input), so the oracle is not affected by binary floating point;
only published values are rounded, half away from zero, to 2 decimals.

Usage:
    /usr/bin/python3 tests/oracle/zhongshan.py [--encoding ENC] DATA_DIR > results.csv

DATA_DIR holds units.csv, people.csv and observations.csv (common data
contract; long layout, or wide layout: one column per indicator).
results.csv goes to stdout, warnings (one per line) to stderr.
Exit status: 0 on success, 1 on a data error (message on stderr), 2 on usage.
Standard library only.
"""

import csv
import io
import math
import os
import sys
from collections import defaultdict
from fractions import Fraction

from oracle_common import DataError, cents, competition_ranks, fmt2, fmt_cents, need_columns

# --- ruleset constants (doc/rules.md (zhongshan-2023)) ---------------------------------

AREA_KIND = "居民区"
HEAD_ROLES = ("书记", "主任")          # 正职: not assessed as workers
GIVEN_POINTS = (                      # (key, max points) taken as given
    ("visits", 15),
    ("deeds", 15),
    ("party_building", 15),
    ("service", 15),
    ("stability", 10),
)
HOTLINE_RATES = (                     # (key, target percent)
    ("hotline_contact", Fraction(85)),
    ("hotline_ontime", Fraction(95)),
    ("hotline_resolved", Fraction(95)),
    ("hotline_satisfied", Fraction(78)),
)
HOTLINE_FULL = Fraction(10)
HOTLINE_STRIKE = Fraction(1, 10)
HOTLINE_BOTTOM = 3
PARTY_EVAL_POINTS = Fraction(20)
BONUS_CAP = Fraction(5)
DEDUCTION_CAP = Fraction(5)
MIN_RATERS = 40
SURVEY_MIN, SURVEY_MAX = 20, 50
SURVEY_KEY_SHARE = Fraction(1, 3)
AREA_TOP = Fraction(20, 100)          # 优秀 quota
AREA_BOTTOM = Fraction(20, 100)       # 一般 quota
W_LEADER = Fraction(2, 10)
W_DEMOCRATIC = Fraction(3, 10)
W_AREA = Fraction(5, 10)
WORKER_TOP = Fraction(15, 100)
WORKER_PASS = Fraction(70)            # (assumed) 合格
WORKER_BASIC = Fraction(60)           # (assumed) 基本合格

AREA_INDICATORS = {k for k, _ in GIVEN_POINTS} | {k for k, _ in HOTLINE_RATES} | {
    "party_eval", "bonus", "deduction", "survey_households", "survey_key_households"}
WORKER_INDICATORS = {"leader_eval", "democratic", "veto"}

HEADER = ["kind", "subject", "name", "period", "total", "rank", "grade",
          "visits", "deeds", "hotline", "party_eval", "party_building",
          "service", "stability", "bonus", "deduction",
          "leader_eval", "democratic", "area", "veto"]


WARNINGS = []


def warn(msg):
    WARNINGS.append(msg)


# --- numbers ----------------------------------------------------------------

def parse_number(text, where):
    """Exact value of a decimal string; a trailing % means percent points."""
    s = text.strip()
    if s.endswith("%"):
        s = s[:-1].strip()
    try:
        return Fraction(s)
    except (ValueError, ZeroDivisionError):
        raise DataError("%s: value '%s' is not a number" % (where, text))


def quota(p, n):
    """k = floor(p*n) (exact; equals floor(p*n + 1e-9) of doc/rules.md)."""
    return math.floor(p * n)


# --- input ------------------------------------------------------------------

def read_csv(path, encoding):
    if not os.path.exists(path):
        raise DataError("'%s' not found" % path)
    with open(path, "rb") as f:
        raw = f.read()
    enc = encoding
    if enc.lower().replace("-", "") in ("utf8", "utf8sig"):
        enc = "utf-8-sig"                 # BOM optional
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError as e:
        raise DataError("'%s' is not valid %s: %s" % (path, encoding, e))
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not rows:
        raise DataError("'%s' is empty" % path)
    header = [h.strip() for h in rows[0]]
    out = []
    for lineno, r in enumerate(rows[1:], start=2):
        if not r or all(not c.strip() for c in r):
            continue
        if len(r) > len(header):
            raise DataError("'%s' line %d: %d fields, header has %d"
                            % (os.path.basename(path), lineno, len(r), len(header)))
        r = [c.strip() for c in r] + [""] * (len(header) - len(r))
        out.append((lineno, dict(zip(header, r))))
    return header, out


def load(data_dir, encoding):
    uh, urows = read_csv(os.path.join(data_dir, "units.csv"), encoding)
    need_columns("units.csv", uh, ("id", "name"))
    areas = {}                             # id -> name
    for ln, r in urows:
        kind = r.get("kind", "")
        if kind and kind != AREA_KIND:
            continue
        if r["id"] in areas:
            raise DataError("'units.csv' line %d: duplicate unit '%s'" % (ln, r["id"]))
        areas[r["id"]] = r["name"]
    if not areas:
        raise DataError("'units.csv': no residential areas")

    ph, prows = read_csv(os.path.join(data_dir, "people.csv"), encoding)
    need_columns("people.csv", ph, ("id", "name", "unit", "role"))
    workers = {}                           # id -> (name, unit)
    seen = set()
    for ln, r in prows:
        if r["id"] in seen:
            raise DataError("'people.csv' line %d: duplicate person '%s'" % (ln, r["id"]))
        seen.add(r["id"])
        if r["role"] in HEAD_ROLES:
            continue
        if r["unit"] not in areas:
            raise DataError("'people.csv' line %d: unit '%s' of '%s' is not a residential area"
                            % (ln, r["unit"], r["id"]))
        workers[r["id"]] = (r["name"], r["unit"])

    oh, orows = read_csv(os.path.join(data_dir, "observations.csv"), encoding)
    need_columns("observations.csv", oh, ("period", "subject"))
    obs = []                               # (line, period, subject, indicator, value, rater)
    if "indicator" in oh and "value" in oh:
        for ln, r in orows:
            where = "'observations.csv' line %d" % ln
            if r["value"] == "":
                raise DataError("%s: empty value for '%s'" % (where, r["indicator"]))
            obs.append((ln, r["period"], r["subject"], r["indicator"],
                        parse_number(r["value"], where), r.get("rater", "")))
    else:                                  # wide layout
        for ln, r in orows:
            where = "'observations.csv' line %d" % ln
            for col in oh:
                if col in ("period", "subject", "rater", "note") or r[col] == "":
                    continue
                obs.append((ln, r["period"], r["subject"], col,
                            parse_number(r[col], where), r.get("rater", "")))
    return areas, workers, obs


# --- scoring ----------------------------------------------------------------

def compute(areas, workers, obs):
    annual = defaultdict(list)             # (subject, indicator) -> [(value, rater, line)]
    monthly = defaultdict(dict)            # (period, indicator) -> {area: value}
    years = set()
    hotline_keys = {k for k, _ in HOTLINE_RATES}
    for ln, period, subj, ind, val, rater in obs:
        where = "'observations.csv' line %d" % ln
        if subj in areas:
            if ind not in AREA_INDICATORS:
                warn("%s: indicator '%s' of area '%s' is not used by this ruleset; ignored"
                     % (where, ind, subj))
                continue
            if ind in hotline_keys:
                if len(period) != 7 or period[4] != "-":
                    raise DataError("%s: '%s' needs a month period, got '%s'" % (where, ind, period))
                if subj in monthly[(period, ind)]:
                    raise DataError("%s: duplicate '%s' for '%s' in %s" % (where, ind, subj, period))
                monthly[(period, ind)][subj] = val
                continue
        elif subj in workers:
            if ind not in WORKER_INDICATORS:
                warn("%s: indicator '%s' of worker '%s' is not used by this ruleset; ignored"
                     % (where, ind, subj))
                continue
        else:
            warn("%s: subject '%s' is not an assessed area or worker; ignored" % (where, subj))
            continue
        if len(period) != 4 or not period.isdigit():
            raise DataError("%s: '%s' needs a year period, got '%s'" % (where, ind, period))
        years.add(period)
        annual[(subj, ind)].append((val, rater, ln))
    if len(years) > 1:
        raise DataError("observations span several years: %s" % ", ".join(sorted(years)))
    year = years.pop() if years else "2023"
    months = ["%s-%02d" % (year, m) for m in range(1, 13)]
    for (period, ind) in monthly:
        if period not in months:
            warn("'%s' for %s is outside %s; ignored" % (ind, period, year))

    def single(subj, ind, required=True):
        rows = annual.get((subj, ind), [])
        if len(rows) > 1:
            raise DataError("'observations.csv' line %d: second '%s' row for '%s'"
                            % (rows[1][2], ind, subj))
        if not rows:
            if required:
                raise DataError("'observations.csv': missing '%s' for '%s'" % (ind, subj))
            return None
        return rows[0][0]

    def raters(subj, ind, label):
        rows = annual.get((subj, ind), [])
        if not rows:
            raise DataError("'observations.csv': missing '%s' for '%s'" % (ind, subj))
        if len(rows) < MIN_RATERS:
            warn("%s '%s': %s has %d raters, fewer than %d"
                 % (label, subj, ind, len(rows), MIN_RATERS))
        ids = [r for _, r, _ in rows if r]
        if len(ids) != len(set(ids)):
            warn("%s '%s': %s has duplicate rater ids" % (label, subj, ind))
        for v, _, ln in rows:
            if v < 0 or v > 100:
                warn("'observations.csv' line %d: %s value %s outside 0..100"
                     % (ln, ind, fmt2(v)))
        return sum(v for v, _, _ in rows) / len(rows)

    # hotline strikes
    strikes = {a: 0 for a in areas}
    for period in months:
        for ind, target in HOTLINE_RATES:
            vals = monthly.get((period, ind), {})
            for a in sorted(areas):
                if a not in vals:
                    warn("area '%s': %s missing for %s (excluded, no strike)" % (a, ind, period))
                elif vals[a] < target:
                    warn("area '%s': %s %s%% in %s under target %s%%"
                         % (a, ind, fmt_num(vals[a]), period, fmt_num(target)))
            if not vals:
                continue
            ordered = sorted(vals.values())
            limit = ordered[HOTLINE_BOTTOM - 1] if len(ordered) >= HOTLINE_BOTTOM else ordered[-1]
            for a, v in vals.items():
                if v <= limit:
                    strikes[a] += 1

    area_res = {}
    for a in areas:
        ind = {}
        for key, cap in GIVEN_POINTS:
            v = single(a, key)
            if v < 0 or v > cap:
                warn("area '%s': %s %s outside 0..%d" % (a, key, fmt_num(v), cap))
            ind[key] = v
        ind["hotline"] = max(Fraction(0), HOTLINE_FULL - HOTLINE_STRIKE * strikes[a])
        ind["party_eval"] = PARTY_EVAL_POINTS * raters(a, "party_eval", "area") / 100
        ind["bonus"] = min(sum((v for v, _, _ in annual.get((a, "bonus"), [])), Fraction(0)), BONUS_CAP)
        ind["deduction"] = min(sum((v for v, _, _ in annual.get((a, "deduction"), [])), Fraction(0)),
                               DEDUCTION_CAP)
        hh = single(a, "survey_households", required=False)
        kh = single(a, "survey_key_households", required=False)
        if hh is not None or kh is not None:
            if hh is None or kh is None:
                warn("area '%s': survey needs both survey_households and survey_key_households" % a)
            if hh is not None and not (SURVEY_MIN <= hh <= SURVEY_MAX):
                warn("area '%s': %s households surveyed, not within %d-%d"
                     % (a, fmt_num(hh), SURVEY_MIN, SURVEY_MAX))
            if hh is not None and kh is not None and kh < SURVEY_KEY_SHARE * hh:
                warn("area '%s': %s key households of %s surveyed, under 1/3"
                     % (a, fmt_num(kh), fmt_num(hh)))
        total = (ind["visits"] + ind["deeds"] + ind["hotline"] + ind["party_eval"]
                 + ind["party_building"] + ind["service"] + ind["stability"]
                 + ind["bonus"] - ind["deduction"])
        area_res[a] = {"ind": ind, "total": total, "pub": cents(total), "strikes": strikes[a]}

    n = len(area_res)
    ranks = competition_ranks({a: r["pub"] for a, r in area_res.items()})
    top, bottom = quota(AREA_TOP, n), quota(AREA_BOTTOM, n)
    for a, r in area_res.items():
        r["rank"] = ranks[a]
        if ranks[a] <= top:
            r["grade"] = "优秀"
        elif ranks[a] > n - bottom:
            r["grade"] = "一般"
        else:
            r["grade"] = "良好"

    worker_res = {}
    for w, (name, unit) in workers.items():
        leader = single(w, "leader_eval")
        if leader < 0 or leader > 100:
            warn("worker '%s': leader_eval %s outside 0..100" % (w, fmt_num(leader)))
        dem = raters(w, "democratic", "worker")
        veto_v = single(w, "veto", required=False)
        veto = veto_v is not None and veto_v == 1
        if veto_v is not None and veto_v not in (0, 1):
            warn("worker '%s': veto value %s is neither 0 nor 1; taken as 0" % (w, fmt_num(veto_v)))
        area_pub = Fraction(area_res[unit]["pub"], 100)
        total = W_LEADER * leader + W_DEMOCRATIC * dem + W_AREA * area_pub
        worker_res[w] = {"leader": leader, "dem": dem, "veto": veto, "area_pub": area_pub,
                         "total": total, "pub": cents(total)}
    nw = len(worker_res)
    wranks = competition_ranks({w: r["pub"] for w, r in worker_res.items()})
    wtop = quota(WORKER_TOP, nw)
    for w, r in worker_res.items():
        r["rank"] = wranks[w]
        if r["veto"]:
            r["grade"] = "不合格"
            warn("worker '%s': veto (纪律处分), graded 不合格" % w)
        elif wranks[w] <= wtop:
            r["grade"] = "优秀"
        elif r["pub"] >= cents(WORKER_PASS):
            r["grade"] = "合格"
        elif r["pub"] >= cents(WORKER_BASIC):
            r["grade"] = "基本合格"
        else:
            r["grade"] = "不合格"
    return year, area_res, worker_res


def fmt_num(x):
    """Plain rendering of an input number for messages (no forced rounding)."""
    if x.denominator == 1:
        return str(x.numerator)
    for d in range(1, 7):
        if (x * 10 ** d).denominator == 1:
            return "%.*f" % (d, x)
    return fmt2(x)


# --- output -----------------------------------------------------------------

def write_results(out, year, areas, workers, area_res, worker_res):
    w = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(HEADER)
    for a in sorted(area_res, key=lambda s: (area_res[s]["rank"], s)):
        r = area_res[a]
        i = r["ind"]
        w.writerow(["area", a, areas[a], year, fmt_cents(r["pub"]), r["rank"], r["grade"],
                    fmt2(i["visits"]), fmt2(i["deeds"]), fmt2(i["hotline"]),
                    fmt2(i["party_eval"]), fmt2(i["party_building"]), fmt2(i["service"]),
                    fmt2(i["stability"]), fmt2(i["bonus"]), fmt2(i["deduction"]),
                    "", "", "", ""])
    for p in sorted(worker_res, key=lambda s: (worker_res[s]["rank"], s)):
        r = worker_res[p]
        w.writerow(["worker", p, workers[p][0], year, fmt_cents(r["pub"]), r["rank"], r["grade"],
                    "", "", "", "", "", "", "", "", "",
                    fmt2(r["leader"]), fmt2(r["dem"]), fmt2(r["area_pub"]),
                    "1" if r["veto"] else "0"])


def main(argv):
    args = argv[1:]
    encoding = "utf-8"
    if len(args) >= 2 and args[0] == "--encoding":
        encoding = args[1]
        args = args[2:]
    elif args and args[0].startswith("--encoding="):
        encoding = args[0].split("=", 1)[1]
        args = args[1:]
    if len(args) != 1:
        sys.stderr.write("usage: zhongshan.py [--encoding ENC] DATA_DIR > results.csv\n")
        return 2
    err = io.TextIOWrapper(sys.stderr.buffer, encoding="utf-8", newline="\n", line_buffering=True)
    try:
        areas, workers, obs = load(args[0], encoding)
        year, area_res, worker_res = compute(areas, workers, obs)
    except DataError as e:
        for m in WARNINGS:
            err.write("zhongshan.py: warning: %s\n" % m)
        err.write("zhongshan.py: error: %s\n" % e)
        return 1
    for m in WARNINGS:
        err.write("zhongshan.py: warning: %s\n" % m)
    buf = io.StringIO()
    write_results(buf, year, areas, workers, area_res, worker_res)
    sys.stdout.buffer.write(buf.getvalue().encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
