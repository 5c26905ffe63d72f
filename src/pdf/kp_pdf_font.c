/* kp_pdf_font.c - the faces a document uses, each embedded as a tagged subset with a real ToUnicode. */
#define _GNU_SOURCE /* memfd_create */
#include "kp_pdf_hpdf.h"
#include "kp_utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BFCHAR_BLOCK 100 /* entries per beginbfchar block: the CMap format's limit */

/* An anonymous file holding data, or -1. libharu 2.3.0 loads TrueType only
 * from a path, so the subset goes to memory-backed files that vanish with
 * their last descriptor: nothing is left on disk, even after a crash. */
static int anon_file(const void *data, size_t len)
{
    int fd = memfd_create("kaoping-subset", MFD_CLOEXEC);
    if (fd < 0) { /* kernels without memfd: an already-unlinked temporary file */
        FILE *t = tmpfile();
        fd = t ? dup(fileno(t)) : -1;
        if (t)
            fclose(t);
    }
    for (size_t off = 0; fd >= 0 && off < len;) {
        ssize_t n = write(fd, (const char *)data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)n;
    }
    return fd;
}

/* Loads the subset into libharu, setting *name to its font name. */
static kp_err load_subset(kp_pdf_ctx *w, hb_blob_t *font, const char **name)
{
    unsigned len = 0;
    const char *data = hb_blob_get_data(font, &len);
    int fd = anon_file(data, len);
    if (fd < 0) {
        return w->err = kp_diag_report(w->d, KP_ERR_IO, w->path, 0,
                                       "cannot make a file for a font subset: %s",
                                       strerror(errno));
    }
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    /* libharu opens its own descriptor and keeps it until HPDF_Free(). */
    *name = HPDF_LoadTTFontFromFile(w->pdf, proc, HPDF_TRUE);
    close(fd);
    return kp_pdf_check(w, kp_pdf_status(w, *name), "loading a font subset");
}

/* Six capital letters from the name and the characters: the same subset
 * always gets the same tag (reproducible output), different subsets of one
 * font almost surely differ (viewers cache fonts by BaseFont). libharu's
 * own tags count up from HPDFAA in every document. */
static void subset_tag(const kp_pdf_face *uf, const kp_subset *s, char tag[7])
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (const char *p = uf->psname; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3u;
    for (size_t k = 0; k < s->n; k++)
        for (int b = 0; b < 32; b += 8)
            h = (h ^ ((s->cps[k] >> b) & 0xFF)) * 0x100000001b3u;
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = 0;
}

static HPDF_STATUS put_header(HPDF_Stream st)
{
    return HPDF_Stream_WriteStr(st, "/CIDInit /ProcSet findresource begin\n"
                                    "12 dict begin\nbegincmap\n"
                                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
                                    "/Supplement 0 >> def\n"
                                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
}

/* One "<code> <utf-16be>" line: the PUA code and what it really stands for. */
static HPDF_STATUS put_bfchar(HPDF_Stream st, size_t k, uint32_t cp)
{
    unsigned char u[4];
    size_t n = kp_utf16_encode(cp, u);
    char line[32];
    int len = snprintf(line, sizeof line, "<%04X> <", (unsigned)(KP_PUA_FIRST + k));
    for (size_t i = 0; i < n; i++)
        len += snprintf(line + len, sizeof line - (size_t)len, "%02X", u[i]);
    snprintf(line + len, sizeof line - (size_t)len, ">\n");
    return HPDF_Stream_WriteStr(st, line);
}

static HPDF_STATUS put_mappings(HPDF_Stream st, const kp_subset *s)
{
    HPDF_STATUS r = HPDF_OK;
    for (size_t k = 0; k < s->n && r == HPDF_OK; k++) {
        if (k % BFCHAR_BLOCK == 0) {
            size_t left = s->n - k;
            char head[32];
            snprintf(head, sizeof head, "%zu beginbfchar\n",
                     left < BFCHAR_BLOCK ? left : (size_t)BFCHAR_BLOCK);
            r = HPDF_Stream_WriteStr(st, head);
        }
        if (r == HPDF_OK)
            r = put_bfchar(st, k, s->cps[k]);
        if (r == HPDF_OK && (k % BFCHAR_BLOCK == BFCHAR_BLOCK - 1 || k + 1 == s->n))
            r = HPDF_Stream_WriteStr(st, "endbfchar\n");
    }
    return r;
}

/* Rewrites, in place, the stream libharu put under /ToUnicode: for a UTF-8
 * font it holds the encoding CMap (cidrange to CIDs), which readers take
 * as garbage. Reusing the object leaves no orphan stream in the file. */
static kp_err replace_tounicode(kp_pdf_ctx *w, HPDF_Font font, const kp_subset *s)
{
    HPDF_Dict cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!cmap || !cmap->stream || cmap->stream->type != HPDF_STREAM_MEMORY)
        return kp_pdf_check(w, HPDF_INVALID_OBJECT, "finding the font's ToUnicode stream");
    static const char *const stale[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
    for (size_t i = 0; i < sizeof stale / sizeof stale[0]; i++)
        HPDF_Dict_RemoveElement(cmap, stale[i]); /* absent is fine */
    HPDF_MemStream_FreeData(cmap->stream);
    HPDF_STATUS r = put_header(cmap->stream);
    if (r == HPDF_OK)
        r = put_mappings(cmap->stream, s);
    if (r == HPDF_OK)
        r = HPDF_Stream_WriteStr(cmap->stream, "endcmap\nCMapName currentdict /CMap "
                                               "defineresource pop\nend\nend\n");
    return kp_pdf_check(w, r, "writing a ToUnicode map");
}

/* Loads the subset, retags it and opens it as a UTF-8 (Identity-H) font. */
static kp_err open_font(kp_pdf_ctx *w, kp_pdf_face *uf, const kp_subset *s)
{
    const char *name = NULL;
    kp_err err = load_subset(w, s->font, &name);
    if (err != KP_OK)
        return err;
    HPDF_FontDef def = HPDF_GetFontDef(w->pdf, name);
    if ((err = kp_pdf_check(w, kp_pdf_status(w, def), "finding a loaded font")) != KP_OK)
        return err;
    char tag[7];
    subset_tag(uf, s, tag);
    HPDF_TTFontDef_SetTagName(def, tag);
    uf->font = HPDF_GetFont(w->pdf, name, "UTF-8");
    if ((err = kp_pdf_check(w, kp_pdf_status(w, uf->font), "opening a font")) != KP_OK)
        return err;
    return replace_tounicode(w, uf->font, s);
}

/* Subsets uf->face to uf->cps, embeds it and fills uf->font and uf->pua. */
static kp_err embed(kp_pdf_ctx *w, kp_pdf_face *uf)
{
    kp_subset s;
    kp_err err = kp_subset_make(uf->face, uf->cps, uf->psname, &s, w->d);
    if (err != KP_OK)
        return w->err = err;
    for (size_t k = 0; k < s.n; k++)
        hb_map_set(uf->pua, s.cps[k], (hb_codepoint_t)(KP_PUA_FIRST + k));
    if (hb_map_allocation_successful(uf->pua))
        err = open_font(w, uf, &s);
    else
        err = kp_pdf_check(w, HPDF_FAILD_TO_ALLOC_MEM, "mapping characters to a subset");
    kp_subset_free(&s);
    return err;
}

/* ---- Which faces the document uses, and for which characters ---- */

kp_pdf_face *kp_pdf_find_face(const kp_pdf_faces *fl, const kp_face *f)
{
    for (size_t i = 0; i < fl->n; i++)
        if (fl->v[i].face == f)
            return &fl->v[i];
    return NULL;
}

static kp_pdf_face *add_face(kp_pdf_faces *fl, const kp_face *f)
{
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 4;
        kp_pdf_face *v = realloc(fl->v, cap * sizeof *v);
        if (!v)
            return NULL;
        fl->v = v;
        fl->cap = cap;
    }
    kp_pdf_face *uf = &fl->v[fl->n];
    memset(uf, 0, sizeof *uf);
    uf->face = f;
    uf->cps = hb_set_create();
    uf->pua = hb_map_create();
    fl->n++; /* counted before checking, so that kp_pdf_free_faces() destroys both */
    if (!hb_set_allocation_successful(uf->cps) || !hb_map_allocation_successful(uf->pua))
        return NULL;
    return uf;
}

void kp_pdf_free_faces(kp_pdf_faces *fl)
{
    for (size_t i = 0; i < fl->n; i++) {
        hb_set_destroy(fl->v[i].cps);
        hb_map_destroy(fl->v[i].pua);
    }
    free(fl->v);
}

/* Adds the characters of one text op to the faces that will set them. */
static int collect_text(kp_pdf_faces *fl, const kp_op *op)
{
    size_t len = strlen(op->text), i = 0;
    while (i < len) {
        uint32_t cp = kp_utf8_next(op->text, len, &i);
        int k = kp_chain_pick(op->chain, cp);
        if (k < 0)
            continue;
        const kp_face *f = op->chain->faces[k];
        kp_pdf_face *uf = kp_pdf_find_face(fl, f);
        if (!uf && !(uf = add_face(fl, f)))
            return -1;
        hb_set_add(uf->cps, cp);
    }
    return 0;
}

kp_err kp_pdf_collect_faces(kp_pdf_faces *fl, const kp_doc *doc, kp_diag *d, const char *path)
{
    for (size_t i = 0; i < doc->n; i++)
        for (size_t k = 0; k < doc->pages[i].n; k++) {
            const kp_op *op = &doc->pages[i].ops[k];
            if (op->kind == KP_OP_TEXT && collect_text(fl, op) != 0)
                return kp_diag_report(d, KP_ERR_NOMEM, path, 0, "out of memory");
        }
    for (size_t i = 0; i < fl->n; i++)
        if (!hb_set_allocation_successful(fl->v[i].cps))
            return kp_diag_report(d, KP_ERR_NOMEM, path, 0, "out of memory");
    return KP_OK;
}

/* Names each face by its PostScript name, suffixed when two faces of the
 * document share one (the same file loaded twice): libharu finds fonts by
 * name and would otherwise set the second face's text in the first. */
static void name_faces(kp_pdf_faces *fl)
{
    for (size_t i = 0; i < fl->n; i++) {
        snprintf(fl->v[i].psname, sizeof fl->v[i].psname, "%s", fl->v[i].face->psname);
        for (size_t j = 0, dup = 1; j < i; j++)
            if (strcmp(fl->v[j].face->psname, fl->v[i].face->psname) == 0)
                snprintf(fl->v[i].psname, sizeof fl->v[i].psname, "%s-%zu",
                         fl->v[i].face->psname, ++dup);
    }
}

kp_err kp_pdf_embed_faces(kp_pdf_ctx *w, kp_pdf_faces *fl)
{
    name_faces(fl);
    for (size_t i = 0; i < fl->n; i++) {
        kp_err err = embed(w, &fl->v[i]);
        if (err != KP_OK)
            return err;
    }
    return KP_OK;
}
