/* kp_text.c - UAX #14 line breaking with libunibreak, Chinese kinsoku, measured in the fallback
 * chain. */
#include "kp_text.h"
#include "../base/kp_mem.h"
#include "../pdf/kp_utf8.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;

static void lb_init(void)
{
    init_linebreak();
}

void kp_text_init(void)
{
    pthread_once(&lb_once, lb_init);
}

/* GB/T 15834 and common Chinese typesetting practice (行首禁则): closing
 * punctuation, pause and stop marks, the ellipsis and dash (which also may
 * not be split), the interpunct, small kana, iteration marks, percent and
 * degree signs. UAX #14 already keeps most of these; the list also guards
 * the forced breaks of runs without any break opportunity. */
int kp_text_no_start(uint32_t cp)
{
    switch (cp) {
    case 0x3001:
    case 0x3002:
    case 0xFF0C:
    case 0xFF0E:
    case 0xFF1A:
    case 0xFF1B:
    case 0xFF1F:
    case 0xFF01:
    case 0xFF09:
    case 0xFF3D:
    case 0xFF5D:
    case 0x300B:
    case 0x3009:
    case 0x300D:
    case 0x300F:
    case 0x3011:
    case 0x3015:
    case 0x3017:
    case 0x3019:
    case 0x301B:
    case 0x301E:
    case 0x201D:
    case 0x2019:
    case 0x2026:
    case 0x2014:
    case 0x2015:
    case 0x00B7:
    case 0x30FB:
    case 0xFF65:
    case 0x30FC:
    case 0x3005:
    case 0x309D:
    case 0x309E:
    case 0x30FD:
    case 0x30FE:
    case 0xFF05:
    case 0x2030:
    case 0x2103:
    case 0x00B0:
    case 0xFF5E:
    case 0xFE4F:
    case 0xFE50:
    case 0xFE51:
    case 0xFE52:
    case 0xFE54:
    case 0xFE55:
    case 0xFE56:
    case 0xFE57:
    case 0x002C:
    case 0x002E:
    case 0x003A:
    case 0x003B:
    case 0x003F:
    case 0x0021:
    case 0x0029:
    case 0x005D:
    case 0x007D:
    case 0x0025:
        return 1;
    default:
        return 0;
    }
}

/* 行尾禁则: opening brackets and quotes. */
int kp_text_no_end(uint32_t cp)
{
    switch (cp) {
    case 0xFF08:
    case 0xFF3B:
    case 0xFF5B:
    case 0x300A:
    case 0x3008:
    case 0x300C:
    case 0x300E:
    case 0x3010:
    case 0x3014:
    case 0x3016:
    case 0x3018:
    case 0x301A:
    case 0x301D:
    case 0x201C:
    case 0x2018:
    case 0x0028:
    case 0x005B:
    case 0x007B:
        return 1;
    default:
        return 0;
    }
}

/* A number stays with its unit and a date with its parts: no break in
 * "22个", "2016年6月", "第3名" (digits are ASCII or full-width). */
static int is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

static int number_unit(uint32_t prev, uint32_t cp)
{
    if (is_digit(prev))
        return cp >= 0x2E80;
    return is_digit(cp) && (prev == 0x5E74 || prev == 0x6708 || prev == 0x7B2C); /* 年 月 第 */
}

typedef struct {
    size_t off; /* byte offset */
    uint32_t cp;
    double w;
    signed char brk; /* before this character: 0 no, 1 allowed, 2 mandatory */
} tchar;

/* A break before character b that a line-breaking rule forbids. */
static int bad_break(const tchar *t, int b)
{
    return kp_text_no_start(t[b].cp) || kp_text_no_end(t[b - 1].cp);
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000;
}

/* Where the line starting at character a ends (exclusive): the last break
 * opportunity that fits avail, or a forced break; *hard when the line ends
 * the text or at a line feed. */
static int line_cut(const tchar *t, int n, int a, double avail, int *hard)
{
    double w = 0;
    *hard = 0;
    for (int k = a; k < n; k++) {
        if (k > a && t[k].brk == 2)
            return *hard = 1, k;
        if (k > a && w + t[k].w > avail && !is_space(t[k].cp)) {
            int b = -1;
            for (int j = k; j > a && b < 0; j--)
                if (t[j].brk == 1)
                    b = j;
            if (b < 0) {
                /* No opportunity: break where it must, keeping 禁则 by moving a
                 * character down with its punctuation or, where the line would
                 * be left with nothing, by letting punctuation hang past the end. */
                b = k;
                while (b > a + 1 && bad_break(t, b))
                    b--;
                if (bad_break(t, b))
                    for (b = k; b < n && bad_break(t, b);)
                        b++;
            }
            if (b >= n)
                *hard = 1;
            return b < n ? b : n;
        }
        w += t[k].w;
    }
    return *hard = 1, n;
}

/* After a soft break the blanks at the break go; after a line break the
 * next line keeps its own (an indent of U+3000). */
static int skip_blanks(const tchar *t, int n, int a, int hard)
{
    while (!hard && a < n && (t[a].cp == ' ' || t[a].cp == '\t' || t[a].cp == 0x3000))
        a++;
    return a;
}

/* Characters in [a, b) other than blanks and punctuation that may not
 * start a line. */
static int visible_chars(const tchar *t, int a, int b)
{
    int count = 0;
    for (int k = a; k < b; k++)
        count += !is_space(t[k].cp) && !kp_text_no_start(t[k].cp);
    return count;
}

/* A soft break at b moved one character earlier when the next line would
 * hold one character alone ("大走访工/作/（30分）", "…/平。"), if this line
 * keeps two and the rules allow a break there. */
static int no_lone_char(const tchar *t, int n, int a, int b, double width)
{
    if (b >= n || b - 1 <= a + 1 || t[b - 1].brk != 1 || bad_break(t, b - 1))
        return b;
    int hard, next = line_cut(t, n, skip_blanks(t, n, b, 0), width, &hard);
    return visible_chars(t, b, next) == 1 ? b - 1 : b;
}

/* A line from character a to b (exclusive), trailing blanks and line ends
 * not part of it. */
static kp_line make_line(const tchar *t, size_t nbytes, int n, int a, int b, int hard)
{
    int e = b;
    while (e > a && is_space(t[e - 1].cp))
        e--;
    double w = 0;
    for (int k = a; k < e; k++)
        w += t[k].w;
    size_t end = e < n ? t[e].off : nbytes;
    return (kp_line){t[a].off, end - t[a].off, w, hard};
}

int kp_text_wrap(const kp_chain *chain, const char *utf8, double size, double width,
                 double first_indent, kp_line *lines, int max)
{
    kp_text_init();
    size_t len = strlen(utf8);
    if (!len || max <= 0) {
        if (max > 0)
            lines[0] = (kp_line){0, 0, 0, 1};
        return max > 0;
    }
    tchar stack_t[256];
    char stack_b[512];
    tchar *t = len <= 256 ? stack_t : kp_xmalloc(sizeof *t * len);
    char *brks = len <= 512 ? stack_b : kp_xmalloc(len);
    if (!t || !brks) {
        if (t != stack_t)
            free(t);
        if (brks != stack_b)
            free(brks);
        return 0;
    }
    set_linebreaks_utf8((const utf8_t *)utf8, len, "zh", brks);
    int n = 0;
    for (size_t i = 0; i < len;) {
        size_t start = i;
        uint32_t cp = kp_utf8_next(utf8, len, &i);
        t[n].off = start;
        t[n].cp = cp;
        t[n].w =
            (cp == '\n' || cp == '\r') ? 0 : kp_chain_width(chain, utf8 + start, i - start, size);
        t[n].brk = 0;
        if (n > 0) {
            char b = brks[start - 1];
            t[n].brk = b == LINEBREAK_MUSTBREAK ? 2 : b == LINEBREAK_ALLOWBREAK ? 1 : 0;
            if (t[n].brk == 1 && (kp_text_no_start(cp) || kp_text_no_end(t[n - 1].cp) ||
                                  number_unit(t[n - 1].cp, cp)))
                t[n].brk = 0;
        }
        n++;
    }
    int count = 0, a = 0;
    double avail = width - first_indent;
    while (a < n && count < max) {
        int hard, cut = line_cut(t, n, a, avail, &hard);
        if (!hard)
            cut = no_lone_char(t, n, a, cut, width);
        lines[count++] = make_line(t, len, n, a, cut, hard);
        a = skip_blanks(t, n, cut, hard);
        avail = width;
    }
    if (t != stack_t)
        free(t);
    if (brks != stack_b)
        free(brks);
    return count;
}

void kp_text_date_cn(const char *iso, char *buf, size_t size)
{
    int y, m, d;
    if (sscanf(iso, "%d-%d-%d", &y, &m, &d) == 3)
        snprintf(buf, size, "%d年%d月%d日", y, m, d);
    else
        snprintf(buf, size, "%s", iso);
}
