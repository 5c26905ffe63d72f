/* kp_score.c - scoring stages: per-period tables, indicator methods, totals and roll-ups. */
#include "kp_score.h"
#include "../base/kp_exact.h"
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
 * are enough raters left to do so; exact (held values are ordered exactly as doubles). */
static void rater_mean(kp_exact *out, const kp_obs *obs, size_t n, int trim)
{
    double *v = kp_xmalloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = obs[i].value;
    size_t lo = 0, hi = n;
    if (trim > 0 && n > 2 * (size_t)trim) {
        qsort(v, n, sizeof *v, cmp_double);
        lo = (size_t)trim;
        hi = n - (size_t)trim;
    }
    kp_exact_mean_held(out, v + lo, hi - lo);
    free(v);
}

/* The median of the raters' values: the middle one, or the mean of the middle two. */
static void rater_median(kp_exact *out, const kp_obs *obs, size_t n)
{
    double *v = kp_xmalloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = obs[i].value;
    qsort(v, n, sizeof *v, cmp_double);
    if (n % 2) {
        kp_exact_set_held(out, v[n / 2]);
    } else {
        kp_exact_mean_held(out, v + n / 2 - 1, 2);
    }
    free(v);
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
static void period_mean(kp_exact *out, kp_results *r, const kp_indicator *ind, int s,
                        const kp_period *p, int *none)
{
    const kp_model *m = r->m;
    const kp_input *in = &r->rs->inputs[ind->input];
    int slot = kp_model_input_slot(m, ind->input);
    kp_period subs[KP_PERIOD_MAX_SPLIT];
    int np = kp_period_split(p, in->period, subs, KP_PERIOD_MAX_SPLIT), have = 0;
    double given[KP_PERIOD_MAX_SPLIT];
    for (int i = 0; i < np; i++) {
        kp_obs_range rg = obs_in(m, slot, s, kp_model_period_index(m, &subs[i]));
        if (rg.count)
            given[have++] = m->obs[rg.start].value;
    }
    for (int i = 0; have && i < np; i++)
        if (!obs_in(m, slot, s, kp_model_period_index(m, &subs[i])).count)
            kp_score_notice(r, KP_N_MISSING, s, slot, &subs[i], NAN, NAN);
    *none = !have;
    kp_exact_mean_held(out, given, (size_t)have);
}

/* v = base + rate x (x - target) above the target, base - short_rate x (target - x) below. */
static void target_score(kp_exact *v, const kp_indicator *ind, double x)
{
    kp_exact d = KP_EXACT_ZERO, t = KP_EXACT_ZERO;
    kp_exact_set_held(&d, x);
    kp_exact_set_held(&t, ind->target);
    kp_exact_sub(&d, &t); /* x - target */
    kp_exact_mul_held(&d, x >= ind->target ? ind->over : ind->short_rate);
    kp_exact_set_held(v, ind->base);
    kp_exact_add(v, &d);
    kp_exact_clear(&d);
    kp_exact_clear(&t);
}

/* Score of one indicator for one subject in table t, exactly, into v; sets
 * *missing when there was nothing to score. */
static void method_score(kp_exact *v, kp_results *r, const kp_table *t, const kp_indicator *ind,
                         int i, int s, int *missing)
{
    const kp_model *m = r->m;
    kp_obs_range rg = obs_in(m, i, s, t->obs_period);
    const kp_obs *o = m->obs + rg.start;
    const kp_table *ref;
    kp_exact_set_int(v, 0);
    *missing = rg.count == 0;
    switch (ind->method) {
    case KP_M_VALUE:
    case KP_M_FLAG:
        if (rg.count)
            kp_exact_set_held(v, o[0].value);
        break;
    case KP_M_MEAN:
        if (rg.count)
            rater_mean(v, o, rg.count, ind->trim);
        if (rg.count && (int)rg.count < ind->min_raters)
            kp_score_notice(r, KP_N_RATERS, s, i, &t->period, (double)rg.count, ind->min_raters);
        break;
    case KP_M_MEDIAN:
        if (rg.count)
            rater_median(v, o, rg.count);
        if (rg.count && (int)rg.count < ind->min_raters)
            kp_score_notice(r, KP_N_RATERS, s, i, &t->period, (double)rg.count, ind->min_raters);
        break;
    case KP_M_SUM:
        for (size_t k = 0; k < rg.count; k++)
            kp_exact_add_held(v, o[k].value);
        *missing = 0;
        break;
    case KP_M_TARGET:
        target_score(v, ind, rg.count ? o[0].value : 0);
        *missing = 0;
        break;
    case KP_M_PERIOD_MEAN:
        period_mean(v, r, ind, s, &t->period, missing);
        break;
    case KP_M_REF: {
        /* The unit as a subject of the kind referred to, whatever other kinds it is in. */
        int unit = m->subjects[s].unit;
        int us = unit < 0 ? -1 : kp_model_subject_of(m, m->subjects[unit].entity, ind->ref_kind);
        ref = table_for(r, ind->ref_kind, &t->period);
        *missing = us < 0 || !ref;
        if (!*missing)
            kp_exact_set_units(v, kp_table_score(r, ref, us)->units, r->rs->decimals);
        break;
    }
    default:
        break;
    }
    kp_exact_mul_held(v, ind->scale);
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

/* Whether part / whole < min, exactly (part < min x whole; whole > 0). */
static int share_under(double part, double whole, double min)
{
    kp_exact q = KP_EXACT_ZERO;
    kp_exact_set_held(&q, min);
    kp_exact_mul_held(&q, whole);
    int under = kp_exact_cmp_held(&q, part) > 0;
    kp_exact_clear(&q);
    return under;
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
                    share_under(o->value, m->obs[base.start].value, in->share_min))
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
 * each, and under missing = zero their ratings count as 0 in the mean (v, the score). */
static void rater_gaps(kp_exact *v, kp_results *r, const kp_table *t, const kp_indicator *ind,
                       int i, int s, kp_score *sc)
{
    const kp_model *m = r->m;
    size_t ngaps;
    const kp_rater_gap *g = kp_model_gaps(m, i, s, t->obs_period, &ngaps);
    for (size_t k = 0; k < ngaps; k++)
        gap_notice(r, t, ind, i, s, sc, &m->subjects[g[k].rater]);
    if (!ngaps || kp_model_gap_policy(ind) != KP_MISS_ZERO)
        return;
    kp_obs_range rg = obs_in(m, i, s, t->obs_period);
    kp_obs *all = kp_xcalloc(rg.count + ngaps, sizeof *all); /* the missing ones: value 0 */
    memcpy(all, m->obs + rg.start, rg.count * sizeof *all);
    rater_mean(v, all, rg.count + ngaps, ind->trim);
    kp_exact_mul_held(v, ind->scale);
    free(all);
}

/* The rule set's bounds on an indicator's score: its cap and floor. */
static void bound(kp_exact *v, const kp_indicator *ind)
{
    if (!isnan(ind->cap) && kp_exact_cmp_held(v, ind->cap) > 0)
        kp_exact_set_held(v, ind->cap);
    if (!isnan(ind->floor) && kp_exact_cmp_held(v, ind->floor) < 0)
        kp_exact_set_held(v, ind->floor);
}

/* A strike indicator's score: base - per_strike x strikes. */
static void strike_score(kp_exact *v, const kp_indicator *ind, int strikes)
{
    kp_exact d = KP_EXACT_ZERO, k = KP_EXACT_ZERO;
    kp_exact_set_held(&d, ind->per_strike);
    kp_exact_set_int(&k, strikes);
    kp_exact_mul(&d, &k);
    kp_exact_set_held(v, ind->base);
    kp_exact_sub(v, &d);
    kp_exact_clear(&d);
    kp_exact_clear(&k);
}

/* One indicator's exact score for subject s in table t, with its notices and flags. */
static void indicator_score(kp_exact *v, kp_results *r, kp_table *t, int i, int s, kp_score *sc)
{
    const kp_indicator *ind = &r->rs->indicators[i];
    int missing = 0;
    if (ind->method == KP_M_STRIKES)
        strike_score(v, ind, sc->strikes);
    else
        method_score(v, r, t, ind, i, s, &missing);
    if (missing && ind->method == KP_M_PERIOD_MEAN) {
        missing = 0; /* not a mean of 0: the gap policy, with its notice */
        if (!sc->empty)
            gap_notice(r, t, ind, i, s, sc, NULL);
    }
    if (kp_method_rated(ind->method) && ind->raters_kind >= 0 && !sc->empty)
        rater_gaps(v, r, t, ind, i, s, sc);
    if (missing && ind->missing == KP_MISS_FLAG && !sc->empty) {
        sc->excluded = 1;
        kp_score_notice(r, KP_N_MISSING, s, i, &t->period, NAN, NAN);
    }
    if (ind->method == KP_M_FLAG && kp_exact_sgn(v) != 0) {
        if (ind->zeroes)
            sc->zeroed = 1;
        else if (!sc->vetoed) {
            sc->vetoed = 1;
            kp_score_notice(r, KP_N_VETO, s, i, &t->period, kp_exact_held(v), NAN);
        }
    }
    bound(v, ind);
    if (sc->empty) /* a period with no card at all scores nothing, not its penalties */
        kp_exact_set_int(v, 0);
}

/* The published total: exact, rounded half away from zero to the rule set's decimals. */
static void publish(kp_score *sc, const kp_exact *total, int decimals)
{
    sc->units = kp_exact_units(total, decimals);
    sc->published = kp_num_unscale(sc->units, decimals);
}

/* What a roll-up needs beyond the sub-period tables: for each indicator score that was cut
 * to 15 digits when held (a mean of thirds, say; rare), the part cut off, T - held(T).
 * The roll-up adds these to the held scores it reads back, so it sums the exact scores
 * without keeping an exact copy of every score of every sub-period. */
typedef struct {
    uint32_t row; /* subject - kind_first */
    int slot;
    kp_exact rest;
} cut_off;

typedef struct {
    cut_off *v;
    size_t n, cap;
} rollup_rests;

static void rests_add(rollup_rests *acc, int row, int slot, const kp_exact *exact, double held)
{
    cut_off *v = kp_vec_room(acc->v, acc->n, &acc->cap, sizeof *v, 64);
    acc->v = v;
    cut_off *c = &acc->v[acc->n++];
    c->row = (uint32_t)row;
    c->slot = slot;
    c->rest = KP_EXACT_ZERO;
    kp_exact_set_held(&c->rest, held);
    kp_exact_neg(&c->rest);
    kp_exact_add(&c->rest, exact);
}

static int cmp_cut_off(const void *a, const void *b)
{
    const cut_off *x = a, *y = b;
    return x->row != y->row ? (x->row > y->row) - (x->row < y->row) : x->slot - y->slot;
}

static void rests_free(rollup_rests *acc)
{
    for (size_t i = 0; i < acc->n; i++)
        kp_exact_clear(&acc->v[i].rest);
    free(acc->v);
}

/* row[slot] of each category of `kind` from its exact subtotal exact[c]: +0, not stored, so
 * that readers sum the held scores exactly (kp_table_subtotal), unless a score of the
 * category was cut to 15 digits (cut[c]) and that sum differs; then the held subtotal,
 * written -0 for 0 so that it is stored. Most scores are short decimals: nothing stored. */
static void subtotal_slots(const kp_ruleset *rs, int kind, double *row,
                           const kp_exact *const *exact, const unsigned char *cut)
{
    kp_exact h = KP_EXACT_ZERO;
    for (int c = 0; c < rs->ncategories; c++) {
        int slot = rs->nindicators + c;
        row[slot] = 0;
        if (rs->category_kind[c] != kind || !cut[c])
            continue;
        kp_results_category_sum(rs, c, row, &h);
        if (kp_exact_cmp(&h, exact[c]) != 0) {
            double v = kp_exact_held(exact[c]);
            row[slot] = v == 0 ? -0.0 : v;
        }
    }
    kp_exact_clear(&h);
}

/* Scores subject s in table t: its indicators, category subtotals and total, exactly. cat
 * holds one scratch sum per category; acc (NULL, or the kind's roll-up) gets what was cut
 * off s's scores when held. */
static void score_subject(kp_results *r, kp_table *t, int s, kp_exact *cat, rollup_rests *acc)
{
    const kp_ruleset *rs = r->rs;
    const kp_kind *kind = &rs->kinds[t->kind];
    kp_score *sc = &t->scores[s - r->m->kind_first[t->kind]];
    double row[KP_TABLE_MAX_SLOTS];
    if (kind->period != KP_PER_RANGE && !has_any(r, t->kind, s, t->obs_period)) {
        sc->empty = 1;
        if (kind->missing_period == KP_MISS_FLAG)
            kp_score_notice(r, KP_N_MISSING, s, -1, &t->period, NAN, NAN);
    }
    kp_exact v = KP_EXACT_ZERO, total = KP_EXACT_ZERO;
    int at = s - r->m->kind_first[t->kind];
    unsigned char cuts[KP_MAX_INDICATORS] = {0};
    for (int c = 0; c < rs->ncategories; c++)
        kp_exact_set_int(&cat[c], 0);
    for (int i = 0; i < rs->nindicators; i++) {
        const kp_indicator *ind = &rs->indicators[i];
        if (ind->kind != t->kind)
            continue;
        indicator_score(&v, r, t, i, s, sc);
        int cut;
        row[i] = kp_exact_held_cut(&v, &cut);
        cuts[ind->cat] |= (unsigned char)cut;
        if (cut && acc)
            rests_add(acc, at, i, &v, row[i]);
        kp_results_contribution(ind, &v);
        kp_exact_add(&total, &v);
        kp_exact_add(&cat[ind->cat], &v);
    }
    const kp_exact *exact[KP_MAX_INDICATORS];
    for (int c = 0; c < rs->ncategories; c++)
        exact[c] = &cat[c];
    subtotal_slots(rs, t->kind, row, exact, cuts);
    if (sc->zeroed || sc->empty)
        kp_exact_set_int(&total, 0);
    publish(sc, &total, rs->decimals);
    kp_exact_clear(&v);
    kp_exact_clear(&total);
    kp_table_store_row(r, t, (size_t)at, row);
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

/* Scores every subject of table t; acc (NULL, or the kind's roll-up) collects what was cut
 * off held scores. */
static void score_table(kp_results *r, kp_table *t, rollup_rests *acc)
{
    const kp_model *m = r->m;
    const kp_ruleset *rs = r->rs;
    int first = m->kind_first[t->kind];
    for (int i = 0; i < rs->nindicators; i++)
        if (rs->indicators[i].kind == t->kind && rs->indicators[i].method == KP_M_STRIKES)
            count_strikes(r, t, &rs->indicators[i]);
    check_inputs(r, t);
    kp_exact cat[KP_MAX_INDICATORS];
    for (int c = 0; c < rs->ncategories; c++)
        cat[c] = KP_EXACT_ZERO;
    for (int s = first; s < first + m->kind_count[t->kind]; s++)
        score_subject(r, t, s, cat, acc);
    for (int c = 0; c < rs->ncategories; c++)
        kp_exact_clear(&cat[c]);
}

/* sums[i] += row `at` of table t's indicator scores (as held), exactly. */
static void add_held_row(const kp_results *r, const kp_table *t, size_t at, kp_exact *sums)
{
    int nslots = kp_table_slots(r->rs), ni = r->rs->nindicators;
    size_t words = KP_TABLE_WORDS(nslots), k = t->value_at[at];
    const uint64_t *bits = &t->stored[at * words];
    for (size_t w = 0; w < words; w++)
        for (uint64_t b = bits[w]; b; b &= b - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(b);
            double v = t->values[k++];
            if ((int)i < ni)
                kp_exact_add_held(&sums[i], v);
        }
}

/* The run period's table from the sub-period tables [first, last): the sum or mean of the
 * published sub-period totals and of the exact indicator scores (the held ones read back
 * plus what acc kept of the cut ones, sorted here), with their category subtotals. */
static void roll_up(kp_results *r, kp_table *t, int first, int last, rollup_rests *acc)
{
    const kp_ruleset *rs = r->rs;
    const kp_kind *kind = &rs->kinds[t->kind];
    int n = r->m->kind_count[t->kind], ni = rs->nindicators, np = last - first;
    int mean = kind->rollup == KP_ROLL_MEAN && np;
    double row[KP_TABLE_MAX_SLOTS];
    kp_exact total = KP_EXACT_ZERO, sums[KP_MAX_INDICATORS], cat[KP_MAX_INDICATORS];
    const kp_exact *exact[KP_MAX_INDICATORS];
    for (int i = 0; i < ni; i++)
        sums[i] = cat[i] = KP_EXACT_ZERO;
    if (acc->n) /* qsort(NULL, 0) is undefined */
        qsort(acc->v, acc->n, sizeof *acc->v, cmp_cut_off);
    size_t next = 0;
    for (int s = 0; s < n; s++) {
        kp_score *sc = &t->scores[s];
        long long units = 0;
        for (int i = 0; i < ni; i++)
            kp_exact_set_int(&sums[i], 0);
        for (int p = first; p < last; p++) {
            const kp_score *sub = &r->tables[p].scores[s];
            units += sub->units;
            sc->vetoed |= sub->vetoed;
            sc->excluded |= sub->excluded;
            add_held_row(r, &r->tables[p], (size_t)s, sums);
        }
        for (; next < acc->n && acc->v[next].row == (uint32_t)s; next++)
            kp_exact_add(&sums[acc->v[next].slot], &acc->v[next].rest);
        unsigned char cuts[KP_MAX_INDICATORS] = {0};
        for (int c = 0; c < rs->ncategories; c++) {
            kp_exact_set_int(&cat[c], 0);
            exact[c] = &cat[c];
        }
        for (int i = 0; i < ni; i++) {
            const kp_indicator *ind = &rs->indicators[i];
            row[i] = 0;
            if (ind->kind != t->kind)
                continue;
            if (mean)
                kp_exact_div_count(&sums[i], (unsigned long long)np);
            int cut;
            row[i] = kp_exact_held_cut(&sums[i], &cut);
            cuts[ind->cat] |= (unsigned char)cut;
            kp_results_contribution(ind, &sums[i]);
            kp_exact_add(&cat[ind->cat], &sums[i]);
        }
        subtotal_slots(rs, t->kind, row, exact, cuts);
        kp_exact_set_units(&total, units, rs->decimals);
        if (mean)
            kp_exact_div_count(&total, (unsigned long long)np);
        publish(sc, &total, rs->decimals);
        kp_table_store_row(r, t, (size_t)s, row);
    }
    for (int i = 0; i < ni; i++) {
        kp_exact_clear(&sums[i]);
        kp_exact_clear(&cat[i]);
    }
    kp_exact_clear(&total);
}

static void score_kind(kp_results *r, int k)
{
    const kp_kind *kind = &r->rs->kinds[k];
    const kp_period *run = &r->m->period;
    int sub = kind->period != KP_PER_RANGE && kind->period != run->type;
    if (!sub) {
        int t = add_table(r, k, run, 0, 1);
        score_table(r, &r->tables[t], NULL);
        kp_score_rank(r, &r->tables[t]);
        kp_score_grade(r, &r->tables[t]);
        kp_score_awards(r, k);
        kp_score_streaks(r, k, 1);
        return;
    }
    kp_period subs[KP_PERIOD_MAX_SPLIT];
    int np = kp_period_split(run, kind->period, subs, KP_PERIOD_MAX_SPLIT), first = r->ntables;
    rollup_rests rests = {0}, *acc = kind->rollup != KP_ROLL_NONE ? &rests : NULL;
    for (int p = 0; p < np; p++) {
        int t = add_table(r, k, &subs[p], 0, 0);
        score_table(r, &r->tables[t], acc);
        kp_score_rank(r, &r->tables[t]);
        if (kind->grade_all_periods)
            kp_score_grade(r, &r->tables[t]);
    }
    kp_score_streaks(r, k, 0);
    if (acc) {
        int t = add_table(r, k, run, 1, 1);
        roll_up(r, &r->tables[t], first, first + np, acc);
        kp_score_rank(r, &r->tables[t]);
        kp_score_grade(r, &r->tables[t]);
    }
    rests_free(&rests);
    kp_score_awards(r, k);
    kp_score_streaks(r, k, 1);
}

kp_err kp_score_run(kp_results *r, const kp_model *m, kp_diag *d)
{
    memset(r, 0, sizeof *r);
    kp_exact_init();
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
