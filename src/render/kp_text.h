/* kp_text.h - line breaking (UAX #14 via libunibreak) and placeholder filling. */
#ifndef KP_TEXT_H
#define KP_TEXT_H

#include "../pdf/kp_pdf.h"
#include <stddef.h>

typedef struct {
    size_t start, len; /* byte range of the line in the text */
    double width;      /* points */
} kp_line;

/* Breaks utf8 into lines no wider than `width` points at `size` in chain,
 * at UAX #14 break opportunities (which keep ，。、；：？！）》」 and the
 * like off line starts); a run with no opportunity is broken where it must.
 * `first_indent` is taken off the first line's width. Returns the number
 * of lines (<= max) written to lines. */
int kp_text_wrap(const kp_chain *chain, const char *utf8, double size, double width,
                 double first_indent, kp_line *lines, int max);

/* 2024-01-15 -> 2024年1月15日 (Arabic numerals, no leading zeros). */
void kp_text_date_cn(const char *iso, char *buf, size_t size);

#endif
