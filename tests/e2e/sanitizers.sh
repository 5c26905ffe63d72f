# sanitizers.sh - kaoping built with AddressSanitizer and UBSan (gcc's, from build-essential) runs
# the mini and sample configurations and every tests/bad-input case: the same results and
# messages as the normal build, and not one memory error, leak or undefined behaviour.
# The build is `make asan-build` (mk/quality.mk) into build-asan/, so it is incremental.
. "$(dirname "$0")/../lib.sh"
cc=${SAN_CC:-gcc}
probe=$(scratch)
if ! printf 'int main(void) { return 0; }\n' >"$probe/p.c" ||
    ! "$cc" -fsanitize=address,undefined "$probe/p.c" -o "$probe/p" 2>/dev/null ||
    ! "$probe/p"; then
    echo "SKIP sanitizers: $cc cannot build with -fsanitize=address,undefined (libasan, libubsan)"
    exit 0
fi
# A make of its own, not a sub-make of the `make test` that may be running us.
mkf="-f Makefile"
grep -q '^include mk/quality.mk' "$ROOT/Makefile" || mkf="$mkf -f mk/quality.mk"
# shellcheck disable=SC2086 # $mkf is a list of options
if ! env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$ROOT" -s $mkf SAN_CC="$cc" \
    -j"$(nproc 2>/dev/null || echo 2)" asan-build >"$probe/build.log" 2>&1; then
    fail "ASan/UBSan build (make asan-build)"
    tail -20 "$probe/build.log"
    exit 0
fi
pass "ASan/UBSan build of kaoping"
KP="$ROOT/${KP_ASAN_BUILD:-build-asan}/kaoping"
logs=$(scratch)
export ASAN_OPTIONS="detect_leaks=1:exitcode=86:log_path=$logs/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86:log_path=$logs/ubsan"
# Known leaks of linked libraries, each explained in the file.
export LSAN_OPTIONS="suppressions=$ROOT/tests/e2e/lsan.supp:print_suppressions=0"

# san NAME WANT_EXIT COMMAND...: the command exits WANT_EXIT and no sanitizer report appears.
# Its stderr is kept in $d/stderr for the caller.
san() {
    local name=$1 want=$2
    shift 2
    rm -f "$logs"/*
    "$@" >"$d/stdout" 2>"$d/stderr"
    local rc=$?
    if ls "$logs"/* >/dev/null 2>&1; then
        fail "$name: sanitizer report"
        head -30 "$logs"/* | grep -v '^ *$'
        return 1
    fi
    if [ "$rc" -ne "$want" ]; then
        fail "$name: exit $rc, want $want"
        head -5 "$d/stderr"
        return 1
    fi
    return 0
}

d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
if san "mini run" 0 "$KP" run "$ini" -q; then
    got=$(cut -d, -f1,2,5,6,7 "$d/out/results.csv")
    check "mini run: no report, results as hand-derived" \
        sh -c 'echo "$1" | diff - "$2" >/dev/null' sh "$got" "$ROOT/tests/data/zs-mini/expected.csv"
fi
san "mini check" 0 "$KP" check "$ini" && pass "mini check: no report"
san "mini verify" 0 "$KP" verify "$d/out" && pass "mini verify: no report"
san "rules" 0 "$KP" rules "$ROOT/config/rules/zhongshan-2023.ini" && pass "rules: no report"

for cfg in "$ROOT"/config/*.ini; do
    d=$(scratch)
    name=$(basename "$cfg" .ini)
    if san "$name run" 0 "$KP" run "$cfg" --out "$d/out" -q; then
        if [ -f "$ROOT/tests/golden/$name/results.csv" ]; then
            sort "$ROOT/tests/golden/$name/results.csv" >"$d/gold"
            # row for row as sets, as tests/e2e/rulesets.sh compares them
            check "$name run: no report, results.csv equals the golden file" \
                sh -c 'sort "$1" | cmp -s - "$2"' sh "$d/out/results.csv" "$d/gold"
        else
            pass "$name run: no report"
        fi
    fi
done

# The clerk's workbook: kaoping template, filled (as tests/e2e/template.sh does), read back.
d=$(scratch)
mkdir -p "$d/data"
cp "$ROOT/tests/data/zs-mini/units.csv" "$ROOT/tests/data/zs-mini/people.csv" "$d/data/"
ini=$(runini "$d/data" "$d/out")
if san "template" 0 "$KP" template "$ini" --out "$d/template.xlsx" -q; then
    pass "template: no report"
    if [ -f "$ROOT/tests/e2e/fill_template.py" ] &&
        "$PY" "$ROOT/tests/e2e/fill_template.py" "$d/template.xlsx" "$ROOT/tests/data/zs-mini" \
            "$d/filled.xlsx" >/dev/null 2>&1 &&
        san "filled template run" 0 "$KP" run "$ini" --data "$d/filled.xlsx" -q; then
        pass "filled template run: no report"
    fi
fi

# Each broken input as tests/e2e/bad_input.sh sets it up: mutate.sh runs in a copy of the mini
# data, with ../rules.ini, ../layouts and $RUNINI the case's own copies.
for case in "$ROOT"/tests/bad-input/*/; do
    name=$(basename "$case")
    d=$(scratch)
    cp -r "$ROOT/tests/data/zs-mini" "$d/data"
    cp "$ROOT/config/rules/zhongshan-2023.ini" "$d/rules.ini"
    mkdir "$d/layouts" && cp "$ROOT"/layouts/* "$d/layouts/"
    ini=$(runini "$d/data" "$d/out" "$d/rules.ini")
    sed -i "s|^\[run\]|[run]\nlayouts = $d/layouts|" "$ini"
    (cd "$d/data" && RUNINI="$ini" sh "$case/mutate.sh") >/dev/null 2>&1
    san "$name" 1 "$KP" run "$ini" || continue
    if ! grep -qF -- "$(cat "$case/expected.txt")" "$d/stderr"; then
        fail "$name: message"
        head -3 "$d/stderr"
        continue
    fi
    check "$name: exit 1, no report, nothing written" test ! -e "$d/out"
done
