/* kp_pdf_meta.c - the document's metadata, written twice and kept equal: Info and XMP. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include "kp_pdf_hpdf.h"
#include "../base/kp_mem.h"
#include "kp_utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One fixed string, so that files stay byte-identical across runs; PDF/A
 * wants it twice (Info /Producer, XMP pdf:Producer). */
#define KP_PRODUCER "kaoping (Haru Free PDF Library " HPDF_VERSION_TEXT ")"

/* ---- The date ---- */

static int days_in(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

/* Parses "YYYY-MM-DD" into t (midnight); 0 ok, -1 malformed or not a real date. */
static int parse_date(const char *s, struct tm *t)
{
    static const char shape[] = "dddd-dd-dd";
    if (strlen(s) != sizeof shape - 1)
        return -1;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
            return -1;
    memset(t, 0, sizeof *t);
    t->tm_year = atoi(s) - 1900;
    t->tm_mon = atoi(s + 5) - 1;
    t->tm_mday = atoi(s + 8);
    if (t->tm_year < 1 - 1900 || t->tm_mon < 0 || t->tm_mon > 11 || t->tm_mday < 1 ||
        t->tm_mday > days_in(t->tm_year + 1900, t->tm_mon + 1))
        return -1;
    return 0;
}

/* Both spellings of one UTC instant, from the same fields (all in range:
 * the remainders only tell the compiler how wide each number prints). */
static void spell(kp_pdf_when *w, const struct tm *t)
{
    unsigned y = (unsigned)(t->tm_year + 1900) % 10000u, mo = (unsigned)(t->tm_mon + 1) % 100u,
             d = (unsigned)t->tm_mday % 100u, h = (unsigned)t->tm_hour % 100u,
             mi = (unsigned)t->tm_min % 100u, s = (unsigned)t->tm_sec % 100u;
    snprintf(w->info, sizeof w->info, "D:%04u%02u%02u%02u%02u%02u+00'00'", y, mo, d, h, mi, s);
    snprintf(w->xmp, sizeof w->xmp, "%04u-%02u-%02uT%02u:%02u:%02u+00:00", y, mo, d, h, mi, s);
}

/* SOURCE_DATE_EPOCH as the reproducible-builds convention defines it:
 * decimal seconds since 1970-01-01 UTC, nothing else. */
static int parse_epoch(const char *s, struct tm *t)
{
    const long long last = 253402300799LL; /* 9999-12-31T23:59:59Z: PDF years have 4 digits */
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (s[0] < '0' || s[0] > '9' || *end || errno || v > last)
        return -1;
    time_t tt = (time_t)v;
    return gmtime_r(&tt, t) ? 0 : -1;
}

kp_err kp_pdf_resolve_date(const kp_doc *doc, kp_pdf_when *out, kp_diag *d, const char *path)
{
    struct tm t;
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (doc->date[0] && parse_date(doc->date, &t) != 0)
        return kp_diag_report(d, KP_ERR_VALUE, path, 0, "date '%s' is not a valid YYYY-MM-DD date",
                              doc->date);
    if (!doc->date[0] && !epoch)
        return kp_diag_report(d, KP_ERR_VALUE, path, 0,
                              "document has no date and SOURCE_DATE_EPOCH is not set "
                              "(PDF/A needs one; the clock is never used, to keep output "
                              "reproducible)");
    if (!doc->date[0] && parse_epoch(epoch, &t) != 0)
        return kp_diag_report(d, KP_ERR_VALUE, path, 0,
                              "SOURCE_DATE_EPOCH '%s' is not a number of seconds since "
                              "1970-01-01 UTC (up to year 9999)",
                              epoch);
    spell(out, &t);
    return KP_OK;
}

/* ---- Text, the same characters in both places ---- */

/* What a character becomes in metadata: those XML 1.0 cannot carry
 * (controls other than tab, LF, CR; U+FFFE, U+FFFF) are replaced in the
 * Info dictionary too, so that the two stay equal. */
static uint32_t clean_cp(uint32_t cp)
{
    if ((cp < 0x20 && cp != 0x09 && cp != 0x0A && cp != 0x0D) || cp == 0xFFFE || cp == 0xFFFF)
        return KP_UTF8_BAD;
    return cp;
}

static int is_plain(const char *s)
{
    for (; *s; s++)
        if (*s < 0x20 || *s > 0x7E)
            return 0;
    return 1;
}

/* As it is when plain ASCII (PDFDocEncoding agrees there), else UTF-16BE
 * with a byte order mark, the only form in which viewers show Chinese
 * (and characters beyond the BMP) in the document properties and bookmarks. */
void *kp_pdf_new_text(kp_pdf_ctx *w, const char *utf8)
{
    if (is_plain(utf8))
        return HPDF_String_New(w->pdf->mmgr, utf8, NULL);
    size_t len = strlen(utf8), i = 0, n = 2;
    /* UTF-16 never takes more than twice the UTF-8 bytes (a stray byte
     * becomes U+FFFD, 2 bytes; 4 UTF-8 bytes become a surrogate pair). */
    unsigned char *b = kp_xmalloc(2 + 2 * len);
    b[0] = 0xFE;
    b[1] = 0xFF;
    while (i < len)
        n += kp_utf16_encode(clean_cp(kp_utf8_next(utf8, len, &i)), b + n);
    void *s = HPDF_Binary_New(w->pdf->mmgr, b, (HPDF_UINT)n);
    free(b);
    return s;
}

/* The reference XML character data needs for cp, NULL for none. CR is
 * one too: a parser would turn a literal CR into LF. */
static const char *entity(uint32_t cp)
{
    switch (cp) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case 0x0D:
        return "&#xD;";
    }
    return NULL;
}

/* Writes utf8 as XML character data: cleaned like kp_pdf_new_text(),
 * malformed bytes as U+FFFD, markup characters escaped. */
static HPDF_STATUS put_xml_text(HPDF_Stream st, const char *utf8)
{
    char buf[256];
    size_t len = strlen(utf8), i = 0, n = 0;
    HPDF_STATUS r = HPDF_OK;
    while (i < len && r == HPDF_OK) {
        uint32_t cp = clean_cp(kp_utf8_next(utf8, len, &i));
        const char *ent = entity(cp);
        if (ent) {
            memcpy(buf + n, ent, strlen(ent));
            n += strlen(ent);
        } else {
            n += kp_utf8_encode(cp, buf + n);
        }
        if (n > sizeof buf - 8 || i == len) {
            r = HPDF_Stream_Write(st, (const HPDF_BYTE *)buf, (HPDF_UINT)n);
            n = 0;
        }
    }
    return r;
}

/* ---- The entries ---- */

typedef enum { XMP_SIMPLE, XMP_ALT, XMP_SEQ } xmp_shape;

/* Each Info key and its XMP counterpart (PDF/A-1, 6.7.3). */
static const struct meta_field {
    const char *info;
    const char *xmp;
    xmp_shape shape;
    int date; /* the document's instant, spelt differently in each */
} fields[] = {
    {"Title", "dc:title", XMP_ALT, 0},
    {"Author", "dc:creator", XMP_SEQ, 0},
    {"Subject", "dc:description", XMP_ALT, 0},
    {"Keywords", "pdf:Keywords", XMP_SIMPLE, 0},
    {"Creator", "xmp:CreatorTool", XMP_SIMPLE, 0},
    {"Producer", "pdf:Producer", XMP_SIMPLE, 0},
    {"CreationDate", "xmp:CreateDate", XMP_SIMPLE, 1},
    {"ModDate", "xmp:ModifyDate", XMP_SIMPLE, 1},
};

#define NFIELDS (sizeof fields / sizeof fields[0])

/* The values of fields[] as Info and as XMP have them; NULL leaves a
 * field out of both. */
typedef struct {
    const char *info[NFIELDS];
    const char *xmp[NFIELDS];
} meta_values;

static void gather(meta_values *v, const kp_pdf_ctx *w, const kp_doc *doc)
{
    const char *text[NFIELDS] = {doc->title,    doc->author,  doc->subject,
                                 doc->keywords, doc->creator, KP_PRODUCER};
    for (size_t i = 0; i < NFIELDS; i++) {
        int set = fields[i].date || (text[i] && text[i][0]);
        v->info[i] = !set ? NULL : fields[i].date ? w->when.info : text[i];
        v->xmp[i] = !set ? NULL : fields[i].date ? w->when.xmp : text[i];
    }
}

static kp_err set_info(kp_pdf_ctx *w, const meta_values *v)
{
    /* libharu only creates the Info dictionary through HPDF_SetInfoAttr;
     * every entry, its default Producer included, is then replaced. */
    HPDF_STATUS st = HPDF_SetInfoAttr(w->pdf, HPDF_INFO_PRODUCER, "");
    for (size_t i = 0; i < NFIELDS && st == HPDF_OK; i++) {
        if (!v->info[i])
            continue;
        void *s = kp_pdf_new_text(w, v->info[i]);
        st = kp_pdf_status(w, s);
        if (st == HPDF_OK)
            st = HPDF_Dict_Add(w->pdf->info, fields[i].info, s);
    }
    return kp_pdf_check(w, st, "setting document information");
}

/* ---- XMP ---- */

/* The packet's frame; PDF/A-1 forbids the bytes and encoding attributes
 * in the header. One rdf:Description carries every namespace used. */
static const char xmp_head[] =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    "<rdf:Description rdf:about=\"\"\n"
    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
    " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
    "<pdfaid:part>1</pdfaid:part>\n"
    "<pdfaid:conformance>B</pdfaid:conformance>\n"
    "<dc:format>application/pdf</dc:format>\n";
static const char xmp_tail[] = "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
                               "<?xpacket end=\"w\"?>";

/* One property: <name>value</name>, the value inside an rdf:Alt (language
 * alternatives, x-default only) or rdf:Seq (ordered list) as XMP defines
 * dc:title, dc:description and dc:creator. */
static HPDF_STATUS put_property(HPDF_Stream st, const struct meta_field *f, const char *value)
{
    static const char *const open[] = {"", "<rdf:Alt><rdf:li xml:lang=\"x-default\">",
                                       "<rdf:Seq><rdf:li>"};
    static const char *const close[] = {"", "</rdf:li></rdf:Alt>", "</rdf:li></rdf:Seq>"};
    char tag[64];
    snprintf(tag, sizeof tag, "<%s>", f->xmp);
    HPDF_STATUS r = HPDF_Stream_WriteStr(st, tag);
    if (r == HPDF_OK)
        r = HPDF_Stream_WriteStr(st, open[f->shape]);
    if (r == HPDF_OK)
        r = put_xml_text(st, value);
    if (r == HPDF_OK)
        r = HPDF_Stream_WriteStr(st, close[f->shape]);
    snprintf(tag, sizeof tag, "</%s>\n", f->xmp);
    return r == HPDF_OK ? HPDF_Stream_WriteStr(st, tag) : r;
}

static HPDF_STATUS put_packet(HPDF_Stream st, const meta_values *v)
{
    HPDF_STATUS r = HPDF_Stream_WriteStr(st, xmp_head);
    for (size_t i = 0; i < NFIELDS && r == HPDF_OK; i++)
        if (v->xmp[i])
            r = put_property(st, &fields[i], v->xmp[i]);
    return r == HPDF_OK ? HPDF_Stream_WriteStr(st, xmp_tail) : r;
}

/* The catalog's /Metadata stream. Not libharu's HPDF_PDFA_SetPDFAConformance:
 * in 2.3.0 it writes /SubType for /Subtype, copies Info strings unescaped
 * (and fails on UTF-16 ones), cannot convert its own "Z" dates, and adds
 * a clock-based /ID. */
static kp_err set_xmp(kp_pdf_ctx *w, const meta_values *v)
{
    HPDF_Dict xmp = HPDF_DictStream_New(w->pdf->mmgr, w->pdf->xref);
    HPDF_STATUS st = kp_pdf_status(w, xmp);
    if (st == HPDF_OK) {
        xmp->filter = HPDF_STREAM_FILTER_NONE; /* PDF/A: readable without decoding */
        st = HPDF_Dict_AddName(xmp, "Type", "Metadata");
    }
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(xmp, "Subtype", "XML");
    if (st == HPDF_OK)
        st = put_packet(xmp->stream, v);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(w->pdf->catalog, "Metadata", xmp);
    return kp_pdf_check(w, st, "writing the XMP metadata");
}

kp_err kp_pdf_set_metadata(kp_pdf_ctx *w, const kp_doc *doc)
{
    meta_values v;
    gather(&v, w, doc);
    kp_err err = set_info(w, &v);
    return err == KP_OK ? set_xmp(w, &v) : err;
}
