/* kp_i18n.h - messages in the user's language: GNU gettext, English msgids, po/zh_CN.po. */
#ifndef KP_I18N_H
#define KP_I18N_H

#include <libintl.h>

/* A message for people (errors, warnings, help, the run's summary), never document text:
 * what goes into a PDF, OFD, XLSX or CSV is the same in every locale. */
#define _(s) dgettext("kaoping", s)
/* Marks a string for the catalogue where it is defined; translated where it is printed. */
#define N_(s) (s)

/* Sets LC_MESSAGES and LC_CTYPE from the environment (LC_NUMERIC stays "C": numbers are
 * read and written the same in every locale) and finds the catalogue: $KAOPING_LOCALEDIR,
 * else <program's folder>/locale (the build tree), else KP_LOCALEDIR (installed). */
void kp_i18n_init(void);

#endif
