/* kp_render.c - runs every renderer of a run into the staging folder. */
#include "kp_render.h"
#include "kp_compose.h"
#include "kp_share.h"

#include <stdio.h>
#include <string.h>

static kp_err ranking_pdf(const kp_results *r, const kp_run *run, const kp_layout *l,
                          const kp_fonts *fonts, int kind, const char *path, kp_diag *d)
{
    kp_doc doc;
    kp_doc_init(&doc);
    kp_subject_set set = {r, run, kind, kp_results_main(r, kind)};
    char title[512];
    kp_compose_fill(&set, "{period_cn}{kind_label}考评结果排名通报", title, sizeof title);
    snprintf(doc.date, sizeof doc.date, "%s", run->date);
    kp_err err = KP_OK;
    if (kp_doc_set_info(&doc, title, run->authority, r->rs->name, run->docnumber, "kaoping") != 0)
        err = kp_diag_report(d, KP_ERR_NOMEM, path, 0, "out of memory");
    if (!err)
        err = kp_compose(&doc, l, fonts, &set, d);
    if (!err)
        err = kp_pdf_write(&doc, path, d);
    kp_doc_free(&doc);
    return err;
}

kp_err kp_render_all(const kp_results *r, const kp_run *run, kp_out *out, kp_diag *d)
{
    kp_arena arena;
    kp_arena_init(&arena);
    kp_fonts fonts;
    kp_layout layout;
    char fonts_ini[4096], layout_path[4096], schema[4096];
    const char *ldir = run->layouts_dir;
    kp_err err = KP_OK;
    if (run->fonts_ini)
        snprintf(fonts_ini, sizeof fonts_ini, "%s", run->fonts_ini);
    else
        err = kp_share_path("fonts/fonts.ini", fonts_ini, sizeof fonts_ini, d);
    if (!err && kp_share_path("layouts/layout.rng", schema, sizeof schema, d) != KP_OK)
        err = KP_ERR_MISSING;
    if (!err && ldir)
        snprintf(layout_path, sizeof layout_path, "%s/ranking.xml", ldir);
    else if (!err)
        err = kp_share_path("layouts/ranking.xml", layout_path, sizeof layout_path, d);
    kp_out_input(out, "layout", layout_path);
    kp_out_input(out, "fonts", fonts_ini);
    if (!err)
        err = kp_render_xlsx(r, run, kp_out_path(out, "results.xlsx"), d);
    if (!err)
        err = kp_layout_load(&layout, layout_path, schema, &arena, d);
    memset(&fonts, 0, sizeof fonts);
    if (!err)
        err = kp_fonts_load(&fonts, fonts_ini, &arena, d);
    for (int k = 0; !err && k < r->rs->nkinds; k++) {
        if (!kp_results_main(r, k))
            continue; /* a kind with only sub-period tables is listed in the workbook */
        char name[128];
        snprintf(name, sizeof name, "ranking-%s.pdf", r->rs->kinds[k].key);
        err = ranking_pdf(r, run, &layout, &fonts, k, kp_out_path(out, name), d);
    }
    kp_fonts_free(&fonts);
    kp_arena_free(&arena);
    return err;
}
