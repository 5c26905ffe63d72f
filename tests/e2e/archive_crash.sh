# archive_crash.sh - crash consistency of the out folder: a run killed with SIGKILL at random
# moments (some while it commits) leaves the out folder verifying as the old run or the new
# one, never a mix; two runs started together end verifying as one of them.
. "$(dirname "$0")/../lib.sh"
mini="$ROOT/tests/data/zs-mini"
d=$(scratch)
# Two runs whose every document differs: the same data, another document date.
iniA=$(runini "$mini" "$d/out")
iniB=$(runini "$mini" "$d/out")
sed -i 's/^date = .*/date = 2024-02-20/' "$iniB"
"$KP" run "$iniA" --out "$d/refA" -q >/dev/null 2>&1
"$KP" run "$iniB" --out "$d/refB" -q >/dev/null 2>&1
sumA=$(sha256sum <"$d/refA/manifest.sha256") sumB=$(sha256sum <"$d/refB/manifest.sha256")
check "the two reference runs differ" test "$sumA" != "$sumB"
check "the two reference runs differ in every PDF" \
    test -z "$(cd "$d/refA" && for f in *.pdf; do cmp -s "$f" "../refB/$f" && echo "$f"; done)"

# Which run the out folder is: A, B, or BAD (does not verify, or neither manifest).
state_of() {
    "$KP" verify "$1" >/dev/null 2>&1 || { echo BAD; return; }
    case "$(sha256sum <"$1/manifest.sha256")" in
    "$sumA") echo A ;; "$sumB") echo B ;; *) echo BAD ;;
    esac
}

start=$(date +%s%N)
"$KP" run "$iniA" -j 1 -q >/dev/null 2>&1
ms=$((($(date +%s%N) - start) / 1000000))
kills=24 old=0 new=0 bad=0 at_commit=0 state=A
for i in $(seq 1 $kills); do
    if [ $state = A ]; then ini=$iniB next=B; else ini=$iniA next=A; fi
    "$KP" run "$ini" -j 1 -q >/dev/null 2>&1 &
    pid=$!
    if [ $((i % 3)) = 0 ]; then
        # At commit: the manifest is the last file staged before the swap.
        while kill -0 $pid 2>/dev/null && ! ls "$d"/.out.kaoping-*/manifest.sha256 >/dev/null 2>&1; do :; done
        at_commit=$((at_commit + 1))
    else
        sleep "$(awk -v s="$RANDOM" -v ms="$ms" 'BEGIN { srand(s); printf "%.3f", rand() * ms * 1.2 / 1000 }')"
    fi
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    now=$(state_of "$d/out")
    if [ "$now" = "$state" ]; then old=$((old + 1))
    elif [ "$now" = "$next" ]; then new=$((new + 1)) state=$next
    else bad=$((bad + 1)); echo "kill $i: the out folder is neither run"; "$KP" verify "$d/out" | head -5
    fi
done
echo "crash consistency: $kills kills ($at_commit at commit): $old left the old run, $new the new one, $bad neither"
check "$kills runs killed with SIGKILL: the out folder verified as the old or the new run every time" test $bad = 0
"$KP" run "$iniA" -q >/dev/null 2>&1
check "the next run leaves no staging folder and no lock beside the out folder" \
    test "$(ls -A "$d" | grep -c kaoping- || true)" = 0

# Two runs at once into one out folder: both succeed (one waits for the other's lock) and the
# folder is one of them, whole.
pairs=5 a=0 b=0 mixed=0 failed=0
for i in $(seq 1 $pairs); do
    rm -rf "$d/out"
    "$KP" run "$iniA" -q >/dev/null 2>&1 &
    p1=$!
    "$KP" run "$iniB" -q >/dev/null 2>&1 &
    p2=$!
    wait $p1 || failed=$((failed + 1))
    wait $p2 || failed=$((failed + 1))
    case $(state_of "$d/out") in
    A) a=$((a + 1)) ;; B) b=$((b + 1)) ;; *) mixed=$((mixed + 1)) ;;
    esac
done
echo "two runs at once: $pairs pairs: $a ended as run A, $b as run B, $mixed neither; $failed runs failed"
check "two runs at once ($pairs pairs): both exit 0 and the folder verifies as one of them" \
    test "$mixed$failed" = 00
