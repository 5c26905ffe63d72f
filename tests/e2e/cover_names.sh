# cover_names.sh - names on a packet cover. Joiners and variation selectors in a name (an emoji ZWJ sequence: U+1F600 U+200D
# U+1F600 U+FE0F) are not drawn: the fonts' own glyphs for them are visible "ZWJ"/"VS16" boxes.
# The packet cover's text is the name without them, and they take no width. A name longer
# than its line is set smaller to fit it, not run off the page.
. "$(dirname "$0")/../lib.sh"
command -v pdftotext >/dev/null || { echo "SKIP cover_names: pdftotext (poppler-utils) not installed"; exit 0; }
d=$(scratch)
cp -r "$ROOT/tests/data/zs-mini" "$d/data"
sed -i '2s/^\([^,]*\),[^,]*,/\1,测试\xf0\x9f\x98\x80\xe2\x80\x8d\xf0\x9f\x98\x80\xef\xb8\x8f居民区,/' "$d/data/units.csv"
"$KP" run "$(runini "$d/data" "$d/out")" -q >/dev/null 2>"$d/err"
check "a name with an emoji ZWJ sequence renders (exit $?)" test -f "$d/out/packet-area-A.pdf"
pdftotext "$d/out/packet-area-A.pdf" "$d/text" 2>/dev/null
check "the cover shows the name's emoji and characters" grep -q '测试😀😀居民区' "$d/text"
check "no ZWJ (U+200D) or VS16 (U+FE0F) is drawn" sh -c "! grep -q \$(printf '\\342\\200\\215\\|\\357\\270\\217') '$d/text'"
# 38 characters at 16 pt are 608 pt: wider than the page (595 pt). GB/T 9704's text area ends
# 26 mm from the right edge, at 521.6 pt.
d=$(scratch)
cp -r "$ROOT/tests/data/zs-mini" "$d/data"
name=上海市松江区广富林街道梅园一村第二居民区党总支部委员会与居民委员会联合工作站
sed -i "2s/^\([^,]*\),[^,]*,/\1,$name,/" "$d/data/units.csv"
"$KP" run "$(runini "$d/data" "$d/out")" -q >/dev/null 2>"$d/err"
xmax=$(pdftotext -f 1 -l 1 -bbox "$d/out/packet-area-A.pdf" - 2>/dev/null |
    sed -n "s/.*xMax=\"\([0-9.]*\)\".*>$name<.*/\1/p" | head -1)
check "a 38-character name ends inside the text area (x $xmax <= 521.6 pt)" \
    awk -v x="$xmax" 'BEGIN { exit !(x != "" && x <= 521.6) }'
# A character no configured font has (U+2764, in none of the fonts fonts/fonts.ini names) is
# drawn as a blank: `check` warns of it as the renderers do, naming the character and the name.
d=$(scratch)
cp -r "$ROOT/tests/data/zs-mini" "$d/data"
sed -i '2s/^\([^,]*\),[^,]*,/\1,测试\xe2\x9d\xa4居民区,/' "$d/data/units.csv"
"$KP" check "$(runini "$d/data" "$d/out")" >/dev/null 2>"$d/err"
check "check warns of a character no font has (exit $?)" \
    grep -q "character U+2764 of '测试❤居民区' is in no font of role" "$d/err"
# The ranking table: a 28-character name wraps inside its cell, never clipped or run into the
# next column: both its lines are in the PDF, and they end left of the row's first score.
d=$(scratch)
cp -r "$ROOT/tests/data/zs-mini" "$d/data"
name=松江区中山街道第一社区居民委员会暨新时代文明实践站联合体
sed -i "2s/^\([^,]*\),[^,]*,/\1,$name,/" "$d/data/units.csv"
"$KP" run "$(runini "$d/data" "$d/out")" -q >/dev/null 2>&1
page=$(for p in 1 2 3 4; do pdftotext -f $p -l $p "$d/out/ranking-area.pdf" - 2>/dev/null |
    grep -q '等次' && echo $p; done | head -1)
pdftotext -f "${page:-3}" -l "${page:-3}" "$d/out/ranking-area.pdf" - 2>/dev/null | tr -d ' \n\f' >"$d/table"
check "ranking table: the long name whole, over its lines" grep -qF "$name" "$d/table"
pdftotext -bbox -f "${page:-3}" -l "${page:-3}" "$d/out/ranking-area.pdf" "$d/bbox.html" 2>/dev/null
check "ranking table: the name's lines end left of the row's first score (no overlap)" "$PY" - "$d/bbox.html" "$name" <<'PYEOF'
import re, sys
words = [(float(a), float(b), float(c), float(e), w) for a, b, c, e, w in re.findall(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
    open(sys.argv[1], encoding="utf-8").read())]
name = sys.argv[2]
parts = [w for w in words if w[4] and w[4] in name and len(w[4]) >= 4]
assert "".join(p[4] for p in parts) == name, parts
top, bottom = min(p[1] for p in parts), max(p[3] for p in parts)
right = max(p[2] for p in parts)
scores = [w for w in words if re.fullmatch(r"\d+\.\d\d", w[4]) and top - 2 <= w[1] <= bottom]
assert scores and right < min(s[0] for s in scores), (right, scores[:2])
PYEOF
# The bar chart of the same run: the 28-character name is set at 7 pt or more (the names'
# column widens for it), where it used to shrink to 4 pt. pdftotext -bbox gives each word's
# box; its height is about the font size.
pdftotext -bbox "$d/out/ranking-area.pdf" "$d/all.html" 2>/dev/null
check "bar chart: the long name at 7 pt or more" "$PY" - "$d/all.html" "$name" <<'PYEOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
name = sys.argv[2]
sizes = []
for page in html.split("<page ")[1:]:
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)
    for a, b, c, e, w in words:
        if w == name:  # the chart sets a name on one line (the table wraps it)
            sizes.append(float(e) - float(b))
assert sizes, "the name is not on one line anywhere"
assert min(sizes) >= 7 * 0.95, sizes
PYEOF
