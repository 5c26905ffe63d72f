/* kp_xlsx_lists.c - the workbook's lists: 预警通报, 奖励名单, award holders, 指标表. */
#include "kp_xlsx_book.h"
#include "../base/kp_mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The 内容 column of 预警通报 and the wrapped columns of 指标表, in character widths. */
enum {
    KP_XLSX_NOTICE_WIDTH = 60,
    KP_XLSX_CAT_WIDTH = 14,
    KP_XLSX_RULE_WIDTH = 44,
    KP_XLSX_LEAD_WIDTH = 16
};

/* The height an indicator row needs: its tallest wrapped cell. */
static double indicator_height(const kp_ruleset *rs, const kp_indicator *ind)
{
    double h =
        kp_xlsx_wrapped_height(ind->cat >= 0 ? rs->categories[ind->cat] : "", KP_XLSX_CAT_WIDTH);
    double x = kp_xlsx_wrapped_height(ind->label, KP_XLSX_CAT_WIDTH);
    h = x > h ? x : h;
    x = kp_xlsx_wrapped_height(ind->rule ? ind->rule : "", KP_XLSX_RULE_WIDTH);
    h = x > h ? x : h;
    x = kp_xlsx_wrapped_height(ind->lead ? ind->lead : "", KP_XLSX_LEAD_WIDTH);
    return x > h ? x : h;
}

static lxw_worksheet *notices_start(book *b, int part)
{
    static const char *const labels[] = {"序号", "类型", "对象类别", "编号",
                                         "名称", "期间", "内容"};
    char name[64];
    if (part > 1)
        snprintf(name, sizeof name, "预警通报 续%d", part);
    lxw_worksheet *ws = kp_xlsx_add_sheet(b, part > 1 ? name : "预警通报");
    kp_xlsx_heads(b, ws, 0, labels, 7);
    return ws;
}

static void notices_finish(lxw_worksheet *ws, int rows)
{
    static const double w[][3] = {{0, 0, 6},  {1, 2, 16}, {3, 3, 8},
                                  {4, 4, 14}, {5, 5, 10}, {6, 6, KP_XLSX_NOTICE_WIDTH}};
    kp_xlsx_widths(ws, w, 6);
    worksheet_freeze_panes(ws, 1, 0);
    if (rows > 1)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)(rows - 1), 6);
    kp_xlsx_print_setup(ws, 0, 1);
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
    worksheet_set_row(ws, (lxw_row_t)row, kp_xlsx_wrapped_height(text, KP_XLSX_NOTICE_WIDTH), NULL);
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
void kp_xlsx_notices_sheet(book *b)
{
    const kp_results *r = b->r;
    const kp_block *nb = notice_block(b);
    int order[KP_N_COUNT], no = 0, row = 1, seq = 0, part = 1;
    for (int g = 0; nb && g < nb->nitems; g++)
        for (int t = 0; t < KP_N_COUNT; t++)
            if (nb->items[g].key &&
                !strcmp(nb->items[g].key, kp_notice_type_name((kp_notice_type)t)))
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
    return !strcmp(a->label, b->label) && !strcmp(a->unit ? a->unit : "", b->unit ? b->unit : "") &&
           kp_compose_award_is_penalty(a) == kp_compose_award_is_penalty(b);
}

/* One row of the award list: an award (its index), or the subtotal of the
 * awards like `award` listed in rows [from, row). */
typedef struct {
    int award, subtotal, from;
    double sum;
} award_row;

/* Whether award a belongs on the list of penalties (pay cuts: a negative amount) or of
 * awards: like with like, as the documents keep them apart. */
static int on_list(const kp_award *a, int penalties)
{
    return kp_compose_award_is_penalty(a) == penalties;
}

static int same_subject_unit(const kp_results *r, const kp_award *a, const kp_award *x)
{
    return !isnan(x->amount) && on_list(x, kp_compose_award_is_penalty(a)) &&
           !strcmp(r->m->subjects[x->subject].id, r->m->subjects[a->subject].id) &&
           !strcmp(x->unit ? x->unit : "", a->unit ? a->unit : "");
}

/* The list's rows: each award's entries together, an =SUM subtotal after
 * those with amounts. rows has room for 2 x nawards. Returns the count. */
static int award_rows(const kp_results *r, award_row *rows, int penalties)
{
    int n = 0;
    for (size_t i = 0; i < r->nawards; i++) {
        const kp_award *a = &r->awards[i];
        if (!on_list(a, penalties))
            continue;
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
        if (amounts > 1 && kp_compose_award_is_money(a))
            rows[n++] = (award_row){(int)i, 1, from, sum};
    }
    return n;
}

/* The first award of each (subject, unit) with an amount, for the SUMIFS
 * summary. Returns the count. */
static int summary_rows(const kp_results *r, int *first, int penalties)
{
    int n = 0;
    for (size_t i = 0; i < r->nawards; i++) {
        if (isnan(r->awards[i].amount) || !on_list(&r->awards[i], penalties))
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
    ok(b,
       worksheet_write_string(ws, (lxw_row_t)row, 4, r->m->subjects[x->subject].name, b->f.text));
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
    snprintf(formula, sizeof formula, "=SUMIFS($G$2:$G$%d,$D$2:$D$%d,K%d,$H$2:$H$%d,M%d)", last + 1,
             last + 1, row + 1, last + 1, row + 1);
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 10, r->m->subjects[a->subject].id, b->f.text));
    ok(b,
       worksheet_write_string(ws, (lxw_row_t)row, 11, r->m->subjects[a->subject].name, b->f.text));
    ok(b, worksheet_write_string(ws, (lxw_row_t)row, 12, unit, b->f.text));
    ok(b, worksheet_write_formula_num(ws, (lxw_row_t)row, 13, formula, b->f.total, sum));
}

/* 奖励名单 (awards) or 处理名单 (pay cuts): entries by measure with =SUM subtotals, and
 * beside them per unit and measure a =SUMIFS over the list; written row by row (a
 * workbook in constant_memory mode keeps no row once the next one starts). A run with
 * nothing for a list gets no sheet: an empty list under two headers reads as data lost. */
static void list_sheet(book *b, const char *name, const char *what, int penalties)
{
    const kp_results *r = b->r;
    int any = 0;
    for (size_t i = 0; i < r->nawards && !any; i++)
        any = on_list(&r->awards[i], penalties);
    if (!any)
        return;
    lxw_worksheet *ws = kp_xlsx_add_sheet(b, name);
    const char *const labels[] = {"序号", what, "对象类别", "编号", "名称", "期间", "金额", "单位"};
    static const char *const sl[] = {"编号", "名称", "单位", "合计"};
    kp_xlsx_heads(b, ws, 0, labels, 8);
    for (int c = 0; c < 4; c++)
        ok(b, worksheet_write_string(ws, 0, (lxw_col_t)(10 + c), sl[c], b->f.head));
    award_row *rows = kp_xmalloc(sizeof *rows * (2 * r->nawards + 1));
    int *firsts = kp_xmalloc(sizeof *firsts * (r->nawards + 1));
    int nrows = award_rows(r, rows, penalties);
    int nsum = summary_rows(r, firsts, penalties), seq = 0;
    for (int row = 1; row <= nrows || row <= nsum; row++) {
        if (row <= nrows)
            award_list_row(b, ws, row, &rows[row - 1], &seq);
        if (row <= nsum)
            award_summary_row(b, ws, row, &r->awards[firsts[row - 1]], nrows);
    }
    free(rows);
    free(firsts);
    static const double w[][3] = {{0, 0, 6},  {1, 2, 16},  {3, 3, 8},   {4, 4, 14},
                                  {5, 7, 10}, {10, 10, 8}, {11, 11, 14}};
    kp_xlsx_widths(ws, w, 7);
    worksheet_freeze_panes(ws, 1, 0);
    kp_xlsx_print_setup(ws, 0, 0);
}

void kp_xlsx_awards_sheet(book *b)
{
    list_sheet(b, "奖励名单", "奖项", 0);
    list_sheet(b, "处理名单", "处理", 1);
}

/* A sheet per award a layout is about (流动红旗): each period's holders. */
void kp_xlsx_award_sheet(book *b, const char *label)
{
    const kp_results *r = b->r;
    int any = 0;
    for (size_t i = 0; i < r->nawards; i++)
        any |= !strcmp(r->awards[i].label, label);
    if (!any || workbook_get_worksheet_by_name(b->wb, label))
        return;
    lxw_worksheet *ws = kp_xlsx_add_sheet(b, label);
    static const char *const labels[] = {"序号", "对象类别", "期间", "编号",
                                         "名称", "得分",     "名次"};
    kp_xlsx_heads(b, ws, 0, labels, 7);
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
        ok(b,
           worksheet_write_string(ws, (lxw_row_t)row, 1, r->rs->kinds[a->kind].label, b->f.text));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 2, per, b->f.text));
        ok(b,
           worksheet_write_string(ws, (lxw_row_t)row, 3, r->m->subjects[a->subject].id, b->f.text));
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, 4, r->m->subjects[a->subject].name,
                                     b->f.text));
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
    kp_xlsx_print_setup(ws, 0, 0);
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
    lxw_worksheet *ws = kp_xlsx_add_sheet(b, name);
    worksheet_set_row(ws, 0, 30, NULL); /* before row 0 is written: rows stream out in order */
    static const char *const labels[] = {
        "序号", "类别", "项目", "具体指标", "分值", "牵头部门/考核方式", "权重"};
    kp_xlsx_heads(b, ws, 0, labels, 7);
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
        worksheet_set_row(ws, (lxw_row_t)row, indicator_height(rs, ind), NULL);
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
            ok(b,
               worksheet_write_formula_num(ws, (lxw_row_t)row, 4, formula, b->f.sub_num, points));
        for (int j = 0; j < n; j++)
            ok(b, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)(7 + j),
                                         kp_table_score(r, t, t->order[from + j])->published,
                                         b->f.total));
    }
    static const double w[][3] = {{0, 0, 6}, {1, 2, KP_XLSX_CAT_WIDTH},  {3, 3, KP_XLSX_RULE_WIDTH},
                                  {4, 4, 6}, {5, 5, KP_XLSX_LEAD_WIDTH}, {6, 6, 6}};
    kp_xlsx_widths(ws, w, 6);
    if (n)
        worksheet_set_column(ws, 7, (lxw_col_t)(6 + n), 10, NULL);
    worksheet_freeze_panes(ws, 1, 3);
    kp_xlsx_print_wide(ws, 0, 2);
}

/* Subjects per indicator sheet: Excel's columns after the seven of the
 * indicator table. A kind with more subjects continues on further sheets
 * (指标表 社区工作者 续2, 续3, ...), each with the whole indicator table, so
 * every subject keeps its column. */
enum { KP_XLSX_SUBJECT_COLS = KP_XLSX_COLS - 7 };

void kp_xlsx_indicator_sheets(book *b, int kind)
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
