/* kp_run.c - the run INI: what to assess, from which data, into which folder. */
#include "kp_config.h"
#include "../base/kp_i18n.h"
#include "kp_ini.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const run_keys[] = {"ruleset", "period", "data",    "out",     "encoding",
                                       "layouts", "fonts",  "formats", "history", NULL};
static const char *const doc_keys[] = {"authority", "authority_short", "docnumber", "date",
                                       "title",     "addressee",       "cc",        "printer",
                                       "note",      "documents",       "seal",      NULL};

/* Paths in the INI are relative to the INI's own folder. */
static const char *resolve(kp_arena *a, const char *dir, const char *p)
{
    if (!p || p[0] == '/' || !dir[0])
        return p;
    char *out = kp_arena_alloc(a, strlen(dir) + strlen(p) + 2);
    if (out)
        sprintf(out, "%s/%s", dir, p);
    return out;
}

static const char *value(kp_ini *ini, const char *sec, const char *key, const char *def)
{
    kp_ini_entry *e = kp_ini_get(ini, sec, key);
    return e ? e->value : def;
}

static const char *dirname_of(kp_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? kp_arena_strndup(a, path, (size_t)(slash - path)) : "";
}

/* Collects [document] <prefix><target> keys (docnumber.<target>,
 * text.<layout>.<name>); marked used so the key check passes them. */
static kp_run_docnumber *load_prefixed(kp_ini *ini, kp_arena *a, const char *prefix, int *count)
{
    size_t pl = strlen(prefix);
    int n = 0;
    for (size_t i = 0; i < ini->n; i++)
        n += !strcmp(ini->entries[i].section, "document") &&
             !strncmp(ini->entries[i].key, prefix, pl);
    kp_run_docnumber *v = n ? kp_arena_alloc(a, (size_t)n * sizeof *v) : NULL;
    *count = 0;
    for (size_t i = 0; i < ini->n && v; i++) {
        kp_ini_entry *e = &ini->entries[i];
        if (strcmp(e->section, "document") || strncmp(e->key, prefix, pl))
            continue;
        e->used = 1;
        v[(*count)++] = (kp_run_docnumber){e->key + pl, e->value, e->line};
    }
    return v;
}

static void load_docnumbers(kp_run *run, kp_ini *ini, kp_arena *a)
{
    run->docnumbers = load_prefixed(ini, a, "docnumber.", &run->ndocnumbers);
    run->texts = load_prefixed(ini, a, "text.", &run->ntexts);
}

const kp_run_docnumber *kp_run_text_of(const kp_run *run, const char *layout, const char *name)
{
    size_t ll = strlen(layout);
    for (int i = 0; i < run->ntexts; i++) {
        const char *t = run->texts[i].target;
        if (!strncmp(t, layout, ll) && t[ll] == '.' && !strcmp(t + ll + 1, name))
            return &run->texts[i];
    }
    return NULL;
}

/* The [document] keys with their lines (docnumber.* aside). */
static void load_doc_keys(kp_run *run, kp_ini *ini, kp_arena *a)
{
    run->doc_keys = kp_arena_alloc(a, (ini->n + 1) * sizeof *run->doc_keys);
    for (size_t i = 0; i < ini->n && run->doc_keys; i++) {
        const kp_ini_entry *e = &ini->entries[i];
        if (!strcmp(e->section, "document") && strncmp(e->key, "docnumber.", 10))
            run->doc_keys[run->ndoc_keys++] = (kp_run_key){e->key, e->value, e->line};
    }
}

static const char *find_docnumber(const kp_run *run, const char *target)
{
    for (int i = 0; i < run->ndocnumbers; i++)
        if (!strcmp(run->docnumbers[i].target, target))
            return run->docnumbers[i].value;
    return NULL;
}

const char *kp_run_docnumber_of(const kp_run *run, const char *layout, const char *kind)
{
    char target[256];
    const char *v = NULL;
    if (layout && kind) {
        snprintf(target, sizeof target, "%s-%s", layout, kind);
        v = find_docnumber(run, target);
    }
    if (!v && layout)
        v = find_docnumber(run, layout);
    return v ? v : run->docnumber;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD, a day of the calendar: the form every document date takes. */
static int is_date(const char *s)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int i = 0; i < 10; i++)
        if (!s[i] || (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9'))
            return 0;
    int y = atoi(s), m = atoi(s + 5), dd = atoi(s + 8);
    return !s[10] && y >= 1900 && m >= 1 && m <= 12 && dd >= 1 &&
           dd <= days[m - 1] + (m == 2 && leap(y));
}

static void check_date(kp_ini *ini, kp_diag *d)
{
    kp_ini_entry *e = kp_ini_get(ini, "document", "date");
    if (e && !is_date(e->value))
        kp_diag_report(d, KP_ERR_CONFIG, ini->path, e->line,
                       "[document] date '%s' is not a date (expected YYYY-MM-DD, e.g. 2024-01-15)",
                       e->value);
}

/* Brackets a year may be put in by mistake, with their length in bytes. */
static const struct {
    const char *open, *close;
} wrong_brackets[] = {{"[", "]"},   {"(", ")"},   {"［", "］"},
                      {"（", "）"}, {"【", "】"}, {"〈", "〉"}};

/* The 发文字号's year goes in 六角括号 〔〕 (GB/T 9704 7.2.4): another bracket
 * around four digits is refused, with the number as it should read. */
static void check_docnumber(const char *path, const char *key, const char *v, long line, kp_diag *d)
{
    for (size_t b = 0; b < sizeof wrong_brackets / sizeof wrong_brackets[0]; b++) {
        size_t lo = strlen(wrong_brackets[b].open), lc = strlen(wrong_brackets[b].close);
        for (const char *p = strstr(v, wrong_brackets[b].open); p;
             p = strstr(p + 1, wrong_brackets[b].open)) {
            const char *y = p + lo;
            if (strspn(y, "0123456789") != 4 || strncmp(y + 4, wrong_brackets[b].close, lc))
                continue;
            kp_diag_report(d, KP_ERR_CONFIG, path, line,
                           "[document] %s '%s': the year of a 发文字号 is bracketed with 〔〕 "
                           "(GB/T 9704 7.2.4); write %.*s〔%.4s〕%s",
                           key, v, (int)(p - v), v, y, y + 4 + lc);
            return;
        }
    }
}

static void check_docnumbers(const kp_run *run, kp_ini *ini, kp_diag *d)
{
    kp_ini_entry *e = kp_ini_get(ini, "document", "docnumber");
    if (e)
        check_docnumber(ini->path, "docnumber", e->value, e->line, d);
    for (int i = 0; i < run->ndocnumbers; i++) {
        char key[300];
        snprintf(key, sizeof key, "docnumber.%s", run->docnumbers[i].target);
        check_docnumber(ini->path, key, run->docnumbers[i].value, run->docnumbers[i].line, d);
    }
}

/* The next item of a comma-separated list at *s: [*p, *q) without surrounding blanks, and
 * *s past its comma. Returns 0 at the end of the list. */
static int next_item(const char **s, const char **p, const char **q)
{
    if (!**s)
        return 0;
    size_t n = strcspn(*s, ",");
    *p = *s, *q = *s + n;
    while (**p == ' ' || **p == '\t')
        (*p)++;
    while (*q > *p && ((*q)[-1] == ' ' || (*q)[-1] == '\t'))
        (*q)--;
    *s += n + ((*s)[n] == ',');
    return 1;
}

/* [run] formats: a comma-separated list of pdf and ofd; the PDF is always
 * written (the OFD is its twin, from the same pages). */
static void load_formats(kp_run *run, kp_ini *ini, kp_diag *d)
{
    kp_ini_entry *e = kp_ini_get(ini, "run", "formats");
    int pdf = 0;
    const char *p, *q;
    for (const char *s = e ? e->value : "pdf"; next_item(&s, &p, &q);) {
        if ((size_t)(q - p) == 3 && !strncmp(p, "pdf", 3))
            pdf = 1;
        else if ((size_t)(q - p) == 3 && !strncmp(p, "ofd", 3))
            run->ofd = 1;
        else
            kp_diag_report(d, KP_ERR_CONFIG, run->path, e->line,
                           "'%.*s' is not an output format (pdf, ofd)", (int)(q - p), p);
    }
    if (!pdf)
        kp_diag_report(d, KP_ERR_CONFIG, run->path, e->line,
                       "formats must list pdf (an OFD is written beside each PDF)");
}

/* [run] history: earlier runs' out folders, comma-separated, each relative to the INI. */
static void load_history(kp_run *run, kp_ini *ini, kp_arena *a, kp_diag *d)
{
    kp_ini_entry *e = kp_ini_get(ini, "run", "history");
    if (!e)
        return;
    run->history_line = e->line;
    run->history = kp_arena_alloc(a, sizeof *run->history * KP_RUN_MAX_HISTORY);
    const char *p, *q;
    for (const char *s = e->value; next_item(&s, &p, &q);) {
        if (q == p)
            kp_diag_report(d, KP_ERR_CONFIG, run->path, e->line,
                           "an empty item in history (out folders of earlier runs, "
                           "comma-separated)");
        else if (run->nhistory == KP_RUN_MAX_HISTORY)
            kp_diag_report(d, KP_ERR_CONFIG, run->path, e->line, "more than %d history folders",
                           KP_RUN_MAX_HISTORY);
        else
            run->history[run->nhistory++] =
                resolve(a, run->dir, kp_arena_strndup(a, p, (size_t)(q - p)));
    }
}

static void check_sections(kp_ini *ini, kp_diag *d)
{
    static const char *const sections[] = {"run", "document", NULL};
    for (size_t i = 0; i < ini->n; i++) {
        const char *sec = ini->entries[i].section;
        if (!strcmp(sec, "run") || !strcmp(sec, "document"))
            continue;
        if (i && !strcmp(ini->entries[i - 1].section, sec))
            continue;
        const char *s = kp_ini_suggest(sec, sections);
        kp_diag_report(d, KP_ERR_CONFIG, ini->path, ini->entries[i].line,
                       "unknown section [%s]%s%s%s", sec, s ? _("; did you mean [") : "",
                       s ? s : "", s ? _("]?") : "");
    }
}

kp_err kp_run_load(kp_run *run, const char *path, kp_arena *arena, kp_diag *d)
{
    memset(run, 0, sizeof *run);
    run->path = path;
    run->dir = dirname_of(arena, path);
    kp_ini ini;
    kp_err err = kp_ini_read(&ini, path, arena, d);
    if (err)
        return err;
    int before = d->count;
    check_sections(&ini, d);
    kp_ini_entry *e = kp_ini_get(&ini, "run", "ruleset");
    if (!e)
        kp_diag_report(d, KP_ERR_CONFIG, path, 0, "[run] needs 'ruleset' (a rule set INI)");
    run->ruleset_path = resolve(arena, run->dir, e ? e->value : NULL);
    run->data_dir = resolve(arena, run->dir, value(&ini, "run", "data", NULL));
    run->out_dir = resolve(arena, run->dir, value(&ini, "run", "out", NULL));
    run->layouts_dir = resolve(arena, run->dir, value(&ini, "run", "layouts", NULL));
    run->fonts_ini = resolve(arena, run->dir, value(&ini, "run", "fonts", NULL));
    run->encoding = value(&ini, "run", "encoding", "utf-8");
    if (strcmp(run->encoding, "utf-8") && strcmp(run->encoding, "gb18030") &&
        strcmp(run->encoding, "gbk"))
        kp_diag_report(d, KP_ERR_CONFIG, path, kp_ini_get(&ini, "run", "encoding")->line,
                       "'%s' is not an encoding kaoping reads (utf-8, gb18030 or gbk)",
                       run->encoding);
    e = kp_ini_get(&ini, "run", "period");
    if (!e)
        kp_diag_report(d, KP_ERR_CONFIG, path, 0, "[run] needs 'period' (e.g. 2023 or 2023-Q1)");
    else if (kp_period_parse(e->value, &run->period) != 0)
        kp_diag_report(d, KP_ERR_CONFIG, path, e->line,
                       "'%s' is not a period (2023, 2023-H1, 2023-Q1 or 2023-01)", e->value);
    run->authority = value(&ini, "document", "authority", "");
    run->authority_short = value(&ini, "document", "authority_short", run->authority);
    run->docnumber = value(&ini, "document", "docnumber", "");
    run->date = value(&ini, "document", "date", "");
    run->title = value(&ini, "document", "title", "");
    run->addressee = value(&ini, "document", "addressee", "");
    run->cc = value(&ini, "document", "cc", "");
    run->printer = value(&ini, "document", "printer", "");
    run->note = value(&ini, "document", "note", "");
    run->documents = value(&ini, "document", "documents", NULL);
    e = kp_ini_get(&ini, "document", "documents");
    run->documents_line = e ? e->line : 0;
    run->seal = resolve(arena, run->dir, value(&ini, "document", "seal", NULL));
    e = kp_ini_get(&ini, "document", "seal");
    run->seal_line = e ? e->line : 0;
    load_docnumbers(run, &ini, arena);
    load_doc_keys(run, &ini, arena);
    check_date(&ini, d);
    check_docnumbers(run, &ini, d);

    load_formats(run, &ini, d);
    load_history(run, &ini, arena, d);
    kp_ini_check_keys(&ini, "run", run_keys, d);
    kp_ini_check_keys(&ini, "document", doc_keys, d);
    kp_ini_free(&ini);
    return d->count > before ? KP_ERR_CONFIG : KP_OK;
}
