/* kp_xlsx_book.h - the workbook being written, shared by the files that write its sheets. */
#ifndef KP_XLSX_BOOK_H
#define KP_XLSX_BOOK_H

#include "../ingest/kp_xlsx_read.h" /* kp_xlsx_column_name */
#include "kp_render.h"

#include <xlsxwriter.h>

/* Private to src/render/kp_xlsx*.c. A book lives on kp_render_xlsx's stack for one
 * workbook; it borrows the results, run and layouts, and libxlsxwriter owns the sheets and
 * formats (freed by workbook_close). One thread writes a book. */

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
    lxw_error err;         /* the first write libxlsxwriter refused: data would be lost */
    const char *err_sheet; /* and its sheet */
} book;

/* Excel's sheet limits: 1,048,576 rows and 16,384 columns (XFD). */
enum { KP_XLSX_ROWS = 1048576, KP_XLSX_COLS = 16384 };

/* Records the first write libxlsxwriter refuses (the book's err and err_sheet); kp_render_xlsx
 * turns it into an error rather than leave a workbook with cells missing. ok() wraps every
 * write of a sheet `ws`. */
void kp_xlsx_ok_at(book *b, lxw_error e, const char *sheet);
#define ok(b, call) kp_xlsx_ok_at((b), (call), ws->name)

/* Helpers (kp_xlsx.c). */
lxw_worksheet *kp_xlsx_add_sheet(book *b, const char *want);
void kp_xlsx_print_setup(lxw_worksheet *ws, int head_last_row, int landscape);
void kp_xlsx_print_wide(lxw_worksheet *ws, int head_last_row, int label_last_col);
void kp_xlsx_heads(book *b, lxw_worksheet *ws, int row, const char *const *labels, int n);
void kp_xlsx_grade_colours(book *b, lxw_worksheet *ws, const kp_kind *k, int col, int first,
                           int last);
void kp_xlsx_widths(lxw_worksheet *ws, const double (*w)[3], int n);
double kp_xlsx_wrapped_height(const char *text, int width);

/* Score tables (kp_xlsx_rank.c): a table's ranking, a kind's trend, its 考核档案. */
void kp_xlsx_ranking_sheet(book *b, const kp_table *t);
void kp_xlsx_trend_sheet(book *b, int kind);
void kp_xlsx_packet_sheet(book *b, int kind);

/* Lists (kp_xlsx_lists.c): 预警通报, 奖励名单, a sheet per award a layout is about, 指标表. */
void kp_xlsx_notices_sheet(book *b);
void kp_xlsx_awards_sheet(book *b);
void kp_xlsx_award_sheet(book *b, const char *label);
void kp_xlsx_indicator_sheets(book *b, int kind);

#endif
