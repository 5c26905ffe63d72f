/* test_obs.c - the pieces that load a national year: counting placement and the in-place row
 * reader. */
#include "test.h"

#include "ingest/kp_csv.h"
#include "model/kp_buckets.h"
#include "rules/kp_score.h"

#include <math.h>

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

/* The model's period index: equal type and span, nothing else. */
static void test_period_index(void)
{
    kp_period have[3];
    kp_period_parse("2018-01", &have[0]);
    kp_period_parse("2018-02", &have[1]);
    kp_period_parse("2018", &have[2]);
    kp_model m = {.periods = have, .nperiods = 3};
    static const struct {
        const char *p;
        int index;
    } cases[] = {
        {"2018-02", 1},  {"2018", 2}, {"2018-01", 0}, {"2018-03", -1}, /* no observation has it */
        {"2018-Q1", -1}, /* starts with 2018-01, but is a quarter */
        {"2017", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kp_period p;
        kp_period_parse(cases[i].p, &p);
        int got = kp_model_period_index(&m, &p);
        CHECK(got == cases[i].index, "period %s: index %d, want %d", cases[i].p, got,
              cases[i].index);
    }
}

/* A table's rows keep only slots that are not +0. Two subjects of kind 0; indicator 1
 * and category 1 are kind 1's. Slots: indicators 0-2, then the subtotals of categories
 * 0 and 1 (slots 3 and 4). Row 0 stores indicator 0 (2.5) and no subtotal: category 0's
 * is then summed from the held scores (1 x 2.5 = 2.5). Row 1 stores indicator 0 (-0,
 * kept: it is not +0), indicator 2 (7) and category 0's subtotal, as the scorer does when
 * a score was cut to 15 digits: -3.33 here, which the held scores (1 x -0 - 0.5 x 7 =
 * -3.5) would not give, so it must be read from the row. */
static void test_sparse_rows(void)
{
    static kp_ruleset rs;
    rs.nindicators = 3;
    rs.indicators[0] = (kp_indicator){.kind = 0, .cat = 0, .sign = 1, .weight = 1};
    rs.indicators[1] = (kp_indicator){.kind = 1, .cat = 1, .sign = 1, .weight = 1};
    rs.indicators[2] = (kp_indicator){.kind = 0, .cat = 0, .sign = -1, .weight = 0.5};
    rs.ncategories = 2;
    rs.category_kind[0] = 0;
    rs.category_kind[1] = 1;
    kp_model m = {.rs = &rs};
    m.kind_first[0] = 0;
    m.kind_count[0] = 2;
    kp_results r = {.m = &m, .rs = &rs};
    double values[] = {2.5, -0.0, 7, -3.33};
    uint32_t value_at[] = {0, 1, 4};
    uint64_t stored[] = {1u << 0, 1u << 0 | 1u << 2 | 1u << 3};
    kp_table t = {.kind = 0, .values = values, .value_at = value_at, .stored = stored};
    static const struct {
        int subject, indicator;
        double want;
        int negative_zero;
    } cases[] = {
        {0, 0, 2.5, 0},
        {0, 2, 0, 0}, /* left out: +0 */
        {1, 0, 0, 1}, /* stored -0 comes back as -0 */
        {1, 2, 7, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = kp_table_value(&r, &t, cases[i].subject, cases[i].indicator);
        CHECK(v == cases[i].want && !signbit(v) == !cases[i].negative_zero,
              "subject %d indicator %d: %g, want %g", cases[i].subject, cases[i].indicator, v,
              cases[i].want);
    }
    CHECK(isnan(kp_table_value(&r, &t, 0, 1)), "another kind's indicator is NAN");
    CHECK(kp_table_subtotal(&r, &t, 0, 0) == 2.5, "subtotal of row 0, from its held scores");
    CHECK(kp_table_subtotal(&r, &t, 1, 0) == -3.33, "subtotal of row 1, as stored");
    CHECK(isnan(kp_table_subtotal(&r, &t, 1, 1)), "a category of another kind is NAN");
}

void test_obs(void)
{
    test_buckets();
    test_rows();
    test_period_index();
    test_sparse_rows();
}
