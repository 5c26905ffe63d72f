/* kp_obs_gaps.c - data the rules say is given but is not: every rater of a kind, every period. */
#include "kp_obs_load.h"
#include "../base/kp_mem.h"

#include <stdio.h>
#include <stdlib.h>

kp_missing kp_model_gap_policy(const kp_indicator *ind)
{
    return ind->missing_set ? ind->missing : KP_MISS_FLAG;
}

/* The sub-periods a kind is scored in within the run, and their indexes among the
 * model's periods (-1: no observation has it). */
static int kind_periods(const kp_model *m, int kind, kp_period *subs, int *at)
{
    kp_period_type pt = m->rs->kinds[kind].period;
    int np = kp_period_split(&m->period, pt == KP_PER_RANGE ? m->period.type : pt, subs,
                             KP_PERIOD_MAX_SPLIT);
    for (int p = 0; p < np; p++)
        at[p] = kp_model_period_index(m, &subs[p]);
    return np;
}

static void add_gap(kp_model *m, size_t *cap, const kp_rater_gap *g)
{
    if (m->ngaps == *cap) {
        size_t n = *cap ? *cap * 2 : 64;
        kp_rater_gap *grown = kp_xrealloc(m->gaps, sizeof *grown * n);
        m->gaps = grown;
        *cap = n;
    }
    m->gaps[m->ngaps++] = *g;
}

/* Marks (with stamp) the raters who rated in obs[start, end) of period p; a rater who is
 * not a subject of the raters kind is an error at its line. */
static void mark_raters(loader *L, int rk, size_t start, size_t end, int p, int *seen, int stamp)
{
    kp_model *m = L->m;
    for (size_t k = start; k < end; k++) {
        const char *id = L->raters ? L->raters[k] : NULL;
        size_t e;
        if (m->obs[k].period != p || !id)
            continue;
        int r = kp_map_get(&m->entity_ids, id, &e) ? kp_model_subject_of(m, (int)e, rk) : -1;
        if (r < 0)
            kp_model_error(
                L->B, m->obs_name, m->obs[k].line, "rater '%s' is not a %s (every %s rates '%s')",
                id, m->rs->kinds[rk].label, m->rs->kinds[rk].label, L->rules[m->obs[k].slot].label);
        else
            seen[r - m->kind_first[rk]] = stamp;
    }
}

/* The raters of kind rk who did not rate subject s on slot in period at (of text per). */
static void subject_gaps(loader *L, const kp_indicator *ind, int slot, int s, int at,
                         const char *per, int *seen, int stamp, size_t *cap)
{
    kp_model *m = L->m;
    int rk = ind->raters_kind;
    kp_obs_range rg = kp_model_obs(m, slot, s);
    mark_raters(L, rk, rg.start, rg.start + rg.count, at, seen, stamp);
    const kp_subject *su = &m->subjects[s];
    for (int i = 0; i < m->kind_count[rk]; i++) {
        const kp_subject *r = &m->subjects[m->kind_first[rk] + i];
        if (seen[i] == stamp || r->entity == su->entity)
            continue; /* rated, or the subject itself */
        if (kp_model_gap_policy(ind) == KP_MISS_ERROR) {
            kp_model_error(L->B, m->obs_name, 0,
                           "'%s' (%s) has no '%s' (%s) from rater '%s' (%s) in %s: every %s "
                           "rates it",
                           su->id, su->name, ind->key, ind->label, r->id, r->name, per,
                           m->rs->kinds[rk].label);
            continue;
        }
        kp_rater_gap g = {s, m->kind_first[rk] + i, (uint16_t)slot, (uint16_t)at};
        add_gap(m, cap, &g);
    }
}

/* A rater mean every subject of a kind gives: each subject and period with any rating
 * (none at all is kp_obs_check_missing's) is checked for the raters who gave none. */
static void rater_gaps(loader *L, int slot, size_t *cap)
{
    kp_model *m = L->m;
    const kp_indicator *ind = &m->rs->indicators[slot];
    kp_period subs[KP_PERIOD_MAX_SPLIT];
    int at[KP_PERIOD_MAX_SPLIT], np = kind_periods(m, ind->kind, subs, at), stamp = 0;
    int *seen = kp_xcalloc((size_t)m->kind_count[ind->raters_kind] + 1, sizeof *seen);
    char per[32];
    int end = m->kind_first[ind->kind] + m->kind_count[ind->kind];
    for (int s = m->kind_first[ind->kind]; s < end; s++) {
        kp_obs_range rg = kp_model_obs(m, slot, s);
        for (int p = 0; p < np; p++) {
            int any = 0;
            for (size_t k = rg.start; k < rg.start + rg.count && at[p] >= 0; k++)
                any |= m->obs[k].period == at[p];
            if (!any)
                continue;
            kp_period_format(&subs[p], per, sizeof per);
            subject_gaps(L, ind, slot, s, at[p], per, seen, ++stamp, cap);
        }
    }
    free(seen);
}

/* A period_mean with no value in any sub-period of one of its periods, when the rule set
 * says that is an error (else scoring gives the notice and its policy). */
static void period_mean_none(loader *L, const kp_indicator *ind)
{
    kp_model *m = L->m;
    int slot = kp_model_input_slot(m, ind->input);
    kp_period subs[KP_PERIOD_MAX_SPLIT];
    int at[KP_PERIOD_MAX_SPLIT], np = kind_periods(m, ind->kind, subs, at);
    char per[32];
    int end = m->kind_first[ind->kind] + m->kind_count[ind->kind];
    for (int s = m->kind_first[ind->kind]; s < end; s++) {
        kp_obs_range rg = kp_model_obs(m, slot, s);
        for (int p = 0; p < np; p++) {
            int any = 0;
            for (size_t k = rg.start; k < rg.start + rg.count; k++)
                any |= kp_period_within(&m->periods[m->obs[k].period], &subs[p]);
            if (any)
                continue;
            const kp_subject *su = &m->subjects[s];
            kp_period_format(&subs[p], per, sizeof per);
            kp_model_error(L->B, m->obs_name, 0, "no '%s' (%s) for '%s' (%s) in any %s of %s",
                           m->rs->inputs[ind->input].key, m->rs->inputs[ind->input].label, su->id,
                           su->name, kp_period_type_name(m->rs->inputs[ind->input].period), per);
        }
    }
}

static int cmp_gap(const void *a, const void *b)
{
    const kp_rater_gap *x = a, *y = b;
    if (x->slot != y->slot)
        return x->slot < y->slot ? -1 : 1;
    if (x->subject != y->subject)
        return x->subject < y->subject ? -1 : 1;
    if (x->period != y->period)
        return x->period < y->period ? -1 : 1;
    return x->rater < y->rater ? -1 : x->rater > y->rater;
}

void kp_obs_check_gaps(loader *L)
{
    kp_model *m = L->m;
    size_t cap = 0;
    for (int i = 0; i < m->rs->nindicators; i++) {
        const kp_indicator *ind = &m->rs->indicators[i];
        if (kp_method_rated(ind->method) && ind->raters_kind >= 0)
            rater_gaps(L, i, &cap);
        if (ind->method == KP_M_PERIOD_MEAN && kp_model_gap_policy(ind) == KP_MISS_ERROR)
            period_mean_none(L, ind);
    }
    /* Model period indexes follow the file, not time: sorted for kp_model_gaps. */
    if (m->ngaps)
        qsort(m->gaps, m->ngaps, sizeof *m->gaps, cmp_gap);
}

const kp_rater_gap *kp_model_gaps(const kp_model *m, int slot, int subject, int period, size_t *n)
{
    /* Gaps are in (slot, subject, period) order: a binary search for the first. */
    size_t lo = 0, hi = m->ngaps;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const kp_rater_gap *g = &m->gaps[mid];
        int before = g->slot != slot         ? g->slot < slot
                     : g->subject != subject ? g->subject < subject
                                             : g->period < period;
        if (before)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < m->ngaps && m->gaps[end].slot == slot && m->gaps[end].subject == subject &&
           m->gaps[end].period == period)
        end++;
    *n = end - lo;
    return *n ? &m->gaps[lo] : NULL;
}
