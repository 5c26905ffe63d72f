# i18n.sh - messages in the user's language (GNU gettext): every message the sources print is
# in po/zh_CN.po and translated; a Chinese locale gets Chinese errors, warnings, help and
# summaries, any other English; documents are the same bytes in every locale.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
if need xgettext && need msgcmp; then
    # The catalogue covers the sources: a message added without its translation fails here.
    make -s -C "$ROOT" pot POT="$d/kaoping.pot" >/dev/null 2>&1
    check "xgettext finds the sources' messages" test "$(grep -c '^msgid' "$d/kaoping.pot")" -gt 250
    check "po/zh_CN.po has every message of the sources" \
        msgcmp --use-untranslated "$ROOT/po/zh_CN.po" "$d/kaoping.pot"
    stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$ROOT/po/zh_CN.po" 2>&1)
    check "every message is translated, none fuzzy ($stats)" \
        sh -c "echo '$stats' | grep -Eq '^[0-9]+ translated messages\.$'"
fi
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; then
    skip "i18n: no zh_CN.UTF-8 locale (make deps generates it)"; exit 0
fi
zh() { LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= "$KP" "$@"; }
en() { LANG=C.UTF-8 LC_ALL= LANGUAGE= "$KP" "$@"; }
# A usage error, both ways.
zh runn >/dev/null 2>"$d/zh.err"; rc=$?
check "usage error in Chinese, exit 2" sh -c "test $rc -eq 2 && grep -qF \"kaoping: 'runn' 不是 kaoping 命令\" '$d/zh.err' && grep -qF \"用法见 'kaoping --help'\" '$d/zh.err'"
en runn >/dev/null 2>"$d/en.err"; rc=$?
check "usage error in English, exit 2" sh -c "test $rc -eq 2 && grep -qF \"kaoping: 'runn' is not a kaoping command\" '$d/en.err'"
check "help in Chinese" sh -c "LANG=zh_CN.UTF-8 LC_ALL= '$KP' --help | grep -qF '用法：kaoping <命令> [选项]'"
# A run: its summary line; then verify and a changed file, in both languages.
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
zh run "$ini" >"$d/zh.out" 2>"$d/zh.err"
check "run summary in Chinese" grep -qE "^kaoping：已考评 [0-9]+ 个对象，写出 [0-9]+ 份文书（[0-9]+ 个文件），[0-9]+ 条警告，位于 " "$d/zh.out"
cp "$d/out/manifest.sha256" "$d/zh.sums"
en run "$ini" >"$d/en.out" 2>"$d/en.err"
check "run summary in English" grep -qE "^kaoping: [0-9]+ subjects scored, [0-9]+ documents written" "$d/en.out"
check "documents are the same bytes in both locales" cmp -s "$d/zh.sums" "$d/out/manifest.sha256"
if locale -a 2>/dev/null | grep -qix 'de_DE.utf8'; then
    LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 "$KP" run "$ini" -q >/dev/null 2>&1
    check "a locale with a decimal comma changes no number (LC_NUMERIC stays C)" \
        cmp -s "$d/zh.sums" "$d/out/manifest.sha256"
else
    skip "i18n: no de_DE.UTF-8 locale to try a decimal comma (make deps generates it)"
fi
zh verify "$d/out" >"$d/zh.v" 2>&1
check "verify in Chinese" grep -qF "通过：$d/out：" "$d/zh.v"
echo x >>"$d/out/results.csv"
zh verify "$d/out" >"$d/zh.v" 2>&1; rc=$?
check "a changed file, in Chinese" sh -c "test $rc -eq 1 && grep -qx '已改动：results.csv' '$d/zh.v' && grep -qF '与清单有 1 处不同' '$d/zh.v'"
en verify "$d/out" >"$d/en.v" 2>&1
check "a changed file, in English" sh -c "grep -qx 'changed: results.csv' '$d/en.v' && grep -qF '1 difference from the manifest' '$d/en.v'"
# A warning, both ways: a [document] key no layout shows.
printf 'title = 关于考评结果的通报\n' >>"$ini"
zh check "$ini" >/dev/null 2>"$d/zh.w"
check "a warning in Chinese" grep -qF "kaoping: 警告: '$ini' 第 10 行: [document] title 没有版式显示（无版式含 {title}），未被使用" "$d/zh.w"
en check "$ini" >/dev/null 2>"$d/en.w"
check "the warning in English" grep -qF "kaoping: warning: '$ini' line 10: [document] title is shown by no layout" "$d/en.w"
