/* kp_ofd.c - an OFD package from a display list: its XML parts, its fonts, one zip. */
#include "kp_ofd_int.h"
#include "../base/kp_mem.h"
#include "../base/kp_file.h"
#include "../pdf/kp_utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libdeflate.h>
#include <zip.h>

/* Every entry's timestamp (DOS time, local-zone free): 1980-01-01 00:00. */
#define KP_OFD_DOSDATE ((0u << 9) | (1u << 5) | 1u)
#define KP_OFD_DOSTIME 0u
/* libdeflate's level for every entry, as for the PDF's fonts and pages (KP_Z_FONT): an OFD
 * then costs 1.4x its PDF, where zlib's default level in libzip cost 2.4x. */
#define KP_OFD_ZLEVEL 1

/* The characters each face sets, gathered from the whole document. */
typedef struct {
    uint32_t *cps;
    size_t n, cap;
} cp_list;

typedef struct {
    kp_ofd_fonts fl;
    cp_list chars[32];
} font_plan;

int kp_ofd_font_id(const kp_ofd_fonts *fl, const kp_face *f)
{
    for (int i = 0; i < fl->n; i++)
        if (fl->faces[i] == f)
            return i + 1;
    return 0;
}

void kp_ofd_name(const char *pdf_name, char *buf, size_t size)
{
    size_t n = strlen(pdf_name);
    if (n > 4 && !strcmp(pdf_name + n - 4, ".pdf"))
        snprintf(buf, size, "%.*s.ofd", (int)(n - 4), pdf_name);
    else
        snprintf(buf, size, "%s.ofd", pdf_name);
}

static int add_cp(font_plan *p, const kp_face *f, uint32_t cp)
{
    int id = kp_ofd_font_id(&p->fl, f);
    if (!id) {
        if (p->fl.n == 32)
            return -1;
        p->fl.faces[p->fl.n++] = f;
        id = p->fl.n;
    }
    cp_list *l = &p->chars[id - 1];
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        uint32_t *g = kp_xrealloc(l->cps, cap * sizeof *g);
        l->cps = g;
        l->cap = cap;
    }
    l->cps[l->n++] = cp;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void sort_unique(cp_list *l)
{
    qsort(l->cps, l->n, sizeof *l->cps, cmp_u32);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++)
        if (k == 0 || l->cps[k - 1] != l->cps[i])
            l->cps[k++] = l->cps[i];
    l->n = k;
}

/* The faces in first-use order and the characters each sets, as the pages pick them. */
static int plan_fonts(font_plan *p, const kp_doc *doc)
{
    for (size_t i = 0; i < doc->n; i++)
        for (size_t k = 0; k < doc->pages[i].n; k++) {
            const kp_op *op = &doc->pages[i].ops[k];
            if (op->kind != KP_OP_TEXT)
                continue;
            size_t len = strlen(op->text), j = 0;
            while (j < len) {
                uint32_t cp = kp_utf8_next(op->text, len, &j);
                int f = kp_chain_pick(op->chain, cp);
                if (f >= 0 && add_cp(p, op->chain->faces[f], cp) != 0)
                    return -1;
            }
        }
    for (int i = 0; i < p->fl.n; i++)
        sort_unique(&p->chars[i]);
    return 0;
}

static void plan_free(font_plan *p)
{
    for (int i = 0; i < 32; i++)
        free(p->chars[i].cps);
}

/* YYYY-MM-DD: the document's date, else SOURCE_DATE_EPOCH's day (the PDF
 * written just before has already refused a document with neither). */
static void creation_date(const kp_doc *doc, char out[40])
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    struct tm t = {0};
    time_t s = epoch ? (time_t)strtoll(epoch, NULL, 10) : 0;
    if (doc->date[0]) {
        snprintf(out, 40, "%.10s", doc->date);
        return;
    }
    gmtime_r(&s, &t);
    snprintf(out, 40, "%04d-%02d-%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday);
}

static void put_el(kp_ofd_buf *b, const char *name, const char *text)
{
    if (!text || !text[0])
        return;
    kp_ofd_printf(b, "<ofd:%s>", name);
    kp_ofd_esc(b, text);
    kp_ofd_printf(b, "</ofd:%s>\n", name);
}

/* DocID: 32 hex digits of the SHA-256 of what identifies the document, so
 * that it is the same in every run and differs between documents. */
static void doc_id(const kp_doc *doc, const char *date, char out[33])
{
    kp_ofd_buf b = {0};
    const char *parts[] = {doc->title, doc->author, doc->subject, doc->keywords, date};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        kp_ofd_str(&b, parts[i] ? parts[i] : "");
        kp_ofd_put(&b, "\n", 1);
    }
    char hex[65];
    kp_sha256_hex(b.p ? b.p : "", b.n, hex);
    memcpy(out, hex, 32);
    out[32] = '\0';
    free(b.p);
}

static void ofd_xml(kp_ofd_buf *b, const kp_doc *doc)
{
    char date[40], id[33];
    creation_date(doc, date);
    doc_id(doc, date, id);
    kp_ofd_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:OFD " KP_OFD_NS
                  " Version=\"1.0\" DocType=\"OFD\">\n<ofd:DocBody>\n<ofd:DocInfo>\n");
    put_el(b, "DocID", id);
    put_el(b, "Title", doc->title);
    put_el(b, "Author", doc->author);
    put_el(b, "Subject", doc->subject);
    put_el(b, "CreationDate", date);
    put_el(b, "Creator", doc->creator);
    if (doc->keywords && doc->keywords[0]) {
        kp_ofd_str(b, "<ofd:CustomDatas><ofd:CustomData Name=\"DocNumber\">");
        kp_ofd_esc(b, doc->keywords);
        kp_ofd_str(b, "</ofd:CustomData></ofd:CustomDatas>\n");
    }
    kp_ofd_str(b, "</ofd:DocInfo>\n<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>\n"
                  "</ofd:DocBody>\n</ofd:OFD>\n");
}

/* Page i has unit ID first_page + i; fonts have 1..nfonts. */
static void document_xml(kp_ofd_buf *b, const kp_doc *doc, unsigned first_page, unsigned max_id)
{
    kp_ofd_printf(b,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Document " KP_OFD_NS
                  ">\n<ofd:CommonData>\n<ofd:MaxUnitID>%u</ofd:MaxUnitID>\n"
                  "<ofd:PageArea><ofd:PhysicalBox>0 0 ",
                  max_id);
    kp_ofd_mm(b, KP_OFD_MM(doc->pages[0].width));
    kp_ofd_put(b, " ", 1);
    kp_ofd_mm(b, KP_OFD_MM(doc->pages[0].height));
    kp_ofd_str(b, "</ofd:PhysicalBox></ofd:PageArea>\n"
                  "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>\n</ofd:CommonData>\n<ofd:Pages>\n");
    for (size_t i = 0; i < doc->n; i++)
        kp_ofd_printf(b, "<ofd:Page ID=\"%u\" BaseLoc=\"Pages/Page_%zu/Content.xml\"/>\n",
                      first_page + (unsigned)i, i);
    kp_ofd_str(b, "</ofd:Pages>\n");
    if (doc->nmarks) {
        kp_ofd_str(b, "<ofd:Outlines>\n");
        for (size_t i = 0; i < doc->nmarks; i++) {
            kp_ofd_str(b, "<ofd:OutlineElem Title=\"");
            kp_ofd_esc(b, doc->marks[i].title);
            kp_ofd_printf(b,
                          "\"><ofd:Actions><ofd:Action Event=\"CLICK\"><ofd:Goto>"
                          "<ofd:Dest Type=\"XYZ\" PageID=\"%u\" Left=\"0\" Top=\"0\"/>"
                          "</ofd:Goto></ofd:Action></ofd:Actions></ofd:OutlineElem>\n",
                          first_page + (unsigned)doc->marks[i].page);
        }
        kp_ofd_str(b, "</ofd:Outlines>\n");
    }
    kp_ofd_str(b, "</ofd:Document>\n");
}

static void public_res(kp_ofd_buf *b, const kp_ofd_fonts *fl)
{
    kp_ofd_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Res " KP_OFD_NS
                  " BaseLoc=\"Res\">\n<ofd:Fonts>\n");
    for (int i = 0; i < fl->n; i++) {
        const char *name = kp_face_psname(fl->faces[i]);
        kp_ofd_printf(b, "<ofd:Font ID=\"%d\" FontName=\"", i + 1);
        kp_ofd_esc(b, name);
        kp_ofd_str(b, "\" FamilyName=\"");
        kp_ofd_esc(b, name);
        kp_ofd_printf(b, "\"><ofd:FontFile>font_%d.ttf</ofd:FontFile></ofd:Font>\n", i + 1);
    }
    kp_ofd_str(b, "</ofd:Fonts>\n</ofd:Res>\n");
}

/* An entry deflated by libdeflate before libzip sees it: a source that says it holds
 * DEFLATE data (with its size and CRC) is copied into the archive as it is, which saves
 * libzip's zlib pass, most of the time an OFD took. */
typedef struct {
    unsigned char *z; /* the raw deflate stream (malloc'd) */
    size_t zn, n, at; /* its length, the data's length, the read position */
    uint32_t crc;     /* the data's CRC-32 */
    zip_error_t error;
} deflated;

static zip_int64_t deflated_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    deflated *e = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        e->at = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        size_t k = e->zn - e->at < len ? e->zn - e->at : (size_t)len;
        memcpy(data, e->z + e->at, k);
        e->at += k;
        return (zip_int64_t)k;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
        st->size = e->n;
        st->comp_size = e->zn;
        st->comp_method = ZIP_CM_DEFLATE;
        st->crc = e->crc;
        return sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&e->error, data, len);
    case ZIP_SOURCE_FREE:
        zip_error_fini(&e->error);
        free(e->z);
        free(e);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
    default:
        zip_error_set(&e->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* data's n bytes as a deflated source (data is freed here). */
static deflated *deflate_data(struct libdeflate_compressor *c, void *data, size_t n)
{
    deflated *e = kp_xcalloc(1, sizeof *e);
    size_t bound = libdeflate_deflate_compress_bound(c, n);
    e->z = kp_xmalloc(bound ? bound : 1);
    e->zn = libdeflate_deflate_compress(c, data, n, e->z, bound);
    e->n = n;
    e->crc = libdeflate_crc32(0, data, n);
    zip_error_init(&e->error);
    free(data);
    return e;
}

/* Adds data (taken over) as name, deflated, with the fixed timestamp. */
static int add_entry(zip_t *za, struct libdeflate_compressor *c, const char *name, void *data,
                     size_t n)
{
    deflated *e = deflate_data(c, data, n);
    zip_source_t *s = zip_source_function(za, deflated_cb, e);
    if (!s) {
        deflated_cb(e, NULL, 0, ZIP_SOURCE_FREE);
        return -1;
    }
    zip_int64_t idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(s);
        return -1;
    }
    return zip_file_set_dostime(za, (zip_uint64_t)idx, KP_OFD_DOSTIME, KP_OFD_DOSDATE, 0);
}

/* Adds a buffer's bytes as name; the buffer is emptied (its bytes handed over). */
static int add_buf(zip_t *za, struct libdeflate_compressor *c, const char *name, kp_ofd_buf *b)
{
    void *p = b->p;
    size_t n = b->n;
    memset(b, 0, sizeof *b);
    return add_entry(za, c, name, p, n);
}

/* The fonts as subset TrueType files, Doc_0/Res/font_<id>.ttf. */
static kp_err add_fonts(zip_t *za, struct libdeflate_compressor *c, const font_plan *p,
                        const char *path, kp_diag *d)
{
    for (int i = 0; i < p->fl.n; i++) {
        unsigned char *bytes;
        size_t len;
        kp_err err =
            kp_face_subset_file(p->fl.faces[i], p->chars[i].cps, p->chars[i].n, &bytes, &len, d);
        if (err)
            return err;
        char name[64];
        snprintf(name, sizeof name, "Doc_0/Res/font_%d.ttf", i + 1);
        if (add_entry(za, c, name, bytes, len) != 0)
            return kp_diag_report(d, KP_ERR_IO, path, 0, "libzip cannot pack the OFD's fonts");
    }
    return KP_OK;
}

/* Every part in its fixed place: OFD.xml, Document.xml, PublicRes.xml, fonts, pages. */
static kp_err add_parts(zip_t *za, const kp_doc *doc, const font_plan *p, const char *path,
                        kp_diag *d)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(KP_OFD_ZLEVEL);
    if (!c) /* libdeflate fails only for want of memory */
        kp_oom();
    unsigned first_page = (unsigned)p->fl.n + 1, id = first_page + (unsigned)doc->n;
    kp_ofd_buf *pages = kp_xcalloc(doc->n, sizeof *pages);
    kp_ofd_buf b = {0};
    int bad = 0;
    for (size_t i = 0; i < doc->n; i++)
        kp_ofd_page(&pages[i], &doc->pages[i], &doc->pages[0], &p->fl, &id);
    if (!bad) {
        ofd_xml(&b, doc);
        bad = add_buf(za, c, "OFD.xml", &b);
    }
    if (!bad) {
        document_xml(&b, doc, first_page, id - 1);
        bad = add_buf(za, c, "Doc_0/Document.xml", &b);
    }
    if (!bad) {
        public_res(&b, &p->fl);
        bad = add_buf(za, c, "Doc_0/PublicRes.xml", &b);
    }
    kp_err err = bad ? kp_diag_report(d, KP_ERR_IO, path, 0, "libzip cannot pack the OFD") : KP_OK;
    if (!err)
        err = add_fonts(za, c, p, path, d);
    for (size_t i = 0; !err && i < doc->n; i++) {
        char name[64];
        snprintf(name, sizeof name, "Doc_0/Pages/Page_%zu/Content.xml", i);
        if (add_buf(za, c, name, &pages[i]) != 0)
            err = kp_diag_report(d, KP_ERR_IO, path, 0, "libzip cannot pack the OFD");
    }
    for (size_t i = 0; pages && i < doc->n; i++)
        free(pages[i].p);
    free(pages);
    free(b.p);
    libdeflate_free_compressor(c);
    return err;
}

/* The finished archive's bytes, read back from libzip's memory source. */
static unsigned char *source_bytes(zip_source_t *src, size_t *n)
{
    zip_stat_t st;
    unsigned char *buf = NULL;
    if (zip_source_stat(src, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(src) != 0)
        return NULL;
    buf = kp_xmalloc(st.size ? st.size : 1);
    if (zip_source_read(src, buf, st.size) != (zip_int64_t)st.size) {
        free(buf);
        buf = NULL;
    }
    zip_source_close(src);
    *n = (size_t)st.size;
    return buf;
}

/* The package in memory, zipped by libzip. */
static kp_err pack(const kp_doc *doc, const font_plan *p, unsigned char **out, size_t *n,
                   const char *path, kp_diag *d)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    zip_error_fini(&ze);
    if (!za) /* an archive in memory fails to start only for want of memory */
        kp_oom();
    zip_source_keep(src); /* zip_close() would free it: the bytes are read after */
    kp_err err = add_parts(za, doc, p, path, d);
    if (err) {
        zip_discard(za);
    } else if (zip_close(za) != 0) {
        err = kp_diag_report(d, KP_ERR_IO, path, 0, "libzip: %s", zip_strerror(za));
        zip_discard(za);
    }
    *out = err ? NULL : source_bytes(src, n);
    zip_source_free(src);
    if (!err && !*out)
        err = kp_diag_report(d, KP_ERR_IO, path, 0, "libzip cannot read the packed OFD back");
    return err;
}

kp_err kp_ofd_write_sum(const kp_doc *doc, const char *path, kp_file_sum *sum, kp_diag *d)
{
    if (doc->n == 0)
        return kp_diag_report(d, KP_ERR_VALUE, path, 0, "an OFD needs at least one page");
    font_plan p;
    memset(&p, 0, sizeof p);
    kp_err err = plan_fonts(&p, doc) == 0 ? KP_OK
                                          : kp_diag_report(d, KP_ERR_FONT, path, 0,
                                                           "more than 32 faces in one document");
    unsigned char *bytes = NULL;
    size_t n = 0;
    if (!err)
        err = pack(doc, &p, &bytes, &n, path, d);
    if (!err)
        err = kp_file_replace(path, bytes, n, d);
    if (!err && sum) {
        kp_sha256_hex(bytes, n, sum->hex);
        sum->size = (long long)n;
    }
    free(bytes);
    plan_free(&p);
    return err;
}
