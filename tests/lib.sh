# lib.sh - helpers for the end-to-end tests: pass/fail lines and a scratch folder.
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }
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
