/* kp_text.c - UAX #14 line breaking with libunibreak, measured in the fallback chain. */
#include "kp_text.h"
#include "../pdf/kp_utf8.h"

#include <linebreak.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void init_once(void)
{
    static int done;
    if (!done) {
        init_linebreak();
        done = 1;
    }
}

int kp_text_wrap(const kp_chain *chain, const char *utf8, double size, double width,
                 double first_indent, kp_line *lines, int max)
{
    init_once();
    size_t len = strlen(utf8);
    if (!len || max <= 0) {
        if (max > 0)
            lines[0] = (kp_line){0, 0, 0};
        return max > 0;
    }
    char *brks = malloc(len);
    if (!brks)
        return 0;
    set_linebreaks_utf8((const utf8_t *)utf8, len, "zh", brks);
    int n = 0;
    size_t start = 0, i = 0, last_break = 0;
    double w = 0, w_at_break = 0, avail = width - first_indent;
    while (i < len && n < max) {
        size_t next = i;
        uint32_t cp = kp_utf8_next(utf8, len, &next);
        double cw = kp_chain_width(chain, utf8 + i, next - i, size);
        int must = brks[next - 1] == LINEBREAK_MUSTBREAK && next < len;
        if (w + cw > avail && i > start) {
            size_t cut = last_break > start ? last_break : i;
            double lw = last_break > start ? w_at_break : w;
            lines[n++] = (kp_line){start, cut - start, lw};
            start = cut;
            while (start < len && utf8[start] == ' ')
                start++;
            i = start;
            w = 0;
            last_break = start;
            avail = width;
            continue;
        }
        (void)cp;
        w += cw;
        i = next;
        if (brks[i - 1] == LINEBREAK_ALLOWBREAK || must) {
            last_break = i;
            w_at_break = w;
        }
        if (must) {
            size_t l = i - start;
            while (l && (utf8[start + l - 1] == '\n' || utf8[start + l - 1] == '\r'))
                l--;
            lines[n++] = (kp_line){start, l, kp_chain_width(chain, utf8 + start, l, size)};
            start = i;
            w = 0;
            avail = width;
        }
    }
    if (start < len && n < max)
        lines[n++] = (kp_line){start, len - start, w};
    free(brks);
    return n;
}

void kp_text_date_cn(const char *iso, char *buf, size_t size)
{
    int y, m, d;
    if (sscanf(iso, "%d-%d-%d", &y, &m, &d) == 3)
        snprintf(buf, size, "%d年%d月%d日", y, m, d);
    else
        snprintf(buf, size, "%s", iso);
}
