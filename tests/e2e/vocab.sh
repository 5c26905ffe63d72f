# vocab.sh - each vocabulary is one table: every method is listed by `kaoping rules` and in
# the hint for a typo; every placeholder kp_compose_value answers is one the layout loader
# accepts; a [document] key no layout shows is warned about at its line.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
# The eight methods of doc/contracts.md, listed by hand.
methods="value mean sum strikes ref flag target period_mean"
"$KP" rules "$ROOT/config/rules/zhongshan-2023.ini" >"$d/rules" 2>&1
for m in $methods; do
    check "kaoping rules lists method $m" grep -qE "^  $m +[a-z0-9]" "$d/rules"
done
# The placeholder table and kp_compose_value's chain name the same placeholders.
table=$(sed -n '/placeholder_names\[\] = {/,/NULL};/p' "$ROOT/src/render/kp_fill.c" |
    grep -o '"[a-z_]*"' | tr -d '"' | sort)
chain=$(grep -o 'IS("[a-z_]*")' "$ROOT/src/render/kp_fill.c" | sed 's/IS("\(.*\)")/\1/' | sort)
check "placeholder table = kp_compose_value's names" test "$table" = "$chain"
check "placeholder table is not empty" test "$(echo "$table" | wc -l)" -gt 30
# [document] title: no layout has {title}; check warns naming the run INI's line (line 11:
# runini writes 9 lines, then 'note' and 'title' are appended).
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
printf 'note = （此件主动公开）\ntitle = 关于考评结果的通报\n' >>"$ini"
"$KP" check "$ini" >/dev/null 2>"$d/err"
check "check with an unused [document] title still passes" test $? -eq 0
check "unused [document] title warned at its line" \
    grep -qF "run.ini' line 11: [document] title is shown by no layout (none has {title}); it is unused" "$d/err"
check "a [document] key a layout shows is not warned about" sh -c "! grep -q 'document\] note' '$d/err'"
