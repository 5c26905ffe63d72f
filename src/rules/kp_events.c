/* kp_events.c - checks over event files: case deadlines (e.g. 1351) and expense ledgers. */
#include "../ingest/kp_csv.h"
#include "../base/kp_exact.h"
#include "../base/kp_i18n.h"
#include "../base/kp_mem.h"
#include "kp_score.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days since 1970-01-01 of a YYYY-MM-DD date (proleptic Gregorian), or
 * -1e9 when it is not one. */
static long days_of(const char *s)
{
    int y, m, d;
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return -1000000000L;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The absolute month (year x 12 + month - 1) of a YYYY-MM-DD date. */
static int opened_month_of(const char *date)
{
    int y = 0, m = 1;
    if (sscanf(date, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
        return 0;
    return y * 12 + m - 1;
}

static void entity_notice(kp_results *r, kp_notice_type t, int entity, const kp_period *p,
                          const char *kind, const char *text)
{
    kp_score_notice(r, t, -1, -1, p ? p : &r->m->period, NAN, NAN);
    kp_notice *n = &r->notices[r->nnotices - 1];
    n->entity = entity;
    n->kind_name = kind;
    snprintf(n->text, sizeof n->text, "%s", text);
}

/* A data error at a record of an event table: "'cases.csv' line 7", or the workbook's sheet
 * and cell, as the model's loader read it. */
static void row_error(kp_diag *d, const kp_csv *csv, long line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void row_error(kp_diag *d, const kp_csv *csv, long line, int col, const char *fmt, ...)
{
    char msg[512], where[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    kp_csv_where_at(csv->name, csv->sheet, line, csv->sheet ? col : -1, where, sizeof where);
    kp_diag_report_at(d, KP_ERR_VALUE, where, csv->name, line, "%s", msg);
}

static int col(const kp_csv *csv, const char *name, kp_diag *d, int *bad)
{
    int c = kp_csv_column(csv, name);
    if (c < 0 && !(*bad)++)
        kp_diag_report(d, KP_ERR_MISSING, csv->name, 1, "no '%s' column in the header", name);
    return c;
}

static int entity_of(const kp_results *r, const kp_csv *csv, const kp_csv_record *rec, int c,
                     kp_diag *d)
{
    size_t e;
    if (kp_map_get(&r->m->entity_ids, rec->fields[c], &e))
        return (int)e;
    row_error(d, csv, rec->line, c, "unknown unit '%s'", rec->fields[c]);
    return -1;
}

static long run_end_day(const kp_period *p)
{
    char buf[48];
    int end = p->end; /* the first month after the period */
    snprintf(buf, sizeof buf, "%04d-%02d-01", end / 12, end % 12 + 1);
    return days_of(buf) - 1;
}

static void case_row(kp_results *r, const kp_cases_rule *c, const kp_csv_record *rec,
                     const int *cols, int entity, long end, kp_diag *d, const kp_csv *csv)
{
    const char *cat = rec->fields[cols[1]];
    int k = 0;
    while (k < c->ncats && strcmp(c->cats[k], cat))
        k++;
    if (k == c->ncats) {
        row_error(d, csv, rec->line, cols[1], "unknown case category '%s'", cat);
        return;
    }
    long opened = days_of(rec->fields[cols[2]]);
    const char *closed_s = rec->fields[cols[3]];
    long closed = closed_s[0] ? days_of(closed_s) : end;
    if (opened < -100000000L || closed < -100000000L || closed < opened) {
        row_error(d, csv, rec->line, cols[2], "dates '%s' .. '%s' are not YYYY-MM-DD in order",
                  rec->fields[cols[2]], closed_s);
        return;
    }
    if (closed - opened <= c->limits[k])
        return;
    char text[200];
    snprintf(text, sizeof text, "%s%s（%s，限%d天）%s，已用%ld天，超期%ld天", c->label,
             rec->fields[cols[4]], cat, c->limits[k], closed_s[0] ? "已办结" : "未办结",
             closed - opened, closed - opened - c->limits[k]);
    entity_notice(r, KP_N_OVERDUE, entity, NULL, c->notice_kind, text);
}

/* A rate under the rule's minimum (yes / all < rate_min, exactly): a notice with the rate
 * in percent to one place, rounded half away from zero like every published number. */
static void rate_notice(kp_results *r, const kp_cases_rule *c, int k, int e, int yes, int all)
{
    kp_exact min = KP_EXACT_ZERO, rate = KP_EXACT_ZERO;
    kp_exact_set_held(&min, c->rate_min);
    kp_exact_set_ratio(&rate, yes, all);
    if (kp_exact_cmp(&rate, &min) < 0) {
        char pct[32], text[200];
        kp_exact_set_ratio(&rate, 100LL * yes, all);
        kp_exact_format(&rate, 1, pct, sizeof pct);
        snprintf(text, sizeof text, "%s%s%s%%（%d/%d），低于%g%%", c->label, c->rate_labels[k], pct,
                 yes, all, c->rate_min * 100);
        entity_notice(r, KP_N_TARGET, e, NULL, c->notice_kind, text);
    }
    kp_exact_clear(&min);
    kp_exact_clear(&rate);
}

/* The event tables are the model's (read by its loader, like every table);
 * an absent optional one (n == 0) means no checks. */
kp_err kp_score_cases(kp_results *r, kp_diag *d)
{
    const kp_cases_rule *c = &r->rs->cases;
    const kp_csv *csv = &r->m->cases;
    if (!r->rs->has_cases || !csv->n)
        return KP_OK;
    int bad = 0, before = d->count;
    int cols[5] = {col(csv, "unit", d, &bad), col(csv, "category", d, &bad),
                   col(csv, "opened", d, &bad), col(csv, "closed", d, &bad),
                   col(csv, "case", d, &bad)};
    int rcols[4];
    for (int i = 0; i < c->nrates; i++)
        rcols[i] = col(csv, c->rates[i], d, &bad);
    long end = c->end_date ? days_of(c->end_date) : run_end_day(&r->m->period);
    int n = r->m->nentities;
    int *yes = kp_xcalloc((size_t)n * 4 + 1, sizeof *yes),
        *all = kp_xcalloc((size_t)n * 4 + 1, sizeof *all);
    for (size_t i = 1; !bad && i < csv->n; i++) {
        const kp_csv_record *rec = &csv->records[i];
        int e = entity_of(r, csv, rec, cols[0], d);
        if (e < 0)
            continue;
        case_row(r, c, rec, cols, e, end, d, csv);
        for (int k = 0; k < c->nrates; k++) {
            const char *v = rec->fields[rcols[k]];
            if (!v[0] || (c->rate_closed[k] && !rec->fields[cols[3]][0]))
                continue;
            all[e * 4 + k]++;
            yes[e * 4 + k] += !strcmp(v, c->yes);
        }
    }
    for (int e = 0; !bad && e < n; e++)
        for (int k = 0; k < c->nrates; k++)
            if (all[e * 4 + k])
                rate_notice(r, c, k, e, yes[e * 4 + k], all[e * 4 + k]);
    free(yes);
    free(all);
    return d->count > before ? KP_ERR_VALUE : KP_OK;
}

static int listed(const char *const *list, int n, const char *v)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(list[i], v))
            return 1;
    return 0;
}

/* The document's word for a ledger code: its label in the rule set, else the code. */
static const char *ledger_label(const kp_ledger_rule *g, const char *code)
{
    for (int i = 0; i < g->nlabels; i++)
        if (!strcmp(g->codes[i], code))
            return g->labels[i];
    return code;
}

/* "18日单笔支出500.01元（超过500元），由居委会主任审批，不合规定（应由街道（镇）审批）":
 * the notice's period is the month, so the text starts at the day. */
static void expense_text(const kp_ledger_rule *g, const char *date, double amount, int over,
                         const char *by, char *buf, size_t size)
{
    int y, m, day = 0;
    char when[16] = "", limit[48] = "", who[160] = "未经审批";
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &day) == 3 && day >= 1 && day <= 31)
        snprintf(when, sizeof when, "%d日", day);
    if (over)
        snprintf(limit, sizeof limit, "（超过%g元）", g->approval_limit);
    if (by[0])
        snprintf(who, sizeof who, "由%s审批", ledger_label(g, by));
    char yuan[40];
    kp_num_format(amount, 2, yuan, sizeof yuan);
    snprintf(buf, size, "%s单笔支出%s元%s，%s，不合规定（应由%s审批）", when, yuan, limit, who,
             ledger_label(g, over ? g->over_by[0] : g->upto_by[0]));
}

/* An entity's spending in the shared fund's category over share_max x share_base (exactly):
 * a notice with the sum. */
static void share_notice(kp_results *r, const kp_ledger_rule *g, int e, const kp_exact *share)
{
    kp_exact limit = KP_EXACT_ZERO;
    kp_exact_set_held(&limit, g->share_max);
    kp_exact_mul_held(&limit, g->share_base);
    if (kp_exact_cmp(share, &limit) > 0) {
        char yuan[40], text[sizeof r->notices->text];
        kp_exact_format(share, 2, yuan, sizeof yuan);
        snprintf(text, sizeof text, "%s中的%s支出%s元，超过%.0f元的%g%%",
                 ledger_label(g, g->share_fund), ledger_label(g, g->share_category), yuan,
                 g->share_base, g->share_max * 100);
        entity_notice(r, KP_N_LEDGER, e, NULL, g->notice_kind, text);
    }
    kp_exact_clear(&limit);
}

kp_err kp_score_ledger(kp_results *r, kp_diag *d)
{
    const kp_ledger_rule *g = &r->rs->ledger;
    const kp_csv *csv = &r->m->ledger;
    if (!r->rs->has_ledger || !csv->n)
        return KP_OK;
    int bad = 0, before = d->count;
    int cu = col(csv, "unit", d, &bad), cd = col(csv, "date", d, &bad),
        cf = col(csv, "fund", d, &bad), cc = col(csv, "category", d, &bad),
        ca = col(csv, "amount", d, &bad), cb = col(csv, "approved_by", d, &bad);
    kp_exact *share = kp_xcalloc((size_t)r->m->nentities + 1, sizeof *share); /* exact sums */
    for (int e = 0; e < r->m->nentities; e++)
        share[e] = KP_EXACT_ZERO;
    for (size_t i = 1; !bad && i < csv->n; i++) {
        const kp_csv_record *rec = &csv->records[i];
        int e = entity_of(r, csv, rec, cu, d);
        double amount;
        int pc;
        if (e < 0)
            continue;
        if (kp_num_parse(rec->fields[ca], &amount, &pc) != 0 || pc || amount < 0) {
            row_error(d, csv, rec->line, ca, "'%s' is not an amount", rec->fields[ca]);
            continue;
        }
        if (!strcmp(rec->fields[cf], g->share_fund) && !strcmp(rec->fields[cc], g->share_category))
            kp_exact_add_held(&share[e], amount);
        int over = amount > g->approval_limit;
        if (over ? listed(g->over_by, g->nover, rec->fields[cb])
                 : listed(g->upto_by, g->nupto, rec->fields[cb]))
            continue;
        char text[sizeof r->notices->text];
        expense_text(g, rec->fields[cd], amount, over, rec->fields[cb], text, sizeof text);
        kp_period month = kp_period_month(opened_month_of(rec->fields[cd]));
        entity_notice(r, KP_N_LEDGER, e, &month, g->notice_kind, text);
    }
    for (int e = 0; !bad && e < r->m->nentities; e++)
        share_notice(r, g, e, &share[e]);
    for (int e = 0; e < r->m->nentities; e++)
        kp_exact_clear(&share[e]);
    free(share);
    return d->count > before ? KP_ERR_VALUE : KP_OK;
}
