/* kp_snapshot.c - scored results as a versioned text file, tied to its inputs by SHA-256. */
#include "kp_snapshot.h"
#include "../base/kp_i18n.h"
#include "../base/kp_mem.h"
#include "../base/kp_sha256.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- The inputs' digest ---- */

/* A string with its terminator, so that no two sequences of strings hash alike. */
static void hash_str(struct sha256_ctx *c, const char *s)
{
    sha256_update(c, strlen(s) + 1, (const uint8_t *)s);
}

/* A file as its name, its size and its SHA-256. */
static kp_err hash_file(struct sha256_ctx *c, const char *name, const char *path, kp_diag *d)
{
    kp_file_sum sum;
    if (kp_sha256_file(path, &sum) != 0)
        return kp_diag_report(d, errno == ENOENT ? KP_ERR_MISSING : KP_ERR_IO, path, 0,
                              "cannot read: %s", strerror(errno));
    char size[32];
    snprintf(size, sizeof size, "%lld", sum.size);
    hash_str(c, name);
    hash_str(c, size);
    hash_str(c, sum.hex);
    return KP_OK;
}

static int data_file(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' &&
           ((n > 4 && !strcmp(name + n - 4, ".csv")) || (n > 5 && !strcmp(name + n - 5, ".xlsx")));
}

/* Name order by bytes, not by the locale, so the digest is the same everywhere. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

kp_err kp_snapshot_digest(const kp_run *run, char hex[65], kp_diag *d)
{
    struct sha256_ctx c;
    sha256_init(&c);
    char per[32];
    kp_period_format(&run->period, per, sizeof per);
    hash_str(&c, "kaoping scored inputs");
    hash_str(&c, per);
    hash_str(&c, run->encoding ? run->encoding : "");
    kp_err err = hash_file(&c, "rules", run->ruleset_path, d);
    struct stat st;
    if (!err && stat(run->data_dir, &st) != 0)
        err =
            kp_diag_report(d, KP_ERR_MISSING, run->data_dir, 0, "cannot read: %s", strerror(errno));
    if (!err && S_ISREG(st.st_mode)) {
        err = hash_file(&c, "data", run->data_dir, d);
    } else if (!err) {
        struct dirent **list = NULL;
        int n = scandir(run->data_dir, &list, NULL, by_name);
        if (n < 0)
            err =
                kp_diag_report(d, KP_ERR_IO, run->data_dir, 0, "cannot read: %s", strerror(errno));
        for (int i = 0; i < n; i++) {
            char path[4200];
            snprintf(path, sizeof path, "%s/%s", run->data_dir, list[i]->d_name);
            if (!err && data_file(list[i]->d_name) && stat(path, &st) == 0 && S_ISREG(st.st_mode))
                err = hash_file(&c, list[i]->d_name, path, d);
            free(list[i]);
        }
        free(list);
    }
    kp_sha256_hex_of(&c, hex);
    return err;
}

/* ---- Writing ---- */

/* Fields are separated by tabs; a string escapes \, tab, CR and LF, and
 * \N is a NULL string. */
static void put_str(FILE *fp, const char *s)
{
    fputc('\t', fp);
    if (!s) {
        fputs("\\N", fp);
        return;
    }
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\\\", fp);
        else if (*s == '\t')
            fputs("\\t", fp);
        else if (*s == '\n')
            fputs("\\n", fp);
        else if (*s == '\r')
            fputs("\\r", fp);
        else
            fputc(*s, fp);
    }
}

/* The snapshot's lines after its first: each record's tag and how many tab-separated
 * fields it has, the tag included (0: as many as the table's subjects or kinds say; a
 * score line has at least that many, then index:value pairs). The writer takes its tags
 * and the reader its tags and counts from here. */
enum { R_DIGEST, R_SHAPE, R_TABLE, R_SCORE, R_ORDER, R_MAIN, R_DISQ, R_NOTICE, R_AWARD, R_END };
static const struct {
    const char *tag;
    int fields;
} records[] = {
    [R_DIGEST] = {"digest", 2},     [R_SHAPE] = {"shape", 8},    [R_TABLE] = {"table", 11},
    [R_SCORE] = {"score", 11},      [R_ORDER] = {"order", 0},    [R_MAIN] = {"main", 0},
    [R_DISQ] = {"disqualified", 3}, [R_NOTICE] = {"notice", 14}, [R_AWARD] = {"award", 12},
    [R_END] = {"end", 1},
};

static void put_tag(FILE *fp, int rec)
{
    fputs(records[rec].tag, fp);
}

/* Hexadecimal floats: every double, NaN and infinities included, reads back bit for bit. */
static void put_num(FILE *fp, double v)
{
    fprintf(fp, "\t%a", v);
}

static void put_period(FILE *fp, const kp_period *p)
{
    fprintf(fp, "\t%d\t%d\t%d\t%d\t%d", p->year, (int)p->type, p->n, p->start, p->end);
}

static void write_table(FILE *fp, const kp_results *r, const kp_table *t)
{
    const kp_model *m = r->m;
    int first = m->kind_first[t->kind], n = m->kind_count[t->kind];
    put_tag(fp, R_TABLE);
    fprintf(fp, "\t%d", t->kind);
    put_period(fp, &t->period);
    fprintf(fp, "\t%d\t%d\t%d\t%d\n", t->rollup, t->main, t->ranked, n);
    for (int s = first; s < first + n; s++) {
        const kp_score *sc = kp_table_score(r, t, s);
        put_tag(fp, R_SCORE);
        put_num(fp, sc->published);
        fprintf(fp, "\t%lld\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d", sc->units, sc->rank, sc->group_n,
                sc->grade, sc->vetoed, sc->excluded, sc->zeroed, sc->empty, sc->strikes);
        /* The kind's slots (indicator scores, category subtotals) that are not +0 (as
         * the table keeps them), as index:value; in a month's card many are +0. */
        for (int i = 0; i < kp_table_slots(r->rs); i++) {
            double v = kp_table_slot(r, t, s, i);
            if (kp_table_slot_kind(r->rs, i) == t->kind && !(v == 0 && !signbit(v)))
                fprintf(fp, "\t%d:%a", i, v);
        }
        fputc('\n', fp);
    }
    put_tag(fp, R_ORDER);
    for (int i = 0; i < n; i++)
        fprintf(fp, "\t%d", t->order[i]);
    fputc('\n', fp);
}

kp_err kp_snapshot_write(const kp_results *r, const char *digest, const char *path, kp_diag *d)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
    const kp_model *m = r->m;
    const kp_ruleset *rs = r->rs;
    fprintf(fp, "kaoping-scores\t%d\n", KP_SNAPSHOT_VERSION);
    put_tag(fp, R_DIGEST);
    fprintf(fp, "\t%s\n", digest);
    put_tag(fp, R_SHAPE);
    fprintf(fp, "\t%d\t%d\t%d\t%d\t%d\t%zu\t%zu\n", m->nsubjects, rs->nkinds, rs->nindicators,
            rs->ncategories, r->ntables, r->nnotices, r->nawards);
    for (int i = 0; i < r->ntables; i++)
        write_table(fp, r, &r->tables[i]);
    put_tag(fp, R_MAIN);
    for (int k = 0; k < rs->nkinds; k++)
        fprintf(fp, "\t%d", r->main_table[k]);
    fputc('\n', fp);
    for (int s = 0; s < m->nsubjects; s++) {
        if (r->disqualified[s]) {
            put_tag(fp, R_DISQ);
            fprintf(fp, "\t%d\t%u\n", s, r->disqualified[s]);
        }
    }
    for (size_t i = 0; i < r->nnotices; i++) {
        const kp_notice *n = &r->notices[i];
        put_tag(fp, R_NOTICE);
        fprintf(fp, "\t%d\t%d\t%d\t%d", (int)n->type, n->subject, n->entity, n->slot);
        put_period(fp, &n->period);
        put_num(fp, n->value);
        put_num(fp, n->limit);
        put_str(fp, n->text);
        put_str(fp, n->kind_name);
        fputc('\n', fp);
    }
    for (size_t i = 0; i < r->nawards; i++) {
        const kp_award *a = &r->awards[i];
        put_tag(fp, R_AWARD);
        fprintf(fp, "\t%d\t%d\t%d", a->rule, a->kind, a->subject);
        put_period(fp, &a->period);
        put_str(fp, a->label);
        put_str(fp, a->unit);
        put_num(fp, a->amount);
        fputc('\n', fp);
    }
    put_tag(fp, R_END);
    fputc('\n', fp);
    int bad = ferror(fp);
    if (fclose(fp) != 0 || bad)
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
    return KP_OK;
}

/* ---- Reading ---- */

typedef struct {
    FILE *fp;
    const char *path;
    long line;
    char *buf;
    size_t cap;
    char **f; /* the fields of the current line */
    int nf, capf;
    int bad; /* a field was not what it should be */
    kp_arena *arena;
    kp_diag *d;
} reader;

/* The next line split at tabs into r->f; 0, or -1 at the end or on OOM. */
static int next_line(reader *r)
{
    ssize_t len = getline(&r->buf, &r->cap, r->fp);
    if (len < 0)
        return -1;
    r->line++;
    if (len > 0 && r->buf[len - 1] == '\n')
        r->buf[--len] = '\0';
    r->nf = 0;
    for (char *p = r->buf;;) {
        if (r->nf == r->capf) {
            int cap = r->capf ? 2 * r->capf : 64;
            char **grown = kp_xrealloc(r->f, sizeof *grown * (size_t)cap);
            r->f = grown;
            r->capf = cap;
        }
        r->f[r->nf++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return 0;
}

static kp_err bad_file(reader *r, const char *what)
{
    return kp_diag_report(r->d, KP_ERR_SYNTAX, r->path, r->line,
                          "%s; write the snapshot again with 'kaoping run RUN.ini --stage score'",
                          _(what));
}

/* Whether the line read is record rec with the fields the table says (n when it says 0). */
static int is_record(const reader *r, int rec, int n)
{
    int want = records[rec].fields ? records[rec].fields : n;
    int fields_ok = rec == R_SCORE ? r->nf >= want : r->nf == want;
    return !strcmp(r->f[0], records[rec].tag) && fields_ok;
}

/* The next line, which must be record rec (n fields when the table leaves it open). */
static kp_err expect(reader *r, int rec, int n)
{
    const char *tag = records[rec].tag;
    n = records[rec].fields ? records[rec].fields : n;
    if (next_line(r) != 0)
        return r->line == 0 ? bad_file(r, "empty file")
                            : bad_file(r, "the file ends early (cut short?)");
    if (!is_record(r, rec, n)) {
        char what[96];
        snprintf(what, sizeof what, "expected a '%s' line of %s%d fields", tag,
                 rec == R_SCORE ? "at least " : "", n);
        return bad_file(r, what);
    }
    r->bad = 0;
    return KP_OK;
}

static long long get_ll(reader *r, int i, long long min, long long max)
{
    char *end;
    errno = 0;
    long long v = strtoll(r->f[i], &end, 10);
    if (end == r->f[i] || *end || errno || v < min || v > max) {
        r->bad = 1;
        return min;
    }
    return v;
}

static int get_int(reader *r, int i, int min, int max)
{
    return (int)get_ll(r, i, min, max);
}

static double get_num(reader *r, int i)
{
    char *end;
    double v = strtod(r->f[i], &end);
    if (end == r->f[i] || *end)
        r->bad = 1;
    return v;
}

static kp_period get_period(reader *r, int i)
{
    kp_period p;
    p.year = get_int(r, i, 0, 100000);
    p.type = (kp_period_type)get_int(r, i + 1, KP_PER_YEAR, KP_PER_RANGE);
    p.n = get_int(r, i + 2, 0, 1000);
    p.start = get_int(r, i + 3, 0, 1200000);
    p.end = get_int(r, i + 4, 0, 1200000);
    return p;
}

/* A string field unescaped into the arena; NULL for \N. */
static const char *get_str(reader *r, int i)
{
    const char *s = r->f[i];
    if (!strcmp(s, "\\N"))
        return NULL;
    char *out = kp_arena_alloc(r->arena, strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s != '\\') {
            *o++ = *s;
            continue;
        }
        char c = *++s;
        *o++ = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
        if (!c)
            break;
    }
    *o = '\0';
    return out;
}

/* The index:value fields of a score line into values[index]: indexes of the table's kind,
 * increasing. 0, or -1 when one is not. */
static int get_values(reader *r, const kp_ruleset *rs, int kind, double *values)
{
    int last = -1;
    for (int f = 11; f < r->nf; f++) {
        char *colon, *end;
        errno = 0;
        long i = strtol(r->f[f], &colon, 10);
        if (colon == r->f[f] || *colon != ':' || errno || i <= last || i >= kp_table_slots(rs) ||
            kp_table_slot_kind(rs, (int)i) != kind)
            return -1;
        values[i] = strtod(colon + 1, &end);
        if (end == colon + 1 || *end)
            return -1;
        last = (int)i;
    }
    return 0;
}

static kp_err read_table(reader *r, kp_results *res, int ti)
{
    const kp_model *m = res->m;
    kp_err err = expect(r, R_TABLE, 0);
    if (err)
        return err;
    kp_table *t = &res->tables[ti];
    int kind = get_int(r, 1, 0, res->rs->nkinds - 1);
    t->period = get_period(r, 2);
    t->rollup = get_int(r, 7, 0, 1);
    t->main = get_int(r, 8, 0, 1);
    int n = m->kind_count[kind];
    t->ranked = get_int(r, 9, 0, n);
    if (r->bad || get_int(r, 10, n, n) != n || r->bad)
        return bad_file(r, "not a table of these subjects");
    t->obs_period = kp_model_period_index(m, &t->period);
    kp_table_alloc(res, t, kind);
    int first = m->kind_first[t->kind], ngrades = res->rs->kinds[t->kind].ngrades;
    for (int row = 0; row < n; row++) {
        if ((err = expect(r, R_SCORE, 0)) != KP_OK)
            return err;
        kp_score *sc = &t->scores[row];
        sc->published = get_num(r, 1);
        sc->units = get_ll(r, 2, -(1LL << 62), 1LL << 62);
        sc->rank = get_int(r, 3, 0, n);
        sc->group_n = get_int(r, 4, 0, n);
        sc->grade = (short)get_int(r, 5, -1, ngrades - 1);
        sc->vetoed = get_int(r, 6, 0, 1) == 1;
        sc->excluded = get_int(r, 7, 0, 1) == 1;
        sc->zeroed = get_int(r, 8, 0, 1) == 1;
        sc->empty = get_int(r, 9, 0, 1) == 1;
        sc->strikes = (short)get_int(r, 10, 0, SHRT_MAX);
        double values[KP_TABLE_MAX_SLOTS] = {0};
        if (get_values(r, res->rs, kind, values) != 0 || r->bad)
            return bad_file(r, "a score that is out of range or not a number");
        kp_table_store_row(res, t, (size_t)row, values);
    }
    if ((err = expect(r, R_ORDER, 1 + n)) != KP_OK)
        return err;
    for (int i = 0; i < n; i++)
        t->order[i] = get_int(r, 1 + i, first, first + n - 1);
    return r->bad ? bad_file(r, "a ranking order of other subjects") : KP_OK;
}

static kp_err read_body(reader *r, kp_results *res, const char *digest)
{
    const kp_model *m = res->m;
    const kp_ruleset *rs = res->rs;
    if (next_line(r) != 0 || r->nf != 2 || strcmp(r->f[0], "kaoping-scores"))
        return bad_file(r, "not a kaoping scores snapshot");
    char version[16];
    snprintf(version, sizeof version, "%d", KP_SNAPSHOT_VERSION);
    if (strcmp(r->f[1], version) != 0)
        return kp_diag_report(r->d, KP_ERR_VALUE, r->path, r->line,
                              "a snapshot of version %s; this kaoping reads version %d: write "
                              "it again with 'kaoping run RUN.ini --stage score'",
                              r->f[1], KP_SNAPSHOT_VERSION);
    kp_err err = expect(r, R_DIGEST, 0);
    if (!err && strcmp(r->f[1], digest))
        return kp_diag_report(r->d, KP_ERR_VALUE, r->path, 0,
                              "these scores were not computed from the rule set, period and "
                              "data this run names (their digest differs): score again with "
                              "'kaoping run RUN.ini --stage score', or point --data at the "
                              "data they were scored from");
    if (!err)
        err = expect(r, R_SHAPE, 0);
    if (err)
        return err;
    if (get_int(r, 1, 0, 1 << 30) != m->nsubjects || get_int(r, 2, 0, 1 << 30) != rs->nkinds ||
        get_int(r, 3, 0, 1 << 30) != rs->nindicators ||
        get_int(r, 4, 0, 1 << 30) != rs->ncategories || r->bad)
        return bad_file(r, "scored for other subjects or another rule set");
    int ntables = get_int(r, 5, 0, 1 << 20);
    size_t nnotices = (size_t)get_ll(r, 6, 0, 1LL << 40),
           nawards = (size_t)get_ll(r, 7, 0, 1LL << 40);
    if (r->bad)
        return bad_file(r, "a bad count");
    res->tables = kp_xcalloc((size_t)ntables + 1, sizeof *res->tables);
    res->notices = kp_xcalloc(nnotices + 1, sizeof *res->notices);
    res->awards = kp_xcalloc(nawards + 1, sizeof *res->awards);
    res->disqualified = kp_xcalloc((size_t)m->nsubjects + 1, 1);
    res->capnotices = nnotices + 1;
    res->capawards = nawards + 1;
    for (int i = 0; i < ntables; i++) {
        res->ntables = i + 1; /* so that kp_results_free frees a table read in part */
        if ((err = read_table(r, res, i)) != KP_OK)
            return err;
    }
    if ((err = expect(r, R_MAIN, 1 + rs->nkinds)) != KP_OK)
        return err;
    for (int k = 0; k < rs->nkinds; k++) {
        res->main_table[k] = get_int(r, 1 + k, -1, ntables - 1);
        if (res->main_table[k] >= 0 && res->tables[res->main_table[k]].kind != k)
            r->bad = 1;
    }
    if (r->bad)
        return bad_file(r, "a bad run-period table");
    for (;;) {
        if (next_line(r) != 0)
            return bad_file(r, "the file ends early (cut short?)");
        r->bad = 0;
        if (is_record(r, R_DISQ, 0)) {
            int s = get_int(r, 1, 0, m->nsubjects - 1);
            res->disqualified[s] = (unsigned char)get_int(r, 2, 0, 255);
        } else if (is_record(r, R_NOTICE, 0) && res->nnotices < nnotices) {
            kp_notice *n = &res->notices[res->nnotices++];
            n->type = (kp_notice_type)get_int(r, 1, 0, KP_N_COUNT - 1);
            n->subject = get_int(r, 2, -1, m->nsubjects - 1);
            n->entity = get_int(r, 3, -1, m->nentities - 1);
            n->slot = get_int(r, 4, -1, rs->nindicators + rs->ninputs - 1);
            n->period = get_period(r, 5);
            n->value = get_num(r, 10);
            n->limit = get_num(r, 11);
            const char *text = get_str(r, 12);
            if (!text || strlen(text) >= sizeof n->text)
                r->bad = 1;
            else
                memcpy(n->text, text, strlen(text) + 1);
            n->kind_name = get_str(r, 13);
        } else if (is_record(r, R_AWARD, 0) && res->nawards < nawards) {
            kp_award *a = &res->awards[res->nawards++];
            a->rule = get_int(r, 1, -1, rs->nawards - 1);
            a->kind = get_int(r, 2, 0, rs->nkinds - 1);
            a->subject = get_int(r, 3, 0, m->nsubjects - 1);
            a->period = get_period(r, 4);
            a->label = get_str(r, 9);
            a->unit = get_str(r, 10);
            a->amount = get_num(r, 11);
            if (!a->label || !a->unit)
                r->bad = 1;
        } else if (is_record(r, R_END, 0)) {
            break;
        } else {
            return bad_file(r, "an unexpected line");
        }
        if (r->bad)
            return bad_file(r, "a value that is out of range or not a number");
    }
    if (res->nnotices != nnotices || res->nawards != nawards)
        return bad_file(r, "fewer notices or awards than its header says");
    return KP_OK;
}

kp_err kp_snapshot_read(kp_results *res, const kp_model *m, const char *path, const char *digest,
                        kp_arena *arena, kp_diag *d)
{
    memset(res, 0, sizeof *res);
    res->m = m;
    res->rs = m->rs;
    for (int k = 0; k < KP_MAX_KINDS; k++)
        res->main_table[k] = -1;
    reader r = {.path = path, .arena = arena, .d = d};
    r.fp = fopen(path, "r");
    if (!r.fp)
        return kp_diag_report(d, errno == ENOENT ? KP_ERR_MISSING : KP_ERR_IO, path, 0,
                              "cannot read: %s (write it with 'kaoping run RUN.ini --stage "
                              "score')",
                              strerror(errno));
    kp_err err = read_body(&r, res, digest);
    fclose(r.fp);
    free(r.buf);
    free(r.f);
    if (err)
        kp_results_free(res);
    return err;
}
