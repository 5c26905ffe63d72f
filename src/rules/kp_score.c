/* kp_score.c - scoring stages: methods per indicator, totals, ranks and grades. */
#include "kp_score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_notice(kp_results *r, kp_notice_type t, int subject, int slot,
                      const kp_period *p, double value, double limit)
{
    if (r->nnotices == r->capnotices) {
        size_t cap = r->capnotices ? r->capnotices * 2 : 64;
        kp_notice *grown = realloc(r->notices, cap * sizeof *grown);
        if (!grown)
            return -1;
        r->notices = grown;
        r->capnotices = cap;
    }
    r->notices[r->nnotices++] = (kp_notice){t, subject, slot, *p, value, limit};
    return 0;
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
    double *v = malloc(n * sizeof *v), sum = 0;
    if (!v)
        return NAN;
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

/* Score of one observation-based indicator for one subject; sets *missing
 * when there was nothing to score. */
static double method_score(kp_results *r, const kp_indicator *ind, int i, int s, int *missing)
{
    const kp_model *m = r->m;
    kp_obs_range rg = kp_model_obs(m, i, s);
    const kp_obs *o = m->obs + rg.start;
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
            add_notice(r, KP_N_RATERS, s, i, &m->period, (double)rg.count, ind->min_raters);
        break;
    case KP_M_SUM:
        for (size_t k = 0; k < rg.count; k++)
            v += o[k].value;
        *missing = 0;
        break;
    case KP_M_REF:
        *missing = m->subjects[s].unit < 0;
        v = *missing ? 0 : r->scores[m->subjects[s].unit].published;
        break;
    default:
        break;
    }
    return v * ind->scale;
}

/* Bottom-k strikes: for each input and sub-period, every subject whose
 * value is at or below the k-th lowest value of that sub-period (ties
 * included) gets one strike. Missing values are flagged, not struck. */
static void count_strikes(kp_results *r, const kp_indicator *ind, int kind)
{
    const kp_model *m = r->m;
    int first = m->kind_first[kind], n = m->kind_count[kind];
    double *vals = malloc(sizeof *vals * (size_t)(n ? n : 1));
    double *sorted = malloc(sizeof *sorted * (size_t)(n ? n : 1));
    if (!vals || !sorted)
        goto done;
    for (int q = 0; q < ind->ninputs; q++) {
        const kp_input *in = &r->rs->inputs[ind->inputs[q]];
        int slot = kp_model_input_slot(m, ind->inputs[q]);
        kp_period subs[12];
        int np = kp_period_split(&m->period, in->period, subs);
        for (int p = 0; p < np; p++) {
            int have = 0;
            for (int s = 0; s < n; s++) {
                kp_obs_range rg = kp_model_obs(m, slot, first + s);
                vals[s] = NAN;
                for (size_t k = 0; k < rg.count; k++)
                    if (kp_period_equal(&m->obs[rg.start + k].period, &subs[p]))
                        vals[s] = m->obs[rg.start + k].value;
                if (isnan(vals[s]))
                    add_notice(r, KP_N_MISSING, first + s, slot, &subs[p], NAN, NAN);
                else
                    sorted[have++] = vals[s];
                if (!isnan(vals[s]) && in->has_target && vals[s] < in->target)
                    add_notice(r, KP_N_TARGET, first + s, slot, &subs[p], vals[s], in->target);
            }
            if (!have)
                continue;
            qsort(sorted, (size_t)have, sizeof *sorted, cmp_double);
            double limit = sorted[(ind->bottom < have ? ind->bottom : have) - 1];
            for (int s = 0; s < n; s++)
                if (!isnan(vals[s]) && vals[s] <= limit)
                    r->scores[first + s].strikes++;
        }
    }
done:
    free(vals);
    free(sorted);
}

/* Plausibility checks of optional inputs (ranges and shares): warnings. */
static void check_inputs(kp_results *r, int kind)
{
    const kp_model *m = r->m;
    for (int q = 0; q < r->rs->ninputs; q++) {
        const kp_input *in = &r->rs->inputs[q];
        if (in->kind != kind)
            continue;
        int slot = kp_model_input_slot(m, q);
        int of = in->share_of ? kp_ruleset_find_input(r->rs, in->share_of) : -1;
        for (int s = m->kind_first[kind]; s < m->kind_first[kind] + m->kind_count[kind]; s++) {
            kp_obs_range rg = kp_model_obs(m, slot, s);
            for (size_t k = 0; k < rg.count; k++) {
                const kp_obs *o = &m->obs[rg.start + k];
                if ((!isnan(in->warn_min) && o->value < in->warn_min) ||
                    (!isnan(in->warn_max) && o->value > in->warn_max))
                    add_notice(r, KP_N_CHECK, s, slot, &o->period, o->value, NAN);
                if (of < 0)
                    continue;
                kp_obs_range base = kp_model_obs(m, kp_model_input_slot(m, of), s);
                for (size_t b = 0; b < base.count; b++) {
                    const kp_obs *ob = &m->obs[base.start + b];
                    if (kp_period_equal(&ob->period, &o->period) && ob->value > 0 &&
                        o->value / ob->value < in->share_min)
                        add_notice(r, KP_N_CHECK, s, slot, &o->period, o->value, ob->value);
                }
            }
        }
    }
}

static void score_kind(kp_results *r, int kind)
{
    const kp_model *m = r->m;
    const kp_ruleset *rs = r->rs;
    for (int i = 0; i < rs->nindicators; i++)
        if (rs->indicators[i].kind == kind && rs->indicators[i].method == KP_M_STRIKES)
            count_strikes(r, &rs->indicators[i], kind);
    check_inputs(r, kind);
    for (int s = m->kind_first[kind]; s < m->kind_first[kind] + m->kind_count[kind]; s++) {
        kp_score *sc = &r->scores[s];
        double total = 0;
        for (int i = 0; i < rs->nindicators; i++) {
            const kp_indicator *ind = &rs->indicators[i];
            if (ind->kind != kind)
                continue;
            int missing = 0;
            double v;
            if (ind->method == KP_M_STRIKES)
                v = ind->base - ind->per_strike * sc->strikes;
            else
                v = method_score(r, ind, i, s, &missing);
            if (missing && ind->missing == KP_MISS_FLAG) {
                sc->excluded = 1;
                add_notice(r, KP_N_MISSING, s, i, &m->period, NAN, NAN);
            }
            if (ind->method == KP_M_FLAG && v != 0 && !sc->vetoed) {
                sc->vetoed = 1;
                add_notice(r, KP_N_VETO, s, i, &m->period, v, NAN);
            }
            if (!isnan(ind->cap) && v > ind->cap)
                v = ind->cap;
            if (!isnan(ind->floor) && v < ind->floor)
                v = ind->floor;
            r->values[(size_t)s * (size_t)rs->nindicators + (size_t)i] = v;
            total += ind->sign * ind->weight * v;
        }
        sc->total = total;
        sc->published = kp_num_round(total, rs->decimals);
        sc->units = kp_num_units(total, rs->decimals);
    }
}

void kp_score_competition_ranks(const long long *units, int n, int *ranks)
{
    for (int i = 0; i < n; i++)
        ranks[i] = (i > 0 && units[i] == units[i - 1]) ? ranks[i - 1] : i + 1;
}

int kp_score_quota(double percent, int n)
{
    return (int)floor(percent / 100.0 * n + 1e-9);
}

static const kp_results *sort_ctx;

/* Ranking order: published total descending, then subject id, so equal
 * totals list in a stable, reproducible order. */
static int cmp_rank(const void *pa, const void *pb)
{
    const kp_score *a = &sort_ctx->scores[*(const int *)pa];
    const kp_score *b = &sort_ctx->scores[*(const int *)pb];
    if (a->excluded != b->excluded)
        return a->excluded ? 1 : -1;
    if (a->units != b->units)
        return a->units > b->units ? -1 : 1;
    return strcmp(sort_ctx->m->subjects[*(const int *)pa].id,
                  sort_ctx->m->subjects[*(const int *)pb].id);
}

static int cond_holds(const kp_results *r, const kp_cond *c, const kp_score *sc, int n)
{
    int k;
    switch (c->type) {
    case KP_C_TOP:
        return sc->rank <= kp_score_quota(c->value, n);
    case KP_C_BOTTOM:
        k = kp_score_quota(c->value, n);
        return k > 0 && sc->rank > n - k;
    case KP_C_GE:
        return sc->units >= kp_num_units(c->value, r->rs->decimals);
    default:
        return 0;
    }
}

/* The first grade, best first, whose conditions all hold; ties share a
 * rank, so tied subjects always land in the same (better) grade. */
static int grade_of(const kp_results *r, const kp_kind *k, const kp_score *sc, int n)
{
    if (sc->excluded)
        return -1;
    if (sc->vetoed && k->veto_grade >= 0)
        return k->veto_grade;
    for (int g = 0; g < k->ngrades; g++) {
        if (g == k->else_grade)
            continue;
        int ok = k->grades[g].nconds > 0;
        for (int c = 0; ok && c < k->grades[g].nconds; c++)
            ok = cond_holds(r, &k->grades[g].conds[c], sc, n);
        if (ok)
            return g;
    }
    return k->else_grade;
}

static kp_err rank_kind(kp_results *r, int kind)
{
    const kp_model *m = r->m;
    int first = m->kind_first[kind], n = m->kind_count[kind];
    int *order = r->order + first;
    long long *units = malloc(sizeof *units * (size_t)(n ? n : 1));
    int *ranks = malloc(sizeof *ranks * (size_t)(n ? n : 1));
    if (!units || !ranks) {
        free(units);
        free(ranks);
        return KP_ERR_NOMEM;
    }
    for (int i = 0; i < n; i++)
        order[i] = first + i;
    sort_ctx = r;
    qsort(order, (size_t)n, sizeof *order, cmp_rank);
    int ranked = 0;
    while (ranked < n && !r->scores[order[ranked]].excluded) {
        units[ranked] = r->scores[order[ranked]].units;
        ranked++;
    }
    kp_score_competition_ranks(units, ranked, ranks);
    for (int i = 0; i < ranked; i++)
        r->scores[order[i]].rank = ranks[i];
    r->ranked[kind] = ranked;
    for (int i = 0; i < n; i++)
        r->scores[order[i]].grade = grade_of(r, &r->rs->kinds[kind], &r->scores[order[i]], ranked);
    free(units);
    free(ranks);
    return KP_OK;
}

kp_err kp_score_run(kp_results *r, const kp_model *m, kp_diag *d)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    r->rs = m->rs;
    size_t ns = (size_t)m->nsubjects + 1, ni = (size_t)m->rs->nindicators;
    r->scores = calloc(ns, sizeof *r->scores);
    r->values = malloc(ns * (ni ? ni : 1) * sizeof *r->values);
    r->order = malloc(ns * sizeof *r->order);
    if (!r->scores || !r->values || !r->order)
        return kp_diag_report(d, KP_ERR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < ns * ni; i++)
        r->values[i] = NAN;
    /* Kinds in rule set order: a kind that refers to another's totals
     * comes after it (checked when the rule set is loaded). */
    for (int k = 0; k < m->rs->nkinds; k++) {
        score_kind(r, k);
        if (rank_kind(r, k) != KP_OK)
            return kp_diag_report(d, KP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    return KP_OK;
}

void kp_results_free(kp_results *r)
{
    if (!r)
        return;
    free(r->scores);
    free(r->values);
    free(r->order);
    free(r->notices);
    memset(r, 0, sizeof *r);
}

static const char *slot_label(const kp_results *r, int slot, const char **unit)
{
    *unit = "";
    if (slot < r->rs->nindicators)
        return r->rs->indicators[slot].label;
    const kp_input *in = &r->rs->inputs[slot - r->rs->nindicators];
    *unit = in->unit;
    return in->label;
}

void kp_notice_text(const kp_results *r, const kp_notice *n, char *buf, size_t size)
{
    const kp_subject *s = &r->m->subjects[n->subject];
    const char *unit, *label = slot_label(r, n->slot, &unit);
    char per[16];
    kp_period_format(&n->period, per, sizeof per);
    switch (n->type) {
    case KP_N_TARGET:
        snprintf(buf, size, "%s %s%s %g%s，低于目标 %g%s", s->name, per, label, n->value, unit,
                 n->limit, unit);
        break;
    case KP_N_RATERS:
        snprintf(buf, size, "%s %s参评人数 %g 人，少于 %g 人", s->name, label, n->value,
                 n->limit);
        break;
    case KP_N_MISSING:
        snprintf(buf, size, "%s %s%s 数据缺失", s->name, per, label);
        break;
    case KP_N_CHECK:
        if (isnan(n->limit))
            snprintf(buf, size, "%s %s %g%s，超出规定范围", s->name, label, n->value, unit);
        else
            snprintf(buf, size, "%s %s %g%s，占比低于规定（共 %g）", s->name, label, n->value,
                     unit, n->limit);
        break;
    case KP_N_VETO:
        snprintf(buf, size, "%s %s，一票否决", s->name, label);
        break;
    default:
        snprintf(buf, size, "%s", s->name);
    }
}
