/* test_text.c - dates in official form and line breaking without fonts. */
#include "test.h"

#include "render/kp_text.h"

#include <string.h>

void test_text(void)
{
    static const struct {
        const char *in, *out;
    } dates[] = {{"2024-01-15", "2024年1月15日"},
                 {"2023-10-01", "2023年10月1日"},
                 {"2023-09-13", "2023年9月13日"}};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        char buf[64];
        kp_text_date_cn(dates[i].in, buf, sizeof buf);
        CHECK(!strcmp(buf, dates[i].out), "date %s -> %s", dates[i].in, buf);
    }
    /* An empty chain measures every character as 1 em: 10 pt each at size 10. */
    kp_chain none = {{0}, 0};
    kp_line lines[8];
    const char *text = "一二三四五，六七八";
    int n = kp_text_wrap(&none, text, 10, 50, 0, lines, 8);
    CHECK(n == 2, "wrap into 2 lines, got %d", n);
    /* The comma may not start a line: the first line keeps it or gives up a character. */
    if (n == 2)
        CHECK(strncmp(text + lines[1].start, "，", 3) != 0, "line starts with a comma");
    /* Issue 15: never one character alone on a line. Four characters fit a line of 40 pt:
     * "大走访工作" goes 3 + 2, not 4 + 1; "公平" at a paragraph's end takes a character
     * down with it, the full stop included ("…公/平。" would leave "平。" alone). */
    static const struct {
        const char *text, *last;
        double width;
    } lone[] = {{"大走访工作", "工作", 40}, {"一二三四五六七公平。", "公平。", 80}};
    for (size_t i = 0; i < sizeof lone / sizeof lone[0]; i++) {
        n = kp_text_wrap(&none, lone[i].text, 10, lone[i].width, 0, lines, 8);
        const kp_line *l = &lines[n - 1];
        CHECK(n == 2 && l->len == strlen(lone[i].last) &&
                  !strncmp(lone[i].text + l->start, lone[i].last, l->len),
              "'%s' in %g pt: %d lines, the last '%.*s'", lone[i].text, lone[i].width, n,
              (int)l->len, lone[i].text + l->start);
    }
}
