/* test_num.c - rounding half away from zero, number parsing and periods. */
#include "test.h"

#include "base/kp_num.h"

#include <string.h>

static void test_round(void)
{
    static const struct {
        double in;
        int dec;
        const char *out;
    } cases[] = {
        {2.675, 2, "2.68"}, /* binary 2.67499999...: the decimal intent wins */
        {1.005, 2, "1.01"},
        {0.125, 2, "0.13"},
        {-0.125, 2, "-0.13"},
        {-2.5, 0, "-3"},
        {2.5, 0, "3"},
        {84.124999, 2, "84.12"},
        {89.8, 2, "89.80"},
        {-0.001, 2, "0.00"},
        {101, 2, "101.00"},
        {0.2 * 50.5 + 0.3 * 50 + 0.5 * 89.8, 2, "70.00"},
        {10 - 0.1 * 47, 2, "5.30"},
        /* the digits written directly, without printf */
        {0.05, 2, "0.05"},
        {-7.5, 1, "-7.5"},
        {0, 0, "0"},
        {3, 4, "3.0000"},
        {-0.04, 1, "0.0"},
        {123456789.125, 3, "123456789.125"},
        {-1234.5678, 3, "-1234.568"},
        /* the true value decides, not a nudge: 1e-11 below a midpoint rounds down */
        {84.12499999999, 2, "84.12"},
        {-84.12499999999, 2, "-84.12"},
        {84.125, 2, "84.13"},
        {0.1 + 0.2 + 84.025 - 0.3, 2, "84.03"},
        {5.5511151231257827e-17, 2, "0.00"},
        {0.49999999999999, 0, "0"},
        {0.5, 0, "1"},
        {99.995, 2, "100.00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        kp_num_format(cases[i].in, cases[i].dec, buf, sizeof buf);
        CHECK(!strcmp(buf, cases[i].out), "round %.17g to %d: got %s, want %s", cases[i].in,
              cases[i].dec, buf, cases[i].out);
    }
    CHECK(kp_num_units(89.8, 2) == 8980, "units of 89.8");
    CHECK(kp_num_units(0.1 + 0.2, 2) == 30, "units of 0.1+0.2");
}

static void test_parse(void)
{
    static const struct {
        const char *in;
        int ok, percent;
        double value;
    } cases[] = {
        {"12", 1, 0, 12},   {"-3.5", 1, 0, -3.5}, {"91.3%", 1, 1, 91.3}, {" 7 ", 1, 0, 7},
        {".5", 1, 0, 0.5},  {"abc", 0, 0, 0},     {"", 0, 0, 0},         {"1e5", 0, 0, 0},
        {"1.2.3", 0, 0, 0}, {"12,5", 0, 0, 0},    {"%", 0, 0, 0},        {"5%%", 0, 0, 0},
        {"1,000", 0, 0, 0}, {"+4", 1, 0, 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = 0;
        int pc = 0;
        int ok = kp_num_parse(cases[i].in, &v, &pc) == 0;
        CHECK(ok == cases[i].ok, "parse '%s': ok %d, want %d", cases[i].in, ok, cases[i].ok);
        if (ok && cases[i].ok)
            CHECK(v == cases[i].value && pc == cases[i].percent, "parse '%s' = %g%s", cases[i].in,
                  v, pc ? "%" : "");
    }
}

static void test_periods(void)
{
    static const struct {
        const char *in;
        int ok;
    } cases[] = {{"2023", 1},    {"2023-H1", 1}, {"2023-H3", 0}, {"2023-Q4", 1},
                 {"2023-Q5", 0}, {"2023-01", 1}, {"2023-13", 0}, {"2023-1", 0},
                 {"23", 0},      {"2023-", 0},   {"2023-00", 0}, {"abcd", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kp_period p;
        int ok = kp_period_parse(cases[i].in, &p) == 0;
        CHECK(ok == cases[i].ok, "period '%s'", cases[i].in);
        if (ok) {
            char buf[16];
            kp_period_format(&p, buf, sizeof buf);
            CHECK(!strcmp(buf, cases[i].in), "period round trip '%s' -> '%s'", cases[i].in, buf);
        }
    }
    kp_period y, q, m, m2;
    kp_period_parse("2023", &y);
    kp_period_parse("2023-Q2", &q);
    kp_period_parse("2023-05", &m);
    kp_period_parse("2024-05", &m2);
    CHECK(kp_period_within(&m, &q) && kp_period_within(&q, &y) && kp_period_within(&m, &y),
          "month in quarter in year");
    CHECK(!kp_period_within(&m2, &y) && !kp_period_within(&y, &m), "outside");
    kp_period months[12];
    CHECK(kp_period_split(&y, KP_PER_MONTH, months, 12) == 12 && months[11].n == 12, "12 months");
    CHECK(kp_period_split(&q, KP_PER_MONTH, months, 12) == 3 && months[0].n == 4, "Q2 = 4,5,6");
    CHECK(kp_period_split(&y, KP_PER_QUARTER, months, 12) == 4 && months[3].n == 4, "4 quarters");
    kp_period r, r2, m15;
    CHECK(kp_period_parse("2015-09..2016-06", &r) == 0 && r.end - r.start == 10, "range");
    char buf[32];
    kp_period_format(&r, buf, sizeof buf);
    CHECK(!strcmp(buf, "2015-09..2016-06"), "range round trip %s", buf);
    CHECK(kp_period_split(&r, KP_PER_MONTH, months, 12) == 10 && months[0].year == 2015 &&
              months[0].n == 9 && months[9].year == 2016 && months[9].n == 6,
          "range months");
    kp_period_parse("2015-12", &m15);
    CHECK(kp_period_within(&m15, &r) && !kp_period_within(&m, &r), "month in range");
    CHECK(kp_period_parse("2016-06..2015-09", &r2) != 0, "reversed range");
    CHECK(kp_period_parse("2015..2016", &r2) != 0, "range of years");
}

/* How documents write periods (GB/T 9704 texts spell dates out in Chinese). */
static void test_periods_cn(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {{"2023", "2023年度"},          {"2023-H1", "2023年上半年"},
                 {"2023-H2", "2023年下半年"},   {"2013-Q2", "2013年第二季度"},
                 {"2013-Q4", "2013年第四季度"}, {"2023-05", "2023年5月"},
                 {"2023-12", "2023年12月"},     {"2015-09..2016-06", "2015年9月至2016年6月"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kp_period p;
        char buf[64];
        CHECK(kp_period_parse(cases[i].in, &p) == 0, "period '%s'", cases[i].in);
        kp_period_format_cn(&p, buf, sizeof buf);
        CHECK(!strcmp(buf, cases[i].want), "'%s' -> '%s', want '%s'", cases[i].in, buf,
              cases[i].want);
    }
}

void test_num(void)
{
    test_round();
    test_parse();
    test_periods();
    test_periods_cn();
}
