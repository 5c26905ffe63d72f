/* kp_pdf_hpdf.h - the libharu side of the PDF writer, shared by its three files. */
#ifndef KP_PDF_HPDF_H
#define KP_PDF_HPDF_H

#include "kp_pdf_int.h"

/* Without HPDF_SHARED, hpdf.h exposes libharu's object structs (HPDF_Dict,
 * the document's info dictionary, font definitions): the writer needs
 * them to replace libharu's ToUnicode map, subset tag and text strings. */
#include <hpdf.h>

/* One kp_pdf_write() call. */
typedef struct {
    HPDF_Doc pdf;
    kp_diag *d;
    const char *path;
    kp_err err; /* the first error reported, KP_OK while none: later checks return it */
} kp_pdf_ctx;

/* A face the document uses, and how it is embedded. */
typedef struct {
    const kp_face *face;
    hb_set_t *cps;      /* characters it sets in the document */
    hb_map_t *pua;      /* character -> PUA code in its subset */
    HPDF_Font font;
    char psname[72];    /* face name, made unique within the document */
} kp_pdf_face;

/* KP_OK when st is HPDF_OK and nothing was reported; otherwise reports
 * (once per document) that `what` failed and returns the error. */
kp_err kp_pdf_check(kp_pdf_ctx *w, HPDF_STATUS st, const char *what);

/* HPDF_OK when obj (what a libharu call returned) is non-NULL, else the
 * error libharu recorded, or HPDF_INVALID_OBJECT when it recorded none. */
HPDF_STATUS kp_pdf_status(kp_pdf_ctx *w, const void *obj);

/* The faces a document uses. */
typedef struct {
    kp_pdf_face *v;
    size_t n, cap;
} kp_pdf_faces;

/* Gathers the faces doc's text is set in (kp_chain_pick per character)
 * and the characters of each; fills d on failure. Free with
 * kp_pdf_free_faces() whatever it returns. */
kp_err kp_pdf_collect_faces(kp_pdf_faces *fl, const kp_doc *doc, kp_diag *d, const char *path);
/* The entry of fl for face f, NULL if the document does not use it. */
kp_pdf_face *kp_pdf_find_face(const kp_pdf_faces *fl, const kp_face *f);
/* Subsets and embeds every face of fl in w->pdf, filling font and pua. */
kp_err kp_pdf_embed_faces(kp_pdf_ctx *w, kp_pdf_faces *fl);
void kp_pdf_free_faces(kp_pdf_faces *fl);

/* Adds doc's pages to w->pdf and draws them; pages[i] receives page i. */
kp_err kp_pdf_draw_pages(kp_pdf_ctx *w, const kp_doc *doc, const kp_pdf_faces *fl,
                         HPDF_Page *pages);

#endif
