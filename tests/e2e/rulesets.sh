# rulesets.sh - every sample config against its reviewed golden files (made by the independent
# oracles in tests/oracle and hand-checked in tests/golden/*/HAND-CHECK.md): results.csv and
# awards.csv row for row as sets, notices.csv by (kind, subject, period, type).
. "$(dirname "$0")/../lib.sh"
for cfg in "$ROOT"/config/*.ini; do
    name=$(basename "$cfg" .ini)
    gold="$ROOT/tests/golden/$name"
    [ -d "$gold" ] || continue
    d=$(scratch)
    if ! "$KP" run "$cfg" --out "$d/out" -q >/dev/null 2>"$d/err"; then
        fail "$name: run failed: $(head -3 "$d/err")"; continue
    fi
    for f in results awards; do
        [ -f "$gold/$f.csv" ] || continue
        if diff <(sort "$gold/$f.csv") <(sort "$d/out/$f.csv") >"$d/diff"; then
            pass "$name: $f.csv equals the golden file"
        else
            fail "$name: $f.csv differs from the golden file"; head -12 "$d/diff"
        fi
    done
    if [ -f "$gold/notices.csv" ]; then
        if diff <(cut -d, -f1-5 "$gold/notices.csv" | sort -u) <(cut -d, -f1-5 "$d/out/notices.csv" | sort -u) >"$d/diff"; then
            pass "$name: notices.csv has the golden (kind, subject, period, type) rows"
        else
            fail "$name: notices differ"; head -12 "$d/diff"
        fi
    fi
done
