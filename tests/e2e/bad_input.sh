# bad_input.sh - each tests/bad-input/NN-*/ breaks a copy of the mini data (mutate.sh); the run
# must exit 1, print the expected message (file, line, what was expected) and write nothing.
. "$(dirname "$0")/../lib.sh"
# KP_CASES=GLOB runs only the matching cases (e.g. KP_CASES="4[56]-*").
for case in "$ROOT"/tests/bad-input/${KP_CASES:-*}/; do
    name=$(basename "$case")
    d=$(scratch)
    cp -r "$ROOT/tests/data/zs-mini" "$d/data"
    cp "$ROOT/config/rules/zhongshan-2023.ini" "$d/rules.ini"
    mkdir "$d/layouts" && cp "$ROOT"/layouts/* "$d/layouts/"
    ini=$(runini "$d/data" "$d/out" "$d/rules.ini")
    sed -i "s|^\[run\]|[run]\nlayouts = $d/layouts|" "$ini"
    # mutate.sh runs in the data folder; ../rules.ini and ../layouts are the case's copies,
    # and $RUNINI its run configuration.
    (cd "$d/data" && RUNINI="$ini" sh "$case/mutate.sh")
    "$KP" run "$ini" >"$d/stdout" 2>"$d/stderr"
    rc=$?
    want=$(cat "$case/expected.txt")
    if [ $rc -ne 1 ]; then fail "$name: exit $rc, want 1"; cat "$d/stderr"; continue; fi
    if ! grep -qF -- "$want" "$d/stderr"; then fail "$name: message"; echo "want: $want"; echo "got:"; cat "$d/stderr"; continue; fi
    if [ -e "$d/out" ] || ls -A "$d" | grep -q kaoping-; then fail "$name: wrote output"; continue; fi
    "$KP" check "$ini" >/dev/null 2>"$d/check"
    rc=$?
    if [ $rc -ne 1 ] || ! grep -qF -- "$want" "$d/check"; then fail "$name: 'kaoping check' exit $rc"; continue; fi
    pass "$name"
done
# An existing out folder is left exactly as it was by a failing run.
d=$(scratch)
cp -r "$ROOT/tests/data/zs-mini" "$d/data"
ini=$(runini "$d/data" "$d/out")
"$KP" run "$ini" -q >/dev/null 2>&1
before=$(cd "$d/out" && sha256sum * | sha256sum)
sed -i 's/^2023,B,visits,13.5/2023,B,visits,x/' "$d/data/observations.csv"
"$KP" run "$ini" -q >/dev/null 2>&1
after=$(cd "$d/out" && sha256sum * | sha256sum)
check "a failing run leaves an existing out folder untouched" test "$before" = "$after"
check "no staging folder left behind" sh -c "! ls -A '$d' | grep -q kaoping-"
