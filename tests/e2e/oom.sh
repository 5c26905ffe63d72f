# oom.sh - one out-of-memory policy: whichever of kaoping's own allocations fails, the run
# ends with "kaoping: error: out of memory", exit 1, the out folder of the run before
# untouched (it still verifies, byte for byte) and no staging folder left beside it.
# The allocation is made to fail by an LD_PRELOAD shim (tests/e2e/failnth.c) that counts
# the allocations the kaoping executable asks for; 25 points from the first to the last.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
if ! cc -shared -fPIC -o "$d/failnth.so" "$ROOT/tests/e2e/failnth.c" -ldl 2>"$d/cc"; then
    echo "SKIP oom: cannot build the shim ($(head -1 "$d/cc"))"; exit 0
fi
ini="$ROOT/config/xiangning-2023.ini"
"$KP" run "$ini" --out "$d/out" -q || { echo "FAIL oom: the sample does not run"; exit 0; }
cp "$d/out/manifest.sha256" "$d/before"
KP_COUNT_ALLOCS="$d/count" LD_PRELOAD="$d/failnth.so" "$KP" run "$ini" --out "$d/out" -q -j 2
total=$(cat "$d/count" 2>/dev/null || echo 0)
check "the shim counts the run's allocations" test "$total" -gt 1000
bad=0 n=0 said=""
for i in $(seq 0 24); do
    k=$(awk -v t="$total" -v i="$i" 'BEGIN { k = int(t ^ (i / 24)); print k < 1 ? 1 : k }')
    KP_FAIL_NTH=$k LD_PRELOAD="$d/failnth.so" "$KP" run "$ini" --out "$d/out" -q -j 2 \
        >/dev/null 2>"$d/err"
    rc=$?
    n=$((n + 1))
    why=""
    [ $rc -eq 1 ] || why="exit $rc"
    grep -qx 'kaoping: error: out of memory' "$d/err" || why="$why, said '$(head -c 80 "$d/err")'"
    cmp -s "$d/before" "$d/out/manifest.sha256" || why="$why, the out folder changed"
    "$KP" verify "$d/out" >/dev/null 2>&1 || why="$why, the out folder does not verify"
    ls -a "$d" | grep -q 'kaoping-' && why="$why, a staging folder is left"
    if [ -n "$why" ]; then
        bad=$((bad + 1))
        said="$said; allocation $k:$why"
        rm -rf "$d"/.out.kaoping-*
    fi
done
check "every failed allocation ended the run whole ($n points, $bad wrong$said)" test "$bad" -eq 0
