/* kp_render_check.c - `kaoping check` validates every layout and the font roles too. */
#include "kp_fonts.h"
#include "kp_layout.h"
#include "kp_render.h"
#include "kp_share.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

kp_err kp_render_check(const kp_run *run, kp_diag *d)
{
    char schema[4096], fonts_ini[4096], dir[4096];
    kp_err err = kp_share_path("layouts/layout.rng", schema, sizeof schema, d);
    if (!err && run->fonts_ini)
        snprintf(fonts_ini, sizeof fonts_ini, "%s", run->fonts_ini);
    else if (!err)
        err = kp_share_path("fonts/fonts.ini", fonts_ini, sizeof fonts_ini, d);
    if (err)
        return err;
    if (run->layouts_dir) {
        snprintf(dir, sizeof dir, "%s", run->layouts_dir);
    } else {
        char *slash = strrchr(schema, '/');
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - schema), schema);
    }
    kp_arena arena;
    kp_arena_init(&arena);
    int before = d->count;
    DIR *dp = opendir(dir);
    if (!dp)
        kp_diag_report(d, KP_ERR_MISSING, dir, 0, "cannot open the layouts folder");
    for (struct dirent *e; dp && (e = readdir(dp));) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".xml"))
            continue;
        char path[8300];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        kp_layout l;
        kp_layout_load(&l, path, schema, &arena, d);
    }
    if (dp)
        closedir(dp);
    kp_fonts fonts;
    memset(&fonts, 0, sizeof fonts);
    kp_fonts_load(&fonts, fonts_ini, &arena, d);
    kp_fonts_free(&fonts);
    kp_arena_free(&arena);
    return d->count > before ? KP_ERR_CONFIG : KP_OK;
}
