# visual.sh - each sample's document kinds against their reference pages (tests/visual.py,
# tests/golden/pages/): a change in what a page shows fails until `make golden-update`
# rewrites the references and the diff is reviewed.
. "$(dirname "$0")/../lib.sh"
command -v pdftoppm >/dev/null || { echo "SKIP visual: pdftoppm not installed"; exit 0; }
"$PY" -c 'import PIL' 2>/dev/null || { echo "SKIP visual: python3-pil not installed"; exit 0; }
for cfg in "$ROOT"/config/*.ini; do
    name=$(basename "$cfg" .ini)
    [ -d "$ROOT/tests/golden/pages/$name" ] || continue
    d=$(scratch)
    if ! "$KP" run "$cfg" --out "$d/out" -q >/dev/null 2>"$d/err"; then
        fail "$name: run exited non-zero: $(head -2 "$d/err")"
        continue
    fi
    "$PY" "$ROOT/tests/visual.py" compare "$d/out" "$name"
    rm -rf "$d"
done
