/* kp_pdf_hpdf.h - the libharu side of the PDF writer, shared by its files. */
#ifndef KP_PDF_HPDF_H
#define KP_PDF_HPDF_H

#include "kp_pdf_int.h"

/* Without HPDF_SHARED, hpdf.h exposes libharu's object structs (HPDF_Dict,
 * the document's info dictionary, font definitions): the writer needs
 * them to replace libharu's ToUnicode map, subset tag and text strings,
 * and for what PDF/A adds (catalog and trailer entries, font descriptors,
 * the version), which libharu 2.3.0's own PDF/A calls get wrong. */
#include <hpdf.h>

/* The document's one instant (creation = modification), spelt as each
 * metadata format wants it: the Info dictionary and XMP must agree. */
typedef struct {
    char info[40]; /* D:YYYYMMDDHHmmSS+00'00' */
    char xmp[40];  /* YYYY-MM-DDTHH:MM:SS+00:00 */
} kp_pdf_when;

/* One kp_pdf_write() call. */
typedef struct {
    HPDF_Doc pdf;
    kp_diag *d;
    const char *path;
    kp_err err; /* the first error reported, KP_OK while none: later checks return it */
    kp_pdf_when when;
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

/* ---- Metadata (kp_pdf_meta.c) ---- */

/* The instant doc is dated: doc->date at 00:00 UTC, else SOURCE_DATE_EPOCH;
 * never the clock. KP_ERR_VALUE with d filled when doc->date is malformed,
 * SOURCE_DATE_EPOCH is not a number of seconds, or neither is there. */
kp_err kp_pdf_resolve_date(const kp_doc *doc, kp_pdf_when *out, kp_diag *d, const char *path);
/* A PDF text string (PDFDocEncoding or UTF-16BE) for utf8, allocated in
 * w->pdf; NULL on OOM. */
void *kp_pdf_new_text(kp_pdf_ctx *w, const char *utf8);
/* Writes doc's title, author, subject, keywords and creator, the producer
 * and w->when into the Info dictionary and, equal entry for entry, into an
 * uncompressed XMP packet in the catalog that names the file PDF/A-1b. */
kp_err kp_pdf_set_metadata(kp_pdf_ctx *w, const kp_doc *doc);

/* ---- The rest of PDF/A-1b (kp_pdf_pdfa.c) ---- */

/* Adds the /GTS_PDFA1 output intent with the sRGB ICC profile, read once
 * per process (KP_ERR_MISSING naming the file and its Debian package when
 * it is absent, KP_ERR_VALUE when it is not an ICC v2 RGB profile). */
kp_err kp_pdf_add_output_intent(kp_pdf_ctx *w);
/* Gives every font of fl a CIDSet; call after the last page is drawn. */
kp_err kp_pdf_add_cidsets(kp_pdf_ctx *w, const kp_pdf_faces *fl);
/* Puts a zeroed /ID in the trailer, for kp_pdf_stamp_id() to fill in. */
kp_err kp_pdf_reserve_id(kp_pdf_ctx *w);
/* Fills the reserved /ID of the built file buf[0..n) with the MD5 of
 * buf itself (the ID zeroed): the same document always gets the same ID. */
kp_err kp_pdf_stamp_id(kp_pdf_ctx *w, unsigned char *buf, size_t n);

#endif
