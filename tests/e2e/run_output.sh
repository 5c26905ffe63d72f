# run_output.sh - what a person reads: `run` ends with one summary line (subjects scored,
# documents written, warnings, the out folder); --verbose lists the files; -q prints errors only.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
ini=$(runini "$ROOT/tests/data/zs-mini" "$d/out")
"$KP" run "$ini" >"$d/stdout" 2>"$d/err"
check "run succeeds" test $? -eq 0
check "run prints one line" test "$(wc -l <"$d/stdout")" -eq 1
# zs-mini: 6 units (居民区) and 12 workers (18 people less the 6 书记 that exclude_roles drops).
pdfs=$(ls "$d/out" | grep -c '\.pdf$')
files=$(ls "$d/out" | wc -l)
warns=$(grep -c '^kaoping: warning:' "$d/err")
check "zs-mini run warns (the count below is not vacuous)" test "$warns" -gt 0
check "summary: subjects, documents, files, warnings and folder" \
    grep -qxF "kaoping: 18 subjects scored, $pdfs documents written ($files files), $warns warnings, in $d/out" "$d/stdout"
"$KP" run "$ini" --verbose >"$d/stdout" 2>/dev/null
check "--verbose lists every file, then the summary" test "$(wc -l <"$d/stdout")" -eq $((files + 1))
check "--verbose lists the manifest" grep -qxF "$d/out/manifest.json" "$d/stdout"
"$KP" run "$ini" -q >"$d/stdout" 2>"$d/err"
check "-q: nothing on stdout" test ! -s "$d/stdout"
check "-q: nothing on stderr when all is well" test ! -s "$d/err"
cp -r "$ROOT/tests/data/zs-mini" "$d/data"
sed -i 's/^2023,B,visits,13.5/2023,B,visits,x/' "$d/data/observations.csv"
ini=$(runini "$d/data" "$d/out2")
"$KP" run "$ini" -q >"$d/stdout" 2>"$d/err"
check "-q: a bad cell still exits 1" test $? -eq 1
check "-q: the error is printed" grep -q "^kaoping: error: .*observations.csv' line" "$d/err"
check "-q: no warning, no summary" sh -c "! grep -q warning '$d/err' && test ! -s '$d/stdout'"
