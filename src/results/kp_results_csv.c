/* kp_results_csv.c - writes results.csv from the finished results. */
#include <stdio.h>

#include "kp_results_csv.h"

#include <errno.h>
#include <math.h>
#include <string.h>

void kp_csv_put(FILE *fp, const char *field)
{
    if (!strpbrk(field, ",\"\n\r")) {
        fputs(field, fp);
        return;
    }
    fputc('"', fp);
    for (const char *p = field; *p; p++) {
        if (*p == '"')
            fputc('"', fp);
        fputc(*p, fp);
    }
    fputc('"', fp);
}

static void put_row(FILE *fp, const kp_results *r, int s)
{
    const kp_ruleset *rs = r->rs;
    const kp_subject *sub = &r->m->subjects[s];
    const kp_score *sc = &r->scores[s];
    char buf[64], per[16];
    kp_period_format(&r->m->period, per, sizeof per);
    kp_csv_put(fp, rs->kinds[sub->kind].key);
    fputc(',', fp);
    kp_csv_put(fp, sub->id);
    fputc(',', fp);
    kp_csv_put(fp, sub->name);
    fprintf(fp, ",%s,", per);
    kp_num_format(sc->total, rs->decimals, buf, sizeof buf);
    fputs(buf, fp);
    if (sc->rank)
        fprintf(fp, ",%d,", sc->rank);
    else
        fputs(",,", fp);
    if (sc->grade >= 0)
        kp_csv_put(fp, rs->kinds[sub->kind].grades[sc->grade].name);
    for (int i = 0; i < rs->nindicators; i++) {
        fputc(',', fp);
        double v = kp_results_value(r, s, i);
        if (isnan(v))
            continue;
        kp_num_format(v, rs->indicators[i].decimals, buf, sizeof buf);
        fputs(buf, fp);
    }
    fputc('\n', fp);
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
    const kp_model *m = r->m;
    for (int k = 0; k < r->rs->nkinds; k++)
        for (int i = 0; i < m->kind_count[k]; i++)
            put_row(fp, r, r->order[m->kind_first[k] + i]);
    if (fclose(fp) != 0)
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
    return KP_OK;
}
