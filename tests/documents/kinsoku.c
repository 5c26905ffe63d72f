/* kinsoku.c - kp_text_wrap keeps the Chinese line-breaking rules (禁则) at every width, even
 * where a run has no break opportunity: no line starts with closing punctuation, none ends with
 * opening punctuation, no text is lost, and only paragraph ends are marked hard (not justified).
 * Built and run by tests/e2e/documents_layouts.sh against build/libkaoping.a. */
#include "render/kp_text.h"
#include "pdf/kp_utf8.h"

#include <stdio.h>
#include <string.h>

static int failed, checked;

static void check_text(const char *text)
{
    kp_chain none = {{0}, 0}; /* every character measures 1 em */
    size_t len = strlen(text);
    for (double width = 20; width <= 200; width += 10) {
        kp_line lines[256];
        int n = kp_text_wrap(&none, text, 10, width, 0, lines, 256);
        size_t covered = 0;
        for (int i = 0; i < n; i++) {
            checked++;
            const char *s = text + lines[i].start;
            size_t at = 0, l = lines[i].len;
            if (!l)
                continue;
            uint32_t first = kp_utf8_next(s, l, &at), last = first;
            while (at < l)
                last = kp_utf8_next(s, l, &at);
            if (i > 0 && kp_text_no_start(first)) {
                printf("FAIL kinsoku: width %g line %d starts with U+%04X: %.*s\n", width, i,
                       (unsigned)first, (int)l, s);
                failed++;
            }
            if (i < n - 1 && kp_text_no_end(last)) {
                printf("FAIL kinsoku: width %g line %d ends with U+%04X: %.*s\n", width, i,
                       (unsigned)last, (int)l, s);
                failed++;
            }
            /* Only punctuation that may not start a line hangs past the end. */
            uint32_t cps[256];
            double cw[256];
            int nc = 0;
            for (size_t q = 0; q < l && nc < 256; nc++) {
                size_t from = q;
                cps[nc] = kp_utf8_next(s, l, &q);
                cw[nc] = kp_chain_width(&none, s + from, q - from, 10);
            }
            int keep = nc;
            while (keep > 1 && kp_text_no_start(cps[keep - 1]))
                keep--;
            double w = 0;
            for (int c = 0; c < keep; c++)
                w += cw[c];
            if (w > width + 1e-9) {
                printf("FAIL kinsoku: width %g line %d is %g wide without its hanging "
                       "punctuation\n", width, i, w);
                failed++;
            }
            if (lines[i].hard != (i == n - 1)) {
                printf("FAIL kinsoku: width %g line %d hard=%d\n", width, i, lines[i].hard);
                failed++;
            }
            covered = lines[i].start + lines[i].len;
        }
        if (covered != len) {
            printf("FAIL kinsoku: width %g lost text after byte %zu of %zu\n", width, covered, len);
            failed++;
        }
    }
}

int main(void)
{
    kp_text_init();
    static const char *const texts[] = {
        "根据《2013年荷塘区创新社会管理工作考核办法（试行）》，现将考核结果通报如下：优秀5个、良好14个、一般3个。",
        "一二三四五六七八九，十一二三四五六七八。九十一二三四五六七、八九十！一二三？四五六；七八九：十",
        "“三型”党组织建设……“两代表一委员”参与——群众工作日集中办公（每月8、9日）》》」」",
        "（一）（二）（三）（四）（五）（六）（七）（八）（九）（十）《一》《二》「三」『四』【五】〔六〕",
        "阿卜杜·热合曼·买买提·吐尔逊·艾力·库尔班，完成率95%，超出目标3‰，气温30℃。",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ，abcdefghijklmnopqrstuvwxyz。0123456789、0123456789"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        check_text(texts[i]);
    if (!failed)
        printf("PASS kinsoku: no line starts with closing or ends with opening punctuation, "
               "nothing lost (%d lines at 19 widths)\n", checked);
    return failed != 0;
}
