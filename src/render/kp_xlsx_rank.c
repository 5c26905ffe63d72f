/* kp_xlsx_rank.c - score sheets: rankings with live totals and charts, trends, 考核档案. */
#include "kp_xlsx_book.h"
#include "../base/kp_mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Bar colours: a grade's as the PDF charts draw it (best first), grey for
 * an ungraded subject of a graded kind, one neutral colour for a kind
 * without grades (no bar looks 优秀 when nothing is). */
static const lxw_color_t kp_grade_fill[] = {0xC00000, 0x1F4E79, 0x2E7D32, 0xED7D31, 0x7030A0};
enum { KP_XLSX_NEUTRAL = 0x546E7A, KP_XLSX_UNGRADED = 0x999999 };

static lxw_color_t bar_colour(const kp_kind *k, const kp_score *sc)
{
    if (!k->ngrades)
        return KP_XLSX_NEUTRAL;
    if (sc->grade < 0)
        return KP_XLSX_UNGRADED;
    return kp_grade_fill[sc->grade % (int)(sizeof kp_grade_fill / sizeof *kp_grade_fill)];
}

/* One fill per bar, in table order; libxlsxwriter copies the points. */
static void colour_bars(lxw_chart_series *s, const kp_results *r, const kp_table *t, int n)
{
    const kp_kind *k = &r->rs->kinds[t->kind];
    lxw_chart_fill *fills = kp_xcalloc((size_t)n, sizeof *fills);
    lxw_chart_point *pts = kp_xcalloc((size_t)n, sizeof *pts);
    lxw_chart_point **list = kp_xcalloc((size_t)n + 1, sizeof *list);
    if (fills && pts && list) {
        for (int i = 0; i < n; i++) {
            fills[i].color = bar_colour(k, kp_table_score(r, t, t->order[i]));
            pts[i].fill = &fills[i];
            list[i] = &pts[i];
        }
        chart_series_set_points(s, list);
    }
    free(fills);
    free(pts);
    free(list);
}

/* A native bar chart of the totals beside the table: bars grow rightwards
 * from 0, rank 1 on top. In a bar chart the categories are the vertical
 * (y) axis: reversing it puts row 2 on top, and the value axis then crosses
 * at the bottom, under the last bar. */
static void ranking_chart(book *b, lxw_worksheet *ws, const kp_table *t, const char *title, int n,
                          int total_col, int at_col)
{
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_BAR);
    if (!chart)
        return;
    const char *sheet = ws->name;
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(s, sheet, 1, 2, (lxw_row_t)n, 2);
    chart_series_set_values(s, sheet, 1, (lxw_col_t)total_col, (lxw_row_t)n, (lxw_col_t)total_col);
    chart_series_set_name(s, "总分");
    colour_bars(s, b->r, t, n);
    chart_title_set_name(chart, title);
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_crossing_max(chart->y_axis);
    chart_axis_set_min(chart->x_axis, 0);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    lxw_chart_options opt = {0};
    opt.x_scale = 1.4;
    opt.y_scale = n > 15 ? n / 15.0 : 1;
    worksheet_insert_chart_opt(ws, 1, (lxw_col_t)at_col, chart, &opt);
}

/* Rank and grade as formulas over the totals, so that a score corrected in
 * Excel re-ranks and re-grades. The rank is RANK over the ranked rows of the
 * subject's block (the whole table, or its parent group when the kind ranks
 * within groups; excluded subjects sort last and stay out): Excel's RANK is
 * competition ranking, like ours. A grade is the first level whose
 * conditions all hold: "top p%" and "bottom p%" become rank <= K and
 * rank > n - K with the quota K = floor(p% x n) fixed by the number of
 * ranked subjects (a quota does not move when one score is corrected, only
 * who falls inside it), ">= v" becomes total >= v. A veto's forced grade or a
 * streak's disqualification is no function of the totals: those rows keep
 * the grade as a value. */
typedef struct {
    int first, last; /* the sheet rows (1-based) of the row's ranked block */
} rank_block;

/* blocks[i]: the ranked block of table row i + 1; returns 0 when RANK over
 * it gives exactly the ranks we publish (it always should: ties share the
 * units, so the count of greater totals is the first tied row's position). */
static int rank_blocks(const kp_results *r, const kp_table *t, int n, rank_block *blocks)
{
    int group_parent = r->rs->kinds[t->kind].group_parent, bad = 0;
    for (int i = 0; i < n;) {
        int j = i;
        const kp_subject *a = &r->m->subjects[t->order[i]];
        while (j < n && (!group_parent || r->m->subjects[t->order[j]].group_rank == a->group_rank))
            j++;
        int ranked = i;
        while (ranked < j && kp_table_score(r, t, t->order[ranked])->rank)
            ranked++;
        for (int q = i, tie = i; q < j; q++) {
            const kp_score *sc = kp_table_score(r, t, t->order[q]);
            if (q > i && sc->units != kp_table_score(r, t, t->order[q - 1])->units)
                tie = q;
            blocks[q] = (rank_block){i + 1, ranked};
            if (q < ranked && sc->rank != tie - i + 1)
                bad = 1;
        }
        i = j;
    }
    return bad;
}

/* Appends to buf the test of one condition; the rank cell is rc, the total tc. */
static size_t cond_formula(char *buf, size_t size, const kp_cond *c, int n, const char *rc,
                           const char *tc)
{
    int k = c->type == KP_C_GE ? 0 : kp_score_quota(c->value, n);
    switch (c->type) {
    case KP_C_TOP:
        return (size_t)snprintf(buf, size, "%s<=%d", rc, k);
    case KP_C_BOTTOM:
        return (size_t)(k > 0 ? snprintf(buf, size, "%s>%d", rc, n - k)
                              : snprintf(buf, size, "FALSE"));
    case KP_C_GE:
        return (size_t)snprintf(buf, size, "%s>=%g", tc, c->value);
    default:
        return (size_t)snprintf(buf, size, "FALSE");
    }
}

/* =IF(AND(..),"优秀",IF(AND(..),"合格","不合格")) in the order grade_of tries the levels. */
static void grade_formula(const kp_kind *k, int n, const char *rc, const char *tc, char *buf,
                          size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "=");
    int open = 0;
    for (int g = 0; g < k->ngrades && len < size; g++) {
        if (g == k->else_grade || k->grades[g].nconds == 0)
            continue;
        len += (size_t)snprintf(buf + len, size - len, "IF(AND(");
        for (int c = 0; c < k->grades[g].nconds && len < size; c++) {
            if (c)
                len += (size_t)snprintf(buf + len, size - len, ",");
            if (len < size)
                len += cond_formula(buf + len, size - len, &k->grades[g].conds[c], n, rc, tc);
        }
        if (len < size)
            len += (size_t)snprintf(buf + len, size - len, "),\"%s\",", k->grades[g].name);
        open++;
    }
    if (len < size)
        len += (size_t)snprintf(buf + len, size - len, "\"%s\"",
                                k->else_grade >= 0 ? k->grades[k->else_grade].name : "");
    for (; open > 0 && len < size; open--)
        len += (size_t)snprintf(buf + len, size - len, ")");
}

/* The grade our formula gives: grade_of without the veto and the streak. */
static int formula_grade(const kp_results *r, const kp_kind *k, const kp_score *sc)
{
    for (int g = 0; g < k->ngrades; g++) {
        if (g == k->else_grade || k->grades[g].nconds == 0)
            continue;
        int ok = 1;
        for (int c = 0; ok && c < k->grades[g].nconds; c++) {
            const kp_cond *cd = &k->grades[g].conds[c];
            int q = kp_score_quota(cd->value, sc->group_n);
            ok = cd->type == KP_C_TOP      ? sc->rank <= q
                 : cd->type == KP_C_BOTTOM ? q > 0 && sc->rank > sc->group_n - q
                 : cd->type == KP_C_GE     ? sc->units >= kp_num_units(cd->value, r->rs->decimals)
                                           : 0;
        }
        if (ok)
            return g;
    }
    return k->else_grade;
}

/* A ranked row whose grade the formula gives (not forced by a veto or a streak). */
static int grade_by_formula(const kp_results *r, const kp_kind *k, int s, const kp_score *sc)
{
    return k->ngrades && sc->rank && !(sc->vetoed && k->veto_grade >= 0) && !r->disqualified[s] &&
           formula_grade(r, k, sc) == sc->grade;
}

/* Rank (column A) and grade cells of one table row: formulas with our values cached. */
static void rank_grade_cells(book *b, lxw_worksheet *ws, const kp_table *t, int row, int s,
                             const rank_block *bl, int total_col, int grade_col)
{
    const kp_results *r = b->r;
    const kp_kind *k = &r->rs->kinds[t->kind];
    const kp_score *sc = kp_table_score(r, t, s);
    const char *grade = sc->grade >= 0 ? k->grades[sc->grade].name : "";
    char tc[32], col[8], rc[16], formula[1024];
    kp_xlsx_column_name(total_col, col);
    snprintf(tc, sizeof tc, "%s%d", col, row + 1);
    snprintf(rc, sizeof rc, "A%d", row + 1);
    if (sc->rank && bl) {
        snprintf(formula, sizeof formula, "=RANK(%s,%s$%d:%s$%d)", tc, col, bl->first + 1, col,
                 bl->last + 1);
        ok(b, worksheet_write_formula_num(ws, (lxw_row_t)row, 0, formula, b->f.integer, sc->rank));
    } else if (sc->rank)
        ok(b, worksheet_write_number(ws, (lxw_row_t)row, 0, sc->rank, b->f.integer));
    int graded = t->main || k->grade_all_periods; /* as kp_score grades tables */
    if (bl && graded && grade_by_formula(r, k, s, sc)) {
        grade_formula(k, sc->group_n, rc, tc, formula, sizeof formula);
        ok(b, worksheet_write_formula_str(ws, (lxw_row_t)row, (lxw_col_t)grade_col, formula,
                                          b->f.text, grade));
    } else
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)grade_col, grade, b->f.text));
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
    rank_block *blocks = kp_xmalloc(sizeof *blocks * (size_t)(n ? n : 1));
    if (blocks && rank_blocks(r, t, n, blocks)) { /* RANK would not give our ranks: values */
        free(blocks);
        blocks = NULL;
    }
    for (int row = 1; row <= n; row++) {
        int s = t->order[row - 1];
        const kp_score *sc = kp_table_score(r, t, s);
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
        rank_grade_cells(b, ws, t, row, s, blocks ? &blocks[row - 1] : NULL, total_col, grade_col);
    }
    free(blocks);
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
        ranking_chart(b, ws, t, title, n, total_col, grade_col + 2);
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

/* The 考核档案 awards column, in character widths (a CJK character is two). */
enum { KP_XLSX_AWARDS_WIDTH = 36 };

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
        worksheet_set_row(ws, row, kp_xlsx_wrapped_height(awards, KP_XLSX_AWARDS_WIDTH), NULL);
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
    worksheet_set_column(ws, 7, 7, KP_XLSX_AWARDS_WIDTH, NULL);
    if (c > 8)
        worksheet_set_column(ws, 8, (lxw_col_t)(c - 1), 10, NULL);
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(c - 1));
    kp_xlsx_grade_colours(b, ws, k, 6, 1, n);
    kp_xlsx_print_setup(ws, 0, 1);
}
