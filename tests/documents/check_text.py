#!/usr/bin/python3
"""check_text.py OUT RUN.ini NAME: the documents' words as a clerk reads them (issue 15).

Prints PASS/FAIL lines (tests/lib.sh style):
- no Latin letter and no ISO date (2018-04-18) in any document, but the codes a layout prints on
  purpose: subject numbers (编号, results.csv) and case numbers (cases.csv 'case');
- no empty quotes, no half-width space between Chinese characters or before 天/元/项;
- never a "（此页无正文）" page: the organ's name and the date share their page with body text;
- the signature without a seal (GB/T 9704 7.3.5.2): the organ's name ends two characters in from
  the right edge of the text block, the date begins two characters right of the name's start;
- the warning notice does not speak of a 流动红旗 nobody asked for;
- a lead citing its source does not carry the source's own "（附件N）".
"""
import csv
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kp_docs import read_ini  # noqa: E402

out, ini, name = sys.argv[1], sys.argv[2], sys.argv[3]
cfg = read_ini(ini)
doc = cfg["document"]
failures, counts = {}, {}


def check(what, ok, detail=""):
    counts[what] = counts.get(what, 0) + 1
    if not ok:
        failures.setdefault(what, []).append(detail)


def pdftotext(f, *opts):
    return subprocess.run(["pdftotext", *opts, os.path.join(out, f), "-"], capture_output=True,
                          text=True, check=True).stdout


def date_cn(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


# Codes printed on purpose: subject numbers, case numbers of the data.
allowed = set()
with open(os.path.join(out, "results.csv"), encoding="utf-8") as f:
    allowed |= {r["subject"] for r in csv.DictReader(f)}
data = os.path.normpath(os.path.join(os.path.dirname(ini), cfg["run"]["data"]))
cases = os.path.join(data, "cases.csv")
if os.path.exists(cases):
    with open(cases, encoding="utf-8") as f:
        allowed |= {r["case"] for r in csv.DictReader(f)}

pdfs = sorted(f for f in os.listdir(out) if f.endswith(".pdf"))
# One per subject is enough for the per-subject kinds: they share one layout.
seen_kind = set()
docs = []
for f in pdfs:
    kind = re.sub(r"-[^-]*$", "", f) if f.startswith(("packet-", "scoresheet-")) else f
    if kind in seen_kind and f.startswith(("packet-", "scoresheet-")):
        continue
    seen_kind.add(kind)
    docs.append(f)

cjk = "\u3400-\u9fff\uff00-\uffef\u3000-\u303f"
for f in docs:
    t = pdftotext(f)
    for tok in re.findall(r"[A-Za-z][A-Za-z0-9+/_.-]*(?:-[0-9]+)?", t):
        check("no Latin letters outside codes printed on purpose", tok in allowed, f"{f}: {tok}")
    for d in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", t):
        check("no ISO dates", False, f"{f}: {d}")
    check("no empty quotes", "''" not in t and "“”" not in t, f)
    for m in re.finditer(rf"[{cjk}] +[0-9.]+ *[天元项人]|[0-9] +[天元项]", t):
        check("no half-width space inside Chinese", False, f"{f}: {m.group(0)!r}")
    check("never a （此页无正文） page", "此页无正文" not in t, f)

# The signature: the page of organ and date holds body text above them.
org = doc.get("authority_short") or doc.get("authority")
date = date_cn(doc["date"])
for f in docs:
    if f.startswith(("packet-", "scoresheet-", "indicators-")):
        continue
    pages = pdftotext(f, "-layout").split("\f")
    for p in pages:
        lines = [ln.strip() for ln in p.splitlines() if ln.strip()]
        for i in range(len(lines) - 1):
            if lines[i] == org and lines[i + 1] == date:
                body = [ln for ln in lines[:i] if not re.fullmatch(r"— \d+ —", ln)]
                check("signature shares its page with body text", len(body) >= 1, f)

# Widow control: no page of body text begins with a paragraph's short last line ("平。").
for f in docs:
    pages = pdftotext(f, "-layout").split("\f")
    for i, p in enumerate(pages[1:], 2):
        lines = [ln.strip() for ln in p.splitlines() if ln.strip()]
        if lines:
            check("no page begins with a lone short last line", not (len(lines[0]) <= 3 and
                  lines[0].endswith("。")), f"{f} page {i}: {lines[0]}")

# 7.3.5.2 geometry from word boxes: name ends 2 em from the right, date starts 2 em right of it.
bbox = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
right = (210 - 26) / 25.4 * 72  # the text block's right edge, points
for f in docs:
    if f.startswith(("packet-", "scoresheet-", "indicators-")):
        continue
    words = bbox.findall(pdftotext(f, "-bbox"))
    for i in range(len(words) - 1):
        w, d = words[i], words[i + 1]
        if w[4] == org and d[4] == date:
            em = 16.0  # 3号 body text
            shift = abs(float(d[0]) - float(w[0]) - 2 * em) < 1.5
            name_in = abs(right - float(w[2]) - 2 * em) < 1.5
            date_in = abs(right - float(d[2]) - 2 * em) < 1.5
            # A date longer than the name keeps the two characters itself, the name moves left.
            check("no-seal signature: name (or a longer date) two characters in from the right",
                  name_in or date_in, f"{f}: {right - float(w[2]):.1f} pt")
            check("no-seal signature: date starts two characters right of the name", shift,
                  f"{f}: {float(d[0]) - float(w[0]):.1f} pt")

if "warning.pdf" in pdfs:
    t = pdftotext("warning.pdf")
    check("no 流动红旗 sentence nobody asked for", "未设流动红旗评比" not in t)
for f in docs:
    if f.startswith(("ranking-", "warning", "awards", "redflag")):
        t = re.sub(r"\s", "", pdftotext(f))
        lead = t[t.find("根据"):][:200]
        check("the lead cites no （附件N） of its source", not re.search(r"（附件\d）", lead), f)

# Vetoed and disqualified subjects: a mark beside the grade, a note under the table saying why.
with open(os.path.join(out, "notices.csv"), encoding="utf-8") as f:
    marked = [n for n in csv.DictReader(f) if n["type"] in ("veto", "disqualified")]
for n in marked:
    f = f"ranking-{n['kind']}.pdf"
    if f not in pdfs:
        continue
    t = re.sub(r"\s", "", pdftotext(f))
    note = t[t.find("注："):]
    check("a vetoed or disqualified subject is marked and its note says why",
          re.search(r"[①-⑳]", t) is not None and n["name"] in note and
          ("否决" in note if n["type"] == "veto" else "取消" in note), f"{f}: {n['name']}")

for what in counts:
    if what in failures:
        print(f"FAIL {name}: {what}: {len(failures[what])} of {counts[what]}: "
              f"{'; '.join(str(x) for x in failures[what][:4])}")
    else:
        print(f"PASS {name}: {what} ({counts[what]})")
