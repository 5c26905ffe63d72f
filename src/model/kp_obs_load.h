/* kp_obs_load.h - the state of one load of observations, shared by reading and placing them. */
#ifndef KP_OBS_LOAD_H
#define KP_OBS_LOAD_H

#include "kp_model_load.h"

/* Private to src/model/kp_obs*.c. A loader lives on kp_model_observations' stack for one load;
 * it borrows the builder and model, and owns the staged arrays (obs, bucket, rated, raters),
 * which placing hands over to the model or frees. */

/* What a key (indicator or input) asks of its observations. */
typedef struct {
    const char *label;
    int kind;
    kp_period_type period;
    double min, max;
    int integer, percent_ok, rater;
} key_rules;

/* A rater, kept for the duplicate check until the observations are placed. */
typedef struct {
    size_t at; /* staged index, then place in the model's obs */
    const char *rater;
} rated;

/* The state of one load: caches (a wide row repeats its subject, a file
 * its period) and the observations staged in file order. */
typedef struct {
    kp_model_builder *B;
    kp_model *m;
    key_rules rules[KP_MAX_INDICATORS + KP_MAX_INPUTS];
    const char *subj, *key_text; /* the last subject and key looked up */
    size_t entity;
    int found, key;
    char per[32];
    const char *per_text; /* the last period text parsed, its copy, result and index */
    int per_rc, per_index;
    kp_period period;
    kp_obs *obs; /* staged */
    uint32_t *bucket;
    size_t n, cap;
    rated *rated;
    size_t nrated, caprated;
    const char **raters; /* [obs]: after placement, NULL when no rater */
    int full;            /* 32-bit positions used up: no more observations are staged */
    struct {             /* the cell of the last error: a wide row's bad subject is said once */
        const char *file, *sheet;
        long line;
        int col, field;
    } last_error;
} loader;

/* The staged observations into the model, by slot and subject (a stable counting sort), then
 * each (slot, subject) run by period; frees the staged obs, bucket and rated arrays (raters
 * stay, in the model's order, for the duplicate check). */
kp_err kp_obs_place(loader *L);
/* Data errors for placed observations: a second value for a one-value key, a rater twice. */
void kp_obs_check_duplicates(loader *L);
/* Data errors for required indicators with no observation, per the rule set's policy. */
void kp_obs_check_missing(loader *L);
/* Every-rater means (raters = <kind>): a rater of another kind is an error, a missing
 * rater an error or a gap in the model (kp_obs_gaps.c); a period_mean with no value in
 * any sub-period is an error when the rule set says missing = error. */
void kp_obs_check_gaps(loader *L);

#endif
