# mk/i18n.mk - message catalogues: po/<lang>.po compiled to $(BUILD)/locale, and `make pot`.
#   make pot        po/kaoping.pot from the sources (every message the program prints)
#   make po-update  merges the template into each po/<lang>.po (then translate what is new)
LANGS = zh_CN
POT ?= po/kaoping.pot
MO_FILES = $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/kaoping.mo)
# The functions that take a message (their format argument), besides _() and N_().
XGETTEXT_KEYWORDS = -k_ -kN_ -kkp_diag_report:5 -kkp_diag_report_at:6 -kkp_warn:3 \
	-kkp_model_error:4 -kkp_model_error_at:6 -kkp_model_row_error:5 -kcell_error:5 \
	-krow_error:5 -kfail:3 -kbad_file:2 -kusage_error:1 -kerror:3
XGETTEXT = xgettext --from-code=UTF-8 --language=C --no-location --sort-output \
	--package-name=kaoping --msgid-bugs-address= $(XGETTEXT_KEYWORDS)

.PHONY: pot po-update

$(BUILD)/locale/%/LC_MESSAGES/kaoping.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

pot:
	$(XGETTEXT) -o $(POT) $(sort $(wildcard src/*/*.c src/*/*.h))

po-update: pot
	for l in $(LANGS); do msgmerge --update --no-fuzzy-matching --sort-output po/$$l.po $(POT); done
