/* kp_compose_int.h - the composer's state and drawing helpers, shared by kp_compose.c,
 * kp_grid.c (tables) and kp_chart.c (charts). Internal to src/render. */
#ifndef KP_COMPOSE_INT_H
#define KP_COMPOSE_INT_H

#include "kp_compose.h"
#include "kp_text.h"

#define KP_BLACK 0x000000u
#define KP_MAX_LINES 96

/* One document being composed. Everything a composition writes lives here
 * or in doc, so documents compose in parallel. */
typedef struct {
    kp_doc *doc;
    const kp_layout *l;
    const kp_fonts *fonts;
    const kp_context *s;
    kp_diag *d;
    kp_page *page;
    double y;                 /* distance from the page top to the next line's top */
    double top, x0, x1, ybot; /* text block: top, left, right, bottom (from the page top) */
    int landscape;            /* pages added now are landscape */
    int overflow;             /* the current page was begun by the flow, not the layout */
    char mark[256];           /* a bookmark waiting for the block's first mark on a page */
    int block;                /* index of the layout block being composed */
    int last_flow;            /* the last block that set lines of text (the body's end) */
    int flow;                 /* how many texts that block set before its latest */
    int sig_alone;            /* the signature found no room under the body's last lines */
    int sig_tail;             /* the block last setting text before the signature */
    int tail, tail_flow;      /* second pass: the block (and its text) whose last lines go
                                 with the signature */
    double tail_keep;         /* room the signature needs under the tail's last line */
} composer;

const kp_chain *kp_c_chain(composer *c, const char *role);
double kp_c_em(const kp_chain *ch, double size); /* width of 一 */
void kp_c_new_page(composer *c);
/* The height a colophon (版记) later in the layout takes at the foot of the last page, or 0:
 * what a block that sizes itself to the page leaves free. */
double kp_c_colophon_after(composer *c);
/* Starts a new page unless h points fit below y. */
void kp_c_need(composer *c, double h);
/* Text whose top is `top` points from the page top. */
void kp_c_text(composer *c, const kp_chain *ch, double x, double top, double size, uint32_t rgb,
               const char *s, size_t len);
/* A line, a rectangle: y measured from the page top. */
void kp_c_line(composer *c, double x1, double y1, double x2, double y2, double w, uint32_t rgb);
void kp_c_rect(composer *c, double x, double top, double w, double h, double stroke, uint32_t rgb,
               int fill);
/* Warns once per text about characters no font of the chain has. */
void kp_c_check_glyphs(composer *c, const kp_chain *ch, const char *text, const char *who);
/* Sets text as wrapped lines between x0 + indent and x1 - indent_right,
 * justified when the block says so, continuation lines at `hang`. */
void kp_c_flow(composer *c, const kp_block *b, const char *text, double indent, double indent_right,
               double hang);

/* Tables (kp_grid.c): the ranking table, awards, indicator sheet, history. */
void kp_grid_block(composer *c, const kp_block *b);
/* How many columns a ranking table block shows for the context's kind. */
int kp_grid_ranking_columns(composer *c, const kp_block *b);
/* Charts (kp_chart.c). */
void kp_chart_block(composer *c, const kp_block *b);

#endif
