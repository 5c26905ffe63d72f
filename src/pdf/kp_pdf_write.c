/* kp_pdf_write.c - turns a display list into a PDF file through libharu. */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC, getpid() */
#include "../base/kp_file.h"
#include "../base/kp_mem.h"
#include "kp_pdf_hpdf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- Errors ---- */

static const struct {
    HPDF_STATUS code;
    const char *what;
} hpdf_errors[] = {
    {HPDF_BINARY_LENGTH_ERR, "string too long"},
    {HPDF_FAILD_TO_ALLOC_MEM, "out of memory"},
    {HPDF_FILE_IO_ERROR, "file input/output error"},
    {HPDF_FILE_OPEN_ERROR, "cannot open a file"},
    {HPDF_INVALID_DATE_TIME, "invalid date"},
    {HPDF_INVALID_DOCUMENT, "document unusable after an earlier error"},
    {HPDF_INVALID_OBJECT, "invalid object"},
    {HPDF_PAGE_INVALID_FONT_SIZE, "invalid font size"},
    {HPDF_PAGE_INVALID_SIZE, "invalid page size"},
    {HPDF_PAGE_OUT_OF_RANGE, "value out of range"},
    {HPDF_STRING_OUT_OF_RANGE, "string too long"},
    {HPDF_TTF_CANNOT_EMBEDDING_FONT, "font may not be embedded"},
    {HPDF_TTF_INVALID_CMAP, "invalid cmap in font"},
    {HPDF_TTF_INVALID_FOMAT, "invalid TrueType data"},
    {HPDF_TTF_MISSING_TABLE, "TrueType table missing"},
};

static const char *hpdf_what(HPDF_STATUS code)
{
    for (size_t i = 0; i < sizeof hpdf_errors / sizeof hpdf_errors[0]; i++)
        if (hpdf_errors[i].code == code)
            return hpdf_errors[i].what;
    return "see hpdf_error.h";
}

/* Records libharu's error (the first one only: after it every call fails
 * with INVALID_DOCUMENT) and returns, letting the failing call return its
 * status to us; never longjmps. */
static void on_hpdf_error(HPDF_STATUS err, HPDF_STATUS detail, void *user)
{
    kp_pdf_ctx *w = user;
    if (err == HPDF_FAILD_TO_ALLOC_MEM)
        kp_oom();
    if (w->err != KP_OK)
        return;
    w->err = kp_diag_report(w->d, KP_ERR_PDF, w->path, 0, "libharu error 0x%04X (%s), detail %u",
                            (unsigned)err, hpdf_what(err), (unsigned)detail);
}

kp_err kp_pdf_check(kp_pdf_ctx *w, HPDF_STATUS st, const char *what)
{
    if (st == HPDF_FAILD_TO_ALLOC_MEM)
        kp_oom();
    if (w->err != KP_OK || st == HPDF_OK)
        return w->err;
    w->err = kp_diag_report(w->d, KP_ERR_PDF, w->path, 0, "libharu error 0x%04X (%s) %s",
                            (unsigned)st, hpdf_what(st), what);
    return w->err;
}

HPDF_STATUS kp_pdf_status(kp_pdf_ctx *w, const void *obj)
{
    if (obj)
        return HPDF_OK;
    HPDF_STATUS st = HPDF_GetError(w->pdf);
    return st ? st : HPDF_INVALID_OBJECT;
}

/* ---- Checking the display list before libharu sees it ---- */

static kp_err check_op(const kp_op *op, size_t page, kp_diag *d, const char *path)
{
    if (op->kind == KP_OP_TEXT && (!op->chain || !op->text))
        return kp_diag_report(d, KP_ERR_VALUE, path, 0, "page %zu: text without font chain",
                              page + 1);
    if (op->kind == KP_OP_TEXT && !(op->size > 0 && op->size <= HPDF_MAX_FONTSIZE))
        return kp_diag_report(d, KP_ERR_VALUE, path, 0, "page %zu: font size %g out of range",
                              page + 1, op->size);
    if (op->kind != KP_OP_TEXT && !(op->size >= 0 && op->size <= HPDF_MAX_LINEWIDTH))
        return kp_diag_report(d, KP_ERR_VALUE, path, 0, "page %zu: line width %g out of range",
                              page + 1, op->size);
    return KP_OK;
}

static kp_err check_page(const kp_page *p, size_t i, kp_diag *d, const char *path)
{
    if (!(p->width >= HPDF_MIN_PAGE_SIZE && p->width <= HPDF_MAX_PAGE_SIZE &&
          p->height >= HPDF_MIN_PAGE_SIZE && p->height <= HPDF_MAX_PAGE_SIZE))
        return kp_diag_report(d, KP_ERR_VALUE, path, 0, "page %zu: size %g x %g out of range",
                              i + 1, p->width, p->height);
    for (size_t k = 0; k < p->n; k++)
        if (check_op(&p->ops[k], i, d, path) != KP_OK)
            return d->code;
    return KP_OK;
}

/* Catches what libharu would reject with a bare code, or accept wrongly. */
static kp_err check_doc(const kp_doc *doc, kp_pdf_when *when, kp_diag *d, const char *path)
{
    if (doc->n == 0)
        return kp_diag_report(d, KP_ERR_VALUE, path, 0, "document has no pages");
    kp_err err = kp_pdf_resolve_date(doc, when, d, path);
    if (err != KP_OK)
        return err;
    for (size_t i = 0; i < doc->nmarks; i++)
        if (doc->marks[i].page >= doc->n || !doc->marks[i].title)
            return kp_diag_report(
                d, KP_ERR_VALUE, path, 0, "bookmark '%s' points at page %zu of %zu",
                doc->marks[i].title ? doc->marks[i].title : "", doc->marks[i].page + 1, doc->n);
    for (size_t i = 0; i < doc->n; i++)
        if (check_page(&doc->pages[i], i, d, path) != KP_OK)
            return d->code;
    return KP_OK;
}

/* ---- Bookmarks ---- */

static kp_err add_bookmark(kp_pdf_ctx *w, const struct kp_bookmark *m, HPDF_Page page)
{
    HPDF_Outline o = HPDF_CreateOutline(w->pdf, NULL, "", NULL);
    HPDF_STATUS st = kp_pdf_status(w, o);
    void *title = st == HPDF_OK ? kp_pdf_new_text(w, m->title) : NULL;
    if (st == HPDF_OK)
        st = kp_pdf_status(w, title);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(o, "Title", title);
    HPDF_Destination dst = st == HPDF_OK ? HPDF_Page_CreateDestination(page) : NULL;
    if (st == HPDF_OK)
        st = kp_pdf_status(w, dst);
    if (st == HPDF_OK)
        st = HPDF_Outline_SetDestination(o, dst);
    return kp_pdf_check(w, st, "adding a bookmark");
}

static kp_err add_bookmarks(kp_pdf_ctx *w, const kp_doc *doc, const HPDF_Page *pages)
{
    for (size_t i = 0; i < doc->nmarks; i++) {
        kp_err err = add_bookmark(w, &doc->marks[i], pages[doc->marks[i].page]);
        if (err != KP_OK)
            return err;
    }
    if (doc->nmarks == 0)
        return KP_OK;
    return kp_pdf_check(w, HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE),
                        "showing the bookmarks");
}

/* ---- Saving ---- */

/* Has libharu build the file in memory, then writes it out. */
static kp_err save(kp_pdf_ctx *w)
{
    kp_err err = kp_pdf_check(w, HPDF_SaveToStream(w->pdf), "building the file");
    if (err != KP_OK)
        return err;
    HPDF_UINT32 n = HPDF_GetStreamSize(w->pdf);
    unsigned char *buf = kp_xmalloc(n ? n : 1);
    /* Asking for exactly the stream's size reads it whole without hitting
     * end-of-stream, which libharu would report as an error. */
    err = kp_pdf_check(w, HPDF_ReadFromStream(w->pdf, buf, &n), "reading the built file");
    if (err == KP_OK)
        err = kp_pdf_stamp_id(w, buf, n);
    if (err == KP_OK)
        err = kp_file_replace(w->path, buf, n, w->d);
    if (err == KP_OK && w->sum) {
        kp_sha256_hex(buf, n, w->sum->hex);
        w->sum->size = (long long)n;
    }
    free(buf);
    return err;
}

/* ---- The whole ---- */

static kp_err open_doc(kp_pdf_ctx *w)
{
    w->pdf = HPDF_New(on_hpdf_error, w);
    if (!w->pdf) /* libharu's only reason to fail here */
        kp_oom();
    /* PDF/A-1 is based on PDF 1.4; libharu 2.3.0 writes %PDF-1.3 and has
     * no setter for the version, only this field. */
    w->pdf->pdf_version = HPDF_VER_14;
    /* No HPDF_SetCompressionMode: every stream is deflated here
     * (kp_pdf_stream.c), at a level chosen for what it holds; libharu
     * would use zlib's default level for all. */
    return KP_OK;
}

/* What makes the file PDF/A-1b, beyond what every step already keeps to
 * (fonts embedded, no transparency, no encryption, Flate only). */
static kp_err make_pdfa(kp_pdf_ctx *w, const kp_doc *doc)
{
    kp_err err = kp_pdf_set_metadata(w, doc);
    if (err == KP_OK)
        err = kp_pdf_add_output_intent(w);
    return err == KP_OK ? kp_pdf_reserve_id(w) : err;
}

static kp_err build_doc(kp_pdf_ctx *w, const kp_doc *doc, kp_pdf_faces *fl)
{
    HPDF_Page *pages = kp_xcalloc(doc->n, sizeof *pages);
    kp_err err = open_doc(w);
    if (err == KP_OK)
        err = kp_pdf_embed_faces(w, fl);
    if (err == KP_OK)
        err = kp_pdf_draw_pages(w, doc, fl, pages);
    if (err == KP_OK)
        err = make_pdfa(w, doc);
    if (err == KP_OK)
        err = add_bookmarks(w, doc, pages);
    if (err == KP_OK)
        err = save(w);
    free(pages);
    return err;
}

kp_err kp_pdf_write(const kp_doc *doc, const char *path, kp_diag *d)
{
    return kp_pdf_write_sum(doc, path, NULL, d);
}

kp_err kp_pdf_write_sum(const kp_doc *doc, const char *path, kp_file_sum *sum, kp_diag *d)
{
    kp_pdf_ctx w = {.d = d, .path = path, .sum = sum};
    kp_pdf_faces fl = {0};
    kp_err err = check_doc(doc, &w.when, d, path);
    if (err == KP_OK) {
        kp_pdf_collect_faces(&fl, doc);
        err = build_doc(&w, doc, &fl);
    }
    if (w.pdf)
        HPDF_Free(w.pdf);
    kp_pdf_streams_done(&w);
    kp_pdf_free_faces(&fl);
    return err;
}
