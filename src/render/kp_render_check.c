/* kp_render_check.c - `kaoping check` validates every layout, the font roles and the names' glyphs too. */
#include "../pdf/kp_utf8.h"
#include "kp_fonts.h"
#include "kp_layout.h"
#include "kp_render.h"

#include <hb.h>
#include <string.h>

/* Code points already looked up: seen, and of those the ones some role's fonts lack. */
typedef struct {
    hb_set_t *seen, *missing;
} glyph_memo;

/* The first character of text some role's fonts lack (0: none), and that role. */
static uint32_t lacking(const kp_fonts *f, glyph_memo *g, const char *text, const char **role)
{
    size_t i = 0, len = strlen(text);
    while (i < len) {
        uint32_t cp = kp_utf8_next(text, len, &i);
        if (cp <= ' ' || kp_cp_invisible(cp) ||
            (hb_set_has(g->seen, cp) && !hb_set_has(g->missing, cp)))
            continue;
        hb_set_add(g->seen, cp);
        for (int r = 0; r < f->nroles; r++) {
            if (kp_chain_pick(&f->roles[r].chain, cp) < 0) {
                hb_set_add(g->missing, cp);
                *role = f->roles[r].name;
                return cp;
            }
        }
    }
    return 0;
}

/* Subjects whose id or name the documents could not show whole: a warning each, as the
 * renderers give (they draw a blank for such a character). */
static void check_subject_glyphs(const kp_fonts *f, const kp_model *m, const char *fonts_ini)
{
    glyph_memo g = {hb_set_create(), hb_set_create()};
    for (int s = 0; m && s < m->nsubjects; s++) {
        const char *texts[2] = {m->subjects[s].id, m->subjects[s].name}, *role = "";
        for (int t = 0; t < 2; t++) {
            uint32_t cp = texts[t] ? lacking(f, &g, texts[t], &role) : 0;
            if (cp)
                kp_warn(fonts_ini, 0, "character U+%04X of '%s' is in no font of role [%s]: "
                        "documents show a blank there", (unsigned)cp, texts[t], role);
        }
    }
    hb_set_destroy(g.seen);
    hb_set_destroy(g.missing);
}

kp_err kp_render_check(const kp_run *run, const kp_model *m, kp_diag *d)
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
    if (kp_fonts_load(&fonts, files.fonts_ini, &arena, d) == KP_OK)
        check_subject_glyphs(&fonts, m, files.fonts_ini);
    kp_fonts_free(&fonts);
    kp_arena_free(&arena);
    if (m)
        kp_render_xlsx_fits(m, "results.xlsx", d);
    return d->count > before ? KP_ERR_CONFIG : KP_OK;
}
