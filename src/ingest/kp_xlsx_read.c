/* kp_xlsx_read.c - XLSX worksheets into records: libzip opens the package, libxml2 streams the XML. */
#include "kp_xlsx_read.h"
#include "../base/kp_vec.h"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* What a cell's number format makes of its number. */
enum { KP_FMT_DATE = 1, KP_FMT_PERCENT = 2 };

typedef struct {
    zip_t *zip;
    char **strings; /* shared strings */
    size_t nstrings;
    unsigned char *date_style; /* [xf index] KP_FMT_DATE, KP_FMT_PERCENT or 0 */
    size_t nstyles;
} book;

/* A whole package entry, NUL-terminated; NULL when absent. */
static char *entry(zip_t *z, const char *name, size_t *len)
{
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > (1u << 30))
        return NULL;
    zip_file_t *f = zip_fopen(z, name, 0);
    char *buf = f ? malloc(st.size + 1) : NULL;
    zip_int64_t got = buf ? zip_fread(f, buf, st.size) : -1;
    if (f)
        zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(buf);
        return NULL;
    }
    buf[st.size] = '\0';
    if (len)
        *len = st.size;
    return buf;
}

static xmlTextReaderPtr reader(const char *xml, size_t len)
{
    return xmlReaderForMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                             XML_PARSE_NOWARNING | XML_PARSE_HUGE);
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

/* Shared strings: each <si> is the concatenation of its <t> texts (rich runs included). */
static int load_strings(book *b)
{
    size_t len;
    char *xml = entry(b->zip, "xl/sharedStrings.xml", &len);
    if (!xml)
        return 0;
    xmlTextReaderPtr r = reader(xml, len);
    size_t cap = 0;
    char *cur = NULL;
    size_t curlen = 0;
    int in_t = 0, in_rph = 0;
    while (r && xmlTextReaderRead(r) == 1) {
        if (is_elem(r, "si")) {
            free(cur);
            cur = calloc(1, 1);
            curlen = 0;
        } else if (is_elem(r, "rPh")) {
            in_rph = !xmlTextReaderIsEmptyElement(r); /* phonetic runs are not the text */
        } else if (is_end(r, "rPh")) {
            in_rph = 0;
        } else if (is_elem(r, "t")) {
            in_t = !xmlTextReaderIsEmptyElement(r);
        } else if (is_end(r, "t")) {
            in_t = 0;
        } else if (in_t && !in_rph && cur &&
                   (xmlTextReaderNodeType(r) == XML_READER_TYPE_TEXT ||
                    xmlTextReaderNodeType(r) == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            size_t vl = strlen(v);
            char *grown = realloc(cur, curlen + vl + 1);
            if (grown) {
                cur = grown;
                memcpy(cur + curlen, v, vl + 1);
                curlen += vl;
            }
        } else if (is_end(r, "si") && cur) {
            char **grown = kp_vec_room(b->strings, b->nstrings, &cap, sizeof *grown, 256);
            if (!grown)
                break;
            b->strings = grown;
            b->strings[b->nstrings++] = cur;
            cur = NULL;
        }
    }
    free(cur);
    xmlFreeTextReader(r);
    free(xml);
    return 0;
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
    size_t len;
    char *xml = entry(b->zip, "xl/styles.xml", &len);
    if (!xml)
        return;
    xmlTextReaderPtr r = reader(xml, len);
    int custom[512] = {0}, in_xfs = 0;
    size_t cap = 0;
    while (r && xmlTextReaderRead(r) == 1) {
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
            if (!grown)
                break;
            b->date_style = grown;
            b->date_style[b->nstyles++] =
                (unsigned char)(f >= 0 && f < 512 && custom[f] ? custom[f] : builtin_class(f));
        }
    }
    xmlFreeTextReader(r);
    free(xml);
}

/* The package path of a sheet by name (NULL: the first), via workbook.xml and its rels. */
static char *sheet_path(book *b, const char *want, char *found_name, size_t size)
{
    size_t len;
    char *xml = entry(b->zip, "xl/workbook.xml", &len), *rid = NULL;
    xmlTextReaderPtr r = xml ? reader(xml, len) : NULL;
    while (r && !rid && xmlTextReaderRead(r) == 1) {
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
    free(xml);
    if (!rid)
        return NULL;
    xml = entry(b->zip, "xl/_rels/workbook.xml.rels", &len);
    r = xml ? reader(xml, len) : NULL;
    char *path = NULL;
    while (r && !path && xmlTextReaderRead(r) == 1) {
        if (!is_elem(r, "Relationship"))
            continue;
        char *id = attr(r, "Id"), *target = attr(r, "Target");
        if (id && target && !strcmp(id, rid)) {
            path = malloc(strlen(target) + 4);
            if (path) /* targets are relative to xl/, or absolute from the package root */
                sprintf(path, "%s%s", target[0] == '/' ? "" : "xl/",
                        target[0] == '/' ? target + 1 : target);
        }
        xmlFree(id);
        xmlFree(target);
    }
    xmlFreeTextReader(r);
    free(xml);
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
    snprintf(buf, size, "%.15g", x);
    if (strtod(buf, NULL) != x)
        snprintf(buf, size, "%.17g", x);
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
static int emit_row(kp_csv *csv, raw_row *row, kp_arena *a, kp_diag *d, int *errors)
{
    if (!row->used)
        return 0;
    kp_csv_record rec = {.line = row->row, .value_col = -1};
    int width = csv->n ? csv->records[0].n : row->used;
    if (row->used > width) {
        char col[8];
        kp_xlsx_column_name(row->used - 1, col);
        if ((*errors)++ < 20)
            kp_diag_report(d, KP_ERR_SYNTAX, csv->name, 0,
                           "sheet '%s' cell %s%ld: a value right of the header's columns",
                           csv->sheet, col, row->row);
        return 0;
    }
    rec.n = width;
    for (int i = 0; i < width; i++) {
        rec.fields[i] = kp_arena_strdup(a, row->fields[i] ? row->fields[i] : "");
        if (!rec.fields[i])
            return -1;
    }
    return kp_csv_append(csv, &rec) == KP_OK ? 0 : -1;
}

/* Streams a sheet's rows and cells. */
static kp_err read_sheet(book *b, kp_csv *csv, const char *xml, size_t len, kp_arena *a,
                      kp_diag *d)
{
    xmlTextReaderPtr r = reader(xml, len);
    raw_row row = {{0}, 0, 0};
    int col = -1, in_v = 0, errors = 0, style = 0, rc = 0;
    char *type = NULL;
    while (r && rc == 0 && xmlTextReaderRead(r) == 1) {
        if (is_elem(r, "row")) {
            char *n = attr(r, "r");
            row.row = n ? atol(n) : row.row + 1;
            xmlFree(n);
        } else if (is_end(r, "row") || (is_elem(r, "row") && xmlTextReaderIsEmptyElement(r))) {
            rc = emit_row(csv, &row, a, d, &errors);
            clear_row(&row);
        } else if (is_elem(r, "c")) {
            char *ref = attr(r, "r"), *s = attr(r, "s");
            col = ref ? column_of(ref) : col + 1;
            style = s ? atoi(s) : 0;
            xmlFree(ref);
            xmlFree(s);
            xmlFree(type);
            type = attr(r, "t");
        } else if (is_elem(r, "v") || is_elem(r, "t")) {
            in_v = !xmlTextReaderIsEmptyElement(r);
        } else if (is_end(r, "v") || is_end(r, "t")) {
            in_v = 0;
        } else if (in_v && col >= 0 && col < KP_CSV_MAX_FIELDS &&
                   xmlTextReaderNodeType(r) == XML_READER_TYPE_TEXT) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            char buf[64];
            const char *text = v;
            if (type && !strcmp(type, "s")) {
                size_t i = (size_t)atol(v);
                text = i < b->nstrings ? b->strings[i] : "";
            } else if (!type || !strcmp(type, "n")) {
                format_cell(v, (size_t)style < b->nstyles ? b->date_style[style] : 0, buf,
                            sizeof buf);
                text = buf;
            }
            free(row.fields[col]);
            row.fields[col] = strdup(text);
            /* Blank text counts as empty, as a clerk sees it. */
            if (text[strspn(text, " \t")] && col + 1 > row.used)
                row.used = col + 1;
        }
    }
    clear_row(&row);
    xmlFree(type);
    if (!r || rc < 0) {
        xmlFreeTextReader(r);
        return kp_diag_report(d, KP_ERR_NOMEM, csv->name, 0, "cannot read sheet '%s'",
                              csv->sheet);
    }
    xmlFreeTextReader(r);
    return errors ? KP_ERR_SYNTAX : KP_OK;
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
    book b = {zip_open(path, ZIP_RDONLY, &zerr), NULL, 0, NULL, 0};
    if (!b.zip)
        return kp_diag_report(d, zerr == ZIP_ER_NOENT ? KP_ERR_MISSING : KP_ERR_SYNTAX, name, 0,
                              zerr == ZIP_ER_NOENT ? "cannot read: no such file"
                                                   : "not an XLSX workbook (a zip package)");
    char found[256] = "";
    char *spath = sheet_path(&b, sheet, found, sizeof found);
    if (!spath) {
        close_book(&b);
        if (sheet)
            return kp_diag_report(d, KP_ERR_MISSING, name, 0, "no sheet named '%s'", sheet);
        return kp_diag_report(d, KP_ERR_SYNTAX, name, 0, "no worksheet in the workbook");
    }
    csv->sheet = kp_arena_strdup(arena, found);
    load_strings(&b);
    load_styles(&b);
    size_t len;
    char *xml = entry(b.zip, spath, &len);
    kp_err err = xml ? read_sheet(&b, csv, xml, len, arena, d)
                     : kp_diag_report(d, KP_ERR_SYNTAX, name, 0, "sheet '%s' is missing from "
                                      "the package", found);
    free(xml);
    free(spath);
    close_book(&b);
    if (!err && csv->n == 0)
        err = kp_diag_report(d, KP_ERR_MISSING, name, 0, "sheet '%s' is empty; expected a "
                             "header row", found);
    if (err)
        kp_csv_free(csv);
    return err;
}

int kp_xlsx_has_sheet(const char *path, const char *sheet)
{
    int zerr;
    book b = {zip_open(path, ZIP_RDONLY, &zerr), NULL, 0, NULL, 0};
    if (!b.zip)
        return 0;
    char found[256];
    char *p = sheet_path(&b, sheet, found, sizeof found);
    int has = p != NULL;
    free(p);
    close_book(&b);
    return has;
}
