/* kp_layout.h - document layouts read from the layouts folder, validated by layouts/layout.rng. */
#ifndef KP_LAYOUT_H
#define KP_LAYOUT_H

#include "../base/kp_arena.h"
#include "../base/kp_error.h"

#include <stdint.h>

#define KP_LAYOUT_MAX_BLOCKS 64
#define KP_LAYOUT_MAX_COLUMNS 16
#define KP_LAYOUT_MAX_PALETTE 12

typedef enum {
    KP_B_LETTERHEAD,
    KP_B_DOCNUMBER,
    KP_B_TITLE,
    KP_B_PARA,
    KP_B_RULE,
    KP_B_TABLE,
    KP_B_SIGNATURE,
    KP_B_PAGEBREAK,
    KP_B_CHART,
    KP_B_NOTICES,
    KP_B_AWARDS,
    KP_B_INDICATORS,
    KP_B_HISTORY,
    KP_B_COLOPHON,
    KP_B_ATTACHMENTS,
    KP_B_FIELDS,
    KP_B_SIGNLINES,
    KP_B_COUNT
} kp_block_type;

/* Column fields of every table-like block (the schema says which block
 * takes which). */
typedef enum {
    KP_COL_RANK,
    KP_COL_ID,
    KP_COL_NAME,
    KP_COL_UNIT,
    KP_COL_INDICATORS,
    KP_COL_TOTAL,
    KP_COL_GRADE,
    KP_COL_GROUP,
    KP_COL_SEQ,
    KP_COL_CATEGORY,
    KP_COL_ITEM,
    KP_COL_RULE,
    KP_COL_POINTS,
    KP_COL_LEAD,
    KP_COL_SCORE,
    KP_COL_PERIOD,
    KP_COL_RANKED,
    KP_COL_AWARD,
    KP_COL_KIND,
    KP_COL_AMOUNT,
    KP_COL_SUBTOTAL, /* not in layouts: a category subtotal column of a wide ranking table */
    KP_COL_COUNT
} kp_col_field;

typedef enum { KP_AL_LEFT, KP_AL_CENTER, KP_AL_RIGHT, KP_AL_JUSTIFY } kp_align;

typedef struct {
    kp_col_field field;
    const char *label; /* NULL: the kind's or indicator's own label */
    double width;      /* relative */
    int group_over;    /* indicators: more than this many show category subtotals (0: never) */
    kp_align align;
    int has_align;
} kp_column;

/* A child of a block: a notice group (key = type, label = title), a cover
 * field (label, text), a signature line (label) or an attachment (text,
 * cond, uncond). */
typedef struct {
    const char *key, *label, *text, *cond, *uncond;
} kp_item;

typedef enum { KP_OR_PORTRAIT, KP_OR_LANDSCAPE, KP_OR_AUTO } kp_orientation;
typedef enum { KP_SCOPE_KIND, KP_SCOPE_RUN, KP_SCOPE_SUBJECT } kp_scope;
typedef enum { KP_REQ_MAIN, KP_REQ_ALL, KP_REQ_AWARD } kp_require;
typedef enum { KP_CHART_BAR, KP_CHART_TREND } kp_chart_type;

/* Lengths in points (converted from the file's mm), sizes in points. */
typedef struct {
    kp_block_type type;
    const char *role, *head_role, *text, *cond, *uncond, *bookmark;
    const char *name; /* name="lead": [document] text.<layout>.lead replaces text */
    double size, space_before, leading, indent_chars, indent_right_chars, rule_width, keep;
    uint32_t color;
    int has_color;
    kp_align align;
    kp_orientation orientation; /* pagebreak */
    int landscape_over;         /* table: more columns than this go landscape (auto) */
    kp_column columns[KP_LAYOUT_MAX_COLUMNS];
    int ncolumns;
    kp_item *items;
    int nitems;
    /* chart */
    kp_chart_type chart;
    double height, bar_height, label_width; /* points */
    int top;
    int max_bars; /* bar chart: above this many subjects, a distribution and the top and
                   * bottom ten instead of a bar each (0: always a bar each) */
    uint32_t palette[KP_LAYOUT_MAX_PALETTE];
    int npalette;
    /* awards: view sums (else list), subtotal label; indicator sheet:
     * subtotal and total labels; notices: other; colophon: cc, printer, printed lines;
     * attachments: label; signlines: date */
    int sums;
    const char *label, *total, *cc, *printer, *printed;
    long line;
} kp_block;

typedef struct {
    const char *path, *name;
    kp_scope scope;
    kp_require require;
    const char *file;      /* file name pattern ({kind}, {id}) */
    const char *award;     /* the award the document is about, or NULL */
    const char *title;     /* Info title pattern, or NULL */
    double page_w, page_h; /* points */
    double top, bottom, left, right;
    long margins_line;
    int has_pagenumber;
    kp_block pagenumber;
    double pagenumber_below;
    kp_block blocks[KP_LAYOUT_MAX_BLOCKS];
    int nblocks;
    uint64_t uses; /* bit i: the layout names kp_compose_placeholders()[i] */
} kp_layout;

/* Loads and validates a layout against schema_path (RELAX NG). Errors name
 * the file and line. Strings live in arena. */
kp_err kp_layout_load(kp_layout *l, const char *path, const char *schema_path, kp_arena *arena,
                      kp_diag *d);

/* Every layout of a folder, loaded once per run and shared (read only) by
 * every document, in file name order. */
typedef struct {
    kp_layout **items;
    int n;
} kp_layout_set;

/* Loads dir/ *.xml (sorted by name) into set, strings and layouts in arena;
 * every layout that fails is reported with its file and line, and the first
 * error returned. A folder without layouts is an error. */
kp_err kp_layout_load_dir(kp_layout_set *set, const char *dir, const char *schema_path,
                          kp_arena *arena, kp_diag *d);

#define KP_MM(x) ((x)*72.0 / 25.4)

#endif
