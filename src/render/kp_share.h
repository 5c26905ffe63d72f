/* kp_share.h - finds kaoping's data files (layouts, fonts, rules) in the source tree or the FHS
 * place. */
#ifndef KP_SHARE_H
#define KP_SHARE_H

#include "../base/kp_arena.h"
#include "../base/kp_error.h"

/* Sets *path (arena-owned) to the first existing of: $KAOPING_DATADIR/rel,
 * <exe dir>/../rel (the source tree, for build/kaoping), KP_DATADIR/rel (installed). */
kp_err kp_share_path(const char *rel, kp_arena *a, const char **path, kp_diag *d);

#endif
