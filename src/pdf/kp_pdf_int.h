/* kp_pdf_int.h - what the files of src/pdf/ share and nobody else may use. */
#ifndef KP_PDF_INT_H
#define KP_PDF_INT_H

#include "kp_pdf.h"

#include <hb.h>

/* A font's text is shown as 2-byte CIDs (Identity-H): at most this many
 * per font and document. A subset's glyph ids are its first CIDs. */
#define KP_CID_MAX 65535u

/* Read-only once kp_face_load() returns: documents on several threads may
 * share a face (HarfBuzz's lazily built tables are thread-safe). */
struct kp_face {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font; /* scale = units per em, so advances come in font units */
    unsigned upem;
    unsigned index;
    char *path;      /* for messages */
    char psname[64]; /* PostScript name, reduced to characters safe in a PDF name */
    /* FontDescriptor metrics in 1/1000 em, from head, hhea, OS/2 and post. */
    int bbox[4], ascent, descent, cap_height, italic_angle;
};

/* Glyph of cp in f, 0 when the face lacks it. */
hb_codepoint_t kp_face_glyph(const kp_face *f, uint32_t cp);
/* Advance of glyph gid of f in 1/1000 em, rounded down as the PDF /W
 * array states it (kp_face_advance() is this for a character's glyph). */
unsigned kp_face_glyph_advance(const kp_face *f, hb_codepoint_t gid);

/* A face cut down to the characters one document sets. The subset keeps
 * just the tables a PDF TrueType font program needs (no cmap: the PDF
 * addresses glyphs by id) and numbers its glyphs 0..nglyphs-1. */
typedef struct {
    hb_blob_t *font;      /* the TrueType file */
    unsigned nglyphs;     /* glyphs in it, .notdef and composite parts included */
    hb_codepoint_t *old;  /* old[g]: the glyph of the original face subset glyph g is */
    uint32_t *cps;        /* the characters, ascending */
    hb_codepoint_t *gids; /* gids[k]: the subset glyph that draws cps[k] */
    size_t n;
} kp_subset;

/* Subsets f to the code points in cps (all of which f must have).
 * Returns KP_OK, or an error with d filled and out left empty. Caller
 * frees out with kp_subset_free(). */
kp_err kp_subset_make(const kp_face *f, hb_set_t *cps, kp_subset *out, kp_diag *d);
void kp_subset_free(kp_subset *s);

#endif
