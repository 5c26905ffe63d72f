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
