/* kp_share.c - data file lookup: environment, source tree, then the installed prefix. */
#include "kp_share.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef KP_DATADIR
#define KP_DATADIR "/usr/local/share/kaoping"
#endif

static int try_path(const char *dir, const char *rel, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s/%s", dir, rel);
    return n > 0 && (size_t)n < size && access(buf, R_OK) == 0;
}

kp_err kp_share_path(const char *rel, char *buf, size_t size, kp_diag *d)
{
    const char *env = getenv("KAOPING_DATADIR");
    if (env && try_path(env, rel, buf, size))
        return KP_OK;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            strcpy(slash, "/..");
            if (try_path(exe, rel, buf, size))
                return KP_OK;
        }
    }
    if (try_path(KP_DATADIR, rel, buf, size))
        return KP_OK;
    return kp_diag_report(d, KP_ERR_MISSING, rel, 0,
                          "not found next to the program nor in " KP_DATADIR);
}
