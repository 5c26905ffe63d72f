# ofd.sh - [run] formats = pdf, ofd: every sample's every PDF has an OFD twin whose XML parts
# the project's grammar of GB/T 33190 (src/ofd/ofd.rng) accepts, whose text per page is the
# PDF's (tests/ofd/ofd_text.py reads both independently of kaoping), written byte for byte the
# same by a second run, and checked by verify. A part the grammar does not allow must fail it.
# The independent reader's rendering is tests/e2e/ofd_reader.sh.
. "$(dirname "$0")/../lib.sh"
need xmllint pdftotext || exit 0
# parts OFD DIR: the OFD's XML parts unpacked into DIR, one path a line.
parts() {
    "$PY" - "$1" "$2" <<'PY'
import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in z.namelist():
        if n.endswith(".xml"):
            z.extract(n, sys.argv[2])
            print(os.path.join(sys.argv[2], n))
PY
}
rng=$ROOT/src/ofd/ofd.rng
for cfg in "$ROOT"/config/*.ini; do
    name=$(basename "$cfg" .ini)
    d=$(scratch)
    ini=$(ofd_ini "$cfg" "$d/out")
    "$KP" run "$ini" -q >/dev/null 2>"$d/err"
    check "$name: run with formats = pdf, ofd exits 0" test $? -eq 0 || { head -3 "$d/err"; continue; }
    npdf=$(ls "$d/out"/*.pdf | wc -l)
    nofd=$(ls "$d/out"/*.ofd 2>/dev/null | wc -l)
    check "$name: an OFD beside each of the $npdf PDFs" test "$npdf" -eq "$nofd"
    bad_grammar=0 bad_text=0 n=0
    for pdf in $(pdf_sample "$d/out"); do
        ofd=${pdf%.pdf}.ofd
        n=$((n + 1))
        rm -rf "$d/x"
        for part in $(parts "$ofd" "$d/x"); do
            xmllint --noout --relaxng "$rng" "$part" >/dev/null 2>"$d/lint" ||
                { bad_grammar=$((bad_grammar + 1)); echo "  $(basename "$ofd"): $(head -1 "$d/lint")"; }
        done
        "$PY" "$ROOT/tests/ofd/ofd_text.py" "$ofd" "$pdf" >"$d/text" 2>&1 ||
            { bad_text=$((bad_text + 1)); echo "  $(basename "$ofd"):"; head -3 "$d/text"; }
    done
    check "$name: every XML part of $n OFDs is valid by src/ofd/ofd.rng" test $bad_grammar -eq 0
    check "$name: each OFD page's text is its PDF page's text ($n documents)" test $bad_text -eq 0
    if [ "$name" = zhongshan-2023 ]; then
        ini2=$(ofd_ini "$cfg" "$d/again")
        "$KP" run "$ini2" -q >/dev/null 2>&1
        check "$name: a second run writes the same OFD bytes" \
            sh -c "cd '$d/out' && for f in *.ofd; do cmp -s \"\$f\" '$d/again/'\"\$f\" || exit 1; done"
        check "$name: the manifest lists the OFDs" grep -q '"ranking-area.ofd"' "$d/out/manifest.json"
        "$KP" verify "$d/out" >/dev/null 2>&1
        check "$name: verify passes the untouched folder" test $? -eq 0
        printf 'x' >>"$d/out/ranking-area.ofd"
        "$KP" verify "$d/out" >"$d/v" 2>&1
        check "$name: verify names a changed OFD" grep -q 'ranking-area.ofd' "$d/v"
        # A part the grammar does not allow: an attribute GB/T 33190 does not have.
        rm -rf "$d/x"
        page=$(parts "$d/again/ranking-area.ofd" "$d/x" | grep -m1 'Content.xml')
        sed -i '0,/<ofd:TextObject /s//<ofd:TextObject Bogus="1" /' "$page"
        xmllint --noout --relaxng "$rng" "$page" >/dev/null 2>&1
        check "$name: a broken page fails the grammar" test $? -ne 0
    fi
    rm -rf "$d"
done
