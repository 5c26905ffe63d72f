/* kp_pdf_int.h - what the files of src/pdf/ share and nobody else may use. */
#ifndef KP_PDF_INT_H
#define KP_PDF_INT_H

#include "kp_pdf.h"

#include <hb.h>

/* The subset fonts are addressed through the BMP Private Use Area: the k-th
 * character (in code point order) a face sets in a document gets the code
 * KP_PUA_FIRST + k, whatever plane the character is really in. libharu's
 * UTF-8 encoder only knows the BMP; this keeps it out of the way. */
#define KP_PUA_FIRST 0xE000u
#define KP_PUA_COUNT 6400u /* U+E000..U+F8FF */

struct kp_face {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;  /* scale = units per em, so advances come in font units */
    unsigned upem;
    unsigned index;
    char *path;       /* for messages */
    char psname[64];  /* PostScript name, reduced to characters safe in a PDF name */
};

/* Glyph of cp in f, 0 when the face lacks it. */
hb_codepoint_t kp_face_glyph(const kp_face *f, uint32_t cp);

/* A face cut down to the characters one document sets. */
typedef struct {
    hb_blob_t *font; /* a TrueType file whose only cmap maps the PUA codes */
    uint32_t *cps;   /* the characters, ascending: cps[k] has code KP_PUA_FIRST + k */
    size_t n;
} kp_subset;

/* Subsets f to the code points in cps (all of which f must have), naming
 * the result `psname`. Returns KP_OK, or an error with d filled and out
 * left empty. Caller frees out with kp_subset_free(). */
kp_err kp_subset_make(const kp_face *f, hb_set_t *cps, const char *psname, kp_subset *out,
                      kp_diag *d);
void kp_subset_free(kp_subset *s);

#endif
