/* kp_ofd_xml.c - a byte buffer and the XML text and numbers the OFD parts are made of. */
#include "kp_ofd_int.h"
#include "../base/kp_mem.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for n more bytes and the terminator. */
static void reserve(kp_ofd_buf *b, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = kp_xrealloc(b->p, cap);
        b->p = p;
        b->cap = cap;
    }
}

void kp_ofd_put(kp_ofd_buf *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void kp_ofd_str(kp_ofd_buf *b, const char *s)
{
    kp_ofd_put(b, s, strlen(s));
}

void kp_ofd_printf(kp_ofd_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof tmp) {
        kp_ofd_put(b, tmp, (size_t)n);
    } else if (n > 0) { /* longer than the usual short formats: straight into b */
        reserve(b, (size_t)n);
        vsnprintf(b->p + b->n, (size_t)n + 1, fmt, again);
        b->n += (size_t)n;
    }
    va_end(again);
}

void kp_ofd_esc(kp_ofd_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '&')
            kp_ofd_str(b, "&amp;");
        else if (c == '<')
            kp_ofd_str(b, "&lt;");
        else if (c == '>')
            kp_ofd_str(b, "&gt;");
        else if (c == '"')
            kp_ofd_str(b, "&quot;");
        else if (c >= 0x20 || c == '\t')
            kp_ofd_put(b, s, 1);
    }
}

/* Integers of 1/10000 mm, so that equal lengths print equally on every libc. */
void kp_ofd_mm(kp_ofd_buf *b, double mm)
{
    long long v = llround(mm * 10000.0);
    char tmp[32];
    int neg = v < 0;
    unsigned long long a = neg ? (unsigned long long)-v : (unsigned long long)v;
    int n = snprintf(tmp, sizeof tmp, "%s%llu.%04llu", neg ? "-" : "", a / 10000, a % 10000);
    while (n > 0 && tmp[n - 1] == '0')
        n--;
    if (n > 0 && tmp[n - 1] == '.')
        n--;
    if (n == 2 && tmp[0] == '-' && tmp[1] == '0')
        tmp[0] = '0', n = 1;
    kp_ofd_put(b, tmp, (size_t)n);
}
