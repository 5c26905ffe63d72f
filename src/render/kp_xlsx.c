/* kp_xlsx.c - the results workbook: a ranking sheet per kind, totals as live formulas. */
#include "kp_render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

typedef struct {
    lxw_format *head, *text, *num, *total, *integer;
} formats;

static void make_formats(lxw_workbook *wb, formats *f)
{
    f->head = workbook_add_format(wb);
    format_set_bold(f->head);
    format_set_text_wrap(f->head);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(f->head, LXW_BORDER_THIN);
    format_set_bg_color(f->head, 0xD9E1F2);
    f->text = workbook_add_format(wb);
    format_set_border(f->text, LXW_BORDER_THIN);
    f->num = workbook_add_format(wb);
    format_set_num_format(f->num, "0.00");
    format_set_border(f->num, LXW_BORDER_THIN);
    f->total = workbook_add_format(wb);
    format_set_num_format(f->total, "0.00");
    format_set_bold(f->total);
    format_set_border(f->total, LXW_BORDER_THIN);
    f->integer = workbook_add_format(wb);
    format_set_num_format(f->integer, "0");
    format_set_border(f->integer, LXW_BORDER_THIN);
}

/* Excel column letters for column index c (0 = A). */
static void col_name(int c, char *buf)
{
    char tmp[8];
    int n = 0;
    for (c++; c > 0; c = (c - 1) / 26)
        tmp[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
}

/* The total as a formula over the component cells, so a clerk sees (and
 * Excel recomputes) how it is made; the cached value is the published total. */
static void total_formula(const kp_results *r, int kind, const int *cols, int row, char *buf,
                          size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "=ROUND(");
    int first = 1;
    for (int i = 0; i < r->rs->nindicators; i++) {
        const kp_indicator *ind = &r->rs->indicators[i];
        if (ind->kind != kind || ind->weight == 0)
            continue;
        char col[8];
        col_name(cols[i], col);
        double w = ind->sign * ind->weight;
        const char *op = w < 0 ? "-" : first ? "" : "+";
        if (fabs(w) == 1)
            len += (size_t)snprintf(buf + len, size - len, "%s%s%d", op, col, row + 1);
        else
            len += (size_t)snprintf(buf + len, size - len, "%s%g*%s%d", op, fabs(w), col,
                                    row + 1);
        first = 0;
    }
    snprintf(buf + len, size - len, ",%d)", r->rs->decimals);
}

static void write_sheet(lxw_workbook *wb, const kp_results *r, const kp_table *t, const formats *f)
{
    const kp_model *m = r->m;
    int kind = t->kind;
    const kp_kind *k = &r->rs->kinds[kind];
    char name[64], per[32];
    kp_period_format(&t->period, per, sizeof per);
    /* Excel sheet names: at most 31 characters, no ':' '\\' '/' '?' '*' '[' ']'. */
    if (t->main)
        snprintf(name, sizeof name, "%s排名", k->label);
    else
        snprintf(name, sizeof name, "%s %s", k->label, per);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    int cols[KP_MAX_INDICATORS], c = 3;
    worksheet_write_string(ws, 0, 0, "排名", f->head);
    worksheet_write_string(ws, 0, 1, "编号", f->head);
    worksheet_write_string(ws, 0, 2, k->label, f->head);
    for (int i = 0; i < r->rs->nindicators; i++) {
        if (r->rs->indicators[i].kind != kind)
            continue;
        cols[i] = c;
        worksheet_write_string(ws, 0, (lxw_col_t)c++, r->rs->indicators[i].label, f->head);
    }
    int total_col = c, grade_col = c + 1;
    worksheet_write_string(ws, 0, (lxw_col_t)total_col, "总分", f->head);
    worksheet_write_string(ws, 0, (lxw_col_t)grade_col, "等次", f->head);
    int n = m->kind_count[kind];
    for (int row = 1; row <= n; row++) {
        int s = t->order[row - 1];
        const kp_score *sc = kp_table_score(r, t, s);
        if (sc->rank)
            worksheet_write_number(ws, (lxw_row_t)row, 0, sc->rank, f->integer);
        worksheet_write_string(ws, (lxw_row_t)row, 1, m->subjects[s].id, f->text);
        worksheet_write_string(ws, (lxw_row_t)row, 2, m->subjects[s].name, f->text);
        for (int i = 0; i < r->rs->nindicators; i++) {
            if (r->rs->indicators[i].kind != kind)
                continue;
            lxw_format *fmt = r->rs->indicators[i].decimals == 0 ? f->integer : f->num;
            worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)cols[i],
                                   kp_table_value(r, t, s, i), fmt);
        }
        char formula[1024];
        if (t->rollup || sc->zeroed || sc->empty) /* not a weighted sum of these columns */
            worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)total_col, sc->published,
                                   f->total);
        else {
            total_formula(r, kind, cols, row, formula, sizeof formula);
            worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)total_col, formula,
                                        f->total, sc->published);
        }
        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)grade_col,
                               sc->grade >= 0 ? k->grades[sc->grade].name : "", f->text);
    }
    worksheet_set_column(ws, 0, 1, 7, NULL);
    worksheet_set_column(ws, 2, 2, 16, NULL);
    worksheet_set_column(ws, 3, (lxw_col_t)grade_col, 11, NULL);
    worksheet_set_row(ws, 0, 45, NULL);
    worksheet_freeze_panes(ws, 1, 3);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)grade_col);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_landscape(ws);
    worksheet_repeat_rows(ws, 0, 0);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
}

/* The run's date, never the clock: the same inputs give the same bytes. */
static time_t run_time(const kp_run *run)
{
    struct tm tm = {0};
    if (sscanf(run->date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
}

kp_err kp_render_xlsx(const kp_results *r, const kp_run *run, const char *path, kp_diag *d)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return kp_diag_report(d, KP_ERR_XLSX, path, 0, "cannot create the workbook");
    lxw_doc_properties props = {0};
    props.title = (char *)run->title;
    props.author = (char *)run->authority;
    props.company = (char *)run->authority;
    props.subject = (char *)r->rs->name;
    props.created = run_time(run);
    workbook_set_properties(wb, &props);
    formats f;
    make_formats(wb, &f);
    for (int i = 0; i < r->ntables; i++)
        write_sheet(wb, r, &r->tables[i], &f);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return kp_diag_report(d, KP_ERR_XLSX, path, 0, "%s", lxw_strerror(e));
    return KP_OK;
}
