/* test_exact.c - exact scores: held decimals in and out, exact rounding, long inputs read. */
#include "test.h"

#include "base/kp_exact.h"
#include "base/kp_num.h"

#include <string.h>

/* x = a / b / 10^shift: fractions past 64 bits are built by dividing further. */
static void frac(kp_exact *x, long long a, long long b, int shift)
{
    kp_exact_set_ratio(x, a, b);
    for (int i = 0; i < shift; i++)
        kp_exact_div_count(x, 10);
}

/* The decimal a double holds comes back exactly: whole, short, long and tiny values. */
static void test_set_held(void)
{
    static const struct {
        double v;
        long long a, b;
        int shift;
    } cases[] = {
        {0, 0, 1, 0},
        {84, 84, 1, 0},
        {-3.5, -7, 2, 0},
        {0.1, 1, 10, 0},
        {84.125, 673, 8, 0},
        {0.123456789012345, 123456789012345, 1000000000000000, 0},
        {5.55111512312578e-17, 555111512312578, 1000000000000000000, 13},
        {123456789012345, 123456789012345, 1, 0},
        {1.5e20, 150000000000000000, 1, -3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kp_exact x = KP_EXACT_ZERO, w = KP_EXACT_ZERO, k = KP_EXACT_ZERO;
        kp_exact_set_held(&x, cases[i].v);
        frac(&w, cases[i].a, cases[i].b, cases[i].shift > 0 ? cases[i].shift : 0);
        kp_exact_set_int(&k, 1000);
        for (int s = 0; s > cases[i].shift; s -= 3)
            kp_exact_mul(&w, &k);
        CHECK(kp_exact_cmp(&x, &w) == 0, "held %.17g", cases[i].v);
        kp_exact_clear(&x);
        kp_exact_clear(&w);
    }
}

/* Back to a double: the exact value truncated toward zero to 15 significant digits, so
 * that a value under a midpoint stays under it where kp_num_round looks. */
static void test_held(void)
{
    static const struct {
        long long a, b;
        int shift;
        double want;
    } cases[] = {
        {1, 3, 0, 0.333333333333333},
        {2, 3, 0, 0.666666666666666}, /* not ...667 */
        {-2, 3, 0, -0.666666666666666},
        {673, 8, 0, 84.125},
        /* 84.125 - 10^-17: truncated, not rounded up onto the midpoint */
        {8412499999999999999, 100000000000000000, 0, 84.1249999999999},
        {1, 7, 21, 1.42857142857142e-22},
        {0, 1, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kp_exact x = KP_EXACT_ZERO;
        frac(&x, cases[i].a, cases[i].b, cases[i].shift);
        double got = kp_exact_held(&x);
        CHECK(got == cases[i].want, "held of %lld/%lld/10^%d: %.17g, want %.17g", cases[i].a,
              cases[i].b, cases[i].shift, got, cases[i].want);
        kp_exact_clear(&x);
    }
    /* 84.125 - 10^-19 / 3: a denominator past 64 bits, in GMP */
    kp_exact x = KP_EXACT_ZERO, y = KP_EXACT_ZERO;
    kp_exact_set_ratio(&x, 673, 8);
    kp_exact_set_ratio(&y, 1, 1000000000000000000);
    kp_exact_div_count(&y, 30);
    kp_exact_sub(&x, &y);
    CHECK(x.big && kp_exact_held(&x) == 84.1249999999999 && kp_exact_units(&x, 2) == 8412,
          "84.125 - 10^-19 / 3 holds 84.1249999999999 and publishes 84.12");
    kp_exact_clear(&x);
    kp_exact_clear(&y);
}

/* Half away from zero on the exact value, and what kp_num_format then prints of the held
 * double agrees. */
static void test_units(void)
{
    static const struct {
        long long a, b;
        int shift, decimals;
        long long units;
        const char *text;
    } cases[] = {
        {673, 8, 0, 2, 8413, "84.13"}, /* 84.125 */
        {-673, 8, 0, 2, -8413, "-84.13"},
        {8412499999999999999, 100000000000000000, 0, 2, 8412, "84.12"},
        {3, 200, 0, 2, 2, "0.02"},  /* 0.015 */
        {1, 16, 0, 3, 63, "0.063"}, /* 0.0625 */
        {2, 3, 0, 2, 67, "0.67"},
        {1, 3, 0, 0, 0, "0"},
        {17999, 2, 0, 0, 9000, "9000"}, /* 8999.5 */
        {-1, 1000, 0, 2, 0, "0.00"},    /* no "-0.00" */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kp_exact x = KP_EXACT_ZERO;
        frac(&x, cases[i].a, cases[i].b, cases[i].shift);
        long long u = kp_exact_units(&x, cases[i].decimals);
        CHECK(u == cases[i].units, "units of case %zu: %lld, want %lld", i, u, cases[i].units);
        char direct[64], held[64];
        kp_exact_format(&x, cases[i].decimals, direct, sizeof direct);
        kp_num_format(kp_exact_held(&x), cases[i].decimals, held, sizeof held);
        CHECK(!strcmp(direct, cases[i].text) && !strcmp(held, cases[i].text),
              "case %zu: '%s' and held '%s', want '%s'", i, direct, held, cases[i].text);
        kp_exact_clear(&x);
    }
}

/* Sums and means of held values: the exact fraction; terms past 64 bits move to GMP and
 * come back. */
static void test_sums(void)
{
    const double v[] = {0.1, 0.2, 84.025, -0.3, 95, 60.5};
    kp_exact x = KP_EXACT_ZERO, w = KP_EXACT_ZERO;
    kp_exact_sum_held(&x, v, 6);
    kp_exact_set_ratio(&w, 47905, 200); /* 239.525 */
    CHECK(kp_exact_cmp(&x, &w) == 0, "sum is 239.525");
    kp_exact_div_count(&x, 3);
    kp_exact_set_ratio(&w, 47905, 600);
    CHECK(kp_exact_cmp(&x, &w) == 0, "mean of three");
    CHECK(kp_exact_units(&x, 2) == 7984, "239.525 / 3 = 79.841666... publishes 79.84");
    /* (10^18 + 1/3) - 10^18 = 1/3: the sum needs more than 64 bits on the way */
    kp_exact_set_ratio(&x, 1000000000000000000, 1);
    kp_exact_set_ratio(&w, 1, 3);
    kp_exact_add(&x, &w);
    kp_exact_mul(&x, &x); /* (10^18 + 1/3)^2: GMP */
    CHECK(x.big != NULL, "a square of 10^18 needs GMP");
    kp_exact_set_ratio(&w, 1000000000000000000, 1);
    kp_exact_mul(&w, &w);
    kp_exact_sub(&x, &w); /* 2/3 10^18 + 1/9 */
    kp_exact_set_ratio(&w, 666666666666666666, 1);
    kp_exact_sub(&x, &w);
    kp_exact_set_ratio(&w, 7, 9); /* 2/3 + 1/9 */
    CHECK(kp_exact_cmp(&x, &w) == 0 && x.big == NULL, "back to 7/9 in 64 bits");
    kp_exact_clear(&x);
    kp_exact_clear(&w);
}

/* Inputs with more than 15 significant digits are held rounded to 15, half away from zero
 * on the decimal digits (as Excel holds numbers); 15 or fewer are held as written. */
static void test_long_inputs(void)
{
    static const struct {
        const char *in;
        double want;
    } cases[] = {
        {"0.1234567890123456789", 0.123456789012346},
        {"0.1234567890123454999", 0.123456789012345},
        {"9.9999999999999995", 10},
        {"-9.9999999999999995", -10},
        {"84.12499999999999999", 84.125},
        {"0.000000000000000055511151231257827", 5.55111512312578e-17},
        {"1234567890123456789", 1.23456789012346e18},
        {"100000000000.015", 100000000000.015},
        {"84.1250000000000000", 84.125},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v;
        int pc;
        int ok = kp_num_parse(cases[i].in, &v, &pc) == 0;
        CHECK(ok && v == cases[i].want, "'%s' held as %.17g, want %.17g", cases[i].in, v,
              cases[i].want);
    }
}

void test_exact(void)
{
    kp_exact_init();
    test_set_held();
    test_held();
    test_units();
    test_sums();
    test_long_inputs();
}
