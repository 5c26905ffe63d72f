/* kp_compose.h - lays out a document from a layout and the finished results into pages. */
#ifndef KP_COMPOSE_H
#define KP_COMPOSE_H

#include "../config/kp_config.h"
#include "../rules/kp_score.h"
#include "kp_fonts.h"
#include "kp_layout.h"

/* What a document is about: the run, its results and the kind it lists. */
typedef struct {
    const kp_results *r;
    const kp_run *run;
    int kind;
    const kp_table *table; /* the period table the document lists */
} kp_subject_set;

/* Fills doc (initialised by the caller) with the pages of layout l for
 * kind `kind` of the results. Characters no font of a role has are
 * reported as warnings naming the subject. */
kp_err kp_compose(kp_doc *doc, const kp_layout *l, const kp_fonts *fonts, const kp_subject_set *s,
                  kp_diag *d);

/* Expands {name} placeholders of tmpl into buf from the run and results. */
void kp_compose_fill(const kp_subject_set *s, const char *tmpl, char *buf, size_t size);

#endif
