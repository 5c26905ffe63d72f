# fidelity.sh - rule sets say what the source documents say: every text cited to a source
# article is in that document (tests/oracle/fidelity.py), when the documents are at ../shared/seeds.
. "$(dirname "$0")/../lib.sh"
seeds="$ROOT/../shared/seeds"
if [ ! -d "$seeds" ]; then
    echo "SKIP fidelity: the source documents are not at ../shared/seeds beside the repository"
    exit 0
fi
"$PY" "$ROOT/tests/oracle/fidelity.py" "$seeds" "$ROOT/config/rules"
