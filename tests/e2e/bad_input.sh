# bad_input.sh - each tests/bad-input/NN-*/ breaks a copy of the mini data (mutate.sh); the run
# must exit 1, print the expected message (file, line, what was expected) and write nothing:
# in English (expected.txt) and, under a Chinese locale, in Chinese (expected.zh.txt).
. "$(dirname "$0")/../lib.sh"
zh=""
if locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; then zh=zh_CN.UTF-8; else
    skip "bad input in Chinese: no zh_CN.UTF-8 locale (make deps generates it)"; fi
# Both commands, in one language: exit 1, the message, nothing written.
refuses() { # LANG WANT: the run and `kaoping check` of $ini
    LANG=$1 LC_ALL= LANGUAGE= "$KP" run "$ini" >"$d/stdout" 2>"$d/stderr"
    local rc=$?
    [ $rc -eq 1 ] || { why="exit $rc, want 1"; return 1; }
    grep -qF -- "$2" "$d/stderr" || { why="message"; return 1; }
    if [ -e "$d/out" ] || ls -A "$d" | grep -q kaoping-; then why="wrote output"; return 1; fi
    LANG=$1 LC_ALL= LANGUAGE= "$KP" check "$ini" >/dev/null 2>"$d/check"
    rc=$?
    [ $rc -eq 1 ] && grep -qF -- "$2" "$d/check" || { why="'kaoping check' exit $rc"; return 1; }
}
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
    want=$(cat "$case/expected.txt")
    if ! refuses C.UTF-8 "$want"; then
        fail "$name: $why"; echo "want: $want"; echo "got:"; cat "$d/stderr"; continue
    fi
    pass "$name"
    [ -n "$zh" ] || continue
    [ -s "$case/expected.zh.txt" ] || { fail "$name in Chinese: no expected.zh.txt"; continue; }
    want=$(cat "$case/expected.zh.txt")
    if ! refuses "$zh" "$want"; then
        fail "$name in Chinese: $why"; echo "want: $want"; echo "got:"; cat "$d/stderr"; continue
    fi
    pass "$name in Chinese"
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
