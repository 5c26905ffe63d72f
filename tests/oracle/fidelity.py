#!/usr/bin/env python3
"""Rule-text fidelity: every text a rule set cites to a source article is in it.

For each section of config/rules/NAME.ini that has an `origin` citing the
source (an origin that is not `assumed ...`), the keys rule, label, short,
category and lead must appear in the source document, compared with every
whitespace character removed (the seeds keep the PDF's line breaks and table
cells). A key named in the section's `assumed` list is an example and is
skipped; `label` and `short` are skipped when the origin says they are
abridged (the full wording is then the `rule`). A `lead` lists the
table cell's methods, one per line there, joined by "、" here. A category's trailing
"（N分）" is the table's layout (points in the same cell) and is dropped.

usage: fidelity.py SEEDS_DIR RULES_DIR   (prints PASS/FAIL lines)
"""
import re
import sys
from pathlib import Path

SEED_OF = {  # rule set -> the source document it transcribes
    "guangfudao-2015": "000_",
    "zhongshan-2023": "001_",
    "hetang-2013": "002_",
    "putuo-2017": "003_",
    "xiangning-2023": "004_",
}
KEYS = ("rule", "label", "short", "category", "lead")


def norm(s):
    return re.sub(r"\s+|</?p>", "", s)  # a table cell's paragraphs are layout


def sections(path):
    cur, last, out = None, None, {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if raw[:1] in (" ", "\t") and line and cur is not None and last:
            out[cur][last] += line  # an indented line continues the value
            continue
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if line.startswith("["):
            cur = line.strip("[]")
            out[cur] = {}
        elif "=" in line and cur is not None:
            k, v = line.split("=", 1)
            last = k.strip()
            out[cur][last] = v.strip()
    return out


def cited(sec):
    origin = sec.get("origin", "")
    return origin and not origin.startswith("assumed")


def texts(sec):
    skip = {k.strip() for k in sec.get("assumed", "").split(",")}
    if "abridged" in sec.get("origin", ""):
        skip |= {"label", "short"}
    for k in KEYS:
        if k in sec and k not in skip and sec[k]:
            v = sec[k]
            if k == "category":
                v = re.sub(r"（[0-9.]+分）$", "", v)
            if k == "lead":  # one method per line in the table's cell
                for part in v.split("、"):
                    yield k, part
                continue
            yield k, v


def check(name, rules, seed):
    src = norm(seed.read_text(encoding="utf-8"))
    bad = n = 0
    for title, sec in sections(rules).items():
        if not cited(sec):
            continue
        for k, v in texts(sec):
            n += 1
            if norm(v) not in src:
                bad += 1
                print(f"  {name} [{title}] {k} not in the source: {v}")
    print(f"{'PASS' if not bad else 'FAIL'} {name}: {n - bad} of {n} cited texts are the source's wording")
    return bad


def main():
    seeds, rules = Path(sys.argv[1]), Path(sys.argv[2])
    bad = 0
    for name, prefix in SEED_OF.items():
        seed = next(seeds.glob(prefix + "*.txt"), None)
        if seed is None:
            print(f"SKIP {name}: no source document {prefix}*.txt in {seeds}")
            continue
        bad += check(name, rules / f"{name}.ini", seed)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
