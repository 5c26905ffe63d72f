/* kp_csv.c - a quoting-aware CSV reader that keeps line numbers for messages. */
#include "kp_csv.h"
#include "../base/kp_i18n.h"
#include "../base/kp_mem.h"
#include "../base/kp_vec.h"
#include "kp_xlsx_read.h" /* kp_xlsx_column_name */

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define KP_CSV_MAX_ERRORS 20

static void push_record(kp_csv *csv, const kp_csv_record *r)
{
    csv->records = kp_vec_room(csv->records, csv->n, &csv->cap, sizeof *csv->records, 256);
    csv->records[csv->n++] = *r;
}

static void error(kp_csv_rows *R, long line, const char *msg)
{
    if (R->errors++ < KP_CSV_MAX_ERRORS)
        kp_diag_report(R->d, KP_ERR_SYNTAX, R->name, line, "%s", _(msg));
}

/* After a closing quote only a separator may follow; the rest of the field is skipped. */
static void after_quote(kp_csv_rows *R)
{
    if (R->p < R->end && *R->p != ',' && *R->p != '\n' && *R->p != '\r') {
        error(R, R->line,
              "text after a closing quote; a quote inside a quoted field is "
              "written as \"\"");
        while (R->p < R->end && *R->p != ',' && *R->p != '\n')
            R->p++;
    }
}

/* The bytes that end or change a plain (unquoted) field; control characters (but tab and line
 * ends) stop it too, to be refused: none may reach an output file. */
static const unsigned char plain_end[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
    [0x07] = 1, [0x08] = 1, [0x0B] = 1, [0x0C] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1,
    [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1,
    [0x1F] = 1, [0x7F] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1,  ['"'] = 1};

/* Excel's limit on a cell's text, in UTF-16 units: every field may end up in results.xlsx,
 * which libxlsxwriter would refuse after everything else was rendered. */
enum { KP_CSV_CELL_CHARS = 32767 };

static void check_length(kp_csv_rows *R, const char *field, size_t bytes, long line)
{
    if (bytes <= KP_CSV_CELL_CHARS)
        return;
    size_t units = 0;
    for (const unsigned char *p = (const unsigned char *)field; *p; p++)
        if ((*p & 0xC0) != 0x80)
            units += *p >= 0xF0 ? 2 : 1;
    if (units > KP_CSV_CELL_CHARS) {
        char msg[96];
        snprintf(msg, sizeof msg, _("%zu characters, more than a cell holds (Excel: %d)"), units,
                 KP_CSV_CELL_CHARS);
        error(R, line, msg);
    }
}

/* Reads one field in place: its text, unquoted, is written back from where
 * it starts (never past the reading position) and NUL-terminated. Returns
 * the char that ended it (',', '\n', or 0 at the end). Quoted fields may
 * hold commas, quotes ("") and newlines. */
static int read_field(kp_csv_rows *R, char **field)
{
    char *w = R->p;
    int quoted = R->p < R->end && *R->p == '"', end = 0;
    long start = R->line;
    *field = w;
    if (quoted)
        R->p++;
    else /* most fields: plain text up to the separator, already in place */
        while (R->p < R->end && !plain_end[(unsigned char)*R->p])
            R->p++, w++;
    while (R->p < R->end) {
        char c = *R->p++;
        if (c == '\0') { /* would silently cut the field short wherever it is used */
            error(R, R->line, "a NUL byte in the text: not a CSV file saved as text");
            continue;
        }
        if (plain_end[(unsigned char)c] && c != '\n' && c != '\r' && c != ',' && c != '"') {
            char msg[80];
            snprintf(msg, sizeof msg, "a control character (U+%04X) in the text; remove it", c);
            error(R, R->line, msg);
            continue;
        }
        if (quoted) {
            if (c == '"') {
                if (R->p < R->end && *R->p == '"') {
                    R->p++;
                } else {
                    quoted = 0;
                    after_quote(R);
                    continue;
                }
            } else if (c == '\n') {
                R->line++;
            }
        } else if (c == ',' || c == '\n') {
            end = c;
            break;
        } else if (c == '\r') {
            continue;
        } else if (c == '"') {
            error(R, R->line, "a quote inside an unquoted field; quote the whole field");
        }
        *w++ = c;
    }
    *w = '\0';
    check_length(R, *field, (size_t)(w - *field), start);
    if (quoted) {
        char msg[96];
        snprintf(msg, sizeof msg, _("a quoted field opened on line %ld is never closed"), start);
        error(R, start, msg);
    }
    return end;
}

/* A blank line, or a row of only separators (",,,," is what Excel writes
 * for a row whose cells were emptied) and blanks: skipped, as a clerk sees
 * no row (a sheet's blank cells count as empty too). */
static int is_blank_record(const kp_csv_record *r)
{
    for (int i = 0; i < r->n; i++)
        if (r->fields[i][strspn(r->fields[i], " \t")] != '\0')
            return 0;
    return 1;
}

void kp_csv_rows_init(kp_csv_rows *R, char *text, size_t len, const char *name, kp_diag *d)
{
    *R = (kp_csv_rows){.p = text, .end = text + len, .line = 1, .name = name, .d = d};
}

int kp_csv_rows_next(kp_csv_rows *R, kp_csv_record *r)
{
    while (R->p < R->end) {
        r->n = 0;
        r->line = R->line;
        r->value_col = -1;
        r->sheet = NULL;
        int end;
        do {
            char *f;
            end = read_field(R, &f);
            if (r->n == KP_CSV_MAX_FIELDS) {
                error(R, r->line, "more than 64 columns");
                break;
            }
            r->fields[r->n++] = f;
        } while (end == ',');
        if (end == '\n')
            R->line++;
        if (is_blank_record(r))
            continue;
        if (R->nheader && r->n != R->nheader) {
            char msg[160];
            snprintf(msg, sizeof msg, _("%d fields, but the header has %d"), r->n, R->nheader);
            error(R, r->line, msg);
            continue;
        }
        if (!R->nheader)
            R->nheader = r->n;
        R->nrecords++;
        return 1;
    }
    return 0;
}

kp_err kp_csv_rows_finish(kp_csv_rows *R)
{
    if (R->errors > KP_CSV_MAX_ERRORS)
        kp_diag_report(R->d, KP_ERR_SYNTAX, R->name, 0, "%d more errors not shown",
                       R->errors - KP_CSV_MAX_ERRORS);
    int empty = R->nrecords == 0 && R->errors == 0;
    if (empty)
        kp_diag_report(R->d, KP_ERR_MISSING, R->name, 0, "the file is empty; expected a header");
    return R->errors || empty ? KP_ERR_SYNTAX : KP_OK;
}

/* Parses text (with a writable byte at text[len]) into records whose fields are arena copies. */
static kp_err parse_in_place(kp_csv *csv, char *text, size_t len, kp_arena *arena, kp_diag *d)
{
    kp_csv_rows R;
    kp_csv_rows_init(&R, text, len, csv->name, d);
    kp_csv_record r;
    while (kp_csv_rows_next(&R, &r)) {
        for (int i = 0; i < r.n; i++)
            r.fields[i] = kp_arena_strdup(arena, r.fields[i]);
        push_record(csv, &r);
    }
    return kp_csv_rows_finish(&R);
}

kp_err kp_csv_parse(kp_csv *csv, const char *text, size_t len, kp_arena *arena, kp_diag *d)
{
    char *copy = kp_xmalloc(len + 1);
    memcpy(copy, text, len);
    kp_err err = parse_in_place(csv, copy, len, arena, d);
    free(copy);
    return err;
}

/* Length of the UTF-8 sequence at s[i] (1-4), or 0 when it is not valid UTF-8. */
static size_t utf8_char(const unsigned char *s, size_t i, size_t len)
{
    unsigned char c = s[i];
    int n = c < 0x80             ? 0
            : (c & 0xE0) == 0xC0 ? 1
            : (c & 0xF0) == 0xE0 ? 2
            : (c & 0xF8) == 0xF0 ? 3
                                 : -1;
    if (n < 0 || (n == 1 && c < 0xC2) || i + (size_t)n >= len + (n == 0))
        return 0;
    for (int k = 1; k <= n; k++)
        if ((s[i + (size_t)k] & 0xC0) != 0x80)
            return 0;
    /* Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8. */
    if ((n == 2 && c == 0xE0 && s[i + 1] < 0xA0) || (n == 2 && c == 0xED && s[i + 1] >= 0xA0) ||
        (n == 3 && c == 0xF0 && s[i + 1] < 0x90) || (n == 3 && c == 0xF4 && s[i + 1] >= 0x90) ||
        (n == 3 && c > 0xF4))
        return 0;
    return (size_t)n + 1;
}

/* Length of the valid UTF-8 prefix; *line gets the line of the first bad
 * byte. Runs of ASCII (most of a data file) are skipped 8 bytes at a time. */
static size_t utf8_valid(const unsigned char *s, size_t len, long *line)
{
    size_t i = 0, n;
    while (i < len) {
        uint64_t w;
        if (i + 8 <= len && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ull))) {
            i += 8;
            continue;
        }
        if (!(n = utf8_char(s, i, len)))
            break;
        i += n;
    }
    *line = 1;
    for (const unsigned char *p = s; (p = memchr(p, '\n', (size_t)(s + i - p))); p++)
        (*line)++;
    return i;
}

static int converts(const char *from, const char *in, size_t len, char **out, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return -1;
    size_t cap = len * 2 + 16, left = cap;
    char *buf = kp_xmalloc(cap + 1), *o = buf; /* + 1: room to end the last field in place */
    char *i = (char *)in;
    size_t ileft = len;
    int ok = buf && iconv(cd, &i, &ileft, &o, &left) != (size_t)-1;
    iconv_close(cd);
    if (!ok) {
        free(buf);
        return -1;
    }
    *out = buf;
    *outlen = cap - left;
    return 0;
}

/* The whole file, with at least one spare byte after it; sized from fstat
 * when the file is regular, so a large file is read without regrowing. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct stat st;
    size_t cap = fstat(fileno(fp), &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 2 : 0;
    char *buf = cap ? kp_xmalloc(cap) : NULL;
    size_t n = 0, got;
    do {
        if (cap - n < 2) {
            cap = cap ? cap * 2 : 65536;
            char *grown = kp_xrealloc(buf, cap);
            buf = grown;
        }
        got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
    } while (got > 0);
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    *len = n;
    return buf;
}

/* The message for text that is not UTF-8, and whether it reads as GB18030. */
static kp_err not_utf8(const char *text, size_t len, const char *name, long line, kp_diag *d)
{
    char *conv;
    size_t clen;
    int gb = converts("GB18030", text, len, &conv, &clen) == 0;
    if (gb)
        free(conv);
    return kp_diag_report(d, KP_ERR_SYNTAX, name, line,
                          gb ? "not UTF-8 text; it reads as GB18030/GBK (as Excel in China "
                               "saves CSV): save it as UTF-8, or set 'encoding = gb18030' "
                               "in [run]"
                             : "not UTF-8 text: save the file as UTF-8 CSV");
}

kp_err kp_csv_text(const char *path, const char *name, const char *encoding, char **buf,
                   char **text, size_t *len, kp_diag *d)
{
    char *raw = slurp(path, len);
    if (!raw)
        return kp_diag_report(d, errno == ENOENT ? KP_ERR_MISSING : KP_ERR_IO, name, 0,
                              "cannot read: %s", strerror(errno));
    if (strcmp(encoding, "utf-8") != 0) {
        char *conv;
        size_t clen;
        int bad = converts("GB18030", raw, *len, &conv, &clen) != 0;
        free(raw);
        if (bad)
            return kp_diag_report(d, KP_ERR_SYNTAX, name, 0,
                                  "not valid %s text, as the run configuration declares", encoding);
        raw = conv;
        *len = clen;
    }
    char *t = raw;
    if (*len >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3)) {
        t += 3;
        *len -= 3;
    }
    long line;
    if (utf8_valid((const unsigned char *)t, *len, &line) < *len) {
        kp_err err = not_utf8(t, *len, name, line, d);
        free(raw);
        return err;
    }
    *buf = raw;
    *text = t;
    return KP_OK;
}

kp_err kp_csv_read(kp_csv *csv, const char *path, const char *name, const char *encoding,
                   kp_arena *arena, kp_diag *d)
{
    memset(csv, 0, sizeof *csv);
    csv->path = path;
    csv->name = name;
    char *buf, *text;
    size_t len;
    kp_err err = kp_csv_text(path, name, encoding, &buf, &text, &len, d);
    if (err)
        return err;
    err = parse_in_place(csv, text, len, arena, d);
    free(buf);
    if (err)
        kp_csv_free(csv); /* a failed read leaves nothing for the caller to free */
    return err;
}

void kp_csv_free(kp_csv *csv)
{
    if (!csv)
        return;
    free(csv->records);
    csv->records = NULL;
    csv->n = csv->cap = 0;
}

int kp_csv_column(const kp_csv *csv, const char *col)
{
    if (!csv->n)
        return -1;
    for (int i = 0; i < csv->records[0].n; i++)
        if (!strcmp(csv->records[0].fields[i], col))
            return i;
    return -1;
}

void kp_csv_where_at(const char *name, const char *sheet, long line, int col, char *buf,
                     size_t size)
{
    if (!sheet) {
        snprintf(buf, size, _("'%s' line %ld"), name, line);
        return;
    }
    if (col < 0) {
        snprintf(buf, size, _("'%s' sheet '%s' row %ld"), name, sheet, line);
        return;
    }
    char letters[8];
    kp_xlsx_column_name(col, letters);
    snprintf(buf, size, _("'%s' sheet '%s' cell %s%ld"), name, sheet, letters, line);
}

void kp_csv_unpivot(kp_csv *csv, const int *keep, int nkeep, const char *const *header, int nheader)
{
    kp_csv out = *csv;
    out.records = NULL;
    out.n = out.cap = 0;
    kp_csv_record h = {.line = csv->records[0].line, .n = nheader, .value_col = -1};
    for (int i = 0; i < nheader; i++)
        h.fields[i] = header[i];
    push_record(&out, &h);
    const kp_csv_record *head = &csv->records[0];
    for (size_t r = 1; r < csv->n; r++) {
        const kp_csv_record *in = &csv->records[r];
        for (int c = 0; c < in->n; c++) {
            int kept = 0;
            for (int k = 0; k < nkeep; k++)
                kept |= keep[k] == c;
            if (kept || !in->fields[c][0] || head->fields[c][0] == '_' || !head->fields[c][0])
                continue;
            kp_csv_record o = {.line = in->line, .n = nheader, .value_col = c, .sheet = in->sheet};
            for (int k = 0; k < nkeep; k++)
                o.fields[k] = in->fields[keep[k]];
            o.fields[nkeep] = head->fields[c];
            o.fields[nkeep + 1] = in->fields[c];
            for (int k = nkeep + 2; k < nheader; k++)
                o.fields[k] = "";
            push_record(&out, &o);
        }
    }
    free(csv->records);
    *csv = out;
}

void kp_csv_append(kp_csv *csv, const kp_csv_record *r)
{
    push_record(csv, r);
}
