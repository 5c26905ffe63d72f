# pdf_regress.sh - PDF writer regressions found by the random data: each must save and check.
. "$(dirname "$0")/../lib.sh"
d=$(scratch)
if cc -std=c17 -D_DEFAULT_SOURCE -I"$ROOT/src" "$ROOT/tests/pdf/regress_prep.c" "$ROOT/build/libkaoping.a" \
    $(pkg-config --cflags --libs harfbuzz harfbuzz-subset nettle libdeflate) -lhpdf -lm -o "$d/regress_prep" 2>"$d/cc"; then
    "$d/regress_prep" "$d/prep.pdf"
    check "a subset ending on a 4096-byte block saves (libharu trailing-table seek)" test $? -eq 0
    check "and passes pdfcheck --pdfa" sh -c "'$ROOT/tests/tools/pdfcheck' --pdfa '$d/prep.pdf' >/dev/null 2>&1"
else
    fail "regress_prep does not build"; cat "$d/cc"
fi
