/* kp_ofd_int.h - what the files of src/ofd/ share and nobody else may use. */
#ifndef KP_OFD_INT_H
#define KP_OFD_INT_H

#include "kp_ofd.h"

#include <stddef.h>
#include <stdint.h>

/* A growing byte buffer. */
typedef struct {
    char *p;
    size_t n, cap;
} kp_ofd_buf;

void kp_ofd_put(kp_ofd_buf *b, const char *s, size_t n);
void kp_ofd_str(kp_ofd_buf *b, const char *s);
void kp_ofd_printf(kp_ofd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text with &, <, > and " escaped and control characters dropped. */
void kp_ofd_esc(kp_ofd_buf *b, const char *s);
/* A length in mm to 1/10000 mm, trailing zeros dropped ("12.5", "0"). */
void kp_ofd_mm(kp_ofd_buf *b, double mm);

/* Points to millimetres. */
#define KP_OFD_MM(pt) ((pt)*25.4 / 72.0)
#define KP_OFD_NS "xmlns:ofd=\"http://www.ofdspec.org/2016\""

/* The faces a document uses, in first-use order: OFD font n+1 is face n. */
typedef struct {
    const kp_face *faces[32];
    int n;
} kp_ofd_fonts;

/* Font ID (1-based) of f, 0 when absent. */
int kp_ofd_font_id(const kp_ofd_fonts *fl, const kp_face *f);

/* Writes one page's Content.xml into b; *next_id is the next free unit ID. */
void kp_ofd_page(kp_ofd_buf *b, const kp_page *pg, const kp_page *first, const kp_ofd_fonts *fl,
                 unsigned *next_id);

#endif
