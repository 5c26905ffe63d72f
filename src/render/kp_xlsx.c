/* kp_xlsx.c - the results workbook: ranking sheets with live totals and charts, then a sheet per document. */
#include "kp_render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

typedef struct {
    lxw_format *head, *text, *wrap, *num, *total, *integer, *sub_text, *sub_num, *title;
    lxw_format *grade[4]; /* best, neutral, middle, worst */
} formats;

typedef struct {
    lxw_workbook *wb;
    const kp_results *r;
    const kp_run *run;
    const kp_layout_set *layouts;
    formats f;
    lxw_error err;        /* the first write libxlsxwriter refused: data would be lost */
    const char *err_sheet; /* and its sheet */
} book;

/* Excel's sheet limits: 1,048,576 rows and 16,384 columns (XFD). */
enum { KP_XLSX_ROWS = 1048576, KP_XLSX_COLS = 16384 };

/* Records the first refused write; kp_render_xlsx turns it into an error
 * rather than leave a workbook with cells missing. */
static void ok_at(book *b, lxw_error e, const char *sheet)
{
    if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR) {
        b->err = e;
        b->err_sheet = sheet;
    }
}
#define ok(b, call) ok_at((b), (call), ws->name)

static lxw_format *bordered(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static void make_formats(lxw_workbook *wb, formats *f)
{
    f->head = bordered(wb);
    format_set_bold(f->head);
    format_set_text_wrap(f->head);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_bg_color(f->head, 0xD9E1F2);
    f->text = bordered(wb);
    f->wrap = bordered(wb);
    format_set_text_wrap(f->wrap);
    f->num = bordered(wb);
    format_set_num_format(f->num, "0.00");
    f->total = bordered(wb);
    format_set_num_format(f->total, "0.00");
    format_set_bold(f->total);
    f->integer = bordered(wb);
    format_set_num_format(f->integer, "0");
    f->sub_text = bordered(wb);
    format_set_bold(f->sub_text);
    format_set_bg_color(f->sub_text, 0xF2F2F2);
    f->sub_num = bordered(wb);
    format_set_bold(f->sub_num);
    format_set_bg_color(f->sub_num, 0xF2F2F2);
    format_set_num_format(f->sub_num, "0.##");
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    /* Grade colours for conditional formats (Excel's good, neutral, bad). */
    static const lxw_color_t bg[4] = {0xC6EFCE, 0xDDEBF7, 0xFFEB9C, 0xFFC7CE};
    static const lxw_color_t fg[4] = {0x006100, 0x1F4E79, 0x9C5700, 0x9C0006};
    for (int i = 0; i < 4; i++) {
        f->grade[i] = workbook_add_format(wb);
        format_set_bg_color(f->grade[i], bg[i]);
        format_set_font_color(f->grade[i], fg[i]);
    }
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

/* A sheet name Excel takes: at most 31 characters, none of :\/?*[], and
 * unique in the workbook (a second one gets " 2"). */
static lxw_worksheet *add_sheet(book *b, const char *want)
{
    char base[128], name[160];
    size_t len = 0, chars = 0;
    for (const char *p = want; *p && chars < 28 && len + 4 < sizeof base;) {
        unsigned char ch = (unsigned char)*p;
        size_t n = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
        if (strchr(":\\/?*[]", *p))
            base[len++] = '_', p++;
        else
            for (size_t i = 0; i < n && *p; i++)
                base[len++] = *p++;
        chars += n == 4 ? 2 : 1; /* Excel counts UTF-16 units */
    }
    base[len] = '\0';
    snprintf(name, sizeof name, "%s", base);
    for (int i = 2; workbook_get_worksheet_by_name(b->wb, name) && i < 100; i++)
        snprintf(name, sizeof name, "%s %d", base, i);
    return workbook_add_worksheet(b->wb, name);
}

/* A4, the header rows repeated, one page wide, page numbers in the footer. */
static void print_setup(lxw_worksheet *ws, int head_last_row, int landscape)
{
    worksheet_set_paper(ws, 9);
    if (landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    if (head_last_row >= 0)
        worksheet_repeat_rows(ws, 0, (lxw_row_t)head_last_row);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
    worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
}

static void heads(book *b, lxw_worksheet *ws, int row, const char *const *labels, int n)
{
    for (int i = 0; i < n; i++)
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)i, labels[i], b->f.head));
}

/* Conditional formats that colour each grade's cells in a column. */
static void grade_colours(book *b, lxw_worksheet *ws, const kp_kind *k, int col, int first,
                          int last)
{
    if (last < first)
        return;
    for (int g = 0; g < k->ngrades; g++) {
        int tone = g == 0                                ? 0
                   : g == k->ngrades - 1 && k->ngrades >= 3 ? 3
                   : k->ngrades >= 3                        ? 2
                                                            : 1;
        char crit[128];
        snprintf(crit, sizeof crit, "\"%s\"", k->grades[g].name);
        lxw_conditional_format cf = {0};
        cf.type = LXW_CONDITIONAL_TYPE_CELL;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        cf.value_string = crit;
        cf.format = b->f.grade[tone];
        ok(b, worksheet_conditional_format_range(ws, (lxw_row_t)first, (lxw_col_t)col, (lxw_row_t)last,
                                           (lxw_col_t)col, &cf));
    }
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

/* Rankings longer than this get no chart: a bar per subject is readable up
 * to ~200 (13 times the default chart height); a city's 4,600 areas or
 * 50,000 workers would make a chart hundreds of screens tall that only the
 * table and its filter can be read by. */
enum { KP_XLSX_CHART_MAX = 200 };

/* A native bar chart of the totals, rank 1 on top, beside the table. */
static void ranking_chart(book *b, lxw_worksheet *ws, const char *sheet, const char *title,
                          int n, int total_col, int at_col)
{
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_BAR);
    if (!chart)
        return;
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(s, sheet, 1, 2, (lxw_row_t)n, 2);
    chart_series_set_values(s, sheet, 1, (lxw_col_t)total_col, (lxw_row_t)n,
                            (lxw_col_t)total_col);
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

static void ranking_sheet(book *b, const kp_table *t)
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
    lxw_worksheet *ws = add_sheet(b, name);
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
            ok(b, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)total_col,
                                         sc->published, f->total));
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
    grade_colours(b, ws, k, grade_col, 1, n);
    print_setup(ws, 0, 1);
    if (t->main && n > 0 && n <= KP_XLSX_CHART_MAX) {
        char title[256], pcn[64];
        kp_context ctx = {r, b->run, NULL, kind, t, -1};
        kp_compose_value(&ctx, "period_cn", pcn, sizeof pcn);
        snprintf(title, sizeof title, "%s%s总分", pcn, k->label);
        ranking_chart(b, ws, ws->name, title, n, total_col, grade_col + 2);
    }
}

/* A kind's ranks over its sub-periods, with a line chart of the best. */
static void trend_sheet(book *b, int kind)
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
    lxw_worksheet *ws = add_sheet(b, name);
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
                ok(b, worksheet_write_blank(ws, (lxw_row_t)(i + 1), (lxw_col_t)(2 + p), b->f.integer));
        }
    }
    worksheet_set_column(ws, 1, 1, 16, NULL);
    worksheet_freeze_panes(ws, 1, 2);
    print_setup(ws, 0, 1);
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

/* The layout that names the notice groups (the one with a notices block). */
static const kp_block *notice_block(const book *b)
{
    for (int i = 0; b->layouts && i < b->layouts->n; i++)
        for (int j = 0; j < b->layouts->items[i]->nblocks; j++)
            if (b->layouts->items[i]->blocks[j].type == KP_B_NOTICES)
                return &b->layouts->items[i]->blocks[j];
    return NULL;
}

/* A group's title without its count: "连续排名末位（{n}项）" -> 连续排名末位. */
static void group_title(const kp_block *nb, kp_notice_type t, char *buf, size_t size)
{
    const char *type = kp_notice_type_name(t);
    snprintf(buf, size, "%s", type);
    for (int g = 0; nb && g < nb->nitems; g++)
        if (nb->items[g].key && !strcmp(nb->items[g].key, type)) {
            const char *title = nb->items[g].label, *cut = strstr(title, "（{n}");
            if (!cut)
                cut = strstr(title, "{n}");
            snprintf(buf, size, "%.*s", (int)(cut ? cut - title : (long)strlen(title)), title);
        }
}

static const char *kind_label_of(const kp_results *r, const kp_notice *n)
{
    if (n->subject >= 0)
        return r->rs->kinds[r->m->subjects[n->subject].kind].label;
    return n->kind_name ? n->kind_name : "";
}

static lxw_worksheet *notices_start(book *b, int part)
{
    static const char *const labels[] = {"序号", "类型", "对象类别", "编号", "名称", "期间", "内容"};
    char name[64];
    if (part > 1)
        snprintf(name, sizeof name, "预警通报 续%d", part);
    lxw_worksheet *ws = add_sheet(b, part > 1 ? name : "预警通报");
    heads(b, ws, 0, labels, 7);
    return ws;
}

/* Column widths: {first, last, width} triples. */
static void widths(lxw_worksheet *ws, const double (*w)[3], int n)
{
    for (int i = 0; i < n; i++)
        worksheet_set_column(ws, (lxw_col_t)w[i][0], (lxw_col_t)w[i][1], w[i][2], NULL);
}

static void notices_finish(lxw_worksheet *ws, int rows)
{
    static const double w[][3] = {{0, 0, 6}, {1, 2, 16}, {3, 3, 8}, {4, 4, 14}, {5, 5, 10}, {6, 6, 60}};
    widths(ws, w, 6);
    worksheet_freeze_panes(ws, 1, 0);
    if (rows > 1)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)(rows - 1), 6);
    print_setup(ws, 0, 1);
}

static void notice_row(book *b, const kp_block *nb, lxw_worksheet *ws, int row, int seq,
                       const kp_notice *n)
{
    const kp_results *r = b->r;
    char type[128], text[1024], per[32];
    group_title(nb, n->type, type, sizeof type);
    kp_notice_text(r, n, text, sizeof text);
    kp_period_format(&n->period, per, sizeof per);
    const kp_entity *e = n->entity >= 0 ? &r->m->entities[n->entity] : NULL;
    ok(b, worksheet_write_number(ws, (lxw_row_t)row, 0, seq, b->f.integer));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 1, type, b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 2, kind_label_of(r, n), b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 3, e ? e->id : "", b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 4, e ? e->name : "", b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 5, per, b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 6, text, b->f.wrap));
}

/* 预警通报: the notices grouped by type in the warning layout's order; past
 * Excel's last row they continue on 预警通报 续2, 续3, ... (numbered on). */
static void notices_sheet(book *b)
{
    const kp_results *r = b->r;
    const kp_block *nb = notice_block(b);
    int order[KP_N_COUNT], no = 0, row = 1, seq = 0, part = 1;
    for (int g = 0; nb && g < nb->nitems; g++)
        for (int t = 0; t < KP_N_COUNT; t++)
            if (nb->items[g].key && !strcmp(nb->items[g].key, kp_notice_type_name((kp_notice_type)t)))
                order[no++] = t;
    for (int t = 0; t < KP_N_COUNT; t++) {
        int listed = 0;
        for (int i = 0; i < no; i++)
            listed |= order[i] == t;
        if (!listed)
            order[no++] = t;
    }
    lxw_worksheet *ws = notices_start(b, part);
    for (int o = 0; o < no; o++)
        for (size_t i = 0; i < r->nnotices; i++) {
            if ((int)r->notices[i].type != order[o])
                continue;
            if (row == KP_XLSX_ROWS) {
                notices_finish(ws, row);
                ws = notices_start(b, ++part);
                row = 1;
            }
            notice_row(b, nb, ws, row++, ++seq, &r->notices[i]);
        }
    notices_finish(ws, row);
}

static int same_award(const kp_award *a, const kp_award *b)
{
    return !strcmp(a->label, b->label) && !strcmp(a->unit ? a->unit : "", b->unit ? b->unit : "");
}

/* One row of the award list: an award (its index), or the subtotal of the
 * awards like `award` listed in rows [from, row). */
typedef struct {
    int award, subtotal, from;
    double sum;
} award_row;

static int same_subject_unit(const kp_results *r, const kp_award *a, const kp_award *x)
{
    return !isnan(x->amount) && !strcmp(r->m->subjects[x->subject].id, r->m->subjects[a->subject].id) &&
           !strcmp(x->unit ? x->unit : "", a->unit ? a->unit : "");
}

/* The list's rows: each award's entries together, an =SUM subtotal after
 * those with amounts. rows has room for 2 x nawards. Returns the count. */
static int award_rows(const kp_results *r, award_row *rows)
{
    int n = 0;
    for (size_t i = 0; i < r->nawards; i++) {
        const kp_award *a = &r->awards[i];
        int first = 1;
        for (size_t j = 0; j < i && first; j++)
            first = !same_award(&r->awards[j], a);
        if (!first)
            continue;
        int from = n + 1, amounts = 0;
        double sum = 0;
        for (size_t j = i; j < r->nawards; j++) {
            if (!same_award(&r->awards[j], a))
                continue;
            rows[n++] = (award_row){(int)j, 0, 0, 0};
            if (!isnan(r->awards[j].amount))
                sum += r->awards[j].amount, amounts++;
        }
        if (amounts)
            rows[n++] = (award_row){(int)i, 1, from, sum};
    }
    return n;
}

/* The first award of each (subject, unit) with an amount, for the SUMIFS
 * summary. Returns the count. */
static int summary_rows(const kp_results *r, int *first)
{
    int n = 0;
    for (size_t i = 0; i < r->nawards; i++) {
        if (isnan(r->awards[i].amount))
            continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = same_subject_unit(r, &r->awards[i], &r->awards[j]);
        if (!seen)
            first[n++] = (int)i;
    }
    return n;
}

static void award_list_row(book *b, lxw_worksheet *ws, int row, const award_row *ar, int *seq)
{
    const kp_results *r = b->r;
    const kp_award *x = &r->awards[ar->award];
    if (ar->subtotal) {
        char formula[64], label[256];
        snprintf(formula, sizeof formula, "=SUM(G%d:G%d)", ar->from + 1, row);
        for (int c = 0; c < 8; c++)
            ok(b, worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)c, b->f.sub_text));
        snprintf(label, sizeof label, "%s 小计", x->label);
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 1, label, b->f.sub_text));
        ok(b, worksheet_write_formula_num(ws, (lxw_row_t)row, 6, formula, b->f.sub_num, ar->sum));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 7, x->unit ? x->unit : "", b->f.sub_text));
        return;
    }
    char per[32];
    kp_period_format(&x->period, per, sizeof per);
    ok(b, worksheet_write_number(ws, (lxw_row_t)row, 0, ++*seq, b->f.integer));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 1, x->label, b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 2, r->rs->kinds[x->kind].label, b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 3, r->m->subjects[x->subject].id, b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 4, r->m->subjects[x->subject].name, b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 5, per, b->f.text));
    if (isnan(x->amount))
        ok(b, worksheet_write_blank(ws, (lxw_row_t)row, 6, b->f.num));
    else
        ok(b, worksheet_write_number(ws, (lxw_row_t)row, 6, x->amount, b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 7, x->unit ? x->unit : "", b->f.text));
}

/* Per unit or person and measure: SUMIFS over the list rows 2..last+1
 * (subtotal rows carry no id, so they are not counted). */
static void award_summary_row(book *b, lxw_worksheet *ws, int row, const kp_award *a, int last)
{
    const kp_results *r = b->r;
    const char *unit = a->unit ? a->unit : "";
    double sum = 0;
    for (size_t j = 0; j < r->nawards; j++)
        if (same_subject_unit(r, a, &r->awards[j]))
            sum += r->awards[j].amount;
    char formula[160];
    snprintf(formula, sizeof formula, "=SUMIFS($G$2:$G$%d,$D$2:$D$%d,K%d,$H$2:$H$%d,M%d)",
             last + 1, last + 1, row + 1, last + 1, row + 1);
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 10, r->m->subjects[a->subject].id, b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 11, r->m->subjects[a->subject].name, b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 12, unit, b->f.text));
    ok(b, worksheet_write_formula_num(ws, (lxw_row_t)row, 13, formula, b->f.total, sum));
}

/* 奖励名单: awards by award with =SUM subtotals, and beside them per unit
 * and measure a =SUMIFS over the list; written row by row (a workbook in
 * constant_memory mode keeps no row once the next one starts). */
static void awards_sheet(book *b)
{
    const kp_results *r = b->r;
    lxw_worksheet *ws = add_sheet(b, "奖励名单");
    static const char *const labels[] = {"序号", "奖项", "对象类别", "编号", "名称", "期间",
                                         "金额", "单位"};
    static const char *const sl[] = {"编号", "名称", "单位", "合计"};
    heads(b, ws, 0, labels, 8);
    for (int c = 0; c < 4; c++)
        ok(b, worksheet_write_string(ws, 0, (lxw_col_t)(10 + c), sl[c], b->f.head));
    award_row *rows = malloc(sizeof *rows * (2 * r->nawards + 1));
    int *firsts = malloc(sizeof *firsts * (r->nawards + 1));
    if (!rows || !firsts)
        ok_at(b, LXW_ERROR_MEMORY_MALLOC_FAILED, ws->name);
    int nrows = rows && firsts ? award_rows(r, rows) : 0;
    int nsum = rows && firsts ? summary_rows(r, firsts) : 0, seq = 0;
    for (int row = 1; row <= nrows || row <= nsum; row++) {
        if (row <= nrows)
            award_list_row(b, ws, row, &rows[row - 1], &seq);
        if (row <= nsum)
            award_summary_row(b, ws, row, &r->awards[firsts[row - 1]], nrows);
    }
    free(rows);
    free(firsts);
    static const double w[][3] = {{0, 0, 6},  {1, 2, 16},   {3, 3, 8},  {4, 4, 14},
                                  {5, 7, 10}, {10, 10, 8}, {11, 11, 14}};
    widths(ws, w, 7);
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(ws, 0, 0);
}

/* A sheet per award a layout is about (流动红旗): each period's holders. */
static void award_sheet(book *b, const char *label)
{
    const kp_results *r = b->r;
    int any = 0;
    for (size_t i = 0; i < r->nawards; i++)
        any |= !strcmp(r->awards[i].label, label);
    if (!any || workbook_get_worksheet_by_name(b->wb, label))
        return;
    lxw_worksheet *ws = add_sheet(b, label);
    static const char *const labels[] = {"序号", "对象类别", "期间", "编号", "名称", "得分", "名次"};
    heads(b, ws, 0, labels, 7);
    int row = 1;
    for (size_t i = 0; i < r->nawards; i++) {
        const kp_award *a = &r->awards[i];
        if (strcmp(a->label, label))
            continue;
        char per[32];
        kp_period_format(&a->period, per, sizeof per);
        const kp_table *t = kp_compose_table_of(r, a->kind, &a->period);
        const kp_score *sc = t ? kp_table_score(r, t, a->subject) : NULL;
        ok(b, worksheet_write_number(ws, (lxw_row_t)row, 0, row, b->f.integer));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 1, r->rs->kinds[a->kind].label, b->f.text));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 2, per, b->f.text));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 3, r->m->subjects[a->subject].id, b->f.text));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 4, r->m->subjects[a->subject].name, b->f.text));
        if (sc) {
            ok(b, worksheet_write_number(ws, (lxw_row_t)row, 5, sc->published, b->f.num));
            if (sc->rank)
                ok(b, worksheet_write_number(ws, (lxw_row_t)row, 6, sc->rank, b->f.integer));
        }
        row++;
    }
    worksheet_set_column(ws, 1, 1, 22, NULL);
    worksheet_set_column(ws, 2, 4, 12, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(ws, 0, 0);
}

/* 指标表: the kind's indicator sheet with each item's weight in the total
 * (negative for deductions, 0 for a veto), and one score column per
 * subject (its run-period scores, subjects [from, to) of the ranking
 * order) with the published total under it. */
static void indicator_sheet(book *b, int kind, const char *name, int from, int to)
{
    const kp_results *r = b->r;
    const kp_ruleset *rs = r->rs;
    const kp_table *t = kp_results_main(r, kind);
    lxw_worksheet *ws = add_sheet(b, name);
    worksheet_set_row(ws, 0, 30, NULL); /* before row 0 is written: rows stream out in order */
    static const char *const labels[] = {"序号", "类别", "项目", "具体指标", "分值",
                                         "牵头部门/考核方式", "权重"};
    heads(b, ws, 0, labels, 7);
    int n = t ? to - from : 0;
    for (int i = 0; i < n; i++)
        ok(b, worksheet_write_string(ws, 0, (lxw_col_t)(7 + i),
                                     r->m->subjects[t->order[from + i]].name, b->f.head));
    int row = 1;
    double points = 0;
    for (int i = 0; i < rs->nindicators; i++) {
        const kp_indicator *ind = &rs->indicators[i];
        if (ind->kind != kind)
            continue;
        ok(b, worksheet_write_number(ws, (lxw_row_t)row, 0, row, b->f.integer));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 1,
                                     ind->cat >= 0 ? rs->categories[ind->cat] : "", b->f.wrap));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 2, ind->label, b->f.wrap));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 3, ind->rule ? ind->rule : "", b->f.wrap));
        if (isnan(ind->points))
            ok(b, worksheet_write_blank(ws, (lxw_row_t)row, 4, b->f.text));
        else
            ok(b, worksheet_write_number(ws, (lxw_row_t)row, 4, ind->points, b->f.text));
        if (ind->method != KP_M_FLAG && ind->sign > 0 && !isnan(ind->points))
            points += ind->points * ind->weight;
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 5, ind->lead ? ind->lead : "", b->f.wrap));
        ok(b, worksheet_write_number(ws, (lxw_row_t)row, 6, ind->sign * ind->weight, b->f.text));
        for (int j = 0; j < n; j++)
            ok(b, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)(7 + j),
                                         kp_table_value(r, t, t->order[from + j], i),
                                         ind->decimals == 0 ? b->f.integer : b->f.num));
        row++;
    }
    if (row > 1) {
        for (int c = 0; c < 7; c++)
            ok(b, worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)c, b->f.sub_text));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 1, "合计（满分、总分）", b->f.sub_text));
        /* Full marks: points times weight over the items that add to the total. */
        char formula[128];
        snprintf(formula, sizeof formula, "=SUMPRODUCT(E2:E%d,G2:G%d*(G2:G%d>0))", row, row, row);
        if (points > 0)
            ok(b, worksheet_write_formula_num(ws, (lxw_row_t)row, 4, formula, b->f.sub_num, points));
        for (int j = 0; j < n; j++)
            ok(b, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)(7 + j),
                                         kp_table_score(r, t, t->order[from + j])->published,
                                         b->f.total));
    }
    static const double w[][3] = {{0, 0, 6}, {1, 2, 14}, {3, 3, 44}, {4, 4, 6}, {5, 5, 16}, {6, 6, 6}};
    widths(ws, w, 6);
    if (n)
        worksheet_set_column(ws, 7, (lxw_col_t)(6 + n), 10, NULL);
    worksheet_freeze_panes(ws, 1, 3);
    print_setup(ws, 0, 1);
}

/* Subjects per indicator sheet: Excel's columns after the seven of the
 * indicator table. A kind with more subjects continues on further sheets
 * (指标表 社区工作者 续2, 续3, ...), each with the whole indicator table, so
 * every subject keeps its column. */
enum { KP_XLSX_SUBJECT_COLS = KP_XLSX_COLS - 7 };

static void indicator_sheets(book *b, int kind)
{
    const kp_kind *k = &b->r->rs->kinds[kind];
    int n = kp_results_main(b->r, kind) ? b->r->m->kind_count[kind] : 0;
    char name[160];
    snprintf(name, sizeof name, "指标表 %s", k->label);
    indicator_sheet(b, kind, name, 0, n < KP_XLSX_SUBJECT_COLS ? n : KP_XLSX_SUBJECT_COLS);
    for (int from = KP_XLSX_SUBJECT_COLS, part = 2; from < n; from += KP_XLSX_SUBJECT_COLS) {
        int to = n - from < KP_XLSX_SUBJECT_COLS ? n : from + KP_XLSX_SUBJECT_COLS;
        snprintf(name, sizeof name, "指标表 %s 续%d", k->label, part++);
        indicator_sheet(b, kind, name, from, to);
    }
}

/* 考核档案: the year-end packet of every subject in a row: result, grade,
 * awards and every period's total and rank. */
static void packet_sheet(book *b, int kind)
{
    const kp_results *r = b->r;
    const kp_kind *k = &r->rs->kinds[kind];
    const kp_table *t = kp_results_main(r, kind);
    if (!t)
        return;
    char name[160];
    snprintf(name, sizeof name, "考核档案 %s", k->label);
    lxw_worksheet *ws = add_sheet(b, name);
    worksheet_set_row(ws, 0, 30, NULL); /* before row 0 is written: rows stream out in order */
    static const char *const labels[] = {"编号", "名称", "所在单位", "总分", "排名", "参评数",
                                         "等次", "奖励"};
    heads(b, ws, 0, labels, 8);
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
        kp_compose_value(&ctx, k->from_people ? "subject_unit" : "subject_group", unit, sizeof unit);
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
    grade_colours(b, ws, k, 6, 1, n);
    print_setup(ws, 0, 1);
}

/* The run's date, never the clock: the same inputs give the same bytes. libxlsxwriter takes
 * 0 for "now": 1970-01-01 is stamped a second in, and a date it cannot read becomes
 * 1980-01-01, the date of the zip entries. */
static time_t run_time(const kp_run *run)
{
    struct tm tm = {0};
    if (sscanf(run->date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return 315532800;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    return t == 0 ? 1 : t == (time_t)-1 ? 315532800 : t;
}

/* Subjects of the largest kind: above this the workbook is written in
 * constant_memory mode (rows streamed to disk as they are finished, strings
 * inline), which keeps a city's workbook from holding every cell in memory. */
enum { KP_XLSX_STREAM_ROWS = 10000 };

static int largest_kind(const kp_results *r)
{
    int n = 0;
    for (int k = 0; k < r->rs->nkinds; k++)
        n = r->m->kind_count[k] > n ? r->m->kind_count[k] : n;
    return n;
}

/* A sheet holds one row per subject, so a kind of more subjects than Excel
 * has rows cannot be written whole. */
static kp_err check_rows(const kp_results *r, const char *path, kp_diag *d)
{
    for (int k = 0; k < r->rs->nkinds; k++)
        if (r->m->kind_count[k] >= KP_XLSX_ROWS)
            return kp_diag_report(d, KP_ERR_XLSX, path, 0,
                                  "%d %s do not fit a sheet (Excel has %d rows); split the run "
                                  "by group or kind",
                                  r->m->kind_count[k], r->rs->kinds[k].label, KP_XLSX_ROWS - 1);
    return KP_OK;
}

/* The folder of path, for libxlsxwriter's temporary files: beside the
 * workbook (the run's staging folder), not in a /tmp that may be memory. */
static void folder_of(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    snprintf(buf, size, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
}

kp_err kp_render_xlsx(const kp_results *r, const kp_run *run, const kp_layout_set *layouts,
                      const char *path, kp_diag *d)
{
    kp_err err = check_rows(r, path, d);
    if (err)
        return err;
    char tmpdir[4096];
    folder_of(path, tmpdir, sizeof tmpdir);
    lxw_workbook_options opt = {0};
    opt.constant_memory = largest_kind(r) > KP_XLSX_STREAM_ROWS;
    opt.tmpdir = tmpdir;
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return kp_diag_report(d, KP_ERR_XLSX, path, 0, "cannot create the workbook");
    lxw_doc_properties props = {0};
    props.title = (char *)run->title;
    props.author = (char *)run->authority;
    props.company = (char *)run->authority;
    props.subject = (char *)r->rs->name;
    props.created = run_time(run);
    workbook_set_properties(wb, &props);
    book b = {wb, r, run, layouts, {0}, LXW_NO_ERROR, NULL};
    make_formats(wb, &b.f);
    /* The ranking sheets first, one per table, as they always were. */
    for (int i = 0; i < r->ntables; i++)
        ranking_sheet(&b, &r->tables[i]);
    for (int k = 0; k < r->rs->nkinds; k++)
        trend_sheet(&b, k);
    notices_sheet(&b);
    awards_sheet(&b);
    for (int i = 0; layouts && i < layouts->n; i++)
        if (layouts->items[i]->award)
            award_sheet(&b, layouts->items[i]->award);
    for (int k = 0; k < r->rs->nkinds; k++)
        if (r->m->kind_count[k])
            indicator_sheets(&b, k);
    for (int k = 0; k < r->rs->nkinds; k++)
        packet_sheet(&b, k);
    lxw_error e = workbook_close(wb);
    if (b.err != LXW_NO_ERROR)
        return kp_diag_report(d, KP_ERR_XLSX, path, 0, "sheet '%s' would lose cells: %s",
                              b.err_sheet, lxw_strerror(b.err));
    if (e != LXW_NO_ERROR)
        return kp_diag_report(d, KP_ERR_XLSX, path, 0, "%s", lxw_strerror(e));
    return KP_OK;
}
