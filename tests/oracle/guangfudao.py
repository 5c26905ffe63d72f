#!/usr/bin/python3
"""Reference calculator (test oracle) for doc/rules.md (guangfudao-2015): Hebei district
Guangfudao street 2015 "评不倒" (rule set `guangfudao-2015`).

Written straight from doc/rules.md (common data contract and
section 5) and doc/contracts.md ("Result files" and "Guangfudao
2015"), independently of the C program.  All arithmetic is exact
(fractions.Fraction built from the decimal strings of the input), so the
oracle is not affected by binary floating point; only published values are
rounded, half away from zero, to 2 decimals.

Usage:
    /usr/bin/python3 tests/oracle/guangfudao.py [--encoding ENC] DATA_DIR OUT_DIR

DATA_DIR holds units.csv and observations.csv (long layout
`period,subject,indicator,value[,rater][,note]`).  OUT_DIR (created when
missing) receives results.csv, awards.csv and notices.csv (UTF-8, LF).
Warnings go to stderr.  Exit status: 0 on success, 1 on a data error (message
on stderr, nothing written), 2 on usage.  Standard library only.

Reading of the rules (all (assumed) values are the rule set defaults):
- Subjects: units.csv rows with kind 社区 (or an empty kind column); other
  kinds are not assessed.  Kind `community`.
- Run period `2015-09..2016-06` (the ten months 2015-09 .. 2016-06).
- ledger 20, log 15, app 15, routine 10, scenario 10 (assumed points): one
  row per community at the run period, value 0..points, points as given.
  A `%` sign on them is an error.
- opinion 30 (assumed) = 30 x mean(satisfaction) / 100, satisfaction = one
  row per community and month 2015-09 .. 2016-06, a percent 0..100 (the `%`
  sign is optional; the number is percent points either way).  A missing
  month is excluded from the mean and noticed as `missing` (period = that
  month).  No month at all for a community is an error.
- total = ledger + log + app + opinion + routine + scenario, unrounded
  points; published total rounded half away from zero to 2 decimals; rank =
  standard competition ranking on the published totals; no grade.
- Award `参加全区比赛` (no amount, no unit): the source recommends one
  community (五、（五）推荐一个社区，参加全区比赛). Among the communities whose
  published (2-decimal) scenario score equals the best one, the best published
  total wins (assumed tie-break, doc/rules.md); a tie on the total too leaves
  each of them the award and a `check` notice.
"""

import csv
import io
import math
import os
import sys
from fractions import Fraction

from oracle_common import DataError, cents, competition_ranks, fmt2, fmt_cents, need_columns

# --- rule set constants (doc/rules.md (guangfudao-2015), contracts.md) ------------------

KIND = "community"
UNIT_KIND = "社区"
RUN_PERIOD = "2015-09..2016-06"
MONTHS = ["2015-%02d" % m for m in range(9, 13)] + ["2016-%02d" % m for m in range(1, 7)]
ONE_ROW = {                      # key -> (assumed) points, value 0..points
    "ledger": Fraction(20),      # 入户走访台账
    "log": Fraction(15),         # 社区民情日志
    "app": Fraction(15),         # 掌上社区
    "routine": Fraction(10),     # 常态化管理
    "scenario": Fraction(10),    # 情景剧
}
OPINION_POINTS = Fraction(30)    # 民意 (assumed)
SATISFACTION = "satisfaction"    # input, % per month
INDICATORS = ["ledger", "log", "app", "opinion", "routine", "scenario"]
LABELS = {"satisfaction": "民意调查满意率"}
AWARD = "参加全区比赛"

RESULTS_HEADER = ["kind", "subject", "name", "period", "total", "rank", "grade"] + INDICATORS
AWARDS_HEADER = ["kind", "subject", "name", "period", "award", "amount", "unit"]
NOTICES_HEADER = ["kind", "subject", "name", "period", "type", "text"]


WARNINGS = []


def warn(msg):
    WARNINGS.append(msg)


# --- numbers ----------------------------------------------------------------

def parse_number(text, where, key, percent_ok):
    """Exact value of a decimal string; a trailing % means percent points."""
    s = text.strip()
    pc = s.endswith("%")
    if pc:
        s = s[:-1].strip()
    ok = s != "" and all(c in "0123456789.+-" for c in s) and s.count(".") <= 1
    try:
        v = Fraction(s) if ok else None
    except (ValueError, ZeroDivisionError):
        v = None
    if v is None:
        raise DataError("%s: '%s' is not a number for '%s'" % (where, text, key))
    if pc and not percent_ok:
        raise DataError("%s: '%s' for '%s': a percent sign where points are expected"
                        % (where, text, key))
    return v


# --- input ------------------------------------------------------------------

def read_csv(path, encoding):
    name = os.path.basename(path)
    if not os.path.exists(path):
        raise DataError("'%s': cannot read: not found" % name)
    with open(path, "rb") as f:
        raw = f.read()
    enc = encoding
    if enc.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        enc = "utf-8-sig"                 # BOM optional
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError as e:
        raise DataError("'%s' is not valid %s: %s" % (name, encoding, e))
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if not rows:
        raise DataError("'%s' is empty" % name)
    header = [h.strip() for h in rows[0]]
    out = []
    for lineno, r in enumerate(rows[1:], start=2):
        if not r or all(not c.strip() for c in r):
            continue
        if len(r) != len(header):
            raise DataError("'%s' line %d: %d fields, but the header has %d"
                            % (name, lineno, len(r), len(header)))
        out.append((lineno, dict(zip(header, [c.strip() for c in r]))))
    return header, out


def load(data_dir, encoding):
    uh, urows = read_csv(os.path.join(data_dir, "units.csv"), encoding)
    need_columns("units.csv", uh, ("id", "name"))
    units = {}                             # every unit id -> line
    subjects = {}                          # community id -> name
    for ln, r in urows:
        if r["id"] in units:
            raise DataError("'units.csv' line %d: id '%s' is already used on line %d"
                            % (ln, r["id"], units[r["id"]]))
        units[r["id"]] = ln
        kind = r.get("kind", "")
        if kind and kind != UNIT_KIND:
            warn("'units.csv' line %d: '%s' is a %s, not a %s; not assessed"
                 % (ln, r["id"], kind, UNIT_KIND))
            continue
        subjects[r["id"]] = r["name"]
    if not subjects:
        raise DataError("'units.csv': no %s" % UNIT_KIND)

    oh, orows = read_csv(os.path.join(data_dir, "observations.csv"), encoding)
    need_columns("observations.csv", oh, ("period", "subject", "indicator", "value"))
    one_row = {}                           # (subject, key) -> (value, line)
    monthly = {}                           # (subject, month) -> (value, line)
    for ln, r in orows:
        where = "'observations.csv' line %d" % ln
        subj, key, period, val = r["subject"], r["indicator"], r["period"], r["value"]
        if subj not in units:
            raise DataError("%s: unknown subject '%s' (not in units.csv)" % (where, subj))
        if key not in ONE_ROW and key != SATISFACTION:
            raise DataError("%s: unknown indicator '%s'" % (where, key))
        if subj not in subjects:
            raise DataError("%s: '%s' is not assessed as %s, so it has no '%s'"
                            % (where, subj, UNIT_KIND, key))
        if val == "":
            raise DataError("%s: empty value for '%s'" % (where, key))
        if key == SATISFACTION:
            if period not in MONTHS:
                raise DataError("%s: period '%s' for '%s': expected a month within %s"
                                % (where, period, key, RUN_PERIOD))
            v = parse_number(val, where, key, True)
            if v < 0 or v > 100:
                raise DataError("%s: %s for '%s' is out of range 0..100" % (where, val, key))
            if (subj, period) in monthly:
                raise DataError("%s: duplicate observation: '%s' for '%s' in %s is already "
                                "on line %d" % (where, key, subj, period,
                                                monthly[(subj, period)][1]))
            monthly[(subj, period)] = (v, ln)
        else:
            if period != RUN_PERIOD:
                raise DataError("%s: period '%s' for '%s': expected the run period %s"
                                % (where, period, key, RUN_PERIOD))
            v = parse_number(val, where, key, False)
            if v < 0 or v > ONE_ROW[key]:
                raise DataError("%s: %s for '%s' is out of range 0..%s"
                                % (where, val, key, ONE_ROW[key]))
            if (subj, key) in one_row:
                raise DataError("%s: duplicate observation: '%s' for '%s' in this period is "
                                "already on line %d" % (where, key, subj,
                                                        one_row[(subj, key)][1]))
            one_row[(subj, key)] = (v, ln)
    return subjects, one_row, monthly


# --- scoring ----------------------------------------------------------------

def compute(subjects, one_row, monthly):
    res = {}
    notices = []                           # (subject, period, type, text)
    for s in subjects:
        ind = {}
        for key in ONE_ROW:
            if (s, key) not in one_row:
                raise DataError("'observations.csv': no '%s' for '%s' (%s) in %s"
                                % (key, s, subjects[s], RUN_PERIOD))
            ind[key] = one_row[(s, key)][0]
        given = [monthly[(s, m)][0] for m in MONTHS if (s, m) in monthly]
        missing = [m for m in MONTHS if (s, m) not in monthly]
        if not given:
            raise DataError("'observations.csv': no '%s' for '%s' (%s) in any month of %s"
                            % (SATISFACTION, s, subjects[s], RUN_PERIOD))
        for m in missing:
            text = ("%s %s 月度民意调查满意率缺失；民意得分按已有的 %d 个月平均计算"
                    % (subjects[s], m, len(given)))
            notices.append((s, m, "missing", text))
            warn("community '%s': satisfaction missing for %s (mean over %d months)"
                 % (s, m, len(given)))
        mean = sum(given, Fraction(0)) / len(given)
        ind["opinion"] = OPINION_POINTS * mean / 100
        total = sum((ind[k] for k in INDICATORS), Fraction(0))
        res[s] = {"ind": ind, "total": total, "pub": cents(total),
                  "months": len(given), "mean": mean}
    ranks = competition_ranks({s: r["pub"] for s, r in res.items()})
    for s in res:
        res[s]["rank"] = ranks[s]
    best = max(cents(r["ind"]["scenario"]) for r in res.values())
    tied = [s for s, r in res.items() if cents(r["ind"]["scenario"]) == best]
    top = max(res[s]["pub"] for s in tied)
    awards = sorted(s for s in tied if res[s]["pub"] == top)
    if len(awards) > 1:
        for s in awards:
            notices.append((s, RUN_PERIOD, "check",
                            "%s %s %s：与其他对象并列（总分亦同），需另行确定" % (subjects[s], RUN_PERIOD, AWARD)))
    return res, awards, notices


# --- output -----------------------------------------------------------------

def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def outputs(subjects, res, awards, notices):
    rrows = []
    for s in sorted(res, key=lambda s: (res[s]["rank"], s)):
        r = res[s]
        rrows.append([KIND, s, subjects[s], RUN_PERIOD, fmt_cents(r["pub"]), r["rank"], ""]
                     + [fmt2(r["ind"][k]) for k in INDICATORS])
    arows = [[KIND, s, subjects[s], RUN_PERIOD, AWARD, "", ""] for s in awards]
    nrows = [[KIND, s, subjects[s], p, t, text] for s, p, t, text in sorted(notices)]
    return {"results.csv": csv_text(RESULTS_HEADER, rrows),
            "awards.csv": csv_text(AWARDS_HEADER, arows),
            "notices.csv": csv_text(NOTICES_HEADER, nrows)}


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
        sys.stderr.write("usage: guangfudao.py [--encoding ENC] DATA_DIR OUT_DIR\n")
        return 2
    data_dir, out_dir = args
    err = io.TextIOWrapper(sys.stderr.buffer, encoding="utf-8", newline="\n",
                           line_buffering=True)
    try:
        subjects, one_row, monthly = load(data_dir, encoding)
        res, awards, notices = compute(subjects, one_row, monthly)
    except DataError as e:
        for m in WARNINGS:
            err.write("guangfudao.py: warning: %s\n" % m)
        err.write("guangfudao.py: error: %s\n" % e)
        return 1
    for m in WARNINGS:
        err.write("guangfudao.py: warning: %s\n" % m)
    os.makedirs(out_dir, exist_ok=True)
    for name, text in outputs(subjects, res, awards, notices).items():
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
