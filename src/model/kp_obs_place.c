/* kp_obs_place.c - observations placed by slot and subject; duplicates and gaps checked. */
#include "kp_buckets.h"
#include "../base/kp_mem.h"
#include "kp_obs_load.h"
#include "../base/kp_map.h"

#include <stdlib.h>
#include <string.h>

static int obs_before(const kp_model *m, const kp_obs *a, const kp_obs *b)
{
    int pa = m->periods[a->period].start, pb = m->periods[b->period].start;
    return pa != pb ? pa < pb : a->line < b->line;
}

/* One (slot, subject) run into period then line order: an insertion sort,
 * as the run is short and, when the file comes period by period, in order. */
static void sort_run(const kp_model *m, kp_obs *o, const char **raters, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        kp_obs x = o[i];
        const char *r = raters ? raters[i] : NULL;
        size_t j = i;
        for (; j > 0 && obs_before(m, &x, &o[j - 1]); j--) {
            o[j] = o[j - 1];
            if (raters)
                raters[j] = raters[j - 1];
        }
        o[j] = x;
        if (raters)
            raters[j] = r;
    }
}

/* The staged observations into the model, by slot and subject (a stable
 * counting sort: no comparison, no second copy of the keys), then each
 * run by period. */
kp_err kp_obs_place(loader *L)
{
    kp_model *m = L->m;
    size_t nb = m->nbuckets;
    m->obs_at = kp_xmalloc(sizeof *m->obs_at * (nb + 1));
    m->obs = kp_xmalloc(sizeof *m->obs * (L->n ? L->n : 1));
    L->raters = L->nrated ? kp_xcalloc(L->n, sizeof *L->raters) : NULL;
    kp_buckets_place(L->bucket, L->n, m->obs_at, nb);
    for (size_t i = 0; i < L->n; i++)
        m->obs[L->bucket[i]] = L->obs[i];
    for (size_t k = 0; k < L->nrated; k++)
        L->raters[L->bucket[L->rated[k].at]] = L->rated[k].rater;
    m->nobs = L->n;
    free(L->obs);
    free(L->bucket);
    free(L->rated);
    L->obs = NULL;
    L->bucket = NULL;
    L->rated = NULL;
    for (size_t b = 0; b < nb; b++)
        sort_run(m, m->obs + m->obs_at[b], L->raters ? L->raters + m->obs_at[b] : NULL,
                 m->obs_at[b + 1] - m->obs_at[b]);
    return KP_OK;
}

static int many_values(const kp_model *m, int slot)
{
    if (slot >= m->rs->nindicators)
        return 0;
    kp_method meth = m->rs->indicators[slot].method;
    return meth == KP_M_SUM || kp_method_rated(meth);
}

/* A rater twice among one period's observations [from, to) of a run. The rater keys are
 * hashed: one pass, where a scan back from each rater was quadratic (200,000 raters of one
 * worker took 73 s). The first rating is the one named. */
static void rater_duplicates(loader *L, int slot, int subject, size_t from, size_t to)
{
    kp_model *m = L->m;
    kp_map seen;
    kp_map_init(&seen);
    for (size_t i = from; i < to; i++) {
        size_t first;
        int put = L->raters[i] ? kp_map_put(&seen, L->raters[i], i, &first) : 1;
        if (put == 0)
            kp_model_error(L->B, m->obs_name, m->obs[i].line,
                           "rater '%s' already rated '%s' for "
                           "'%s' on line %ld",
                           L->raters[i], m->subjects[subject].id, L->rules[slot].label,
                           (long)m->obs[first].line);
    }
    kp_map_free(&seen);
}

/* Duplicates in one (slot, subject) run, period by period: a second value for a one-value
 * key, or a rater twice. */
static void run_duplicates(loader *L, int slot, int subject, size_t start, size_t end)
{
    kp_model *m = L->m;
    int many = many_values(m, slot);
    for (size_t i = start, j; i < end; i = j) {
        for (j = i + 1; j < end && m->obs[j].period == m->obs[i].period; j++)
            if (!many)
                kp_model_error(L->B, m->obs_name, m->obs[j].line,
                               "duplicate observation: '%s' for '%s' in "
                               "this period is already on line %ld",
                               L->rules[slot].label, m->subjects[subject].id,
                               (long)m->obs[j - 1].line);
        if (many && L->raters && j - i > 1)
            rater_duplicates(L, slot, subject, i, j);
    }
}

/* Whether two observations share a cell (slot, subject, period), in one
 * pass in memory order; usually none do, and the walk in message order,
 * slot by slot, which strides through memory, is skipped. */
static int shares_cells(const kp_model *m)
{
    for (size_t b = 0; b < m->nbuckets; b++)
        for (size_t i = m->obs_at[b] + 1; i < m->obs_at[b + 1]; i++)
            if (m->obs[i].period == m->obs[i - 1].period)
                return 1;
    return 0;
}

void kp_obs_check_duplicates(loader *L)
{
    kp_model *m = L->m;
    if (!shares_cells(m))
        return;
    for (int slot = 0; slot < m->rs->nindicators + m->rs->ninputs; slot++) {
        int kind = L->rules[slot].kind;
        for (int s = m->kind_first[kind]; s < m->kind_first[kind] + m->kind_count[kind]; s++) {
            size_t b = kp_model_bucket(m, slot, s);
            run_duplicates(L, slot, s, m->obs_at[b], m->obs_at[b + 1]);
        }
    }
}

/* Whether slot has an observation for subject in period index p (-1: none). */
static int has_obs(const kp_model *m, int slot, int subject, int p)
{
    kp_obs_range rg = kp_model_obs(m, slot, subject);
    for (size_t k = rg.start; p >= 0 && k < rg.start + rg.count; k++)
        if (m->obs[k].period == p)
            return 1;
    return 0;
}

/* The periods (index below 63: bit p) in which subject s has an
 * observation of an indicator; bit 63 when some period's index is higher.
 * A subject's observations lie side by side, so this is one short scan. */
static uint64_t periods_of(const kp_model *m, int s)
{
    int kind = m->subjects[s].kind;
    size_t b =
        m->kind_bucket[kind] + (size_t)(s - m->kind_first[kind]) * (size_t)m->kind_slots[kind];
    uint64_t seen = 0;
    for (size_t k = m->obs_at[b]; k < m->obs_at[b + (size_t)m->kind_slots[kind]]; k++)
        if (m->obs[k].slot < m->rs->nindicators)
            seen |= m->obs[k].period < 63 ? (uint64_t)1 << m->obs[k].period : (uint64_t)1 << 63;
    return seen;
}

/* Whether subject s has any observation of an indicator of its kind in p. */
static int has_any_obs(const kp_model *m, int kind, int s, int p)
{
    for (int i = 0; i < m->rs->nindicators; i++)
        if (m->rs->indicators[i].kind == kind && has_obs(m, i, s, p))
            return 1;
    return 0;
}

/* A required indicator's missing observations, subject by subject. */
static void check_missing_of(loader *L, const kp_indicator *ind, int i)
{
    kp_model *m = L->m;
    const kp_ruleset *rs = m->rs;
    kp_period subs[KP_PERIOD_MAX_SPLIT];
    int at[KP_PERIOD_MAX_SPLIT];
    kp_period_type pt = rs->kinds[ind->kind].period;
    int np = kp_period_split(&m->period, pt == KP_PER_RANGE ? m->period.type : pt, subs,
                             KP_PERIOD_MAX_SPLIT);
    for (int p = 0; p < np; p++)
        at[p] = kp_model_period_index(m, &subs[p]);
    char per[32];
    for (int s = 0; s < m->kind_count[ind->kind]; s++) {
        int subj = m->kind_first[ind->kind] + s;
        uint64_t seen = 0, known = 0;
        for (int p = 0; p < np; p++) {
            if (has_obs(m, i, subj, at[p]))
                continue;
            if (rs->kinds[ind->kind].missing_period != KP_MISS_ERROR) {
                if (!known++)
                    seen = periods_of(m, subj);
                int any = at[p] < 0                     ? 0
                          : at[p] < 63 && !(seen >> 63) ? (int)(seen >> at[p] & 1)
                                                        : has_any_obs(m, ind->kind, subj, at[p]);
                if (!any)
                    continue; /* a whole period without a card: the kind's policy decides */
            }
            const kp_subject *su = &m->subjects[subj];
            kp_period_format(&subs[p], per, sizeof per);
            kp_model_error(L->B, m->obs_name, 0, "no '%s' (%s) for '%s' (%s) in %s", ind->key,
                           ind->label, su->id, su->name, per);
        }
    }
}

/* Required indicators with no observation are errors unless the rule
 * set's missing-data policy for them says zero or flag. */
void kp_obs_check_missing(loader *L)
{
    kp_model *m = L->m;
    const kp_ruleset *rs = m->rs;
    for (int i = 0; i < rs->nindicators; i++) {
        const kp_indicator *ind = &rs->indicators[i];
        if (ind->missing == KP_MISS_ERROR &&
            (ind->method == KP_M_VALUE || kp_method_rated(ind->method) || ind->method == KP_M_FLAG))
            check_missing_of(L, ind, i);
    }
    for (int s = 0; s < m->nsubjects; s++) {
        const kp_subject *sub = &m->subjects[s];
        if (m->entities[sub->entity].is_person && sub->unit < 0) {
            for (int i = 0; i < rs->nindicators; i++)
                if (rs->indicators[i].kind == sub->kind && rs->indicators[i].method == KP_M_REF)
                    kp_model_error(L->B, "people.csv", m->entities[sub->entity].line,
                                   "'%s' (%s) is in unit '%s', which is not assessed", sub->id,
                                   sub->name, m->entities[sub->entity].unit);
        }
    }
}
