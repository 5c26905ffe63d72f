/* kp_pdf_stream.c - byte buffers, and streams deflated by us at a level chosen per kind of data. */
#include "kp_pdf_hpdf.h"
#include "../base/kp_mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- Buffers ---- */

static void grow(kp_buf *b, size_t more)
{
    if (b->n + more <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + more)
        cap *= 2;
    b->p = kp_xrealloc(b->p, cap);
    b->cap = cap;
}

void kp_buf_put(kp_buf *b, const void *data, size_t n)
{
    if (n) {
        grow(b, n);
        memcpy(b->p + b->n, data, n);
        b->n += n;
    }
}

void kp_buf_str(kp_buf *b, const char *s)
{
    kp_buf_put(b, s, strlen(s));
}

/* Digits of v (>= 0), at least `min` of them, written at the end of buf. */
static char *digits(char *end, unsigned long long v, int min)
{
    char *p = end;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
        min--;
    } while (v || min > 0);
    return p;
}

void kp_buf_int(kp_buf *b, long v)
{
    char buf[24], *end = buf + sizeof buf, *p;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    p = digits(end, u, 1);
    if (v < 0)
        *--p = '-';
    kp_buf_put(b, p, (size_t)(end - p));
}

void kp_buf_fixed(kp_buf *b, double v, int decimals)
{
    static const double scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    double r = round(fabs(v) * scale[decimals]);
    if (!(r < 9e15)) /* far beyond any coordinate; NaN too */
        r = 0;
    unsigned long long q = (unsigned long long)r, unit = (unsigned long long)scale[decimals];
    unsigned long long whole = q / unit, frac = q % unit;
    char buf[40], *end = buf + sizeof buf, *p = end;
    int nd = decimals;
    while (nd > 0 && frac && frac % 10 == 0) { /* drop trailing zeros */
        frac /= 10;
        nd--;
    }
    if (frac) {
        p = digits(end, frac, nd);
        *--p = '.';
    }
    p = digits(p, whole, 1);
    if (v < 0 && q)
        *--p = '-';
    kp_buf_put(b, p, (size_t)(end - p));
}

void kp_buf_free(kp_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- Deflate ---- */

/* libdeflate, not zlib: whole buffers are all the writer compresses, and
 * at the same ratio libdeflate takes about a third of zlib's time (a
 * one-page document's font program: 0.27 ms at level 1 for 25.5 KB,
 * where zlib's level 1 took 0.79 ms for 26.7 KB). */
HPDF_STATUS kp_pdf_deflate(kp_pdf_ctx *w, const void *data, size_t n, int level)
{
    if (level < 1 || level > KP_Z_LEVELS)
        return HPDF_INVALID_PARAMETER;
    struct libdeflate_compressor **c = &w->z[level - 1];
    if (!*c && !(*c = libdeflate_alloc_compressor(level)))
        kp_oom();
    w->scratch.n = 0;
    size_t bound = libdeflate_zlib_compress_bound(*c, n);
    grow(&w->scratch, bound);
    size_t out = libdeflate_zlib_compress(*c, data, n, w->scratch.p, bound);
    if (out == 0)
        return HPDF_FAILD_TO_ALLOC_MEM; /* cannot happen with room for the bound */
    w->scratch.n = out;
    return HPDF_OK;
}

void kp_pdf_streams_done(kp_pdf_ctx *w)
{
    for (int i = 0; i < KP_Z_LEVELS; i++) {
        libdeflate_free_compressor(w->z[i]);
        w->z[i] = NULL;
    }
    kp_buf_free(&w->scratch);
}

/* ---- Streams ---- */

/* Written inside the stream's dictionary: libharu knows only its own
 * compression, and would otherwise drop the /Filter entry. */
static HPDF_STATUS put_flate(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

HPDF_STATUS kp_pdf_mark_flate(HPDF_Dict s)
{
    if (s->write_fn)
        return HPDF_INVALID_OBJECT;
    s->filter = HPDF_STREAM_FILTER_NONE;
    s->write_fn = put_flate;
    return HPDF_OK;
}

HPDF_STATUS kp_pdf_fill_stream(kp_pdf_ctx *w, HPDF_Dict s, const void *data, size_t n, int level)
{
    s->filter = HPDF_STREAM_FILTER_NONE;
    if (n > 0xFFFFFFFFu)
        return HPDF_STRING_OUT_OF_RANGE; /* libharu's memory streams count in 32 bits */
    if (level == KP_Z_STORE)
        return n ? HPDF_Stream_Write(s->stream, data, (HPDF_UINT)n) : HPDF_OK;
    HPDF_STATUS st = kp_pdf_deflate(w, data, n, level);
    if (st == HPDF_OK)
        st = HPDF_Stream_Write(s->stream, w->scratch.p, (HPDF_UINT)w->scratch.n);
    return st == HPDF_OK ? kp_pdf_mark_flate(s) : st;
}

HPDF_Dict kp_pdf_stream(kp_pdf_ctx *w, const void *data, size_t n, int level)
{
    HPDF_Dict s = HPDF_DictStream_New(w->pdf->mmgr, w->pdf->xref);
    HPDF_STATUS st = kp_pdf_status(w, s);
    if (st == HPDF_OK)
        st = kp_pdf_fill_stream(w, s, data, n, level);
    return kp_pdf_check(w, st, "writing a stream") == KP_OK ? s : NULL;
}

/* The text kp_pdf_raw_entries() attached, kept with the dictionary. */
typedef struct {
    size_t n;
    char text[];
} raw_text;

static HPDF_STATUS put_raw(HPDF_Dict d, HPDF_Stream out)
{
    const raw_text *r = d->attr;
    return HPDF_Stream_Write(out, (const HPDF_BYTE *)r->text, (HPDF_UINT)r->n);
}

static void free_raw(HPDF_Dict d)
{
    free(d->attr);
    d->attr = NULL;
}

HPDF_STATUS kp_pdf_raw_entries(kp_pdf_ctx *w, HPDF_Dict d, const kp_buf *text)
{
    (void)w;
    if (d->attr || d->write_fn || text->n > 0xFFFFFFFFu) /* not a plain dict, or 4 GB */
        return HPDF_INVALID_OBJECT;
    raw_text *r = kp_xmalloc(sizeof *r + text->n);
    r->n = text->n;
    memcpy(r->text, text->p, text->n);
    d->attr = r;
    d->write_fn = put_raw;
    d->free_fn = free_raw;
    return HPDF_OK;
}
