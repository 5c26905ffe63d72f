#!/usr/bin/env bash
# stages.sh - table-driven tests of every stage type of the rule-set vocabulary.
# Each tests/stages/<NN-name>/ is one case: a tiny rules.ini, run.ini (ruleset = rules.ini,
# data = .), units.csv, people.csv, observations.csv and optional history/cases/ledger files,
# with expectations derived by hand in EXPECTED.md:
#   expected.csv          the asserted columns of results.csv (by header name), one row per
#                         (kind,subject,period); every row of results.csv must be listed; a cell
#                         `*` accepts any value
#   expected_awards.csv   awards.csv cut to its header's columns, compared as a multiset
#   expected_notices.csv  notices.csv cut to its header's columns, compared as a multiset
#   expected_error.txt    the run must exit 1, leave no out folder, and print every line of
#                         this file (a substring each) on stderr
# Prints PASS <case> / FAIL <case>: why (with a short diff).
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
KP=${KP:-$ROOT/build/kaoping}
PY=${PY:-python3}
if [ -z "${KP_TMP:-}" ]; then KP_TMP=$(mktemp -d /tmp/kaoping-stages.XXXXXX); trap 'rm -rf "$KP_TMP"' EXIT; fi
export ROOT KP PY KP_TMP
. "$ROOT/tests/lib.sh"

# compare KIND GOT EXPECTED: KIND is "results" (rows keyed by kind,subject,period; `*` matches
# anything) or "multiset" (whole rows). Prints a short diff and exits 1 on a difference.
compare() {
    "$PY" - "$@" <<'PY'
import csv, sys
mode, got_path, want_path = sys.argv[1:4]
def read(p):
    with open(p, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
want_rows = read(want_path)
with open(want_path, encoding="utf-8-sig", newline="") as f:
    cols = next(csv.reader(f))
got_rows = read(got_path)
missing_cols = [c for c in cols if got_rows and c not in got_rows[0]]
if missing_cols:
    print("  no column %s in %s" % (",".join(missing_cols), got_path.split("/")[-1])); sys.exit(1)
cut = lambda r: tuple((r.get(c) or "") for c in cols)
lines = []
if mode == "results":
    key = lambda t: t[:3]
    want = {key(cut(r)): cut(r) for r in want_rows}
    got = {}
    for r in got_rows:
        t = cut(r)
        if key(t) in got:
            lines.append("  duplicate row " + ",".join(key(t)))
        got[key(t)] = t
    for k in sorted(set(want) | set(got)):
        w, g = want.get(k), got.get(k)
        if w is None:
            lines.append("  + " + ",".join(g) + "   (unexpected row)")
        elif g is None:
            lines.append("  - " + ",".join(w) + "   (row missing)")
        elif any(a != "*" and a != b for a, b in zip(w, g)):
            bad = [c for c, a, b in zip(cols, w, g) if a != "*" and a != b]
            lines.append("  - " + ",".join(w))
            lines.append("  + " + ",".join(g) + "   (" + ",".join(bad) + ")")
else:
    from collections import Counter
    w, g = Counter(cut(r) for r in want_rows), Counter(cut(r) for r in got_rows)
    for t in sorted((w - g).elements()):
        lines.append("  - " + ",".join(t))
    for t in sorted((g - w).elements()):
        lines.append("  + " + ",".join(t))
if lines:
    print("\n".join(lines[:12]) + ("\n  ... %d more" % (len(lines) - 12) if len(lines) > 12 else ""))
    sys.exit(1)
PY
}

run_case() {
    local c=$1 name d rc why=""
    name=$(basename "$c")
    d=$(mktemp -d "$KP_TMP/stage.XXXXXX")
    "$KP" run "$c/run.ini" --out "$d/out" -q >"$d/stdout" 2>"$d/err"
    rc=$?
    if [ -f "$c/expected_error.txt" ]; then
        [ "$rc" -eq 1 ] || why="exit status $rc, expected 1"
        [ -z "$why" ] && [ -e "$d/out" ] && why="a failed run left an out folder"
        while IFS= read -r s; do
            [ -z "$s" ] && continue
            [ -z "$why" ] && ! grep -qF -- "$s" "$d/err" && why="stderr lacks '$s'"
        done <"$c/expected_error.txt"
        if [ -n "$why" ]; then fail "$name: $why"; sed 's/^/  | /' "$d/err" | head -5; else pass "$name"; fi
        rm -rf "$d"; return
    fi
    if [ "$rc" -ne 0 ]; then
        fail "$name: kaoping exited $rc"; sed 's/^/  | /' "$d/err" | head -5; rm -rf "$d"; return
    fi
    local out=""
    out+=$(compare results "$d/out/results.csv" "$c/expected.csv" 2>&1) || why+="results differ; "
    out+=$'\n'
    if [ -f "$c/expected_awards.csv" ]; then
        out+=$(compare multiset "$d/out/awards.csv" "$c/expected_awards.csv" 2>&1) || why+="awards differ; "
        out+=$'\n'
    fi
    if [ -f "$c/expected_notices.csv" ]; then
        out+=$(compare multiset "$d/out/notices.csv" "$c/expected_notices.csv" 2>&1) || why+="notices differ; "
    fi
    if [ -n "$why" ]; then fail "$name: ${why%; }"; grep -v '^$' <<<"$out"; else pass "$name"; fi
    rm -rf "$d"
}

[ -x "$KP" ] || { fail "stages: no kaoping binary at $KP"; exit 0; }
for c in "$ROOT"/tests/stages/*/; do
    [ -f "$c/run.ini" ] || continue
    run_case "${c%/}"
done
