/* kp_model.c - data files into validated subjects and sorted observations. */
#include "kp_model.h"
#include "../config/kp_ini.h"
#include "../ingest/kp_csv.h"
#include "../ingest/kp_xlsx_read.h"
#include "../template/kp_template.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KP_MODEL_MAX_ERRORS 50

typedef struct {
    kp_model *m;
    const kp_run *run;
    kp_arena *arena;
    kp_diag *d;
    int errors;
    int *entity_subject; /* entity -> its subject in a units kind, -1 */
} builder;

static void row_error(builder *B, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void row_error(builder *B, const char *file, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (B->errors++ < KP_MODEL_MAX_ERRORS)
        kp_diag_report(B->d, KP_ERR_VALUE, file, line, "%s", msg);
}

static void row_error_at(builder *B, const kp_csv *csv, const kp_csv_record *r, int col,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* An error at a field: "'f.csv' line 42" or "'d.xlsx' sheet 'S' cell D7". */
static void row_error_at(builder *B, const kp_csv *csv, const kp_csv_record *r, int col,
                         const char *fmt, ...)
{
    char msg[512], where[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->value_col >= 0 && col >= 0)
        col = r->value_col;
    kp_csv_where(csv, r, r->sheet || csv->sheet ? col : -1, where, sizeof where);
    if (B->errors++ < KP_MODEL_MAX_ERRORS)
        kp_diag_report_at(B->d, KP_ERR_VALUE, where, csv->name, r->line, "%s", msg);
}

static char *join(kp_arena *a, const char *dir, const char *name)
{
    char *p = kp_arena_alloc(a, strlen(dir) + strlen(name) + 2);
    if (p)
        sprintf(p, "%s/%s", dir, name);
    return p;
}

static int readable(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (fp)
        fclose(fp);
    return fp != NULL;
}

/* A table of the data contract by its base name: base.csv, base.xlsx (its
 * first sheet), or the sheet `base` of one workbook (the data path itself
 * when it is an .xlsx file, else data.xlsx in the folder). Returns 1 when
 * absent and not required. */
static int load_table(builder *B, const char *dir, const char *base, int required, kp_csv *csv,
                      kp_err *err)
{
    char file[128];
    size_t dl = strlen(dir);
    int book = dl > 5 && !strcmp(dir + dl - 5, ".xlsx");
    const char *name;
    if (!book) {
        snprintf(file, sizeof file, "%s.csv", base);
        char *p = join(B->arena, dir, file);
        name = kp_arena_strdup(B->arena, file);
        if (readable(p)) {
            *err = kp_csv_read(csv, p, name, B->run->encoding, B->arena, B->d);
            return 0;
        }
        snprintf(file, sizeof file, "%s.xlsx", base);
        p = join(B->arena, dir, file);
        if (readable(p)) {
            *err = kp_xlsx_read(csv, p, kp_arena_strdup(B->arena, file), NULL, B->arena, B->d);
            return 0;
        }
    }
    const char *wb = book ? dir : join(B->arena, dir, "data.xlsx");
    if (readable(wb) && kp_xlsx_has_sheet(wb, base)) {
        const char *slash = strrchr(wb, '/');
        *err = kp_xlsx_read(csv, wb, kp_arena_strdup(B->arena, slash ? slash + 1 : wb), base,
                            B->arena, B->d);
        return 0;
    }
    if (!required) {
        *err = KP_OK;
        return 1;
    }
    snprintf(file, sizeof file, "%s.csv", base);
    *err = kp_diag_report(B->d, KP_ERR_MISSING, file, 0,
                          "cannot read: No such file or directory (nor %s.xlsx, nor a sheet "
                          "'%s' in a workbook)", base, base);
    return 1;
}

/* The workbook a template's data would be in: the data path itself when it
 * is an .xlsx file, else data.xlsx in the folder; NULL when it has no
 * template marker. */
static const char *template_book(builder *B, const char *dir)
{
    size_t dl = strlen(dir);
    const char *wb = dl > 5 && !strcmp(dir + dl - 5, ".xlsx") ? dir : join(B->arena, dir, "data.xlsx");
    return readable(wb) && kp_xlsx_has_sheet(wb, KP_TEMPLATE_MARKER) ? wb : NULL;
}

/* One sheet of a filled template into the long records of out. */
static kp_err template_sheet(builder *B, const char *wb, const char *name, const char *sheet,
                             kp_csv *out)
{
    static const char *const names[] = {"period", "subject", "indicator", "value", "rater",
                                        "note"};
    kp_csv csv;
    kp_err err = kp_xlsx_read(&csv, wb, name, sheet, B->arena, B->d);
    if (err)
        return err;
    /* Row 1 holds the keys; row 2 the labels for people. */
    size_t w = 1;
    for (size_t i = 1; i < csv.n; i++)
        if (csv.records[i].line != 2)
            csv.records[w++] = csv.records[i];
    csv.n = w;
    for (size_t i = 0; i < csv.n; i++)
        csv.records[i].sheet = csv.sheet;
    int pc = kp_csv_column(&csv, "period"), sc = kp_csv_column(&csv, "subject");
    if (kp_csv_column(&csv, "indicator") < 0 && pc >= 0 && sc >= 0) {
        int keep[2] = {pc, sc};
        err = kp_csv_unpivot(&csv, keep, 2, names, 6, B->arena, B->d);
    }
    int idx[6];
    for (int c = 0; c < 6; c++)
        idx[c] = kp_csv_column(&csv, names[c]);
    for (size_t i = 1; !err && i < csv.n; i++) {
        const kp_csv_record *r = &csv.records[i];
        kp_csv_record o = {.line = r->line, .n = 6, .value_col = r->value_col,
                           .sheet = r->sheet ? r->sheet : csv.sheet};
        for (int c = 0; c < 6; c++)
            o.fields[c] = idx[c] >= 0 ? r->fields[idx[c]] : "";
        if (r->value_col < 0 && idx[3] >= 0)
            o.value_col = idx[3];
        if (!o.fields[3][0])
            continue; /* a cell the clerk left empty */
        err = kp_csv_append(out, &o);
    }
    kp_csv_free(&csv);
    return err;
}

/* A filled template: the sheets its marker lists, gathered as long records. */
static int load_template(builder *B, const char *dir, kp_csv *out, kp_err *err)
{
    const char *wb = template_book(B, dir);
    *err = KP_OK;
    if (!wb)
        return 0;
    const char *slash = strrchr(wb, '/');
    const char *name = kp_arena_strdup(B->arena, slash ? slash + 1 : wb);
    memset(out, 0, sizeof *out);
    out->name = name;
    static const char *const header[] = {"period", "subject", "indicator", "value", "rater",
                                          "note"};
    kp_csv_record h = {.line = 1, .n = 6, .value_col = -1};
    for (int c = 0; c < 6; c++)
        h.fields[c] = header[c];
    kp_csv marker;
    if ((*err = kp_csv_append(out, &h)) != KP_OK ||
        (*err = kp_xlsx_read(&marker, wb, name, KP_TEMPLATE_MARKER, B->arena, B->d)) != KP_OK)
        return 1;
    /* The marker's first row is its version line; the sheet names follow. */
    for (size_t i = 1; !*err && i < marker.n; i++)
        *err = template_sheet(B, wb, name, marker.records[i].fields[0], out);
    kp_csv_free(&marker);
    if (*err)
        kp_csv_free(out);
    return 1;
}

/* Column indexes of a file's header; required ones missing are errors. */
static int columns(builder *B, const kp_csv *csv, const char *const *names, int *idx, int nreq)
{
    int ok = 1;
    for (int i = 0; names[i]; i++) {
        idx[i] = kp_csv_column(csv, names[i]);
        if (idx[i] < 0 && i < nreq) {
            kp_diag_report(B->d, KP_ERR_MISSING, csv->name, 1,
                           "no '%s' column in the header (expected %s)", names[i],
                           i == 0 ? "the contract's columns" : "it");
            B->errors++;
            ok = 0;
        }
    }
    return ok;
}

static const char *field(const kp_csv_record *r, int idx)
{
    return idx >= 0 && idx < r->n ? r->fields[idx] : NULL;
}

static int add_entity(builder *B, const kp_csv *csv, const kp_csv_record *r, kp_entity *e)
{
    kp_model *m = B->m;
    if (!e->id[0]) {
        row_error(B, csv->name, r->line, "empty id");
        return -1;
    }
    size_t old;
    int rc = kp_map_put(&m->entity_ids, e->id, (size_t)m->nentities, &old);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        row_error(B, csv->name, r->line, "id '%s' is already used on line %ld of '%s'", e->id,
                  m->entities[old].line, m->entities[old].is_person ? "people.csv" : "units.csv");
        return -1;
    }
    if (m->nentities == m->capentities) {
        int cap = m->capentities ? m->capentities * 2 : 256;
        kp_entity *grown = realloc(m->entities, sizeof *grown * (size_t)cap);
        if (!grown)
            return -1;
        m->entities = grown;
        m->capentities = cap;
    }
    m->entities[m->nentities++] = *e;
    return 0;
}

static kp_err load_units(builder *B, const char *dir)
{
    kp_csv csv;
    kp_err err;
    load_table(B, dir, "units", 1, &csv, &err);
    if (err)
        return err;
    static const char *const names[] = {"id", "name", "kind", "parent", NULL};
    int idx[4];
    if (columns(B, &csv, names, idx, 2)) {
        for (size_t i = 1; i < csv.n; i++) {
            const kp_csv_record *r = &csv.records[i];
            kp_entity e = {field(r, idx[0]), field(r, idx[1]), field(r, idx[2]),
                           field(r, idx[3]), NULL, NULL, 0, r->line};
            add_entity(B, &csv, r, &e);
        }
    }
    kp_csv_free(&csv);
    return B->errors ? KP_ERR_VALUE : KP_OK;
}

static kp_err load_people(builder *B, const char *dir, int required)
{
    kp_csv csv;
    kp_err err;
    if (load_table(B, dir, "people", required, &csv, &err) || err)
        return err;
    static const char *const names[] = {"id", "name", "unit", "role", NULL};
    int idx[4];
    if (columns(B, &csv, names, idx, 3)) {
        for (size_t i = 1; i < csv.n; i++) {
            const kp_csv_record *r = &csv.records[i];
            kp_entity e = {field(r, idx[0]), field(r, idx[1]), NULL, NULL,
                           field(r, idx[2]), field(r, idx[3]), 1, r->line};
            if (!e.role)
                e.role = "";
            size_t u;
            if (!kp_map_get(&B->m->entity_ids, e.unit, &u) || B->m->entities[u].is_person) {
                row_error(B, "people.csv", r->line, "'%s' (%s) is in unit '%s', which is not in "
                          "units.csv", e.id, e.name, e.unit);
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

static kp_err build_subjects(builder *B)
{
    kp_model *m = B->m;
    const kp_ruleset *rs = m->rs;
    m->subjects = kp_arena_alloc(B->arena, sizeof *m->subjects * ((size_t)m->nentities + 1) *
                                               (size_t)rs->nkinds);
    B->entity_subject = kp_arena_alloc(B->arena, sizeof(int) * ((size_t)m->nentities + 1));
    if (!m->subjects || !B->entity_subject)
        return kp_diag_report(B->d, KP_ERR_NOMEM, NULL, 0, "out of memory");
    for (int e = 0; e < m->nentities; e++)
        B->entity_subject[e] = -1;
    for (int k = 0; k < rs->nkinds; k++) {
        m->kind_subject[k] = kp_arena_alloc(B->arena, sizeof(int) * ((size_t)m->nentities + 1));
        if (!m->kind_subject[k])
            return kp_diag_report(B->d, KP_ERR_NOMEM, NULL, 0, "out of memory");
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
    return KP_OK;
}

/* Key of an observation: indicator >= 0, input -1 - index, or KP_NO_KEY. */
#define KP_NO_KEY (-1000)

static int find_key(const kp_ruleset *rs, const char *key)
{
    int i = kp_ruleset_find_indicator(rs, key);
    if (i >= 0)
        return i;
    i = kp_ruleset_find_input(rs, key);
    return i >= 0 ? -1 - i : KP_NO_KEY;
}

typedef struct {
    const char *label;
    int kind;
    kp_period_type period;
    double min, max;
    int integer, percent_ok, rater;
} key_rules;

static key_rules rules_of(const kp_ruleset *rs, int key)
{
    key_rules k;
    if (key >= 0) {
        const kp_indicator *ind = &rs->indicators[key];
        k = (key_rules){ind->key, ind->kind, rs->kinds[ind->kind].period, ind->min, ind->max,
                        ind->method == KP_M_FLAG, 0, ind->method == KP_M_MEAN};
    } else {
        const kp_input *in = &rs->inputs[-1 - key];
        k = (key_rules){in->key, in->kind, in->period, in->min, in->max, in->integer,
                        !strcmp(in->unit, "%"), 0};
    }
    return k;
}

static void suggest_key(builder *B, const kp_csv *csv, const kp_csv_record *r, int col,
                        const char *key)
{
    const kp_ruleset *rs = B->m->rs;
    const char *known[KP_MAX_INDICATORS + KP_MAX_INPUTS + 1];
    int n = 0;
    for (int i = 0; i < rs->nindicators; i++)
        known[n++] = rs->indicators[i].key;
    for (int i = 0; i < rs->ninputs; i++)
        known[n++] = rs->inputs[i].key;
    known[n] = NULL;
    const char *s = kp_ini_suggest(key, known);
    row_error_at(B, csv, r, col, "unknown indicator '%s'%s%s%s", key,
              s ? "; did you mean '" : " (see `kaoping rules`)", s ? s : "", s ? "'?" : "");
}

static int slot_of(const kp_model *m, int key)
{
    return key >= 0 ? key : m->rs->nindicators + (-1 - key);
}

/* Validates one observations.csv row into o; returns 0 if it is good. */
static int read_obs(builder *B, const kp_csv *csv, const kp_csv_record *r, const int *idx,
                    kp_obs *o)
{
    kp_model *m = B->m;
    const char *per = field(r, idx[0]), *subj = field(r, idx[1]), *key = field(r, idx[2]),
               *val = field(r, idx[3]);
    size_t e;
    if (!kp_map_get(&m->entity_ids, subj, &e)) {
        row_error_at(B, csv, r, idx[1], "unknown subject '%s' (not in units.csv or people.csv)",
                  subj);
        return -1;
    }
    o->key = find_key(m->rs, key);
    if (o->key == KP_NO_KEY) {
        suggest_key(B, csv, r, idx[2], key);
        return -1;
    }
    key_rules kr = rules_of(m->rs, o->key);
    const kp_kind *kind = &m->rs->kinds[kr.kind];
    int s = kp_model_subject_of(m, (int)e, kr.kind);
    if (s < 0) {
        row_error_at(B, csv, r, idx[1], "'%s' (%s) is not assessed as %s, so it has no '%s'", subj,
                  m->entities[e].name, kind->label, key);
        return -1;
    }
    o->subject = s;
    if (kp_period_parse(per, &o->period) != 0) {
        row_error_at(B, csv, r, idx[0], "'%s' is not a period (2023, 2023-H1, 2023-Q1 or 2023-01)",
                  per);
        return -1;
    }
    char want[32];
    kp_period_format(&m->period, want, sizeof want);
    /* "range" stands for the run period itself, as does the run's own type. */
    int whole = kr.period == KP_PER_RANGE || kr.period == m->period.type;
    if (whole ? !kp_period_equal(&o->period, &m->period)
              : o->period.type != kr.period || !kp_period_within(&o->period, &m->period)) {
        if (whole)
            row_error_at(B, csv, r, idx[0], "period '%s' for '%s': expected %s", per, key, want);
        else
            row_error_at(B, csv, r, idx[0], "period '%s' for '%s': expected a %s within %s", per,
                      key, kp_period_type_name(kr.period), want);
        return -1;
    }
    int pc = 0;
    if (kp_num_parse(val, &o->value, &pc) != 0) {
        row_error_at(B, csv, r, idx[3], "'%s' is not a number for '%s'", val, key);
        return -1;
    }
    if (pc && !kr.percent_ok) {
        row_error_at(B, csv, r, idx[3], "'%s' for '%s': a percent sign where points are expected",
                  val, key);
        return -1;
    }
    if (o->value < kr.min || o->value > kr.max) {
        row_error_at(B, csv, r, idx[3], "%s for '%s' is out of range %g..%g", val, key, kr.min,
                  kr.max);
        return -1;
    }
    if (kr.integer && o->value != floor(o->value)) {
        row_error_at(B, csv, r, idx[3], "%s for '%s' must be a whole number", val, key);
        return -1;
    }
    o->rater = field(r, idx[4]);
    o->note = field(r, idx[5]);
    if (o->rater && !o->rater[0])
        o->rater = NULL;
    if (kr.rater && !o->rater) {
        row_error_at(B, csv, r, idx[4] >= 0 ? idx[4] : idx[3], "'%s' is rated by several raters: the 'rater' column is "
                  "empty", key);
        return -1;
    }
    o->line = r->line;
    o->slot = slot_of(m, o->key);
    return 0;
}

static int cmp_obs(const void *pa, const void *pb)
{
    const kp_obs *a = pa, *b = pb;
    if (a->slot != b->slot)
        return a->slot < b->slot ? -1 : 1;
    if (a->subject != b->subject)
        return a->subject < b->subject ? -1 : 1;
    if (a->period.start != b->period.start)
        return a->period.start < b->period.start ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static kp_err load_observations(builder *B, const char *dir)
{
    kp_model *m = B->m;
    kp_csv csv;
    kp_err err;
    int tmpl = load_template(B, dir, &csv, &err);
    if (!tmpl)
        load_table(B, dir, "observations", 1, &csv, &err);
    if (err)
        return err;
    m->obs_name = csv.name;
    static const char *const names[] = {"period", "subject", "indicator", "value", "rater",
                                        "note", NULL};
    int pc = kp_csv_column(&csv, "period"), sc = kp_csv_column(&csv, "subject");
    if (tmpl)
        ; /* already long */
    else if (kp_csv_column(&csv, "indicator") < 0 && kp_csv_column(&csv, "value") < 0 && pc >= 0 &&
        sc >= 0) {
        /* The wide layout: one row per subject and period, a column per indicator. */
        int keep[2] = {pc, sc};
        if ((err = kp_csv_unpivot(&csv, keep, 2, names, 6, B->arena, B->d)) != KP_OK) {
            kp_csv_free(&csv);
            return err;
        }
    }
    int idx[6];
    if (columns(B, &csv, names, idx, 4)) {
        m->obs = malloc(sizeof *m->obs * (csv.n ? csv.n : 1));
        if (!m->obs) {
            kp_csv_free(&csv);
            return kp_diag_report(B->d, KP_ERR_NOMEM, NULL, 0, "out of memory");
        }
        for (size_t i = 1; i < csv.n; i++)
            if (read_obs(B, &csv, &csv.records[i], idx, &m->obs[m->nobs]) == 0)
                m->nobs++;
    }
    kp_csv_free(&csv);
    return B->errors ? KP_ERR_VALUE : KP_OK;
}

static int same_cell(const kp_obs *a, const kp_obs *b)
{
    return a->slot == b->slot && a->subject == b->subject &&
           kp_period_equal(&a->period, &b->period);
}

/* Duplicates: a second value for a one-value key, or a rater twice. */
static void check_duplicates(builder *B)
{
    kp_model *m = B->m;
    for (size_t i = 1; i < m->nobs; i++) {
        const kp_obs *a = &m->obs[i - 1], *b = &m->obs[i];
        if (!same_cell(a, b))
            continue;
        int many = 0;
        if (b->key >= 0) {
            kp_method meth = m->rs->indicators[b->key].method;
            many = meth == KP_M_SUM || meth == KP_M_MEAN;
        }
        if (!many) {
            row_error(B, m->obs_name, b->line, "duplicate observation: '%s' for '%s' in this "
                      "period is already on line %ld", rules_of(m->rs, b->key).label,
                      m->subjects[b->subject].id, a->line);
            continue;
        }
        if (!b->rater)
            continue;
        for (size_t j = i; j-- > 0 && same_cell(&m->obs[j], b);) {
            if (m->obs[j].rater && !strcmp(m->obs[j].rater, b->rater)) {
                row_error(B, m->obs_name, b->line, "rater '%s' already rated '%s' for '%s' on "
                          "line %ld", b->rater, m->subjects[b->subject].id,
                          rules_of(m->rs, b->key).label, m->obs[j].line);
                break;
            }
        }
    }
}

static kp_err build_ranges(builder *B)
{
    kp_model *m = B->m;
    const kp_ruleset *rs = m->rs;
    int nslots = rs->nindicators + rs->ninputs;
    for (int slot = 0; slot < nslots; slot++) {
        int kind = slot < rs->nindicators ? rs->indicators[slot].kind
                                          : rs->inputs[slot - rs->nindicators].kind;
        size_t n = (size_t)m->kind_count[kind] + 1;
        m->ranges[slot] = calloc(n, sizeof(kp_obs_range));
        if (!m->ranges[slot])
            return kp_diag_report(B->d, KP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < m->nobs;) {
        size_t j = i;
        while (j < m->nobs && m->obs[j].slot == m->obs[i].slot &&
               m->obs[j].subject == m->obs[i].subject)
            j++;
        const kp_subject *s = &m->subjects[m->obs[i].subject];
        kp_obs_range *r = &m->ranges[m->obs[i].slot][m->obs[i].subject - m->kind_first[s->kind]];
        r->start = i;
        r->count = j - i;
        i = j;
    }
    return KP_OK;
}

/* Whether subject s has any observation of an indicator of its kind in p. */
static int has_any_obs(const kp_model *m, int kind, int s, const kp_period *p)
{
    for (int i = 0; i < m->rs->nindicators; i++) {
        if (m->rs->indicators[i].kind != kind)
            continue;
        const kp_obs_range *rg = &m->ranges[i][s - m->kind_first[kind]];
        for (size_t k = rg->start; k < rg->start + rg->count; k++)
            if (kp_period_equal(&m->obs[k].period, p))
                return 1;
    }
    return 0;
}

/* Required indicators with no observation are errors unless the rule
 * set's missing-data policy for them says zero or flag. */
static void check_missing(builder *B)
{
    kp_model *m = B->m;
    const kp_ruleset *rs = m->rs;
    char per[32];
    for (int i = 0; i < rs->nindicators; i++) {
        const kp_indicator *ind = &rs->indicators[i];
        if (ind->missing != KP_MISS_ERROR ||
            (ind->method != KP_M_VALUE && ind->method != KP_M_MEAN && ind->method != KP_M_FLAG))
            continue;
        kp_period subs[KP_PERIOD_MAX_SPLIT];
        kp_period_type pt = rs->kinds[ind->kind].period;
        int np = kp_period_split(&m->period, pt == KP_PER_RANGE ? m->period.type : pt, subs,
                                 KP_PERIOD_MAX_SPLIT);
        for (int s = 0; s < m->kind_count[ind->kind]; s++) {
            const kp_obs_range *rg = &m->ranges[i][s];
            for (int p = 0; p < np; p++) {
                size_t k = rg->start, end = rg->start + rg->count;
                while (k < end && !kp_period_equal(&m->obs[k].period, &subs[p]))
                    k++;
                if (k < end)
                    continue;
                int subj = m->kind_first[ind->kind] + s;
                if (rs->kinds[ind->kind].missing_period != KP_MISS_ERROR &&
                    !has_any_obs(m, ind->kind, subj, &subs[p]))
                    continue; /* a whole period without a card: the kind's policy decides */
                const kp_subject *sub = &m->subjects[subj];
                kp_period_format(&subs[p], per, sizeof per);
                row_error(B, m->obs_name, 0, "no '%s' (%s) for '%s' (%s) in %s", ind->key,
                          ind->label, sub->id, sub->name, per);
            }
        }
    }
    for (int s = 0; s < m->nsubjects; s++) {
        const kp_subject *sub = &m->subjects[s];
        if (m->entities[sub->entity].is_person && sub->unit < 0) {
            for (int i = 0; i < rs->nindicators; i++)
                if (rs->indicators[i].kind == sub->kind && rs->indicators[i].method == KP_M_REF)
                    row_error(B, "people.csv", m->entities[sub->entity].line,
                              "'%s' (%s) is in unit '%s', which is not assessed", sub->id,
                              sub->name, m->entities[sub->entity].unit);
        }
    }
}

/* history.csv (optional): period,subject,grade of earlier periods. */
static kp_err load_history(builder *B, const char *dir)
{
    kp_csv csv;
    kp_err err;
    if (load_table(B, dir, "history", 0, &csv, &err) || err)
        return err;
    static const char *const names[] = {"period", "subject", "grade", NULL};
    int idx[3];
    kp_model *m = B->m;
    m->history = kp_arena_alloc(B->arena, sizeof *m->history * (csv.n + 1));
    if (m->history && columns(B, &csv, names, idx, 3)) {
        for (size_t i = 1; i < csv.n; i++) {
            const kp_csv_record *r = &csv.records[i];
            kp_history *h = &m->history[m->nhistory];
            size_t e;
            if (kp_period_parse(field(r, idx[0]), &h->period) != 0) {
                row_error(B, "history.csv", r->line, "'%s' is not a period", field(r, idx[0]));
                continue;
            }
            if (!kp_map_get(&m->entity_ids, field(r, idx[1]), &e)) {
                row_error(B, "history.csv", r->line, "unknown subject '%s'", field(r, idx[1]));
                continue;
            }
            h->entity = (int)e;
            h->grade = field(r, idx[2]);
            m->nhistory++;
        }
    }
    kp_csv_free(&csv);
    return B->errors ? KP_ERR_VALUE : KP_OK;
}

/* The first half of every load: units and people into subjects. */
static kp_err load_subjects(builder *B, kp_model *m, const kp_ruleset *rs, const kp_run *run,
                            const char *data_dir, kp_arena *arena, kp_diag *d)
{
    memset(m, 0, sizeof *m);
    m->rs = rs;
    m->run = run;
    m->data_dir = data_dir;
    m->period = run->period;
    m->obs_name = "observations.csv";
    kp_map_init(&m->entity_ids);
    *B = (builder){m, run, arena, d, 0, NULL};
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
    builder B;
    return load_subjects(&B, m, rs, run, data_dir, arena, d);
}

kp_err kp_model_load(kp_model *m, const kp_ruleset *rs, const kp_run *run, const char *data_dir,
                     kp_arena *arena, kp_diag *d)
{
    builder B;
    kp_err err = load_subjects(&B, m, rs, run, data_dir, arena, d);
    if (err)
        return err;
    if ((err = load_history(&B, data_dir)) != KP_OK)
        return err;
    err = load_observations(&B, data_dir);
    if (err && !m->obs)
        return err;
    qsort(m->obs, m->nobs, sizeof *m->obs, cmp_obs);
    check_duplicates(&B);
    if (build_ranges(&B) != KP_OK)
        return KP_ERR_NOMEM;
    check_missing(&B);
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
    free(m->entities);
    for (int i = 0; i < KP_MAX_INDICATORS + KP_MAX_INPUTS; i++)
        free(m->ranges[i]);
    kp_map_free(&m->entity_ids);
    memset(m, 0, sizeof *m);
}

const char *kp_model_history(const kp_model *m, int entity, int year)
{
    for (int i = 0; i < m->nhistory; i++)
        if (m->history[i].entity == entity && m->history[i].period.type == KP_PER_YEAR &&
            m->history[i].period.year == year)
            return m->history[i].grade;
    return NULL;
}

int kp_model_subject_of(const kp_model *m, int entity, int kind)
{
    return m->kind_subject[kind] ? m->kind_subject[kind][entity] : -1;
}

const char *kp_model_group_of(const kp_model *m, int subject)
{
    return m->subjects[subject].group;
}


kp_obs_range kp_model_obs(const kp_model *m, int slot, int subject)
{
    kp_obs_range none = {0, 0};
    const kp_subject *s = &m->subjects[subject];
    if (!m->ranges[slot])
        return none;
    return m->ranges[slot][subject - m->kind_first[s->kind]];
}
