#!/usr/bin/env bash
# render.sh - documents on several cores (-j) and from scored results in shards (kaoping render):
# byte-identical files to `kaoping run -j 1`, usage errors for bad -j/--shard, refusal of scores
# that do not match the data, and a failing document that fails the run and leaves nothing.
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
KP=${KP:-$ROOT/build/kaoping}
if [ -z "${KP_TMP:-}" ]; then KP_TMP=$(mktemp -d /tmp/kaoping-render.XXXXXX); trap 'rm -rf "$KP_TMP"' EXIT; fi
. "$ROOT/tests/lib.sh"
export SOURCE_DATE_EPOCH=1705276800 LC_ALL=C.UTF-8 KAOPING_DATADIR=$ROOT

# The Zhongshan sample: 187 subjects, each with a packet and a score sheet (374 per-subject
# documents), 6 run and kind documents, 3 CSV files, the workbook and 2 manifest files.
ini=$ROOT/config/zhongshan-2023.ini
d=$(scratch)
sums() { (cd "$1" && sha256sum -- * | LC_ALL=C sort -k2); }
same() { # same NAME DIR: every file of DIR, manifest included, as in the -j 1 run
    sums "$2" >"$2.sums" 2>/dev/null
    check "$1" cmp -s "$d/j1.sums" "$2.sums" || diff "$d/j1.sums" "$2.sums" | head -5
}

"$KP" run "$ini" --out "$d/j1" -j 1 -q >/dev/null
check "run -j 1" test $? -eq 0
sums "$d/j1" >"$d/j1.sums"
check "run -j 1 writes 385 files" test "$(grep -c . "$d/j1.sums")" = 385
"$KP" run "$ini" --out "$d/j2" -j 2 -q >/dev/null
same "run -j 2: every file identical to -j 1" "$d/j2"
"$KP" run "$ini" --out "$d/j5" --jobs 5 -q >/dev/null
same "run --jobs 5 (more threads than cores): every file identical to -j 1" "$d/j5"
"$KP" run "$ini" --out "$d/jdef" -q >/dev/null
same "run with the default -j (one per core): every file identical to -j 1" "$d/jdef"

# --- scored results, then render: all at once, and in shards -------------------------------
"$KP" run "$ini" --stage score --out "$d/scores" -q >"$d/scores.out"
check "run --stage score writes scores.snapshot" test -s "$d/scores/scores.snapshot"
check "run --stage score writes no documents" test -z "$(ls "$d/scores" | grep '\.pdf$')"
check "the snapshot starts with its format version" test "$(head -1 "$d/scores/scores.snapshot")" = "$(printf 'kaoping-scores\t2')"
check "scores.snapshot is in the scores' manifest" grep -q ' scores.snapshot$' "$d/scores/manifest.sha256"
"$KP" render "$ini" --from "$d/scores" --out "$d/all" -j2 -q >/dev/null
same "render --from: every file identical to one run" "$d/all"

# Shard K of N takes the per-subject documents i (plan order, from 0) with i mod N = K-1:
# 374 = 3 x 124 + 2, so shards 1 and 2 get 125 and shard 3 gets 124; shard 1 also the 3 CSV
# files, the workbook and the 5 run and kind documents (no award list: Zhongshan awards
# nothing); no shard writes a manifest.
for k in 1 2 3; do
    "$KP" render "$ini" --from "$d/scores" --out "$d/part$k" --shard "$k/3" -j 1 -q >/dev/null
done
check "shard 1/3 writes 134 files" test "$(ls "$d/part1" | wc -l)" = 134
check "shard 2/3 writes 125 documents" test "$(ls "$d/part2" | wc -l)" = 125
check "shard 3/3 writes 124 documents" test "$(ls "$d/part3" | wc -l)" = 124
check "shards 2 and 3 write only per-subject documents" \
    test -z "$(ls "$d/part2" "$d/part3" | grep -v -e '^packet-' -e '^scoresheet-' -e '^$' -e ':$')"
check "no shard writes a manifest" test -z "$(ls "$d"/part? | grep manifest)"
check "the shards are disjoint and together every document" \
    test "$(ls "$d"/part? | grep -c '\.pdf$')" = "$(ls "$d"/part? | grep '\.pdf$' | sort -u | wc -l)"
# The one run's manifest lists the documents in plan order: deal its per-subject ones by hand.
for k in 1 2 3; do
    awk '{print $2}' "$d/j1/manifest.sha256" | grep -e '^packet-' -e '^scoresheet-' |
        awk -v k=$k '(NR - 1) % 3 == k - 1' | LC_ALL=C sort >"$d/want$k"
    check "shard $k/3 has exactly the per-subject documents i with i mod 3 = $((k - 1))" \
        cmp -s "$d/want$k" <(ls "$d/part$k" | grep -e '^packet-' -e '^scoresheet-' | LC_ALL=C sort)
done
mkdir -p "$d/merged"
cp "$d"/part?/* "$d/merged/"
"$KP" render "$ini" --from "$d/scores" --out "$d/merged" --finish -q >/dev/null 2>"$d/finish.err"
check "render --finish after the shards" test $? -eq 0
same "shards + --finish: every file identical to one run" "$d/merged"
"$KP" verify "$d/merged" >/dev/null
check "kaoping verify accepts the merged folder" test $? -eq 0

# --finish with a shard's document missing names it and writes no manifest.
mkdir -p "$d/holey" && cp "$d"/part1/* "$d"/part3/* "$d/holey/"
"$KP" render "$ini" --from "$d/scores" --out "$d/holey" --finish -q >/dev/null 2>"$d/holey.err"
check "--finish with shard 2 missing exits 1" test $? -eq 1
check "--finish names a missing document and asks about the shards" \
    grep -q "holey/$(ls "$d/part2" | head -1)'.*missing: has every shard finished" "$d/holey.err"
check "--finish with a shard missing writes no manifest" test ! -e "$d/holey/manifest.json"

# --- usage errors: exit 2, a message naming the option, nothing written --------------------
usage() { # usage NAME EXPECTED-SUBSTRING ARGS...
    local n=$1 want=$2
    shift 2
    "$KP" "$@" >/dev/null 2>"$d/usage.err"
    local rc=$?
    check "$n: exit 2" test $rc -eq 2
    check "$n: says '$want'" grep -qF -- "$want" "$d/usage.err"
}
r=(render "$ini" --from "$d/scores" --out "$d/never")
usage "--shard 0/3" "--shard '0/3': expected K/N with 1 <= K <= N" "${r[@]}" --shard 0/3
usage "--shard 4/3" "--shard '4/3': expected K/N with 1 <= K <= N" "${r[@]}" --shard 4/3
usage "--shard 1/0" "--shard '1/0'" "${r[@]}" --shard 1/0
usage "--shard 2" "--shard '2': expected K/N" "${r[@]}" --shard 2
usage "--shard a/b" "--shard 'a/b'" "${r[@]}" --shard a/b
usage "--shard 1/3x" "--shard '1/3x'" "${r[@]}" --shard 1/3x
usage "--shard -1/3" "--shard '-1/3'" "${r[@]}" --shard -1/3
usage "--shard without a value" "option '--shard' needs a value" "${r[@]}" --shard
usage "--shard with --finish" "--finish takes no --shard" "${r[@]}" --shard 1/2 --finish
usage "render without --from" "render needs --from SCOREDIR" render "$ini" --out "$d/never"
usage "-j 0" "-j '0': expected a number" run "$ini" --out "$d/never" -j 0
usage "-j x" "-j 'x': expected a number" run "$ini" --out "$d/never" -j x
usage "-j without a value" "option '-j' needs a value" run "$ini" --out "$d/never" -j
usage "--shard on run" "unknown option '--shard'" run "$ini" --out "$d/never" --shard 1/2
usage "--stage on render" "unknown option '--stage'" "${r[@]}" --stage score
check "usage errors write nothing" test ! -e "$d/never"

# --- scores that do not belong to the data are refused ---------------------------------------
refused() { # refused NAME EXPECTED-SUBSTRING ARGS...: exit 1, the message, no out folder
    local n=$1 want=$2
    shift 2
    rm -rf "$d/refused"
    "$KP" render "$@" --out "$d/refused" -q >/dev/null 2>"$d/refused.err"
    local rc=$?
    check "$n: exit 1" test $rc -eq 1
    check "$n: says '$want'" grep -qF -- "$want" "$d/refused.err" || cat "$d/refused.err"
    check "$n: no out folder" test ! -e "$d/refused"
}
cp -r "$ROOT/samples/zhongshan-2023" "$d/data"
# One observation's value changed (the first row's 13.4 to 12.4), all else the same.
sed -i '2s/^2023,A01,visits,13\.4,/2023,A01,visits,12.4,/' "$d/data/observations.csv"
check "the changed data differs from the sample" \
    sh -c "! cmp -s '$d/data/observations.csv' '$ROOT/samples/zhongshan-2023/observations.csv'"
refused "stale scores (an observation changed)" "their digest differs" "$ini" --from "$d/scores" --data "$d/data"
refused "scores of another period" "their digest differs" "$ini" --from "$d/scores" --period 2023-H1
cp "$ROOT/samples/zhongshan-2023"/* "$d/data/" && echo "extra,file" >"$d/data/extra.csv"
refused "a data folder with one more CSV file" "their digest differs" "$ini" --from "$d/scores" --data "$d/data"
refused "no snapshot" "scores.snapshot': cannot read: No such file or directory" "$ini" --from "$d/j1"
mkdir -p "$d/cut" && head -n 100 "$d/scores/scores.snapshot" >"$d/cut/scores.snapshot"
refused "a snapshot cut short" "the file ends early" "$ini" --from "$d/cut"
mkdir -p "$d/v1" && sed '1s/\t2$/\t1/' "$d/scores/scores.snapshot" >"$d/v1/scores.snapshot"
refused "a snapshot of another version" "a snapshot of version 1; this kaoping reads version 2" "$ini" --from "$d/v1"
mkdir -p "$d/bad" && sed '5s/^score\t[^\t]*/score\tabc/' "$d/scores/scores.snapshot" >"$d/bad/scores.snapshot"
refused "a snapshot with a score that is not a number" "line 5: a score that is out of range or not a number" "$ini" --from "$d/bad"
mkdir -p "$d/idx" && sed '5s/$/\t999:0x1p+0/' "$d/scores/scores.snapshot" >"$d/idx/scores.snapshot"
refused "a snapshot naming an indicator the rule set does not have" "line 5: a score that is out of range or not a number" "$ini" --from "$d/idx"

# --- a document that cannot be written fails the run on any -j, leaving nothing -------------
# Score sheets only, and files limited to 80 KiB (RLIMIT_FSIZE, SIGXFSZ ignored so that write(2)
# fails with EFBIG): the 22 area sheets (~90 KB) cannot be written, the 165 worker sheets
# (~40 KB), the CSV files and the workbook (~50 KB) can. (An area sheet's font subset is already
# too large for its memory file: that is where it fails.)
mkdir -p "$d/layouts"
cp "$ROOT/layouts/scoresheet.xml" "$d/layouts/"
sed -e "s|^ruleset = .*|ruleset = $ROOT/config/rules/zhongshan-2023.ini\nlayouts = $d/layouts|" \
    -e "s|^data = .*|data = $ROOT/samples/zhongshan-2023|" "$ini" >"$d/limited.ini"
for j in 1 2; do
    (trap '' XFSZ; ulimit -f 80; exec "$KP" run "$d/limited.ini" --out "$d/limited$j" -j $j -q) \
        >/dev/null 2>"$d/limited$j.err"
    check "a failing document with -j $j: exit 1" test $? -eq 1
    check "a failing document with -j $j: its message" \
        grep -q "^kaoping: error: '.*/scoresheet-area-A[0-9]*\.pdf': cannot .*: File too large" \
        "$d/limited$j.err" || cat "$d/limited$j.err"
    check "a failing document with -j $j: no out folder, no staging folder left" \
        test -z "$(ls -A "$d" | grep -e "^limited$j\$" -e "^\.limited$j\.")"
done
"$KP" run "$d/limited.ini" --out "$d/unlimited" -j 2 -q >/dev/null
check "the same run without the limit writes the 187 score sheets" \
    test "$(ls "$d/unlimited" | grep -c '^scoresheet-')" = 187

# The snapshot is written on a thread of its own beside the CSV files: with files limited to
# 20 KB, results.csv (~14 KB) is written and scores.snapshot (~25 KB) is not; the run fails
# with the snapshot's message and leaves nothing.
(trap '' XFSZ; ulimit -f 20; exec "$KP" run "$d/limited.ini" --stage score --out "$d/snaplimit" -q) \
    >/dev/null 2>"$d/snaplimit.err"
check "a snapshot that cannot be written: exit 1" test $? -eq 1
check "a snapshot that cannot be written: its message" \
    grep -q "^kaoping: error: '.*/scores\.snapshot': cannot write: File too large" "$d/snaplimit.err"
check "a snapshot that cannot be written: no out folder, no staging folder left" \
    test -z "$(ls -A "$d" | grep -e '^snaplimit$' -e '^\.snaplimit\.')"
