/* kp_score.c - scoring stages: per-period tables, indicator methods, totals and roll-ups. */
#include "kp_score.h"
#include "../base/kp_mem.h"
#include "../base/kp_vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_score_notice(kp_results *r, kp_notice_type t, int subject, int slot, const kp_period *p,
                     double value, double limit)
{
    kp_notice *v = kp_vec_room(r->notices, r->nnotices, &r->capnotices, sizeof *v, 64);
    r->notices = v;
    kp_notice *n = &r->notices[r->nnotices++];
    memset(n, 0, sizeof *n);
    n->type = t;
    n->subject = subject;
    n->entity = subject >= 0 ? r->m->subjects[subject].entity : -1;
    n->slot = slot;
    n->period = *p;
    n->value = value;
    n->limit = limit;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Mean of the rater values, dropping `trim` highest and lowest when there
 * are enough raters left to do so. */
static double rater_mean(const kp_obs *obs, size_t n, int trim)
{
    double *v = kp_xmalloc(n * sizeof *v), sum = 0;
    for (size_t i = 0; i < n; i++)
        v[i] = obs[i].value;
    size_t lo = 0, hi = n;
    if (trim > 0 && n > 2 * (size_t)trim) {
        qsort(v, n, sizeof *v, cmp_double);
        lo = (size_t)trim;
        hi = n - (size_t)trim;
    }
    for (size_t i = lo; i < hi; i++)
        sum += v[i];
    free(v);
    return sum / (double)(hi - lo);
}

/* The median of the raters' values: the middle one, or the mean of the middle two. */
static double rater_median(const kp_obs *obs, size_t n)
{
    double *v = kp_xmalloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = obs[i].value;
    qsort(v, n, sizeof *v, cmp_double);
    double mid = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    free(v);
    return mid;
}

/* The observations of slot for subject s in the model's period p (-1: a
 * period no observation has); obs are sorted by period, so they are one run. */
static kp_obs_range obs_in(const kp_model *m, int slot, int s, int p)
{
    kp_obs_range rg = kp_model_obs(m, slot, s), out = {rg.start, 0};
    size_t i = rg.start, end = rg.start + rg.count;
    while (i < end && m->obs[i].period != p)
        i++;
    out.start = i;
    while (i < end && m->obs[i].period == p)
        i++;
    out.count = i - out.start;
    return out;
}

static const kp_table *table_for(const kp_results *r, int kind, const kp_period *p)
{
    for (int i = 0; i < r->ntables; i++)
        if (r->tables[i].kind == kind && kp_period_equal(&r->tables[i].period, p))
            return &r->tables[i];
    return r->main_table[kind] >= 0 ? &r->tables[r->main_table[kind]] : NULL;
}

/* Mean of an input over the sub-periods it was given; missing ones are flagged. None
 * given at all (*none) is not a mean of 0: the caller applies the missing policy. */
static double period_mean(kp_results *r, const kp_indicator *ind, int s, const kp_period *p,
                          int *none)
{
    const kp_model *m = r->m;
    const kp_input *in = &r->rs->inputs[ind->input];
    int slot = kp_model_input_slot(m, ind->input);
    kp_period subs[KP_PERIOD_MAX_SPLIT];
    int np = kp_period_split(p, in->period, subs, KP_PERIOD_MAX_SPLIT), have = 0;
    double sum = 0;
    for (int i = 0; i < np; i++) {
        kp_obs_range rg = obs_in(m, slot, s, kp_model_period_index(m, &subs[i]));
        if (rg.count) {
            sum += m->obs[rg.start].value;
            have++;
        }
    }
    for (int i = 0; have && i < np; i++)
        if (!obs_in(m, slot, s, kp_model_period_index(m, &subs[i])).count)
            kp_score_notice(r, KP_N_MISSING, s, slot, &subs[i], NAN, NAN);
    *none = !have;
    return have ? sum / have : 0;
}

/* Score of one indicator for one subject in table t; sets *missing when
 * there was nothing to score. */
static double method_score(kp_results *r, const kp_table *t, const kp_indicator *ind, int i, int s,
                           int *missing)
{
    const kp_model *m = r->m;
    kp_obs_range rg = obs_in(m, i, s, t->obs_period);
    const kp_obs *o = m->obs + rg.start;
    const kp_table *ref;
    double v = 0;
    *missing = rg.count == 0;
    switch (ind->method) {
    case KP_M_VALUE:
    case KP_M_FLAG:
        v = rg.count ? o[0].value : 0;
        break;
    case KP_M_MEAN:
        v = rg.count ? rater_mean(o, rg.count, ind->trim) : 0;
        if (rg.count && (int)rg.count < ind->min_raters)
            kp_score_notice(r, KP_N_RATERS, s, i, &t->period, (double)rg.count, ind->min_raters);
        break;
    case KP_M_MEDIAN:
        v = rg.count ? rater_median(o, rg.count) : 0;
        if (rg.count && (int)rg.count < ind->min_raters)
            kp_score_notice(r, KP_N_RATERS, s, i, &t->period, (double)rg.count, ind->min_raters);
        break;
    case KP_M_SUM:
        for (size_t k = 0; k < rg.count; k++)
            v += o[k].value;
        *missing = 0;
        break;
    case KP_M_TARGET: {
        double x = rg.count ? o[0].value : 0;
        v = x >= ind->target ? ind->base + ind->over * (x - ind->target)
                             : ind->base - ind->short_rate * (ind->target - x);
        *missing = 0;
        return v * ind->scale;
    }
    case KP_M_PERIOD_MEAN:
        v = period_mean(r, ind, s, &t->period, missing);
        break;
    case KP_M_REF: {
        /* The unit as a subject of the kind referred to, whatever other kinds it is in. */
        int unit = m->subjects[s].unit;
        int us = unit < 0 ? -1 : kp_model_subject_of(m, m->subjects[unit].entity, ind->ref_kind);
        ref = table_for(r, ind->ref_kind, &t->period);
        *missing = us < 0 || !ref;
        v = *missing ? 0 : kp_table_score(r, ref, us)->published;
        break;
    }
    default:
        break;
    }
    return v * ind->scale;
}

/* Bottom-k strikes: for each input and sub-period, every subject whose
 * value is at or below the k-th lowest value of that sub-period (ties
 * included) gets one strike. Missing values are flagged, not struck. */
static void count_strikes(kp_results *r, kp_table *t, const kp_indicator *ind)
{
    const kp_model *m = r->m;
    int first = m->kind_first[t->kind], n = m->kind_count[t->kind];
    double *vals = kp_xmalloc(sizeof *vals * (size_t)(n ? n : 1));
    double *sorted = kp_xmalloc(sizeof *sorted * (size_t)(n ? n : 1));
    for (int q = 0; vals && sorted && q < ind->ninputs; q++) {
        const kp_input *in = &r->rs->inputs[ind->inputs[q]];
        int slot = kp_model_input_slot(m, ind->inputs[q]);
        kp_period subs[KP_PERIOD_MAX_SPLIT];
        int np = kp_period_split(&t->period, in->period, subs, KP_PERIOD_MAX_SPLIT);
        for (int p = 0; p < np; p++) {
            int have = 0, at = kp_model_period_index(m, &subs[p]);
            for (int s = 0; s < n; s++) {
                kp_obs_range rg = obs_in(m, slot, first + s, at);
                vals[s] = rg.count ? m->obs[rg.start].value : NAN;
                if (isnan(vals[s]))
                    kp_score_notice(r, KP_N_MISSING, first + s, slot, &subs[p], NAN, NAN);
                else
                    sorted[have++] = vals[s];
            }
            if (!have)
                continue;
            qsort(sorted, (size_t)have, sizeof *sorted, cmp_double);
            int k = ind->bottom < have ? ind->bottom : have;
            if (k < 1)
                continue;
            double limit = sorted[k - 1];
            for (int s = 0; s < n; s++)
                if (!isnan(vals[s]) && vals[s] <= limit)
                    t->scores[s].strikes++;
        }
    }
    free(vals);
    free(sorted);
}

/* Checks of inputs: targets, plausible ranges and shares; warnings only. */
static void check_inputs(kp_results *r, const kp_table *t)
{
    const kp_model *m = r->m;
    for (int q = 0; q < r->rs->ninputs; q++) {
        const kp_input *in = &r->rs->inputs[q];
        if (in->kind != t->kind)
            continue;
        int slot = kp_model_input_slot(m, q);
        int of = in->share_of ? kp_ruleset_find_input(r->rs, in->share_of) : -1;
        for (int s = m->kind_first[t->kind]; s < m->kind_first[t->kind] + m->kind_count[t->kind];
             s++) {
            kp_obs_range rg = kp_model_obs(m, slot, s);
            for (size_t k = 0; k < rg.count; k++) {
                const kp_obs *o = &m->obs[rg.start + k];
                const kp_period *op = &m->periods[o->period];
                if (!kp_period_within(op, &t->period))
                    continue;
                if (in->has_target && o->value < in->target)
                    kp_score_notice(r, KP_N_TARGET, s, slot, op, o->value, in->target);
                if ((!isnan(in->warn_min) && o->value < in->warn_min) ||
                    (!isnan(in->warn_max) && o->value > in->warn_max))
                    kp_score_notice(r, KP_N_CHECK, s, slot, op, o->value, NAN);
                if (of < 0)
                    continue;
                kp_obs_range base = obs_in(m, kp_model_input_slot(m, of), s, o->period);
                if (base.count && m->obs[base.start].value > 0 &&
                    o->value / m->obs[base.start].value < in->share_min)
                    kp_score_notice(r, KP_N_CHECK, s, slot, op, o->value, m->obs[base.start].value);
            }
        }
    }
}

/* Whether subject s has any observation of its kind in the model's period p. */
static int has_any(const kp_results *r, int kind, int s, int p)
{
    for (int i = 0; i < r->rs->nindicators; i++)
        if (r->rs->indicators[i].kind == kind && obs_in(r->m, i, s, p).count)
            return 1;
    return 0;
}

/* Ends text at its last whole UTF-8 character when snprintf cut it short. */
static void utf8_trim(char *text, size_t size)
{
    size_t n = strlen(text);
    if (n + 1 < size)
        return;
    size_t i = n;
    while (i > 0 && ((unsigned char)text[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && ((unsigned char)text[i - 1] & 0x80)) {
        unsigned char lead = (unsigned char)text[i - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (n - (i - 1) < want)
            text[i - 1] = '\0';
    }
}

/* Data the rules say is given but is not (rater NULL: a period_mean's every sub-period;
 * else one rater of an every-rater mean): a notice naming the indicator and the rater,
 * then the rule set's policy (kp_model_gap_policy: exclusion, or zero). */
static void gap_notice(kp_results *r, const kp_table *t, const kp_indicator *ind, int i, int s,
                       kp_score *sc, const kp_subject *rater)
{
    int flag = kp_model_gap_policy(ind) == KP_MISS_FLAG;
    if (flag)
        sc->excluded = 1;
    kp_score_notice(r, KP_N_MISSING, s, i, &t->period, NAN, NAN);
    kp_notice *n = &r->notices[r->nnotices - 1];
    if (rater)
        snprintf(n->text, sizeof n->text, "%s缺少%s（%s）的评分，%s", ind->short_label, rater->name,
                 rater->id, flag ? "不参加排名" : "该评分按 0 分计");
    else
        snprintf(n->text, sizeof n->text, "%s无任何%s数据，%s", ind->short_label,
                 r->rs->inputs[ind->input].label, flag ? "不参加排名" : "按 0 分计");
    utf8_trim(n->text, sizeof n->text);
}

/* An every-rater mean (raters = <kind>) with raters missing in t's period: a notice for
 * each, and under missing = zero their ratings count as 0 in the mean. Returns the score. */
static double rater_gaps(kp_results *r, const kp_table *t, const kp_indicator *ind, int i, int s,
                         kp_score *sc, double v)
{
    const kp_model *m = r->m;
    size_t ngaps;
    const kp_rater_gap *g = kp_model_gaps(m, i, s, t->obs_period, &ngaps);
    for (size_t k = 0; k < ngaps; k++)
        gap_notice(r, t, ind, i, s, sc, &m->subjects[g[k].rater]);
    if (!ngaps || kp_model_gap_policy(ind) != KP_MISS_ZERO)
        return v;
    kp_obs_range rg = obs_in(m, i, s, t->obs_period);
    kp_obs *all = kp_xcalloc(rg.count + ngaps, sizeof *all); /* the missing ones: value 0 */
    memcpy(all, m->obs + rg.start, rg.count * sizeof *all);
    v = rater_mean(all, rg.count + ngaps, ind->trim) * ind->scale;
    free(all);
    return v;
}

static void score_subject(kp_results *r, kp_table *t, int s)
{
    const kp_ruleset *rs = r->rs;
    const kp_kind *kind = &rs->kinds[t->kind];
    kp_score *sc = &t->scores[s - r->m->kind_first[t->kind]];
    double row[KP_MAX_INDICATORS], total = 0;
    if (kind->period != KP_PER_RANGE && !has_any(r, t->kind, s, t->obs_period)) {
        sc->empty = 1;
        if (kind->missing_period == KP_MISS_FLAG)
            kp_score_notice(r, KP_N_MISSING, s, -1, &t->period, NAN, NAN);
    }
    for (int i = 0; i < rs->nindicators; i++) {
        const kp_indicator *ind = &rs->indicators[i];
        if (ind->kind != t->kind)
            continue;
        int missing = 0;
        double v = ind->method == KP_M_STRIKES ? ind->base - ind->per_strike * sc->strikes
                                               : method_score(r, t, ind, i, s, &missing);
        if (missing && ind->method == KP_M_PERIOD_MEAN) {
            missing = 0; /* not a mean of 0: the gap policy, with its notice */
            if (!sc->empty)
                gap_notice(r, t, ind, i, s, sc, NULL);
        }
        if (kp_method_rated(ind->method) && ind->raters_kind >= 0 && !sc->empty)
            v = rater_gaps(r, t, ind, i, s, sc, v);
        if (missing && ind->missing == KP_MISS_FLAG && !sc->empty) {
            sc->excluded = 1;
            kp_score_notice(r, KP_N_MISSING, s, i, &t->period, NAN, NAN);
        }
        if (ind->method == KP_M_FLAG && v != 0) {
            if (ind->zeroes)
                sc->zeroed = 1;
            else if (!sc->vetoed) {
                sc->vetoed = 1;
                kp_score_notice(r, KP_N_VETO, s, i, &t->period, v, NAN);
            }
        }
        if (!isnan(ind->cap) && v > ind->cap)
            v = ind->cap;
        if (!isnan(ind->floor) && v < ind->floor)
            v = ind->floor;
        if (sc->empty) /* a period with no card at all scores nothing, not its penalties */
            v = 0;
        row[i] = v;
        total += ind->sign * ind->weight * v;
    }
    total = sc->zeroed || sc->empty ? 0 : total;
    sc->published = kp_num_round(total, rs->decimals);
    sc->units = kp_num_units(total, rs->decimals);
    kp_table_store_row(r, t, (size_t)(s - r->m->kind_first[t->kind]), row);
}

static int add_table(kp_results *r, int kind, const kp_period *p, int rollup, int main)
{
    const kp_model *m = r->m;
    kp_table *grown = kp_xrealloc(r->tables, sizeof *grown * (size_t)(r->ntables + 1));
    r->tables = grown;
    kp_table *t = &r->tables[r->ntables];
    memset(t, 0, sizeof *t);
    t->period = *p;
    t->obs_period = kp_model_period_index(m, p);
    t->rollup = rollup;
    t->main = main;
    kp_table_alloc(r, t, kind);
    if (main)
        r->main_table[kind] = r->ntables;
    return r->ntables++;
}

static void score_table(kp_results *r, kp_table *t)
{
    const kp_model *m = r->m;
    for (int i = 0; i < r->rs->nindicators; i++)
        if (r->rs->indicators[i].kind == t->kind && r->rs->indicators[i].method == KP_M_STRIKES)
            count_strikes(r, t, &r->rs->indicators[i]);
    check_inputs(r, t);
    for (int s = m->kind_first[t->kind]; s < m->kind_first[t->kind] + m->kind_count[t->kind]; s++)
        score_subject(r, t, s);
}

/* Adds row `at` of table t to sum, indicator by indicator. The scores left
 * out are +0, and adding +0 to a sum that started at +0 changes nothing. */
static void add_row(const kp_results *r, const kp_table *t, size_t at, double *sum)
{
    size_t words = KP_TABLE_WORDS(r->rs->nindicators), k = t->value_at[at];
    const uint64_t *bits = &t->stored[at * words];
    for (size_t w = 0; w < words; w++)
        for (uint64_t b = bits[w]; b; b &= b - 1)
            sum[w * 64 + (size_t)__builtin_ctzll(b)] += t->values[k++];
}

/* The run period's table from the sub-period tables [first, last): the sum
 * or mean of the published sub-period totals and of the indicator scores. */
static void roll_up(kp_results *r, kp_table *t, int first, int last)
{
    const kp_model *m = r->m;
    const kp_kind *kind = &r->rs->kinds[t->kind];
    int n = m->kind_count[t->kind], ni = r->rs->nindicators, np = last - first;
    double row[KP_MAX_INDICATORS];
    for (int s = 0; s < n; s++) {
        kp_score *sc = &t->scores[s];
        double total = 0;
        for (int i = 0; i < ni; i++)
            row[i] = 0;
        for (int p = first; p < last; p++) {
            const kp_score *sub = &r->tables[p].scores[s];
            total += sub->published;
            sc->vetoed |= sub->vetoed;
            sc->excluded |= sub->excluded;
            add_row(r, &r->tables[p], (size_t)s, row);
        }
        for (int i = 0; i < ni; i++)
            if (r->rs->indicators[i].kind == t->kind && kind->rollup == KP_ROLL_MEAN && np)
                row[i] /= np;
        total = kind->rollup == KP_ROLL_MEAN && np ? total / np : total;
        sc->published = kp_num_round(total, r->rs->decimals);
        sc->units = kp_num_units(total, r->rs->decimals);
        kp_table_store_row(r, t, (size_t)s, row);
    }
}

static void score_kind(kp_results *r, int k)
{
    const kp_kind *kind = &r->rs->kinds[k];
    const kp_period *run = &r->m->period;
    int sub = kind->period != KP_PER_RANGE && kind->period != run->type;
    if (!sub) {
        int t = add_table(r, k, run, 0, 1);
        score_table(r, &r->tables[t]);
        kp_score_rank(r, &r->tables[t]);
        kp_score_grade(r, &r->tables[t]);
        kp_score_awards(r, k);
        kp_score_streaks(r, k, 1);
        return;
    }
    kp_period subs[KP_PERIOD_MAX_SPLIT];
    int np = kp_period_split(run, kind->period, subs, KP_PERIOD_MAX_SPLIT), first = r->ntables;
    for (int p = 0; p < np; p++) {
        int t = add_table(r, k, &subs[p], 0, 0);
        score_table(r, &r->tables[t]);
        kp_score_rank(r, &r->tables[t]);
        if (kind->grade_all_periods)
            kp_score_grade(r, &r->tables[t]);
    }
    kp_score_streaks(r, k, 0);
    if (kind->rollup != KP_ROLL_NONE) {
        int t = add_table(r, k, run, 1, 1);
        roll_up(r, &r->tables[t], first, first + np);
        kp_score_rank(r, &r->tables[t]);
        kp_score_grade(r, &r->tables[t]);
    }
    kp_score_awards(r, k);
    kp_score_streaks(r, k, 1);
}

kp_err kp_score_run(kp_results *r, const kp_model *m, kp_diag *d)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    r->rs = m->rs;
    for (int k = 0; k < KP_MAX_KINDS; k++)
        r->main_table[k] = -1;
    r->disqualified = kp_xcalloc((size_t)m->nsubjects + 1, 1);
    /* Kinds in rule set order: a kind that refers to another's totals
     * comes after it (checked when the rule set is loaded). */
    for (int k = 0; k < m->rs->nkinds; k++)
        score_kind(r, k);
    kp_err err = kp_score_cases(r, d);
    if (!err)
        err = kp_score_ledger(r, d);
    return err;
}
