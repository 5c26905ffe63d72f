# lib.sh - helpers for the end-to-end tests: pass/fail lines and a scratch folder.
#
# A script that sources this runs alone from anywhere (bash tests/e2e/NAME.sh): what the
# runner (tests/run_all.sh) exports is filled in here when it is missing.
: "${ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${KP:=$ROOT/${BUILD:-build}/kaoping}"
: "${PY:=/usr/bin/python3}"
if [ -z "${KP_TMP:-}" ]; then
    KP_TMP=$(mktemp -d /tmp/kaoping-test.XXXXXX)
    trap 'rm -rf "$KP_TMP"' EXIT
fi
export ROOT KP PY KP_TMP
[ -x "$KP" ] || { echo "FAIL no kaoping binary at $KP (run make first)"; exit 1; }
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }
skip() { echo "SKIP $*"; }
# need TOOL...: false, after a SKIP line naming the script and what is missing, when a tool
# is not on PATH; the caller then skips what needs it.
need() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 && continue
        skip "$(basename "$0" .sh): needs $t, which is not installed"
        return 1
    done
}
# check NAME COMMAND...: PASS when the command succeeds.
check() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n"; fi; }
scratch() { mktemp -d "$KP_TMP/t.XXXXXX"; }
# A run INI for a data folder, written into a scratch folder: runini DATA OUT [RULESET]
runini() {
    local ini; ini="$(scratch)/run.ini"
    cat >"$ini" <<INI
[run]
ruleset = ${3:-$ROOT/config/rules/zhongshan-2023.ini}
period = 2023
data = $1
out = $2
[document]
authority = 测试街道工作委员会
docnumber = 测委〔2024〕1号
date = 2024-01-15
INI
    echo "$ini"
}
# ofd_ini CONFIG OUT: a sample's run INI with absolute paths, writing OFD too, into OUT.
ofd_ini() {
    local ini; ini="$(scratch)/run.ini"
    sed -e "s#^ruleset = #ruleset = $ROOT/config/#" -e "s#^data = #data = $ROOT/config/#" \
        -e "/^history = /s#\.\./#$ROOT/config/../#g" -e "s#^out = .*#out = $2#" \
        -e 's#^\[run\]$#[run]\nformats = pdf, ofd#' "$1" >"$ini"
    echo "$ini"
}
# plain_ini CONFIG: a copy of a sample's run INI with absolute paths and without [run] history,
# for a data folder that brings its own history.csv.
plain_ini() {
    local ini; ini="$(scratch)/$(basename "$1")"
    sed -e '/^history = /d' -e "s#^ruleset = #ruleset = $ROOT/config/#" \
        -e "s#^data = #data = $ROOT/config/#" "$1" >"$ini"
    echo "$ini"
}
# xiangning_data DIR: the Xiangning sample's data files in DIR, its history (the 2021 and 2022
# out folders of samples/xiangning-2023/archive) as a hand-made history.csv beside them.
xiangning_data() {
    mkdir -p "$1" && cp "$ROOT"/samples/xiangning-2023/*.csv "$1/"
    "$PY" - "$ROOT/samples/xiangning-2023/archive" "$1/history.csv" <<'PY'
import csv, sys
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["period", "subject", "grade"])
    for y in ("2021", "2022"):
        for r in csv.DictReader(open("%s/%s/results.csv" % (sys.argv[1], y), encoding="utf-8")):
            w.writerow([r["period"], r["subject"], r["grade"]])
PY
}
# random_differential ORACLE CONFIG SEEDS: kaoping against tests/oracle/ORACLE.py on random
# folders from tests/oracle/ORACLE_random.py, run with config/CONFIG.ini's rule set and period.
random_differential() {
    local oracle=$1 cfg seeds=$3 bad=0 seed d
    cfg=$(plain_ini "$ROOT/config/$2.ini") # random folders bring their own history.csv
    for seed in $(seq 1 "$seeds"); do
        d=$(scratch)
        "$PY" "$ROOT/tests/oracle/${oracle}_random.py" "$seed" "$d/data" >/dev/null 2>&1 || { fail "$oracle generator seed $seed"; continue; }
        mkdir -p "$d/want"
        "$PY" "$ROOT/tests/oracle/$oracle.py" "$d/data" "$d/want" >/dev/null 2>&1 || { fail "$oracle oracle seed $seed"; continue; }
        local stage="--stage score"; [ $((seed % 10)) -eq 0 ] && stage=
        if ! "$KP" run "$cfg" --data "$d/data" --out "$d/out" $stage -q >/dev/null 2>"$d/err"; then
            fail "$oracle seed $seed: kaoping failed: $(head -2 "$d/err")"; bad=$((bad+1)); continue
        fi
        for f in results awards; do
            [ -f "$d/want/$f.csv" ] || continue
            if ! diff -q <(sort "$d/want/$f.csv") <(sort "$d/out/$f.csv") >/dev/null; then
                fail "$oracle seed $seed: $f.csv differs"; diff <(sort "$d/want/$f.csv") <(sort "$d/out/$f.csv") | head -6
                bad=$((bad+1))
            fi
        done
        rm -rf "$d"
    done
    check "$oracle: $seeds random data folders agree with the oracle" test "$bad" -eq 0
}
# pdf_sample DIR: the PDFs of an out folder worth checking one by one: every run or kind
# document, and the first five of each per-subject kind (packet-*, scoresheet-*), so the
# suite's time does not grow with the number of subjects.
pdf_sample() {
    ls "$1"/*.pdf 2>/dev/null | grep -Ev '/(packet|scoresheet)-[^/]*$'
    for kind in packet scoresheet; do ls "$1"/$kind-*.pdf 2>/dev/null | sort | head -n 5; done
}
# many_communities DIR N: units.csv and observations.csv of N communities C1..CN (ids padded
# to N's digits) for tests/data/wide/rules.ini; community Cn scores (n * 37) mod 101 points.
many_communities() {
    "$PY" - "$1" "$2" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
w = len(str(n))
with open(f"{out}/units.csv", "w", encoding="utf-8") as f:
    f.write("id,name,kind,parent\n")
    f.writelines(f"C{i:0{w}d},第{i}社区,社区,测试街道\n" for i in range(1, n + 1))
with open(f"{out}/observations.csv", "w", encoding="utf-8") as f:
    f.write("period,subject,indicator,value,rater,note\n")
    f.writelines(f"2024,C{i:0{w}d},work,{i * 37 % 101},,\n" for i in range(1, n + 1))
PY
}
