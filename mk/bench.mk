# mk/bench.mk - make bench: kaoping side by side with ReportLab, python3-xlsxwriter and
# LibreOffice at district, city and national scale (bench/run.sh); prints a table and writes
# bench/RESULTS.md. Included by the top-level Makefile (or: make -f Makefile -f mk/bench.mk bench).
# `make test` does not run it.
#
#   make bench [BENCH_REPS=200] [BENCH_PACKETS=district|city] [BENCH_SOFFICE_CITY=1]
#              [BENCH_PROFILE=0] [BENCH_NATIONAL_CAP_MB=4096] [BENCH_NATIONAL_TIMEOUT=240]
#   make bench-data          only the data sets (build/bench/data; national kept between runs)
#   make bench-clean         remove build/bench (the cached national set too)
#
# Time: about 6 minutes on 2 cores (national generation, ~10 s, done once and cached);
# BENCH_PACKETS=city makes it about 12. Debian packages: time, poppler-utils, linux-perf,
# valgrind, python3-reportlab, python3-xlsxwriter, libreoffice-calc-nogui (BENCH_DEB_PKGS).

ifndef KP_BENCH_MK
KP_BENCH_MK := 1

BUILD ?= build
BENCH_DIR = $(BUILD)/bench
BENCH_DEB_PKGS = time poppler-utils linux-perf valgrind python3-reportlab python3-xlsxwriter \
	libreoffice-calc-nogui fonts-arphic-uming
BENCH_PKG_CFG = harfbuzz harfbuzz-subset libxml-2.0 xlsxwriter inih libunibreak nettle libzip libdeflate gmp

.PHONY: bench bench-deps bench-data bench-clean

# Installs only what is missing, as `make deps` does.
bench-deps:
	@missing=$$(for p in $(BENCH_DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# In-process timings (stages, per-document PDF, XLSX alone, a 2-thread render pool) come from
# bench/kpbench.c, linked with the library the way tests/unit are. It is optional: if the
# library's API moved and it no longer builds, run.sh measures through the command line only.
KP_BENCH_CC = $(CC) -std=c17 -O2 -g -Wall -Wextra -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	$(shell pkg-config --cflags $(BENCH_PKG_CFG) 2>/dev/null) -Isrc -o $(BENCH_DIR)/kpbench \
	bench/kpbench.c $(BUILD)/libkaoping.a $(shell pkg-config --libs $(BENCH_PKG_CFG) 2>/dev/null) \
	-lhpdf -lm -lpthread

bench: bench-deps $(BUILD)/kaoping $(BUILD)/libkaoping.a
	@mkdir -p $(BENCH_DIR); rm -f $(BENCH_DIR)/kpbench; \
	$(KP_BENCH_CC) || echo "bench: bench/kpbench.c did not build: command-line timings only"
	@bash bench/run.sh $(BUILD)

bench-data: $(BUILD)/kaoping
	@BENCH_DATA_ONLY=1 bash bench/run.sh $(BUILD)

bench-clean:
	rm -rf $(BENCH_DIR)

endif # KP_BENCH_MK
