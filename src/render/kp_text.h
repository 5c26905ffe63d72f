/* kp_text.h - line breaking (UAX #14 via libunibreak plus Chinese kinsoku) and dates. */
#ifndef KP_TEXT_H
#define KP_TEXT_H

#include "../pdf/kp_pdf.h"
#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t start, len; /* byte range of the line in the text */
    double width;      /* points */
    int hard;          /* the paragraph ends here (end of text or a line break): not justified */
} kp_line;

/* Prepares libunibreak; safe to call from several threads at once. */
void kp_text_init(void);

/* Breaks utf8 into lines no wider than `width` points at `size` in chain,
 * at UAX #14 break opportunities, then by the Chinese line-breaking rules
 * (禁则): no line starts with ，。、；：？！）》」’” and the like, none ends
 * with （《「“ and the like, and a number keeps its unit (22个, 2016年6月).
 * A run with no opportunity is broken where it must, still keeping those
 * rules: a character moves down with the punctuation that follows it, or,
 * where that would leave a line empty, the punctuation hangs past the end.
 * `first_indent` is taken off the first line's width. Returns the number
 * of lines (<= max) written to lines. */
int kp_text_wrap(const kp_chain *chain, const char *utf8, double size, double width,
                 double first_indent, kp_line *lines, int max);

/* Non-zero when cp may not start a line / may not end a line. */
int kp_text_no_start(uint32_t cp);
int kp_text_no_end(uint32_t cp);

/* 2024-01-15 -> 2024年1月15日 (Arabic numerals, no leading zeros). */
void kp_text_date_cn(const char *iso, char *buf, size_t size);

#endif
