#!/usr/bin/python3
"""ink_compare.py A.png B.png [SIDE.png]: the share of ink pixels of either page with no ink of
the other within one pixel (a 3x3 neighbourhood); prints it and both ink counts; exit 0 when at
most 2%. Ink is a pixel darker than 200 of 255: Chromium draws a 0.5 pt rule as two pixels of
light grey where pdftoppm draws one dark one, and a darker cut would lose such rules on one side
only. SIDE.png, when given, gets both pages side by side (A left)."""
import sys
from PIL import Image, ImageChops, ImageFilter

LIMIT = 0.02


def ink(path, size):
    img = Image.open(path).convert("L").crop((0, 0) + size)
    return img.point(lambda v: 255 if v < 200 else 0)


def main():
    a_img, b_img = Image.open(sys.argv[1]), Image.open(sys.argv[2])
    size = (min(a_img.width, b_img.width), min(a_img.height, b_img.height))
    a, b = ink(sys.argv[1], size), ink(sys.argv[2], size)
    near_a, near_b = a.filter(ImageFilter.MaxFilter(3)), b.filter(ImageFilter.MaxFilter(3))
    lone_a = ImageChops.subtract(a, near_b)  # ink of a with none of b within a pixel
    lone_b = ImageChops.subtract(b, near_a)
    count = lambda im: im.histogram()[255]
    total = count(a) + count(b)
    unmatched = (count(lone_a) + count(lone_b)) / total if total else 0.0
    print("%.4f %d %d" % (unmatched, count(a), count(b)))
    if len(sys.argv) > 3:
        side = Image.new("RGB", (2 * size[0], size[1]), "white")
        side.paste(Image.open(sys.argv[1]).convert("RGB"), (0, 0))
        side.paste(Image.open(sys.argv[2]).convert("RGB"), (size[0], 0))
        side.save(sys.argv[3])
    return 0 if total and unmatched <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
