"""Helpers every oracle shares (tests/oracle/*.py): exact rounding to cents, competition
ranks and the CSV plumbing. Standard library only; imported from the oracle's own folder.

Each oracle keeps its rule set's arithmetic to itself: only what is the same by
definition for all five (half-away-from-zero rounding of a Fraction, 1,2,2,4 ranking,
reading a header, writing UTF-8 CSV) lives here.
"""

import csv
import io
import math
from fractions import Fraction


class DataError(Exception):
    """Input the oracle refuses, as kaoping refuses it (exit status 1)."""


def cents(x):
    """Round a Fraction half away from zero to a whole number of cents."""
    n = x * 100
    if n >= 0:
        return math.floor(n + Fraction(1, 2))
    return -math.floor(-n + Fraction(1, 2))


def fmt_cents(c):
    sign = "-" if c < 0 else ""
    c = abs(c)
    return "%s%d.%02d" % (sign, c // 100, c % 100)


def fmt2(x):
    return fmt_cents(cents(x))


def competition_ranks(items):
    """items: {id: published cents} -> {id: rank}; descending, standard competition
    ranking (1, 2, 2, 4)."""
    first = {}
    for i, v in enumerate(sorted(items.values(), reverse=True)):
        first.setdefault(v, i + 1)
    return {k: first[v] for k, v in items.items()}


def need_columns(name, header, cols):
    for c in cols:
        if c not in header:
            raise DataError("'%s': missing column '%s'" % (name, c))


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode("utf-8"))
