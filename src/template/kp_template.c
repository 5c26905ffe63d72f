/* kp_template.c - writes the input workbook (libxlsxwriter) that kaoping reads back. */
#include "kp_template.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

/* Excel's limit is 31 characters (UTF-16 units), not bytes. */
#define KP_SHEET_NAME_CHARS 31
#define KP_SHEET_NAME_BYTES (KP_SHEET_NAME_CHARS * 4 + 1)

typedef struct {
    lxw_workbook *wb;
    const kp_model *m;
    lxw_format *key, *head, *locked, *input, *wrap;
    int nsheets;
    char sheets[32][KP_SHEET_NAME_BYTES];
    char names[64][KP_SHEET_NAME_BYTES]; /* every sheet so far, for uniqueness */
    int nnames;
    int nlong; /* indicators of the long sheet */
} writer;

/* The bytes of the UTF-8 character at s (1 for a stray byte), and its UTF-16 units. */
static size_t utf8_char(const char *s, int *units)
{
    unsigned char c = (unsigned char)s[0];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    for (size_t i = 1; i < n; i++)
        if (((unsigned char)s[i] >> 6) != 2)
            return *units = 1, 1;
    *units = n == 4 ? 2 : 1;
    return n;
}

/* label cut to at most max characters, whole characters only, without the
 * characters Excel refuses in a sheet name, and without a bracket the cut
 * left open: "乡镇街道（月度综合" becomes "乡镇街道". */
static void cut_label(const char *label, int max, char *out, size_t size)
{
    size_t len = 0, open_at = 0;
    int units = 0, open = 0;
    for (const char *p = label; *p;) {
        int u;
        size_t n = utf8_char(p, &u);
        if (units + u > max || len + n >= size)
            break;
        if (n == 1 && strchr("[]:*?/\\'", *p)) {
            p += n;
            continue;
        }
        if ((n == 1 && *p == '(') || (n == 3 && !strncmp(p, "（", 3)))
            open_at = open++ ? open_at : len;
        if (((n == 1 && *p == ')') || (n == 3 && !strncmp(p, "）", 3))) && open)
            open--;
        memcpy(out + len, p, n);
        len += n;
        units += u;
        p += n;
    }
    if (open)
        len = open_at;
    out[len] = '\0';
}

static int name_taken(const writer *w, const char *name)
{
    for (int i = 0; i < w->nnames; i++)
        if (!strcasecmp(w->names[i], name))
            return 1;
    return 0;
}

/* A sheet name from a label and a suffix (e.g. "（月度）"): within Excel's 31
 * characters, brackets balanced, unlike every sheet before (a number added). */
static const char *sheet_name(writer *w, const char *label, const char *suffix, char *out)
{
    int suffix_units = 0;
    for (const char *p = suffix; *p;) {
        int u;
        p += utf8_char(p, &u);
        suffix_units += u;
    }
    char base[KP_SHEET_NAME_BYTES];
    for (int n = 1; n < 100; n++) {
        char num[8] = "";
        if (n > 1)
            snprintf(num, sizeof num, "%d", n);
        cut_label(label, KP_SHEET_NAME_CHARS - suffix_units - (int)strlen(num), base, sizeof base);
        char whole[KP_SHEET_NAME_BYTES * 2]; /* base + suffix + num fit in 31 characters */
        snprintf(whole, sizeof whole, "%s%s%s", base[0] ? base : "表", suffix, num);
        snprintf(out, KP_SHEET_NAME_BYTES, "%.*s", KP_SHEET_NAME_BYTES - 1, whole);
        if (!name_taken(w, out))
            break;
    }
    if (w->nnames < 64)
        snprintf(w->names[w->nnames++], KP_SHEET_NAME_BYTES, "%s", out);
    return out;
}

/* text cut to at most max characters (UTF-16 units, as Excel counts), whole characters only:
 * a cut by bytes splits a character and leaves the sheet's XML invalid. */
static void cut_text(const char *text, int max, char *out, size_t size)
{
    size_t len = 0;
    int units = 0;
    for (const char *p = text; *p;) {
        int u;
        size_t n = utf8_char(p, &u);
        if (units + u > max || len + n >= size)
            break;
        memcpy(out + len, p, n);
        len += n, units += u, p += n;
    }
    out[len] = '\0';
}

/* Single-value indicators go in wide sheets; rater means and added-up rows in the long one. */
static int is_wide(const kp_indicator *ind)
{
    return ind->method == KP_M_VALUE || ind->method == KP_M_FLAG || ind->method == KP_M_TARGET;
}

/* A range's data validation over columns col to last_col of rows first to last. */
static void validate_cols(lxw_worksheet *ws, int first, int last, int col, int last_col, double min,
                          double max, int whole, const char *title, const char *msg)
{
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.validate = whole ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
    dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    dv.minimum_number = isfinite(min) ? min : -1e12;
    dv.maximum_number = isfinite(max) ? max : 1e12;
    /* Excel's limits on a validation's title and message: 32 and 255 characters. */
    char t[32 * 4 + 1], m[255 * 4 + 1];
    cut_text(title, 32, t, sizeof t);
    cut_text(msg, 255, m, sizeof m);
    dv.input_title = t;
    dv.input_message = m;
    dv.error_title = "超出范围";
    dv.error_message = "请输入规定范围内的数值";
    worksheet_data_validation_range(ws, (lxw_row_t)first, (lxw_col_t)col, (lxw_row_t)last,
                                    (lxw_col_t)last_col, &dv);
}

static void validate(writer *w, lxw_worksheet *ws, int first, int last, int col, double min,
                     double max, int whole, const char *title, const char *msg)
{
    validate_cols(ws, first, last, col, col, min, max, whole, title, msg);
    (void)w;
}

/* Row 1 holds the keys kaoping reads (hidden), row 2 the labels a clerk reads. */
static lxw_worksheet *add_sheet(writer *w, const char *name, const char *layout)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
    if (w->nsheets < 32 && layout) {
        snprintf(w->sheets[w->nsheets++], KP_SHEET_NAME_BYTES, "%s", name);
        (void)layout;
    }
    worksheet_set_row_opt(ws, 0, LXW_DEF_ROW_HEIGHT, w->key, &(lxw_row_col_options){1, 0, 0});
    worksheet_set_row(ws, 1, 42, NULL);
    worksheet_freeze_panes(ws, 2, 3);
    lxw_protection prot = {0};
    prot.format_columns = 1;
    prot.autofilter = 1;
    worksheet_protect(ws, NULL, &prot);
    return ws;
}

static void head(writer *w, lxw_worksheet *ws, int col, const char *key, const char *label)
{
    worksheet_write_string(ws, 0, (lxw_col_t)col, key, w->key);
    worksheet_write_string(ws, 1, (lxw_col_t)col, label, w->head);
}

static const char *unit_name(const kp_model *m, int s)
{
    const kp_entity *e = &m->entities[m->subjects[s].entity];
    size_t u;
    return e->is_person && kp_map_get(&m->entity_ids, e->unit, &u) ? m->entities[u].name : "";
}

/* The columns that say whose row it is; kaoping reads period and subject. */
static void subject_heads(writer *w, lxw_worksheet *ws)
{
    head(w, ws, 0, "period", "考核期");
    head(w, ws, 1, "subject", "编号");
    head(w, ws, 2, "_name", "名称");
    head(w, ws, 3, "_unit", "所在单位");
}

/* A locked row per subject and period, with open input cells up to column ncols. */
static void prefill(writer *w, lxw_worksheet *ws, int kind, const kp_period *subs, int np,
                    int ncols)
{
    const kp_model *m = w->m;
    int row = 2;
    for (int p = 0; p < np; p++) {
        char per[32];
        kp_period_format(&subs[p], per, sizeof per);
        for (int s = m->kind_first[kind]; s < m->kind_first[kind] + m->kind_count[kind]; s++) {
            worksheet_write_string(ws, (lxw_row_t)row, 0, per, w->locked);
            worksheet_write_string(ws, (lxw_row_t)row, 1, m->subjects[s].id, w->locked);
            worksheet_write_string(ws, (lxw_row_t)row, 2, m->subjects[s].name, w->locked);
            worksheet_write_string(ws, (lxw_row_t)row, 3, unit_name(m, s), w->locked);
            /* Explicit blank cells carry the unlocked format for every reader. */
            for (int c = 4; c < ncols; c++)
                worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)c, w->input);
            row++;
        }
    }
}

/* One row per subject and scoring period, a column per single-value indicator. */
static void wide_sheet(writer *w, int kind)
{
    const kp_model *m = w->m;
    const kp_ruleset *rs = m->rs;
    const kp_kind *k = &rs->kinds[kind];
    kp_period subs[KP_PERIOD_MAX_SPLIT];
    kp_period_type pt = k->period == KP_PER_RANGE ? m->period.type : k->period;
    int np = kp_period_split(&m->period, pt, subs, KP_PERIOD_MAX_SPLIT), col = 4;
    char name[KP_SHEET_NAME_BYTES];
    lxw_worksheet *ws = add_sheet(w, sheet_name(w, k->label, "", name), "wide");
    subject_heads(w, ws);
    int last = 1 + np * m->kind_count[kind];
    for (int i = 0; i < rs->nindicators; i++) {
        const kp_indicator *ind = &rs->indicators[i];
        if (ind->kind != kind || !is_wide(ind))
            continue;
        char label[256];
        if (ind->method == KP_M_FLAG)
            snprintf(label, sizeof label, "%s（是填1）", ind->label);
        else if (isfinite(ind->max))
            snprintf(label, sizeof label, "%s（%g-%g）", ind->label, ind->min, ind->max);
        else
            snprintf(label, sizeof label, "%s", ind->label);
        head(w, ws, col, ind->key, label);
        validate(w, ws, 2, last, col, ind->min, ind->max, ind->method == KP_M_FLAG || ind->integer,
                 ind->short_label, ind->rule[0] ? ind->rule : ind->label);
        worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, 12, w->input);
        col++;
    }
    for (int q = 0; q < rs->ninputs; q++) {
        const kp_input *in = &rs->inputs[q];
        if (in->kind != kind || (in->period != KP_PER_RANGE && in->period != pt))
            continue;
        char label[256];
        snprintf(label, sizeof label, "%s（%s）", in->label, in->unit);
        head(w, ws, col, in->key, label);
        validate(w, ws, 2, last, col, in->min, in->max, in->integer, in->label, in->label);
        worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, 12, w->input);
        col++;
    }
    prefill(w, ws, kind, subs, np, col);
    worksheet_set_column(ws, 0, 1, 10, NULL);
    worksheet_set_column(ws, 2, 3, 14, NULL);
}

/* Inputs observed per sub-period (e.g. monthly rates): one row per subject and sub-period. */
static void input_sheet(writer *w, int kind, kp_period_type pt)
{
    const kp_model *m = w->m;
    const kp_ruleset *rs = m->rs;
    kp_period subs[KP_PERIOD_MAX_SPLIT];
    int np = kp_period_split(&m->period, pt, subs, KP_PERIOD_MAX_SPLIT), col = 4;
    char name[KP_SHEET_NAME_BYTES];
    const char *suffix = pt == KP_PER_MONTH     ? "（月度）"
                         : pt == KP_PER_QUARTER ? "（季度）"
                                                : "（分期）";
    lxw_worksheet *ws = add_sheet(w, sheet_name(w, rs->kinds[kind].label, suffix, name), "wide");
    subject_heads(w, ws);
    int last = 1 + np * m->kind_count[kind];
    for (int q = 0; q < rs->ninputs; q++) {
        const kp_input *in = &rs->inputs[q];
        if (in->kind != kind || in->period != pt)
            continue;
        char label[256];
        snprintf(label, sizeof label, "%s（%s）", in->label, in->unit);
        head(w, ws, col, in->key, label);
        validate(w, ws, 2, last, col, in->min, in->max, in->integer, in->label, in->label);
        worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, 12, w->input);
        col++;
    }
    prefill(w, ws, kind, subs, np, col);
}

/* The kind whose subjects rate this kind's indicators (`raters` of its first
 * such indicator), or -1: units that rate units. */
static int rater_kind(const kp_ruleset *rs, int kind)
{
    for (int i = 0; i < rs->nindicators; i++)
        if (rs->indicators[i].kind == kind && rs->indicators[i].raters_kind >= 0)
            return rs->indicators[i].raters_kind;
    return -1;
}

/* A row per period, rater and rater-mean indicator; a column per subject. */
static int matrix_rows(writer *w, lxw_worksheet *ws, int kind, const kp_period *subs, int np)
{
    const kp_model *m = w->m;
    const kp_ruleset *rs = m->rs;
    int by = rater_kind(rs, kind), row = 2, nsubj = m->kind_count[kind];
    for (int p = 0; p < np; p++) {
        char per[32];
        kp_period_format(&subs[p], per, sizeof per);
        for (int r = m->kind_first[by]; r < m->kind_first[by] + m->kind_count[by]; r++)
            for (int i = 0; i < rs->nindicators; i++) {
                const kp_indicator *ind = &rs->indicators[i];
                if (ind->kind != kind || ind->raters_kind != by)
                    continue;
                char label[512];
                kp_ruleset_pick_label(rs, i, label, sizeof label);
                worksheet_write_string(ws, (lxw_row_t)row, 0, per, w->locked);
                worksheet_write_string(ws, (lxw_row_t)row, 1, m->subjects[r].id, w->locked);
                worksheet_write_string(ws, (lxw_row_t)row, 2, m->subjects[r].name, w->locked);
                worksheet_write_string(ws, (lxw_row_t)row, 3, label, w->locked);
                for (int c = 0; c < nsubj; c++)
                    worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)(4 + c), w->input);
                validate_cols(ws, row, row, 4, 4 + nsubj - 1, ind->min, ind->max, ind->integer,
                              ind->short_label, ind->rule[0] ? ind->rule : ind->label);
                row++;
            }
    }
    return row;
}

/* Units that rate units (`raters = K` of an indicator): raters down, the rated subjects across,
 * one row per period, rater and indicator, so no score is typed as a row. */
static void matrix_sheet(writer *w, int kind)
{
    const kp_model *m = w->m;
    const kp_kind *k = &m->rs->kinds[kind];
    int by = rater_kind(m->rs, kind);
    if (by < 0 || !m->kind_count[kind])
        return;
    kp_period subs[KP_PERIOD_MAX_SPLIT];
    kp_period_type pt = k->period == KP_PER_RANGE ? m->period.type : k->period;
    int np = kp_period_split(&m->period, pt, subs, KP_PERIOD_MAX_SPLIT);
    char name[KP_SHEET_NAME_BYTES], head_label[256];
    lxw_worksheet *ws = add_sheet(w, sheet_name(w, k->label, "（评议）", name), "matrix");
    head(w, ws, 0, "period", "考核期");
    head(w, ws, 1, "rater", "评议单位编号");
    snprintf(head_label, sizeof head_label, "评议单位（%s）", m->rs->kinds[by].label);
    head(w, ws, 2, "_rater_name", head_label);
    head(w, ws, 3, "indicator", "指标");
    for (int c = 0; c < m->kind_count[kind]; c++) {
        const kp_subject *s = &m->subjects[m->kind_first[kind] + c];
        head(w, ws, 4 + c, s->id, s->name);
        worksheet_set_column(ws, (lxw_col_t)(4 + c), (lxw_col_t)(4 + c), 10, w->input);
    }
    matrix_rows(w, ws, kind, subs, np);
    worksheet_freeze_panes(ws, 2, 4);
    worksheet_set_column(ws, 0, 1, 10, NULL);
    worksheet_set_column(ws, 2, 3, 16, NULL);
}

/* Indicators typed row by row in the long sheet: rater means and rows that add up. */
static int is_long(const kp_indicator *ind)
{
    return !is_wide(ind) && ind->method != KP_M_STRIKES && ind->method != KP_M_REF &&
           ind->method != KP_M_PERIOD_MEAN;
}

/* The long sheet's indicator column picks from the labels listed on the
 * instructions sheet (column I from row 6); typed codes stay valid. A range,
 * not an inline list: Excel caps those at 255 characters, and libxlsxwriter
 * 1.1 overflows on a long Chinese one (it leaks the range's string instead:
 * tests/e2e/lsan.supp). */
static void indicator_list(writer *w, lxw_worksheet *ws)
{
    if (!w->nlong)
        return;
    char formula[64];
    snprintf(formula, sizeof formula, "='填表说明'!$I$6:$I$%d", 5 + w->nlong);
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    dv.value_formula = formula;
    dv.input_title = "指标";
    dv.input_message = "从列表中选择指标（也可填写指标代码）";
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
    dv.error_title = "指标";
    dv.error_message = "请从列表中选择指标，或填写填表说明中的指标代码";
    worksheet_data_validation_range(ws, 2, 2, LXW_ROW_MAX - 1, 2, &dv);
}

/* Rater means and rows that add up: the long layout, one observation per row. */
static void long_sheet(writer *w)
{
    if (!w->nlong)
        return;
    lxw_worksheet *ws = add_sheet(w, "测评与加减分", "long");
    static const char *const keys[] = {"period", "subject", "indicator", "value", "rater", "note"};
    static const char *const labels[] = {"考核期", "编号",       "指标（选择或填代码）",
                                         "分值",   "评议人编号", "备注"};
    for (int c = 0; c < 6; c++)
        head(w, ws, c, keys[c], labels[c]);
    worksheet_set_column(ws, 0, 5, 14, w->input);
    worksheet_set_column(ws, 2, 2, 28, w->input);
    indicator_list(w, ws);
}

/* Column I of the instructions: the long sheet's indicators by the name a clerk picks. */
static void long_labels(writer *w, lxw_worksheet *ws)
{
    const kp_ruleset *rs = w->m->rs;
    worksheet_write_string(ws, 4, 8, "可选指标（测评与加减分表）", w->head);
    int row = 5;
    for (int i = 0; i < rs->nindicators; i++) {
        if (!is_long(&rs->indicators[i]))
            continue;
        char label[512];
        kp_ruleset_pick_label(rs, i, label, sizeof label);
        worksheet_write_string(ws, (lxw_row_t)row++, 8, label, NULL);
    }
    worksheet_set_column(ws, 8, 8, 30, NULL);
}

static void instructions(writer *w)
{
    const kp_model *m = w->m;
    const kp_ruleset *rs = m->rs;
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, "填表说明");
    char per[32];
    kp_period_format(&m->period, per, sizeof per);
    worksheet_write_string(ws, 0, 0, rs->name, w->head);
    worksheet_write_string(ws, 1, 0, rs->source, NULL);
    char line[512];
    int matrix = 0;
    for (int k = 0; k < rs->nkinds; k++)
        matrix |= rater_kind(rs, k) >= 0;
    snprintf(line, sizeof line,
             "考核期：%s。灰色单元格为预填内容，请在白色单元格中填写；"
             "评议人打分和加减分逐条填在“测评与加减分”表中（指标从列表中选择）%s。",
             per,
             matrix ? "；单位互评填在“（评议）”表中：每行一个评议单位和指标，每列一个被评单位"
                    : "");
    worksheet_write_string(ws, 2, 0, line, NULL);
    static const char *const cols[] = {"指标代码", "类别",     "指标", "分值",
                                       "填写范围", "考核细则", "依据", "计分方法"};
    for (int c = 0; c < 8; c++)
        worksheet_write_string(ws, 4, (lxw_col_t)c, cols[c], w->head);
    int row = 5;
    for (int i = 0; i < rs->nindicators; i++) {
        const kp_indicator *ind = &rs->indicators[i];
        char range[64] = "", pts[32] = "";
        if (isfinite(ind->min) && isfinite(ind->max))
            snprintf(range, sizeof range, "%g-%g", ind->min, ind->max);
        if (!isnan(ind->points))
            snprintf(pts, sizeof pts, "%g", ind->points);
        const char *origin = "";
        for (int k = 0; k < rs->nsettings; k++) {
            size_t kl = strlen(ind->key);
            if (!strncmp(rs->settings[k].key, "indicator.", 10) &&
                !strncmp(rs->settings[k].key + 10, ind->key, kl) &&
                rs->settings[k].key[10 + kl] == '.')
                origin = rs->settings[k].origin;
        }
        char label[512];
        kp_ruleset_pick_label(rs, i, label, sizeof label);
        const char *vals[] = {ind->key, ind->category, label,  pts,
                              range,    ind->rule,     origin, kp_method_help_cn(ind->method)};
        for (int c = 0; c < 8; c++)
            worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, vals[c], w->wrap);
        row++;
    }
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 2, 20, NULL);
    worksheet_set_column(ws, 3, 4, 10, NULL);
    worksheet_set_column(ws, 5, 6, 50, NULL);
    worksheet_set_column(ws, 7, 7, 24, NULL);
    long_labels(w, ws);
}

static void entity_sheets(writer *w)
{
    const kp_model *m = w->m;
    lxw_worksheet *u = workbook_add_worksheet(w->wb, "units");
    lxw_worksheet *p = workbook_add_worksheet(w->wb, "people");
    static const char *const uk[] = {"id", "name", "kind", "parent"};
    static const char *const pk[] = {"id", "name", "unit", "role"};
    for (int c = 0; c < 4; c++) {
        worksheet_write_string(u, 0, (lxw_col_t)c, uk[c], w->head);
        worksheet_write_string(p, 0, (lxw_col_t)c, pk[c], w->head);
    }
    int ur = 1, pr = 1;
    for (int i = 0; i < m->nentities; i++) {
        const kp_entity *e = &m->entities[i];
        const char *v[] = {e->id, e->name, e->is_person ? e->unit : e->kind,
                           e->is_person ? e->role : e->parent};
        lxw_worksheet *ws = e->is_person ? p : u;
        int *row = e->is_person ? &pr : &ur;
        for (int c = 0; c < 4; c++)
            worksheet_write_string(ws, (lxw_row_t)*row, (lxw_col_t)c, v[c] ? v[c] : "", NULL);
        (*row)++;
    }
}

kp_err kp_template_write(const kp_model *m, const char *path, kp_diag *d)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return kp_diag_report(d, KP_ERR_XLSX, path, 0, "cannot create the workbook");
    writer w;
    memset(&w, 0, sizeof w);
    w.wb = wb;
    w.m = m;
    /* The fixed sheets' names are taken first: a kind labelled "units" gets "units2". */
    static const char *const fixed[] = {"填表说明", "测评与加减分", "units", "people",
                                        KP_TEMPLATE_MARKER};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        snprintf(w.names[w.nnames++], KP_SHEET_NAME_BYTES, "%s", fixed[i]);
    w.key = workbook_add_format(wb);
    format_set_font_color(w.key, 0x808080);
    w.head = workbook_add_format(wb);
    format_set_bold(w.head);
    format_set_text_wrap(w.head);
    format_set_bg_color(w.head, 0xD9E1F2);
    format_set_border(w.head, LXW_BORDER_THIN);
    w.locked = workbook_add_format(wb);
    format_set_bg_color(w.locked, 0xF2F2F2);
    w.input = workbook_add_format(wb);
    format_set_unlocked(w.input);
    w.wrap = workbook_add_format(wb);
    format_set_text_wrap(w.wrap);
    format_set_align(w.wrap, LXW_ALIGN_VERTICAL_TOP);
    for (int i = 0; i < m->rs->nindicators; i++)
        w.nlong += is_long(&m->rs->indicators[i]);
    instructions(&w);
    for (int k = 0; k < m->rs->nkinds; k++) {
        wide_sheet(&w, k);
        matrix_sheet(&w, k);
        kp_period_type done[4];
        int ndone = 0;
        for (int q = 0; q < m->rs->ninputs; q++) {
            const kp_input *in = &m->rs->inputs[q];
            kp_period_type kpt =
                m->rs->kinds[k].period == KP_PER_RANGE ? m->period.type : m->rs->kinds[k].period;
            int seen = 0;
            for (int i = 0; i < ndone; i++)
                seen |= done[i] == in->period;
            if (in->kind != k || in->period == KP_PER_RANGE || in->period == kpt || seen ||
                ndone == 4)
                continue;
            done[ndone++] = in->period;
            input_sheet(&w, k, in->period);
        }
    }
    long_sheet(&w);
    entity_sheets(&w);
    lxw_worksheet *marker = workbook_add_worksheet(wb, KP_TEMPLATE_MARKER);
    worksheet_write_string(marker, 0, 0, "kaoping template 1", NULL);
    for (int i = 0; i < w.nsheets; i++)
        worksheet_write_string(marker, (lxw_row_t)i + 1, 0, w.sheets[i], NULL);
    worksheet_hide(marker);
    lxw_doc_properties props = {0};
    props.title = (char *)m->rs->name;
    props.created = 0; /* reproducible: no clock */
    workbook_set_properties(wb, &props);
    lxw_error e = workbook_close(wb);
    return e == LXW_NO_ERROR ? KP_OK
                             : kp_diag_report(d, KP_ERR_XLSX, path, 0, "%s", lxw_strerror(e));
}
