/* kp_xlsx.c - the results workbook: its formats, sheet helpers and the order of its sheets. */
#include "kp_xlsx_book.h"
#include "../base/kp_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void kp_xlsx_ok_at(book *b, lxw_error e, const char *sheet)
{
    if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR) {
        b->err = e;
        b->err_sheet = sheet;
    }
}

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

/* A sheet name Excel takes: at most 31 characters, none of :\/?*[], and
 * unique in the workbook (a second one gets " 2"). */
lxw_worksheet *kp_xlsx_add_sheet(book *b, const char *want)
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

/* A4, the header rows repeated, page numbers in the footer. */
static void print_common(lxw_worksheet *ws, int head_last_row, int landscape)
{
    worksheet_set_paper(ws, 9);
    if (landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    if (head_last_row >= 0)
        worksheet_repeat_rows(ws, 0, (lxw_row_t)head_last_row);
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
    worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
}

/* A sheet a page wide: the header rows repeated, fitted to the width. */
void kp_xlsx_print_setup(lxw_worksheet *ws, int head_last_row, int landscape)
{
    print_common(ws, head_last_row, landscape);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* A sheet too wide for one page (a column per subject): landscape at full
 * size, split across pages left to right with the label columns 0..
 * label_last_col repeated on each, so every page names its rows; fitting
 * 172 columns to one page width printed an unreadable strip. */
void kp_xlsx_print_wide(lxw_worksheet *ws, int head_last_row, int label_last_col)
{
    print_common(ws, head_last_row, 1);
    worksheet_repeat_columns(ws, 0, (lxw_col_t)label_last_col);
    worksheet_print_across(ws);
}

void kp_xlsx_heads(book *b, lxw_worksheet *ws, int row, const char *const *labels, int n)
{
    for (int i = 0; i < n; i++)
        ok(b, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)i, labels[i], b->f.head));
}

/* Conditional formats that colour each grade's cells in a column. */
void kp_xlsx_grade_colours(book *b, lxw_worksheet *ws, const kp_kind *k, int col, int first,
                           int last)
{
    if (last < first)
        return;
    for (int g = 0; g < k->ngrades; g++) {
        int tone = g == 0                                   ? 0
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
        ok(b, worksheet_conditional_format_range(ws, (lxw_row_t)first, (lxw_col_t)col,
                                                 (lxw_row_t)last, (lxw_col_t)col, &cf));
    }
}

/* Height in points of a row whose wrapped cell of `width` characters holds
 * text: Excel does not grow a row for wrapped text it did not lay out
 * itself, so without it the lines overprint the next row. Lines are counted
 * as Excel breaks them, roughly: a CJK character takes two widths, a line
 * feed starts a line; 16 points a line fits 11-point CJK text. */
double kp_xlsx_wrapped_height(const char *text, int width)
{
    int lines = 1, used = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p;) {
        int w = *p < 0x80 ? 1 : 2;
        int len = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        if (*p == '\n' || used + w > width - 1) {
            lines++;
            used = 0;
        }
        if (*p != '\n')
            used += w;
        for (int i = 0; i < len && *p; i++)
            p++;
    }
    return lines > 1 ? 16.0 * lines : 16.0;
}

/* Column widths: {first, last, width} triples. */
void kp_xlsx_widths(lxw_worksheet *ws, const double (*w)[3], int n)
{
    for (int i = 0; i < n; i++)
        worksheet_set_column(ws, (lxw_col_t)w[i][0], (lxw_col_t)w[i][1], w[i][2], NULL);
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
kp_err kp_render_xlsx_fits(const kp_model *m, const char *path, kp_diag *d)
{
    for (int k = 0; k < m->rs->nkinds; k++)
        if (m->kind_count[k] >= KP_XLSX_ROWS)
            return kp_diag_report(d, KP_ERR_XLSX, path, 0,
                                  "%d %s do not fit a sheet (Excel has %d rows); split the run "
                                  "by group or kind",
                                  m->kind_count[k], m->rs->kinds[k].label, KP_XLSX_ROWS - 1);
    return KP_OK;
}

/* The folder of path, for libxlsxwriter's temporary files: beside the
 * workbook (the run's staging folder), not in a /tmp that may be memory. */
/* The folder of path (malloc'd). */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? kp_xstrndup(path, (size_t)(slash - path)) : kp_xstrdup(".");
}

kp_err kp_render_xlsx(const kp_results *r, const kp_run *run, const kp_layout_set *layouts,
                      const char *path, kp_diag *d)
{
    kp_err err = kp_render_xlsx_fits(r->m, path, d);
    if (err)
        return err;
    char *tmpdir = folder_of(path);
    lxw_workbook_options opt = {0};
    opt.constant_memory = largest_kind(r) > KP_XLSX_STREAM_ROWS;
    opt.tmpdir = tmpdir;
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) {
        free(tmpdir);
        return kp_diag_report(d, KP_ERR_XLSX, path, 0, "cannot create the workbook");
    }
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
        kp_xlsx_ranking_sheet(&b, &r->tables[i]);
    for (int k = 0; k < r->rs->nkinds; k++)
        kp_xlsx_trend_sheet(&b, k);
    kp_xlsx_notices_sheet(&b);
    kp_xlsx_awards_sheet(&b);
    for (int i = 0; layouts && i < layouts->n; i++)
        if (layouts->items[i]->award)
            kp_xlsx_award_sheet(&b, layouts->items[i]->award);
    for (int k = 0; k < r->rs->nkinds; k++)
        if (r->m->kind_count[k])
            kp_xlsx_indicator_sheets(&b, k);
    for (int k = 0; k < r->rs->nkinds; k++)
        kp_xlsx_packet_sheet(&b, k);
    /* err_sheet is the worksheet's own name, which workbook_close frees: copied first. */
    char sheet[128];
    snprintf(sheet, sizeof sheet, "%s", b.err_sheet ? b.err_sheet : "");
    lxw_error e = workbook_close(wb);
    free(tmpdir);
    if (b.err != LXW_NO_ERROR)
        return kp_diag_report(d, KP_ERR_XLSX, path, 0, "sheet '%s' would lose cells: %s", sheet,
                              lxw_strerror(b.err));
    if (e != LXW_NO_ERROR)
        return kp_diag_report(d, KP_ERR_XLSX, path, 0, "%s", lxw_strerror(e));
    return KP_OK;
}
