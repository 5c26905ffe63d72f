#!/usr/bin/env bash
# golden_update.sh - rewrites the golden files from the current build; review them with git diff.
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$ROOT/$BUILD/kaoping" run "$ROOT/config/zhongshan-2023.ini" --out "$tmp/out" -q >/dev/null
cp "$tmp/out/results.csv" "$ROOT/tests/golden/zhongshan-2023/results.csv"
echo "updated tests/golden/zhongshan-2023/results.csv; review with: git diff tests/golden"
