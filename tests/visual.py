#!/usr/bin/python3
"""visual.py - visual regression of the documents (issue 15): for each document kind of an out
folder (ranking-area, scoresheet-area, packet-worker, ...: the first subject's file of a kind),
one reference page (the third, or the last when shorter: the attachment table of a bulletin,
the signed end of a form) as a 30 dpi grayscale PNG in tests/golden/pages/NAME/KIND.png.

  visual.py compare OUT NAME   FAIL lines for pages that differ beyond the tolerance, exit 1
  visual.py update OUT NAME    rewrite the references (make golden-update), for review

Tolerance: the same size, a mean difference of at most 1.5 grey levels and at most 0.3% of the
pixels off by more than 64: font rasterising may move a level or two, a moved line or column
shows as hundreds of pixels. Regenerate after every merge that changes what a page shows."""
import os, re, subprocess, sys
from PIL import Image, ImageChops

DPI, PAGE, MEAN, FAR, SHARE = 30, 3, 1.5, 64, 0.003
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def kinds(out):
    """{kind: pdf}: a document kind is its file name without a subject id (-A01, -W0002)."""
    found = {}
    for f in sorted(os.listdir(out)):
        if f.endswith(".pdf"):
            found.setdefault(re.sub(r"-[A-Z]+\d+$", "", f[:-4]), os.path.join(out, f))
    return found


def render(pdf, png_base):
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
    p = min(PAGE, pages)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", "-f", str(p),
                    "-l", str(p), pdf, png_base], check=True)
    return png_base + ".png"


def differs(a, b):
    if a.size != b.size:
        return f"size {b.size} != {a.size}"
    d = ImageChops.difference(a, b)
    hist = d.histogram()
    n = a.size[0] * a.size[1]
    mean = sum(i * c for i, c in enumerate(hist)) / n
    far = sum(hist[FAR + 1:]) / n
    if mean > MEAN or far > SHARE:
        return f"mean difference {mean:.2f}, {far:.2%} of pixels far off"
    return None


def main():
    mode, out, name = sys.argv[1:4]
    ref = os.path.join(ROOT, "tests", "golden", "pages", name)
    tmp = os.path.join(out, ".visual")
    os.makedirs(tmp, exist_ok=True)
    bad = 0
    docs = kinds(out)
    if mode == "update":
        os.makedirs(ref, exist_ok=True)
        for old in os.listdir(ref):
            if old.endswith(".png") and old[:-4] not in docs:
                os.remove(os.path.join(ref, old))
    for kind, pdf in docs.items():
        got = render(pdf, os.path.join(tmp, kind))
        want = os.path.join(ref, kind + ".png")
        if mode == "update":
            Image.open(got).convert("L").save(want, optimize=True)
            continue
        if not os.path.exists(want):
            print(f"FAIL {name} {kind}: no reference page tests/golden/pages/{name}/{kind}.png")
            bad += 1
            continue
        why = differs(Image.open(want).convert("L"), Image.open(got).convert("L"))
        if why:
            print(f"FAIL {name} {kind}: page differs from its reference ({why})")
            bad += 1
        else:
            print(f"PASS {name} {kind}: page matches its reference")
    if mode == "compare":
        for f in sorted(os.listdir(ref)) if os.path.isdir(ref) else []:
            if f[:-4] not in docs:
                print(f"FAIL {name} {f[:-4]}: a reference page but no such document")
                bad += 1
    sys.exit(1 if bad else 0)


main()
