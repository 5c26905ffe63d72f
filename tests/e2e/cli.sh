# cli.sh - the command line contract: exit codes 0/1/2, --help, --version, check writes nothing.
. "$(dirname "$0")/../lib.sh"
check "--help exits 0 and lists run, check, rules" sh -c '"$KP" --help | grep -q "kaoping run RUN.ini" && "$KP" --help | grep -q "kaoping check"'
check "--version" sh -c '"$KP" --version | grep -Eq "^kaoping [0-9]+\.[0-9]+"'
"$KP" frobnicate >/dev/null 2>&1; check "unknown command exits 2" test $? -eq 2
"$KP" run >/dev/null 2>&1; check "run without RUN.ini exits 2" test $? -eq 2
"$KP" run x.ini --bogus >/dev/null 2>&1; check "unknown option exits 2" test $? -eq 2
"$KP" run x.ini --out >/dev/null 2>&1; check "option without value exits 2" test $? -eq 2
"$KP" run /nonexistent/run.ini >/dev/null 2>"$KP_TMP/e"; check "missing run INI exits 1" test $? -eq 1
check "missing run INI is named" grep -q "'/nonexistent/run.ini': cannot open" "$KP_TMP/e"
d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
"$KP" check "$ini" -q >/dev/null 2>&1; check "check on good data exits 0" test $? -eq 0
check "check writes nothing" test ! -e "$d/out"
"$KP" run "$ini" --period 2024 >/dev/null 2>"$d/e"; check "--period outside the data exits 1" test $? -eq 1
check "--period mismatch explains the expected period" grep -q "expected a month within 2024" "$d/e"
printf '[run]\nruleset = %s\nperod = 2023\n' "$ROOT/config/rules/zhongshan-2023.ini" >"$d/typo.ini"
"$KP" check "$d/typo.ini" >/dev/null 2>"$d/e"; check "INI typo exits 1" test $? -eq 1
check "INI typo: did you mean" grep -q "line 3: unknown key 'perod' in \[run\]; did you mean 'period'?" "$d/e"
check "rules prints the indicator table" sh -c '"$KP" rules "$ROOT/config/rules/zhongshan-2023.ini" | grep -q "party_eval.*mean.*20"'
check "rules marks assumed settings" sh -c '"$KP" rules "$ROOT/config/rules/zhongshan-2023.ini" | grep "grades.worker.合格" | grep -q assumed'
d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
"$KP" run "$ini" --stage score -q >/dev/null 2>&1
check "--stage score writes results, awards, notices and the manifest" sh -c "cd '$d/out' && test -s results.csv && test -s awards.csv && test -s notices.csv && sha256sum --quiet -c manifest.sha256"
check "--stage score writes no document" sh -c "! ls '$d/out' | grep -Eq '\.(pdf|xlsx)$'"
"$KP" run "$ini" --stage render >/dev/null 2>&1; check "--stage with an unknown stage exits 2" test $? -eq 2
