# src_purity.sh - the C code knows kinds of rules, never a jurisdiction: no seed place name in
# src/, and every sample rule set lives in config/rules.
. "$(dirname "$0")/../lib.sh"
names='中山|松江|荷塘|株洲|普陀|长风|乡宁|高台|光复道|河北区|Zhongshan|Hetang|Putuo|Xiangning|Gaotai|Guangfudao'
check "no jurisdiction's name in src/" sh -c "! grep -rEn '$names' '$ROOT/src'"
# Numbers that only a rule set may hold (prizes, quotas, targets, caps) never appear in the scoring code.
check "no rule numbers in src/rules or src/config" sh -c "! grep -rEn '\b(3000|2000|1000|35000|100000|0\.35|85|78|95)\b' '$ROOT/src/rules' '$ROOT/src/config'"
for r in zhongshan-2023 hetang-2013 putuo-2017 xiangning-2023 guangfudao-2015; do
    check "rule set $r is an INI in config/rules" test -s "$ROOT/config/rules/$r.ini"
done
