/* kp_csv.h - RFC 4180 CSV files into records, with line numbers and encoding checks. */
#ifndef KP_CSV_H
#define KP_CSV_H

#include "../base/kp_arena.h"
#include "../base/kp_error.h"
#include <stddef.h>

#define KP_CSV_MAX_FIELDS 64

typedef struct {
    const char *fields[KP_CSV_MAX_FIELDS]; /* arena strings (in the text, from kp_csv_rows) */
    int n;
    long line;         /* line where the record starts (the row, in a sheet) */
    int value_col;     /* a wide row turned long: the source column of its value, else -1 */
    const char *sheet; /* the worksheet of a record gathered from several, else NULL */
} kp_csv_record;

typedef struct {
    const char *path, *name; /* full path; name for messages */
    const char *sheet;       /* the worksheet a record came from, NULL for CSV */
    kp_csv_record *records;  /* header is records[0]; malloc'd */
    size_t n, cap;
} kp_csv;

/* Reads a whole CSV file. encoding is "utf-8" (a BOM is skipped) or
 * "gb18030"/"gbk" (converted with iconv). Invalid UTF-8 is an error that
 * says whether the bytes read as GB18030. Every record must have as many
 * fields as the header. Reports all syntax errors of the file (up to a
 * limit) through d. Caller frees with kp_csv_free(). */
kp_err kp_csv_read(kp_csv *csv, const char *path, const char *name, const char *encoding,
                   kp_arena *arena, kp_diag *d);
void kp_csv_free(kp_csv *csv); /* NULL is a no-op */

/* Parses CSV text already in memory (UTF-8, no BOM); used by the reader and tests. */
kp_err kp_csv_parse(kp_csv *csv, const char *text, size_t len, kp_arena *arena, kp_diag *d);

/* A file's text as kp_csv_read() takes it: read whole, converted from the
 * declared encoding, BOM skipped, checked to be UTF-8. *text (*len bytes,
 * with a spare writable byte after them) lies inside *buf, which the caller
 * frees. */
kp_err kp_csv_text(const char *path, const char *name, const char *encoding, char **buf,
                   char **text, size_t *len, kp_diag *d);

/* Reading a large text one record at a time, with nothing copied: each
 * field is unquoted in place and NUL-terminated inside the text, so a
 * record's fields point into the text and stay valid as long as it does.
 * The first record is the header; records with another field count are
 * reported and skipped, as are blank lines. Syntax errors are reported
 * through d (up to a limit), as kp_csv_parse() reports them. */
typedef struct {
    char *p, *end; /* the text still to read */
    long line;
    const char *name; /* for messages */
    kp_diag *d;
    int errors;      /* syntax errors so far */
    int nheader;     /* fields of the header, 0 until it is read */
    size_t nrecords; /* records returned, header included */
} kp_csv_rows;

/* text[len] must be writable (the last field is ended there). */
void kp_csv_rows_init(kp_csv_rows *rows, char *text, size_t len, const char *name, kp_diag *d);
/* The next record into r: 1, or 0 at the end of the text. */
int kp_csv_rows_next(kp_csv_rows *rows, kp_csv_record *r);
/* After the last record: reports an empty file and errors past the limit;
 * KP_ERR_SYNTAX when the text had any syntax error, else KP_OK. */
kp_err kp_csv_rows_finish(kp_csv_rows *rows);

/* Where a field is, for messages, from the file name, sheet (NULL for CSV), line or row and
 * column: "'f.csv' line 42" or "'d.xlsx' sheet 'S' cell D7" (col < 0: the row, "row 7"). */
void kp_csv_where_at(const char *name, const char *sheet, long line, int col, char *buf,
                     size_t size);

/* Turns a wide table (keep, e.g. period and subject, then one column per
 * key) into the long form: one record per non-empty key cell, with the
 * given header (keep columns, then the key and value columns, then empty
 * ones). Columns whose header starts with '_' are notes for people and are
 * skipped. Records keep their line and source column. */
void kp_csv_unpivot(kp_csv *csv, const int *keep, int nkeep, const char *const *header,
                    int nheader);

/* Appends a record (fields borrowed). */
void kp_csv_append(kp_csv *csv, const kp_csv_record *r);

/* Index of the header column named col, or -1. */
int kp_csv_column(const kp_csv *csv, const char *col);

#endif
