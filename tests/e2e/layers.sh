# layers.sh - includes in src/ point down the layers only (tests/tools/layers.py, doc/HACKING.md):
# the tree as it is, and a copy with one include pointing up, which must be caught.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
"$PY" "$ROOT/tests/tools/layers.py" "$ROOT/src" >"$d/out" 2>&1
check "every include in src/ points down the layers" test $? -eq 0
sed 's/^/    | /' "$d/out"
cp -r "$ROOT/src" "$d/src"
printf '#include "../render/kp_render.h"\n' >>"$d/src/model/kp_model.c"
"$PY" "$ROOT/tests/tools/layers.py" "$d/src" >"$d/bad" 2>&1
check "an include from model up to render is caught" test $? -eq 1
check "and named with the file and what it may include" \
    grep -q '^src/model/kp_model.c: includes ../render/kp_render.h (model may include only' "$d/bad"
mkdir "$d/src/newstage"
"$PY" "$ROOT/tests/tools/layers.py" "$d/src" >"$d/bad" 2>&1
check "a folder with no layer is caught" grep -q '^src/newstage: a folder with no layer' "$d/bad"
