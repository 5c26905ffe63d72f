/* kp_xlsx_rank.c - score sheets: rankings with live totals and charts, trends, 考核档案. */
#include "kp_xlsx_book.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
        kp_xlsx_column_name(cols[i], col);
        double w = ind->sign * ind->weight;
        const char *op = w < 0 ? "-" : first ? "" : "+";
        if (fabs(w) == 1)
            len += (size_t)snprintf(buf + len, size - len, "%s%s%d", op, col, row + 1);
        else
            len += (size_t)snprintf(buf + len, size - len, "%s%g*%s%d", op, fabs(w), col, row + 1);
        first = 0;
    }
    snprintf(buf + len, size - len, ",%d)", r->rs->decimals);
}

/* Rankings longer than this get no chart: a bar per subject is readable up
 * to ~200 (13 times the default chart height); a city's 4,600 areas or
 * 50,000 workers would make a chart hundreds of screens tall that only the
 * table and its filter can be read by. */
enum { KP_XLSX_CHART_MAX = 200 };

/* A native bar chart of the totals, rank 1 on top, beside the table. */
static void ranking_chart(book *b, lxw_worksheet *ws, const char *sheet, const char *title, int n,
                          int total_col, int at_col)
{
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_BAR);
    if (!chart)
        return;
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(s, sheet, 1, 2, (lxw_row_t)n, 2);
    chart_series_set_values(s, sheet, 1, (lxw_col_t)total_col, (lxw_row_t)n, (lxw_col_t)total_col);
    chart_series_set_name(s, "总分");
    lxw_chart_fill fill = {.color = 0xC00000};
    chart_series_set_fill(s, &fill);
    chart_title_set_name(chart, title);
    chart_axis_set_reverse(chart->x_axis); /* categories top down in rank order */
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    lxw_chart_options opt = {0};
    opt.x_scale = 1.4;
    opt.y_scale = n > 15 ? n / 15.0 : 1;
    worksheet_insert_chart_opt(ws, 1, (lxw_col_t)at_col, chart, &opt);
}

void kp_xlsx_ranking_sheet(book *b, const kp_table *t)
{
    const kp_results *r = b->r;
    const kp_model *m = r->m;
    const formats *f = &b->f;
    int kind = t->kind;
    const kp_kind *k = &r->rs->kinds[kind];
    char name[160], per[32];
    kp_period_format(&t->period, per, sizeof per);
    if (t->main)
        snprintf(name, sizeof name, "%s排名", k->label);
    else
        snprintf(name, sizeof name, "%s %s", k->label, per);
    lxw_worksheet *ws = kp_xlsx_add_sheet(b, name);
    worksheet_set_row(ws, 0, 45, NULL); /* before row 0 is written: rows stream out in order */
    int cols[KP_MAX_INDICATORS], c = 3;
    ok(b, worksheet_write_string(ws, 0, 0, "排名", f->head));
    ok(b, worksheet_write_string(ws, 0, 1, "编号", f->head));
    ok(b, worksheet_write_string(ws, 0, 2, k->label, f->head));
    for (int i = 0; i < r->rs->nindicators; i++) {
        if (r->rs->indicators[i].kind != kind)
            continue;
        cols[i] = c;
        ok(b, worksheet_write_string(ws, 0, (lxw_col_t)c++, r->rs->indicators[i].label, f->head));
    }
    int total_col = c, grade_col = c + 1;
    ok(b, worksheet_write_string(ws, 0, (lxw_col_t)total_col, "总分", f->head));
    ok(b, worksheet_write_string(ws, 0, (lxw_col_t)grade_col, "等次", f->head));
    int n = m->kind_count[kind];
    for (int row = 1; row <= n; row++) {
        int s = t->order[row - 1];
        const kp_score *sc = kp_table_score(r, t, s);
        if (sc->rank)
            ok(b, worksheet_write_number(ws, (lxw_row_t)row, 0, sc->rank, f->integer));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 1, m->subjects[s].id, f->text));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 2, m->subjects[s].name, f->text));
        for (int i = 0; i < r->rs->nindicators; i++) {
            if (r->rs->indicators[i].kind != kind)
                continue;
            lxw_format *fmt = r->rs->indicators[i].decimals == 0 ? f->integer : f->num;
            ok(b, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)cols[i],
                                         kp_table_value(r, t, s, i), fmt));
        }
        char formula[1024];
        if (t->rollup || sc->zeroed || sc->empty) /* not a weighted sum of these columns */
            ok(b, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)total_col, sc->published,
                                         f->total));
        else {
            total_formula(r, kind, cols, row, formula, sizeof formula);
            ok(b, worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)total_col, formula,
                                              f->total, sc->published));
        }
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)grade_col,
                                     sc->grade >= 0 ? k->grades[sc->grade].name : "", f->text));
    }
    worksheet_set_column(ws, 0, 1, 7, NULL);
    worksheet_set_column(ws, 2, 2, 16, NULL);
    worksheet_set_column(ws, 3, (lxw_col_t)grade_col, 11, NULL);
    worksheet_freeze_panes(ws, 1, 3);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)grade_col);
    kp_xlsx_grade_colours(b, ws, k, grade_col, 1, n);
    kp_xlsx_print_setup(ws, 0, 1);
    if (t->main && n > 0 && n <= KP_XLSX_CHART_MAX) {
        char title[256], pcn[64];
        kp_context ctx = {r, b->run, NULL, kind, t, -1};
        kp_compose_value(&ctx, "period_cn", pcn, sizeof pcn);
        snprintf(title, sizeof title, "%s%s总分", pcn, k->label);
        ranking_chart(b, ws, ws->name, title, n, total_col, grade_col + 2);
    }
}

/* A kind's ranks over its sub-periods, with a line chart of the best. */
void kp_xlsx_trend_sheet(book *b, int kind)
{
    const kp_results *r = b->r;
    const kp_kind *k = &r->rs->kinds[kind];
    const kp_table *per[64];
    int np = 0;
    for (int i = 0; i < r->ntables && np < 64; i++)
        if (r->tables[i].kind == kind && !r->tables[i].main)
            per[np++] = &r->tables[i];
    if (np < 2)
        return;
    const kp_table *order = kp_results_main(r, kind) ? kp_results_main(r, kind) : per[np - 1];
    char name[160];
    snprintf(name, sizeof name, "%s名次走势", k->label);
    lxw_worksheet *ws = kp_xlsx_add_sheet(b, name);
    ok(b, worksheet_write_string(ws, 0, 0, "编号", b->f.head));
    ok(b, worksheet_write_string(ws, 0, 1, k->label, b->f.head));
    for (int p = 0; p < np; p++) {
        char lab[64];
        kp_compose_period_short(&per[p]->period, lab, sizeof lab);
        ok(b, worksheet_write_string(ws, 0, (lxw_col_t)(2 + p), lab, b->f.head));
    }
    int n = r->m->kind_count[kind];
    for (int i = 0; i < n; i++) {
        int s = order->order[i];
        ok(b, worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, r->m->subjects[s].id, b->f.text));
        ok(b, worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, r->m->subjects[s].name, b->f.text));
        for (int p = 0; p < np; p++) {
            int rk = kp_table_score(r, per[p], s)->rank;
            if (rk)
                ok(b, worksheet_write_number(ws, (lxw_row_t)(i + 1), (lxw_col_t)(2 + p), rk,
                                             b->f.integer));
            else
                ok(b,
                   worksheet_write_blank(ws, (lxw_row_t)(i + 1), (lxw_col_t)(2 + p), b->f.integer));
        }
    }
    worksheet_set_column(ws, 1, 1, 16, NULL);
    worksheet_freeze_panes(ws, 1, 2);
    kp_xlsx_print_setup(ws, 0, 1);
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_LINE);
    if (!chart)
        return;
    const char *sheet = ws->name;
    for (int i = 0; i < n && i < 8; i++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(s, sheet, 0, 2, 0, (lxw_col_t)(1 + np));
        chart_series_set_values(s, sheet, (lxw_row_t)(i + 1), 2, (lxw_row_t)(i + 1),
                                (lxw_col_t)(1 + np));
        chart_series_set_name_range(s, sheet, (lxw_row_t)(i + 1), 1);
        chart_series_set_marker_type(s, LXW_CHART_MARKER_SQUARE);
    }
    chart_title_set_name(chart, "名次走势");
    chart_axis_set_reverse(chart->y_axis); /* rank 1 on top */
    chart_axis_set_min(chart->y_axis, 1);
    chart_axis_set_name(chart->y_axis, "名次");
    lxw_chart_options opt = {0};
    opt.x_scale = 1.6;
    opt.y_scale = 1.4;
    worksheet_insert_chart_opt(ws, (lxw_row_t)(n + 2), 1, chart, &opt);
}

/* 考核档案: the year-end packet of every subject in a row: result, grade,
 * awards and every period's total and rank. */
void kp_xlsx_packet_sheet(book *b, int kind)
{
    const kp_results *r = b->r;
    const kp_kind *k = &r->rs->kinds[kind];
    const kp_table *t = kp_results_main(r, kind);
    if (!t)
        return;
    char name[160];
    snprintf(name, sizeof name, "考核档案 %s", k->label);
    lxw_worksheet *ws = kp_xlsx_add_sheet(b, name);
    worksheet_set_row(ws, 0, 30, NULL); /* before row 0 is written: rows stream out in order */
    static const char *const labels[] = {"编号", "名称",   "所在单位", "总分",
                                         "排名", "参评数", "等次",     "奖励"};
    kp_xlsx_heads(b, ws, 0, labels, 8);
    int c = 8;
    for (int i = 0; i < r->ntables; i++) {
        const kp_table *p = &r->tables[i];
        if (p->kind != kind || p->main)
            continue;
        char per[32], head[64];
        kp_period_format(&p->period, per, sizeof per);
        snprintf(head, sizeof head, "%s 总分", per);
        ok(b, worksheet_write_string(ws, 0, (lxw_col_t)c++, head, b->f.head));
        snprintf(head, sizeof head, "%s 排名", per);
        ok(b, worksheet_write_string(ws, 0, (lxw_col_t)c++, head, b->f.head));
    }
    int n = r->m->kind_count[kind];
    for (int i = 0; i < n; i++) {
        int s = t->order[i];
        const kp_score *sc = kp_table_score(r, t, s);
        lxw_row_t row = (lxw_row_t)(i + 1);
        kp_context ctx = {r, b->run, NULL, kind, t, s};
        char unit[256], awards[2048];
        kp_compose_value(&ctx, k->from_people ? "subject_unit" : "subject_group", unit,
                         sizeof unit);
        kp_compose_value(&ctx, "subject_awards", awards, sizeof awards);
        ok(b, worksheet_write_string(ws, row, 0, r->m->subjects[s].id, b->f.text));
        ok(b, worksheet_write_string(ws, row, 1, r->m->subjects[s].name, b->f.text));
        ok(b, worksheet_write_string(ws, row, 2, unit, b->f.text));
        ok(b, worksheet_write_number(ws, row, 3, sc->published, b->f.total));
        if (sc->rank) {
            ok(b, worksheet_write_number(ws, row, 4, sc->rank, b->f.integer));
            ok(b, worksheet_write_number(ws, row, 5, sc->group_n, b->f.integer));
        } else {
            ok(b, worksheet_write_blank(ws, row, 4, b->f.integer));
            ok(b, worksheet_write_blank(ws, row, 5, b->f.integer));
        }
        ok(b, worksheet_write_string(ws, row, 6, sc->grade >= 0 ? k->grades[sc->grade].name : "",
                                     b->f.text));
        ok(b, worksheet_write_string(ws, row, 7, awards, b->f.wrap));
        int col = 8;
        for (int q = 0; q < r->ntables; q++) {
            const kp_table *p = &r->tables[q];
            if (p->kind != kind || p->main)
                continue;
            const kp_score *ps = kp_table_score(r, p, s);
            ok(b, worksheet_write_number(ws, row, (lxw_col_t)col++, ps->published, b->f.num));
            if (ps->rank)
                ok(b, worksheet_write_number(ws, row, (lxw_col_t)col++, ps->rank, b->f.integer));
            else
                ok(b, worksheet_write_blank(ws, row, (lxw_col_t)col++, b->f.integer));
        }
    }
    worksheet_set_column(ws, 0, 0, 8, NULL);
    worksheet_set_column(ws, 1, 2, 16, NULL);
    worksheet_set_column(ws, 7, 7, 36, NULL);
    if (c > 8)
        worksheet_set_column(ws, 8, (lxw_col_t)(c - 1), 10, NULL);
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(c - 1));
    kp_xlsx_grade_colours(b, ws, k, 6, 1, n);
    kp_xlsx_print_setup(ws, 0, 1);
}
