/* kp_rank.c - competition ranking (overall or within parent groups) and grades by quota or
 * threshold. */
#include "kp_score.h"
#include "../base/kp_mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_score_competition_ranks(const long long *units, int n, int *ranks)
{
    for (int i = 0; i < n; i++)
        ranks[i] = (i > 0 && units[i] == units[i - 1]) ? ranks[i - 1] : i + 1;
}

int kp_score_quota(double percent, int n)
{
    return (int)floor(percent / 100.0 * n + 1e-9);
}

/* What ranking compares, gathered once per table so that sorting touches
 * only this array: group, then excluded last, then the published total
 * descending, then the subject id, so equal totals list in a stable,
 * reproducible order. Groups and ids are ranks in strcmp order. */
typedef struct {
    long long units;
    int group, excluded, id, subject;
} rank_key;

static int cmp_rank(const void *pa, const void *pb)
{
    const rank_key *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->excluded != b->excluded)
        return a->excluded ? 1 : -1;
    if (a->units != b->units)
        return a->units > b->units ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* t->order: the kind's subjects in ranking order. */
static void sort_table(kp_results *r, kp_table *t)
{
    const kp_model *m = r->m;
    int first = m->kind_first[t->kind], n = m->kind_count[t->kind];
    int grouped = r->rs->kinds[t->kind].group_parent;
    rank_key *keys = kp_xmalloc(sizeof *keys * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        const kp_subject *sub = &m->subjects[first + i];
        keys[i] = (rank_key){t->scores[i].units, grouped ? sub->group_rank : 0,
                             t->scores[i].excluded, sub->id_rank, first + i};
    }
    qsort(keys, (size_t)n, sizeof *keys, cmp_rank);
    for (int i = 0; i < n; i++)
        t->order[i] = keys[i].subject;
    free(keys);
}

static int same_group(const kp_results *r, const kp_table *t, int a, int b)
{
    return !r->rs->kinds[t->kind].group_parent ||
           r->m->subjects[a].group_rank == r->m->subjects[b].group_rank;
}

void kp_score_rank(kp_results *r, kp_table *t)
{
    const kp_model *m = r->m;
    int first = m->kind_first[t->kind], n = m->kind_count[t->kind];
    sort_table(r, t);
    size_t cap = n > 0 ? (size_t)n : 1;
    long long *units = kp_xmalloc(sizeof *units * cap);
    int *ranks = kp_xmalloc(sizeof *ranks * cap);
    t->ranked = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && same_group(r, t, t->order[j], t->order[i]))
            j++;
        /* [i, j) is one group; its excluded subjects sort last and stay unranked. */
        int ranked = 0;
        while (i + ranked < j && !t->scores[t->order[i + ranked] - first].excluded) {
            units[ranked] = t->scores[t->order[i + ranked] - first].units;
            ranked++;
        }
        kp_score_competition_ranks(units, ranked, ranks);
        for (int k = i; k < j; k++) {
            kp_score *sc = &t->scores[t->order[k] - first];
            if (k - i < ranked)
                sc->rank = ranks[k - i];
            sc->group_n = ranked;
        }
        t->ranked += ranked;
        i = j;
    }
    free(ranks);
    free(units);
}

static int cond_holds(const kp_results *r, const kp_cond *c, const kp_score *sc)
{
    int k, n = sc->group_n;
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

/* The first grade, best first, whose conditions all hold and that a streak
 * has not put out of reach; ties share a rank, so tied subjects always land
 * in the same (better) grade. */
static int grade_of(const kp_results *r, const kp_kind *k, int s, const kp_score *sc)
{
    if (sc->excluded)
        return -1;
    if (sc->vetoed && k->veto_grade >= 0)
        return k->veto_grade;
    for (int g = 0; g < k->ngrades; g++) {
        if (g == k->else_grade || (r->disqualified[s] & (1u << g)))
            continue;
        int ok = k->grades[g].nconds > 0;
        for (int c = 0; ok && c < k->grades[g].nconds; c++)
            ok = cond_holds(r, &k->grades[g].conds[c], sc);
        if (ok)
            return g;
    }
    return k->else_grade;
}

void kp_score_grade(kp_results *r, kp_table *t)
{
    const kp_kind *k = &r->rs->kinds[t->kind];
    int first = r->m->kind_first[t->kind];
    for (int i = 0; i < r->m->kind_count[t->kind]; i++)
        t->scores[i].grade = -1;
    if (!k->ngrades)
        return;
    for (int i = 0; i < r->m->kind_count[t->kind]; i++)
        t->scores[i].grade = (short)grade_of(r, k, first + i, &t->scores[i]);
}
