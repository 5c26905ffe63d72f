/* kp_utf8.c - strict UTF-8 decoding and UTF-8/UTF-16BE encoding. */
#include "kp_utf8.h"

/* Length of the sequence a lead byte starts, 0 for a byte that cannot lead. */
static size_t seq_len(unsigned char b)
{
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        return 2;
    if (b >= 0xE0 && b <= 0xEF)
        return 3;
    if (b >= 0xF0 && b <= 0xF4)
        return 4;
    return 0;
}

/* The smallest code point each length may encode: anything below is an
 * overlong form, which must not decode (it could smuggle in e.g. '/'). */
static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};

uint32_t kp_utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t n = seq_len(p[0]);
    if (n == 0 || n > len - *i) {
        (*i)++;
        return KP_UTF8_BAD;
    }
    uint32_t cp = n == 1 ? p[0] : (uint32_t)(p[0] & (0x7F >> n));
    for (size_t k = 1; k < n; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            (*i)++;
            return KP_UTF8_BAD;
        }
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if (cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        (*i)++;
        return KP_UTF8_BAD;
    }
    *i += n;
    return cp;
}

size_t kp_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t kp_utf16_encode(uint32_t cp, unsigned char *out)
{
    if (cp < 0x10000) {
        out[0] = (unsigned char)(cp >> 8);
        out[1] = (unsigned char)cp;
        return 2;
    }
    uint32_t v = cp - 0x10000;
    uint32_t hi = 0xD800 | (v >> 10), lo = 0xDC00 | (v & 0x3FF);
    out[0] = (unsigned char)(hi >> 8);
    out[1] = (unsigned char)hi;
    out[2] = (unsigned char)(lo >> 8);
    out[3] = (unsigned char)lo;
    return 4;
}

size_t kp_utf8_cut(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}
