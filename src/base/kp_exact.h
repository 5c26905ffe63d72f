/* kp_exact.h - exact rationals for scores: held decimals in, exact sums and means, held out.
 *
 * Every number kaoping holds as a double is a decimal of at most 15 significant
 * digits, the one "%.14e" prints (inputs are read so, doc/contracts.md
 * "Rounding"). Scoring turns such doubles into exact rationals, computes on
 * them without error, and turns the result back into a double that holds the
 * result truncated toward zero to 15 significant digits. Truncation keeps a
 * value just under a rounding midpoint under it, so rounding the held double
 * (kp_num_round) rounds the exact result the same way.
 *
 * A kp_exact is a fraction of two 64-bit integers while its terms fit (almost
 * every score: whole points, two decimals, a mean over a few hundred raters),
 * and a GMP rational once an operation would overflow them; the caller sees
 * one type. Start one at KP_EXACT_ZERO and end it with kp_exact_clear(), which
 * frees the GMP part if it has one. GMP allocates through kp_xmalloc and friends,
 * so running out of memory ends the run by the one policy (kp_mem.h). */
#ifndef KP_EXACT_H
#define KP_EXACT_H

#include <stddef.h>

typedef struct {
    long long num;          /* the value is num / den while big is NULL */
    unsigned long long den; /* > 0; not always in lowest terms */
    void *big;              /* an mpq_t (owned), or NULL */
} kp_exact;

#define KP_EXACT_ZERO ((kp_exact){0, 1, NULL})

/* Routes GMP's allocations through kp_xmalloc/kp_xrealloc/free; once, before any use. */
void kp_exact_init(void);
void kp_exact_clear(kp_exact *x); /* frees the GMP part; x is then zero */

/* x = the decimal v holds: v's 15 significant digits. v must be finite. */
void kp_exact_set_held(kp_exact *x, double v);
/* x = units / 10^decimals: a published value, exactly. */
void kp_exact_set_units(kp_exact *x, long long units, int decimals);
/* x = the whole number n. */
void kp_exact_set_int(kp_exact *x, long long n);
/* x = a / b, b > 0. */
void kp_exact_set_ratio(kp_exact *x, long long a, long long b);
void kp_exact_copy(kp_exact *x, const kp_exact *y);

void kp_exact_add(kp_exact *x, const kp_exact *y); /* x += y */
void kp_exact_sub(kp_exact *x, const kp_exact *y); /* x -= y */
void kp_exact_mul(kp_exact *x, const kp_exact *y); /* x *= y */
void kp_exact_neg(kp_exact *x);
/* x += the held value v; x *= the held value v; x /= n (n > 0). */
void kp_exact_add_held(kp_exact *x, double v);
void kp_exact_mul_held(kp_exact *x, double v);
void kp_exact_div_count(kp_exact *x, unsigned long long n);
/* x = the sum of the held values v[0..n), exactly. */
void kp_exact_sum_held(kp_exact *x, const double *v, size_t n);
/* x = the mean of the held values v[0..n), exactly; 0 when n is 0. */
void kp_exact_mean_held(kp_exact *x, const double *v, size_t n);

int kp_exact_sgn(const kp_exact *x);
/* -1, 0 or 1 as x is below, at or above y. */
int kp_exact_cmp(const kp_exact *x, const kp_exact *y);
/* -1, 0 or 1 as x is below, at or above the held value v. */
int kp_exact_cmp_held(const kp_exact *x, double v);

/* The double that holds x truncated toward zero to 15 significant digits. */
double kp_exact_held(const kp_exact *x);
/* The same, with *cut set when the truncation dropped digits (x is not that decimal). */
double kp_exact_held_cut(const kp_exact *x, int *cut);
/* x x 10^decimals rounded half away from zero (saturated at +-2^62), 0 <= decimals <= 18. */
long long kp_exact_units(const kp_exact *x, int decimals);
/* Writes x rounded half away from zero with exactly `decimals` places into buf ("-0.0" never). */
void kp_exact_format(const kp_exact *x, int decimals, char *buf, size_t size);

#endif
