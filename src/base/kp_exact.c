/* kp_exact.c - exact rationals for scores: two 64-bit integers while they fit, GMP beyond. */
#include "kp_exact.h"
#include "kp_mem.h"

#include <gmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(long) == 8 && sizeof(unsigned long) == 8,
               "GMP's si/ui functions must take 64-bit integers");

typedef __int128 i128;
typedef unsigned __int128 u128;

static void *gmp_alloc(size_t n)
{
    return kp_xmalloc(n);
}

static void *gmp_realloc(void *p, size_t old, size_t n)
{
    (void)old;
    return kp_xrealloc(p, n);
}

static void gmp_free(void *p, size_t n)
{
    (void)n;
    free(p);
}

void kp_exact_init(void)
{
    mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
}

void kp_exact_clear(kp_exact *x)
{
    if (x->big) {
        mpq_clear(x->big);
        free(x->big);
    }
    *x = KP_EXACT_ZERO;
}

/* 10^k for 0 <= k <= 19, as integers and (k <= 22) as exact doubles. */
static const unsigned long long pow10u[] = {1ULL,
                                            10ULL,
                                            100ULL,
                                            1000ULL,
                                            10000ULL,
                                            100000ULL,
                                            1000000ULL,
                                            10000000ULL,
                                            100000000ULL,
                                            1000000000ULL,
                                            10000000000ULL,
                                            100000000000ULL,
                                            1000000000000ULL,
                                            10000000000000ULL,
                                            100000000000000ULL,
                                            1000000000000000ULL,
                                            10000000000000000ULL,
                                            100000000000000000ULL,
                                            1000000000000000000ULL,
                                            10000000000000000000ULL};
static const double ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static u128 gcd128(u128 a, u128 b)
{
    while (b) {
        u128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Binary gcd: no divisions, which dominate Euclid's on 64-bit words. */
static unsigned long long gcd64(unsigned long long a, unsigned long long b)
{
    if (!a || !b)
        return a | b;
    int shift = __builtin_ctzll(a | b);
    a >>= __builtin_ctzll(a);
    while (b) {
        b >>= __builtin_ctzll(b);
        if (a > b) {
            unsigned long long t = a;
            a = b;
            b = t;
        }
        b -= a;
    }
    return a << shift;
}

static u128 abs128(i128 n)
{
    return n < 0 ? (u128)(-(n + 1)) + 1 : (u128)n;
}

/* z = a (an unsigned 128-bit integer). */
static void mpz_set_u128(mpz_t z, u128 a)
{
    mpz_set_ui(z, (unsigned long)(a >> 64));
    mpz_mul_2exp(z, z, 64);
    mpz_add_ui(z, z, (unsigned long)(uint64_t)a);
}

/* x's GMP part, allocated (and set to x's small value) when it has none. */
static mpq_ptr big(kp_exact *x)
{
    if (!x->big) {
        mpq_ptr q = kp_xmalloc(sizeof *q);
        mpq_init(q);
        mpz_set_si(mpq_numref(q), x->num);
        mpz_set_ui(mpq_denref(q), x->den);
        x->big = q;
    }
    return x->big;
}

/* t = y, t initialised by the caller. */
static void as_mpq(mpq_t t, const kp_exact *y)
{
    if (y->big) {
        mpq_set(t, y->big);
    } else {
        mpz_set_si(mpq_numref(t), y->num);
        mpz_set_ui(mpq_denref(t), y->den);
    }
}

/* x = n / d (d > 0), reduced when large: small when both fit, else in GMP. */
static void put(kp_exact *x, i128 n, u128 d)
{
    if ((d == 1 || n == 0) && n >= -(i128)INT64_MAX && n <= (i128)INT64_MAX) {
        kp_exact_clear(x); /* whole: nothing to reduce (most scores) */
        x->num = (long long)n;
        return;
    }
    u128 a = abs128(n);
    /* Terms are reduced only when they grow large: a sum of hundredths stays over 100
     * without a gcd per addition, and nothing compares terms, only values. */
    u128 g = a <= ((u128)1 << 62) && d <= 0xFFFFFFFFu ? 1
             : (a >> 64) == 0 && (d >> 64) == 0       ? gcd64((uint64_t)a, (uint64_t)d)
                                                      : gcd128(a, d);
    if (g > 1) {
        a /= g;
        d /= g;
    }
    if (a <= (u128)INT64_MAX && (d >> 64) == 0) {
        kp_exact_clear(x);
        x->num = n < 0 ? -(long long)a : (long long)a;
        x->den = (unsigned long long)d;
        return;
    }
    mpq_ptr q = big(x);
    mpz_set_u128(mpq_numref(q), a);
    if (n < 0)
        mpz_neg(mpq_numref(q), mpq_numref(q));
    mpz_set_u128(mpq_denref(q), d);
}

/* After a GMP operation: back to two integers when the result fits them. */
static void settle(kp_exact *x)
{
    mpq_ptr q = x->big;
    if (mpz_fits_slong_p(mpq_numref(q)) && mpz_sizeinbase(mpq_denref(q), 2) <= 64) {
        long long n = mpz_get_si(mpq_numref(q));
        unsigned long long d = mpz_get_ui(mpq_denref(q));
        kp_exact_clear(x);
        x->num = n;
        x->den = d;
    }
}

void kp_exact_set_int(kp_exact *x, long long n)
{
    put(x, n, 1);
}

void kp_exact_set_ratio(kp_exact *x, long long a, long long b)
{
    put(x, b < 0 ? -(i128)a : a, abs128(b));
}

void kp_exact_copy(kp_exact *x, const kp_exact *y)
{
    if (y->big) {
        mpq_set(big(x), y->big);
        return;
    }
    kp_exact_clear(x);
    *x = *y;
}

void kp_exact_set_units(kp_exact *x, long long units, int decimals)
{
    if (decimals >= 0 && decimals <= 19) {
        put(x, units, pow10u[decimals]);
        return;
    }
    mpq_ptr q = big(x);
    mpz_set_si(mpq_numref(q), units);
    mpz_ui_pow_ui(mpq_denref(q), 10, (unsigned long)abs(decimals));
    if (decimals < 0) {
        mpz_mul(mpq_numref(q), mpq_numref(q), mpq_denref(q));
        mpz_set_ui(mpq_denref(q), 1);
    }
    mpq_canonicalize(q);
    settle(x);
}

void kp_exact_set_held(kp_exact *x, double v)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        put(x, (long long)v, 1);
        return;
    }
    /* Most values are whole or have a few decimals: n / 10^k that rounds back to v is then
     * the decimal v holds (two decimals of 15 digits never share a double). */
    for (int k = 0; k <= 6; k++) {
        double n = nearbyint(v * ten[k]);
        if (fabs(n) < 1e15 && n / ten[k] == v) {
            put(x, (long long)n, pow10u[k]);
            return;
        }
    }
    char buf[32]; /* -d.dddddddddddddde+XXX */
    snprintf(buf, sizeof buf, "%.14e", v);
    const char *p = buf + (buf[0] == '-');
    char digits[16];
    digits[0] = p[0];
    memcpy(digits + 1, p + 2, 14);
    digits[15] = '\0';
    long long d = atoll(digits);
    int exp = atoi(p + 17) - 14; /* |v| = d x 10^exp */
    if (buf[0] == '-')
        d = -d;
    if (exp >= -19 && exp <= 0) {
        put(x, d, pow10u[-exp]);
    } else if (exp > 0 && exp <= 3) {
        put(x, (i128)d * (i128)pow10u[exp], 1);
    } else {
        mpq_ptr q = big(x);
        mpz_set_si(mpq_numref(q), d);
        mpz_set_ui(mpq_denref(q), 1);
        mpz_t t;
        mpz_init(t);
        mpz_ui_pow_ui(t, 10, (unsigned long)abs(exp));
        if (exp >= 0)
            mpz_mul(mpq_numref(q), mpq_numref(q), t);
        else
            mpz_set(mpq_denref(q), t);
        mpz_clear(t);
        mpq_canonicalize(q);
    }
}

/* x = x op y in GMP: 0 add, 1 sub, 2 mul. */
static void big_op(kp_exact *x, const kp_exact *y, int op)
{
    mpq_t t;
    mpq_init(t);
    as_mpq(t, y);
    mpq_ptr q = big(x);
    if (op == 0)
        mpq_add(q, q, t);
    else if (op == 1)
        mpq_sub(q, q, t);
    else
        mpq_mul(q, q, t);
    mpq_clear(t);
    settle(x);
}

/* x += sign x y with both small: exact in 128 bits, or GMP when even those overflow. */
static void add_small(kp_exact *x, const kp_exact *y, int sign)
{
    i128 yn = sign < 0 ? -(i128)y->num : (i128)y->num, n;
    if (x->den == y->den) {
        put(x, (i128)x->num + yn, x->den);
        return;
    }
    unsigned long long g = gcd64(x->den, y->den);
    i128 a = (i128)x->num * (i128)(y->den / g), b = yn * (i128)(x->den / g);
    if (__builtin_add_overflow(a, b, &n)) {
        big_op(x, y, sign < 0);
        return;
    }
    put(x, n, (u128)x->den * (y->den / g));
}

static int is_zero(const kp_exact *x)
{
    return !x->big && x->num == 0;
}

void kp_exact_add(kp_exact *x, const kp_exact *y)
{
    if (is_zero(y))
        return;
    if (is_zero(x))
        kp_exact_copy(x, y);
    else if (x->big || y->big)
        big_op(x, y, 0);
    else
        add_small(x, y, 1);
}

void kp_exact_sub(kp_exact *x, const kp_exact *y)
{
    if (is_zero(y))
        return;
    if (x->big || y->big)
        big_op(x, y, 1);
    else
        add_small(x, y, -1);
}

void kp_exact_mul(kp_exact *x, const kp_exact *y)
{
    if (is_zero(x))
        return;
    if (x->big || y->big)
        big_op(x, y, 2);
    else
        put(x, (i128)x->num * (i128)y->num, (u128)x->den * y->den);
}

void kp_exact_neg(kp_exact *x)
{
    if (x->big)
        mpq_neg(x->big, x->big);
    else
        x->num = -x->num;
}

/* x = x op the held value v (op: kp_exact_add or kp_exact_mul). */
static void with_held(kp_exact *x, double v, void (*op)(kp_exact *, const kp_exact *))
{
    kp_exact t = KP_EXACT_ZERO;
    kp_exact_set_held(&t, v);
    op(x, &t);
    kp_exact_clear(&t);
}

void kp_exact_add_held(kp_exact *x, double v)
{
    if (v != 0)
        with_held(x, v, kp_exact_add);
}

void kp_exact_mul_held(kp_exact *x, double v)
{
    if (v != 1)
        with_held(x, v, kp_exact_mul);
}

void kp_exact_div_count(kp_exact *x, unsigned long long n)
{
    if (x->big) {
        mpq_ptr q = x->big;
        mpz_mul_ui(mpq_denref(q), mpq_denref(q), n);
        mpq_canonicalize(q);
        settle(x);
    } else {
        put(x, x->num, (u128)x->den * n);
    }
}

void kp_exact_sum_held(kp_exact *x, const double *v, size_t n)
{
    kp_exact_clear(x);
    for (size_t i = 0; i < n; i++)
        kp_exact_add_held(x, v[i]);
}

void kp_exact_mean_held(kp_exact *x, const double *v, size_t n)
{
    kp_exact_sum_held(x, v, n);
    if (n)
        kp_exact_div_count(x, (unsigned long long)n);
}

int kp_exact_sgn(const kp_exact *x)
{
    return x->big ? mpq_sgn((mpq_ptr)x->big) : (x->num > 0) - (x->num < 0);
}

int kp_exact_cmp(const kp_exact *x, const kp_exact *y)
{
    if (!x->big && !y->big) {
        i128 a = (i128)x->num * (i128)y->den, b = (i128)y->num * (i128)x->den;
        return (a > b) - (a < b);
    }
    mpq_t s, t;
    mpq_inits(s, t, NULL);
    as_mpq(s, x);
    as_mpq(t, y);
    int c = mpq_cmp(s, t);
    mpq_clears(s, t, NULL);
    return (c > 0) - (c < 0);
}

int kp_exact_cmp_held(const kp_exact *x, double v)
{
    kp_exact t = KP_EXACT_ZERO;
    kp_exact_set_held(&t, v);
    int c = kp_exact_cmp(x, &t);
    kp_exact_clear(&t);
    return c;
}

/* n x 10^e rounded once to the nearest double; n < 10^15 is exact as a double. */
static double scaled_double(double n, int e)
{
    if (e >= -22 && e <= 0)
        return n / ten[-e];
    if (e > 0 && e <= 22)
        return n * ten[e];
    char buf[48];
    snprintf(buf, sizeof buf, "%.0fe%d", n, e);
    return strtod(buf, NULL);
}

static int digits_of(u128 a)
{
    int n = 1;
    while (a >= 10) {
        a /= 10;
        n++;
    }
    return n;
}

/* floor(a x 10^s / d) for small terms, or -1 when it would not fit 128 bits; *rest is
 * whether anything was cut off. */
static i128 scaled_quotient(u128 a, u128 d, int s, int *rest)
{
    if (s >= 0) {
        if (s > 19)
            return -1;
        u128 t = a * pow10u[s];
        *rest = t % d != 0;
        return (i128)(t / d);
    }
    if (-s > 19)
        return -1;
    u128 t = d * pow10u[-s];
    *rest = a % t != 0;
    return (i128)(a / t);
}

/* The held double of a GMP value: its leading 15 digits, truncated (*cut: any others). */
static double held_big(mpq_srcptr q, int *cut)
{
    mpz_t a, n, p, r;
    mpz_inits(a, n, p, r, NULL);
    mpz_abs(a, mpq_numref(q));
    int e = (int)mpz_sizeinbase(a, 10) - (int)mpz_sizeinbase(mpq_denref(q), 10);
    for (int tries = 0; tries < 6; tries++) {
        int s = 14 - e;
        mpz_ui_pow_ui(p, 10, (unsigned long)abs(s));
        if (s >= 0) {
            mpz_mul(n, a, p);
            mpz_fdiv_qr(n, r, n, mpq_denref(q));
        } else {
            mpz_mul(n, mpq_denref(q), p);
            mpz_fdiv_qr(n, r, a, n);
        }
        if (mpz_cmp_d(n, 1e15) >= 0)
            e++;
        else if (mpz_cmp_d(n, 1e14) < 0)
            e--;
        else
            break;
    }
    *cut = mpz_sgn(r) != 0;
    double r15 = scaled_double(mpz_get_d(n), e - 14);
    mpz_clears(a, n, p, r, NULL);
    return mpq_sgn(q) < 0 ? -r15 : r15;
}

double kp_exact_held_cut(const kp_exact *x, int *cut)
{
    *cut = 0;
    if (x->big)
        return mpq_sgn((mpq_ptr)x->big) ? held_big(x->big, cut) : 0;
    if (x->num == 0)
        return 0;
    u128 a = abs128(x->num), d = x->den;
    if (d == 1 && a < 1000000000000000ULL)
        return (double)x->num;
    /* e: the exponent of the leading digit, so that n = floor(a / d x 10^(14 - e)) has 15. */
    int e = digits_of(a) - digits_of(d);
    i128 n = -1;
    for (int tries = 0; tries < 6; tries++) {
        n = scaled_quotient(a, d, 14 - e, cut);
        if (n < 0)
            break;
        if (n >= (i128)1000000000000000LL)
            e++;
        else if (n < (i128)100000000000000LL)
            e--;
        else
            break;
    }
    if (n < 0) { /* terms too far apart for 128 bits */
        mpq_t q;
        mpq_init(q);
        as_mpq(q, x);
        double r = held_big(q, cut);
        mpq_clear(q);
        return r;
    }
    double r = scaled_double((double)n, e - 14);
    return x->num < 0 ? -r : r;
}

double kp_exact_held(const kp_exact *x)
{
    int cut;
    return kp_exact_held_cut(x, &cut);
}

long long kp_exact_units(const kp_exact *x, int decimals)
{
    if (!x->big && decimals >= 0 && decimals <= 6) {
        /* floor(|x| 10^d + 1/2) = floor((2 |num| 10^d + den) / (2 den)) */
        u128 t = (2 * abs128(x->num) * pow10u[decimals] + x->den) / ((u128)2 * x->den);
        long long u = t >= ((u128)1 << 62) ? (1LL << 62) : (long long)t;
        return x->num < 0 ? -u : u;
    }
    mpq_t q;
    mpz_t t, d;
    mpq_init(q);
    mpz_inits(t, d, NULL);
    as_mpq(q, x);
    mpz_ui_pow_ui(t, 10, (unsigned long)decimals);
    mpz_mul(t, t, mpq_numref(q));
    mpz_abs(t, t);
    mpz_mul_2exp(t, t, 1);
    mpz_add(t, t, mpq_denref(q));
    mpz_mul_2exp(d, mpq_denref(q), 1);
    mpz_fdiv_q(t, t, d);
    long long u = mpz_cmp_d(t, 0x1p62) >= 0 ? (1LL << 62) : (long long)mpz_get_si(t);
    int sign = mpq_sgn(q);
    mpz_clears(t, d, NULL);
    mpq_clear(q);
    return sign < 0 ? -u : u;
}

void kp_exact_format(const kp_exact *x, int decimals, char *buf, size_t size)
{
    long long u = kp_exact_units(x, decimals);
    char digits[24];
    int n = 0;
    for (unsigned long long a = (unsigned long long)(u < 0 ? -u : u); a || n <= decimals; a /= 10)
        digits[n++] = (char)('0' + a % 10);
    size_t o = 0;
    if (u < 0 && o + 1 < size)
        buf[o++] = '-';
    while (n > 0 && o + 1 < size) {
        if (n == decimals && o + 2 < size)
            buf[o++] = '.';
        buf[o++] = digits[--n];
    }
    buf[o] = '\0';
}
