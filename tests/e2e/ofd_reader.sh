# ofd_reader.sh - an independent OFD reader: page 1 of every kind of document of every sample
# (written with formats = pdf, ofd), as ofd.js 0.2.6 draws the OFD in Chromium
# (tests/ofd/reader/render.js), against page 1 of the PDF twin as pdftoppm draws it at the same
# resolution: the ink of each must lie within a pixel of the other's, at most 2% of it unmatched
# (tests/ofd/ink_compare.py). ofd.js ignores embedded font files; the test page registers the
# OFD's embedded fonts as web fonts first (render.js says how). ofd.js, puppeteer-core and
# Chromium come from `make deps-ofd-reader` (which `make test` runs); without them, a SKIP.
# KP_READER_SIDE=DIR keeps side-by-side PNGs (OFD left, PDF right) of every page compared.
. "$(dirname "$0")/../lib.sh"
need pdftoppm /usr/bin/python3 || exit 0
modules=$(cd "$(dirname "$KP")" && pwd)/ofd-reader/node_modules
chromium=${CHROMIUM:-/usr/bin/chromium}
if ! command -v node >/dev/null || [ ! -d "$modules/ofd.js" ] || [ ! -d "$modules/puppeteer-core" ]; then
    skip "ofd_reader: no ofd.js in $modules (make deps-ofd-reader installs it)"; exit 0
fi
[ -x "$chromium" ] || { skip "ofd_reader: no Chromium at $chromium (make deps-ofd-reader installs it)"; exit 0; }
DPI=100
cmp_ink() { "$PY" "$ROOT/tests/ofd/ink_compare.py" "$@"; }
d=$(scratch)
mkdir "$d/png"
# The first document of each layout and kind of each sample (packet-area-A01 for all packets
# of areas), PDF and OFD.
docs=() names=()
for cfg in "$ROOT"/config/*.ini; do
    name=$(basename "$cfg" .ini)
    "$KP" run "$(ofd_ini "$cfg" "$d/$name")" -q >/dev/null 2>"$d/err" ||
        { fail "ofd_reader: $name does not run: $(head -1 "$d/err")"; continue; }
    for kind in $(cd "$d/$name" && ls *.ofd | sed -E 's/\.ofd$//; s/^((packet|scoresheet)-[^-]+)-.*/\1/' | sort -u); do
        f=$(ls "$d/$name/$kind"*.ofd | head -1)
        docs+=("$f") names+=("$name/$(basename "$f" .ofd)")
    done
done
NODE_PATH=$modules node "$ROOT/tests/ofd/reader/render.js" "$d/png" $DPI "${docs[@]}" 2>"$d/render.err"
rc=$?
if [ $rc -eq 2 ]; then skip "ofd_reader: $(head -1 "$d/render.err")"; exit 0; fi
[ $rc -eq 0 ] || { fail "ofd_reader: ofd.js could not draw every document"; sed 's/^/    | /' "$d/render.err"; }
for i in "${!docs[@]}"; do
    pdf=${docs[$i]%.ofd}.pdf
    pdftoppm -r $DPI -f 1 -l 1 -png "$pdf" "$d/png/$i-pdf"
    side=
    [ -n "${KP_READER_SIDE:-}" ] && mkdir -p "$KP_READER_SIDE" && side="$KP_READER_SIDE/${names[$i]//\//_}.png"
    out=$(cmp_ink "$d/png/$i.png" "$d/png/$i-pdf-1.png" $side 2>&1)
    check "ofd_reader: ${names[$i]} page 1, ofd.js vs pdftoppm at $DPI dpi: $(echo "$out" | cut -d' ' -f1) unmatched" \
        test -f "$d/png/$i.png" -a "$(echo "$out" | awk '{print ($1 <= 0.02)}')" = 1
done
# The comparison can fail: another document's page, and the same page moved by 3 pixels.
if [ ${#docs[@]} -gt 1 ]; then
    cmp_ink "$d/png/0.png" "$d/png/1-pdf-1.png" >"$d/other"
    check "ofd_reader: another document's page is refused ($(cut -d' ' -f1 "$d/other") unmatched)" \
        test "$(awk '{print ($1 > 0.02)}' "$d/other")" = 1
    "$PY" -c 'import sys; from PIL import Image, ImageChops; ImageChops.offset(Image.open(sys.argv[1]), 3, 0).save(sys.argv[2])' \
        "$d/png/0-pdf-1.png" "$d/shifted.png"
    cmp_ink "$d/png/0.png" "$d/shifted.png" >"$d/shift"
    check "ofd_reader: the same page 3 pixels to the right is refused ($(cut -d' ' -f1 "$d/shift") unmatched)" \
        test "$(awk '{print ($1 > 0.02)}' "$d/shift")" = 1
fi
