/* kp_results.h - what scoring finds: per-period tables of scores, ranks and grades, awards and
 * notices; the type every writer (CSV, snapshot, workbook, documents) reads. */
#ifndef KP_RESULTS_H
#define KP_RESULTS_H

#include "../base/kp_exact.h"
#include "../model/kp_model.h"

#include <math.h>
#include <stdint.h>

/* What a notice is about; each becomes a line of a warning notice. */
typedef enum {
    KP_N_TARGET,       /* a rate under its target */
    KP_N_RATERS,       /* fewer raters than the rules ask */
    KP_N_MISSING,      /* a missing observation or period, counted as the rules say and flagged */
    KP_N_CHECK,        /* a plausibility check of an optional input */
    KP_N_VETO,         /* a veto forced the grade */
    KP_N_STREAK,       /* consecutive periods in last place (or another position) */
    KP_N_DISQUALIFIED, /* a streak took a grade out of reach */
    KP_N_OVERDUE,      /* a case closed after its deadline, or still open past it */
    KP_N_LEDGER,       /* an expense breaks a funding rule */
    KP_N_COUNT
} kp_notice_type;

typedef struct {
    kp_notice_type type;
    int subject; /* model subject, or -1 with entity set */
    int entity;  /* model entity */
    int slot;    /* indicator or input slot, -1 none */
    kp_period period;
    double value, limit;
    char text[320];        /* set for streak, overdue and ledger notices (Chinese labels: 3 bytes a
                              character) */
    const char *kind_name; /* for notices about entities outside the kinds */
} kp_notice;

/* 32 bytes: a national run holds 13 tables of 500,000. */
typedef struct {
    double published; /* the total, rounded to the rule set's decimals */
    long long units;  /* published x 10^decimals, for exact comparison */
    int rank;         /* 1-based competition rank in its group; 0 when excluded */
    int group_n;      /* subjects ranked in its group */
    short grade;      /* index into the kind's grades, -1 none */
    short strikes;    /* bottom-k placings, for strike indicators */
    unsigned char vetoed : 1, excluded : 1, zeroed : 1, empty : 1;
} kp_score;

/* A table row's slots: the rule set's indicators' scores, then its categories' subtotals (each
 * computed exactly when scored, never summed again from rounded or held scores). */
#define KP_TABLE_MAX_SLOTS (2 * KP_MAX_INDICATORS)
static inline int kp_table_slots(const kp_ruleset *rs)
{
    return rs->nindicators + rs->ncategories;
}
/* The kind a slot belongs to: its indicator's, or its category's. */
static inline int kp_table_slot_kind(const kp_ruleset *rs, int slot)
{
    return slot < rs->nindicators ? rs->indicators[slot].kind
                                  : rs->category_kind[slot - rs->nindicators];
}
/* Words of a table row's bit set of stored slots. */
#define KP_TABLE_WORDS(nslots) (((size_t)(nslots) + 63) / 64)

/* One kind's results for one period: a sub-period (month, quarter), the run
 * period, or the run period rolled up from sub-periods. */
typedef struct {
    int kind;
    kp_period period;
    int obs_period; /* the period's index among the model's, -1 when no observation has it */
    int rollup, main;
    kp_score *scores; /* [subject - kind_first] */
    /* The slots of each row (subject - kind_first), without the ones that are
     * +0 (most, in a month's card): row r's are values[value_at[r]] on, one for
     * each bit set in stored[r * KP_TABLE_WORDS(kp_table_slots(rs))...], in slot
     * order. Read them with kp_table_value() and kp_table_subtotal(). */
    double *values;
    uint32_t *value_at; /* [rows + 1] */
    uint64_t *stored;
    size_t nvalues, capvalues;
    int *order; /* model subjects by group, rank, id */
    int ranked;
} kp_table;

typedef struct {
    int rule; /* index into the rule set's awards, or -1 for a streak's */
    int kind, subject;
    kp_period period;
    const char *label, *unit;
    double amount; /* NAN: none */
} kp_award;

typedef struct {
    const kp_model *m;
    const kp_ruleset *rs;
    kp_table *tables; /* kinds in rule set order, periods in time order, main last */
    int ntables;
    int main_table[KP_MAX_KINDS]; /* -1 when a kind has no run-period table */
    unsigned char *disqualified;  /* [subject]: bit g set = may not receive grade g */
    kp_notice *notices;
    size_t nnotices, capnotices;
    kp_award *awards;
    size_t nawards, capawards;
} kp_results;

void kp_results_free(kp_results *res); /* NULL is a no-op */

static inline const kp_score *kp_table_score(const kp_results *r, const kp_table *t, int subject)
{
    return &t->scores[subject - r->m->kind_first[t->kind]];
}
/* Slot `slot` of subject's row in table t (kp_table_slots); NAN for another kind's slot. */
static inline double kp_table_slot(const kp_results *r, const kp_table *t, int subject, int slot)
{
    if (kp_table_slot_kind(r->rs, slot) != t->kind)
        return NAN;
    size_t row = (size_t)(subject - r->m->kind_first[t->kind]);
    const uint64_t *bits = &t->stored[row * KP_TABLE_WORDS(kp_table_slots(r->rs))];
    int w = slot / 64;
    uint64_t bit = (uint64_t)1 << (slot % 64);
    if (!(bits[w] & bit))
        return 0.0;
    size_t k = t->value_at[row] + (size_t)__builtin_popcountll(bits[w] & (bit - 1));
    for (int i = 0; i < w; i++)
        k += (size_t)__builtin_popcountll(bits[i]);
    return t->values[k];
}
/* An indicator's score for subject in table t; NAN for another kind's indicator. */
static inline double kp_table_value(const kp_results *r, const kp_table *t, int subject,
                                    int indicator)
{
    return kp_table_slot(r, t, subject, indicator);
}
/* Whether slot `slot` of subject's row in table t is stored (else it is +0 or, for a
 * category's subtotal, the sum of its held scores). */
static inline int kp_table_stored(const kp_results *r, const kp_table *t, int subject, int slot)
{
    size_t row = (size_t)(subject - r->m->kind_first[t->kind]);
    const uint64_t *bits = &t->stored[row * KP_TABLE_WORDS(kp_table_slots(r->rs))];
    return (bits[slot / 64] >> (slot % 64)) & 1;
}
/* A category's subtotal for subject in table t (its indicators' signed, weighted scores),
 * exactly: the exact sum of the held scores, or, where a score was cut to 15 digits and
 * that sum would differ, the subtotal the scorer stored. NAN for another kind's category. */
double kp_table_subtotal(const kp_results *r, const kp_table *t, int subject, int category);
/* v (an indicator's exact score) becomes its contribution to totals and subtotals:
 * sign x weight x v. The one place the rule set's sign and weight apply. */
void kp_results_contribution(const kp_indicator *ind, kp_exact *v);
/* x = the exact signed, weighted sum of the held scores row[i] of category's indicators. */
void kp_results_category_sum(const kp_ruleset *rs, int category, const double *row, kp_exact *x);
/* Allocates t's arrays for kind's subjects (plus a row of slack): scores
 * ungraded, no indicator scores stored yet. The results' kp_results_free() frees
 * them. */
void kp_table_alloc(const kp_results *r, kp_table *t, int kind);
/* Appends row `at`'s slots (row[i] for the kind's slots, kp_table_slots of them) to
 * t, leaving out those that are +0; rows come in order. */
void kp_table_store_row(kp_results *r, kp_table *t, size_t at, const double *row);
/* The run period's table of a kind, or NULL. */
const kp_table *kp_results_main(const kp_results *r, int kind);

/* Human-readable text of a notice (Chinese, periods as 2023-05: the CSV,
 * the workbook and stderr). */
void kp_notice_text(const kp_results *r, const kp_notice *n, char *buf, size_t size);
/* The same as a document's sentence: 2023年5月, no spaces around numbers. */
void kp_notice_sentence(const kp_results *r, const kp_notice *n, char *buf, size_t size);
const char *kp_notice_type_name(kp_notice_type t);

#endif
