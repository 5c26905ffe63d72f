/* test_obs.c - the pieces that load a national year: counting placement and the in-place row
 * reader. */
#include "test.h"

#include "ingest/kp_csv.h"
#include "model/kp_buckets.h"

#include <string.h>

/* Stable counting placement; expected offsets and positions worked out by hand. */
static void test_buckets(void)
{
    static const struct {
        uint32_t key[6];
        size_t n, nb;
        uint32_t start[7]; /* nb + 1 entries */
        uint32_t pos[6];
    } cases[] = {
        /* counts 2, 1, 2, 0: bucket 0 = items 1, 4; bucket 1 = item 3; bucket 2 = items 0, 2 */
        {{2, 0, 2, 1, 0}, 5, 4, {0, 2, 3, 5, 5}, {3, 0, 4, 2, 1}},
        {{0}, 0, 3, {0, 0, 0, 0}, {0}},          /* nothing to place */
        {{1, 1, 1}, 3, 2, {0, 0, 3}, {0, 1, 2}}, /* one bucket keeps file order */
        {{3, 0}, 2, 4, {0, 1, 1, 1, 2}, {1, 0}}, /* the last bucket, empty between */
        {{0, 1, 2, 3, 4, 5}, 6, 6, {0, 1, 2, 3, 4, 5, 6}, {0, 1, 2, 3, 4, 5}}, /* sorted already */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint32_t key[6], start[7];
        memcpy(key, cases[c].key, sizeof key);
        kp_buckets_place(key, cases[c].n, start, cases[c].nb);
        for (size_t b = 0; b <= cases[c].nb; b++)
            CHECK(start[b] == cases[c].start[b], "buckets %zu: start[%zu] = %u, want %u", c, b,
                  start[b], cases[c].start[b]);
        for (size_t i = 0; i < cases[c].n; i++)
            CHECK(key[i] == cases[c].pos[i], "buckets %zu: item %zu at %u, want %u", c, i, key[i],
                  cases[c].pos[i]);
    }
}

/* The row reader: fields point into the text, unquoted in place; bad rows are skipped. */
static void test_rows(void)
{
    static const char text[] = "period,subject,visits\n"
                               "2018-01,W1,34\r\n"
                               "\n"
                               "\"2018-02\",\"W,2\",\"say \"\"hi\"\"\"\n"
                               "2018-03,W3\n"
                               "\"multi\nline\",W4,5";
    static const struct {
        long line;
        const char *f[3];
    } want[] = {
        {1, {"period", "subject", "visits"}},
        {2, {"2018-01", "W1", "34"}},
        {4, {"2018-02", "W,2", "say \"hi\""}},
        {6, {"multi\nline", "W4", "5"}}, /* line 5 has 2 fields: reported, skipped */
    };
    char buf[sizeof text];
    memcpy(buf, text, sizeof text); /* the reader ends the last field at buf[len] */
    kp_diag d;
    kp_diag_init(&d);
    kp_csv_rows R;
    kp_csv_rows_init(&R, buf, sizeof text - 1, "o.csv", &d);
    kp_csv_record r;
    size_t got = 0;
    while (kp_csv_rows_next(&R, &r)) {
        if (got < 4) {
            CHECK(r.line == want[got].line, "row %zu: line %ld, want %ld", got, r.line,
                  want[got].line);
            CHECK(r.n == 3, "row %zu: %d fields", got, r.n);
            for (int f = 0; f < 3 && f < r.n; f++) {
                CHECK(!strcmp(r.fields[f], want[got].f[f]), "row %zu field %d: '%s'", got, f,
                      r.fields[f]);
                CHECK(r.fields[f] >= buf && r.fields[f] < buf + sizeof buf,
                      "row %zu field %d is not in the text", got, f);
            }
        }
        got++;
    }
    CHECK(got == 4, "%zu records, want 4", got);
    CHECK(kp_csv_rows_finish(&R) == KP_ERR_SYNTAX, "a short row is a syntax error");
    CHECK(d.line == 5, "error on line %ld, want 5", d.line);
}

void test_obs(void)
{
    test_buckets();
    test_rows();
}
