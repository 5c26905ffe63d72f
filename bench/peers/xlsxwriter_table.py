#!/usr/bin/python3
"""xlsxwriter_table.py - the peer of kaoping's results.xlsx, written by python3-xlsxwriter.

Usage:
    /usr/bin/python3 bench/peers/xlsxwriter_table.py OUT_DIR DATA_DIR RULESET.ini OUT.xlsx [--shared-strings]

Reads what kaoping's workbook is made from, as a script would: the finished
results kaoping wrote (OUT_DIR/results.csv, notices.csv, awards.csv), the
data folder (units.csv, people.csv: names of units) and the rule set (labels,
categories, rules, points, weights), and writes the same workbook as
src/render/kp_xlsx.c: per kind a ranking sheet (rank, id, name, one column
per indicator, the total as a live =ROUND() formula over them with its
value, the grade; header format, widths, frozen panes, autofilter, grade
colours, A4 landscape one page wide with the header repeated, a bar chart
of the totals), 预警通报 (notices), 奖励名单 (awards), per kind 指标表
(one column per subject, continued on 指标表 <kind> 续2, ... past Excel's
16,384 columns) and 考核档案. Workbook in constant_memory mode (inline strings,
rows flushed as written) unless --shared-strings.

Differences from kaoping's cells: indicator values are the rounded ones of
results.csv (kaoping writes the unrounded doubles); per-period columns and
trend sheets of sub-period kinds are not written (the zhongshan city set
has none). Prints "xlsxwriter: read_s=R write_s=W write_cpu_s=C cells=N mode=M" on stdout
(R: reading the CSV files and the rule set; W: writing the workbook).
"""

import configparser
import csv
import datetime
import os
import sys
import time

import xlsxwriter

NOTICE_GROUPS = [("streak", "连续排名末位"), ("disqualified", "取消年度评优资格"),
                 ("veto", "一票否决"), ("target", "指标低于目标值"),
                 ("overdue", "诉求办理超过时限"), ("ledger", "经费使用不合规定"),
                 ("missing", "考核数据缺失"), ("raters", "测评人数不足"),
                 ("check", "数据超出合理范围")]
MAX_COL = 16384


def load_ruleset(path):
    ini = configparser.ConfigParser(interpolation=None, strict=False,
                                    comment_prefixes=(";", "#"), inline_comment_prefixes=None)
    ini.optionxform = str
    with open(path, encoding="utf-8") as f:
        ini.read_file(f)

    def val(sec, key, default=None):
        v = ini[sec].get(key, default) if ini.has_section(sec) else default
        return "".join(x.strip() for x in v.split("\n")) if isinstance(v, str) else v

    decimals = int(val("ruleset", "decimals", "2"))
    kinds, inds, cats = [], [], []
    for sec in ini.sections():
        if sec.startswith("kind."):
            key = sec[5:]
            grades = [g.strip() for g in (val("grades." + key, "levels", "") or "").split(",")
                      if g.strip()]
            kinds.append({"key": key, "label": val(sec, "label", key),
                          "people": val(sec, "from", "units") == "people", "grades": grades})
        elif sec.startswith("indicator."):
            cat = val(sec, "category", "") or ""
            if cat and cat not in cats:
                cats.append(cat)
            method = val(sec, "method", "value")
            points = val(sec, "points")
            inds.append({"key": sec[10:], "kind": val(sec, "kind"), "label": val(sec, "label"),
                         "category": cat, "rule": val(sec, "rule", "") or "",
                         "lead": val(sec, "lead", "") or "",
                         "points": float(points) if points is not None else None,
                         "weight": float(val(sec, "weight", "1")),
                         "sign": float(val(sec, "sign", "1")), "flag": method == "flag",
                         "decimals": int(val(sec, "decimals", "0" if method == "flag" else
                                             str(decimals)))})
    return {"name": val("ruleset", "name", ""), "decimals": decimals, "kinds": kinds,
            "indicators": inds}


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def col_name(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def fmt_num(w):
    return ("%.15g" % w)


class Book:
    def __init__(self, path, shared):
        opts = {} if shared else {"constant_memory": True}
        self.wb = xlsxwriter.Workbook(path, opts)
        self.cells = 0
        wb = self.wb

        def bordered(**kw):
            d = {"border": 1, "valign": "vcenter"}
            d.update(kw)
            return wb.add_format(d)

        self.head = bordered(bold=True, text_wrap=True, align="center", bg_color="#D9E1F2")
        self.text = bordered()
        self.wrap = bordered(text_wrap=True)
        self.num = bordered(num_format="0.00")
        self.total = bordered(num_format="0.00", bold=True)
        self.integer = bordered(num_format="0")
        self.sub_text = bordered(bold=True, bg_color="#F2F2F2")
        self.sub_num = bordered(bold=True, bg_color="#F2F2F2", num_format="0.##")
        bg = ("#C6EFCE", "#DDEBF7", "#FFEB9C", "#FFC7CE")
        fg = ("#006100", "#1F4E79", "#9C5700", "#9C0006")
        self.grade = [wb.add_format({"bg_color": b, "font_color": f}) for b, f in zip(bg, fg)]

    def heads(self, ws, row, labels):
        for i, s in enumerate(labels):
            ws.write_string(row, i, s, self.head)
        self.cells += len(labels)

    def print_setup(self, ws, landscape):
        ws.set_paper(9)
        if landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.repeat_rows(0, 0)
        ws.fit_to_pages(1, 0)
        ws.set_margins(0.5, 0.5, 0.6, 0.6)
        ws.set_footer("&C第 &P 页，共 &N 页")

    def grade_colours(self, ws, kind, col, first, last):
        n = len(kind["grades"])
        if last < first:
            return
        for g, name in enumerate(kind["grades"]):
            tone = 0 if g == 0 else 3 if (g == n - 1 and n >= 3) else 2 if n >= 3 else 1
            ws.conditional_format(first, col, last, col, {"type": "cell", "criteria": "==",
                                                          "value": '"%s"' % name,
                                                          "format": self.grade[tone]})


def main(argv):
    args = argv[1:]
    shared = "--shared-strings" in args
    args = [a for a in args if a != "--shared-strings"]
    if len(args) != 4:
        sys.stderr.write(__doc__)
        return 2
    out_dir, data_dir, ruleset_path, out = args
    t0, c0 = time.perf_counter(), time.process_time()
    rs = load_ruleset(ruleset_path)
    results = read_csv(os.path.join(out_dir, "results.csv"))
    notices = read_csv(os.path.join(out_dir, "notices.csv"))
    awards = read_csv(os.path.join(out_dir, "awards.csv"))
    units = {r["id"]: r for r in read_csv(os.path.join(data_dir, "units.csv"))}
    people_path = os.path.join(data_dir, "people.csv")
    people = {r["id"]: r for r in read_csv(people_path)} if os.path.exists(people_path) else {}
    run_period = results[-1]["period"] if results else ""
    by_kind = {}
    for r in results:
        if r["period"] == run_period:
            by_kind.setdefault(r["kind"], []).append(r)
    awards_of = {}
    for a in awards:
        amt = a["amount"]
        awards_of.setdefault(a["subject"], []).append(a["award"] + (amt + a["unit"] if amt else ""))

    t_read, c_read = time.perf_counter() - t0, time.process_time() - c0
    b = Book(out, shared)
    wb = b.wb
    date = datetime.datetime(2024, 1, 15)
    wb.set_properties({"title": "基准", "author": "基准", "company": "基准", "subject": rs["name"],
                       "created": date})
    kinds = [k for k in rs["kinds"] if by_kind.get(k["key"])]
    # Ranking sheets.
    for k in kinds:
        rows = by_kind[k["key"]]
        inds = [i for i in rs["indicators"] if i["kind"] == k["key"]]
        ws = wb.add_worksheet("%s排名" % k["label"])
        ws.set_row(0, 45)
        ws.set_column(0, 1, 7)
        ws.set_column(2, 2, 16)
        grade_col = 3 + len(inds) + 1
        total_col = grade_col - 1
        ws.set_column(3, grade_col, 11)
        b.heads(ws, 0, ["排名", "编号", k["label"]] + [i["label"] for i in inds] + ["总分", "等次"])
        terms = []
        for c, i in enumerate(inds):
            w = i["sign"] * i["weight"]
            if w == 0 or i["flag"] and False:
                continue
            terms.append((col_name(3 + c), w))
        for n, r in enumerate(rows, start=1):
            if r["rank"]:
                ws.write_number(n, 0, int(r["rank"]), b.integer)
            ws.write_string(n, 1, r["subject"], b.text)
            ws.write_string(n, 2, r["name"], b.text)
            for c, i in enumerate(inds):
                v = r[i["key"]]
                ws.write_number(n, 3 + c, float(v) if v else 0.0,
                                b.integer if i["decimals"] == 0 else b.num)
            f, first = "=ROUND(", True
            for col, w in terms:
                op = "-" if w < 0 else "" if first else "+"
                f += ("%s%s%d" % (op, col, n + 1) if abs(w) == 1 else
                      "%s%s*%s%d" % (op, fmt_num(abs(w)), col, n + 1))
                first = False
            f += ",%d)" % rs["decimals"]
            ws.write_formula(n, total_col, f, b.total, float(r["total"]))
            ws.write_string(n, grade_col, r["grade"], b.text)
            b.cells += 5 + len(inds)
        ws.freeze_panes(1, 3)
        ws.autofilter(0, 0, len(rows), grade_col)
        b.grade_colours(ws, k, grade_col, 1, len(rows))
        b.print_setup(ws, True)
        n = len(rows)
        if n > 200:  # kaoping charts rankings of up to 200 rows
            continue
        chart = wb.add_chart({"type": "bar"})
        chart.add_series({"name": "总分", "categories": [ws.name, 1, 2, len(rows), 2],
                          "values": [ws.name, 1, total_col, len(rows), total_col],
                          "fill": {"color": "#C00000"}})
        chart.set_title({"name": "%s年度%s总分" % (run_period, k["label"])})
        chart.set_x_axis({"reverse": True})
        chart.set_legend({"none": True})
        ws.insert_chart(1, grade_col + 2, chart,
                        {"x_scale": 1.4, "y_scale": n / 15.0 if n > 15 else 1})
    # 预警通报.
    ws = wb.add_worksheet("预警通报")
    b.heads(ws, 0, ["序号", "类型", "对象类别", "编号", "名称", "期间", "内容"])
    label_of = {k["key"]: k["label"] for k in rs["kinds"]}
    row = 1
    for key, title in NOTICE_GROUPS:
        for nt in notices:
            if nt["type"] != key:
                continue
            ws.write_number(row, 0, row, b.integer)
            ws.write_string(row, 1, title, b.text)
            ws.write_string(row, 2, label_of.get(nt["kind"], nt["kind"]), b.text)
            ws.write_string(row, 3, nt["subject"], b.text)
            ws.write_string(row, 4, nt["name"], b.text)
            ws.write_string(row, 5, nt["period"], b.text)
            ws.write_string(row, 6, nt["text"], b.wrap)
            b.cells += 7
            row += 1
    for c, w in ((0, 6), (1, 16), (2, 16), (3, 8), (4, 14), (5, 10), (6, 60)):
        ws.set_column(c, c, w)
    ws.freeze_panes(1, 0)
    if row > 1:
        ws.autofilter(0, 0, row - 1, 6)
    b.print_setup(ws, True)
    # 奖励名单 (the lists; the zhongshan sets grant no prize).
    ws = wb.add_worksheet("奖励名单")
    b.heads(ws, 0, ["序号", "奖项", "对象类别", "编号", "名称", "期间", "金额", "单位"])
    for c, s in enumerate(("编号", "名称", "单位", "合计")):
        ws.write_string(0, 10 + c, s, b.head)
    for seq, a in enumerate(awards, start=1):
        ws.write_number(seq, 0, seq, b.integer)
        for c, key in enumerate(("award", "kind", "subject", "name", "period"), start=1):
            ws.write_string(seq, c, a[key] if key != "kind" else label_of.get(a[key], a[key]),
                            b.text)
        if a["amount"]:
            ws.write_number(seq, 6, float(a["amount"]), b.text)
        ws.write_string(seq, 7, a["unit"], b.text)
    for c, w in ((0, 6), (1, 16), (2, 16), (3, 8), (4, 14), (5, 10), (6, 10), (7, 10), (10, 8),
                 (11, 14)):
        ws.set_column(c, c, w)
    ws.freeze_panes(1, 0)
    b.print_setup(ws, False)
    # 指标表.
    # One column per subject; past Excel's 16,384 columns the table continues on
    # "指标表 <kind> 续2", "续3", ... as kaoping's does.
    parts = []
    for k in kinds:
        every = by_kind[k["key"]]
        per = MAX_COL - 7
        for p, at in enumerate(range(0, max(len(every), 1), per), start=1):
            parts.append((k, every[at:at + per], "指标表 %s" % k["label"] + (" 续%d" % p if p > 1 else "")))
    for k, rows, sheet in parts:
        inds = [i for i in rs["indicators"] if i["kind"] == k["key"]]
        ws = wb.add_worksheet(sheet)
        ws.set_row(0, 30)
        for c, w in ((0, 6), (1, 14), (2, 14), (3, 44), (4, 6), (5, 16), (6, 6)):
            ws.set_column(c, c, w)
        n = len(rows)
        if n:
            ws.set_column(7, 6 + n, 10)
        b.heads(ws, 0, ["序号", "类别", "项目", "具体指标", "分值", "牵头部门/考核方式", "权重"])
        for j in range(n):
            ws.write_string(0, 7 + j, rows[j]["name"], b.head)
        b.cells += n
        points = 0.0
        for row, i in enumerate(inds, start=1):
            ws.write_number(row, 0, row, b.integer)
            ws.write_string(row, 1, i["category"], b.wrap)
            ws.write_string(row, 2, i["label"], b.wrap)
            ws.write_string(row, 3, i["rule"], b.wrap)
            if i["points"] is None:
                ws.write_blank(row, 4, None, b.text)
            else:
                ws.write_number(row, 4, i["points"], b.text)
                if not i["flag"] and i["sign"] > 0:
                    points += i["points"] * i["weight"]
            ws.write_string(row, 5, i["lead"], b.wrap)
            ws.write_number(row, 6, i["sign"] * i["weight"], b.text)
            fmt = b.integer if i["decimals"] == 0 else b.num
            key = i["key"]
            for j in range(n):
                v = rows[j][key]
                ws.write_number(row, 7 + j, float(v) if v else 0.0, fmt)
            b.cells += 7 + n
        row = len(inds) + 1
        for c in range(7):
            ws.write_blank(row, c, None, b.sub_text)
        ws.write_string(row, 1, "合计（满分、总分）", b.sub_text)
        if points > 0:
            ws.write_formula(row, 4, "=SUMPRODUCT(E2:E%d,G2:G%d*(G2:G%d>0))" % (row, row, row),
                             b.sub_num, points)
        for j in range(n):
            ws.write_number(row, 7 + j, float(rows[j]["total"]), b.total)
        b.cells += 7 + n
        ws.freeze_panes(1, 3)
        b.print_setup(ws, True)
    # 考核档案.
    for k in kinds:
        rows = by_kind[k["key"]]
        ws = wb.add_worksheet("考核档案 %s" % k["label"])
        ws.set_row(0, 30)
        ws.set_column(0, 0, 8)
        ws.set_column(1, 2, 16)
        ws.set_column(7, 7, 36)
        b.heads(ws, 0, ["编号", "名称", "所在单位", "总分", "排名", "参评数", "等次", "奖励"])
        ranked = sum(1 for r in rows if r["rank"])
        for n, r in enumerate(rows, start=1):
            sid = r["subject"]
            if k["people"]:
                p = people.get(sid)
                unit = units[p["unit"]]["name"] if p and p["unit"] in units else ""
            else:
                unit = units[sid].get("parent", "") if sid in units else ""
            ws.write_string(n, 0, sid, b.text)
            ws.write_string(n, 1, r["name"], b.text)
            ws.write_string(n, 2, unit, b.text)
            ws.write_number(n, 3, float(r["total"]), b.total)
            if r["rank"]:
                ws.write_number(n, 4, int(r["rank"]), b.integer)
                ws.write_number(n, 5, ranked, b.integer)
            else:
                ws.write_blank(n, 4, None, b.integer)
                ws.write_blank(n, 5, None, b.integer)
            ws.write_string(n, 6, r["grade"], b.text)
            ws.write_string(n, 7, "、".join(awards_of.get(sid, [])), b.wrap)
            b.cells += 8
        ws.freeze_panes(1, 2)
        ws.autofilter(0, 0, len(rows), 7)
        b.grade_colours(ws, k, 6, 1, len(rows))
        b.print_setup(ws, True)
    wb.close()
    t_all, c_all = time.perf_counter() - t0, time.process_time() - c0
    print("xlsxwriter: read_s=%.3f write_s=%.3f write_cpu_s=%.3f cells=%d mode=%s" % (
        t_read, t_all - t_read, c_all - c_read, b.cells,
        "shared_strings" if shared else "constant_memory"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
