#!/usr/bin/python3
"""Reference calculator (test oracle) for doc/rules.md (xiangning-2023): Xiangning county
community workers 2023 (书记 and 社工), with Gaotai county's "1351" case
deadlines.  Rule set `xiangning-2023` of doc/contracts.md.

Written straight from doc/rules.md (common data contract and
section 4) and doc/contracts.md ("Result files" and "Xiangning 2023"),
independently of the C program.  All arithmetic is exact
(fractions.Fraction built from the decimal strings of the input); only
published values are rounded, half away from zero, to 2 decimals.

Usage:
    /usr/bin/python3 tests/oracle/xiangning.py [--encoding ENC] DATA_DIR OUT_DIR

DATA_DIR holds units.csv, people.csv, observations.csv (long layout
`period,subject,indicator,value[,rater][,note]`), and optionally history.csv
(`period,subject,grade`, earlier years) and cases.csv
(`unit,case,category,opened,closed,resolved,satisfied`).
Writes OUT_DIR/results.csv, OUT_DIR/awards.csv and OUT_DIR/notices.csv
(UTF-8, LF).  Warnings (one per line) go to stderr.
Exit status: 0 on success, 1 on a data error (message on stderr, nothing
written), 2 on usage.  Standard library only.

Readings of the rules fixed here (see also tests/golden/xiangning-2023/HAND-CHECK.md):
- kinds: `secretary` = people with role 书记, `worker` = role 社工; other
  roles are not assessed.  Each kind is ranked over the whole county sample.
- total = sum of the unrounded indicator points + min(sum of bonus rows, 10).
  No cap on the total (it may exceed 100).  Veto does not change the total.
- vetoed subjects are ranked like the others and keep their place; the quota
  k = floor(0.15 n) counts all n subjects of the kind, vetoed included, and a
  vetoed subject inside the quota does not pass its place on.
- grade: veto -> 不合格; rank <= k and published total >= 90.00 -> 优秀;
  published >= 70.00 -> 合格; >= 60.00 -> 基本合格; else 不合格.
- awards follow the grade: 优秀 -> 绩效奖励 50 %, secretary also 星级 1 星 and
  奖励 1000 元; 不合格 (vetoed or not) -> 绩效奖励 -50 %; 优秀 this year and in
  both of the two previous years (history.csv) -> 后备力量人才库 (amount and
  unit empty).  Amounts are written as plain integers (`50`, `-50`).
- `bonus` and `veto` are optional (absent = 0); every other indicator is
  required.  Multi-rater indicators need a non-empty, unique rater per row.
- cases: overdue when closed - opened > limit days, or closed is empty and
  (run end date - opened) > limit days; limits 小事急事 1, 一般诉求 3, 难事要事 5,
  重大事项 30.  One `overdue` notice per case, kind `unit`, subject = unit id,
  text starting with the case id.  Per unit with cases: resolution rate =
  rows with resolved 是 / all its rows, satisfaction rate = satisfied 是 /
  its closed rows (an open case has no follow-up visit yet); a rate < 95% exactly -> one `target`
  notice per rate.
"""

import csv
import datetime
import io
import math
import os
import sys
from collections import defaultdict
from fractions import Fraction

from oracle_common import DataError, cents, competition_ranks, fmt2, fmt_cents, need_columns, write_csv

# --- rule set constants (doc/rules.md (xiangning-2023), doc/contracts.md) ---------------

RUN_PERIOD = "2023"
RUN_END = datetime.date(2023, 12, 31)

COMMON_HEAD = (                       # (key, points), taken as given
    ("pol1", 7), ("pol2", 7), ("pol3", 6),
    ("daily1", 5), ("daily2", 5), ("daily3", 5), ("daily4", 5),
)
DEM = (("dem1", 7), ("dem2", 7), ("dem3", 6))   # one row per rater, 0..100
PERF = {
    "secretary": (("perf_party", 8), ("perf_build", 8), ("perf_service", 8),
                  ("perf_safety", 8), ("perf_major", 8)),
    "worker": (("perf_line", 20), ("perf_grid", 20)),
}
KINDS = (                             # (kind, role, key prefix), rule set order
    ("secretary", "书记", "s_"),
    ("worker", "社工", "w_"),
)
BONUS_CAP = Fraction(10)              # (assumed)
TOP_SHARE = Fraction(15, 100)         # (assumed) 优秀 quota
EXCELLENT_MIN = Fraction(90)          # (assumed)
PASS_MIN = Fraction(70)               # (assumed) 合格
BASIC_MIN = Fraction(60)              # (assumed) 基本合格
GRADES = ("优秀", "合格", "基本合格", "不合格")
PAY_UP, PAY_DOWN = 50, -50            # 绩效奖励 (the source: 绩效奖励30%), percent of the performance part
STAR, SECRETARY_PRIZE = 1, 1000
POOL_YEARS = 3

CASE_LIMITS = {"小事急事": 1, "一般诉求": 3, "难事要事": 5, "重大事项": 30}   # days; 重大事项 = 1 month (assumed 30)
RATE_TARGET = Fraction(95, 100)
YES, NO = "是", "否"


def indicators(kind):
    """Ordered (key, type, points) of a kind; type given|raters|bonus|veto."""
    p = dict(KINDS_PREFIX)[kind]
    out = [(p + k, "given", v) for k, v in COMMON_HEAD + PERF[kind]]
    out += [(p + k, "raters", v) for k, v in DEM]
    out += [(p + "bonus", "bonus", BONUS_CAP), (p + "veto", "veto", 1)]
    return out


KINDS_PREFIX = tuple((k, p) for k, _, p in KINDS)
HEADER = ["kind", "subject", "name", "period", "total", "rank", "grade"]
for _k, _r, _p in KINDS:
    HEADER += [key for key, _, _ in indicators(_k)]


WARNINGS = []


def warn(msg):
    WARNINGS.append(msg)


# --- numbers ----------------------------------------------------------------

def parse_number(text, where):
    s = text.strip()
    if s.endswith("%"):
        raise DataError("%s: '%s' is a percentage, points or scores expected" % (where, text))
    try:
        return Fraction(s)
    except (ValueError, ZeroDivisionError):
        raise DataError("%s: value '%s' is not a number" % (where, text))


def fmt_num(x):
    if x.denominator == 1:
        return str(x.numerator)
    for d in range(1, 7):
        if (x * 10 ** d).denominator == 1:
            return "%.*f" % (d, x)
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
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise DataError("'%s' is empty" % path)
    header = [h.strip() for h in rows[0]]
    out = []
    name = os.path.basename(path)
    for lineno, r in enumerate(rows[1:], start=2):
        if not r or all(not c.strip() for c in r):
            continue
        if len(r) > len(header):
            raise DataError("'%s' line %d: %d fields, header has %d"
                            % (name, lineno, len(r), len(header)))
        r = [c.strip() for c in r] + [""] * (len(header) - len(r))
        out.append((lineno, dict(zip(header, r))))
    return header, out


def parse_date(text, where):
    try:
        if len(text) != 10:
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise DataError("%s: '%s' is not a date YYYY-MM-DD" % (where, text))


def load(data_dir, encoding):
    uh, urows = read_csv(os.path.join(data_dir, "units.csv"), encoding)
    need_columns("units.csv", uh, ("id", "name"))
    units = {}
    for ln, r in urows:
        if r["id"] in units:
            raise DataError("'units.csv' line %d: duplicate unit '%s'" % (ln, r["id"]))
        units[r["id"]] = r["name"]

    ph, prows = read_csv(os.path.join(data_dir, "people.csv"), encoding)
    need_columns("people.csv", ph, ("id", "name", "unit", "role"))
    role_kind = {role: kind for kind, role, _ in KINDS}
    people = {}                            # id -> (kind or None, name, unit)
    for ln, r in prows:
        if r["id"] in people or r["id"] in units:
            raise DataError("'people.csv' line %d: duplicate id '%s'" % (ln, r["id"]))
        if r["unit"] not in units:
            raise DataError("'people.csv' line %d: unit '%s' of '%s' is not in units.csv"
                            % (ln, r["unit"], r["id"]))
        kind = role_kind.get(r["role"])
        if kind is None:
            warn("'people.csv' line %d: role '%s' of '%s' is not assessed by this rule set"
                 % (ln, r["role"], r["id"]))
        people[r["id"]] = (kind, r["name"], r["unit"])

    oh, orows = read_csv(os.path.join(data_dir, "observations.csv"), encoding)
    need_columns("observations.csv", oh, ("period", "subject", "indicator", "value"))
    obs = defaultdict(list)                # (subject, key) -> [(value, rater, line)]
    for ln, r in orows:
        where = "'observations.csv' line %d" % ln
        subj, key = r["subject"], r["indicator"]
        if subj not in people:
            if subj in units:
                warn("%s: unit '%s' is not a subject of this rule set; ignored" % (where, subj))
                continue
            raise DataError("%s: unknown subject '%s'" % (where, subj))
        kind = people[subj][0]
        if kind is None:
            warn("%s: '%s' is not assessed (role); ignored" % (where, subj))
            continue
        spec = {k: (t, pts) for k, t, pts in indicators(kind)}
        if key not in spec:
            raise DataError("%s: indicator '%s' is not an indicator of kind %s"
                            % (where, key, kind))
        if r["period"] != RUN_PERIOD:
            raise DataError("%s: period '%s', the run period is %s" % (where, r["period"], RUN_PERIOD))
        if r["value"] == "":
            raise DataError("%s: empty value for '%s'" % (where, key))
        v = parse_number(r["value"], where)
        typ, pts = spec[key]
        rater = r.get("rater", "")
        if typ == "raters":
            if not rater:
                raise DataError("%s: '%s' needs a rater" % (where, key))
            if v < 0 or v > 100:
                raise DataError("%s: %s for '%s' is out of range 0..100" % (where, r["value"], key))
            for _, rr, l0 in obs[(subj, key)]:
                if rr == rater:
                    raise DataError("%s: rater '%s' already rated '%s' for '%s' on line %d"
                                    % (where, rater, subj, key, l0))
        elif typ == "veto":
            if v not in (0, 1):
                raise DataError("%s: veto must be 0 or 1, got '%s'" % (where, r["value"]))
        if typ in ("given", "bonus") and (v < 0 or v > pts):
            raise DataError("%s: %s for '%s' is out of range 0..%s" % (where, r["value"], key, pts))
        if typ in ("given", "veto") and obs[(subj, key)]:
            raise DataError("%s: second '%s' row for '%s' (line %d)"
                            % (where, key, subj, obs[(subj, key)][0][2]))
        obs[(subj, key)].append((v, rater, ln))

    history = {}                           # (year, subject) -> grade
    hh, hrows = read_csv(os.path.join(data_dir, "history.csv"), encoding, required=False)
    if hh is not None:
        need_columns("history.csv", hh, ("period", "subject", "grade"))
        for ln, r in hrows:
            where = "'history.csv' line %d" % ln
            p = r["period"]
            if not (len(p) == 4 and p.isdigit()) or int(p) >= int(RUN_PERIOD):
                raise DataError("%s: period '%s' is not a year before %s" % (where, p, RUN_PERIOD))
            if r["grade"] not in GRADES:
                raise DataError("%s: unknown grade '%s'" % (where, r["grade"]))
            if (int(p), r["subject"]) in history:
                raise DataError("%s: second grade of '%s' for %s" % (where, r["subject"], p))
            if r["subject"] not in people:
                warn("%s: '%s' is not in people.csv; ignored" % (where, r["subject"]))
            history[(int(p), r["subject"])] = r["grade"]
    elif os.path.isdir(os.path.join(data_dir, "archive")):
        # The sample's earlier years as kaoping's out folders (archive/<year>/results.csv),
        # the history its run INI names: the year rows' grades.
        for year in sorted(os.listdir(os.path.join(data_dir, "archive"))):
            path = os.path.join(data_dir, "archive", year, "results.csv")
            _, rows = read_csv(path, "utf-8", required=True)
            for ln, r in rows:
                if r["period"] == year and r["subject"] in people:
                    history[(int(year), r["subject"])] = r["grade"]

    cases = []
    ch, crows = read_csv(os.path.join(data_dir, "cases.csv"), encoding, required=False)
    if ch is not None:
        need_columns("cases.csv", ch, ("unit", "case", "category", "opened", "closed",
                                        "resolved", "satisfied"))
        seen = {}
        for ln, r in crows:
            where = "'cases.csv' line %d" % ln
            if r["unit"] not in units:
                raise DataError("%s: unknown unit '%s'" % (where, r["unit"]))
            if r["case"] == "" or r["case"] in seen:
                raise DataError("%s: missing or duplicate case id '%s'" % (where, r["case"]))
            seen[r["case"]] = ln
            if r["category"] not in CASE_LIMITS:
                raise DataError("%s: unknown category '%s'" % (where, r["category"]))
            opened = parse_date(r["opened"], where)
            closed = parse_date(r["closed"], where) if r["closed"] else None
            if opened > RUN_END:
                raise DataError("%s: opened %s after the run's end date" % (where, opened))
            if closed is not None and closed < opened:
                raise DataError("%s: closed before opened" % where)
            if closed is not None and closed > RUN_END:
                warn("%s: closed %s after the run's end date" % (where, closed))
            for col in ("resolved", "satisfied"):
                if r[col] not in (YES, NO):
                    raise DataError("%s: %s must be %s or %s, got '%s'" % (where, col, YES, NO, r[col]))
            cases.append({"line": ln, "unit": r["unit"], "case": r["case"],
                          "category": r["category"], "opened": opened, "closed": closed,
                          "resolved": r["resolved"] == YES, "satisfied": r["satisfied"] == YES})
    return units, people, obs, history, cases


# --- scoring ----------------------------------------------------------------

def score(people, obs, history):
    res = {}                               # kind -> {id: record}
    for kind, _, _ in KINDS:
        members = {p: v for p, v in people.items() if v[0] == kind}
        recs = {}
        for p in members:
            ind = {}
            total = Fraction(0)
            for key, typ, pts in indicators(kind):
                rows = obs.get((p, key), [])
                if typ == "given":
                    if not rows:
                        raise DataError("'observations.csv': missing '%s' for '%s'" % (key, p))
                    val = rows[0][0]
                elif typ == "raters":
                    if not rows:
                        raise DataError("'observations.csv': missing '%s' for '%s'" % (key, p))
                    mean = sum(v for v, _, _ in rows) / len(rows)
                    val = Fraction(pts) * mean / 100
                elif typ == "bonus":
                    val = min(sum((v for v, _, _ in rows), Fraction(0)), BONUS_CAP)
                else:                      # veto flag
                    val = rows[0][0] if rows else Fraction(0)
                ind[key] = val
                if typ != "veto":
                    total += val
            veto = ind[dict(KINDS_PREFIX)[kind] + "veto"] == 1
            recs[p] = {"ind": ind, "total": total, "pub": cents(total), "veto": veto}
        n = len(recs)
        k = math.floor(TOP_SHARE * n)      # exact: floor(0.15 n)
        ranks = competition_ranks({p: r["pub"] for p, r in recs.items()})
        for p, r in recs.items():
            r["rank"] = ranks[p]
            if r["veto"]:
                g = "不合格"
            elif r["rank"] <= k and r["pub"] >= cents(EXCELLENT_MIN):
                g = "优秀"
            elif r["pub"] >= cents(PASS_MIN):
                g = "合格"
            elif r["pub"] >= cents(BASIC_MIN):
                g = "基本合格"
            else:
                g = "不合格"
            r["grade"] = g
            year = int(RUN_PERIOD)
            r["pool"] = g == "优秀" and all(
                history.get((year - i, p)) == "优秀" for i in range(1, POOL_YEARS))
        res[kind] = (recs, n, k)
    return res


def case_notices(units, cases):
    out = []
    for c in cases:
        limit = CASE_LIMITS[c["category"]]
        end = c["closed"] if c["closed"] is not None else RUN_END
        days = (end - c["opened"]).days
        if days > limit:
            if c["closed"] is not None:
                text = ("案件%s（%s，时限%d天）%s受理，%s办结，用时%d天，超期%d天"
                        % (c["case"], c["category"], limit, c["opened"].isoformat(),
                           c["closed"].isoformat(), days, days - limit))
            else:
                text = ("案件%s（%s，时限%d天）%s受理，截至%s未办结，已用%d天，超期%d天"
                        % (c["case"], c["category"], limit, c["opened"].isoformat(),
                           RUN_END.isoformat(), days, days - limit))
            out.append(("unit", c["unit"], units[c["unit"]], RUN_PERIOD, "overdue", text,
                        c["unit"], 0, c["opened"], c["case"]))
    by_unit = defaultdict(list)
    for c in cases:
        by_unit[c["unit"]].append(c)
    for u in sorted(by_unit):
        for order, (col, label) in enumerate((("resolved", "问题解决率"), ("satisfied", "群众满意率"))):
            # Satisfaction is asked at the follow-up visit of a handled matter
            # (doc/rules.md, Gaotai): an open case counts in 办结率 only.
            cs = [c for c in by_unit[u] if col == "resolved" or c["closed"] is not None]
            n = len(cs)
            if not n:
                continue
            yes = sum(1 for c in cs if c[col])
            rate = Fraction(yes, n)
            if rate < RATE_TARGET:
                text = "%s %s%%（%d/%d件），低于95%%" % (label, fmt2(rate * 100), yes, n)
                out.append(("unit", u, units[u], RUN_PERIOD, "target", text, u, 1 + order, None, ""))
    out.sort(key=lambda t: (t[6], t[7], t[8] or datetime.date.min, t[9]))
    return [t[:6] for t in out]


# --- output -----------------------------------------------------------------

def outputs(units, people, res, cases):
    results, awards, notices = [], [], []
    for kind, _, prefix in KINDS:
        recs, n, k = res[kind]
        for p in sorted(recs, key=lambda s: (recs[s]["rank"], s)):
            r = recs[p]
            name = people[p][1]
            row = [kind, p, name, RUN_PERIOD, fmt_cents(r["pub"]), str(r["rank"]), r["grade"]]
            for ok, _, _ in KINDS:
                for key, typ, _ in indicators(ok):
                    if ok != kind:
                        row.append("")
                    elif typ == "veto":
                        row.append(str(int(r["ind"][key])))
                    else:
                        row.append(fmt2(r["ind"][key]))
            results.append(row)
            head = [kind, p, name, RUN_PERIOD]
            if r["grade"] == "优秀":
                awards.append(head + ["绩效奖励", str(PAY_UP), "%"])
                if kind == "secretary":
                    awards.append(head + ["星级", str(STAR), "星"])
                    awards.append(head + ["奖励", str(SECRETARY_PRIZE), "元"])
            elif r["grade"] == "不合格":
                awards.append(head + ["绩效奖励", str(PAY_DOWN), "%"])
            if r["pool"]:
                awards.append(head + ["后备力量人才库", "", ""])
            if r["veto"]:
                notices.append(head + ["veto", "一票否决：存在不称职退出情形，年度考核不合格，依法解除劳动合同"])
    notices += [list(t) for t in case_notices(units, cases)]
    return results, awards, notices


def main(argv):
    args = argv[1:]
    encoding = "utf-8"
    if len(args) >= 2 and args[0] == "--encoding":
        encoding, args = args[1], args[2:]
    elif args and args[0].startswith("--encoding="):
        encoding, args = args[0].split("=", 1)[1], args[1:]
    if len(args) != 2:
        sys.stderr.write("usage: xiangning.py [--encoding ENC] DATA_DIR OUT_DIR\n")
        return 2
    err = io.TextIOWrapper(sys.stderr.buffer, encoding="utf-8", newline="\n", line_buffering=True)
    try:
        units, people, obs, history, cases = load(args[0], encoding)
        res = score(people, obs, history)
        results, awards, notices = outputs(units, people, res, cases)
    except DataError as e:
        for m in WARNINGS:
            err.write("xiangning.py: warning: %s\n" % m)
        err.write("xiangning.py: error: %s\n" % e)
        return 1
    for m in WARNINGS:
        err.write("xiangning.py: warning: %s\n" % m)
    os.makedirs(args[1], exist_ok=True)
    write_csv(os.path.join(args[1], "results.csv"), HEADER, results)
    write_csv(os.path.join(args[1], "awards.csv"),
              ["kind", "subject", "name", "period", "award", "amount", "unit"], awards)
    write_csv(os.path.join(args[1], "notices.csv"),
              ["kind", "subject", "name", "period", "type", "text"], notices)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
