/* kp_results_csv.c - writes results.csv from the finished results. */
#include <stdio.h>

#include "kp_results_csv.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* One row of results.csv, built in memory and written with one call: a
 * national run writes 6.5 million of them. Whatever does not fit is
 * written through as it comes, so no row is too long. */
typedef struct {
    FILE *fp;
    size_t n;
    char b[4096];
} row_buf;

static void put_bytes(row_buf *w, const char *s, size_t n)
{
    if (w->n + n > sizeof w->b) {
        fwrite(w->b, 1, w->n, w->fp);
        w->n = 0;
    }
    if (n > sizeof w->b) {
        fwrite(s, 1, n, w->fp);
        return;
    }
    memcpy(w->b + w->n, s, n);
    w->n += n;
}

static void put_text(row_buf *w, const char *s)
{
    put_bytes(w, s, strlen(s));
}

/* A field, quoted when it holds a separator, a quote or a line break (quotes doubled). */
static void put_field(row_buf *w, const char *field)
{
    if (!strpbrk(field, ",\"\n\r")) {
        put_text(w, field);
        return;
    }
    put_bytes(w, "\"", 1);
    for (const char *p = field; *p; p++) {
        if (*p == '"')
            put_bytes(w, "\"", 1);
        put_bytes(w, p, 1);
    }
    put_bytes(w, "\"", 1);
}

void kp_csv_put(FILE *fp, const char *field)
{
    row_buf w = {.fp = fp};
    put_field(&w, field);
    fwrite(w.b, 1, w.n, fp);
}

static void put_row(row_buf *w, const kp_results *r, const kp_table *t, int s)
{
    const kp_ruleset *rs = r->rs;
    const kp_subject *sub = &r->m->subjects[s];
    const kp_score *sc = kp_table_score(r, t, s);
    char buf[64], per[32];
    kp_period_format(&t->period, per, sizeof per);
    put_field(w, rs->kinds[sub->kind].key);
    put_bytes(w, ",", 1);
    put_field(w, sub->id);
    put_bytes(w, ",", 1);
    put_field(w, sub->name);
    put_bytes(w, ",", 1);
    put_text(w, per);
    put_bytes(w, ",", 1);
    kp_num_format(sc->published, rs->decimals, buf, sizeof buf);
    put_text(w, buf);
    put_bytes(w, ",", 1);
    if (sc->rank) {
        snprintf(buf, sizeof buf, "%d", sc->rank);
        put_text(w, buf);
    }
    put_bytes(w, ",", 1);
    if (sc->grade >= 0)
        put_field(w, rs->kinds[sub->kind].grades[sc->grade].name);
    for (int i = 0; i < rs->nindicators; i++) {
        put_bytes(w, ",", 1);
        double v = kp_table_value(r, t, s, i);
        if (isnan(v))
            continue;
        kp_num_format(v, rs->indicators[i].decimals, buf, sizeof buf);
        put_text(w, buf);
    }
    put_bytes(w, "\n", 1);
    fwrite(w->b, 1, w->n, w->fp);
    w->n = 0;
}

static kp_err close_file(FILE *fp, const char *path, kp_diag *d)
{
    if (fclose(fp) != 0)
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
    return KP_OK;
}

kp_err kp_results_csv_write(const kp_results *r, const char *path, kp_diag *d)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
    fputs("kind,subject,name,period,total,rank,grade", fp);
    for (int i = 0; i < r->rs->nindicators; i++) {
        fputc(',', fp);
        kp_csv_put(fp, r->rs->indicators[i].key);
    }
    fputc('\n', fp);
    /* Tables are in kind order, periods in time order with the run period last. */
    row_buf w = {.fp = fp};
    for (int t = 0; t < r->ntables; t++)
        for (int i = 0; i < r->m->kind_count[r->tables[t].kind]; i++)
            put_row(&w, r, &r->tables[t], r->tables[t].order[i]);
    return close_file(fp, path, d);
}

kp_err kp_awards_csv_write(const kp_results *r, const char *path, kp_diag *d)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
    fputs("kind,subject,name,period,award,amount,unit\n", fp);
    for (size_t i = 0; i < r->nawards; i++) {
        const kp_award *a = &r->awards[i];
        char per[32], amount[64] = "";
        kp_period_format(&a->period, per, sizeof per);
        if (!isnan(a->amount))
            snprintf(amount, sizeof amount, "%g", a->amount);
        kp_csv_put(fp, r->rs->kinds[a->kind].key);
        fputc(',', fp);
        kp_csv_put(fp, r->m->subjects[a->subject].id);
        fputc(',', fp);
        kp_csv_put(fp, r->m->subjects[a->subject].name);
        fprintf(fp, ",%s,", per);
        kp_csv_put(fp, a->label);
        fprintf(fp, ",%s,", amount);
        kp_csv_put(fp, a->unit);
        fputc('\n', fp);
    }
    return close_file(fp, path, d);
}

kp_err kp_notices_csv_write(const kp_results *r, const char *path, kp_diag *d)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
    fputs("kind,subject,name,period,type,text\n", fp);
    for (size_t i = 0; i < r->nnotices; i++) {
        const kp_notice *n = &r->notices[i];
        const kp_entity *e = &r->m->entities[n->entity];
        char per[32], text[600];
        kp_period_format(&n->period, per, sizeof per);
        kp_notice_text(r, n, text, sizeof text);
        kp_csv_put(fp, n->subject >= 0 ? r->rs->kinds[r->m->subjects[n->subject].kind].key
                       : n->kind_name  ? n->kind_name
                                       : (e->is_person ? "person" : "unit"));
        fputc(',', fp);
        kp_csv_put(fp, e->id);
        fputc(',', fp);
        kp_csv_put(fp, e->name);
        fprintf(fp, ",%s,%s,", per, kp_notice_type_name(n->type));
        kp_csv_put(fp, text);
        fputc('\n', fp);
    }
    return close_file(fp, path, d);
}
