# mk/quality.mk - quality gates beyond `make test`: fuzzing (libFuzzer), AddressSanitizer and
# UBSan builds running the whole test suite, and the suite's kaoping runs under valgrind.
# Included by the top-level Makefile (or: make -f Makefile -f mk/quality.mk TARGET).
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="csv ini"]   build and run every fuzz target
#   make fuzz-build                      only build build-fuzz/fuzz_<name>
#   make fuzz-<name>                     run one target (csv xlsx ini layout rules pipeline
#                                        pipeline_out)
#   make fuzz-regress                    run each target once over its seeds and tests/fuzz/crashes
#   make asan | ubsan | sanitize         the test suite on a sanitized build (build-asan, build-ubsan)
#   make valgrind                        the test suite with kaoping and the unit tests under valgrind
#
# Debian packages: clang libclang-rt-14-dev (libFuzzer, the clang sanitizer runtimes) for fuzz;
# gcc's libasan8 and libubsan1 (with build-essential) for asan/ubsan; valgrind for valgrind.

ifndef KP_QUALITY_MK
KP_QUALITY_MK := 1

# Sub-makes below build the top-level Makefile's own targets in another BUILD folder; they must
# not see these rules again.
QMAKE = $(MAKE) --no-print-directory KP_QUALITY_SUB=1
# A folder's objects are rebuilt when its compiler or flags change (make does not track them).
define kp_flags_stamp
@mkdir -p $(1); echo '$(2)' | cmp -s - $(1)/.flags || \
	{ rm -rf $(1)/obj $(1)/*.a $(1)/kaoping $(1)/unit_tests; echo '$(2)' >$(1)/.flags; }
endef

ifeq ($(KP_QUALITY_SUB),)

.PHONY: fuzz fuzz-build fuzz-regress asan asan-build ubsan ubsan-build sanitize valgrind \
	quality-clean kp-quality-force

# ---- libFuzzer -------------------------------------------------------------------------------

FUZZ_CC ?= clang
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv xlsx ini layout rules pipeline pipeline_out
FUZZ_SAN ?= address,undefined
FUZZ_CFLAGS ?= -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all
# Per-input time limit (s), and extra libFuzzer flags (e.g. FUZZ_ARGS=-jobs=2).
FUZZ_TIMEOUT ?= 20
FUZZ_ARGS ?=
# Property checks and known-bug shims to skip (ids in tests/fuzz/*.c, comma separated), to
# fuzz on past known, reported bugs; with LSAN_OPTIONS=suppressions=tests/fuzz/known-bugs.supp
# for known leaks. Empty by default: every known bug fails the gate.
FUZZ_IGNORE ?=
FUZZ_LIB_FLAGS = $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN)
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
# Seeds and dictionary of a target: fuzz_pipeline_out shares fuzz_pipeline's, fuzz_rules
# (rule sets) uses the INI dictionary.
fuzz_seeds = tests/fuzz/corpus/$(if $(filter pipeline_out,$(1)),pipeline,$(1))
fuzz_dict = $(wildcard tests/fuzz/$(if $(filter pipeline_out,$(1)),pipeline,$(if $(filter rules,$(1)),ini,$(1))).dict)
# Inputs up to the size of the seeds: the mini observations.csv is 29 KB.
fuzz_max_len = $(if $(filter pipeline% xlsx,$(1)),65536,$(if $(filter csv,$(1)),32768,16384))

$(FUZZ_BUILD)/libkaoping.a: kp-quality-force
	$(call kp_flags_stamp,$(FUZZ_BUILD),$(FUZZ_CC) $(FUZZ_LIB_FLAGS))
	@+$(QMAKE) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) CFLAGS='$(FUZZ_LIB_FLAGS)' $@

# Every target links the whole library: all src/*/*.c but src/cli/kp_main.c.
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h tests/fuzz/fuzz_pipeline.c \
		$(FUZZ_BUILD)/libkaoping.a
	$(FUZZ_CC) $(KP_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) -Isrc \
		-DKP_FUZZ_ROOT='"$(CURDIR)"' -o $@ $< \
		$(FUZZ_BUILD)/libkaoping.a $(KP_LIBS)

fuzz-build: $(FUZZ_BINS)

# Runs one target for FUZZ_SECONDS: new inputs go to build-fuzz/corpus/<name> (the committed
# seeds in tests/fuzz/corpus/<name> are only read), crashes to build-fuzz/crashes/<name>-*.
# Prints the last coverage line (cov: edges, ft: features, corp: corpus) and the executions;
# fails when the target found a crash, leak, hang or broken property.
define kp_fuzz_run
@mkdir -p $(FUZZ_BUILD)/corpus/$(1) $(FUZZ_BUILD)/crashes $(FUZZ_BUILD)/logs
@echo "== fuzz_$(1): $(FUZZ_SECONDS) s"
@KP_FUZZ_IGNORE='$(FUZZ_IGNORE)' UBSAN_OPTIONS=print_stacktrace=1 \
$(FUZZ_BUILD)/fuzz_$(1) -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) \
	-max_len=$(call fuzz_max_len,$(1)) -print_final_stats=1 \
	$(if $(call fuzz_dict,$(1)),-dict=$(call fuzz_dict,$(1))) \
	-artifact_prefix=$(FUZZ_BUILD)/crashes/$(1)- $(FUZZ_ARGS) \
	$(FUZZ_BUILD)/corpus/$(1) $(call fuzz_seeds,$(1)) >$(FUZZ_BUILD)/logs/$(1).log 2>&1; \
rc=$$?; \
{ grep -E '^#[0-9]+[[:space:]]' $(FUZZ_BUILD)/logs/$(1).log | tail -1; \
  grep -E '^stat::number_of_executed_units|^stat::peak_rss' $(FUZZ_BUILD)/logs/$(1).log; } \
	| sed 's/^/   fuzz_$(1): /'; \
if [ $$rc -ne 0 ]; then \
	echo "FAIL fuzz_$(1) (exit $$rc): $(FUZZ_BUILD)/logs/$(1).log"; \
	grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|kaoping property|artifact_prefix|Test unit written)' \
		$(FUZZ_BUILD)/logs/$(1).log | head -8 | sed 's/^/   fuzz_$(1): /'; \
	exit 1; \
fi
endef

fuzz-%: $(FUZZ_BUILD)/fuzz_%
	$(call kp_fuzz_run,$*)

# All targets, each for FUZZ_SECONDS; a crash in one does not stop the others (-k).
KP_SELF = $(foreach f,$(filter-out %.d,$(MAKEFILE_LIST)),-f $(f))
fuzz: fuzz-build
	@$(MAKE) --no-print-directory -k $(KP_SELF) $(FUZZ_TARGETS:%=fuzz-%) && echo "fuzz: no crash"

# Every target once over its seeds and over the saved reproducers tests/fuzz/crashes/<name>-*:
# a regression gate (fails while a reported bug is unfixed).
fuzz-regress: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/logs; failed=; for t in $(FUZZ_TARGETS); do \
		files=$$(ls tests/fuzz/crashes/$$t-* 2>/dev/null); \
		if KP_FUZZ_IGNORE='$(FUZZ_IGNORE)' $(FUZZ_BUILD)/fuzz_$$t -runs=0 -timeout=$(FUZZ_TIMEOUT) \
			tests/fuzz/corpus/$$(echo $$t | sed 's/^pipeline_out$$/pipeline/') \
			>$(FUZZ_BUILD)/logs/regress-$$t.log 2>&1 && \
		   { [ -z "$$files" ] || KP_FUZZ_IGNORE='$(FUZZ_IGNORE)' $(FUZZ_BUILD)/fuzz_$$t \
			-timeout=$(FUZZ_TIMEOUT) $$files >>$(FUZZ_BUILD)/logs/regress-$$t.log 2>&1; }; then \
			echo "PASS fuzz_$$t: seeds and $$(echo $$files | wc -w) reproducers"; \
		else \
			echo "FAIL fuzz_$$t: $(FUZZ_BUILD)/logs/regress-$$t.log"; failed="$$failed $$t"; \
		fi; \
	done; [ -z "$$failed" ]

# ---- sanitizers: the whole test suite on an ASan+UBSan build and on a UBSan-only build --------

# gcc's runtimes come with build-essential; -fsanitize=undefined in gcc leaves out
# float-cast-overflow (a double too big for an int is undefined behaviour), so it is named.
SAN_CC ?= gcc
SAN_CHECKS = -fsanitize=address,undefined,float-cast-overflow
SAN_COMMON = -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_BUILD ?= build-asan
ASAN_CFLAGS ?= $(SAN_COMMON) $(SAN_CHECKS)
UBSAN_BUILD ?= build-ubsan
UBSAN_CFLAGS ?= $(SAN_COMMON) -fsanitize=undefined,float-cast-overflow

asan-build:
	$(call kp_flags_stamp,$(ASAN_BUILD),$(SAN_CC) $(ASAN_CFLAGS))
	@+$(QMAKE) BUILD=$(ASAN_BUILD) CC=$(SAN_CC) CFLAGS='$(ASAN_CFLAGS)' \
		$(ASAN_BUILD)/kaoping $(ASAN_BUILD)/unit_tests

ubsan-build:
	$(call kp_flags_stamp,$(UBSAN_BUILD),$(SAN_CC) $(UBSAN_CFLAGS))
	@+$(QMAKE) BUILD=$(UBSAN_BUILD) CC=$(SAN_CC) CFLAGS='$(UBSAN_CFLAGS)' \
		$(UBSAN_BUILD)/kaoping $(UBSAN_BUILD)/unit_tests

# tests/run_all.sh on a sanitized build. Reports go to <build>/logs (tests often swallow
# stderr); any report fails the gate even when the test that triggered it passed. CC is how
# tests/pdf/run.sh builds its own test program: sanitized too.
define kp_san_suite
@rm -rf $(1)/logs; mkdir -p $(1)/logs
@ASAN_OPTIONS=detect_leaks=1:exitcode=86:log_path=$(CURDIR)/$(1)/logs/asan \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86:log_path=$(CURDIR)/$(1)/logs/ubsan \
CC='$(SAN_CC) $(2)' tests/run_all.sh $(1); rc=$$?; \
if ls $(1)/logs/* >/dev/null 2>&1; then \
	echo "sanitizer reports ($(1)/logs):"; \
	for f in $(1)/logs/*; do echo "== $$f"; head -40 "$$f"; done; rc=1; \
fi; exit $$rc
endef

asan: asan-build
	$(call kp_san_suite,$(ASAN_BUILD),$(ASAN_CFLAGS))

ubsan: ubsan-build
	$(call kp_san_suite,$(UBSAN_BUILD),$(UBSAN_CFLAGS))

sanitize: asan ubsan

# ---- valgrind: the suite with build-valgrind/{kaoping,unit_tests} wrapping build/ -----------

# tests/run_all.sh takes its programs from a build folder, so build-valgrind holds the wrapper
# (tests/sanitize/kp-valgrind) under both names. Fewer random seeds: valgrind is ~30x slower.
VG_BUILD ?= build-valgrind
VALGRIND_SEEDS ?= 4

valgrind: all $(BUILD)/unit_tests
	@rm -rf $(VG_BUILD); mkdir -p $(VG_BUILD)/logs
	@ln -s ../tests/sanitize/kp-valgrind $(VG_BUILD)/kaoping
	@ln -s ../tests/sanitize/kp-valgrind $(VG_BUILD)/unit_tests
	@KP_VALGRIND_BUILD=$(CURDIR)/$(BUILD) KP_VALGRIND_LOGS=$(CURDIR)/$(VG_BUILD)/logs \
	KP_RANDOM_SEEDS=$(VALGRIND_SEEDS) tests/run_all.sh $(VG_BUILD); rc=$$?; \
	bad=$$(find $(VG_BUILD)/logs -type f -size +0 | sort); \
	if [ -n "$$bad" ]; then \
		echo "valgrind reports ($(VG_BUILD)/logs):"; \
		for f in $$bad; do echo "== $$f"; head -60 "$$f"; done; rc=1; \
	fi; \
	echo "valgrind: $$(ls $(VG_BUILD)/logs | wc -l) runs, $$(echo $$bad | wc -w) with errors"; \
	exit $$rc

quality-clean:
	rm -rf $(FUZZ_BUILD) $(ASAN_BUILD) $(UBSAN_BUILD) $(VG_BUILD)

kp-quality-force:

endif # KP_QUALITY_SUB
endif # KP_QUALITY_MK
