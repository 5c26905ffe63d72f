/* kp_score.h - the scoring stages: indicator scores, totals, ranks, grades, notices. */
#ifndef KP_SCORE_H
#define KP_SCORE_H

#include "../model/kp_model.h"

/* What a notice is about; each becomes a line of a warning notice. */
typedef enum {
    KP_N_TARGET,  /* a rate under its target */
    KP_N_RATERS,  /* fewer raters than the rules ask */
    KP_N_MISSING, /* a missing observation, excluded and flagged */
    KP_N_CHECK,   /* a plausibility check of an optional input */
    KP_N_VETO,    /* a veto forced the grade */
    KP_N_COUNT
} kp_notice_type;

typedef struct {
    kp_notice_type type;
    int subject, slot;
    kp_period period;
    double value, limit;
} kp_notice;

typedef struct {
    double total;     /* unrounded */
    double published; /* rounded to the rule set's decimals */
    long long units;  /* published x 10^decimals, for exact comparison */
    int rank;         /* 1-based competition rank; 0 when excluded */
    int grade;        /* index into the kind's grades, -1 none */
    int vetoed, excluded;
    int strikes;      /* bottom-k placings, for strike indicators */
} kp_score;

typedef struct {
    const kp_model *m;
    const kp_ruleset *rs;
    kp_score *scores; /* per model subject; malloc'd */
    double *values;   /* [subject * nindicators + indicator]; NAN when not of the kind */
    int *order;       /* subjects of each kind by rank then id: order[kind_first[k] ..] */
    int ranked[KP_MAX_KINDS]; /* subjects ranked per kind */
    kp_notice *notices;       /* malloc'd */
    size_t nnotices, capnotices;
} kp_results;

/* Runs every stage of the rule set over the model. The results borrow the
 * model. Caller frees with kp_results_free(). */
kp_err kp_score_run(kp_results *res, const kp_model *m, kp_diag *d);
void kp_results_free(kp_results *res); /* NULL is a no-op */

static inline double kp_results_value(const kp_results *r, int subject, int indicator)
{
    return r->values[(size_t)subject * (size_t)r->rs->nindicators + (size_t)indicator];
}

/* Human-readable text of a notice (Chinese, for documents and stderr). */
void kp_notice_text(const kp_results *r, const kp_notice *n, char *buf, size_t size);

/* Standard competition ranks of values sorted descending: ranks[i] for
 * units[i]. Exposed for unit tests. */
void kp_score_competition_ranks(const long long *units, int n, int *ranks);
/* Quota k = floor(p% x n + epsilon), as the rules define it. */
int kp_score_quota(double percent, int n);

#endif
