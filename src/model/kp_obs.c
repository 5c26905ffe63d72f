/* kp_obs.c - observations streamed from CSV or a workbook, validated and staged. */
#include "../config/kp_ini.h"
#include "../base/kp_i18n.h"
#include "../base/kp_mem.h"
#include "../ingest/kp_xlsx_read.h"
#include "kp_obs_load.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Key of an observation: indicator >= 0, input -1 - index, or KP_NO_KEY;
 * KP_SKIP marks a wide layout's columns that hold no key. */
#define KP_NO_KEY (-1000)
#define KP_SKIP (-1001)

/* The fields of an observation, as the long layout names its columns. */
enum { F_PERIOD, F_SUBJECT, F_KEY, F_VALUE, F_RATER, F_NOTE, F_COUNT };
static const char *const field_names[] = {"period", "subject", "indicator", "value",
                                          "rater",  "note",    NULL};

/* What the rows of one observations file share. */
typedef struct {
    const char *name, *sheet; /* for messages */
    int idx[F_COUNT];         /* the long layout's columns; wide: period, subject, then >= 0 */
    int wide;                 /* one column per key, a row per subject and period */
    const kp_csv_record *head;
    int key_of[KP_CSV_MAX_FIELDS]; /* wide: each column's key, KP_NO_KEY or KP_SKIP */
} obs_file;

/* One observation as a file gives it: a long row, or a cell of a wide row. */
typedef struct {
    const char *text[F_COUNT]; /* NULL when the file has no such column */
    long line;
    const char *sheet; /* a record gathered from several sheets: its sheet */
    int value_col;     /* a wide row's cell, or a template's value: its column; else -1 */
} obs_text;

static int find_key(const kp_ruleset *rs, const char *key)
{
    int i = kp_ruleset_find_indicator(rs, key);
    if (i >= 0)
        return i;
    i = kp_ruleset_find_input(rs, key);
    if (i >= 0)
        return -1 - i;
    i = kp_ruleset_find_by_label(rs, key); /* a template's list gives labels */
    return i >= 0 ? i : KP_NO_KEY;
}

static key_rules rules_of(const kp_ruleset *rs, int key)
{
    key_rules k;
    if (key >= 0) {
        const kp_indicator *ind = &rs->indicators[key];
        k = (key_rules){ind->key,
                        ind->kind,
                        rs->kinds[ind->kind].period,
                        ind->min,
                        ind->max,
                        ind->method == KP_M_FLAG || ind->integer,
                        0,
                        kp_method_rated(ind->method)};
    } else {
        const kp_input *in = &rs->inputs[-1 - key];
        k = (key_rules){
            in->key, in->kind, in->period, in->min, in->max, in->integer, !strcmp(in->unit, "%"),
            0};
    }
    return k;
}

static int slot_of(const kp_model *m, int key)
{
    return key >= 0 ? key : m->rs->nindicators + (-1 - key);
}

static int key_of_slot(const kp_model *m, int slot)
{
    return slot < m->rs->nindicators ? slot : -1 - (slot - m->rs->nindicators);
}

static void cell_error(loader *L, const obs_file *F, const obs_text *T, int field, const char *fmt,
                       ...) __attribute__((format(printf, 5, 6)));

/* An error at a field: "'f.csv' line 42" or "'d.xlsx' sheet 'S' cell D7";
 * a wide row's cell (or a template's value) stands for its value. */
static void cell_error(loader *L, const obs_file *F, const obs_text *T, int field, const char *fmt,
                       ...)
{
    char msg[512], where[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    int col = F->idx[field];
    /* The value's own cell for the value (and a wide file's key, from its header);
     * period and subject keep their columns: a wrong subject is named in B3, not D3. */
    if (T->value_col >= 0 && col >= 0 && (field == F_VALUE || (field == F_KEY && F->wide)))
        col = T->value_col;
    const char *sheet = T->sheet ? T->sheet : F->sheet;
    kp_csv_where_at(F->name, sheet, T->line, sheet ? col : -1, where, sizeof where);
    if (L->last_error.file == F->name && L->last_error.sheet == sheet &&
        L->last_error.line == T->line && L->last_error.col == col && L->last_error.field == field)
        return; /* the same cell and field: said once */
    L->last_error.file = F->name;
    L->last_error.sheet = sheet;
    L->last_error.line = T->line;
    L->last_error.col = col;
    L->last_error.field = field;
    kp_model_error_at(L->B, KP_ERR_VALUE, where, F->name, T->line, "%s", msg);
}

static void suggest_key(loader *L, const obs_file *F, const obs_text *T)
{
    const kp_ruleset *rs = L->m->rs;
    const char *known[KP_MAX_INDICATORS + KP_MAX_INPUTS + 1];
    int n = 0;
    for (int i = 0; i < rs->nindicators; i++)
        known[n++] = rs->indicators[i].key;
    for (int i = 0; i < rs->ninputs; i++)
        known[n++] = rs->inputs[i].key;
    known[n] = NULL;
    const char *key = T->text[F_KEY], *s = kp_ini_suggest(key, known);
    cell_error(L, F, T, F_KEY, "unknown indicator '%s'%s%s%s", key,
               s ? _("; did you mean '") : _(" (see `kaoping rules`)"), s ? s : "",
               s ? _("'?") : "");
}

/* The entity of a subject id. A wide row gives its subject once for all
 * its cells, and files list subjects in the order of people.csv period
 * after period: the last one and the one after it are tried before the
 * hash table. */
static int find_entity(loader *L, const char *subj, size_t *e)
{
    const kp_model *m = L->m;
    if (!L->subj || (L->subj != subj && strcmp(L->subj, subj))) {
        size_t next = L->found ? L->entity + 1 : (size_t)m->nentities;
        L->subj = subj;
        if (next < (size_t)m->nentities && !strcmp(m->entities[next].id, subj))
            L->entity = next;
        else
            L->found = kp_map_get(&m->entity_ids, subj, &L->entity);
    }
    *e = L->entity;
    return L->found;
}

/* kp_period_parse, remembering the last text: files come period by period. */
static int parse_period(loader *L, const char *text, kp_period *p)
{
    if (strlen(text) >= sizeof L->per)
        return kp_period_parse(text, p);
    if (!L->per_text || (text != L->per_text && strcmp(L->per, text) != 0)) {
        L->per_text = text;
        snprintf(L->per, sizeof L->per, "%s", text);
        L->per_rc = kp_period_parse(text, &L->period);
        L->per_index = -1;
    }
    *p = L->period;
    return L->per_rc;
}

/* The index of a validated period among the model's, added when new. */
static int intern_period(loader *L, const kp_period *p)
{
    kp_model *m = L->m;
    if (L->per_index >= 0 && kp_period_equal(&m->periods[L->per_index], p))
        return L->per_index;
    int i = kp_model_period_index(m, p);
    if (i < 0) {
        if (m->nperiods == UINT16_MAX)
            return -1;
        kp_period *grown = kp_xrealloc(m->periods, sizeof *grown * ((size_t)m->nperiods + 1));
        m->periods = grown;
        m->periods[i = m->nperiods++] = *p;
    }
    return L->per_index = i;
}

/* A value: plain whole numbers (most cells) directly, exactly as strtod
 * reads them; anything else through kp_num_parse. */
static int parse_value(const char *s, double *v, int *percent)
{
    long long x = 0;
    int n = 0;
    for (; s[n] >= '0' && s[n] <= '9' && n < 15; n++)
        x = x * 10 + (s[n] - '0');
    if (n > 0 && !s[n]) {
        *v = (double)x;
        *percent = 0;
        return 0;
    }
    return kp_num_parse(s, v, percent);
}
/* The workbook a template's data would be in: the data path itself when it
 * is an .xlsx file, else data.xlsx in the folder; NULL when it has no
 * template marker. */
static const char *template_book(kp_model_builder *B, const char *dir)
{
    const char *wb = kp_model_is_workbook(dir) ? dir : kp_model_join(B->arena, dir, "data.xlsx");
    return kp_model_readable(wb) && kp_xlsx_has_sheet(wb, KP_TEMPLATE_MARKER) ? wb : NULL;
}

/* A workbook with the template's instructions sheet but no marker: the
 * hidden marker sheet was deleted. One message that says so. */
static int template_unmarked(kp_model_builder *B, const char *dir, kp_err *err)
{
    const char *wb = kp_model_is_workbook(dir) ? dir : kp_model_join(B->arena, dir, "data.xlsx");
    if (!kp_model_readable(wb) || !kp_xlsx_has_sheet(wb, "填表说明") ||
        kp_xlsx_has_sheet(wb, KP_TEMPLATE_MARKER))
        return 0;
    *err = kp_diag_report(B->d, KP_ERR_MISSING, wb, 0,
                          "a kaoping template without its hidden sheet '%s' (deleted?): it "
                          "lists the sheets to read; write a new template with `kaoping "
                          "template` and copy the data into it",
                          KP_TEMPLATE_MARKER);
    return 1;
}

/* One sheet of a filled template into the long records of out. */
static kp_err template_sheet(kp_model_builder *B, const char *wb, const char *name,
                             const char *sheet, kp_csv *out)
{
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
    int ic = kp_csv_column(&csv, "indicator"), rc = kp_csv_column(&csv, "rater");
    if (ic < 0 && pc >= 0 && sc >= 0) {
        int keep[2] = {pc, sc};
        kp_csv_unpivot(&csv, keep, 2, field_names, F_COUNT);
    } else if (sc < 0 && pc >= 0 && ic >= 0 && rc >= 0) {
        /* A matrix (an indicator's raters = K): raters down, subjects across. */
        static const char *const matrix[] = {"period",  "rater", "indicator",
                                             "subject", "value", "note"};
        int keep[3] = {pc, rc, ic};
        kp_csv_unpivot(&csv, keep, 3, matrix, 6);
    }
    int idx[F_COUNT];
    for (int c = 0; c < F_COUNT; c++)
        idx[c] = kp_csv_column(&csv, field_names[c]);
    for (size_t i = 1; !err && i < csv.n; i++) {
        const kp_csv_record *r = &csv.records[i];
        kp_csv_record o = {.line = r->line,
                           .n = F_COUNT,
                           .value_col = r->value_col,
                           .sheet = r->sheet ? r->sheet : csv.sheet};
        for (int c = 0; c < F_COUNT; c++)
            o.fields[c] = idx[c] >= 0 ? r->fields[idx[c]] : "";
        if (r->value_col < 0 && idx[F_VALUE] >= 0)
            o.value_col = idx[F_VALUE];
        if (!o.fields[F_VALUE][0])
            continue; /* a cell the clerk left empty */
        kp_csv_append(out, &o);
    }
    kp_csv_free(&csv);
    return err;
}

/* A filled template: the sheets its marker lists, gathered as long records. */
static int load_template(kp_model_builder *B, const char *dir, kp_csv *out, kp_err *err)
{
    const char *wb = template_book(B, dir);
    *err = KP_OK;
    if (!wb)
        return template_unmarked(B, dir, err);
    const char *slash = strrchr(wb, '/');
    const char *name = kp_arena_strdup(B->arena, slash ? slash + 1 : wb);
    memset(out, 0, sizeof *out);
    out->name = name;
    kp_csv_record h = {.line = 1, .n = F_COUNT, .value_col = -1};
    for (int c = 0; c < F_COUNT; c++)
        h.fields[c] = field_names[c];
    kp_csv marker;
    kp_csv_append(out, &h);
    if ((*err = kp_xlsx_read(&marker, wb, name, KP_TEMPLATE_MARKER, B->arena, B->d)) != KP_OK)
        return 1;
    /* The marker's first row is its version line; the sheet names follow. */
    for (size_t i = 1; !*err && i < marker.n; i++) {
        const char *sheet = marker.records[i].fields[0];
        if (!kp_xlsx_has_sheet(wb, sheet))
            *err = kp_diag_report(B->d, KP_ERR_MISSING, name, 0,
                                  "the template's sheet '%s' is missing (deleted?); even "
                                  "empty, it must stay: `kaoping template` writes it",
                                  sheet);
        else
            *err = template_sheet(B, wb, name, sheet, out);
    }
    kp_csv_free(&marker);
    if (*err)
        kp_csv_free(out);
    return 1;
}

/* The period checks: a period, and of the key's type within the run's. */
static int check_period(loader *L, const obs_file *F, const obs_text *T, const key_rules *kr,
                        kp_period *p)
{
    const kp_model *m = L->m;
    const char *per = T->text[F_PERIOD], *key = T->text[F_KEY];
    if (parse_period(L, per, p) != 0) {
        cell_error(L, F, T, F_PERIOD, "'%s' is not a period (2023, 2023-H1, 2023-Q1 or 2023-01)",
                   per);
        return -1;
    }
    /* "range" stands for the run period itself, as does the run's own type. */
    int whole = kr->period == KP_PER_RANGE || kr->period == m->period.type;
    if (whole ? kp_period_equal(p, &m->period)
              : p->type == kr->period && kp_period_within(p, &m->period))
        return 0;
    char want[32];
    kp_period_format(&m->period, want, sizeof want);
    if (whole)
        cell_error(L, F, T, F_PERIOD, "period '%s' for '%s': expected %s", per, key, want);
    else
        cell_error(L, F, T, F_PERIOD, "period '%s' for '%s': expected a %s within %s", per, key,
                   kp_period_type_name(kr->period), want);
    return -1;
}

/* The Chinese label of an indicator or input key, for messages. */
static const char *key_label(const kp_ruleset *rs, const char *key)
{
    int k = find_key(rs, key);
    return k >= 0 ? rs->indicators[k].label : k == KP_NO_KEY ? key : rs->inputs[-1 - k].label;
}

/* The value checks: a number, a percent only where allowed, the range, whole numbers. */
static int check_value(loader *L, const obs_file *F, const obs_text *T, const key_rules *kr,
                       double *v)
{
    const char *val = T->text[F_VALUE], *key = T->text[F_KEY];
    int pc = 0;
    if (parse_value(val, v, &pc) != 0) {
        cell_error(L, F, T, F_VALUE, "'%s' is not a number for '%s'", val, key);
        return -1;
    }
    if (pc && !kr->percent_ok) {
        cell_error(L, F, T, F_VALUE, "'%s' for '%s': a percent sign where points are expected", val,
                   key);
        return -1;
    }
    if (!pc && kr->percent_ok && *v > 0 && *v <= 1) {
        /* 0.913 is Excel's 91.3% without its format, or 91.3% typed as a fraction: a rate
         * that low is written with its sign, so a bare fraction is never guessed at. */
        cell_error(L, F, T, F_VALUE,
                   "'%s' for '%s' (%s) looks like a fraction, but its values are percents: "
                   "write %g or %g%% (a rate of %s%% itself as '%s%%')",
                   val, key, key_label(L->m->rs, key), *v * 100, *v * 100, val, val);
        return -1;
    }
    if (*v < kr->min || *v > kr->max) {
        cell_error(L, F, T, F_VALUE, "%s for '%s' is out of range %g..%g", val, key, kr->min,
                   kr->max);
        return -1;
    }
    if (kr->integer && *v != floor(*v)) {
        cell_error(L, F, T, F_VALUE, "%s for '%s' must be a whole number", val, key);
        return -1;
    }
    return 0;
}

/* Validates one observation of key into o, its subject and rater; 0 when it is good. */
static int validate(loader *L, const obs_file *F, const obs_text *T, int key, kp_obs *o,
                    int *subject, const char **rater)
{
    kp_model *m = L->m;
    const char *subj = T->text[F_SUBJECT];
    size_t e;
    if (!find_entity(L, subj, &e)) {
        cell_error(L, F, T, F_SUBJECT, "unknown subject '%s' (not in units.csv or people.csv)",
                   subj);
        return -1;
    }
    if (key == KP_NO_KEY) {
        suggest_key(L, F, T);
        return -1;
    }
    int slot = slot_of(m, key);
    const key_rules *kr = &L->rules[slot];
    if ((*subject = kp_model_subject_of(m, (int)e, kr->kind)) < 0) {
        cell_error(L, F, T, F_SUBJECT, "'%s' (%s) is not assessed as %s, so it has no '%s'", subj,
                   m->entities[e].name, m->rs->kinds[kr->kind].label, T->text[F_KEY]);
        return -1;
    }
    kp_period p;
    if (check_period(L, F, T, kr, &p) != 0 || check_value(L, F, T, kr, &o->value) != 0)
        return -1;
    *rater = T->text[F_RATER];
    if (*rater && !(*rater)[0])
        *rater = NULL;
    if (kr->rater && !*rater) {
        cell_error(L, F, T, F->idx[F_RATER] >= 0 ? F_RATER : F_VALUE,
                   "'%s' is rated by several raters: the 'rater' column is empty", T->text[F_KEY]);
        return -1;
    }
    int pi = intern_period(L, &p);
    if (pi < 0) {
        cell_error(L, F, T, F_PERIOD, "more than %d different periods in one run", UINT16_MAX);
        return -1;
    }
    o->line = (uint32_t)T->line;
    o->period = (uint16_t)pi;
    o->slot = (uint16_t)slot;
    return 0;
}

/* Room for one more staged observation; positions are 32-bit. */
static int grow_staged(loader *L)
{
    if (L->n < L->cap)
        return 0;
    size_t cap = L->cap ? L->cap * 2 : 4096;
    if (L->n >= UINT32_MAX - 1) {
        kp_model_error(L->B, L->m->obs_name, 0, "more than %u observations in one run",
                       UINT32_MAX - 2);
        return -1;
    }
    kp_obs *obs = kp_xrealloc(L->obs, sizeof *obs * cap);
    L->obs = obs;
    uint32_t *bucket = kp_xrealloc(L->bucket, sizeof *bucket * cap);
    L->bucket = bucket;
    L->cap = cap;
    return 0;
}

/* Keeps the rater of staged observation `at` for the duplicate check. */
static int keep_rater(loader *L, size_t at, const char *rater)
{
    if (L->nrated == L->caprated) {
        size_t cap = L->caprated ? L->caprated * 2 : 256;
        rated *grown = kp_xrealloc(L->rated, sizeof *grown * cap);
        L->rated = grown;
        L->caprated = cap;
    }
    /* The text may be the file's, which is freed before placing. */
    const char *copy = kp_arena_strdup(L->B->arena, rater);
    L->rated[L->nrated++] = (rated){at, copy};
    return 0;
}

/* Appends a good observation to the staged ones, in file order, with the
 * bucket (slot, subject) it sorts into. */
static int stage(loader *L, const kp_obs *o, int subject, const char *rater)
{
    if (grow_staged(L) != 0 || (rater && keep_rater(L, L->n, rater) != 0))
        return -1;
    L->bucket[L->n] = (uint32_t)kp_model_bucket(L->m, o->slot, subject);
    L->obs[L->n++] = *o;
    return 0;
}

/* One observation: validated, then staged. */
static void add(loader *L, const obs_file *F, const obs_text *T, int key)
{
    kp_obs o;
    int subject;
    const char *rater;
    if (!L->full && validate(L, F, T, key, &o, &subject, &rater) == 0 &&
        stage(L, &o, subject, rater) != 0)
        L->full = 1;
}

/* The key of a long row, remembering the last one. */
static int row_key(loader *L, const char *text)
{
    if (!L->key_text || (L->key_text != text && strcmp(L->key_text, text))) {
        L->key_text = text;
        L->key = find_key(L->m->rs, text);
    }
    return L->key;
}

static const char *field(const kp_csv_record *r, int idx)
{
    return idx >= 0 && idx < r->n ? r->fields[idx] : NULL;
}

/* A record of the file: one observation (long), or one per filled key cell (wide). */
static void add_record(loader *L, const obs_file *F, const kp_csv_record *r)
{
    obs_text T = {.line = r->line, .sheet = r->sheet, .value_col = r->value_col};
    if (!F->wide) {
        for (int f = 0; f < F_COUNT; f++)
            T.text[f] = field(r, F->idx[f]);
        add(L, F, &T, row_key(L, T.text[F_KEY]));
        return;
    }
    T.text[F_PERIOD] = r->fields[F->idx[F_PERIOD]];
    T.text[F_SUBJECT] = r->fields[F->idx[F_SUBJECT]];
    T.text[F_RATER] = T.text[F_NOTE] = "";
    for (int c = 0; c < r->n; c++) {
        if (F->key_of[c] == KP_SKIP || !r->fields[c][0])
            continue;
        T.text[F_KEY] = F->head->fields[c];
        T.text[F_VALUE] = r->fields[c];
        T.value_col = c;
        add(L, F, &T, F->key_of[c]);
    }
}

/* The layout of a file from its header: the wide one has period and
 * subject columns and one per key (no indicator or value column). Columns
 * whose header starts with '_' are notes for people. Returns 1 when the
 * rows can be read. */
static int open_file(loader *L, obs_file *F, const kp_csv_record *head, int tmpl)
{
    F->head = head;
    int pc = -1, sc = -1, has_long = 0;
    for (int c = 0; c < head->n; c++) {
        const char *h = head->fields[c];
        if (pc < 0 && !strcmp(h, "period"))
            pc = c;
        else if (sc < 0 && !strcmp(h, "subject"))
            sc = c;
        has_long |= !strcmp(h, "indicator") || !strcmp(h, "value");
    }
    F->wide = !tmpl && !has_long && pc >= 0 && sc >= 0;
    if (!F->wide)
        return kp_model_columns(L->B, F->name, head, field_names, F->idx, 4);
    for (int f = 0; f < F_COUNT; f++)
        F->idx[f] = f;
    F->idx[F_PERIOD] = pc;
    F->idx[F_SUBJECT] = sc;
    for (int c = 0; c < head->n; c++) {
        const char *h = head->fields[c];
        F->key_of[c] = c == pc || c == sc || !h[0] || h[0] == '_' ? KP_SKIP : find_key(L->m->rs, h);
    }
    return 1;
}

/* Records already read whole (a workbook's sheet, a filled template). */
static kp_err add_records(loader *L, const kp_csv *csv, int tmpl)
{
    obs_file F = {.name = csv->name, .sheet = csv->sheet};
    static const kp_csv_record none = {.n = 0};
    if (open_file(L, &F, csv->n ? &csv->records[0] : &none, tmpl))
        for (size_t i = 1; i < csv->n && !L->full; i++)
            add_record(L, &F, &csv->records[i]);
    else
        return KP_ERR_VALUE;
    return KP_OK;
}

/* observations.csv, record by record in its own text: no record is kept.
 * Its errors are held until the whole file has been read, since a syntax
 * error anywhere makes the file unreadable and then is all that is said. */
static kp_err stream_csv(loader *L, const char *path, const char *name)
{
    kp_model_builder *B = L->B;
    char *buf, *text;
    size_t len;
    kp_err err = kp_csv_text(path, name, B->run->encoding, &buf, &text, &len, B->d);
    if (err)
        return err;
    kp_csv_rows R;
    kp_csv_rows_init(&R, text, len, name, B->d);
    kp_csv_record head, r;
    obs_file F = {.name = name};
    kp_model_hold(B);
    int ok = kp_csv_rows_next(&R, &head) && open_file(L, &F, &head, 0);
    while (kp_csv_rows_next(&R, &r))
        if (ok && !L->full)
            add_record(L, &F, &r);
    err = kp_csv_rows_finish(&R);
    kp_model_release(B, err == KP_OK);
    free(buf);
    if (!err && !ok && R.nrecords)
        err = KP_ERR_VALUE;
    return err;
}

/* Observations of the data folder: a filled template, observations.csv
 * (streamed), or an observations sheet of a workbook. */
static kp_err read_observations(loader *L, const char *dir)
{
    kp_model_builder *B = L->B;
    kp_csv csv;
    kp_err err;
    int tmpl = load_template(B, dir, &csv, &err);
    if (!tmpl && !kp_model_is_workbook(dir)) {
        const char *path = kp_model_join(B->arena, dir, "observations.csv");
        if (kp_model_readable(path)) {
            L->m->obs_name = kp_arena_strdup(B->arena, "observations.csv");
            return stream_csv(L, path, L->m->obs_name);
        }
    }
    if (!tmpl)
        kp_model_table(B, dir, "observations", 1, &csv, &err);
    if (err)
        return err;
    L->m->obs_name = csv.name;
    err = add_records(L, &csv, tmpl);
    kp_csv_free(&csv);
    return err;
}

/* The buckets of (slot, subject) runs: kind by kind, subject by subject,
 * the kind's slots side by side. */
static kp_err slot_buckets(loader *L)
{
    kp_model *m = L->m;
    int nslots = m->rs->nindicators + m->rs->ninputs;
    for (int slot = 0; slot < nslots; slot++) {
        L->rules[slot] = rules_of(m->rs, key_of_slot(m, slot));
        int kind = L->rules[slot].kind;
        m->slot_pos[slot] = m->kind_slots[kind]++;
    }
    m->nbuckets = 0;
    for (int k = 0; k < m->rs->nkinds; k++) {
        m->kind_bucket[k] = m->nbuckets;
        m->nbuckets += (size_t)m->kind_count[k] * (size_t)m->kind_slots[k];
    }
    if (m->nbuckets >= UINT32_MAX)
        return kp_diag_report(L->B->d, KP_ERR_VALUE, m->obs_name, 0,
                              "more than %u subject and indicator pairs in one run",
                              UINT32_MAX - 1);
    return KP_OK;
}

static void loader_free(loader *L)
{
    free(L->obs);
    free(L->bucket);
    free(L->rated);
    free(L->raters);
}

kp_err kp_model_observations(kp_model_builder *B, const char *dir)
{
    loader L = {.B = B, .m = B->m};
    kp_err err = slot_buckets(&L);
    if (!err)
        err = read_observations(&L, dir);
    if (!err)
        err = kp_obs_place(&L);
    if (!err) {
        kp_obs_check_duplicates(&L);
        kp_obs_check_missing(&L);
        kp_obs_check_gaps(&L);
    }
    loader_free(&L);
    return err;
}
