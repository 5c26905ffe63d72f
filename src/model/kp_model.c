/* kp_model.c - units and people into subjects, history; the load that ties them to observations. */
#include "kp_model_load.h"
#include "../base/kp_i18n.h"
#include "../base/kp_mem.h"
#include "../ingest/kp_csv.h"
#include "../ingest/kp_xlsx_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reports now, or keeps for kp_model_release() while errors are held. */
static void report(kp_model_builder *B, kp_err code, const char *where, const char *file, long line,
                   const char *msg)
{
    if (!B->holding) {
        if (where)
            kp_diag_report_at(B->d, code, where, file, line, "%s", msg);
        else
            kp_diag_report(B->d, code, file, line, "%s", msg);
        return;
    }
    if (!B->held)
        B->held = kp_xmalloc(sizeof *B->held * (KP_MODEL_MAX_ERRORS + 8));
    if (B->nheld == KP_MODEL_MAX_ERRORS + 8)
        return;
    kp_model_held *h = &B->held[B->nheld++];
    h->code = code;
    snprintf(h->where, sizeof h->where, "%s", where ? where : "");
    h->file = file;
    h->line = line;
    snprintf(h->msg, sizeof h->msg, "%s", msg);
}

void kp_model_hold(kp_model_builder *B)
{
    B->holding = 1;
    B->nheld = 0;
    B->errors_before = B->errors;
}

void kp_model_release(kp_model_builder *B, int keep)
{
    B->holding = 0;
    for (int i = 0; keep && i < B->nheld; i++) {
        const kp_model_held *h = &B->held[i];
        report(B, h->code, h->where[0] ? h->where : NULL, h->file, h->line, h->msg);
    }
    if (!keep)
        B->errors = B->errors_before;
    free(B->held);
    B->held = NULL;
    B->nheld = 0;
}

void kp_model_error(kp_model_builder *B, const char *file, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    if (B->errors++ < KP_MODEL_MAX_ERRORS)
        report(B, KP_ERR_VALUE, NULL, file, line, msg);
}

void kp_model_error_at(kp_model_builder *B, kp_err code, const char *where, const char *file,
                       long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    if (B->errors++ < KP_MODEL_MAX_ERRORS)
        report(B, code, where, file, line, msg);
}

void kp_model_row_error(kp_model_builder *B, const kp_csv *csv, long line, int col, const char *fmt,
                        ...)
{
    char msg[512], where[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    kp_csv_where_at(csv->name, csv->sheet, line, csv->sheet ? col : -1, where, sizeof where);
    kp_model_error_at(B, KP_ERR_VALUE, where, csv->name, line, "%s", msg);
}

char *kp_model_join(kp_arena *a, const char *dir, const char *name)
{
    return kp_arena_printf(a, "%s/%s", dir, name);
}

int kp_model_is_workbook(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && !strcmp(path + n - 5, ".xlsx");
}

int kp_model_readable(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (fp)
        fclose(fp);
    return fp != NULL;
}

/* A file of the data folder by name, when it can be read. */
static int found_file(kp_arena *a, const char *dir, const char *base, const char *ext,
                      kp_model_src *src)
{
    char *name = kp_arena_alloc(a, strlen(base) + strlen(ext) + 1);
    sprintf(name, "%s%s", base, ext);
    const char *path = kp_model_join(a, dir, name);
    if (!kp_model_readable(path))
        return 0;
    *src = (kp_model_src){path, name, NULL, !strcmp(ext, ".csv")};
    return 1;
}

/* The workbook is the data path itself when it is an .xlsx file, else
 * data.xlsx in the folder. */
int kp_model_locate(kp_arena *a, const char *dir, const char *base, kp_model_src *src)
{
    int book = kp_model_is_workbook(dir);
    if (!book && (found_file(a, dir, base, ".csv", src) || found_file(a, dir, base, ".xlsx", src)))
        return 1;
    const char *wb = book ? dir : kp_model_join(a, dir, "data.xlsx");
    if (!wb || !kp_model_readable(wb) || !kp_xlsx_has_sheet(wb, base))
        return 0;
    const char *slash = strrchr(wb, '/');
    *src = (kp_model_src){wb, kp_arena_strdup(a, slash ? slash + 1 : wb), base, 0};
    return src->name != NULL;
}

int kp_model_table(kp_model_builder *B, const char *dir, const char *base, int required,
                   kp_csv *csv, kp_err *err)
{
    kp_model_src src;
    if (kp_model_locate(B->arena, dir, base, &src)) {
        *err = src.csv ? kp_csv_read(csv, src.path, src.name, B->run->encoding, B->arena, B->d)
                       : kp_xlsx_read(csv, src.path, src.name, src.sheet, B->arena, B->d);
        return 0;
    }
    *err = KP_OK;
    char *file = kp_arena_alloc(B->arena, strlen(base) + 5);
    if (file)
        sprintf(file, "%s.csv", base);
    if (required)
        *err = kp_diag_report(B->d, KP_ERR_MISSING, file, 0,
                              "cannot read: No such file or directory (nor %s.xlsx, nor a sheet "
                              "'%s' in a workbook)",
                              base, base);
    return 1;
}

static int column_of(const kp_csv_record *head, const char *col)
{
    for (int i = 0; i < head->n; i++)
        if (!strcmp(head->fields[i], col))
            return i;
    return -1;
}

int kp_model_columns(kp_model_builder *B, const char *file, const kp_csv_record *head,
                     const char *const *names, int *idx, int nreq)
{
    int ok = 1;
    for (int i = 0; names[i]; i++) {
        idx[i] = column_of(head, names[i]);
        if (idx[i] < 0 && i < nreq) {
            char msg[160];
            snprintf(msg, sizeof msg,
                     i == 0 ? _("no '%s' column in the header (expected the contract's columns)")
                            : _("no '%s' column in the header (expected it)"),
                     names[i]);
            report(B, KP_ERR_MISSING, NULL, file, 1, msg);
            B->errors++;
            ok = 0;
        }
    }
    return ok;
}

/* Column indexes of a file's header; required ones missing are errors. */
static int columns(kp_model_builder *B, const kp_csv *csv, const char *const *names, int *idx,
                   int nreq)
{
    static const kp_csv_record none = {.n = 0};
    return kp_model_columns(B, csv->name, csv->n ? &csv->records[0] : &none, names, idx, nreq);
}

static const char *field(const kp_csv_record *r, int idx)
{
    return idx >= 0 && idx < r->n ? r->fields[idx] : NULL;
}

static int add_entity(kp_model_builder *B, const kp_csv *csv, const kp_csv_record *r, kp_entity *e)
{
    kp_model *m = B->m;
    if (!e->id[0]) {
        kp_model_row_error(B, csv, r->line, -1, "empty id");
        return -1;
    }
    size_t old;
    if (kp_map_put(&m->entity_ids, e->id, (size_t)m->nentities, &old) == 0) {
        kp_model_row_error(B, csv, r->line, -1, "id '%s' is already used on line %ld of '%s'",
                           e->id, m->entities[old].line,
                           m->entities[old].is_person ? "people.csv" : "units.csv");
        return -1;
    }
    if (m->nentities == m->capentities) {
        int cap = m->capentities ? m->capentities * 2 : 256;
        kp_entity *grown = kp_xrealloc(m->entities, sizeof *grown * (size_t)cap);
        m->entities = grown;
        m->capentities = cap;
    }
    m->entities[m->nentities++] = *e;
    return 0;
}

static kp_err load_units(kp_model_builder *B, const char *dir)
{
    kp_csv csv;
    kp_err err;
    kp_model_table(B, dir, "units", 1, &csv, &err);
    if (err)
        return err;
    static const char *const names[] = {"id", "name", "kind", "parent", NULL};
    int idx[4];
    if (columns(B, &csv, names, idx, 2)) {
        for (size_t i = 1; i < csv.n; i++) {
            const kp_csv_record *r = &csv.records[i];
            kp_entity e = {field(r, idx[0]),
                           field(r, idx[1]),
                           field(r, idx[2]),
                           field(r, idx[3]),
                           NULL,
                           NULL,
                           0,
                           r->line};
            add_entity(B, &csv, r, &e);
        }
    }
    kp_csv_free(&csv);
    return B->errors ? KP_ERR_VALUE : KP_OK;
}

static kp_err load_people(kp_model_builder *B, const char *dir, int required)
{
    kp_csv csv;
    kp_err err;
    if (kp_model_table(B, dir, "people", required, &csv, &err) || err)
        return err;
    static const char *const names[] = {"id", "name", "unit", "role", NULL};
    int idx[4];
    if (columns(B, &csv, names, idx, 3)) {
        for (size_t i = 1; i < csv.n; i++) {
            const kp_csv_record *r = &csv.records[i];
            kp_entity e = {field(r, idx[0]), field(r, idx[1]), NULL, NULL,
                           field(r, idx[2]), field(r, idx[3]), 1,    r->line};
            if (!e.role)
                e.role = "";
            size_t u;
            if (!kp_map_get(&B->m->entity_ids, e.unit, &u) || B->m->entities[u].is_person) {
                kp_model_row_error(B, &csv, r->line, idx[2],
                                   "'%s' (%s) is in unit '%s', which is not in units.csv", e.id,
                                   e.name, e.unit);
                continue;
            }
            add_entity(B, &csv, r, &e);
        }
    }
    kp_csv_free(&csv);
    return B->errors ? KP_ERR_VALUE : KP_OK;
}

static int excluded_role(const kp_kind *k, const char *role)
{
    for (int i = 0; i < k->nexclude; i++)
        if (!strcmp(k->exclude_roles[i], role))
            return 1;
    return 0;
}

static int included_role(const kp_kind *k, const char *role)
{
    for (int i = 0; i < k->nroles; i++)
        if (!strcmp(k->roles[i], role))
            return 1;
    return k->nroles == 0;
}

static int belongs(const kp_kind *k, const kp_entity *e)
{
    if (k->from_people != e->is_person)
        return 0;
    if (e->is_person)
        return included_role(k, e->role) && !excluded_role(k, e->role);
    return !k->match || (e->kind && !strcmp(e->kind, k->match));
}

/* Worked out once per run: ranking compares groups for every pair it sorts. */
static const char *group_of_entity(const kp_model *m, int entity)
{
    const kp_entity *e = &m->entities[entity];
    size_t u;
    if (e->is_person && e->unit && kp_map_get(&m->entity_ids, e->unit, &u))
        e = &m->entities[u];
    return e->parent ? e->parent : "";
}

typedef struct {
    const char *text;
    int subject;
} named;

static int cmp_named(const void *a, const void *b)
{
    return strcmp(((const named *)a)->text, ((const named *)b)->text);
}

/* Each subject's group and id as ranks in strcmp order (equal texts share
 * one), so that ranking compares integers. */
static kp_err rank_names(kp_model_builder *B)
{
    kp_model *m = B->m;
    named *v = kp_xmalloc(sizeof *v * ((size_t)m->nsubjects + 1));
    for (int pass = 0; pass < 2; pass++) {
        for (int s = 0; s < m->nsubjects; s++)
            v[s] = (named){pass ? m->subjects[s].id : m->subjects[s].group, s};
        qsort(v, (size_t)m->nsubjects, sizeof *v, cmp_named);
        for (int i = 0, rank = 0; i < m->nsubjects; i++) {
            if (i > 0 && strcmp(v[i].text, v[i - 1].text))
                rank = i;
            kp_subject *sub = &m->subjects[v[i].subject];
            *(pass ? &sub->id_rank : &sub->group_rank) = rank;
        }
    }
    free(v);
    return KP_OK;
}

static kp_err build_subjects(kp_model_builder *B)
{
    kp_model *m = B->m;
    const kp_ruleset *rs = m->rs;
    m->subjects = kp_arena_alloc(B->arena, sizeof *m->subjects * ((size_t)m->nentities + 1) *
                                               (size_t)rs->nkinds);
    B->entity_subject = kp_arena_alloc(B->arena, sizeof(int) * ((size_t)m->nentities + 1));
    for (int e = 0; e < m->nentities; e++)
        B->entity_subject[e] = -1;
    for (int k = 0; k < rs->nkinds; k++) {
        m->kind_subject[k] = kp_arena_alloc(B->arena, sizeof(int) * ((size_t)m->nentities + 1));
        for (int e = 0; e < m->nentities; e++)
            m->kind_subject[k][e] = -1;
        m->kind_first[k] = m->nsubjects;
        for (int e = 0; e < m->nentities; e++) {
            if (!belongs(&rs->kinds[k], &m->entities[e]))
                continue;
            kp_subject *s = &m->subjects[m->nsubjects];
            s->entity = e;
            s->kind = k;
            s->unit = -1;
            s->id = m->entities[e].id;
            s->name = m->entities[e].name;
            if (B->entity_subject[e] < 0 && !m->entities[e].is_person)
                B->entity_subject[e] = m->nsubjects;
            m->kind_subject[k][e] = m->nsubjects;
            m->nsubjects++;
        }
        m->kind_count[k] = m->nsubjects - m->kind_first[k];
    }
    /* A person's unit, as a subject, for indicators that refer to it. */
    for (int s = 0; s < m->nsubjects; s++) {
        kp_subject *sub = &m->subjects[s];
        sub->group = group_of_entity(m, sub->entity);
        size_t u;
        if (m->entities[sub->entity].is_person &&
            kp_map_get(&m->entity_ids, m->entities[sub->entity].unit, &u))
            sub->unit = B->entity_subject[u];
    }
    return rank_names(B);
}

/* The first streak over years that needs earlier years, or NULL. */

/* A rule set's file name ("cases.csv") as a table's base name ("cases"). */
static const char *table_base(kp_arena *a, const char *file)
{
    const char *dot = strrchr(file, '.');
    size_t n = dot && (!strcmp(dot, ".csv") || !strcmp(dot, ".xlsx")) ? (size_t)(dot - file)
                                                                      : strlen(file);
    return kp_arena_strndup(a, file, n);
}

/* An event table the rule set reads ([cases], [ledger]), whole, into csv;
 * absent is an error unless the rule set says it is optional, then a warning. */
static kp_err load_events(kp_model_builder *B, const char *dir, const char *file, int optional,
                          const char *what, kp_csv *csv)
{
    const char *base = table_base(B->arena, file);
    kp_err err;
    if (kp_model_table(B, dir, base, !optional, csv, &err) && !err) {
        memset(csv, 0, sizeof *csv);
        kp_warn(file, 0, "not given (optional): no %s checks", what);
    }
    return err;
}

static kp_err load_event_tables(kp_model_builder *B, const char *dir)
{
    const kp_ruleset *rs = B->m->rs;
    kp_err err = KP_OK;
    if (rs->has_cases)
        err =
            load_events(B, dir, rs->cases.file, rs->cases.optional, "case deadline", &B->m->cases);
    if (!err && rs->has_ledger)
        err = load_events(B, dir, rs->ledger.file, rs->ledger.optional, "ledger", &B->m->ledger);
    return err;
}

/* Adds path to the n paths unless it is there already; returns the new n. */
static int add_input(const char **paths, int n, const char *path)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(paths[i], path))
            return n;
    if (n < KP_MODEL_MAX_TABLES)
        paths[n++] = path;
    return n;
}

int kp_model_inputs(const kp_ruleset *rs, const char *dir, kp_arena *a, const char **paths)
{
    const char *bases[KP_MODEL_MAX_TABLES] = {"units", "people", "history", "observations"};
    int nb = 4, n = 0;
    if (rs->has_cases)
        bases[nb++] = table_base(a, rs->cases.file);
    if (rs->has_ledger)
        bases[nb++] = table_base(a, rs->ledger.file);
    /* A filled template holds the observations (kp_obs.c reads it first). */
    const char *wb = kp_model_is_workbook(dir) ? dir : kp_model_join(a, dir, "data.xlsx");
    int tmpl = wb && kp_model_readable(wb) && kp_xlsx_has_sheet(wb, KP_TEMPLATE_MARKER);
    kp_model_src src;
    for (int i = 0; i < nb; i++) {
        if (i == 3 && tmpl)
            n = add_input(paths, n, wb);
        else if (bases[i] && kp_model_locate(a, dir, bases[i], &src))
            n = add_input(paths, n, src.path);
    }
    return n;
}

/* The first half of every load: units and people into subjects. */
static kp_err load_subjects(kp_model_builder *B, kp_model *m, const kp_ruleset *rs,
                            const kp_run *run, const char *data_dir, kp_arena *arena, kp_diag *d)
{
    memset(m, 0, sizeof *m);
    m->rs = rs;
    m->run = run;
    m->data_dir = data_dir;
    m->period = run->period;
    m->obs_name = "observations.csv";
    kp_map_init(&m->entity_ids);
    *B = (kp_model_builder){.m = m, .run = run, .arena = arena, .d = d};
    int need_people = 0;
    for (int k = 0; k < rs->nkinds; k++)
        need_people |= rs->kinds[k].from_people;
    kp_err err;
    if ((err = load_units(B, data_dir)) != KP_OK)
        return err;
    if ((err = load_people(B, data_dir, need_people)) != KP_OK)
        return err;
    return build_subjects(B);
}

kp_err kp_model_load_subjects(kp_model *m, const kp_ruleset *rs, const kp_run *run,
                              const char *data_dir, kp_arena *arena, kp_diag *d)
{
    kp_model_builder B;
    return load_subjects(&B, m, rs, run, data_dir, arena, d);
}

kp_err kp_model_load(kp_model *m, const kp_ruleset *rs, const kp_run *run, const char *data_dir,
                     kp_arena *arena, kp_diag *d)
{
    kp_model_builder B;
    kp_err err = load_subjects(&B, m, rs, run, data_dir, arena, d);
    if (err)
        return err;
    if ((err = kp_model_history_load(&B, data_dir)) != KP_OK)
        return err;
    if ((err = kp_model_observations(&B, data_dir)) != KP_OK)
        return err;
    if ((err = load_event_tables(&B, data_dir)) != KP_OK)
        return err;
    if (B.errors > KP_MODEL_MAX_ERRORS)
        kp_diag_report(d, KP_ERR_VALUE, m->obs_name, 0, "%d more errors not shown",
                       B.errors - KP_MODEL_MAX_ERRORS);
    return B.errors ? KP_ERR_VALUE : KP_OK;
}

void kp_model_free(kp_model *m)
{
    if (!m)
        return;
    free(m->obs);
    free(m->obs_at);
    free(m->periods);
    free(m->entities);
    kp_csv_free(&m->cases);
    free(m->gaps);
    kp_csv_free(&m->ledger);
    kp_map_free(&m->entity_ids);
    memset(m, 0, sizeof *m);
}

int kp_model_subject_of(const kp_model *m, int entity, int kind)
{
    return m->kind_subject[kind] ? m->kind_subject[kind][entity] : -1;
}

const char *kp_model_group_of(const kp_model *m, int subject)
{
    return m->subjects[subject].group;
}

int kp_model_period_index(const kp_model *m, const kp_period *p)
{
    for (int i = 0; i < m->nperiods; i++)
        if (kp_period_equal(&m->periods[i], p))
            return i;
    return -1;
}
