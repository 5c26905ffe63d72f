/* kp_render_check.c - `kaoping check` validates every layout and the font roles too. */
#include "kp_compose.h"
#include "kp_fonts.h"
#include "kp_layout.h"
#include "kp_render.h"

#include <string.h>

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

kp_err kp_render_check(const kp_run *run, const kp_ruleset *rs, kp_diag *d)
{
    kp_render_files files;
    kp_err err = kp_render_locate(run, &files, d);
    if (err)
        return err;
    kp_arena arena;
    kp_arena_init(&arena);
    int before = d->count;
    kp_layout_set set;
    if (kp_layout_load_dir(&set, files.layouts, files.schema, &arena, d) == KP_OK) {
        check_unused_keys(run, &set);
        kp_render_check_docnumbers(run, rs, &set, d); /* as run checks them */
    }
    kp_fonts fonts;
    memset(&fonts, 0, sizeof fonts);
    kp_fonts_load(&fonts, files.fonts_ini, &arena, d);
    kp_fonts_free(&fonts);
    kp_arena_free(&arena);
    return d->count > before ? KP_ERR_CONFIG : KP_OK;
}
