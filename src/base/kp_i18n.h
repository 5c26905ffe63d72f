/* kp_i18n.h - messages in the user's language: GNU gettext, English msgids, po/zh_CN.po. */
#ifndef KP_I18N_H
#define KP_I18N_H

#include <libintl.h>

/* A message for people (errors, warnings, help, the run's summary), never document text:
 * what goes into a PDF, OFD, XLSX or CSV is the same in every locale. */
#define _(s) dgettext("kaoping", s)
/* Marks a string for the catalogue where it is defined; translated where it is printed. */
#define N_(s) (s)

/* Sets LC_MESSAGES from the environment, and nothing else: numbers (LC_NUMERIC) and
 * character classes (LC_CTYPE) stay "C", so input is read the same in every locale; the
 * catalogue is bound to UTF-8. Finds it in $KAOPING_LOCALEDIR, else <program's
 * folder>/locale (the build tree), else KP_LOCALEDIR (installed). */
void kp_i18n_init(void);

#endif
