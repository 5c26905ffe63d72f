/* test_pdf.c - builds sample documents with src/pdf and checks what C can check. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, setenv */
#include "../../src/pdf/kp_pdf.h"
#include "../../src/pdf/kp_pdf_int.h" /* kp_face_glyph */
#include "../../src/pdf/kp_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define UMING "/usr/share/fonts/truetype/arphic/uming.ttc"
#define HANA_B "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"
#define LIB_IT "/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf"
#define A4_W 595.276
#define A4_H 841.89

static int passed, failed;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond)                                                                    \
            passed++;                                                                \
        else {                                                                       \
            failed++;                                                                \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);         \
        }                                                                            \
    } while (0)

static kp_face *uming, *hana;
static kp_chain body;

/* ---- Unit checks ---- */

static void test_utf8(void)
{
    const char s[] = "A\xC3\xA9\xE4\xB8\xAD\xF0\xA0\xAE\xB7\xC0\xAF\xFF";
    size_t i = 0, n = sizeof s - 1;
    CHECK(kp_utf8_next(s, n, &i) == 'A');
    CHECK(kp_utf8_next(s, n, &i) == 0xE9);
    CHECK(kp_utf8_next(s, n, &i) == 0x4E2D);
    CHECK(kp_utf8_next(s, n, &i) == 0x20BB7);
    CHECK(kp_utf8_next(s, n, &i) == KP_UTF8_BAD); /* overlong '/' */
    CHECK(kp_utf8_next(s, n, &i) == KP_UTF8_BAD);
    CHECK(kp_utf8_next(s, n, &i) == KP_UTF8_BAD);
    CHECK(i == n);
    size_t j = 0;
    CHECK(kp_utf8_next("\xE4\xB8", 2, &j) == KP_UTF8_BAD && j == 1); /* truncated */
    unsigned char u[4];
    CHECK(kp_utf16_encode(0x20BB7, u) == 4 && u[0] == 0xD8 && u[1] == 0x42 && u[2] == 0xDF &&
          u[3] == 0xB7);
    char b[4];
    CHECK(kp_utf8_encode(0xE000, b) == 3 && memcmp(b, "\xEE\x80\x80", 3) == 0);
}

static void test_faces(void)
{
    CHECK(kp_chain_pick(&body, 0x4E2D) == 0);   /* 中 in UMing */
    CHECK(kp_chain_pick(&body, 0x20BB7) == 1);  /* 𠮷 only in HanaMinB */
    CHECK(kp_chain_pick(&body, 0x10FFFD) == -1);
    CHECK(kp_face_advance(uming, 0x4E2D) == 1000);
    CHECK(kp_face_advance(uming, 0x10FFFD) == 0);
    double w = kp_chain_width(&body, "中\xF0\xA0\xAE\xB7", strlen("中\xF0\xA0\xAE\xB7"), 10);
    CHECK(w == 10 + kp_face_advance(hana, 0x20BB7) / 100);
    CHECK(kp_chain_width(&body, "\xF4\x8F\xBF\xBD", 4, 12) == 12); /* missing: 1 em */
    kp_diag d;
    kp_diag_init(&d);
    CHECK(kp_face_load(UMING, 9, &d) == NULL && d.code == KP_ERR_FONT);
    kp_diag_init(&d);
    CHECK(kp_face_load("/nonexistent.ttf", 0, &d) == NULL && d.code == KP_ERR_IO);
}

/* ---- Sample documents ---- */

static void text(kp_page *p, double x, double y, double size, const char *s)
{
    kp_page_text(p, &body, x, y, size, 0x000000, s);
}

/* Right-aligns s at x using the same measure the writer draws with. */
static void text_right(kp_page *p, double x, double y, double size, const char *s)
{
    text(p, x - kp_chain_width(&body, s, strlen(s), size), y, size, s);
}

static const char *const rows[][4] = {
    {"序号", "姓名", "单位", "得分"},
    {"1", "张三", "第一中学", "92.5"},
    {"2", "𠮷祥", "实验小学", "88"},
    {"3", "李四（Li Si）", "教育局", "79.25"},
};

/* A bordered table with a shaded header row, top-left at (x, top). */
static void table(kp_page *p, double x, double top)
{
    static const double col[] = {0, 50, 170, 330, 400};
    const double rh = 24, size = 11;
    size_t nr = sizeof rows / sizeof rows[0];
    kp_page_rect(p, x, top - rh, col[4], rh, 0, 0xDDDDDD, 1);
    for (size_t r = 0; r < nr; r++) {
        double base = top - rh * (double)(r + 1) + 8;
        for (int c = 0; c < 3; c++)
            text(p, x + col[c] + 6, base, size, rows[r][c]);
        text_right(p, x + col[4] - 6, base, size, rows[r][3]);
    }
    for (size_t r = 0; r <= nr; r++)
        kp_page_line(p, x, top - rh * (double)r, x + col[4], top - rh * (double)r, 0.5,
                           0x333333);
    for (int c = 0; c < 5; c++)
        kp_page_line(p, x + col[c], top, x + col[c], top - rh * (double)nr, 0.5,
                           0x333333);
    kp_page_rect(p, x - 4, top - rh * (double)nr - 4, col[4] + 8, rh * (double)nr + 8, 1,
                       0xCC0000, 0);
}

static void fill_info(kp_doc *doc)
{
    kp_doc_set_info(doc, "2024年度考评结果通知书", "考评办公室 𠮷祥", "考评结果",
                          "考评, 通知书", "kaoping test");
    snprintf(doc->date, sizeof doc->date, "2024-06-30");
}

static void one_page(kp_doc *doc)
{
    kp_doc_init(doc);
    fill_info(doc);
    kp_page *p = kp_doc_add_page(doc, A4_W, A4_H);
    text(p, 72, 760, 18, "2024年度考评结果通知书");
    text(p, 72, 730, 11, "考生姓名：𠮷祥");
    text(p, 72, 712, 11, "准考证号：20240001");
    table(p, 72, 690);
    text(p, 72, 550, 11, "注：本通知书由系统自动生成。");
    kp_doc_bookmark(doc, "一、考评结果", 0);
}

static void two_pages(kp_doc *doc)
{
    one_page(doc);
    kp_page *p = kp_doc_add_page(doc, A4_H, A4_W);
    text(p, 72, 520, 16, "二、汇总表（横向）");
    table(p, 72, 490);
    kp_doc_bookmark(doc, "二、汇总表", 1);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

static int same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    while (same) {
        int ca = getc(fa), cb = getc(fb);
        same = ca == cb;
        if (ca == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

static void test_write(const char *dir)
{
    char two[512], again[512], one[512];
    snprintf(two, sizeof two, "%s/two_pages.pdf", dir);
    snprintf(again, sizeof again, "%s/two_pages_again.pdf", dir);
    snprintf(one, sizeof one, "%s/one_page.pdf", dir);
    kp_doc doc;
    kp_diag d;
    two_pages(&doc);
    kp_diag_init(&d);
    CHECK(kp_pdf_write(&doc, two, &d) == KP_OK);
    kp_file_sum sum = {"", 0};
    CHECK(kp_pdf_write_sum(&doc, again, &sum, &d) == KP_OK);
    CHECK(same_file(two, again)); /* byte-reproducible */
    /* The digest taken from memory is the file's, as sha256sum reads it back. */
    char cmd[600], want[65] = "";
    snprintf(cmd, sizeof cmd, "sha256sum '%s'", again);
    FILE *p = popen(cmd, "r");
    CHECK(p && fscanf(p, "%64s", want) == 1);
    if (p)
        pclose(p);
    CHECK(strcmp(sum.hex, want) == 0 && sum.size == file_size(again));
    kp_doc_free(&doc);

    one_page(&doc);
    double best = 1e9;
    for (int i = 0; i < 5; i++) { /* best of 5: the first run warms caches */
        double t0 = now_ms();
        CHECK(kp_pdf_write(&doc, one, &d) == KP_OK);
        double t = now_ms() - t0;
        best = t < best ? t : best;
    }
    printf("one-page document: %ld bytes, kp_pdf_write %.1f ms (best of 5)\n", file_size(one),
           best);
    kp_doc_free(&doc);
}

/* Failures must leave nothing at the path. */
static void test_failures(const char *dir)
{
    char path[512];
    kp_doc doc;
    kp_diag d;
    kp_quiet = 1;
    snprintf(path, sizeof path, "%s/bad.pdf", dir);
    one_page(&doc);
    kp_doc_bookmark(&doc, "越界", 5);
    kp_diag_init(&d);
    CHECK(kp_pdf_write(&doc, path, &d) == KP_ERR_VALUE && access(path, F_OK) != 0);
    kp_doc_free(&doc);

    one_page(&doc);
    snprintf(doc.date, sizeof doc.date, "2023-02-29");
    kp_diag_init(&d);
    CHECK(kp_pdf_write(&doc, path, &d) == KP_ERR_VALUE && access(path, F_OK) != 0);
    snprintf(doc.date, sizeof doc.date, "2024-02-29");
    snprintf(path, sizeof path, "%s/no/such/dir/x.pdf", dir);
    kp_diag_init(&d);
    CHECK(kp_pdf_write(&doc, path, &d) == KP_ERR_IO && access(path, F_OK) != 0);
    kp_doc_free(&doc);

    /* libharu's own refusal (a string over 64 KiB) must be reported too. */
    one_page(&doc);
    size_t n = 40000, k = strlen("考"); /* 80002 bytes of UTF-16 */
    char *huge = malloc(n * k + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(huge + i * k, "考", k);
    huge[n * k] = 0;
    kp_doc_set_info(&doc, huge, NULL, NULL, NULL, NULL);
    free(huge);
    snprintf(path, sizeof path, "%s/bad.pdf", dir);
    kp_diag_init(&d);
    CHECK(kp_pdf_write(&doc, path, &d) == KP_ERR_PDF && access(path, F_OK) != 0);
    kp_doc_free(&doc);

}

/* 8000 distinct characters of UMing: more than the 6400 a font once held
 * (when it was addressed through the Private Use Area), now each a glyph
 * id; 80 lines of 100, from U+4E00 on, skipping those UMing lacks. The
 * lines also go to many.expected, for run.sh to compare with what
 * pdftotext gives back (ToUnicode blocks of 100, CIDs past 0xFF, 0xFFF). */
static void test_many(const char *dir)
{
    char path[512], line[100 * 3 + 1];
    kp_diag d;
    kp_doc doc;
    kp_doc_init(&doc);
    snprintf(doc.date, sizeof doc.date, "2024-01-15");
    kp_page *p = kp_doc_add_page(&doc, A4_W, A4_H);
    kp_chain ch = {.faces = {uming}, .n = 1};
    snprintf(path, sizeof path, "%s/../many.expected", dir);
    FILE *expected = fopen(path, "w");
    CHECK(expected != NULL);
    uint32_t cp = 0x4E00;
    for (int row = 0; row < 80 && expected; row++) {
        char *q = line;
        for (int k = 0; k < 100; cp++)
            if (kp_face_has(uming, cp)) {
                q += kp_utf8_encode(cp, q);
                k++;
            }
        *q = 0;
        kp_page_text(p, &ch, 36, 800 - 9.5 * row, 5, 0, line);
        fprintf(expected, "%s\n", line);
    }
    if (expected)
        fclose(expected);
    snprintf(path, sizeof path, "%s/many.pdf", dir);
    kp_diag_init(&d);
    CHECK(kp_pdf_write(&doc, path, &d) == KP_OK);
    kp_doc_free(&doc);
}

/* Two characters one glyph draws (Liberation Serif Italic's U+FB01 and
 * U+F001 ligature fi): each must still extract as itself, so the second
 * gets a CID of its own and the font a CIDToGIDMap stream (run.sh). */
static void test_shared_glyph(const char *dir)
{
    char path[512];
    kp_diag d;
    kp_diag_init(&d);
    kp_face *lib = kp_face_load(LIB_IT, 0, &d);
    CHECK(lib != NULL);
    if (!lib)
        return;
    kp_chain ch = {.faces = {lib}, .n = 1};
    CHECK(kp_face_glyph(lib, 0xFB01) == kp_face_glyph(lib, 0xF001));
    kp_doc doc;
    kp_doc_init(&doc);
    snprintf(doc.date, sizeof doc.date, "2024-01-15");
    kp_page *p = kp_doc_add_page(&doc, A4_W, A4_H);
    kp_page_text(p, &ch, 72, 760, 12, 0, "A\xEF\xAC\x81" "B\xEF\x80\x81" "C");
    snprintf(path, sizeof path, "%s/shared_glyph.pdf", dir);
    CHECK(kp_pdf_write(&doc, path, &d) == KP_OK);
    kp_doc_free(&doc);
    kp_face_free(lib);
}

/* The same font loaded twice must become two fonts, not one set twice;
 * a character no face has leaves its 1 em gap. */
static void test_duplicate_face(const char *dir)
{
    char path[512];
    kp_diag d;
    kp_diag_init(&d);
    kp_face *again = kp_face_load(UMING, 0, &d);
    kp_chain other = {.faces = {again}, .n = 1};
    kp_doc doc;
    kp_doc_init(&doc);
    snprintf(doc.date, sizeof doc.date, "2024-01-15");
    kp_page *p = kp_doc_add_page(&doc, A4_W, A4_H);
    text(p, 72, 760, 12, "正文字体");
    kp_page_text(p, &other, 72, 740, 12, 0x0000CC, "重复加载的字体");
    text(p, 72, 720, 12, "缺\xF4\x8F\xBF\xBD字");
    snprintf(path, sizeof path, "%s/duplicate_face.pdf", dir);
    CHECK(kp_pdf_write(&doc, path, &d) == KP_OK);
    kp_doc_free(&doc);
    kp_face_free(again);
}

/* Non-zero when the file at path contains s. */
static int file_has(const char *path, const char *s)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    for (size_t i = 0; i + strlen(s) <= n; i++)
        if (memcmp(buf + i, s, strlen(s)) == 0)
            return 1;
    return 0;
}

/* Dates come from doc->date, else SOURCE_DATE_EPOCH, never the clock;
 * Info and XMP spell the same instant. */
static void test_dates(const char *dir)
{
    char path[512];
    kp_doc doc;
    kp_diag d;
    kp_quiet = 1;
    snprintf(path, sizeof path, "%s/epoch.pdf", dir);
    one_page(&doc);
    doc.date[0] = 0;
    unsetenv("SOURCE_DATE_EPOCH");
    kp_diag_init(&d);
    CHECK(kp_pdf_write(&doc, path, &d) == KP_ERR_VALUE && access(path, F_OK) != 0);
    static const char *const bad[] = {"", "abc", "-5", "+5", " 5", "12x", "253402300800",
                                      "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("SOURCE_DATE_EPOCH", bad[i], 1);
        kp_diag_init(&d);
        CHECK(kp_pdf_write(&doc, path, &d) == KP_ERR_VALUE && access(path, F_OK) != 0);
    }
    setenv("SOURCE_DATE_EPOCH", "1719709261", 1); /* 2024-06-30 01:01:01 UTC */
    kp_diag_init(&d);
    CHECK(kp_pdf_write(&doc, path, &d) == KP_OK);
    CHECK(file_has(path, "/CreationDate (D:20240630010101+00'00')"));
    CHECK(file_has(path, "/ModDate (D:20240630010101+00'00')"));
    CHECK(file_has(path, "<xmp:CreateDate>2024-06-30T01:01:01+00:00</xmp:CreateDate>"));
    CHECK(file_has(path, "<xmp:ModifyDate>2024-06-30T01:01:01+00:00</xmp:ModifyDate>"));
    snprintf(doc.date, sizeof doc.date, "2000-02-29"); /* the document's own date wins */
    snprintf(path, sizeof path, "%s/dated.pdf", dir);
    CHECK(kp_pdf_write(&doc, path, &d) == KP_OK);
    CHECK(file_has(path, "/CreationDate (D:20000229000000+00'00')"));
    CHECK(file_has(path, "<xmp:CreateDate>2000-02-29T00:00:00+00:00</xmp:CreateDate>"));
    unsetenv("SOURCE_DATE_EPOCH");
    kp_doc_free(&doc);
}

/* Metadata that XML must escape, or cannot carry at all, stays equal in
 * Info and XMP (tests/pdf/check_pdfa.py compares them). */
static void test_escapes(const char *dir)
{
    char path[512];
    kp_doc doc;
    kp_diag d;
    one_page(&doc);
    kp_doc_set_info(&doc, "A<B & C>D \"q\" 'a' ]]>", "Tab\there\r\nCR LF", "bell\x07 \xFF bad",
                          "</pdf:Keywords><evil/>", "");
    snprintf(path, sizeof path, "%s/escapes.pdf", dir);
    kp_diag_init(&d);
    CHECK(kp_pdf_write(&doc, path, &d) == KP_OK);
    CHECK(file_has(path, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">A&lt;B &amp; C&gt;D "));
    CHECK(file_has(path, "<pdf:Keywords>&lt;/pdf:Keywords&gt;&lt;evil/&gt;</pdf:Keywords>"));
    CHECK(!file_has(path, "xmp:CreatorTool")); /* empty creator: in neither place */
    kp_doc_free(&doc);
}

/* test_pdf --bad-icc missing|invalid DIR: with KAOPING_SRGB_ICC pointing at a missing or unusable profile, as the
 * first write of the process (the profile is read once): no file, and an
 * error naming the profile. */
static void test_bad_icc(const char *dir, const char *expect)
{
    char path[512];
    kp_doc doc;
    kp_diag d;
    snprintf(path, sizeof path, "%s/no_icc.pdf", dir);
    one_page(&doc);
    kp_diag_init(&d);
    kp_err want = strcmp(expect, "missing") == 0 ? KP_ERR_MISSING : KP_ERR_VALUE;
    CHECK(kp_pdf_write(&doc, path, &d) == want && access(path, F_OK) != 0);
    CHECK(strcmp(d.file, getenv("KAOPING_SRGB_ICC")) == 0);
    kp_doc_free(&doc);
}

/* test_pdf [DIR] runs every test, writing its PDFs to DIR. */
int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    int bad_icc = argc > 3 && strcmp(argv[1], "--bad-icc") == 0;
    kp_diag d;
    kp_diag_init(&d);
    uming = kp_face_load(UMING, 0, &d);
    hana = kp_face_load(HANA_B, 0, &d);
    if (!uming || !hana) {
        fprintf(stderr, "test_pdf: fonts missing (fonts-arphic-uming, fonts-hanazono)\n");
        return 2;
    }
    body.faces[0] = uming;
    body.faces[1] = hana;
    body.n = 2;
    if (bad_icc) {
        test_bad_icc(argv[3], argv[2]);
    } else {
        test_utf8();
        test_faces();
        test_write(dir);
        test_failures(dir);
        test_duplicate_face(dir);
        test_many(dir);
        test_shared_glyph(dir);
        test_dates(dir);
        test_escapes(dir);
    }
    kp_face_free(uming);
    kp_face_free(hana);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
