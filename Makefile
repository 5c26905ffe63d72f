# kaoping - the front door: make, make demo, make test, make deps.
CC ?= cc
PKGS = harfbuzz harfbuzz-subset libxml-2.0 xlsxwriter inih libunibreak nettle libzip libdeflate gmp
CFLAGS ?= -O2 -g
KP_CFLAGS = -std=c17 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
KP_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lm
BUILD ?= build
# The data folder compiled in (src/render/kp_share.c): found there when installed (mk/install.mk).
PREFIX ?= /usr/local
KP_DATADIR ?= $(PREFIX)/share/kaoping
KP_CFLAGS += -DKP_DATADIR='"$(KP_DATADIR)"'
# The message catalogues compiled in (src/base/kp_i18n.c), beside the program in the build tree.
KP_LOCALEDIR ?= $(PREFIX)/share/locale
KP_CFLAGS += -DKP_LOCALEDIR='"$(KP_LOCALEDIR)"'

SRC_LIB = $(filter-out src/cli/kp_main.c $(SRC_EXCLUDE),$(wildcard src/*/*.c))
OBJ_LIB = $(SRC_LIB:%.c=$(BUILD)/obj/%.o)
OBJ_MAIN = $(BUILD)/obj/src/cli/kp_main.o
DEPFILES = $(OBJ_LIB:.o=.d) $(OBJ_MAIN:.o=.d)

# Debian packages: libraries, CJK TrueType fonts and the test tools (slurm-wlm and munge:
# tests/e2e/slurm.sh runs the render shards as a Slurm job array on a one-node cluster).
DEB_PKGS = build-essential pkg-config libhpdf-dev libxlsxwriter-dev libxml2-dev libinih-dev \
	libharfbuzz-dev libunibreak-dev nettle-dev libzip-dev libdeflate-dev libgmp-dev icc-profiles-free fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei \
	fonts-hanazono fonts-liberation2 poppler-utils qpdf python3-openpyxl python3-pil help2man man-db debhelper clang-format \
	slurm-wlm munge libreoffice-calc-nogui libxml2-utils gettext locales

include mk/i18n.mk

.PHONY: all deps deps-ofd-reader demo test check check-all check-unit clean golden-update

all: $(BUILD)/kaoping $(MO_FILES)

$(BUILD)/kaoping: $(OBJ_MAIN) $(BUILD)/libkaoping.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(KP_LIBS)

$(BUILD)/libkaoping.a: $(OBJ_LIB)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(KP_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(DEPFILES)

# Installs only what is missing (apt-get needs root; CI and the quick start run as root).
deps:
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@# The Chinese locale the messages are tested in, and one with a decimal comma (i18n.sh).
	@for l in zh_CN de_DE; do locale -a 2>/dev/null | grep -qix "$$l.utf8" || { \
		sed -i "s/^# *$$l.UTF-8 UTF-8/$$l.UTF-8 UTF-8/" /etc/locale.gen && \
		grep -q "^$$l.UTF-8 UTF-8" /etc/locale.gen || echo "$$l.UTF-8 UTF-8" >>/etc/locale.gen; \
		locale-gen >/dev/null; }; done

# The independent OFD reader of tests/e2e/ofd_reader.sh: Debian's Chromium, Node.js and npm (when
# no node is there yet), then ofd.js 0.2.6 and puppeteer-core as tests/ofd/reader/package-lock.json
# pins them, into $(BUILD)/ofd-reader (again only when the lock changed). `make test` runs it.
OFD_READER = $(BUILD)/ofd-reader
deps-ofd-reader: deps
	@dpkg-query -W -f='$${Status}\n' chromium 2>/dev/null | grep -q 'install ok installed' || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@command -v npm >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	@mkdir -p $(OFD_READER)
	@cmp -s tests/ofd/reader/package-lock.json $(OFD_READER)/package-lock.json && \
		[ -d $(OFD_READER)/node_modules/ofd.js ] || { \
		cp tests/ofd/reader/package.json tests/ofd/reader/package-lock.json $(OFD_READER)/ && \
		cd $(OFD_READER) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; }

# What `make fuzz` and `make valgrind` need besides the build (not needed by make test).
QUALITY_PKGS = clang libclang-rt-14-dev valgrind
deps-quality: deps
	@missing=$$(for p in $(QUALITY_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

SAMPLE_CONFIGS = $(wildcard config/*.ini)

demo: deps
	$(MAKE) all
	@for c in $(SAMPLE_CONFIGS); do \
		echo "== $$c"; ./$(BUILD)/kaoping run $$c || exit 1; \
	done

# Test tiers: check-unit (seconds), check (everything, installs nothing), test (deps, then
# check: what CI and the quick start run). `make check T=name` runs one test: "unit" or a
# script of tests/e2e (T=archive runs tests/e2e/archive.sh).
test: deps deps-ofd-reader
	$(MAKE) -s check

check: all $(BUILD)/unit_tests
	@T='$(T)' tests/run_all.sh $(BUILD)

check-all: check

check-unit: $(BUILD)/unit_tests
	@$(BUILD)/unit_tests

$(BUILD)/unit_tests: tests/unit/test_main.c $(wildcard tests/unit/*.c) $(BUILD)/libkaoping.a
	$(CC) $(KP_CFLAGS) $(CFLAGS) -Isrc -o $@ $(wildcard tests/unit/*.c) $(BUILD)/libkaoping.a $(KP_LIBS)

# Rewrites the golden files from the current build, for review as a diff.
golden-update: all
	@tests/golden_update.sh $(BUILD)

clean:
	rm -rf $(BUILD)

include mk/install.mk
include mk/lint.mk
include mk/quality.mk
include mk/bench.mk
