/* kp_layout.h - document layouts read from the layouts folder, validated by layouts/layout.rng. */
#ifndef KP_LAYOUT_H
#define KP_LAYOUT_H

#include "../base/kp_arena.h"
#include "../base/kp_error.h"

#include <stdint.h>

#define KP_LAYOUT_MAX_BLOCKS 64
#define KP_LAYOUT_MAX_COLUMNS 16

typedef enum {
    KP_B_LETTERHEAD,
    KP_B_DOCNUMBER,
    KP_B_TITLE,
    KP_B_PARA,
    KP_B_RULE,
    KP_B_TABLE,
    KP_B_SIGNATURE,
    KP_B_PAGEBREAK
} kp_block_type;

typedef enum { KP_COL_RANK, KP_COL_ID, KP_COL_NAME, KP_COL_UNIT, KP_COL_INDICATORS, KP_COL_TOTAL,
               KP_COL_GRADE, KP_COL_GROUP, KP_COL_CATEGORY } kp_col_field;

typedef struct {
    kp_col_field field;
    const char *label; /* NULL: the kind's or indicator's own label */
    double width;      /* relative */
    int group_over;    /* indicators: more than this many show category subtotals (0: never) */
} kp_column;

typedef enum { KP_OR_PORTRAIT, KP_OR_LANDSCAPE, KP_OR_AUTO } kp_orientation;

typedef enum { KP_AL_LEFT, KP_AL_CENTER, KP_AL_RIGHT, KP_AL_JUSTIFY } kp_align;

/* Lengths in points (converted from the file's mm), sizes in points. */
typedef struct {
    kp_block_type type;
    const char *role, *head_role, *text, *cond;
    double size, space_before, leading, indent_chars, indent_right_chars, rule_width;
    uint32_t color;
    int has_color;
    kp_align align;
    kp_orientation orientation; /* pagebreak */
    int landscape_over;         /* table: more columns than this go landscape (auto) */
    kp_column columns[KP_LAYOUT_MAX_COLUMNS];
    int ncolumns;
    long line;
} kp_block;

typedef struct {
    const char *path, *name;
    double page_w, page_h; /* points */
    double top, bottom, left, right;
    int has_pagenumber;
    kp_block pagenumber;
    double pagenumber_below;
    kp_block blocks[KP_LAYOUT_MAX_BLOCKS];
    int nblocks;
} kp_layout;

/* Loads and validates a layout against schema_path (RELAX NG). Errors name
 * the file and line. Strings live in arena. */
kp_err kp_layout_load(kp_layout *l, const char *path, const char *schema_path, kp_arena *arena,
                      kp_diag *d);

#define KP_MM(x) ((x) * 72.0 / 25.4)

#endif
