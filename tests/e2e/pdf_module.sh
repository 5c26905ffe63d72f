# pdf_module.sh - the PDF module's own tests (tests/pdf/run.sh): subsetting, ToUnicode, 𠮷, bookmarks.
sh "$ROOT/tests/pdf/run.sh" | grep -E '^(PASS|FAIL) '
