/* kp_pdf.h - a page display list and its PDF writer (libharu + hb-subset). */
#ifndef KP_PDF_H
#define KP_PDF_H

#include "../base/kp_error.h"
#include "../base/kp_sha256.h"
#include <stddef.h>
#include <stdint.h>

/* ---- Faces: a font file parsed once per run, shared by all documents. ---- */

typedef struct kp_face kp_face;

/* Loads face `index` of a TrueType file or collection (.ttf/.ttc).
 * Only TrueType outlines (a 'glyf' table) are embedded (as FontFile2), and
 * a face whose OS/2 fsType forbids embedding or subsetting is refused;
 * both are reported here, before any document is written. Once loaded, a
 * face is only read: documents on several threads may share it.
 * Returns NULL and fills d on failure. Caller frees with kp_face_free(),
 * after the last kp_pdf_write() that uses it. */
kp_face *kp_face_load(const char *path, unsigned index, kp_diag *d);
void kp_face_free(kp_face *f); /* NULL is a no-op */
/* Non-zero when the face maps code point cp to a glyph (other than .notdef). */
int kp_face_has(const kp_face *f, uint32_t cp);
/* Horizontal advance of cp in 1/1000 em (0 when the face lacks it), rounded
 * down to a whole unit exactly as the PDF /W array will state it, so that
 * what a layout measures is what a viewer draws. */
double kp_face_advance(const kp_face *f, uint32_t cp);

/* The face's PostScript name (characters safe in a file's name table). */
const char *kp_face_psname(const kp_face *f);
/* A standalone TrueType file of f cut down to the n characters cps (all of
 * which f must have), its cmap and name kept so that a reader that maps characters
 * itself (an OFD reader) finds the glyphs; the PDF's subsetter otherwise.
 * Returns KP_OK with *bytes (malloc'd, caller frees) and *len, or an error
 * with d filled. */
kp_err kp_face_subset_file(const kp_face *f, const uint32_t *cps, size_t n, unsigned char **bytes,
                           size_t *len, kp_diag *d);

/* A fallback chain of faces for one role (e.g. body, title): the first
 * face that has a character sets it. The chain borrows the faces. */
typedef struct {
    const kp_face *faces[8];
    int n;
} kp_chain;

/* Non-zero for the joiners and selectors that only steer other characters (ZWJ, ZWNJ,
 * variation selectors, word joiner, BOM): never drawn and 0 wide, as a font's own glyph for
 * them is a visible "ZWJ" box. */
int kp_cp_invisible(uint32_t cp);
/* Index in chain->faces of the first face having cp, or -1 if none. */
int kp_chain_pick(const kp_chain *chain, uint32_t cp);
/* Width of a UTF-8 string in points at `size`, each character measured in
 * the face that will set it (missing characters measure as 1 em). */
double kp_chain_width(const kp_chain *chain, const char *utf8, size_t len, double size);

/* ---- Display list: what a layout produced, in points, origin bottom-left. ---- */

typedef enum { KP_OP_TEXT, KP_OP_LINE, KP_OP_RECT, KP_OP_IMAGE } kp_op_kind;

typedef struct {
    kp_op_kind kind;
    double x, y;           /* TEXT: baseline start; LINE: from; RECT: lower-left */
    double x2, y2;         /* LINE: to; RECT: width, height */
    double size;           /* TEXT: font size (0 < size <= 600); LINE: width;
                              RECT: stroke width (0 = fill only) */
    uint32_t rgb;          /* 0xRRGGBB */
    const kp_chain *chain; /* TEXT: fallback chain that sets the text (borrowed) */
    char *text;            /* TEXT: UTF-8, owned by the display list; IMAGE: the PNG's path */
    int fill;              /* RECT: non-zero to fill instead of stroke; a RECT is
                              thus filled when fill or size == 0, else stroked */
    int turn;              /* TEXT: 0 level; 1 reads upwards (turned 90 degrees
                              counter-clockwise), -1 downwards (clockwise) */
} kp_op;

typedef struct {
    double width, height; /* points (A4 portrait = 595.276 x 841.89) */
    kp_op *ops;
    size_t n, cap;
} kp_page;

typedef struct {
    kp_page *pages;
    size_t n, cap;
    /* Document information (UTF-8), copied in by kp_doc_set_info(). */
    char *title, *author, *subject, *keywords, *creator;
    char date[32]; /* "YYYY-MM-DD", or empty for SOURCE_DATE_EPOCH: CreationDate/ModDate */
    /* Bookmarks: one per section, pointing at a page (0-based). */
    struct kp_bookmark {
        char *title;
        size_t page;
    } * marks;
    size_t nmarks, capmarks;
} kp_doc;

void kp_doc_init(kp_doc *doc);
void kp_doc_free(kp_doc *doc); /* frees what the doc owns; the struct itself is the caller's */
/* Drops every page and bookmark, keeping the document information: for composing again. */
void kp_doc_clear_pages(kp_doc *doc);
/* Appends a page. The pointer returned (like every &doc->pages[i]) stays
 * valid only until the next kp_doc_add_page(). None of these fail: running
 * out of memory ends the run (base/kp_mem.h). */
kp_page *kp_doc_add_page(kp_doc *doc, double width, double height);
/* Copies the non-NULL strings in (NULL leaves a field as it is). */
void kp_doc_set_info(kp_doc *doc, const char *title, const char *author, const char *subject,
                     const char *keywords, const char *creator);
void kp_page_text(kp_page *p, const kp_chain *c, double x, double y, double size, uint32_t rgb,
                  const char *utf8);
/* Text turned a quarter (turn 1: reading upwards, -1: downwards) from its
 * baseline start x, y: a landscape page's number set where a portrait
 * page has it once the sheet is turned into the binding. 0 ok, -1 OOM. */
void kp_page_text_turned(kp_page *p, const kp_chain *c, double x, double y, double size,
                         uint32_t rgb, const char *utf8, int turn);
/* A PNG (checked by kp_png_probe) in the box x, y (lower left), w, h; its
 * white is left unpainted (a colour-key mask, which PDF/A-1b allows: a
 * seal pressed over the organ's name and date). 0 ok, -1 OOM. */
void kp_page_image(kp_page *p, const char *png, double x, double y, double w, double h);
/* Whether a PNG can go into a PDF/A-1b file as it is: 8 bits, no alpha
 * channel, no tRNS transparency. 0 and its size in pixels, else -1 and why. */
int kp_png_probe(const char *path, unsigned *width, unsigned *height, const char **why);
void kp_page_line(kp_page *p, double x1, double y1, double x2, double y2, double width,
                  uint32_t rgb);
void kp_page_rect(kp_page *p, double x, double y, double w, double h, double stroke, uint32_t rgb,
                  int fill);
void kp_doc_bookmark(kp_doc *doc, const char *title, size_t page);

/* Writes doc to path as a PDF/A-1b file: for each face used, a subset of
 * just the glyphs used (hb-subset), embedded as a CID TrueType font shown
 * by glyph id (Identity-H), with a subset tag, a CIDSet and a correct
 * ToUnicode map (characters outside the BMP included); Info and XMP
 * metadata that agree; an sRGB output intent; a trailer /ID. Characters
 * no face in the chain has are reported via kp_warn() by the layout, and
 * are drawn as nothing here (leaving the 1 em gap kp_chain_width()
 * measured). Coordinates are written to 1/1000 pt.
 * The output depends only on doc, the fonts and the sRGB profile: no
 * clock, no random IDs (the /ID is an MD5 of the file itself). The date
 * (CreationDate = ModDate) is doc->date at 00:00 UTC or, when that is
 * empty, SOURCE_DATE_EPOCH (seconds since 1970, UTC); with neither the
 * write fails rather than read the clock.
 * The sRGB ICC profile is read from /usr/share/color/icc/sRGB.icc (Debian:
 * icc-profiles-free), or the file KAOPING_SRGB_ICC names, once per process
 * (the only state shared between calls; it is locked).
 * Thread-safe: documents may be written on several threads at once, the
 * faces shared (read-only) between them. Forked workers: fork while no
 * other thread is inside kp_pdf_write() (the profile's lock).
 * Returns KP_OK or an error with d filled (KP_ERR_VALUE for a bad or
 * missing date, page size, font size or bookmark page, or an sRGB profile
 * that is not ICC v2 RGB; KP_ERR_MISSING when the profile is absent;
 * KP_ERR_FONT; KP_ERR_PDF for libharu; KP_ERR_IO). Writes
 * nothing at path on failure. */
kp_err kp_pdf_write(const kp_doc *doc, const char *path, kp_diag *d);
/* The same, and *sum (when not NULL) gets the SHA-256 and size of the bytes written, taken
 * from memory so that a manifest need not read the file back; untouched on failure. */
kp_err kp_pdf_write_sum(const kp_doc *doc, const char *path, kp_file_sum *sum, kp_diag *d);

#endif
