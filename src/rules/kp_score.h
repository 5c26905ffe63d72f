/* kp_score.h - the scoring stages: they fill the results (results/kp_results.h) from the model. */
#ifndef KP_SCORE_H
#define KP_SCORE_H

#include "../results/kp_results.h"

/* Runs every stage of the rule set over the model. The results borrow the
 * model. Caller frees with kp_results_free(). */
kp_err kp_score_run(kp_results *res, const kp_model *m, kp_diag *d);

/* Standard competition ranks of values sorted descending: ranks[i] for
 * units[i]. Exposed for unit tests. */
void kp_score_competition_ranks(const long long *units, int n, int *ranks);
/* Quota k = floor(p% x n + epsilon), as the rules define it. */
int kp_score_quota(double percent, int n);

/* Stage entry points shared between the scoring files. */
void kp_score_notice(kp_results *r, kp_notice_type t, int subject, int slot, const kp_period *p,
                     double value, double limit);
int kp_score_award(kp_results *r, int rule, int kind, int subject, const kp_period *p,
                   const char *label, const char *unit, double amount);
void kp_score_rank(kp_results *r, kp_table *t);
void kp_score_grade(kp_results *r, kp_table *t);
void kp_score_awards(kp_results *r, int kind);
void kp_score_streaks(kp_results *r, int kind, int years);
kp_err kp_score_cases(kp_results *r, kp_diag *d);
kp_err kp_score_ledger(kp_results *r, kp_diag *d);

#endif
