# mk/install.mk - installing kaoping like any Debian tool: make install/uninstall (PREFIX, DESTDIR),
# the man page from --help (help2man), bash completion, and a .deb (dpkg-buildpackage).
# Included by the top-level Makefile (or: make -f Makefile -f mk/install.mk TARGET).
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   build/install/kaoping with the data folder
#                                       $(PREFIX)/share/kaoping compiled in, then install it with
#                                       its layouts, fonts.ini, rule sets, run configs, samples,
#                                       man page and bash completion
#   make uninstall [PREFIX=] [DESTDIR=]   remove what install put there
#   make man                            build/install/kaoping.1 from --help/--version (help2man)
#   make deb                            build/deb/kaoping_<version>_<arch>.deb (dpkg-buildpackage)
#   make install-clean                  remove build/install
#
# Debian packages: help2man (man); debhelper dpkg-dev (deb); debootstrap for
# tests/install/debootstrap.sh; man-db for tests/e2e/install.sh's man page check.

ifndef KP_INSTALL_MK
KP_INSTALL_MK := 1

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
# The data folder compiled into the installed program (kp_share.c's KP_DATADIR).
KP_DATADIR ?= $(PREFIX)/share/kaoping
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DOCDIR ?= $(PREFIX)/share/doc/kaoping
INSTALL ?= install
HELP2MAN ?= help2man
INSTALL_BUILD ?= $(BUILD)/install
DEB_BUILD ?= $(BUILD)/deb

# What goes into $(KP_DATADIR), keeping the source tree's relative layout so that the run
# configs' paths (rules/…, ../samples/…) work from there.
KP_SHARE_FILES = $(wildcard layouts/*.xml layouts/*.rng) fonts/fonts.ini $(wildcard config/*.ini) \
	$(wildcard config/rules/*.ini) $(wildcard config/history/*.ini) \
	$(shell find samples -type f 2>/dev/null | LC_ALL=C sort)

# Object files of the install build are rebuilt when the compiler, flags or data folder change.
# The Makefile compiles with $(CC) $(KP_CFLAGS) $(CFLAGS) and links with $(CC) $(CFLAGS), so the
# data folder and the distribution's CPPFLAGS/LDFLAGS (dpkg-buildflags: fortify, relro, now) ride
# in CFLAGS. A Makefile that passes KP_DATADIR itself (KP_CFLAGS) gets it on the command line.
KP_DATADIR_DEFINE = -DKP_DATADIR='"$(KP_DATADIR)"'
ifneq ($(findstring KP_DATADIR,$(value KP_CFLAGS)),)
KP_INSTALL_CFLAGS = $(CFLAGS) $(CPPFLAGS) $(LDFLAGS)
else
KP_INSTALL_CFLAGS = $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $(KP_DATADIR_DEFINE)
endif
export KP_INSTALL_CFLAGS

ifeq ($(KP_INSTALL_SUB),)

.PHONY: install install-build install-clean uninstall man deb

# The sub-make builds the top-level Makefile's own $(BUILD)/kaoping in $(INSTALL_BUILD); it must
# not see these rules again (KP_INSTALL_SUB). CFLAGS travels in the environment to keep its quotes.
install-build:
	@mkdir -p $(INSTALL_BUILD)
	@printf '%s\n' "$(CC) $$KP_INSTALL_CFLAGS $(KP_DATADIR)" | cmp -s - $(INSTALL_BUILD)/.flags || \
		{ rm -rf $(INSTALL_BUILD)/obj $(INSTALL_BUILD)/*.a $(INSTALL_BUILD)/kaoping \
		  $(INSTALL_BUILD)/kaoping.1; \
		  printf '%s\n' "$(CC) $$KP_INSTALL_CFLAGS $(KP_DATADIR)" >$(INSTALL_BUILD)/.flags; }
	+@$(MAKE) --no-print-directory KP_INSTALL_SUB=1 BUILD=$(INSTALL_BUILD) \
		KP_DATADIR='$(KP_DATADIR)' CFLAGS="$$KP_INSTALL_CFLAGS" $(INSTALL_BUILD)/kaoping

KP_MAN_NAME = score assessments by published rules and publish ranked PDF and XLSX documents

# help2man runs the program with --help and --version; man/kaoping.h2m adds SYNOPSIS, EXAMPLES,
# ENVIRONMENT, FILES and SEE ALSO, with @DATADIR@ and @DOCDIR@ standing for the installed folders. help2man takes only a capitalised "Usage:" for the synopsis: the
# git-style "usage:" line that opens --help is dropped from DESCRIPTION, SYNOPSIS says it.
$(INSTALL_BUILD)/kaoping.1: man/kaoping.h2m install-build
	sed -e 's|@DATADIR@|$(subst -,\\-,$(KP_DATADIR))|g' -e 's|@DOCDIR@|$(subst -,\\-,$(DOCDIR))|g' \
		man/kaoping.h2m >$(INSTALL_BUILD)/kaoping.h2m
	$(HELP2MAN) --section=1 --name='$(KP_MAN_NAME)' --include=$(INSTALL_BUILD)/kaoping.h2m \
		--output=$@.tmp $(INSTALL_BUILD)/kaoping
	sed -i '/^\.SH DESCRIPTION$$/{n;/^usage: /{N;/\n\.PP$$/d}}' $@.tmp
	mv $@.tmp $@

man: $(INSTALL_BUILD)/kaoping.1

install: install-build $(INSTALL_BUILD)/kaoping.1 $(MO_FILES)
	@case '$(PREFIX)' in /*) ;; *) echo "kaoping: error: PREFIX '$(PREFIX)' is not absolute" >&2; exit 2;; esac
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(KP_DATADIR)
	$(INSTALL) -m 755 $(INSTALL_BUILD)/kaoping $(DESTDIR)$(BINDIR)/kaoping
	$(INSTALL) -m 644 $(INSTALL_BUILD)/kaoping.1 $(DESTDIR)$(MANDIR)/man1/kaoping.1
	$(INSTALL) -m 644 completion/kaoping $(DESTDIR)$(BASHCOMPDIR)/kaoping
	$(INSTALL) -D -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	@for l in $(LANGS); do \
		$(INSTALL) -D -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/kaoping.mo \
			$(DESTDIR)$(KP_LOCALEDIR)/$$l/LC_MESSAGES/kaoping.mo || exit 1; \
	done
	@for f in $(KP_SHARE_FILES); do \
		$(INSTALL) -D -m 644 "$$f" "$(DESTDIR)$(KP_DATADIR)/$$f" || exit 1; \
	done; echo "installed $(words $(KP_SHARE_FILES)) data files into $(DESTDIR)$(KP_DATADIR)"

# Removes the files install wrote and the folders left empty; files an office added to the data
# folder (its own fonts.ini, rule sets) stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kaoping $(DESTDIR)$(MANDIR)/man1/kaoping.1 \
		$(DESTDIR)$(BASHCOMPDIR)/kaoping $(DESTDIR)$(DOCDIR)/README.md
	@for l in $(LANGS); do rm -f $(DESTDIR)$(KP_LOCALEDIR)/$$l/LC_MESSAGES/kaoping.mo; done
	@rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null || true
	@for f in $(KP_SHARE_FILES); do rm -f "$(DESTDIR)$(KP_DATADIR)/$$f"; done
	@[ ! -d $(DESTDIR)$(KP_DATADIR) ] || find $(DESTDIR)$(KP_DATADIR) -depth -type d -empty -delete
	@[ ! -d $(DESTDIR)$(KP_DATADIR) ] || echo "kept (not installed by kaoping): $$(find $(DESTDIR)$(KP_DATADIR) -type f | head -5)"

# The package is built from a copy of the tree in $(DEB_BUILD)/kaoping-<version> (dpkg-buildpackage
# writes its results into the parent folder and runs debian/rules clean), so the work tree and
# the folder above it are left alone. debian/rules checks that debian/changelog's version is the
# program's own (kaoping --version).
KP_DEB_EXCLUDE = --exclude=./.git --exclude='./build*' --exclude=./out --exclude=./debian/kaoping \
	--exclude=./debian/.debhelper --exclude=./debian/files --exclude='./debian/*.substvars' \
	--exclude='./debian/*debhelper*' --exclude=./debian/tmp

deb:
	@v=$$(dpkg-parsechangelog -S Version) && arch=$$(dpkg-architecture -qDEB_HOST_ARCH) && \
	src=$(DEB_BUILD)/kaoping-$$v && \
	rm -rf $$src $(DEB_BUILD)/kaoping_$$v* $(DEB_BUILD)/kaoping-dbgsym_$$v* && mkdir -p $$src && \
	tar -c $(KP_DEB_EXCLUDE) -f - . | tar -x -C $$src -f - && \
	echo "dpkg-buildpackage -us -uc -b in $$src (log: $(DEB_BUILD)/build.log)" && \
	{ (cd $$src && dpkg-buildpackage -us -uc -b) >$(DEB_BUILD)/build.log 2>&1 || \
	  { tail -n 30 $(DEB_BUILD)/build.log; echo "kaoping: error: dpkg-buildpackage failed: $(DEB_BUILD)/build.log" >&2; exit 1; }; } && \
	rm -rf $$src && \
	ls -l $(DEB_BUILD)/kaoping_$${v}_$$arch.deb && dpkg-deb -f $(DEB_BUILD)/kaoping_$${v}_$$arch.deb Version Depends

install-clean:
	rm -rf $(INSTALL_BUILD)

endif # KP_INSTALL_SUB
endif # KP_INSTALL_MK
