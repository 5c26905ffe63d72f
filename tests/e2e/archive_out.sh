# archive_out.sh - the out folder is replaced whole: an earlier run's files do not survive,
# someone else's folder is refused, stale staging folders are removed, runs take turns under
# a lock, a file size limit is an error naming the file, other file systems work or are
# refused before rendering, verify names every difference, long ids give whole file names.
. "$(dirname "$0")/../lib.sh"
mini="$ROOT/tests/data/zs-mini"
stages() { ls -A "$1" | grep -c 'kaoping-' || true; } # staging folders and locks in a folder

# An earlier run's file (a subject since removed) does not survive the next run.
d=$(scratch)
ini=$(runini "$mini" "$d/out")
"$KP" run "$ini" -q >/dev/null 2>&1
cp "$d/out/packet-area-A.pdf" "$d/out/packet-area-GONE.pdf"
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "a second run into a kaoping folder exits 0" test $? -eq 0
check "a file of an earlier run does not survive the next run" test ! -e "$d/out/packet-area-GONE.pdf"
check "the out folder holds exactly what manifest.sha256 lists" \
    test "$(ls -A "$d/out" | grep -vx manifest.sha256 | LC_ALL=C sort)" = "$(awk '{print $2}' "$d/out/manifest.sha256" | LC_ALL=C sort)"
check "no staging folder or lock file left beside the out folder" test "$(stages "$d")" = 0
check "a new out folder has mkdir's permissions (umask $(umask)), not mkdtemp's 0700" \
    test "$(stat -c %a "$d/out")" = "$(printf '%o' $((0777 & ~0$(umask))))"
chmod 750 "$d/out"
"$KP" run "$ini" -q >/dev/null 2>&1
check "a replaced out folder keeps its permissions" test "$(stat -c %a "$d/out")" = 750

# A non-empty folder kaoping did not write is refused before rendering; --replace replaces it.
d=$(scratch)
ini=$(runini "$mini" "$d/out")
mkdir "$d/out" && echo "my notes" >"$d/out/notes.txt"
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "a folder of someone else's files: exit 1" test $? -eq 1
check "a folder of someone else's files: the message says why and how" \
    grep -q "kaoping: error: '$d/out': the out folder holds files and no kaoping manifest.*--replace" "$d/err"
check "a folder of someone else's files: untouched" test "$(ls -A "$d/out")" = notes.txt
check "a folder of someone else's files: no staging folder left" test "$(stages "$d")" = 0
"$KP" run "$ini" --replace -q >/dev/null 2>"$d/err"
check "--replace: the folder is replaced" sh -c "test ! -e '$d/out/notes.txt' && '$KP' verify '$d/out' >/dev/null"
mkdir "$d/empty"
"$KP" run "$ini" --out "$d/empty" -q >/dev/null 2>&1
check "an empty folder is an out folder without --replace" test -f "$d/empty/manifest.sha256"

# A staging folder whose run was killed (marker not locked) is removed with a line; one whose
# run lives (marker locked) is left alone.
d=$(scratch)
ini=$(runini "$mini" "$d/out")
mkdir "$d/.out.kaoping-dead01" "$d/.out.kaoping-live01"
touch "$d/.out.kaoping-dead01/.kaoping-stage" "$d/.out.kaoping-dead01/results.csv"
touch "$d/.out.kaoping-live01/.kaoping-stage"
flock "$d/.out.kaoping-live01/.kaoping-stage" sleep 4 &
holder=$!
sleep 0.3
"$KP" run "$ini" >/dev/null 2>"$d/err"
check "a killed run's staging folder is removed" test ! -e "$d/.out.kaoping-dead01"
check "its removal is said on stderr" \
    grep -q "warning: '$d/.out.kaoping-dead01': removed the staging folder of a kaoping run that did not finish" "$d/err"
check "a living run's staging folder is left alone" test -d "$d/.out.kaoping-live01"
wait $holder
# And for real: a run killed while it renders, then the next run.
d=$(scratch)
ini=$(runini "$mini" "$d/out")
"$KP" run "$ini" -j 1 -q >/dev/null 2>&1 &
pid=$!
while [ ! -e "$d/out" ] && ! ls -A "$d" | grep -q 'out.kaoping-'; do sleep 0.005; done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
left=$(ls -A "$d" | grep -c '^\.out\.kaoping-[^.]*$' || true)
"$KP" run "$ini" >/dev/null 2>"$d/err"
if [ "$left" -gt 0 ]; then
    check "after kill -9 the next run removes the staging folder and says so" \
        sh -c "grep -q 'removed the staging folder' '$d/err' && test \"\$(ls -A '$d' | grep -c kaoping-)\" = 0"
else
    echo "SKIP the run finished before kill -9 reached it"
fi

# Where the file system has no RENAME_EXCHANGE the swap is two renames; a run killed between
# them leaves the old folder at <stage>-old and no out folder: the next run puts it back
# (here that run then fails in its renderers, so the old folder is what stays).
d=$(scratch)
ini=$(runini "$mini" "$d/out")
"$KP" run "$ini" -q >/dev/null 2>&1
before=$(sha256sum <"$d/out/manifest.sha256")
mv "$d/out" "$d/.out.kaoping-Ab12Cd-old"
mkdir "$d/.out.kaoping-Ab12Cd" && cp "$d/.out.kaoping-Ab12Cd-old/results.csv" "$d/.out.kaoping-Ab12Cd/"
mkdir "$d/layouts" && cp "$ROOT"/layouts/* "$d/layouts/"
sed -i 's|<title role="title"|<title role="title" bogus="1"|' "$d/layouts/ranking.xml"
sed -i "s|^\[run\]|[run]\nlayouts = $d/layouts|" "$ini"
"$KP" run "$ini" >/dev/null 2>"$d/err"
check "after a crash between the two renames the old folder is put back, and said so" \
    grep -q "warning: '$d/out': put back from '$d/.out.kaoping-Ab12Cd-old'" "$d/err"
check "... it verifies as the old run" \
    sh -c "'$KP' verify '$d/out' >/dev/null && test \"\$(sha256sum <'$d/out/manifest.sha256')\" = '$before'"
check "... and the half-swapped stage is removed" test "$(stages "$d")" = 0

# One run at a time: while another holds the out folder's lock, a run waits, says so, then runs.
d=$(scratch)
ini=$(runini "$mini" "$d/out")
flock "$d/.out.kaoping.lock" sleep 2 &
holder=$!
sleep 0.3
start=$(date +%s.%N)
"$KP" run "$ini" >/dev/null 2>"$d/err"
rc=$?
took=$(echo "$(date +%s.%N) - $start" | bc)
check "a second run waits for the lock and then succeeds" test $rc -eq 0
check "the waiting run says so" grep -q "warning: '$d/out': waiting for another kaoping run into this out folder to finish" "$d/err"
check "the waiting run waited for the holder (over 1.5 s: $took)" test "$(echo "$took > 1.5" | bc)" = 1
wait $holder

# A file size limit (ulimit -f) no longer kills the run silently (SIGXFSZ): exit 1 naming a file.
d=$(scratch)
ini=$(runini "$mini" "$d/out")
(ulimit -f 40; exec "$KP" run "$ini" -j 1 -q) >/dev/null 2>"$d/err"
rc=$?
check "under ulimit -f a run exits 1, not killed by SIGXFSZ (rc $rc)" test $rc -eq 1
check "under ulimit -f the message names the file" grep -q "kaoping: error: '[^']*': .*\(File too large\|cannot\)" "$d/err"
check "under ulimit -f no out folder and no staging folder" test "$(ls -A "$d" | grep -c out)" = 0

# Other file systems: behind a symbolic link into one, the stage is made beside the resolved
# folder; a mount point as the out folder is refused before rendering.
d=$(scratch)
ini=$(runini "$mini" "$d/out")
shm=$(mktemp -d /dev/shm/kaoping-test.XXXXXX 2>/dev/null)
if [ -n "$shm" ] && [ "$(stat -c %d "$shm")" != "$(stat -c %d "$d")" ]; then
    ln -s "$shm/target" "$d/link"
    mkdir "$shm/target"
    "$KP" run "$ini" --out "$d/link" -q >/dev/null 2>"$d/err"
    check "an out folder behind a symlink into another file system: exit 0" test $? -eq 0
    check "... and it verifies" sh -c "'$KP' verify '$d/link' >/dev/null"
    check "... the link is still a link" test -L "$d/link"
    rm -rf "$shm"
else
    echo "SKIP /dev/shm is not another file system here"
fi
mkdir "$d/mnt"
if mount -t tmpfs tmpfs "$d/mnt" 2>/dev/null; then
    "$KP" run "$ini" --out "$d/mnt" >/dev/null 2>"$d/err"
    check "a mount point as the out folder: exit 1" test $? -eq 1
    check "a mount point: the reason" grep -q "'$d/mnt': the out folder is a mount point" "$d/err"
    check "a mount point: refused before rendering (nothing written anywhere)" \
        test "$(ls -A "$d/mnt" | wc -l)$(stages "$d")" = 00
    "$KP" run "$ini" --out "$d/mnt/run" -q >/dev/null 2>&1
    check "a folder inside the mount point works" sh -c "'$KP' verify '$d/mnt/run' >/dev/null"
    umount "$d/mnt"
    # A full disk: room for one out folder (~2.3 MB) but not two ends with a message
    # naming the file it could not write; the old folder stays whole.
    mount -t tmpfs -o size=3m tmpfs "$d/mnt"
    "$KP" run "$ini" --out "$d/mnt/run" -q >/dev/null 2>&1
    before=$(sha256sum <"$d/mnt/run/manifest.sha256")
    sed -i 's/^date = .*/date = 2024-02-20/' "$ini"
    "$KP" run "$ini" --out "$d/mnt/run" -q >/dev/null 2>"$d/err"
    check "a full disk: exit 1" test $? -eq 1
    check "a full disk: the message names the file" grep -q "kaoping: error: '[^']*': .*No space left on device" "$d/err"
    check "a full disk: the old folder verifies as before, no stage left" \
        sh -c "'$KP' verify '$d/mnt/run' >/dev/null && test \"\$(sha256sum <'$d/mnt/run/manifest.sha256')\" = '$before' && test \"\$(ls -A '$d/mnt')\" = run"
    umount "$d/mnt"
else
    echo "SKIP cannot mount a tmpfs here (not root?)"
fi

# verify: each tampering is named; the summary is one line.
d=$(scratch)
ini=$(runini "$mini" "$d/good")
"$KP" run "$ini" -q >/dev/null 2>&1
"$KP" verify "$d/good" >"$d/v"
check "verify: one 'ok' line for an untouched folder" \
    sh -c "test \$(wc -l <'$d/v') = 1 && grep -q '^ok: .*47 files' '$d/v'"
tamper() { # tamper NAME EXPECTED-LINE SHELL-COMMAND (run in a copy of the folder)
    rm -rf "$d/t" && cp -a "$d/good" "$d/t"
    (cd "$d/t" && eval "$3")
    "$KP" verify "$d/t" >"$d/v" 2>"$d/e"
    local rc=$?
    check "verify: $1: exit 1" test $rc -eq 1
    check "verify: $1: '$2'" grep -qxF "$2" "$d/v"
}
tamper "an added dot-file" "not in the manifest: .hidden" "echo x >.hidden"
tamper "an added folder" "not in the manifest: sub" "mkdir sub"
tamper "a file deleted with its sha256 line" "in manifest.json, not in manifest.sha256: awards.csv" \
    "rm awards.csv && sed -i '/  awards.csv\$/d' manifest.sha256"
tamper "a file edited with its sha256 line" \
    "manifest.json and manifest.sha256 give other digests for awards.csv" \
    "echo x >>awards.csv && h=\$(sha256sum awards.csv | cut -c1-64) && sed -i \"s/^[0-9a-f]*  awards.csv\$/\$h  awards.csv/\" manifest.sha256"
tamper "a line leaving the folder" "a path that leaves the folder in manifest.sha256: ../../../../etc/hostname" \
    "echo \"\$(sha256sum /etc/hostname | cut -c1-64)  ../../../../etc/hostname\" >>manifest.sha256"
tamper "an output replaced by a symlink" "not a regular file (a link or a folder): awards.csv" \
    "cp awards.csv ../aw && rm awards.csv && ln -s ../aw awards.csv"
tamper "manifest.json edited" "changed: manifest.json" "sed -i 's/\"period\"/\"Period\"/' manifest.json"
tamper "a line listed twice" "listed twice in manifest.sha256: awards.csv" \
    "l=\$(grep '  awards.csv\$' manifest.sha256) && echo \"\$l\" >>manifest.sha256"
check "verify: the error line counts the differences" grep -q "error: '$d/t': 1 difference from the manifest" "$d/e"
# manifest.json edited together with its own sha256 line: read, and compared.
resum='h=$(sha256sum manifest.json | cut -c1-64) && sed -i "s/^[0-9a-f]*  manifest.json\$/$h  manifest.json/" manifest.sha256'
tamper "a size in manifest.json (its line resummed)" "manifest.json gives another size for awards.csv" \
    "sed -i -E 's/(\"name\": \"awards.csv\", \"size\": )[0-9]+/\\19999/' manifest.json && $resum"
tamper "manifest.json cut short (its line resummed)" "its list of outputs cannot be read: manifest.json" \
    "head -c 300 manifest.json >j && mv j manifest.json && $resum"

# Long ids: whole UTF-8 characters, '.pdf' kept, a digest of the whole name when cut.
d=$(scratch)
cp -r "$mini" "$d/data"
l1=$(printf '长%.0s' $(seq 60))甲 l2=$(printf '长%.0s' $(seq 60))乙
for f in units people observations; do
    sed -i -E "s/(^|,)A(,|\$)/\1$l1\2/; s/(^|,)B(,|\$)/\1$l2\2/" "$d/data/$f.csv"
done
ini=$(runini "$d/data" "$d/out")
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "long ids: the run succeeds" test $? -eq 0
bad=0 n=0
for kind in packet scoresheet; do
    for id in "$l1" "$l2"; do
        full="$kind-area-$id.pdf"
        digest=$(printf %s "$full" | sha256sum | cut -c1-12)
        f=$(ls "$d/out" | grep "^$kind-area-长.*-$digest\.pdf\$")
        n=$((n + 1))
        [ -n "$f" ] && [ "$(printf %s "$f" | wc -c)" -le 159 ] &&
            printf %s "$f" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 || bad=$((bad + 1))
    done
done
check "long ids: $n names cut to <= 159 bytes of whole characters, each with its own digest and .pdf" test "$bad" = 0
check "long ids: the folder verifies" sh -c "'$KP' verify '$d/out' >/dev/null"

# No limit on the inputs listed (there was one of 256): the run INI, the rule set, 3 data
# files, 255 layouts (the most a layouts folder may hold) and the fonts are 261 inputs.
d=$(scratch)
mkdir "$d/layouts"
cp "$ROOT/layouts/layout.rng" "$d/layouts/" 2>/dev/null
for i in $(seq 1 255); do
    sed "s/name=\"awards\"/name=\"awards$i\"/; s/file=\"awards.pdf\"/file=\"awards$i.pdf\"/" "$ROOT/layouts/awards.xml" >"$d/layouts/a$i.xml"
done
ini=$(runini "$mini" "$d/out")
sed -i "s|^\[run\]|[run]\nlayouts = $d/layouts|" "$ini"
"$KP" run "$ini" -q >/dev/null 2>"$d/err"
check "255 layouts: the run succeeds" test $? -eq 0
check "255 layouts: manifest.json lists 261 inputs, 255 of them layouts, the fonts last" \
    sh -c "test \$(grep -c '\"role\": \"layout\"' '$d/out/manifest.json') = 255 &&
           test \$(grep -c '\"role\": ' '$d/out/manifest.json') = 261 &&
           grep -q '\"role\": \"fonts\"' '$d/out/manifest.json'"

# Shards add their files to one folder; --finish writes the manifest only when the folder
# holds nothing else, so the manifest lists every file in it.
d=$(scratch)
ini=$(runini "$mini" "$d/out")
"$KP" run "$ini" --stage score --out "$d/scores" -q >/dev/null 2>&1
for k in 1 2; do
    "$KP" render "$ini" --from "$d/scores" --out "$d/out" --shard $k/2 -q >/dev/null 2>&1
done
echo "mine" >"$d/out/notes.txt"
"$KP" render "$ini" --from "$d/scores" --out "$d/out" --finish -q >/dev/null 2>"$d/err"
check "--finish with a file no shard wrote: exit 1" test $? -eq 1
check "--finish names that file" grep -q "'notes.txt' is not a file of this run's shards" "$d/err"
check "--finish with a file no shard wrote: no manifest written" test ! -e "$d/out/manifest.sha256"
rm "$d/out/notes.txt"
"$KP" render "$ini" --from "$d/scores" --out "$d/out" --finish -q >/dev/null 2>&1
check "--finish without it: the folder verifies" sh -c "'$KP' verify '$d/out' >/dev/null"

# An out folder that cannot be one is refused with why, before anything is rendered.
d=$(scratch)
ini=$(runini "$mini" "$d/out")
ln -s "$d/nowhere" "$d/dangling"
touch "$d/file"
"$KP" run "$ini" --out "$d/dangling" -q >/dev/null 2>"$d/err"
check "a symbolic link to nothing is refused" grep -q "'$d/dangling': the out folder is a symbolic link to nothing" "$d/err"
"$KP" run "$ini" --out "$d/file" -q >/dev/null 2>"$d/err"
check "a file is refused" grep -q "'$d/file': the out folder is not a folder" "$d/err"
check "... nothing written beside them" test "$(ls -A "$d" | LC_ALL=C sort | tr '\n' ' ')" = "dangling err file "
