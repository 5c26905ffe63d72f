/* kp_pdf_hpdf.h - the libharu side of the PDF writer, shared by its files. */
#ifndef KP_PDF_HPDF_H
#define KP_PDF_HPDF_H

#include "kp_pdf_int.h"

/* Without HPDF_SHARED, hpdf.h exposes libharu's object structs (HPDF_Dict,
 * pages, the document's info dictionary): the writer builds its fonts,
 * content streams and compressed streams from those objects itself, and
 * adds what PDF/A needs (catalog and trailer entries, the version), which
 * libharu 2.3.0's own font loader and PDF/A calls get wrong or make slow. */
#include <hpdf.h>
#include <libdeflate.h>

/* The document's one instant (creation = modification), spelt as each
 * metadata format wants it: the Info dictionary and XMP must agree. */
typedef struct {
    char info[40]; /* D:YYYYMMDDHHmmSS+00'00' */
    char xmp[40];  /* YYYY-MM-DDTHH:MM:SS+00:00 */
} kp_pdf_when;

/* A growing byte buffer: content streams, CMaps and /W arrays are built
 * in one and handed to libharu whole. */
typedef struct {
    unsigned char *p;
    size_t n, cap;
} kp_buf;

void kp_buf_put(kp_buf *b, const void *data, size_t n);
void kp_buf_str(kp_buf *b, const char *s);
void kp_buf_int(kp_buf *b, long v);
/* v with at most `decimals` (0-6) digits after the point, trailing zeros
 * and a lone point dropped, "-0" written as "0". */
void kp_buf_fixed(kp_buf *b, double v, int decimals);
void kp_buf_free(kp_buf *b);

#define KP_Z_LEVELS 12 /* libdeflate's levels: 1 (fastest) to 12 (smallest) */

/* One kp_pdf_write() call. Everything a document needs while it is built
 * lives here (the deflate state and scratch buffers too), so that
 * documents can be written on several threads at once. */
typedef struct {
    HPDF_Doc pdf;
    kp_diag *d;
    const char *path;
    kp_err err; /* the first error reported, KP_OK while none: later checks return it */
    kp_pdf_when when;
    struct libdeflate_compressor *z[KP_Z_LEVELS]; /* by level - 1, made when first used */
    kp_buf scratch;                               /* compressed bytes on their way into libharu */
    kp_file_sum *sum; /* the written file's digest, when the caller asks for it */
} kp_pdf_ctx;

/* A face the document uses, and how it is embedded. */
typedef struct {
    const kp_face *face;
    hb_set_t *cps;   /* characters it sets in the document */
    hb_map_t *cid;   /* character -> CID in its font (the subset glyph id, mostly) */
    HPDF_Dict font;  /* the Type0 font dictionary */
    char res[24];    /* its name in the pages' /Font resources: F1, F2, ... */
    char psname[72]; /* face name, made unique within the document */
} kp_pdf_face;

/* KP_OK when st is HPDF_OK and nothing was reported; otherwise reports
 * (once per document) that `what` failed and returns the error. */
kp_err kp_pdf_check(kp_pdf_ctx *w, HPDF_STATUS st, const char *what);

/* HPDF_OK when obj (what a libharu call returned) is non-NULL, else the
 * error libharu recorded, or HPDF_INVALID_OBJECT when it recorded none. */
HPDF_STATUS kp_pdf_status(kp_pdf_ctx *w, const void *obj);

/* ---- Streams (kp_pdf_stream.c) ---- */

/* Deflate levels by what a stream holds (libdeflate's, 1-12), measured on
 * the one-page ranking table: its 48 KB font program takes 25.5 KB at 1,
 * 24.8 KB at 4, 24.5 KB at 6 (0.66 ms), 24.2 KB at 9 (1.3 ms); its 20 KB
 * of content 3.5 KB at 1, 2.9 KB at 6 (0.15 ms). Level 1 throughout: a
 * file ~5% larger (36.2 KB, not 34.5 KB) written in ~70% of the time
 * (1.0 ms, not 1.4 ms, a document; packets ~13% faster). */
#define KP_Z_FONT 1  /* font programs: most of a file's bytes */
#define KP_Z_TEXT 1  /* page content, CMaps */
#define KP_Z_STORE 0 /* not compressed */

/* A new stream object in w->pdf (libharu's DictStream) holding data[0..n),
 * deflated here at `level` (KP_Z_STORE: as it is) and marked
 * /FlateDecode; libharu itself compresses nothing. NULL on failure, with
 * the error recorded in w. */
HPDF_Dict kp_pdf_stream(kp_pdf_ctx *w, const void *data, size_t n, int level);
/* Fills an existing stream object (a page's contents) the same way. */
HPDF_STATUS kp_pdf_fill_stream(kp_pdf_ctx *w, HPDF_Dict s, const void *data, size_t n, int level);
/* Marks stream s as holding deflated bytes (put there already). */
HPDF_STATUS kp_pdf_mark_flate(HPDF_Dict s);
/* Deflates data[0..n) at level into w->scratch (replacing what it held). */
HPDF_STATUS kp_pdf_deflate(kp_pdf_ctx *w, const void *data, size_t n, int level);
/* Has dict d written with `text` (PDF syntax: "/Key value" pairs) after
 * its libharu-held entries: for arrays too long to build as objects. */
HPDF_STATUS kp_pdf_raw_entries(kp_pdf_ctx *w, HPDF_Dict d, const kp_buf *text);
/* Releases what the ctx's streams used. */
void kp_pdf_streams_done(kp_pdf_ctx *w);

/* The faces a document uses. */
typedef struct {
    kp_pdf_face *v;
    size_t n, cap;
} kp_pdf_faces;

/* Gathers the faces doc's text is set in (kp_chain_pick per character)
 * and the characters of each; fills d on failure. Free with
 * kp_pdf_free_faces() whatever it returns. */
void kp_pdf_collect_faces(kp_pdf_faces *fl, const kp_doc *doc);
/* The entry of fl for face f, NULL if the document does not use it. */
kp_pdf_face *kp_pdf_find_face(const kp_pdf_faces *fl, const kp_face *f);
/* Subsets and embeds every face of fl in w->pdf, filling font, res and cid. */
kp_err kp_pdf_embed_faces(kp_pdf_ctx *w, kp_pdf_faces *fl);
void kp_pdf_free_faces(kp_pdf_faces *fl);

/* Adds doc's pages to w->pdf and writes their content streams (and font
 * resources) ourselves; pages[i] receives page i. */
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

/* Adds the /GTS_PDFA1 output intent with the sRGB ICC profile, read and
 * deflated once per process under a lock (KP_ERR_MISSING naming the file
 * and its Debian package when it is absent, KP_ERR_VALUE when it is not an
 * ICC v2 RGB profile). */
kp_err kp_pdf_add_output_intent(kp_pdf_ctx *w);
/* Puts a zeroed /ID in the trailer, for kp_pdf_stamp_id() to fill in. */
kp_err kp_pdf_reserve_id(kp_pdf_ctx *w);
/* Fills the reserved /ID of the built file buf[0..n) with the MD5 of
 * buf itself (the ID zeroed): the same document always gets the same ID. */
kp_err kp_pdf_stamp_id(kp_pdf_ctx *w, unsigned char *buf, size_t n);

#endif
