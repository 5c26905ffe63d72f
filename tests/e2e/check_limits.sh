# check_limits.sh - `check` fails where the run would: a kind of 1,048,576 communities does not
# fit a sheet of results.xlsx (Excel has 1,048,576 rows, the first the header), which the run
# refused only after scoring, so `check` said ok.
. "$(dirname "$0")/../lib.sh"
case "$KP" in *valgrind*) echo "SKIP check_limits: a million subjects under valgrind"; exit 0 ;; esac
N=1048576
d=$(scratch)
mkdir -p "$d/data"
many_communities "$d/data" "$N"
cat >"$d/run.ini" <<INI
[run]
ruleset = $ROOT/tests/data/wide/rules.ini
period = 2024
data = $d/data
out = $d/out
[document]
authority = 测试街道工作委员会
date = 2025-01-15
INI
"$KP" check "$d/run.ini" -q >/dev/null 2>"$d/err"
check "check refuses $N communities for one sheet (exit $?)" \
    grep -qF "'results.xlsx': 1048576 社区 do not fit a sheet (Excel has 1048575 rows)" "$d/err"
