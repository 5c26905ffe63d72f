/* kp_share.h - finds kaoping's data files (layouts, fonts, rules) in the source tree or the FHS
 * place. */
#ifndef KP_SHARE_H
#define KP_SHARE_H

#include "../base/kp_error.h"
#include <stddef.h>

/* Sets buf to the first existing of: $KAOPING_DATADIR/rel, <exe dir>/../rel
 * (the source tree, for build/kaoping), KP_DATADIR/rel (installed). */
kp_err kp_share_path(const char *rel, char *buf, size_t size, kp_diag *d);

#endif
