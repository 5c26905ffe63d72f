# mk/lint.mk - style gates: the committed .clang-format applied, and warnings beyond the build's.
#
#   make format    rewrites every C file in place with clang-format
#   make lint      fails on a file clang-format would change, or on a warning from
#                  -Wformat=2 -Wconversion (each file compiled with -fsyntax-only)
#
# Debian package: clang-format (in DEB_PKGS). CI runs make lint after make test (.ci/run).

LINT_FILES = $(wildcard src/*/*.c src/*/*.h tests/unit/*.c tests/fuzz/*.c)
LINT_WARN = -Wformat=2 -Wconversion

.PHONY: format lint lint-format lint-warnings

format:
	clang-format -i $(LINT_FILES)

lint: lint-format lint-warnings

lint-format:
	@clang-format --dry-run --Werror $(LINT_FILES) 2>&1 | head -40; \
	n=$$(clang-format --dry-run $(LINT_FILES) 2>&1 | grep -c 'warning:'); \
	if [ "$$n" -ne 0 ]; then echo "lint: $$n places differ from .clang-format (make format)"; exit 1; fi; \
	echo "lint: clang-format clean ($(words $(LINT_FILES)) files)"

lint-warnings:
	@fail=0; for f in $(filter %.c,$(LINT_FILES)); do \
		$(CC) $(KP_CFLAGS) $(LINT_WARN) -Isrc -fsyntax-only $$f || fail=1; \
	done; \
	if [ $$fail -ne 0 ]; then echo "lint: warnings under $(LINT_WARN)"; exit 1; fi; \
	echo "lint: no warning under $(LINT_WARN)"
