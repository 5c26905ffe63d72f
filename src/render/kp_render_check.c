/* kp_render_check.c - `kaoping check` validates every layout and the font roles too. */
#include "kp_fonts.h"
#include "kp_layout.h"
#include "kp_render.h"

#include <string.h>

kp_err kp_render_check(const kp_run *run, kp_diag *d)
{
    kp_render_files files;
    kp_err err = kp_render_locate(run, &files, d);
    if (err)
        return err;
    kp_arena arena;
    kp_arena_init(&arena);
    int before = d->count;
    kp_layout_set set;
    kp_layout_load_dir(&set, files.layouts, files.schema, &arena, d);
    kp_fonts fonts;
    memset(&fonts, 0, sizeof fonts);
    kp_fonts_load(&fonts, files.fonts_ini, &arena, d);
    kp_fonts_free(&fonts);
    kp_arena_free(&arena);
    return d->count > before ? KP_ERR_CONFIG : KP_OK;
}
