/* fuzz_layout.c - libFuzzer target: the layout loader (kp_layout_load: libxml2 parse, RELAX NG
 * validation against layouts/layout.rng, conversion into blocks). A layout that loads must
 * give the composer numbers it can set a page with. */
#include "base/kp_arena.h"
#include "render/kp_layout.h"

#include "fuzz_common.h"

#include <math.h>

static char xml_path[600], schema_path[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kpf_quiet(argc, argv);
    kpf_path(xml_path, sizeof xml_path, kpf_scratch(), "layout.xml");
    kpf_path(schema_path, sizeof schema_path, kpf_root(), "layouts/layout.rng");
    if (access(schema_path, R_OK) != 0) {
        perror(schema_path);
        abort();
    }
    return 0;
}

static void check_block(const kp_block *b, const char *what)
{
    KPF_CHECK("layout-numbers",
              isfinite(b->size) && isfinite(b->space_before) && isfinite(b->leading) &&
                  isfinite(b->indent_chars) && isfinite(b->indent_right_chars) &&
                  isfinite(b->rule_width),
              "%s on line %ld: a length is not finite", what, b->line);
    /* A size of 0 or less is refused later by the PDF writer; these are not refused at all
     * and move text off the page or over other text. */
    KPF_CHECK("layout-space", b->space_before >= 0 && b->leading >= 0,
              "%s on line %ld: space-before %g, leading %g", what, b->line, b->space_before,
              b->leading);
    KPF_CHECK("layout-shape", b->ncolumns >= 0 && b->ncolumns <= KP_LAYOUT_MAX_COLUMNS,
              "%s: %d columns", what, b->ncolumns);
    KPF_CHECK("layout-shape", b->role, "%s on line %ld: no role", what, b->line);
    double sum = 0;
    for (int i = 0; i < b->ncolumns; i++) {
        KPF_CHECK("layout-numbers", isfinite(b->columns[i].width),
                  "%s on line %ld: column %d width %g", what, b->line, i, b->columns[i].width);
        KPF_CHECK("layout-columns", b->columns[i].width >= 0, "%s on line %ld: column %d width %g",
                  what, b->line, i, b->columns[i].width);
        sum += b->columns[i].width;
    }
    /* All widths 0: the composer divides the text block by 1 instead and draws every column
     * with width 0, on top of each other. */
    KPF_CHECK("layout-columns", b->ncolumns == 0 || sum > 0,
              "%s on line %ld: column widths sum to %g", what, b->line, sum);
}

static void check_layout(const kp_layout *l)
{
    KPF_CHECK("layout-shape", l->nblocks >= 1 && l->nblocks <= KP_LAYOUT_MAX_BLOCKS, "%d blocks",
              l->nblocks);
    KPF_CHECK("layout-numbers",
              isfinite(l->top) && isfinite(l->bottom) && isfinite(l->left) && isfinite(l->right) &&
                  isfinite(l->pagenumber_below),
              "a margin is not finite");
    /* Margins that leave no text block put every line off the page. */
    KPF_CHECK("layout-margins",
              l->top >= 0 && l->bottom >= 0 && l->left >= 0 && l->right >= 0 &&
                  l->left + l->right < l->page_w && l->top + l->bottom < l->page_h &&
                  l->left + l->right < l->page_h && l->top + l->bottom < l->page_w,
              "margins %g %g %g %g leave no text block on a %gx%g page", l->top, l->right,
              l->bottom, l->left, l->page_w, l->page_h);
    for (int i = 0; i < l->nblocks; i++) {
        check_block(&l->blocks[i], "block");
        KPF_CHECK("layout-shape", l->blocks[i].text, "block on line %ld: no text",
                  l->blocks[i].line);
    }
    if (l->has_pagenumber)
        check_block(&l->pagenumber, "pagenumber");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kpf_write(xml_path, data, size);
    kp_arena arena;
    kp_arena_init(&arena);
    kp_diag d;
    kp_diag_init(&d);
    kp_layout *l = malloc(sizeof *l);
    if (!l)
        return 0;
    kpf_capture_begin();
    kp_err err = kp_layout_load(l, xml_path, schema_path, &arena, &d);
    long printed = kpf_capture_end();
    KPF_CHECK("layout-error-reported", (err == KP_OK) == (printed == 0),
              "kp_layout_load returned %d after printing %ld errors", (int)err, printed);
    if (err == KP_OK)
        check_layout(l);
    free(l);
    kp_arena_free(&arena);
    return 0;
}
