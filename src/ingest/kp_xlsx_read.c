/* kp_xlsx_read.c - XLSX worksheets into records: libzip opens the package, libxml2 streams the XML.
 */
#include "kp_xlsx_read.h"
#include "../base/kp_i18n.h"
#include "../base/kp_mem.h"
#include "../base/kp_vec.h"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* What a cell's number format makes of its number. */
enum { KP_FMT_DATE = 1, KP_FMT_PERCENT = 2 };

/* A workbook's XML parts are read as streams (never a whole inflated copy in memory), with
 * libxml2's default limits (no XML_PARSE_HUGE) and no DTD: OPC forbids one in a package part,
 * and refusing it refuses every entity-expansion bomb. */
enum {
    KP_XLSX_PART_MAX = 1 << 30, /* inflated bytes a part may have */
    KP_XLSX_CELL_CHARS = 32767, /* Excel's limit on a cell's text, in UTF-16 units */
};

typedef struct {
    int failed;        /* the first error of the part being read */
    const char *part;  /* its package name */
    long line, column; /* where the XML went wrong (0: unknown) */
    char msg[200];
} part_error;

typedef struct {
    zip_t *zip;
    char **strings; /* shared strings */
    size_t nstrings;
    unsigned char *date_style; /* [xf index] KP_FMT_DATE, KP_FMT_PERCENT or 0 */
    size_t nstyles;
    part_error err;
} book;

typedef struct {
    zip_file_t *f;
    zip_uint64_t left; /* bytes the part may still inflate to */
    book *b;
} part_stream;

static int stream_read(void *ctx, char *buf, int len)
{
    part_stream *s = ctx;
    zip_int64_t got = zip_fread(s->f, buf, (zip_uint64_t)len);
    if (got < 0 || (zip_uint64_t)got > s->left) {
        snprintf(s->b->err.msg, sizeof s->b->err.msg, "%s",
                 got < 0 ? _("the package entry cannot be inflated (damaged zip)")
                         : _("the part inflates to more than 1 GiB"));
        s->b->err.failed = 1;
        return -1;
    }
    s->left -= (zip_uint64_t)got;
    return (int)got;
}

static int stream_close(void *ctx)
{
    part_stream *s = ctx;
    zip_fclose(s->f);
    free(s);
    return 0;
}

/* libxml2's first error in a part, with its place; later ones follow from it. */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    book *b = ctx;
    if (e && e->code == XML_ERR_NO_MEMORY) /* one policy, whoever ran out */
        kp_oom();
    if (b->err.failed || !e || e->level < XML_ERR_ERROR)
        return;
    b->err.failed = 1;
    b->err.line = e->line;
    b->err.column = e->int2;
    snprintf(b->err.msg, sizeof b->err.msg, "%s", e->message ? e->message : _("not XML"));
    b->err.msg[strcspn(b->err.msg, "\n")] = '\0';
}

/* A streaming reader over the package part `name`; NULL when the part is absent. */
static xmlTextReaderPtr open_part(book *b, const char *name)
{
    part_stream *s = kp_xcalloc(1, sizeof *s);
    if (!s || !(s->f = zip_fopen(b->zip, name, 0))) {
        free(s);
        return NULL;
    }
    s->left = KP_XLSX_PART_MAX;
    s->b = b;
    memset(&b->err, 0, sizeof b->err);
    b->err.part = name;
    /* On failure xmlReaderForIO closes the stream itself. */
    xmlTextReaderPtr r = xmlReaderForIO(stream_read, stream_close, s, NULL, NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOWARNING);
    if (r)
        xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, b);
    return r;
}

/* The next node of a part: 1, 0 at its well-formed end, -1 on an error (b->err). */
static int next_node(book *b, xmlTextReaderPtr r)
{
    int rc = xmlTextReaderRead(r);
    if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE) {
        snprintf(b->err.msg, sizeof b->err.msg, "%s",
                 _("a DTD (<!DOCTYPE>) is not allowed in a package part"));
        b->err.failed = 1;
        return -1;
    }
    if (rc < 0 && !b->err.failed) {
        b->err.failed = 1;
        snprintf(b->err.msg, sizeof b->err.msg, "%s", _("not well-formed XML"));
    }
    return b->err.failed ? -1 : rc;
}

/* The error of the part just read, named for the user: the workbook, the sheet (NULL for the
 * other parts) and where in the part (libxml2 reads ahead, so no cell is named: the last one
 * read may lie well before the damage); KP_OK when there was none. */
static kp_err part_failed(book *b, kp_diag *d, const char *name, const char *sheet)
{
    if (!b->err.failed)
        return KP_OK;
    char where[400], place[160];
    if (b->err.line > 0)
        snprintf(place, sizeof place, _("%s line %ld column %ld"), b->err.part, b->err.line,
                 b->err.column);
    else
        snprintf(place, sizeof place, "%s", b->err.part);
    if (sheet)
        snprintf(where, sizeof where, _("'%s' sheet '%s'"), name, sheet);
    else
        snprintf(where, sizeof where, "'%s'", name);
    return kp_diag_report_at(d, KP_ERR_SYNTAX, where, name, 0,
                             "not a well-formed workbook part (%s): %s", place, b->err.msg);
}

static int is_elem(xmlTextReaderPtr r, const char *name)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
           !strcmp((const char *)xmlTextReaderConstLocalName(r), name);
}

static int is_end(xmlTextReaderPtr r, const char *name)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
           !strcmp((const char *)xmlTextReaderConstLocalName(r), name);
}

static char *attr(xmlTextReaderPtr r, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* Text, CDATA and preserved blanks are all of an element's text. */
static int is_text(xmlTextReaderPtr r)
{
    int t = xmlTextReaderNodeType(r);
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
           t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || t == XML_READER_TYPE_WHITESPACE;
}

enum { KP_TEXT_LONG = 1 };

/* A cell's text as it is gathered from its text nodes and runs. */
typedef struct {
    char *s;
    size_t len, cap;
    int failed; /* KP_TEXT_LONG past Excel's cell limit */
} text_buf;

static void text_add(text_buf *t, const char *v)
{
    size_t vl = strlen(v);
    if (t->failed)
        return;
    /* A UTF-16 unit takes at least one byte: four bytes a unit is more than any cell. */
    if (t->len + vl > 4 * (size_t)KP_XLSX_CELL_CHARS + 4) {
        t->failed = KP_TEXT_LONG;
        return;
    }
    if (t->len + vl + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 64;
        while (cap < t->len + vl + 1)
            cap *= 2;
        char *grown = kp_xrealloc(t->s, cap);
        t->s = grown;
        t->cap = cap;
    }
    memcpy(t->s + t->len, v, vl + 1);
    t->len += vl;
}

static unsigned hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? (unsigned)(c - '0')
           : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
           : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                                  : 16;
}

/* OOXML writes a character XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x):
 * decoded in place (never longer than the escape); a surrogate stays as written. */
static void decode_escapes(char *s)
{
    char *w = s;
    for (const char *p = s; *p;) {
        unsigned c = 0, ok = p[0] == '_' && p[1] == 'x' && p[6] == '_';
        for (int i = 2; ok && i < 6; i++)
            ok = hex_digit(p[i]) < 16 && (c = c * 16 + hex_digit(p[i]), 1);
        if (ok && (c < 0xD800 || c > 0xDFFF)) {
            if (c < 0x80) {
                *w++ = (char)c;
            } else if (c < 0x800) {
                *w++ = (char)(0xC0 | c >> 6);
                *w++ = (char)(0x80 | (c & 0x3F));
            } else {
                *w++ = (char)(0xE0 | c >> 12);
                *w++ = (char)(0x80 | (c >> 6 & 0x3F));
                *w++ = (char)(0x80 | (c & 0x3F));
            }
            p += 7;
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
}

/* Takes the gathered text, escapes decoded (the empty string when none; NULL when it failed),
 * leaving t empty. */
static char *text_take(text_buf *t)
{
    char *s = t->failed ? NULL : t->s ? t->s : kp_xstrdup("");
    if (t->failed)
        free(t->s);
    if (s)
        decode_escapes(s);
    memset(t, 0, sizeof *t);
    return s;
}

/* What a cell's text may not be: a control character (none reaches an output file) or
 * longer than Excel's cell limit. NULL when the text is fine. */
static const char *text_fault(const char *s, char *buf, size_t size)
{
    size_t units = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F) {
            snprintf(buf, size, _("a control character (U+%04X) in the text; remove it"), *p);
            return buf;
        }
        if ((*p & 0xC0) != 0x80)
            units += *p >= 0xF0 ? 2 : 1; /* Excel counts UTF-16 units */
    }
    if (units > KP_XLSX_CELL_CHARS) {
        snprintf(buf, size, _("%zu characters, more than a cell holds (Excel: %d)"), units,
                 KP_XLSX_CELL_CHARS);
        return buf;
    }
    return NULL;
}

/* Shared strings: each <si> is the concatenation of its texts (rich runs and CDATA
 * included, phonetic runs not). A string past the cell limit is kept as NULL, for the cell
 * that uses it to be named. */
static int load_strings(book *b)
{
    xmlTextReaderPtr r = open_part(b, "xl/sharedStrings.xml");
    size_t cap = 0;
    text_buf cur = {0};
    int in_t = 0, in_rph = 0, rc = 0;
    while (r && (rc = next_node(b, r)) == 1) {
        if (is_elem(r, "si") && !xmlTextReaderIsEmptyElement(r)) {
            free(cur.s);
            memset(&cur, 0, sizeof cur);
        } else if (is_elem(r, "rPh")) {
            in_rph = !xmlTextReaderIsEmptyElement(r);
        } else if (is_end(r, "rPh")) {
            in_rph = 0;
        } else if (is_elem(r, "t")) {
            in_t = !xmlTextReaderIsEmptyElement(r);
        } else if (is_end(r, "t")) {
            in_t = 0;
        } else if (in_t && !in_rph && is_text(r)) {
            text_add(&cur, (const char *)xmlTextReaderConstValue(r));
        } else if (is_end(r, "si") || (is_elem(r, "si") && xmlTextReaderIsEmptyElement(r))) {
            b->strings = kp_vec_room(b->strings, b->nstrings, &cap, sizeof *b->strings, 256);
            b->strings[b->nstrings++] = text_take(&cur);
        }
    }
    free(cur.s);
    xmlFreeTextReader(r);
    return rc;
}

/* Whether a number format code shows a date: d, m or y outside quotes and brackets. */
static int date_code(const char *code)
{
    int quoted = 0, bracket = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '[')
            bracket = 1;
        else if (*p == ']')
            bracket = 0;
        else if (!quoted && !bracket && strchr("dmyDMY", *p))
            return 1;
    }
    return 0;
}

/* Whether a number format code shows a percent: a % outside quotes and
 * brackets, not escaped (Excel then shows the number times 100). */
static int percent_code(const char *code)
{
    int quoted = 0, bracket = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '\\' && !quoted && p[1])
            p++;
        else if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == '[')
            bracket = 1;
        else if (!quoted && *p == ']')
            bracket = 0;
        else if (!quoted && !bracket && *p == '%')
            return 1;
    }
    return 0;
}

/* A custom format code's class: a percent, a date, or neither. */
static int format_class(const char *code)
{
    return percent_code(code) ? KP_FMT_PERCENT : date_code(code) ? KP_FMT_DATE : 0;
}

/* A built-in format id's class: 9 and 10 are 0% and 0.00%. */
static int builtin_class(int f)
{
    if (f == 9 || f == 10)
        return KP_FMT_PERCENT;
    return (f >= 14 && f <= 22) || (f >= 45 && f <= 47) ? KP_FMT_DATE : 0;
}

/* styles.xml: which cell formats (xf) show dates, which percents. */
static void load_styles(book *b)
{
    xmlTextReaderPtr r = open_part(b, "xl/styles.xml");
    int custom[512] = {0}, in_xfs = 0;
    size_t cap = 0;
    while (r && next_node(b, r) == 1) {
        if (is_elem(r, "numFmt")) {
            char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
            if (id && code && atoi(id) >= 0 && atoi(id) < 512)
                custom[atoi(id)] = format_class(code);
            xmlFree(id);
            xmlFree(code);
        } else if (is_elem(r, "cellXfs")) {
            in_xfs = 1;
        } else if (is_end(r, "cellXfs")) {
            in_xfs = 0;
        } else if (in_xfs && is_elem(r, "xf")) {
            char *id = attr(r, "numFmtId");
            int f = id ? atoi(id) : 0;
            xmlFree(id);
            unsigned char *grown = kp_vec_room(b->date_style, b->nstyles, &cap, 1, 64);
            b->date_style = grown;
            b->date_style[b->nstyles++] =
                (unsigned char)(f >= 0 && f < 512 && custom[f] ? custom[f] : builtin_class(f));
        }
    }
    xmlFreeTextReader(r);
}

/* The package path of a sheet by name (NULL: the first), via workbook.xml and its rels. */
static char *sheet_path(book *b, const char *want, char *found_name, size_t size)
{
    char *rid = NULL;
    xmlTextReaderPtr r = open_part(b, "xl/workbook.xml");
    while (r && !rid && next_node(b, r) == 1) {
        if (!is_elem(r, "sheet"))
            continue;
        char *name = attr(r, "name");
        if (name && (!want || !strcmp(name, want))) {
            snprintf(found_name, size, "%s", name);
            rid = attr(r, "r:id");
            if (!rid)
                rid = (char *)xmlTextReaderGetAttributeNs(
                    r, (const xmlChar *)"id",
                    (const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/2006/"
                                     "relationships");
        }
        xmlFree(name);
    }
    xmlFreeTextReader(r);
    if (!rid)
        return NULL;
    r = open_part(b, "xl/_rels/workbook.xml.rels");
    char *path = NULL;
    while (r && !path && next_node(b, r) == 1) {
        if (!is_elem(r, "Relationship"))
            continue;
        char *id = attr(r, "Id"), *target = attr(r, "Target");
        if (id && target && !strcmp(id, rid)) {
            path = kp_xmalloc(strlen(target) + 4);
            if (path) /* targets are relative to xl/, or absolute from the package root */
                sprintf(path, "%s%s", target[0] == '/' ? "" : "xl/",
                        target[0] == '/' ? target + 1 : target);
        }
        xmlFree(id);
        xmlFree(target);
    }
    xmlFreeTextReader(r);
    xmlFree(rid);
    return path;
}

void kp_xlsx_column_name(int col, char *buf)
{
    char tmp[8];
    int n = 0;
    for (int c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        tmp[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
}

/* "D7" -> column 3. */
static int column_of(const char *ref)
{
    int c = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
        c = c * 26 + (*ref - 'A' + 1);
        if (c > 16384) /* past XFD, Excel's last column: not a cell we read */
            return KP_CSV_MAX_FIELDS;
    }
    return c - 1;
}

/* Removes leading zeros of digits[0..*nd) (moving the point *dot) and zeros after the point. */
static void trim_zeros(char *digits, int *nd, long *dot)
{
    int lead = 0;
    while (lead < *nd && digits[lead] == '0')
        lead++;
    memmove(digits, digits + lead, (size_t)(*nd - lead));
    *nd -= lead;
    *dot -= lead;
    while (*nd > 0 && *nd > *dot && digits[*nd - 1] == '0')
        (*nd)--;
}

/* A number as Excel writes it (5.5511151231257827E-17, 1E+3, -0, 84.125) in plain decimal
 * notation, digit for digit: nothing goes through binary, so the value read is the value
 * written. Returns -1 when v is not such a number or its plain form does not fit. */
static int plain_decimal(const char *v, char *buf, size_t size)
{
    const char *p = v + (*v == '-' || *v == '+');
    char digits[64];
    int nd = 0, point = -1;
    for (; isdigit((unsigned char)*p) || (*p == '.' && point < 0); p++) {
        if (*p == '.')
            point = nd;
        else if (nd < (int)sizeof digits)
            digits[nd++] = *p;
        else
            return -1;
    }
    if (nd == 0)
        return -1;
    long dot = point < 0 ? nd : point;
    if (*p == 'E' || *p == 'e') {
        p++;
        if (!isdigit((unsigned char)p[*p == '+' || *p == '-']))
            return -1;
        char *end;
        long e = strtol(p, &end, 10);
        if (e > 330 || e < -330)
            return -1;
        dot += e;
        p = end;
    }
    if (*p)
        return -1;
    trim_zeros(digits, &nd, &dot);
    size_t o = 0, need = (size_t)(nd + labs(dot) + 4);
    if (need >= size)
        return -1;
    if (*v == '-' && nd > 0) /* no "-0" */
        buf[o++] = '-';
    for (long i = 0; i < dot; i++) /* the integer part, zeros past the digits */
        buf[o++] = i < nd ? digits[i] : '0';
    if (dot <= 0)
        buf[o++] = '0';
    if (nd > dot) {
        buf[o++] = '.';
        for (long i = dot; i < nd; i++)
            buf[o++] = i < 0 ? '0' : digits[i];
    }
    buf[o] = '\0';
    return 0;
}

static void format_number(const char *v, int date, char *buf, size_t size)
{
    double x = strtod(v, NULL);
    if (date && x >= 1 && x < 2958466) {
        /* Excel's 1900 date system: serial 1 is 1900-01-01, with the phantom 1900-02-29. */
        long days = (long)floor(x) - (x >= 61 ? 25569 : 25568);
        long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
        long doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        snprintf(buf, size, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
        return;
    }
    if (plain_decimal(v, buf, size) != 0)
        snprintf(buf, size, "%s", v); /* not a number: the cell's text, for the message */
}

/* A number shown as a percent, as the clerk sees and typed it: 0.913 is
 * "91.3%" (15 significant digits, as Excel shows, so 0.913 x 100 is not
 * 91.30000000000001). The sign then says the value is a percent. */
static void format_percent(const char *v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g%%", strtod(v, NULL) * 100);
}

/* A numeric cell's text by its format's class. */
static void format_cell(const char *v, int fmt, char *buf, size_t size)
{
    if (fmt == KP_FMT_PERCENT)
        format_percent(v, buf, size);
    else
        format_number(v, fmt == KP_FMT_DATE, buf, size);
}

typedef struct {
    char *fields[KP_CSV_MAX_FIELDS];
    long row;
    int used; /* highest column with a value + 1 */
} raw_row;

static void clear_row(raw_row *r)
{
    for (int i = 0; i < KP_CSV_MAX_FIELDS; i++) {
        free(r->fields[i]);
        r->fields[i] = NULL;
    }
    r->used = 0;
}

/* Appends a finished row to csv (the first non-empty one is the header). */
static void emit_row(kp_csv *csv, raw_row *row, kp_arena *a, kp_diag *d, int *errors)
{
    if (!row->used)
        return;
    kp_csv_record rec = {.line = row->row, .value_col = -1};
    int width = csv->n ? csv->records[0].n : row->used;
    if (row->used > width && csv->n == 1 && !*errors) {
        /* The row after the header wider than it: a title row sits above the
         * header. One message for it, not one per row. */
        *errors = 20;
        kp_diag_report(d, KP_ERR_SYNTAX, csv->name, 0,
                       "sheet '%s' row %ld is narrower than row %ld below it: a title row above "
                       "the header? The header must be the sheet's first row; delete the rows "
                       "above it",
                       csv->sheet, csv->records[0].line, row->row);
        return;
    }
    if (row->used > width) {
        char col[8];
        kp_xlsx_column_name(row->used - 1, col);
        if ((*errors)++ < 20)
            kp_diag_report(d, KP_ERR_SYNTAX, csv->name, 0,
                           "sheet '%s' cell %s%ld: a value right of the header's columns",
                           csv->sheet, col, row->row);
        return;
    }
    rec.n = width;
    for (int i = 0; i < width; i++)
        rec.fields[i] = kp_arena_strdup(a, row->fields[i] ? row->fields[i] : "");
    kp_csv_append(csv, &rec);
}

/* The cell being read. */
typedef struct {
    int col, style;
    char *type;  /* its t attribute (xmlFree) */
    int in_text; /* inside <v>, or a <t> of <is> outside a phonetic run */
    int in_rph;
    text_buf text;
} cell_state;

/* A cell's value as the records hold it, by its type; NULL (and *why) when it cannot be. */
static char *cell_value(book *b, cell_state *c, char *raw, const char **why, char *buf, size_t size)
{
    if (c->type && !strcmp(c->type, "s")) {
        char *end;
        unsigned long i = strtoul(raw, &end, 10);
        int bad = end == raw || *end || i >= b->nstrings;
        free(raw);
        if (bad) {
            *why = N_("a shared string the workbook does not have");
            return NULL;
        }
        if (!b->strings[i])
            *why = N_("more characters than a cell holds (Excel: 32767)");
        return b->strings[i] ? kp_xstrdup(b->strings[i]) : NULL;
    }
    if (!c->type || !strcmp(c->type, "n")) {
        if (!raw[strspn(raw, " \t")])
            return raw;
        format_cell(raw, (size_t)c->style < b->nstyles ? b->date_style[c->style] : 0, buf, size);
        free(raw);
        return kp_xstrdup(buf);
    }
    return raw;
}

/* Ends a cell: its value into the row, or an error naming it. */
static void finish_cell(book *b, cell_state *c, raw_row *row, kp_csv *csv, kp_diag *d, int *errors)
{
    int failed = c->text.failed;
    char *raw = text_take(&c->text), buf[400], fault[120];
    const char *why =
        failed == KP_TEXT_LONG ? N_("more characters than a cell holds (Excel: 32767)") : NULL;
    char *v = raw ? cell_value(b, c, raw, &why, buf, sizeof buf) : NULL;
    if (v && !why)
        why = text_fault(v, fault, sizeof fault);
    if (why) {
        char where[400];
        kp_csv_where_at(csv->name, csv->sheet, row->row, c->col, where, sizeof where);
        if ((*errors)++ < 20)
            kp_diag_report_at(d, KP_ERR_VALUE, where, csv->name, row->row, "%s", _(why));
        free(v);
        return;
    }
    if (c->col < 0 || c->col >= KP_CSV_MAX_FIELDS) {
        free(v);
        return;
    }
    free(row->fields[c->col]);
    row->fields[c->col] = v;
    /* Blank text counts as empty, as a clerk sees it. */
    if (v[strspn(v, " \t")] && c->col + 1 > row->used)
        row->used = c->col + 1;
}

/* A <c> starts: its place, style and type. */
static void start_cell(xmlTextReaderPtr r, cell_state *c)
{
    char *ref = attr(r, "r"), *s = attr(r, "s");
    c->col = ref ? column_of(ref) : c->col + 1;
    c->style = s ? atoi(s) : 0;
    xmlFree(ref);
    xmlFree(s);
    xmlFree(c->type);
    c->type = attr(r, "t");
    free(c->text.s);
    memset(&c->text, 0, sizeof c->text);
    c->in_text = c->in_rph = 0;
}

/* One node of a sheet. */
static void sheet_node(book *b, xmlTextReaderPtr r, cell_state *c, raw_row *row, kp_csv *csv,
                       kp_arena *a, kp_diag *d, int *errors)
{
    if (is_elem(r, "row")) {
        char *n = attr(r, "r");
        row->row = n ? atol(n) : row->row + 1;
        xmlFree(n);
    }
    if (is_end(r, "row") || (is_elem(r, "row") && xmlTextReaderIsEmptyElement(r))) {
        emit_row(csv, row, a, d, errors);
        clear_row(row);
    } else if (is_elem(r, "c")) {
        start_cell(r, c);
        if (xmlTextReaderIsEmptyElement(r))
            finish_cell(b, c, row, csv, d, errors);
    } else if (is_end(r, "c")) {
        finish_cell(b, c, row, csv, d, errors);
    } else if (is_elem(r, "rPh")) {
        c->in_rph = !xmlTextReaderIsEmptyElement(r); /* phonetic runs are not the text */
    } else if (is_end(r, "rPh")) {
        c->in_rph = 0;
    } else if (is_elem(r, "v") || is_elem(r, "t")) {
        c->in_text = !c->in_rph && !xmlTextReaderIsEmptyElement(r);
    } else if (is_end(r, "v") || is_end(r, "t")) {
        c->in_text = 0;
    } else if (c->in_text && is_text(r)) {
        text_add(&c->text, (const char *)xmlTextReaderConstValue(r));
    }
}

/* Streams a sheet's rows and cells, to the well-formed end of the part. */
static kp_err read_sheet(book *b, kp_csv *csv, const char *spath, kp_arena *a, kp_diag *d)
{
    xmlTextReaderPtr r = open_part(b, spath);
    if (!r)
        return kp_diag_report(d, KP_ERR_SYNTAX, csv->name, 0,
                              "sheet '%s' is missing from the package", csv->sheet);
    raw_row row = {{0}, 0, 0};
    cell_state c = {.col = -1};
    int errors = 0;
    while (next_node(b, r) == 1)
        sheet_node(b, r, &c, &row, csv, a, d, &errors);
    clear_row(&row);
    xmlFree(c.type);
    free(c.text.s);
    xmlFreeTextReader(r);
    kp_err err = part_failed(b, d, csv->name, csv->sheet);
    return err ? err : errors ? KP_ERR_SYNTAX : KP_OK;
}

static void close_book(book *b)
{
    for (size_t i = 0; i < b->nstrings; i++)
        free(b->strings[i]);
    free(b->strings);
    free(b->date_style);
    if (b->zip)
        zip_discard(b->zip);
}

kp_err kp_xlsx_read(kp_csv *csv, const char *path, const char *name, const char *sheet,
                    kp_arena *arena, kp_diag *d)
{
    memset(csv, 0, sizeof *csv);
    csv->path = path;
    csv->name = name;
    int zerr = 0;
    book b = {.zip = zip_open(path, ZIP_RDONLY, &zerr)};
    if (!b.zip)
        return kp_diag_report(d, zerr == ZIP_ER_NOENT ? KP_ERR_MISSING : KP_ERR_SYNTAX, name, 0,
                              zerr == ZIP_ER_NOENT ? N_("cannot read: no such file")
                                                   : N_("not an XLSX workbook (a zip package)"));
    char found[256] = "";
    char *spath = sheet_path(&b, sheet, found, sizeof found);
    kp_err err = spath ? KP_OK : part_failed(&b, d, name, NULL);
    if (!spath) {
        close_book(&b);
        if (err)
            return err;
        if (sheet)
            return kp_diag_report(d, KP_ERR_MISSING, name, 0, "no sheet named '%s'", sheet);
        return kp_diag_report(d, KP_ERR_SYNTAX, name, 0, "no worksheet in the workbook");
    }
    csv->sheet = kp_arena_strdup(arena, found);
    if (load_strings(&b) < 0)
        err = part_failed(&b, d, name, NULL);
    if (!err) {
        load_styles(&b);
        err = part_failed(&b, d, name, NULL);
    }
    if (!err)
        err = read_sheet(&b, csv, spath, arena, d);
    free(spath);
    close_book(&b);
    if (!err && csv->n == 0)
        err = kp_diag_report(d, KP_ERR_MISSING, name, 0,
                             "sheet '%s' is empty; expected a "
                             "header row",
                             found);
    if (err)
        kp_csv_free(csv);
    return err;
}

int kp_xlsx_has_sheet(const char *path, const char *sheet)
{
    int zerr;
    book b = {.zip = zip_open(path, ZIP_RDONLY, &zerr)};
    if (!b.zip)
        return 0;
    char found[256];
    char *p = sheet_path(&b, sheet, found, sizeof found);
    int has = p != NULL;
    free(p);
    close_book(&b);
    return has;
}
