/* kp_csv.c - a quoting-aware CSV reader that keeps line numbers for messages. */
#include "kp_csv.h"
#include "../base/kp_vec.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KP_CSV_MAX_ERRORS 20

static int push_record(kp_csv *csv, const kp_csv_record *r)
{
    kp_csv_record *v = kp_vec_room(csv->records, csv->n, &csv->cap, sizeof *v, 256);
    if (!v)
        return -1;
    csv->records = v;
    csv->records[csv->n++] = *r;
    return 0;
}

typedef struct {
    kp_csv *csv;
    kp_arena *arena;
    kp_diag *d;
    const char *p, *end;
    long line;
    int errors;
    char *buf; /* field being built */
    size_t blen, bcap;
} parser;

static void error(parser *P, long line, const char *msg)
{
    if (P->errors++ < KP_CSV_MAX_ERRORS)
        kp_diag_report(P->d, KP_ERR_SYNTAX, P->csv->name, line, "%s", msg);
}

static int buf_put(parser *P, char c)
{
    if (P->blen + 1 >= P->bcap) {
        size_t cap = P->bcap ? P->bcap * 2 : 256;
        char *grown = realloc(P->buf, cap);
        if (!grown)
            return -1;
        P->buf = grown;
        P->bcap = cap;
    }
    P->buf[P->blen++] = c;
    return 0;
}

/* Reads one field; returns the char that ended it (',', '\n', or 0 at
 * end), -1 on OOM. Quoted fields may hold commas, quotes ("") and newlines. */
static int read_field(parser *P)
{
    P->blen = 0;
    int quoted = P->p < P->end && *P->p == '"';
    long start = P->line;
    if (quoted)
        P->p++;
    while (P->p < P->end) {
        char c = *P->p++;
        if (c == '\0') { /* would silently cut the field short wherever it is used */
            error(P, P->line, "a NUL byte in the text: not a CSV file saved as text");
            continue;
        }
        if (quoted) {
            if (c == '"') {
                if (P->p < P->end && *P->p == '"') {
                    P->p++;
                } else {
                    quoted = 0;
                    if (P->p < P->end && *P->p != ',' && *P->p != '\n' && *P->p != '\r') {
                        error(P, P->line, "text after a closing quote; a quote inside a quoted "
                                          "field is written as \"\"");
                        while (P->p < P->end && *P->p != ',' && *P->p != '\n')
                            P->p++;
                    }
                    continue;
                }
            } else if (c == '\n') {
                P->line++;
            }
        } else if (c == ',' || c == '\n') {
            return c;
        } else if (c == '\r') {
            continue;
        } else if (c == '"') {
            error(P, P->line, "a quote inside an unquoted field; quote the whole field");
        }
        if (buf_put(P, c) < 0)
            return -1;
    }
    if (quoted) {
        char msg[96];
        snprintf(msg, sizeof msg, "a quoted field opened on line %ld is never closed", start);
        error(P, start, msg);
    }
    return 0;
}

static int is_blank_record(const kp_csv_record *r)
{
    return r->n == 1 && r->fields[0][0] == '\0';
}

kp_err kp_csv_parse(kp_csv *csv, const char *text, size_t len, kp_arena *arena, kp_diag *d)
{
    parser P = {csv, arena, d, text, text + len, 1, 0, NULL, 0, 0};
    int before = d->count;
    while (P.p < P.end) {
        kp_csv_record r = {.line = P.line, .value_col = -1};
        int end;
        do {
            end = read_field(&P);
            if (end < 0)
                goto oom;
            if (r.n == KP_CSV_MAX_FIELDS) {
                error(&P, r.line, "more than 64 columns");
                break;
            }
            /* Blanks around unquoted fields are a spreadsheet artefact. */
            char *f = kp_arena_strndup(arena, P.buf ? P.buf : "", P.blen);
            if (!f)
                goto oom;
            r.fields[r.n++] = f;
        } while (end == ',');
        if (end == '\n')
            P.line++;
        if (is_blank_record(&r))
            continue;
        if (csv->n && r.n != csv->records[0].n) {
            char msg[160];
            snprintf(msg, sizeof msg, "%d fields, but the header has %d", r.n,
                     csv->records[0].n);
            error(&P, r.line, msg);
            continue;
        }
        if (push_record(csv, &r) < 0)
            goto oom;
    }
    free(P.buf);
    if (P.errors > KP_CSV_MAX_ERRORS)
        kp_diag_report(d, KP_ERR_SYNTAX, csv->name, 0, "%d more errors not shown",
                       P.errors - KP_CSV_MAX_ERRORS);
    if (csv->n == 0 && d->count == before)
        kp_diag_report(d, KP_ERR_MISSING, csv->name, 0, "the file is empty; expected a header");
    return d->count > before ? KP_ERR_SYNTAX : KP_OK;
oom:
    free(P.buf);
    return kp_diag_report(d, KP_ERR_NOMEM, csv->name, 0, "out of memory");
}

/* Length of the valid UTF-8 prefix; *line gets the line of the first bad byte. */
static size_t utf8_valid(const unsigned char *s, size_t len, long *line)
{
    size_t i = 0;
    *line = 1;
    while (i < len) {
        unsigned char c = s[i];
        int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
                : (c & 0xF8) == 0xF0             ? 3
                                                 : -1;
        if (n < 0 || (n == 1 && c < 0xC2) || i + (size_t)n >= len + (n == 0))
            return i;
        for (int k = 1; k <= n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        /* Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8. */
        if ((n == 2 && c == 0xE0 && s[i + 1] < 0xA0) || (n == 2 && c == 0xED && s[i + 1] >= 0xA0) ||
            (n == 3 && c == 0xF0 && s[i + 1] < 0x90) || (n == 3 && c == 0xF4 && s[i + 1] >= 0x90) ||
            (n == 3 && c > 0xF4))
            return i;
        if (c == '\n')
            (*line)++;
        i += (size_t)n + 1;
    }
    return i;
}

static int converts(const char *from, const char *in, size_t len, char **out, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return -1;
    size_t cap = len * 2 + 16, left = cap;
    char *buf = malloc(cap), *o = buf;
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

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 65536;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(fp);
                errno = ENOMEM;
                return NULL;
            }
            buf = grown;
        }
        got = fread(buf + n, 1, cap - n, fp);
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

kp_err kp_csv_read(kp_csv *csv, const char *path, const char *name, const char *encoding,
                   kp_arena *arena, kp_diag *d)
{
    memset(csv, 0, sizeof *csv);
    csv->path = path;
    csv->name = name;
    size_t len = 0;
    char *raw = slurp(path, &len);
    if (!raw)
        return kp_diag_report(d, errno == ENOENT ? KP_ERR_MISSING : KP_ERR_IO, name, 0,
                              "cannot read: %s", strerror(errno));
    char *text = raw;
    if (strcmp(encoding, "utf-8") != 0) {
        char *conv;
        size_t clen;
        if (converts("GB18030", raw, len, &conv, &clen) != 0) {
            free(raw);
            return kp_diag_report(d, KP_ERR_SYNTAX, name, 0,
                                  "not valid %s text, as the run configuration declares",
                                  encoding);
        }
        free(raw);
        raw = text = conv;
        len = clen;
    }
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        text += 3;
        len -= 3;
    }
    long line;
    size_t valid = utf8_valid((const unsigned char *)text, len, &line);
    if (valid < len) {
        char *conv;
        size_t clen;
        int gb = converts("GB18030", text, len, &conv, &clen) == 0;
        if (gb)
            free(conv);
        free(raw);
        return kp_diag_report(d, KP_ERR_SYNTAX, name, line,
                              gb ? "not UTF-8 text; it reads as GB18030/GBK (as Excel in China "
                                   "saves CSV): save it as UTF-8, or set 'encoding = gb18030' "
                                   "in [run]"
                                 : "not UTF-8 text: save the file as UTF-8 CSV");
    }
    kp_err err = kp_csv_parse(csv, text, len, arena, d);
    free(raw);
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

void kp_csv_where(const kp_csv *csv, const kp_csv_record *r, int col, char *buf, size_t size)
{
    const char *sheet = r->sheet ? r->sheet : csv->sheet;
    if (!sheet) {
        snprintf(buf, size, "'%s' line %ld", csv->name, r->line);
        return;
    }
    if (col < 0) {
        snprintf(buf, size, "'%s' sheet '%s' row %ld", csv->name, sheet, r->line);
        return;
    }
    /* Excel column letters. */
    char letters[8];
    int n = 0, c = col + 1;
    char tmp[8];
    while (c > 0 && n < 7) {
        tmp[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    for (int i = 0; i < n; i++)
        letters[i] = tmp[n - 1 - i];
    letters[n] = '\0';
    snprintf(buf, size, "'%s' sheet '%s' cell %s%ld", csv->name, sheet, letters, r->line);
}

kp_err kp_csv_unpivot(kp_csv *csv, const int *keep, int nkeep, const char *const *header,
                      int nheader, kp_arena *arena, kp_diag *d)
{
    kp_csv out = *csv;
    out.records = NULL;
    out.n = out.cap = 0;
    kp_csv_record h = {.line = csv->records[0].line, .n = nheader, .value_col = -1};
    for (int i = 0; i < nheader; i++)
        h.fields[i] = header[i];
    if (push_record(&out, &h) < 0)
        goto oom;
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
            if (push_record(&out, &o) < 0)
                goto oom;
        }
    }
    free(csv->records);
    *csv = out;
    (void)arena;
    return KP_OK;
oom:
    free(out.records);
    return kp_diag_report(d, KP_ERR_NOMEM, csv->name, 0, "out of memory");
}

kp_err kp_csv_append(kp_csv *csv, const kp_csv_record *r)
{
    return push_record(csv, r) < 0 ? KP_ERR_NOMEM : KP_OK;
}
