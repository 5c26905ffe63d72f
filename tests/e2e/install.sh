# install.sh - make install into a DESTDIR with PREFIX=/usr and into a PREFIX of its own: the
# installed program runs the installed Zhongshan config from elsewhere and matches the golden
# results.csv; the man page renders; bash completion completes; make uninstall removes it all.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
mk() { make -s -C "$ROOT" -f Makefile -f mk/install.mk -j"$(nproc)" "$@"; }
golden=$ROOT/tests/golden/zhongshan-2023/results.csv
mkdir -p "$d/elsewhere"

# --- DESTDIR=<tmp> PREFIX=/usr, the way debian/rules installs -----------------------------------
dest=$d/dest share=$d/dest/usr/share/kaoping
if mk install DESTDIR="$dest" PREFIX=/usr >"$d/install.log" 2>&1; then
    pass "make install DESTDIR PREFIX=/usr exits 0"
else
    fail "make install DESTDIR PREFIX=/usr exits 0"; grep -E 'error|Error' "$d/install.log" | head -10; exit 1
fi
kp=$dest/usr/bin/kaoping
for f in usr/bin/kaoping usr/share/man/man1/kaoping.1 usr/share/bash-completion/completions/kaoping \
    usr/share/kaoping/layouts/ranking.xml usr/share/kaoping/layouts/layout.rng \
    usr/share/kaoping/fonts/fonts.ini usr/share/kaoping/config/zhongshan-2023.ini \
    usr/share/kaoping/config/rules/zhongshan-2023.ini usr/share/kaoping/samples/zhongshan-2023/observations.csv; do
    check "installed $f" test -s "$dest/$f"
done
check "every config/*.ini, config/rules/*.ini, config/history/*.ini and sample file installed" \
    sh -c "cd '$ROOT' && for f in config/*.ini config/rules/*.ini config/history/*.ini \$(find samples -type f); do cmp -s \"\$f\" '$share'/\"\$f\" || exit 1; done"
check "the program has /usr/share/kaoping compiled in" \
    grep -aq "not found next to the program nor in /usr/share/kaoping" "$kp"
check "installed kaoping --version matches debian/changelog" \
    test "$("$kp" --version)" = "kaoping $(cd "$ROOT" && dpkg-parsechangelog -S Version 2>/dev/null)"

# From another folder, the data in the DESTDIR tree (the program's own /usr/share/kaoping is not
# there yet): the run config's relative paths (rules/, ../samples/) work from the installed place.
(cd "$d/elsewhere" && env KAOPING_DATADIR="$share" "$kp" run "$share/config/zhongshan-2023.ini" \
    --out "$d/out" -q) >"$d/run.out" 2>"$d/run.err"
check "installed kaoping runs the installed zhongshan-2023.ini" test $? -eq 0 || head -5 "$d/run.err"
if diff "$golden" "$d/out/results.csv" >"$d/diff" 2>&1; then pass "installed run: results.csv equals the golden file"
else fail "installed run: results.csv differs from the golden file"; head -10 "$d/diff"; fi
check "installed run wrote the PDFs and the workbook" test -s "$d/out/ranking-area.pdf" -a -s "$d/out/results.xlsx"
bad=
for c in "$share"/config/*.ini; do
    (cd "$d/elsewhere" && KAOPING_DATADIR="$share" "$kp" check "$c" >/dev/null 2>"$d/check.err") || bad="$bad $(basename "$c")"
done
check "kaoping check passes on every installed run config${bad:+ (failed:$bad)}" test -z "$bad"
check "kaoping rules reads an installed rule set" \
    sh -c "'$kp' rules '$share/config/rules/zhongshan-2023.ini' >/dev/null"

# The man page: kaoping(1) renders without warnings, with the --help text and the added sections.
page=$dest/usr/share/man/man1/kaoping.1
if command -v man >/dev/null; then
    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" >"$d/man.txt" 2>"$d/man.err"
    check "man -l kaoping.1 renders" test $? -eq 0 -a -s "$d/man.txt"
    check "man page has no roff warnings" test ! -s "$d/man.err" || head -5 "$d/man.err"
    head -4 "$d/man.txt"
    for s in NAME SYNOPSIS DESCRIPTION EXAMPLES FILES 'SEE ALSO'; do
        check "man page section $s" grep -q "^$s\$" "$d/man.txt"
    done
    check "man page carries the --help text" grep -q "validate the configuration and data; writes nothing" "$d/man.txt"
    check "man page names /usr/share/kaoping" grep -q "/usr/share/kaoping/config/zhongshan-2023.ini" "$d/man.txt"
    check "man page source escapes the hyphens of commands (\\-, for copy and paste)" \
        sh -c "! grep -q 'zhongshan-2023' '$page'"
else
    fail "man is not installed (Debian package man-db)"
fi

# Bash completion, as bash-completion would call it (and without bash-completion's helpers).
comp=$dest/usr/share/bash-completion/completions/kaoping
mkdir -p "$d/c/data.d" && : >"$d/c/run.ini" && : >"$d/c/notes.txt"
complete_words() { # complete_words WORD... : COMPREPLY for the last word, sorted, one line
    (cd "$d/c" && bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kaoping
        printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | tr "\n" " "' _ "$comp" "$@")
}
check "completion: subcommands" test "$(complete_words kaoping '')" = "--help --version check render rules run template verify "
check "completion: run options" test "$(complete_words kaoping run --)" = "--data --jobs --out --period --quiet --stage "
check "completion: render options" test "$(complete_words kaoping render --)" = "--data --finish --from --jobs --out --period --quiet --shard "
check "completion: --from takes folders" test "$(complete_words kaoping render run.ini --from '')" = "data.d "
check "completion: check options" test "$(complete_words kaoping check --)" = "--data --period "
check "completion: run takes .ini files and folders" test "$(complete_words kaoping run '')" = "data.d run.ini "
check "completion: --out takes folders" test "$(complete_words kaoping run run.ini --out '')" = "data.d "
check "completion: --data takes folders" test "$(complete_words kaoping check run.ini --data d)" = "data.d "

# make uninstall leaves nothing behind.
mk uninstall DESTDIR="$dest" PREFIX=/usr >"$d/uninstall.log" 2>&1
check "make uninstall exits 0" test $? -eq 0
check "make uninstall removes every installed file" test -z "$(find "$dest" -type f)"
check "make uninstall removes the data folder" test ! -e "$share"

# --- PREFIX=<tmp> without DESTDIR: the compiled-in data folder alone finds the data -----------
prefix=$d/prefix
mk install PREFIX="$prefix" INSTALL_BUILD="$d/build" >"$d/install2.log" 2>&1
check "make install PREFIX=<tmp> exits 0" test $? -eq 0 || tail -20 "$d/install2.log"
(cd "$d/elsewhere" && env -u KAOPING_DATADIR "$prefix/bin/kaoping" run \
    "$prefix/share/kaoping/config/zhongshan-2023.ini" --out "$d/out2" -q) >/dev/null 2>"$d/run2.err"
check "PREFIX install runs with KAOPING_DATADIR unset" test $? -eq 0 || head -5 "$d/run2.err"
check "PREFIX install: results.csv equals the golden file" diff -q "$golden" "$d/out2/results.csv"
rm -rf "$d"
