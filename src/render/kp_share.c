/* kp_share.c - data file lookup: environment, source tree, then the installed prefix. */
#include "kp_share.h"

#include "../base/kp_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef KP_DATADIR
#define KP_DATADIR "/usr/local/share/kaoping"
#endif

static int try_path(kp_arena *a, const char *dir, const char *rel, const char **path)
{
    *path = kp_arena_printf(a, "%s/%s", dir, rel);
    return access(*path, R_OK) == 0;
}

kp_err kp_share_path(const char *rel, kp_arena *a, const char **path, kp_diag *d)
{
    const char *env = getenv("KAOPING_DATADIR");
    if (env && try_path(a, env, rel, path))
        return KP_OK;
    char *prog = kp_file_program_dir();
    const char *up = prog ? kp_arena_printf(a, "%s/..", prog) : NULL;
    free(prog);
    if (up && try_path(a, up, rel, path))
        return KP_OK;
    if (try_path(a, KP_DATADIR, rel, path))
        return KP_OK;
    return kp_diag_report(d, KP_ERR_MISSING, rel, 0,
                          "not found next to the program nor in " KP_DATADIR);
}
