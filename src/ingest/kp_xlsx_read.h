/* kp_xlsx_read.h - reads a worksheet of an XLSX workbook into CSV-like records (libzip + libxml2).
 */
#ifndef KP_XLSX_READ_H
#define KP_XLSX_READ_H

#include "kp_csv.h"

/* Reads sheet `sheet` (NULL: the first) of the workbook at path into csv:
 * records[0] is the sheet's first non-empty row; a record's line is the
 * Excel row number and csv->sheet the sheet's name, so messages can name
 * the cell. Shared and inline strings (all of a cell's text: runs, CDATA,
 * references, _xHHHH_ escapes), numbers (as written, exponents turned to
 * plain decimals), booleans, dates (YYYY-MM-DD) and formulas' cached values
 * are read. The parts are streamed; a part with a DTD or not well-formed to
 * its end, a control character or a text past Excel's cell limit is an error
 * naming the workbook, sheet and place. Caller frees with kp_csv_free(). */
kp_err kp_xlsx_read(kp_csv *csv, const char *path, const char *name, const char *sheet,
                    kp_arena *arena, kp_diag *d);

/* Non-zero when the workbook at path has a sheet named sheet. */
int kp_xlsx_has_sheet(const char *path, const char *sheet);

/* "A" for column 0, "AB" for 27 ... into buf (room for 4). */
void kp_xlsx_column_name(int col, char *buf);

#endif
