"""kp_docs.py - shared helpers of the document tests: a run's result files, its rule set's labels,
and PDF words with their boxes (pdftotext -bbox), in millimetres from the top left."""
import configparser
import csv
import html
import re
import subprocess

MM = 25.4 / 72


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_ini(path):
    """A kaoping INI (values continue on indented lines) as a ConfigParser."""
    p = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",),
                                  comment_prefixes=(";", "#"), inline_comment_prefixes=None)
    p.optionxform = str
    with open(path, encoding="utf-8") as f:
        p.read_file(f)
    return p


def period_cn(p):
    """2023 -> 2023年度, 2013-Q1 -> 2013年第一季度, 2015-09..2016-06 -> 2015年9月至2016年6月."""
    q = "一二三四"
    m = re.fullmatch(r"(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})", p)
    if m:
        return f"{m[1]}年{int(m[2])}月至{m[3]}年{int(m[4])}月"
    m = re.fullmatch(r"(\d{4})-Q(\d)", p)
    if m:
        return f"{m[1]}年第{q[int(m[2]) - 1]}季度"
    m = re.fullmatch(r"(\d{4})-H(\d)", p)
    if m:
        return f"{m[1]}年{'上' if m[2] == '1' else '下'}半年"
    m = re.fullmatch(r"(\d{4})-(\d{2})", p)
    if m:
        return f"{m[1]}年{int(m[2])}月"
    return f"{p}年度"


def amount_text(amount, unit):
    """An award amount as the documents print it: 3000元, -50%, 1星."""
    if amount in ("", None):
        return ""
    v = float(amount)
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return s + (unit or "")


class Run:
    """A run's out folder, its run INI and rule set."""

    def __init__(self, out, ini):
        self.out = out
        self.ini = read_ini(ini)
        import os
        rules = self.ini.get("run", "ruleset")
        if not os.path.isabs(rules):
            rules = os.path.join(os.path.dirname(ini), rules)
        self.rules = read_ini(rules)
        self.period = self.ini.get("run", "period")
        self.results = read_csv(f"{out}/results.csv")
        self.awards = read_csv(f"{out}/awards.csv")
        self.notices = read_csv(f"{out}/notices.csv")
        self.kinds = [s[5:] for s in self.rules.sections() if s.startswith("kind.")]
        self.kinds = [k for k in self.kinds if any(r["kind"] == k for r in self.results)]
        self.main = [r for r in self.results if r["period"] == self.period]
        self.main_kinds = [k for k in self.kinds if any(r["kind"] == k for r in self.main)]

    def label(self, kind):
        return self.rules.get(f"kind.{kind}", "label")

    def doc(self, key, default=""):
        return self.ini.get("document", key, fallback=default)

    def docnumber(self, layout, kind=None):
        """The 发文字号 a document must print: docnumber.<layout>-<kind>, docnumber.<layout>, docnumber."""
        keys = ([f"docnumber.{layout}-{kind}"] if kind else []) + [f"docnumber.{layout}", "docnumber"]
        return next((self.doc(k) for k in keys if self.doc(k)), "")


def words(pdf):
    """Pages of (width, height, [(xmin, ymin, xmax, ymax, text)]) in mm, and pdftotext's stderr."""
    # (poppler 22 writes a title's characters beyond the BMP as UTF-16 surrogates in the
    # -bbox head; the words are right.)
    p = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True,
                       errors="replace")
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', p.stdout, re.S):
        ws = [(float(a) * MM, float(b) * MM, float(c) * MM, float(d) * MM, html.unescape(t))
              for a, b, c, d, t in re.findall(
                  r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                  m[3])]
        pages.append((float(m[1]) * MM, float(m[2]) * MM, ws))
    return pages, p.stderr


def block(page):
    """The text block of a page (GB/T 9704: 28 mm binding margin, 37 mm top, 156 x 225 mm),
    turned with a landscape page: (left, top, right, bottom) in mm."""
    w, h, _ = page
    return (28, 37, 184, 262) if w < h else (35, 28, 260, 184)


def page_text(page):
    """A page's words joined without blanks, the page number line left out."""
    bottom = block(page)[3]
    return "".join(t for (x0, y0, x1, y1, t) in page[2] if y0 < bottom + 2)


def norm(s):
    return re.sub(r"\s+", "", s)
