/* kp_run.c - the run INI: what to assess, from which data, into which folder. */
#include "kp_config.h"
#include "kp_ini.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const run_keys[] = {"ruleset", "period", "data", "out", "encoding",
                                       "layouts", "fonts", "formats", NULL};
static const char *const doc_keys[] = {"authority", "authority_short", "docnumber", "date",
                                       "title", "addressee", "cc", "printer", "note", NULL};

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

/* Collects docnumber.<target> keys; marked used so the key check passes them. */
static void load_docnumbers(kp_run *run, kp_ini *ini, kp_arena *a)
{
    int n = 0;
    for (size_t i = 0; i < ini->n; i++)
        n += !strcmp(ini->entries[i].section, "document") &&
             !strncmp(ini->entries[i].key, "docnumber.", 10);
    run->docnumbers = n ? kp_arena_alloc(a, (size_t)n * sizeof *run->docnumbers) : NULL;
    for (size_t i = 0; i < ini->n && run->docnumbers; i++) {
        kp_ini_entry *e = &ini->entries[i];
        if (strcmp(e->section, "document") || strncmp(e->key, "docnumber.", 10))
            continue;
        e->used = 1;
        run->docnumbers[run->ndocnumbers++] =
            (kp_run_docnumber){e->key + 10, e->value, e->line};
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

/* [run] formats: a comma-separated list of pdf and ofd; the PDF is always
 * written (the OFD is its twin, from the same pages). */
static void load_formats(kp_run *run, kp_ini *ini, kp_diag *d)
{
    kp_ini_entry *e = kp_ini_get(ini, "run", "formats");
    int pdf = 0;
    for (const char *s = e ? e->value : "pdf"; *s;) {
        size_t n = strcspn(s, ",");
        const char *p = s, *q = s + n;
        while (*p == ' ' || *p == '\t')
            p++;
        while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
            q--;
        if ((size_t)(q - p) == 3 && !strncmp(p, "pdf", 3))
            pdf = 1;
        else if ((size_t)(q - p) == 3 && !strncmp(p, "ofd", 3))
            run->ofd = 1;
        else
            kp_diag_report(d, KP_ERR_CONFIG, run->path, e->line,
                           "'%.*s' is not an output format (pdf, ofd)", (int)(q - p), p);
        s += n + (s[n] == ',');
    }
    if (!pdf)
        kp_diag_report(d, KP_ERR_CONFIG, run->path, e->line,
                       "formats must list pdf (an OFD is written beside each PDF)");
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
                       "unknown section [%s]%s%s%s", sec, s ? "; did you mean [" : "",
                       s ? s : "", s ? "]?" : "");
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
    load_docnumbers(run, &ini, arena);
    load_formats(run, &ini, d);
    kp_ini_check_keys(&ini, "run", run_keys, d);
    kp_ini_check_keys(&ini, "document", doc_keys, d);
    kp_ini_free(&ini);
    return d->count > before ? KP_ERR_CONFIG : KP_OK;
}
