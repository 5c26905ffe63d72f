/* kp_awards.c - awards by rank, top-k or grade, and streaks over periods or years. */
#include "kp_score.h"
#include "../base/kp_mem.h"
#include "../base/kp_vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kp_score_award(kp_results *r, int rule, int kind, int subject, const kp_period *p,
                   const char *label, const char *unit, double amount)
{
    kp_award *v = kp_vec_room(r->awards, r->nawards, &r->capawards, sizeof *v, 64);
    r->awards = v;
    r->awards[r->nawards++] = (kp_award){rule, kind, subject, *p, label, unit ? unit : "", amount};
    return 0;
}

static int cmp_desc(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x > y ? -1 : x < y;
}

/* Competition ranks of an indicator's scores over the table's ranked
 * subjects: 1 + how many score strictly higher (sorted, so n log n). */
static void indicator_ranks(const kp_results *r, const kp_table *t, int ind, int *ranks)
{
    const kp_model *m = r->m;
    int n = m->kind_count[t->kind], first = m->kind_first[t->kind], k = 0;
    long long *u = kp_xmalloc(sizeof *u * ((size_t)(n > 0 ? n : 0) + 1));
    for (int s = 0; s < n; s++)
        if (!t->scores[s].excluded)
            u[k++] = kp_num_units(kp_table_value(r, t, first + s, ind), r->rs->decimals);
    qsort(u, (size_t)k, sizeof *u, cmp_desc);
    for (int s = 0; s < n; s++) {
        ranks[s] = 0;
        if (t->scores[s].excluded)
            continue;
        long long v = kp_num_units(kp_table_value(r, t, first + s, ind), r->rs->decimals);
        int lo = 0, hi = k; /* first index with u[i] <= v */
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (u[mid] > v)
                lo = mid + 1;
            else
                hi = mid;
        }
        ranks[s] = lo + 1;
    }
    free(u);
}

/* tie_break = total: a subject tied on the award's indicator is ranked
 * further by its total rank; one that stays tied (same total too) at the
 * top-k boundary keeps the award and gets a notice, as no rule decides. */
static void break_ties(kp_results *r, const kp_award_rule *a, const kp_table *t, int *ranks)
{
    int n = r->m->kind_count[t->kind], first = r->m->kind_first[t->kind];
    int *by = kp_xmalloc(sizeof *by * (size_t)(n ? n : 1));
    memcpy(by, ranks, sizeof *by * (size_t)n);
    for (int s = 0; s < n; s++) {
        if (!by[s])
            continue;
        int ahead = 0, same = 0;
        for (int c = 0; c < n; c++) {
            if (!by[c] || c == s)
                continue;
            int tr = t->scores[c].rank - t->scores[s].rank;
            ahead += by[c] < by[s] || (by[c] == by[s] && tr < 0);
            same += by[c] == by[s] && tr == 0;
        }
        ranks[s] = ahead + 1;
        if (same && ranks[s] <= a->top && ranks[s] + same > a->top) {
            kp_score_notice(r, KP_N_CHECK, first + s, -1, &t->period, NAN, NAN);
            snprintf(r->notices[r->nnotices - 1].text, sizeof r->notices[0].text,
                     "%s：与其他对象并列（总分亦同），需另行确定", a->label);
        }
    }
    free(by);
}

static void award_table(kp_results *r, int rule, const kp_table *t)
{
    const kp_award_rule *a = &r->rs->awards[rule];
    const kp_kind *kind = &r->rs->kinds[t->kind];
    int n = r->m->kind_count[t->kind], first = r->m->kind_first[t->kind];
    int *ranks = kp_xmalloc(sizeof *ranks * (size_t)(n ? n : 1));
    for (int s = 0; s < n; s++)
        ranks[s] = t->scores[s].rank;
    if (a->by >= 0)
        indicator_ranks(r, t, a->by, ranks);
    if (a->by >= 0 && a->tie_break && a->select == KP_SEL_TOP)
        break_ties(r, a, t, ranks);
    for (int i = 0; i < n; i++) {
        int s = t->order[i] - first; /* in ranking order, so award lists read top down */
        const kp_score *sc = &t->scores[s];
        /* A veto takes a subject out of prizes by rank, but a grade's
         * consequences (pay cut of 不合格) follow it. */
        if (sc->excluded || !ranks[s] || (sc->vetoed && a->select != KP_SEL_GRADE))
            continue;
        double amount = a->amount;
        int hit = 0;
        if (a->select == KP_SEL_RANKS && ranks[s] <= a->namounts) {
            hit = 1;
            amount = a->amounts[ranks[s] - 1];
        } else if (a->select == KP_SEL_TOP) {
            hit = ranks[s] <= a->top;
        } else if (a->select == KP_SEL_GRADE) {
            hit = sc->grade >= 0 && !strcmp(kind->grades[sc->grade].name, a->grade);
        }
        if (hit)
            kp_score_award(r, rule, t->kind, first + s, &t->period, a->label, a->unit, amount);
    }
    free(ranks);
}

void kp_score_awards(kp_results *r, int kind)
{
    for (int a = 0; a < r->rs->nawards; a++) {
        if (r->rs->awards[a].kind != kind)
            continue;
        for (int i = 0; i < r->ntables; i++) {
            const kp_table *t = &r->tables[i];
            if (t->kind == kind &&
                (r->rs->awards[a].each_period ? !t->main || !t->rollup : t->main))
                award_table(r, a, t);
        }
    }
}

static int grade_index(const kp_kind *k, const char *name)
{
    for (int g = 0; g < k->ngrades; g++)
        if (!strcmp(k->grades[g].name, name))
            return g;
    return -1;
}

static void fire(kp_results *r, const kp_streak_rule *st, int s, const kp_period *p)
{
    const kp_kind *kind = &r->rs->kinds[st->kind];
    if (st->notice) {
        kp_notice_type type = !strcmp(st->notice, "disqualified") ? KP_N_DISQUALIFIED : KP_N_STREAK;
        kp_score_notice(r, type, s, -1, p, st->count, NAN);
        snprintf(r->notices[r->nnotices - 1].text, sizeof r->notices[0].text, "%s", st->text);
    }
    int g = st->disqualify ? grade_index(kind, st->disqualify) : -1;
    if (g >= 0)
        r->disqualified[s] |= (unsigned char)(1u << g);
    if (st->award)
        kp_score_award(r, -1, st->kind, s, p, st->award, "", NAN);
}

/* Whether subject s holds the streak's position in table t. */
static int holds(const kp_results *r, const kp_streak_rule *st, const kp_table *t, int s,
                 const int *worst)
{
    const kp_score *sc = kp_table_score(r, t, s);
    if (!sc->rank)
        return 0;
    if (st->last)
        return sc->rank == worst[s - r->m->kind_first[t->kind]];
    return sc->grade >= 0 && !strcmp(r->rs->kinds[t->kind].grades[sc->grade].name, st->grade);
}

/* The worst rank of each subject's group in table t. */
static void worst_ranks(const kp_results *r, const kp_table *t, int *worst)
{
    int n = r->m->kind_count[t->kind], first = r->m->kind_first[t->kind];
    for (int i = 0; i < n;) {
        int j = i, w = 0;
        const char *g = kp_model_group_of(r->m, t->order[i]);
        int grouped = r->rs->kinds[t->kind].group_parent;
        while (j < n && (!grouped || !strcmp(kp_model_group_of(r->m, t->order[j]), g))) {
            int rank = t->scores[t->order[j] - first].rank;
            if (rank > w)
                w = rank;
            j++;
        }
        for (int k = i; k < j; k++)
            worst[t->order[k] - first] = w;
        i = j;
    }
}

/* Consecutive sub-periods: fires once when a run reaches `count`. */
static void period_streak(kp_results *r, const kp_streak_rule *st)
{
    int n = r->m->kind_count[st->kind], first = r->m->kind_first[st->kind];
    int *run = kp_xcalloc((size_t)(n ? n : 1), sizeof *run);
    int *worst = kp_xmalloc(sizeof *worst * (size_t)(n ? n : 1));
    for (int i = 0; run && worst && i < r->ntables; i++) {
        const kp_table *t = &r->tables[i];
        if (t->kind != st->kind || t->main)
            continue;
        worst_ranks(r, t, worst);
        for (int s = 0; s < n; s++) {
            run[s] = holds(r, st, t, first + s, worst) ? run[s] + 1 : 0;
            if (run[s] == st->count)
                fire(r, st, first + s, &t->period);
        }
    }
    free(run);
    free(worst);
}

/* This run's grade and the grades of history.csv in the years before. */
static void year_streak(kp_results *r, const kp_streak_rule *st)
{
    const kp_table *t = kp_results_main(r, st->kind);
    const kp_model *m = r->m;
    if (!t || !st->grade)
        return;
    for (int s = m->kind_first[st->kind]; s < m->kind_first[st->kind] + m->kind_count[st->kind];
         s++) {
        const kp_score *sc = kp_table_score(r, t, s);
        if (sc->grade < 0 || strcmp(r->rs->kinds[st->kind].grades[sc->grade].name, st->grade))
            continue;
        int years = 1;
        for (int y = m->period.year - 1; years < st->count; y--) {
            const char *g = kp_model_history(m, m->subjects[s].entity, y);
            if (!g || strcmp(g, st->grade))
                break;
            years++;
        }
        if (years >= st->count)
            fire(r, st, s, &t->period);
    }
}

void kp_score_streaks(kp_results *r, int kind, int years)
{
    for (int i = 0; i < r->rs->nstreaks; i++) {
        const kp_streak_rule *st = &r->rs->streaks[i];
        if (st->kind != kind || st->years != years)
            continue;
        if (years)
            year_streak(r, st);
        else
            period_streak(r, st);
    }
}
