#!/usr/bin/python3
"""check_docs.py OUT RUN.ini NAME: every document of a run against its result files.

Prints PASS/FAIL lines (tests/lib.sh style), one per check over all documents:
- every document kind exists: ranking-<kind>.pdf per kind with run-period results, warning.pdf,
  awards.pdf, indicators-<kind>.pdf per kind, packet-/scoresheet-<kind>-<id>.pdf per subject,
  redflag-<kind>.pdf exactly for the kinds awarded 流动红旗;
- pdftotext prints no warning on any of them;
- text: titles, every subject's name with its total on one line of its ranking table, award names
  and amounts and per-award sums equal to awards.csv, every notice of notices.csv, packets with
  name, total and grade, bookmarks pointing at pages that carry their titles;
- geometry (pdftotext -bbox): no text outside the 156 x 225 mm text block (28 mm left, 37 mm
  top; turned on landscape pages) but the page number; page numbers "— n —" below the block on
  every page, right (one character in) on odd pages and left on even pages; on every page of a
  table its header above the rows; the red letterhead on page 1 (pixel colour from pdftoppm).
"""
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kp_docs import Run, amount_text, block, norm, page_text, period_cn, words  # noqa: E402

out, ini, name = sys.argv[1], sys.argv[2], sys.argv[3]
run = Run(out, ini)
failures = {}
counts = {}


def check(what, ok, detail=""):
    counts[what] = counts.get(what, 0) + 1
    if not ok:
        failures.setdefault(what, []).append(detail)


# ---- which documents exist ----
flag_kinds = sorted({a["kind"] for a in run.awards if a["award"] == "流动红旗"})
want = {"warning.pdf": "warning"}
# An award list only when there is an award (a negative amount is a pay cut, no award).
if any(not (a["amount"] and float(a["amount"]) < 0) for a in run.awards):
    want["awards.pdf"] = "awards"
for k in run.main_kinds:
    want[f"ranking-{k}.pdf"] = "ranking"
for k in run.kinds:
    want[f"indicators-{k}.pdf"] = "indicators"
for k in flag_kinds:
    want[f"redflag-{k}.pdf"] = "redflag"
for r in run.main:
    want[f"packet-{r['kind']}-{r['subject']}.pdf"] = "packet"
    want[f"scoresheet-{r['kind']}-{r['subject']}.pdf"] = "scoresheet"
have = {f for f in os.listdir(out) if f.endswith(".pdf")}
for f, kind in sorted(want.items()):
    check(f"every document kind exists ({kind})", f in have, f)
for f in sorted(have - set(want)):
    check("no document beyond the expected ones", False, f)
for k in run.kinds:
    if k not in flag_kinds:
        check("no 流动红旗 notice for a kind without the award", f"redflag-{k}.pdf" not in have,
              k)

# ---- words of every PDF, in parallel ----
with ThreadPoolExecutor(max_workers=max(2, (os.cpu_count() or 2) * 2)) as ex:
    parsed = dict(zip(sorted(have), ex.map(lambda f: words(f"{out}/{f}"), sorted(have))))
for f, (pages, err) in parsed.items():
    check("pdftotext prints no warning on any output", not err.strip(), f"{f}: {err.strip()[:120]}")
    check("every PDF has pages and text", pages and any(p[2] for p in pages), f)


def outlines(pdf):
    p = subprocess.run(["qpdf", "--json", "--json-key=outlines", pdf], capture_output=True,
                       text=True)
    return [(o["title"], o["destpageposfrom1"]) for o in json.loads(p.stdout).get("outlines", [])]


# ---- geometry ----
def is_int(t):
    return re.fullmatch(r"\d+", t) is not None


def as_bound(i, page):
    """A page as the portrait sheet it is bound as: a landscape page turned with its table head
    toward the binding (left on odd pages, right on even ones), word boxes turned with it."""
    w, h, ws = page
    if w < h:
        return page
    out = []
    for (x0, y0, x1, y1, t) in ws:
        if i % 2 == 0:  # odd page: the landscape top goes left, its left edge to the foot
            xs, ys = (y0, y1), (w - x0, w - x1)
        else:  # even page: the landscape top goes right, its right edge to the foot
            xs, ys = (h - y0, h - y1), (x0, x1)
        out.append((min(xs), min(ys), max(xs), max(ys), t))
    return (h, w, out)


def page_number_ok(f, i, page):
    page = as_bound(i, page)
    w, h, ws = page
    left, top, right, bottom = block(page)
    line = [x for x in ws if x[1] > bottom + 2]
    nums = [x for x in line if x[4] == str(i + 1)]
    dashes = [x for x in line if x[4] == "—"]
    if not nums or len(dashes) != 2:
        return f"{f} page {i + 1}: no page number line — {i + 1} — (found {[x[4] for x in line]})"
    x0 = min(x[0] for x in dashes + nums)
    x1 = max(x[2] for x in dashes + nums)
    top_mm = min(x[1] for x in line)
    if not (bottom + 4 < top_mm < bottom + 14):
        return f"{f} page {i + 1}: page number at {top_mm:.1f} mm, not 7 mm under the block"
    em = 14 * 25.4 / 72
    if i % 2 == 0 and abs(x1 - (right - em)) > 2.5:
        return f"{f} page {i + 1} (odd): page number ends at {x1:.1f} mm, want {right - em:.1f}"
    if i % 2 == 1 and abs(x0 - (left + em)) > 2.5:
        return f"{f} page {i + 1} (even): page number starts at {x0:.1f} mm, want {left + em:.1f}"
    return None


def red_pixels(pdf):
    """Red (Y80 M80) pixels in the upper half of page 1, from a 30 dpi rendering."""
    p = subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", pdf], capture_output=True)
    data = p.stdout
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    w, h = int(m[1]), int(m[2])
    px = data[m.end():]
    n = 0
    for y in range(h // 2):
        row = px[y * w * 3:(y + 1) * w * 3]
        for x in range(0, w * 3, 3):
            if row[x] > 180 and row[x + 1] < 90 and row[x + 2] < 90:
                n += 1
    return n


table_head = {"ranking": "排名", "awards": "序号", "redflag": "序号", "indicators": "序号",
              "scoresheet": "序号", "packet": "序号"}
numbers = {}
for f, (pages, err) in parsed.items():
    kind = want.get(f, "")
    for i, page in enumerate(pages):
        left, top, right, bottom = block(page)
        tol = 0.6
        bound = as_bound(i, page)
        for (x0, y0, x1, y1, t), b in zip(page[2], bound[2]):
            if b[1] > block(bound)[3] + 2:  # the page number line (turned on a landscape page)
                continue
            inside = x0 >= left - tol and x1 <= right + tol and y0 >= top - tol and y1 <= bottom + tol
            check("no text outside the text block", inside,
                  f"{f} page {i + 1}: '{t}' at x {x0:.1f}-{x1:.1f} y {y0:.1f}-{y1:.1f} mm")
        bad = page_number_ok(f, i, page)
        check("page numbers — n — on every page, right on odd and left on even pages",
              bad is None, bad)
        # A page of a table: rows numbered in the left column; its header above them.
        # (A number alone on its line, such as a chart's axis label, is not a row, nor is a
        # line of numbers only, such as the ranks along a trend chart's panels: a row has text.)
        def row_of(x):
            line = [o for o in page[2] if abs(o[1] - x[1]) < 1.0]
            return len(line) >= 3 and any(not re.fullmatch(r"[\d.]+", o[4]) for o in line)
        rows = [x for x in page[2] if is_int(x[4]) and x[0] < left + 16 and top < x[1] < bottom
                and row_of(x)]
        if len(rows) >= 3 and kind in table_head:
            head = [x for x in page[2] if x[4] == table_head[kind] and x[0] < left + 16]
            check("the table header on every page of a table",
                  head and min(x[1] for x in head) < min(x[1] for x in rows),
                  f"{f} page {i + 1}: no '{table_head[kind]}' header above its rows")
    if kind in ("ranking", "warning", "awards", "redflag"):
        check("red letterhead on page 1", red_pixels(f"{out}/{f}") > 40, f)
        first = pages[0][2]
        check("letterhead names the issuing organ", first and first[0][4] ==
              norm(run.doc("authority_short", run.doc("authority"))), f"{f}: {first[:1]}")
        num = norm(run.docnumber(kind, f[len(kind) + 1:-4] if kind in ("ranking", "redflag") else None))
        check("its own 发文字号 under the letterhead", len(first) > 1 and first[1][4] == num,
              f"{f}: want {num}, have {first[1:2]}")
        numbers.setdefault(num, []).append(f)
for num, fs in sorted(numbers.items()):
    check("no two documents under one 发文字号", len(fs) == 1, f"{num}: {fs}")

# ---- text ----
def text_of(f):
    return "".join(page_text(p) for p in parsed[f][0])


pcn = period_cn(run.period)
for k in run.main_kinds:
    f = f"ranking-{k}.pdf"
    if f not in parsed:
        continue
    t = text_of(f)
    check("ranking bulletin title", norm(f"关于{pcn}{run.label(k)}考评结果的通报") in t, f)
    check("ranking bulletin document number", norm(run.docnumber("ranking", k)) in t, f)
    # Each subject's name and total on one line of the table, its grade in the same row.
    for r in run.main:
        if r["kind"] != k:
            continue
        ok = False
        for p in parsed[f][0]:
            for (x0, y0, x1, y1, tx) in p[2]:
                if norm(r["name"]) not in tx:
                    continue
                line = "".join(o[4] for o in p[2] if abs(o[1] - y0) < 1.0)
                row = "".join(o[4] for o in p[2] if abs(o[1] - y0) < 6.0)
                ok = ok or (r["total"] in line and r["grade"] in row)
        check("every subject's name, total and grade in a row of its ranking table", ok,
              f"{f}: {r['name']} {r['total']} {r['grade']}")

t = text_of("awards.pdf") if "awards.pdf" in parsed else ""
if "awards.pdf" in want:
    check("award list title", norm(f"关于{pcn}考核奖励名单的通报") in t)
# A negative amount is a pay cut: a penalty, which the award list leaves to the warning notice.
awards = [a for a in run.awards if not (a["amount"] and float(a["amount"]) < 0)]
penalties = [a for a in run.awards if a not in awards]
if awards:
    for a in awards:
        check("every award's name and amount in the award list",
              norm(a["name"]) in t and amount_text(a["amount"], a["unit"]) in t,
              f"{a['name']} {a['award']} {amount_text(a['amount'], a['unit'])}")
    for a in penalties:
        check("no penalty in the award list", norm(a["name"]) not in t,
              f"{a['name']} {a['award']} {a['amount']}")
    groups = {}
    for a in awards:
        if a["amount"]:
            groups.setdefault((a["award"], a["unit"]), []).append(float(a["amount"]))
    for (award, unit), v in groups.items():
        if len(v) > 1 and unit == "元":
            s = amount_text(sum(v), unit)
            check("each award's sum of money in the award list equals awards.csv", s in t,
                  f"{award}: {s}")
        elif len(v) > 1:
            # 50% and 50% for two people are no "100%": like is totalled with like only.
            s = amount_text(sum(v), unit)
            check("no sum of percentages or stars across people", s not in t, f"{award}: {s}")
else:
    # Nothing to say: no award list using up a document number (issue 15).
    check("no award list without awards", "awards.pdf" not in have)

t = text_of("warning.pdf")
check("warning notice title", norm(f"关于{pcn}考核预警情况的通报") in t)
for a in penalties:
    # "阎振华（专职社工）绩效工资扣减50%": the pay cut in the warning notice's 处理 paragraph.
    said = f"{a['name']}（{run.label(a['kind'])}）{a['award']}扣减{amount_text(str(-float(a['amount'])), a['unit'])}"
    check("every penalty in the warning notice", norm(said) in t, said)
for n in run.notices:
    # The document writes the notice's period as a sentence does (2023-05 -> 2023年5月).
    said = n["text"].replace(n["period"], period_cn(n["period"]), 1) if n["period"] else n["text"]
    check("every notice of notices.csv in the warning notice", norm(said) in t, said)
if not flag_kinds:
    # Nothing asked for a 流动红旗: the notice does not speak of one (issue 15).
    check("the warning notice is silent on a 流动红旗 nobody asked for", "流动红旗" not in t)

for k in flag_kinds:
    f = f"redflag-{k}.pdf"
    t = text_of(f)
    check("流动红旗 notice title", norm(f"关于{pcn}流动红旗评比结果的通报") in t, f)
    for a in run.awards:
        if a["kind"] == k and a["award"] == "流动红旗":
            check("every 流动红旗 holder and month in its notice",
                  norm(a["name"]) in t and period_cn(a["period"]) in t, f"{a['name']} {a['period']}")

for k in run.kinds:
    f = f"indicators-{k}.pdf"
    t = text_of(f)
    check("blank indicator sheet: title and columns",
          norm(f"{run.label(k)}考核指标评分表") in t and all(
              c in t for c in ("序号", "类别", "项目", "具体指标", "分值", "牵头部门/考核方式", "合计")), f)
    n = sum(1 for s in run.rules.sections()
            if s.startswith("indicator.") and run.rules.get(s, "kind", fallback="") == k)
    nums = {x[4] for p in parsed[f][0] for x in p[2]}
    check("blank indicator sheet: a numbered row per indicator",
          all(str(i) in nums for i in range(1, n + 1)), f"{f}: {n} indicators")

for r in run.main:
    for doc in ("packet", "scoresheet"):
        f = f"{doc}-{r['kind']}-{r['subject']}.pdf"
        if f not in parsed:
            continue
        t = text_of(f)
        check(f"{doc}: the subject's name, total and grade", norm(r["name"]) in t and
              r["total"] in t and (not r["grade"] or r["grade"] in t), f"{f}")
    f = f"packet-{r['kind']}-{r['subject']}.pdf"
    if f in parsed:
        marks = outlines(f"{out}/{f}")
        pages = parsed[f][0]
        check("packet: a bookmark per section (cover, scores, history, grade, signatures)",
              len(marks) == 5 and marks[0][1] == 1, f"{f}: {marks}")
        for title, pg in marks:
            key = norm(title.split(" ")[0])
            check("every bookmark points at the page that carries its section",
                  1 <= pg <= len(pages) and (key in page_text(pages[pg - 1]) or title == "封面"),
                  f"{f}: {title} -> page {pg}")

for what in counts:
    if what in failures:
        print(f"FAIL {name}: {what}: {len(failures[what])} of {counts[what]}")
        for d in failures[what][:5]:
            print(f"    {d}")
    else:
        print(f"PASS {name}: {what} ({counts[what]})")
