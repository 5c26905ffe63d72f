/* kp_compose.h - lays out a document from a layout and the finished results into pages. */
#ifndef KP_COMPOSE_H
#define KP_COMPOSE_H

#include "../config/kp_config.h"
#include "../rules/kp_score.h"
#include "kp_fonts.h"
#include "kp_layout.h"

/* What a document is about: the run and its results, and a kind, a table
 * and a subject when the layout's scope has them. Read only: several
 * documents may be composed from the same results at once. */
typedef struct {
    const kp_results *r;
    const kp_run *run;
    const kp_layout *layout;
    int kind;              /* -1: a run document */
    const kp_table *table; /* the kind's run-period table, else its last one; NULL for a run */
    int subject;           /* model subject, -1 none */
} kp_context;

/* Fills doc (initialised by the caller) with the pages of layout l for
 * the context. Characters no font of a role has are reported as warnings
 * naming the subject. Bookmarks the layout asks for are added to doc.
 * Touches nothing but doc: documents may be composed in parallel. */
kp_err kp_compose(kp_doc *doc, const kp_layout *l, const kp_fonts *fonts, const kp_context *s,
                  kp_diag *d);

/* Expands {name} placeholders of tmpl from the run and results (layout text is indented
 * XML: its line breaks and indentation collapse), whole, however long its values:
 * malloc'd, the caller frees it. *empty (when not NULL): placeholders that had no value. */
char *kp_compose_text(const kp_context *s, const char *tmpl, int *empty);
/* kp_compose_text into buf[size], for short fixed texts (a bookmark, a signature line):
 * cut between characters when longer. Returns the placeholders that had no value. */
int kp_compose_fill(const kp_context *s, const char *tmpl, char *buf, size_t size);
/* The names kp_compose_value knows, NULL-terminated (a static table). */
const char *const *kp_compose_placeholders(void);
/* name's index in that table, or -1. */
int kp_compose_placeholder_index(const char *name);
/* A {name} is at most this long, braces included; a longer brace is text. */
#define KP_PLACEHOLDER_MAX 40
/* When p starts a {name} as kp_compose_text reads it: name set, and the text after its
 * closing brace returned; else NULL. The filler and both checks (layouts, run texts) read
 * placeholders through this. */
const char *kp_compose_placeholder_at(const char *p, char name[KP_PLACEHOLDER_MAX]);
/* The value of one placeholder (empty when it has none). */
void kp_compose_value(const kp_context *s, const char *name, char *buf, size_t size);

/* The short label of a sub-period on a chart axis: 5月, 第一季度, 上半年, 2023年. */
void kp_compose_period_short(const kp_period *p, char *buf, size_t size);
/* An award's amount with its unit: 3000元, -50%, 1星; empty when it has none. */
void kp_compose_amount(double amount, const char *unit, char *buf, size_t size);
/* The table of kind `kind` for period p, or NULL. */
const kp_table *kp_compose_table_of(const kp_results *r, int kind, const kp_period *p);
/* Non-zero when award a is one the context's layout lists (its `award`
 * label, or every award when the layout names none) and belongs to the
 * context's kind or subject where it has them. */
int kp_compose_award_in(const kp_context *s, const kp_award *a);
/* Non-zero for a penalty kept with the awards (a pay cut: a negative amount).
 * The award lists leave penalties out; {penalty_list} names them. */
int kp_compose_award_is_penalty(const kp_award *a);
/* Whether an award is money (元): only money adds up across people in a 小计, in the
 * documents and the workbook alike (50% and 50% are no 100%). */
int kp_compose_award_is_money(const kp_award *a);
/* The note number (1, 2, ...) of subject subj in table t: subjects vetoed or
 * kept from a grade are marked in the ranking table, in table order, and
 * {table_notes} says why; 0 for a subject without a note. */
int kp_compose_note_of(const kp_results *r, const kp_table *t, int subj);
/* The note mark of number n: ① .. ⑳, then (21) on. */
void kp_compose_note_mark(int n, char *buf, size_t size);

#endif
