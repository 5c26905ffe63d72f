/* kp_history.c - grades and ranks of earlier periods: history.csv, or earlier runs' out folders. */
#include "../base/kp_i18n.h"
#include "kp_model_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *field(const kp_csv_record *r, int idx)
{
    return idx >= 0 && idx < r->n ? r->fields[idx] : "";
}

static const kp_streak_rule *years_streak(const kp_ruleset *rs)
{
    for (int i = 0; i < rs->nstreaks; i++)
        if (rs->streaks[i].years && rs->streaks[i].count > 1)
            return &rs->streaks[i];
    return NULL;
}

/* Room for n more history entries. */
static kp_history *grow(kp_model *m, kp_arena *a, size_t n)
{
    kp_history *h = kp_arena_alloc(a, sizeof *h * ((size_t)m->nhistory + n + 1));
    if (m->nhistory)
        memcpy(h, m->history, sizeof *h * (size_t)m->nhistory);
    m->history = h;
    return h;
}

/* history.csv (optional): period,subject,grade of earlier periods. Absent while a streak
 * over years reads it: a warning, as no streak can then be complete. */
static kp_err load_csv(kp_model_builder *B, const char *dir)
{
    kp_csv csv;
    kp_err err;
    const kp_streak_rule *st = years_streak(B->m->rs);
    int absent = kp_model_table(B, dir, "history", 0, &csv, &err);
    if (absent && !err && st)
        kp_warn("history.csv", 0,
                "not given (optional): '%s' (%d years of %s) counts this "
                "year only",
                st->key, st->count, st->grade ? st->grade : "last place");
    if (absent || err)
        return err;
    static const char *const names[] = {"period", "subject", "grade", NULL};
    int idx[3];
    kp_model *m = B->m;
    grow(m, B->arena, csv.n);
    const kp_csv_record none = {.n = 0};
    if (kp_model_columns(B, csv.name, csv.n ? &csv.records[0] : &none, names, idx, 3)) {
        for (size_t i = 1; i < csv.n; i++) {
            const kp_csv_record *r = &csv.records[i];
            kp_history *h = &m->history[m->nhistory];
            size_t e;
            if (kp_period_parse(field(r, idx[0]), &h->period) != 0) {
                kp_model_row_error(B, &csv, r->line, idx[0], "'%s' is not a period",
                                   field(r, idx[0]));
                continue;
            }
            if (!kp_map_get(&m->entity_ids, field(r, idx[1]), &e)) {
                kp_model_row_error(B, &csv, r->line, idx[1], "unknown subject '%s'",
                                   field(r, idx[1]));
                continue;
            }
            h->entity = (int)e;
            h->grade = field(r, idx[2]);
            h->rank = 0;
            m->nhistory++;
        }
    }
    kp_csv_free(&csv);
    return B->errors ? KP_ERR_VALUE : KP_OK;
}

/* The folder (index into run->history) that already gave `year`, or -1. */
static int year_from(const kp_model *m, const int *folder_of, int year)
{
    for (int i = 0; i < m->nhistory; i++)
        if (m->history[i].period.year == year)
            return folder_of[i];
    return -1;
}

/* One row of an earlier run's results.csv into the history: its kind must be one of this
 * rule set's, its period a year before the run's and no other folder's; a subject no
 * longer in the data (someone who left) is passed over. */
static void archive_row(kp_model_builder *B, const kp_csv *csv, const kp_csv_record *r,
                        const int *idx, int folder, int *folder_of)
{
    kp_model *m = B->m;
    const kp_run *run = B->run;
    kp_history *h = &m->history[m->nhistory];
    size_t e;
    if (kp_ruleset_find_kind(m->rs, field(r, idx[0])) < 0) {
        kp_model_row_error(B, csv, r->line, idx[0],
                           "kind '%s' is not a kind of this run's rule set (an out folder "
                           "of another assessment?)",
                           field(r, idx[0]));
        return;
    }
    if (kp_period_parse(field(r, idx[2]), &h->period) != 0) {
        kp_model_row_error(B, csv, r->line, idx[2], "'%s' is not a period", field(r, idx[2]));
        return;
    }
    if (h->period.type != KP_PER_YEAR || !kp_map_get(&m->entity_ids, field(r, idx[1]), &e))
        return; /* history is by year; a sub-period's row or someone who left */
    if (h->period.year >= run->period.year) {
        kp_model_row_error(B, csv, r->line, idx[2],
                           "period %d is not before this run's %d: history must be earlier",
                           h->period.year, run->period.year);
        return;
    }
    int other = year_from(m, folder_of, h->period.year);
    if (other >= 0 && other != folder) {
        kp_model_row_error(B, csv, r->line, idx[2], "%d is also in the history folder '%s'",
                           h->period.year, run->history[other]);
        return;
    }
    h->entity = (int)e;
    h->grade = field(r, idx[4]);
    h->rank = atoi(field(r, idx[3]));
    folder_of[m->nhistory++] = folder;
}

/* [run] history: the results.csv of each earlier run's out folder (verified against its
 * manifest before the load, by the pipeline). One source of history: not with history.csv. */
static kp_err load_archive(kp_model_builder *B, const char *dir)
{
    const kp_run *run = B->run;
    kp_model_src src;
    if (kp_model_locate(B->arena, dir, "history", &src)) {
        kp_model_error(B, run->path, run->history_line,
                       "history is given twice: here and by '%s' in the data folder; keep one",
                       src.path);
        return KP_ERR_CONFIG;
    }
    static const char *const names[] = {"kind", "subject", "period", "rank", "grade", NULL};
    int idx[5], *folder_of = NULL;
    for (int f = 0; f < run->nhistory; f++) {
        kp_csv csv;
        const char *path = kp_model_join(B->arena, run->history[f], "results.csv");
        kp_err err = kp_csv_read(&csv, path, path, "utf-8", B->arena, B->d);
        if (err)
            return err;
        grow(B->m, B->arena, csv.n);
        int *grown = kp_arena_alloc(B->arena, sizeof *grown * ((size_t)B->m->nhistory + csv.n + 1));
        if (folder_of)
            memcpy(grown, folder_of, sizeof *grown * (size_t)B->m->nhistory);
        folder_of = grown;
        const kp_csv_record none = {.n = 0};
        if (kp_model_columns(B, csv.name, csv.n ? &csv.records[0] : &none, names, idx, 5))
            for (size_t i = 1; i < csv.n; i++)
                archive_row(B, &csv, &csv.records[i], idx, f, folder_of);
        kp_csv_free(&csv);
    }
    return B->errors ? KP_ERR_VALUE : KP_OK;
}

kp_err kp_model_history_load(kp_model_builder *B, const char *dir)
{
    return B->run->nhistory ? load_archive(B, dir) : load_csv(B, dir);
}

const char *kp_model_history(const kp_model *m, int entity, int year)
{
    for (int i = 0; i < m->nhistory; i++)
        if (m->history[i].entity == entity && m->history[i].period.type == KP_PER_YEAR &&
            m->history[i].period.year == year)
            return m->history[i].grade;
    return NULL;
}
