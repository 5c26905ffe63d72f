/* kp_pdf_pdfa.c - the rest of PDF/A-1b: sRGB output intent, a content-derived /ID. */
#include "kp_pdf_hpdf.h"
#include "../base/kp_mem.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Output intent ---- */

/* Debian's icc-profiles-free: lcms's sRGB, an ICC v2.3 display profile of
 * 6922 bytes (PDF/A-1 takes no v4 profile). KAOPING_SRGB_ICC overrides it
 * for other systems. */
#define KP_SRGB_ICC "/usr/share/color/icc/sRGB.icc"
#define ICC_MAX (1u << 20) /* far above any sRGB profile: a guard, not a limit */
#define ICC_HEADER 128

/* The profile, read and deflated by the first document and kept to the
 * end of the process: every document of a run embeds the same bytes. The
 * one mutable state the writer shares between documents, hence the lock:
 * documents may be written on several threads. */
static struct {
    unsigned char *data; /* the profile as read */
    size_t n;
    unsigned char *z; /* deflated (zlib format), what the files hold */
    size_t zn;
} icc;
static pthread_mutex_t icc_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* NULL when p[0..n) is a profile PDF/A-1 accepts as an RGB output intent,
 * else what is wrong with it. */
static const char *icc_problem(const unsigned char *p, size_t n)
{
    if (n < ICC_HEADER || memcmp(p + 36, "acsp", 4) != 0)
        return "is not an ICC profile";
    if (be32(p) != n)
        return "has an ICC header whose size does not match the file";
    if (p[8] != 2)
        return "is not an ICC version 2 profile (PDF/A-1 needs one older than version 4)";
    if (memcmp(p + 16, "RGB ", 4) != 0)
        return "is not an RGB profile";
    if (memcmp(p + 12, "mntr", 4) != 0 && memcmp(p + 12, "prtr", 4) != 0)
        return "is neither a display nor an output profile";
    return NULL;
}

/* Reads the whole of f into icc; 0 ok, -1 with errno set. */
static int read_icc(FILE *f)
{
    unsigned char *b = kp_xmalloc(ICC_MAX + 1);
    size_t n = fread(b, 1, ICC_MAX + 1, f);
    if (ferror(f) || n > ICC_MAX) {
        errno = ferror(f) ? EIO : EFBIG;
        free(b);
        return -1;
    }
    unsigned char *fit = kp_xrealloc(b, n ? n : 1); /* kept for the process: no slack */
    icc.data = fit ? fit : b;
    icc.n = n;
    return 0;
}

/* Deflates the profile once, at the best level: it is paid once per process. */
static int deflate_icc(void)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(KP_Z_LEVELS);
    size_t bound = c ? libdeflate_zlib_compress_bound(c, icc.n) : 0;
    icc.z = c ? kp_xmalloc(bound) : NULL;
    icc.zn = icc.z ? libdeflate_zlib_compress(c, icc.data, icc.n, icc.z, bound) : 0;
    libdeflate_free_compressor(c);
    if (icc.zn == 0) {
        free(icc.z);
        icc.z = NULL;
        return -1;
    }
    return 0;
}

static kp_err load_icc_locked(kp_pdf_ctx *w)
{
    if (icc.z)
        return KP_OK;
    const char *path = getenv("KAOPING_SRGB_ICC");
    path = path && *path ? path : KP_SRGB_ICC;
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOENT)
        return w->err = kp_diag_report(w->d, KP_ERR_MISSING, path, 0,
                                       "sRGB colour profile missing, needed for PDF/A "
                                       "(Debian package icc-profiles-free)");
    int bad = !f || read_icc(f) != 0;
    int saved = errno;
    if (f)
        fclose(f);
    if (bad)
        return w->err =
                   kp_diag_report(w->d, KP_ERR_IO, path, 0, "cannot read: %s", strerror(saved));
    const char *why = icc_problem(icc.data, icc.n);
    if (!why && deflate_icc() == 0)
        return KP_OK;
    free(icc.data);
    icc.data = NULL;
    if (!why)
        kp_oom(); /* deflate_icc fails only for want of memory */
    return w->err = kp_diag_report(w->d, KP_ERR_VALUE, path, 0, "colour profile %s", why);
}

static kp_err load_icc(kp_pdf_ctx *w)
{
    pthread_mutex_lock(&icc_lock);
    kp_err err = load_icc_locked(w);
    pthread_mutex_unlock(&icc_lock);
    return err;
}

/* The ICC stream: three components, DeviceRGB where it cannot be used.
 * The bytes deflated once are marked /FlateDecode (stored, for libharu). */
static HPDF_Dict icc_stream(kp_pdf_ctx *w)
{
    HPDF_Dict s = kp_pdf_stream(w, icc.z, icc.zn, KP_Z_STORE);
    if (!s)
        return NULL;
    HPDF_STATUS st = kp_pdf_mark_flate(s);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(s, "N", 3);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(s, "Alternate", "DeviceRGB");
    return st == HPDF_OK ? s : NULL;
}

static HPDF_STATUS add_string(kp_pdf_ctx *w, HPDF_Dict d, const char *key, const char *value)
{
    HPDF_String s = HPDF_String_New(w->pdf->mmgr, value, NULL);
    HPDF_STATUS st = kp_pdf_status(w, s);
    return st == HPDF_OK ? HPDF_Dict_Add(d, key, s) : st;
}

/* The OutputIntent dictionary. Not libharu's HPDF_PDFA_AppendOutputIntents:
 * in 2.3.0 it files the profile under "DestOutputProfile " (a trailing
 * space), which no reader finds. */
static HPDF_Dict intent_dict(kp_pdf_ctx *w, HPDF_Dict profile)
{
    static const char cond[] = "sRGB IEC61966-2.1";
    HPDF_Dict d = HPDF_Dict_New(w->pdf->mmgr);
    if (!d)
        return NULL;
    HPDF_STATUS st = HPDF_Dict_AddName(d, "Type", "OutputIntent");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "S", "GTS_PDFA1");
    if (st == HPDF_OK)
        st = add_string(w, d, "OutputConditionIdentifier", cond);
    if (st == HPDF_OK)
        st = add_string(w, d, "Info", cond);
    if (st == HPDF_OK)
        st = add_string(w, d, "RegistryName", "http://www.color.org");
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "DestOutputProfile", profile);
    if (st == HPDF_OK)
        return d;
    HPDF_Dict_Free(d);
    return NULL;
}

kp_err kp_pdf_add_output_intent(kp_pdf_ctx *w)
{
    kp_err err = load_icc(w);
    if (err != KP_OK)
        return err;
    HPDF_Dict profile = icc_stream(w);
    HPDF_Dict intent = profile ? intent_dict(w, profile) : NULL;
    HPDF_Array list = intent ? HPDF_Array_New(w->pdf->mmgr) : NULL;
    HPDF_STATUS st = kp_pdf_status(w, list);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(list, intent);
    else if (intent)
        HPDF_Dict_Free(intent);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(w->pdf->catalog, "OutputIntents", list);
    return kp_pdf_check(w, st, "adding the sRGB output intent");
}

/* ---- Trailer /ID ---- */

#define ID_LEN HPDF_MD5_KEY_LEN

kp_err kp_pdf_reserve_id(kp_pdf_ctx *w)
{
    static const HPDF_BYTE zero[ID_LEN];
    HPDF_Array id = HPDF_Array_New(w->pdf->mmgr);
    HPDF_STATUS st = kp_pdf_status(w, id);
    /* Permanent and changing ID alike: the file is new. */
    for (int i = 0; i < 2 && st == HPDF_OK; i++)
        st = HPDF_Array_Add(id, HPDF_Binary_New(w->pdf->mmgr, (HPDF_BYTE *)zero, ID_LEN));
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(w->pdf->trailer, "ID", id);
    return kp_pdf_check(w, st, "adding the file identifier");
}

/* Where the reserved ID's hex digits start in the trailer at buf[from..n):
 * libharu writes it as "/ID [ <00..00> <00..00> ]". NULL if not found. */
static unsigned char *find_id(unsigned char *buf, size_t from, size_t n)
{
    static const char key[] = "/ID [ <";
    size_t k = sizeof key - 1, span = k + 2 * ID_LEN + 3 + 2 * ID_LEN + 1;
    for (size_t i = from; i + span <= n; i++) {
        if (memcmp(buf + i, key, k) != 0)
            continue;
        unsigned char *p = buf + i + k;
        for (size_t j = 0; j < 2 * ID_LEN; j++)
            if (p[j] != '0' || p[2 * ID_LEN + 3 + j] != '0')
                return NULL;
        return memcmp(p + 2 * ID_LEN, "> <", 3) == 0 ? p : NULL;
    }
    return NULL;
}

/* Start of the last "trailer" keyword, or n. */
static size_t trailer_at(const unsigned char *buf, size_t n)
{
    static const char kw[] = "\ntrailer\n";
    size_t k = sizeof kw - 1;
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (memcmp(buf + i, kw, k) == 0)
            return i;
    return n;
}

kp_err kp_pdf_stamp_id(kp_pdf_ctx *w, unsigned char *buf, size_t n)
{
    unsigned char *p = find_id(buf, trailer_at(buf, n), n);
    if (!p)
        return kp_pdf_check(w, HPDF_INVALID_OBJECT, "finding the reserved file identifier");
    HPDF_MD5_CTX md5;
    HPDF_BYTE sum[ID_LEN];
    HPDF_MD5Init(&md5);
    HPDF_MD5Update(&md5, buf, (HPDF_UINT32)n);
    HPDF_MD5Final(sum, &md5);
    /* Same length as the zeros: no offset in the file moves. */
    static const char hex[] = "0123456789ABCDEF";
    for (size_t j = 0; j < ID_LEN; j++) {
        p[2 * j] = p[2 * ID_LEN + 3 + 2 * j] = (unsigned char)hex[sum[j] >> 4];
        p[2 * j + 1] = p[2 * ID_LEN + 3 + 2 * j + 1] = (unsigned char)hex[sum[j] & 15];
    }
    return KP_OK;
}
