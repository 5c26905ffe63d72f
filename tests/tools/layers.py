#!/usr/bin/python3
"""layers.py - includes in src/ point down the layers only (doc/HACKING.md has the picture).

Usage: layers.py SRC_DIR. Prints one line per include that points up or sideways,
"src/a/x.c: includes ../b/y.h (a may include only ...)", and exits 1 when there is one.
A folder missing from LAYERS is an error too, so a new module is placed on purpose.
"""
import os
import re
import sys

# Each folder and the layer it sits on: a file may include its own folder's headers and
# those of folders on lower layers, never a folder on its own layer or above.
LAYERS = {
    "base": 0,
    "config": 1, "ingest": 1, "pdf": 1,
    "model": 2, "ofd": 2,  # the OFD writer reuses the PDF module's font subsets
    "results": 3,  # the results' type and its writers: scoring fills it, renderers read it
    "rules": 4,
    "template": 5, "render": 5,
    "archive": 6,
    "cli": 7,
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def target_folder(folder, inc):
    parts = os.path.normpath(os.path.join(folder, inc)).split(os.sep)
    return parts[0] if len(parts) > 1 else folder


def check(src):
    bad = []
    for folder in sorted(os.listdir(src)):
        path = os.path.join(src, folder)
        if not os.path.isdir(path):
            continue
        if folder not in LAYERS:
            bad.append(f"src/{folder}: a folder with no layer in tests/tools/layers.py")
            continue
        for name in sorted(os.listdir(path)):
            if not name.endswith((".c", ".h")):
                continue
            text = open(os.path.join(path, name), encoding="utf-8").read()
            for inc in INCLUDE.findall(text):
                to = target_folder(folder, inc)
                if to == folder:
                    continue
                if to not in LAYERS or LAYERS[to] >= LAYERS[folder]:
                    below = sorted(f for f, n in LAYERS.items() if n < LAYERS[folder])
                    bad.append(f"src/{folder}/{name}: includes {inc} "
                               f"({folder} may include only {', '.join(below) or 'nothing'})")
    return bad


if __name__ == "__main__":
    problems = check(sys.argv[1] if len(sys.argv) > 1 else "src")
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)
