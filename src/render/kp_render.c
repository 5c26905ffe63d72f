/* kp_render.c - plans the documents the layouts ask for and renders each into the staging folder.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "kp_render.h"
#include "../base/kp_i18n.h"
#include "../base/kp_mem.h"
#include "../pdf/kp_utf8.h"
#include "../config/kp_ini.h"
#include "../base/kp_map.h"
#include "../base/kp_sha256.h"
#include "kp_share.h"
#include "kp_text.h"
#include "../base/kp_progress.h"
#include "../ofd/kp_ofd.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The kind's run-period table, else its last sub-period table. */
static const kp_table *kind_table(const kp_results *r, int kind)
{
    const kp_table *t = kp_results_main(r, kind);
    for (int i = r->ntables - 1; !t && i >= 0; i--)
        if (r->tables[i].kind == kind)
            t = &r->tables[i];
    return t;
}

static int kind_wanted(const kp_results *r, const kp_layout *l, int kind)
{
    if (!r->m->kind_count[kind] || !kind_table(r, kind))
        return 0;
    switch (l->require) {
    case KP_REQ_MAIN:
        return kp_results_main(r, kind) != NULL;
    case KP_REQ_AWARD:
        for (size_t i = 0; i < r->nawards; i++)
            if (r->awards[i].kind == kind && (!l->award || !strcmp(r->awards[i].label, l->award)))
                return 1;
        return 0;
    default:
        return 1;
    }
}

/* Whether `name` is one of the comma-separated words of list. */
static int in_list(const char *list, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *end = p;
        while (*end && *end != ',')
            end++;
        const char *last = end;
        while (last > p && last[-1] == ' ')
            last--;
        if ((size_t)(last - p) == len && !strncmp(p, name, len))
            return 1;
        p = end;
    }
    return 0;
}

/* A run-wide layout that needs an award (require="award") has nothing to
 * say without one: an award list with no awards would only use up a
 * document number. */
static int run_wanted(const kp_results *r, const kp_layout *l)
{
    if (l->require != KP_REQ_AWARD)
        return 1;
    for (size_t i = 0; i < r->nawards; i++)
        if (!kp_compose_award_is_penalty(&r->awards[i]) &&
            (!l->award || !strcmp(r->awards[i].label, l->award)))
            return 1;
    return 0;
}

/* [document] documents = ranking, warning, ...: the layouts the run writes,
 * each even with nothing to say; without the key, each that has something. */
static int layout_chosen(const kp_run *run, const kp_results *r, const kp_layout *l)
{
    if (run->documents)
        return in_list(run->documents, l->name);
    return l->scope != KP_SCOPE_RUN || run_wanted(r, l);
}

/* Appends v to *buf (length *len, grown by doubling), each character that has no place in a
 * file name replaced by _ when sanitize. */
static void append_name(char **buf, size_t *len, size_t *cap, const char *v, size_t n, int sanitize)
{
    if (*len + n + 1 > *cap) {
        size_t want = *cap ? *cap : 64;
        while (*len + n + 1 > want)
            want *= 2;
        *buf = kp_xrealloc(*buf, want), *cap = want;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        int ok = !sanitize || ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
                 (ch >= 'a' && ch <= 'z') || ch == '-' || ch == '_' || (ch == '.' && *len > 0);
        (*buf)[(*len)++] = ok ? (char)ch : '_';
    }
    (*buf)[*len] = '\0';
}

/* The whole file name from the layout's pattern: {kind} and {id} filled in (malloc'd).
 * Not inlined: inlined into kp_render_plan, gcc 12 takes the name for a pointer to the
 * local that held it (-Wdangling-pointer, a false positive). */
__attribute__((noinline)) static char *full_name(const kp_layout *l, const kp_context *c)
{
    const char *pat = l->file;
    char def[128];
    if (!pat) {
        snprintf(def, sizeof def, "%s%s.pdf", l->name,
                 l->scope == KP_SCOPE_RUN    ? ""
                 : l->scope == KP_SCOPE_KIND ? "-{kind}"
                                             : "-{kind}-{id}");
        pat = def;
    }
    size_t len = 0, cap = 64;
    char *buf = kp_xmalloc(cap);
    buf[0] = '\0';
    for (const char *p = pat; *p;) {
        const char *v = NULL;
        if (!strncmp(p, "{kind}", 6))
            v = c->kind >= 0 ? c->r->rs->kinds[c->kind].key : "", p += 6;
        else if (!strncmp(p, "{id}", 4))
            v = c->subject >= 0 ? c->r->m->subjects[c->subject].id : "", p += 4;
        if (v)
            append_name(&buf, &len, &cap, v, strlen(v), 1);
        else
            append_name(&buf, &len, &cap, p++, 1, 0);
    }
    return buf;
}

/* full into buf[size]: as it is when it fits; else cut between two UTF-8 characters before
 * its extension, then "-" and 12 hex digits of the whole name's SHA-256 and the extension,
 * so that two long ids never give one name and the name still ends in .pdf. */
static void fit_name(const char *full, char *buf, size_t size)
{
    size_t len = strlen(full);
    if (len < size) {
        memcpy(buf, full, len + 1);
        return;
    }
    const char *ext = strrchr(full, '.');
    if (!ext || strlen(ext) > 16)
        ext = full + len;
    char hex[65];
    kp_sha256_hex(full, len, hex);
    /* full[cut] starts a character: the cut keeps whole characters */
    size_t cut = kp_utf8_cut(full, size - 1 - strlen(ext) - 13);
    snprintf(buf, size, "%.*s-%.12s%s", (int)cut, full, hex, ext);
}

/* The job's file name (size bytes at most, the terminator included). */
static void file_name(const kp_layout *l, const kp_context *c, char *buf, size_t size)
{
    char *full = full_name(l, c);
    fit_name(full, buf, size);
    free(full);
}

kp_err kp_render_locate(const kp_run *run, kp_render_files *f, kp_arena *a, kp_diag *d)
{
    kp_err err = kp_share_path("layouts/layout.rng", a, &f->schema, d);
    if (!err && run->fonts_ini)
        f->fonts_ini = run->fonts_ini;
    else if (!err)
        err = kp_share_path("fonts/fonts.ini", a, &f->fonts_ini, d);
    if (!err && run->layouts_dir) /* else the layouts beside the schema */
        f->layouts = run->layouts_dir;
    else if (!err)
        f->layouts = kp_arena_strndup(a, f->schema, (size_t)(strrchr(f->schema, '/') - f->schema));
    return err;
}

/* No two documents may share a file name; a map keeps this linear in the
 * number of documents, which is the number of subjects for packets. */
static kp_err check_names(const kp_render_job *j, int n, kp_diag *d)
{
    kp_map seen;
    kp_map_init(&seen);
    kp_err err = KP_OK;
    for (int i = 0; i < n && !err; i++) {
        size_t first;
        int rc = kp_map_put(&seen, j[i].name, (size_t)i, &first);
        if (rc == 0)
            err = kp_diag_report(d, KP_ERR_CONFIG, j[i].ctx.layout->path, 0,
                                 "two documents would be written to '%s' (see the layout's "
                                 "file attribute)",
                                 j[i].name);
    }
    kp_map_free(&seen);
    return err;
}

kp_err kp_render_plan(const kp_results *r, const kp_run *run, const kp_layout_set *set,
                      kp_render_job **jobs, int *njobs, kp_diag *d)
{
    int cap = 0, n = 0;
    kp_render_job *j = NULL;
    for (int li = 0; li < set->n; li++) {
        const kp_layout *l = set->items[li];
        if (!layout_chosen(run, r, l))
            continue;
        for (int k = l->scope == KP_SCOPE_RUN ? -1 : 0;
             l->scope == KP_SCOPE_RUN ? k == -1 : k < r->rs->nkinds; k++) {
            if (k >= 0 && !kind_wanted(r, l, k))
                continue;
            int first = k >= 0 ? r->m->kind_first[k] : 0;
            int count = l->scope == KP_SCOPE_SUBJECT ? r->m->kind_count[k] : 1;
            for (int i = 0; i < count; i++) {
                if (n == cap) {
                    cap = cap ? 2 * cap : 64;
                    j = kp_xrealloc(j, sizeof *j * (size_t)cap);
                }
                kp_render_job *job = &j[n++];
                job->ctx = (kp_context){r,
                                        run,
                                        l,
                                        k,
                                        k >= 0 ? kind_table(r, k) : NULL,
                                        l->scope == KP_SCOPE_SUBJECT ? first + i : -1};
                file_name(l, &job->ctx, job->name, sizeof job->name);
            }
        }
    }
    kp_err err = check_names(j, n, d);
    if (err) {
        free(j);
        return err;
    }
    *jobs = j;
    *njobs = n;
    return KP_OK;
}

kp_err kp_render_document(const kp_context *ctx, const kp_fonts *fonts, const char *path,
                          kp_file_sum *sum, kp_diag *d)
{
    return kp_render_document_twin(ctx, fonts, path, sum, NULL, NULL, d);
}

kp_err kp_render_document_twin(const kp_context *ctx, const kp_fonts *fonts, const char *path,
                               kp_file_sum *sum, const char *ofd_path, kp_file_sum *ofd_sum,
                               kp_diag *d)
{
    const kp_layout *l = ctx->layout;
    const kp_run *run = ctx->run;
    kp_doc doc;
    kp_doc_init(&doc);
    char *title = l->title ? kp_compose_text(ctx, l->title, NULL) : NULL;
    for (int i = 0; (!title || !title[0]) && i < l->nblocks; i++)
        if (l->blocks[i].type == KP_B_TITLE) {
            free(title);
            title = kp_compose_text(ctx, l->blocks[i].text, NULL);
        }
    snprintf(doc.date, sizeof doc.date, "%s", run->date);
    kp_err err = KP_OK;
    const char *kind = ctx->kind >= 0 ? ctx->r->rs->kinds[ctx->kind].key : NULL;
    kp_doc_set_info(&doc, title ? title : "", run->authority, ctx->r->rs->name,
                    kp_run_docnumber_of(run, l->name, kind), "kaoping");
    free(title);
    err = kp_compose(&doc, l, fonts, ctx, d);
    if (!err)
        err = kp_pdf_write_sum(&doc, path, sum, d);
    if (!err && ofd_path)
        err = kp_ofd_write_sum(&doc, ofd_path, ofd_sum, d);
    kp_doc_free(&doc);
    return err;
}

/* Appends ", item" (or "item" first) to a list that fits size. */
static void append_list(char *buf, size_t size, const char *item)
{
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, "%s%s", n ? ", " : "", item);
}

/* Every docnumber.<target> key must name a layout of the set, alone or with
 * a kind of the rule set: a misspelt target would leave a document without
 * its number. */
kp_err kp_render_check_docnumbers(const kp_run *run, const kp_ruleset *rs, const kp_layout_set *set,
                                  kp_diag *d)
{
    int before = d->count;
    char names[512] = "", kinds[512] = "";
    for (int j = 0; j < set->n; j++)
        append_list(names, sizeof names, set->items[j]->name);
    for (int k = 0; k < rs->nkinds; k++)
        append_list(kinds, sizeof kinds, rs->kinds[k].key);
    for (int i = 0; i < run->ndocnumbers; i++) {
        const char *t = run->docnumbers[i].target;
        int found = 0;
        const kp_layout *layout = NULL;
        for (int j = 0; !found && j < set->n; j++) {
            const char *name = set->items[j]->name;
            size_t len = strlen(name);
            if (strncmp(t, name, len) || (t[len] && t[len] != '-'))
                continue;
            layout = set->items[j];
            found = !t[len] || kp_ruleset_find_kind(rs, t + len + 1) >= 0;
        }
        /* A layout of another folder may be meant (a run that renders only some
         * documents): warn. A layout of this folder with an unknown kind is wrong. */
        if (!found && !layout)
            kp_warn(run->path, run->docnumbers[i].line,
                    "'docnumber.%s' names no document of this run (layouts: %s); it is unused", t,
                    names);
        else if (!found)
            kp_diag_report(d, KP_ERR_CONFIG, run->path, run->docnumbers[i].line,
                           "'docnumber.%s': layout '%s' has no kind '%s' (expected "
                           "docnumber.%s or docnumber.%s-<kind>, kind one of: %s)",
                           t, layout->name, t + strlen(layout->name) + 1, layout->name,
                           layout->name, kinds);
    }
    return d->count > before ? KP_ERR_CONFIG : KP_OK;
}

/* [document] seal: a PNG that can go into a PDF/A-1b file as it is. */
static kp_err check_seal(const kp_run *run, kp_diag *d)
{
    unsigned w, h;
    const char *why;
    if (!run->seal || kp_png_probe(run->seal, &w, &h, &why) == 0)
        return KP_OK;
    return kp_diag_report(d, KP_ERR_CONFIG, run->path, run->seal_line, "seal '%s' %s", run->seal,
                          _(why));
}

/* Every name in [document] documents must be a layout of the set. */
static kp_err check_documents(const kp_run *run, const kp_layout_set *set, kp_diag *d)
{
    if (!run->documents)
        return KP_OK;
    int before = d->count, named = 0;
    char names[512] = "";
    for (int j = 0; j < set->n; j++) {
        append_list(names, sizeof names, set->items[j]->name);
        named += in_list(run->documents, set->items[j]->name);
    }
    for (const char *p = run->documents; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t len = strcspn(p, ",");
        while (len && p[len - 1] == ' ')
            len--;
        char word[128];
        snprintf(word, sizeof word, "%.*s", (int)len, p);
        int found = 0;
        for (int j = 0; !found && j < set->n; j++)
            found = !strcmp(word, set->items[j]->name);
        if (len && !found)
            kp_diag_report(d, KP_ERR_CONFIG, run->path, run->documents_line,
                           "'%s' in 'documents' is no document kind (one of: %s)", word, names);
        p += strcspn(p, ",");
    }
    if (d->count == before && !named)
        kp_diag_report(d, KP_ERR_CONFIG, run->path, run->documents_line,
                       "'documents' names no document (one of: %s)", names);
    return d->count > before ? KP_ERR_CONFIG : KP_OK;
}

/* Every [document] text.<layout>.<name> must name a paragraph a layout
 * names: a misspelt key would leave the layout's own text in place. */
static kp_err check_texts(const kp_run *run, const kp_layout_set *set, kp_diag *d)
{
    int before = d->count;
    char named[1024] = "", item[160];
    for (int j = 0; j < set->n; j++)
        for (int k = 0; k < set->items[j]->nblocks; k++)
            if (set->items[j]->blocks[k].name) {
                snprintf(item, sizeof item, "text.%s.%s", set->items[j]->name,
                         set->items[j]->blocks[k].name);
                append_list(named, sizeof named, item);
            }
    for (int i = 0; i < run->ntexts; i++) {
        int found = 0;
        for (int j = 0; !found && j < set->n; j++)
            for (int k = 0; !found && k < set->items[j]->nblocks; k++)
                found = set->items[j]->blocks[k].name &&
                        kp_run_text_of(run, set->items[j]->name, set->items[j]->blocks[k].name) ==
                            &run->texts[i];
        if (!found)
            kp_diag_report(d, KP_ERR_CONFIG, run->path, run->texts[i].line,
                           "'text.%s' names no paragraph of a layout (named: %s)",
                           run->texts[i].target, named[0] ? named : "none");
    }
    return d->count > before ? KP_ERR_CONFIG : KP_OK;
}

/* Every {name} in a [document] text.<layout>.<name> value is a placeholder of the table:
 * a typo would print nothing where the clerk expected a value. */
static kp_err check_text_placeholders(const kp_run *run, kp_diag *d)
{
    int before = d->count;
    char name[KP_PLACEHOLDER_MAX];
    for (int i = 0; i < run->ntexts; i++)
        for (const char *p = strchr(run->texts[i].value, '{'); p; p = strchr(p + 1, '{')) {
            if (!kp_compose_placeholder_at(p, name) || kp_compose_placeholder_index(name) >= 0)
                continue;
            const char *s = kp_ini_suggest(name, kp_compose_placeholders());
            kp_diag_report(d, KP_ERR_CONFIG, run->path, run->texts[i].line,
                           "unknown placeholder {%s} in 'text.%s'%s%s%s", name,
                           run->texts[i].target, s ? _("; did you mean {") : "", s ? s : "",
                           s ? _("}?") : "");
        }
    return d->count > before ? KP_ERR_CONFIG : KP_OK;
}

kp_err kp_render_check_run(const kp_run *run, const kp_layout_set *set, kp_diag *d)
{
    kp_err err = check_documents(run, set, d);
    kp_err e2 = check_texts(run, set, d);
    kp_err e3 = check_text_placeholders(run, d);
    kp_err e4 = check_seal(run, d);
    return err ? err : e2 ? e2 : e3 ? e3 : e4;
}

static int shows_docnumber(const kp_layout *l)
{
    for (int i = 0; i < l->nblocks; i++)
        if (l->blocks[i].type == KP_B_DOCNUMBER)
            return 1;
    return 0;
}

/* Two documents that print the same 发文字号 are two official documents
 * under one number: say so, and which key gives each its own. */
static void warn_shared_docnumbers(const kp_run *run, const kp_render_job *jobs, int njobs)
{
    kp_map seen;
    kp_map_init(&seen);
    for (int i = 0; i < njobs; i++) {
        const kp_context *c = &jobs[i].ctx;
        if (!shows_docnumber(c->layout))
            continue;
        const char *kind = c->kind >= 0 ? c->r->rs->kinds[c->kind].key : NULL;
        const char *num = kp_run_docnumber_of(run, c->layout->name, kind);
        size_t first;
        if (!num[0])
            continue;
        if (kp_map_get(&seen, num, &first))
            kp_warn(run->path, 0,
                    "'%s' and '%s' both carry the document number '%s'; give each its own "
                    "with [document] docnumber.%s%s%s = ...",
                    jobs[first].name, jobs[i].name, num, c->layout->name, kind ? "-" : "",
                    kind ? kind : "");
        else
            kp_map_put(&seen, num, (size_t)i, NULL);
    }
    kp_map_free(&seen);
}

int kp_render_cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int kp_render_in_shard(const kp_render_job *job, int subject_index, const kp_render_opts *o)
{
    if (o->nshards <= 1)
        return 1;
    if (job->ctx.layout->scope != KP_SCOPE_SUBJECT)
        return o->shard == 1;
    return subject_index % o->nshards == o->shard - 1;
}

/* The documents of one kp_render_all, shared by its threads. Each job has
 * its own document, path and digest, so only the next job to take and the
 * first failure are shared, under the lock. */
typedef struct {
    const kp_render_job *jobs;
    const int *todo; /* indices into jobs, in plan order */
    const char **paths;
    kp_file_sum **sums;     /* [i]: where job todo[i]'s file digest goes (kp_out's entry) */
    const char **ofd_paths; /* the OFD twins' (NULL when formats has no ofd) */
    kp_file_sum **ofd_sums;
    int ntodo;
    const kp_fonts *fonts;
    pthread_mutex_t lock;
    int next;
    int failed_at; /* the lowest todo index that failed, else ntodo */
    kp_diag failure;
} render_pool;

static void *render_worker(void *arg)
{
    render_pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int i = p->failed_at < p->ntodo ? p->ntodo : p->next++; /* a failure stops the run */
        pthread_mutex_unlock(&p->lock);
        if (i >= p->ntodo)
            return NULL;
        kp_diag d;
        kp_diag_init(&d);
        if (kp_render_document_twin(&p->jobs[p->todo[i]].ctx, p->fonts, p->paths[i], p->sums[i],
                                    p->ofd_paths ? p->ofd_paths[i] : NULL,
                                    p->ofd_sums ? p->ofd_sums[i] : NULL, &d) != KP_OK) {
            pthread_mutex_lock(&p->lock);
            if (i < p->failed_at) {
                p->failed_at = i;
                p->failure = d;
            }
            pthread_mutex_unlock(&p->lock);
        } else {
            kp_progress_document_done();
        }
    }
}

/* Renders the chosen jobs on nthreads threads (this one included); the
 * error of the first document in plan order that failed goes into d (its
 * message is already on stderr). */
static kp_err render_jobs(render_pool *p, int nthreads, kp_diag *d)
{
    enum { MAX_THREADS = 256 };
    if (nthreads > p->ntodo)
        nthreads = p->ntodo;
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    pthread_t th[MAX_THREADS];
    int started = 0;
    pthread_mutex_init(&p->lock, NULL);
    p->next = 0;
    p->failed_at = p->ntodo;
    kp_diag_init(&p->failure);
    /* A thread that cannot be started only means fewer workers. */
    while (started < nthreads - 1 && pthread_create(&th[started], NULL, render_worker, p) == 0)
        started++;
    render_worker(p);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_mutex_destroy(&p->lock);
    if (p->failed_at == p->ntodo)
        return KP_OK;
    kp_diag_merge(d, &p->failure);
    return p->failure.code ? p->failure.code : KP_ERR_PDF;
}

/* Adds name to the out folder's outputs: its staging path and entry index. */
static void add_output(kp_out *out, const char *name, const char **path, int *index)
{
    *path = kp_out_path(out, name);
    *index = out->n - 1;
}

kp_err kp_render_all(const kp_results *r, const kp_run *run, const kp_render_opts *o, kp_out *out,
                     kp_diag *d)
{
    kp_arena arena;
    kp_arena_init(&arena);
    kp_fonts fonts;
    memset(&fonts, 0, sizeof fonts);
    kp_layout_set set = {0};
    kp_render_files files;
    kp_text_init();
    int run_level = o->nshards <= 1 || o->shard == 1;
    kp_err err = kp_render_locate(run, &files, &arena, d);
    const char *fonts_ini = files.fonts_ini;
    if (!err)
        err = kp_layout_load_dir(&set, files.layouts, files.schema, &arena, d);
    for (int i = 0; !err && i < set.n; i++)
        kp_out_input(out, "layout", set.items[i]->path);
    if (!err)
        kp_out_input(out, "fonts", fonts_ini);
    if (!err && run->seal)
        kp_out_input(out, "seal", run->seal); /* the image is part of the documents */
    /* Fonts are parsed once here and shared, read-only, by every thread. */
    if (!err && !o->finish)
        err = kp_fonts_load(&fonts, fonts_ini, &arena, d);
    if (!err && !o->finish)
        err = kp_render_check_docnumbers(run, r->rs, &set, d);
    if (!err)
        err = kp_render_check_run(run, &set, d);
    if (!err && run_level && o->finish)
        kp_out_existing(out, "results.xlsx");
    else if (!err && run_level && !o->finish)
        err = kp_render_xlsx(r, run, &set, kp_out_path(out, "results.xlsx"), d);
    kp_render_job *jobs = NULL;
    int njobs = 0;
    if (!err)
        err = kp_render_plan(r, run, &set, &jobs, &njobs, d);
    if (!err && run_level && !o->finish)
        warn_shared_docnumbers(run, jobs, njobs);
    int *todo = NULL, *index = NULL;
    const char **paths = NULL;
    kp_file_sum **sums = NULL;
    int ntodo = 0;
    if (!err && njobs) {
        todo = kp_xmalloc(sizeof *todo * (size_t)njobs);
        /* Second halves: the OFD twins (formats = pdf, ofd). */
        index = kp_xmalloc(sizeof *index * 2 * (size_t)njobs);
        paths = kp_xmalloc(sizeof *paths * 2 * (size_t)njobs);
        sums = kp_xmalloc(sizeof *sums * 2 * (size_t)njobs);
    }
    /* The shard's documents and their paths, named in plan order on this
     * thread, so the manifest lists them as a sequential run does. */
    for (int i = 0, subject = 0; !err && i < njobs; i++) {
        int in = kp_render_in_shard(&jobs[i], subject, o);
        subject += jobs[i].ctx.layout->scope == KP_SCOPE_SUBJECT;
        if (!in)
            continue;
        char ofd[sizeof jobs[i].name + 8];
        kp_ofd_name(jobs[i].name, ofd, sizeof ofd);
        if (o->finish) {
            kp_out_existing(out, jobs[i].name);
            if (run->ofd)
                kp_out_existing(out, ofd);
            continue;
        }
        add_output(out, jobs[i].name, &paths[ntodo], &index[ntodo]);
        if (run->ofd)
            add_output(out, ofd, &paths[njobs + ntodo], &index[njobs + ntodo]);
        todo[ntodo++] = i;
    }
    /* Entries of out->sums, taken once every name is added: the array no longer moves. */
    for (int i = 0; !err && i < ntodo; i++) {
        sums[i] = &out->sums[index[i]];
        if (run->ofd)
            sums[njobs + i] = &out->sums[index[njobs + i]];
    }
    if (!err && ntodo) {
        kp_progress_documents((size_t)ntodo);
        render_pool pool = {.jobs = jobs,
                            .todo = todo,
                            .paths = paths,
                            .sums = sums,
                            .ofd_paths = run->ofd ? paths + njobs : NULL,
                            .ofd_sums = run->ofd ? sums + njobs : NULL,
                            .ntodo = ntodo,
                            .fonts = &fonts};
        err = render_jobs(&pool, o->jobs > 1 ? o->jobs : 1, d);
    }
    free(todo);
    free(index);
    free(paths);
    free(sums);
    free(jobs);
    kp_fonts_free(&fonts);
    kp_arena_free(&arena);
    return err;
}
