#!/usr/bin/env bash
# golden_update.sh - rewrites the golden files from the current build; review them with git diff.
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The earlier years' out folders a sample reads as [run] history (config/history/*.ini write
# them into samples/*/archive/): first, since the samples below read them.
for cfg in "$ROOT"/config/history/*.ini; do
    "$ROOT/$BUILD/kaoping" run "$cfg" --stage score -q >/dev/null 2>&1
done
"$ROOT/$BUILD/kaoping" run "$ROOT/config/zhongshan-2023.ini" --out "$tmp/out" -q >/dev/null
cp "$tmp/out/results.csv" "$ROOT/tests/golden/zhongshan-2023/results.csv"
# Each sample's workbook as a reader sees it (tests/e2e/xlsx.sh compares against these).
for cfg in "$ROOT"/config/*.ini; do
    name=$(basename "$cfg" .ini)
    [ -d "$ROOT/tests/golden/$name" ] || continue
    "$ROOT/$BUILD/kaoping" run "$cfg" --out "$tmp/$name" -q >/dev/null
    /usr/bin/python3 "$ROOT/tests/e2e/xlsx_cells.py" "$tmp/$name/results.xlsx" \
        >"$ROOT/tests/golden/$name/results.xlsx.txt"
    # One reference page per document kind (tests/e2e/visual.sh): look at the changed ones.
    /usr/bin/python3 "$ROOT/tests/visual.py" update "$tmp/$name" "$name"
done
echo "updated samples/*/archive/ (config/history), tests/golden/zhongshan-2023/results.csv," \
    "tests/golden/*/results.xlsx.txt and tests/golden/pages/*/*.png;" \
    "review with: git diff tests/golden"
