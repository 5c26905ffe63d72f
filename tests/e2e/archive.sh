# archive.sh - reproducible bytes and manifests: two runs give identical files, sha256sum -c
# passes on manifest.sha256, and kaoping verify names a changed file.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
for cfg in "$ROOT"/config/*.ini; do
    name=$(basename "$cfg" .ini)
    "$KP" run "$cfg" --out "$d/a-$name" -q >/dev/null 2>&1
    sleep 1 # a clock-dependent byte would show up in the second run
    "$KP" run "$cfg" --out "$d/b-$name" -q >/dev/null 2>&1
    check "$name: two runs give byte-identical files" diff -r "$d/a-$name" "$d/b-$name"
    check "$name: sha256sum -c manifest.sha256" sh -c "cd '$d/a-$name' && sha256sum --quiet -c manifest.sha256"
    check "$name: manifest.json lists inputs and outputs" sh -c "grep -q '\"role\": \"data\"' '$d/a-$name/manifest.json' && grep -q '\"name\": \"results.csv\"' '$d/a-$name/manifest.json'"
    "$KP" verify "$d/a-$name" >/dev/null 2>&1
    check "$name: verify passes on an untouched folder" test $? -eq 0
    echo tampered >>"$d/a-$name/results.csv"
    "$KP" verify "$d/a-$name" >"$d/v" 2>&1
    check "$name: verify exits 1 on a changed file" test $? -eq 1
    check "$name: verify names the changed file" grep -q "changed: results.csv" "$d/v"
done
# A run failing halfway, after results.csv is staged (a broken layout stops the renderers),
# leaves the existing out folder exactly as it was and no staging folder behind.
d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
"$KP" run "$ini" -q >/dev/null 2>&1
before=$(cd "$d/out" && sha256sum * | sha256sum)
mkdir "$d/layouts" && cp "$ROOT"/layouts/* "$d/layouts/"
sed -i 's|<title role="title"|<title role="title" bogus="1"|' "$d/layouts/ranking.xml"
sed -i "s|^\[run\]|[run]\nlayouts = $d/layouts|" "$ini"
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "a run failing in the renderers exits 1" test $? -eq 1
check "the broken layout is named with its line" grep -q "ranking.xml' line [0-9]*:" "$d/err"
after=$(cd "$d/out" && sha256sum * | sha256sum)
check "a run failing halfway leaves the out folder untouched" test "$before" = "$after"
check "no staging folder left after a failure" sh -c "! ls -A '$d' | grep -q kaoping-"
