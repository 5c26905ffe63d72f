/* kp_render_check.c - `kaoping check` validates every layout, the font roles and the names' glyphs
 * too. */
#include "../pdf/kp_utf8.h"
#include "kp_compose.h"
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
                kp_warn(fonts_ini, 0,
                        "character U+%04X of '%s' is in no font of role [%s]: "
                        "documents show a blank there",
                        (unsigned)cp, texts[t], role);
        }
    }
    hb_set_destroy(g.seen);
    hb_set_destroy(g.missing);
}

/* [document] keys that reach a document only through their {placeholder}. */
static const char *const shown_keys[] = {"title", "addressee", "cc", "note", "printer", NULL};

static int placeholder_index(const char *name)
{
    const char *const *names = kp_compose_placeholders();
    for (int i = 0; names[i]; i++)
        if (!strcmp(names[i], name))
            return i;
    return -1;
}

/* A [document] key that no layout shows is a setting the clerk believes
 * printed: warn at its line. */
static void check_unused_keys(const kp_run *run, const kp_layout_set *set)
{
    uint64_t uses = 0;
    for (int j = 0; j < set->n; j++)
        uses |= set->items[j]->uses;
    for (int i = 0; i < run->ndoc_keys; i++) {
        const kp_run_key *k = &run->doc_keys[i];
        int shown = 0, p = placeholder_index(k->key);
        for (int s = 0; shown_keys[s]; s++)
            shown |= !strcmp(shown_keys[s], k->key);
        if (shown && k->value[0] && p >= 0 && p < 64 && !(uses >> p & 1))
            kp_warn(run->path, k->line,
                    "[document] %s is shown by no layout (none has {%s}); it is unused", k->key,
                    k->key);
    }
}

kp_err kp_render_check(const kp_run *run, const kp_ruleset *rs, const kp_model *m, kp_diag *d)
{
    kp_arena arena;
    kp_arena_init(&arena);
    kp_render_files files;
    kp_err err = kp_render_locate(run, &files, &arena, d);
    if (err) {
        kp_arena_free(&arena);
        return err;
    }
    int before = d->count;
    kp_layout_set set;
    if (kp_layout_load_dir(&set, files.layouts, files.schema, &arena, d) == KP_OK) {
        check_unused_keys(run, &set);
        kp_render_check_docnumbers(run, rs, &set, d); /* as run checks them */
        kp_render_check_run(run, &set, d);
    }
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
