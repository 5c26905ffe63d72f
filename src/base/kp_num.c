/* kp_num.c - decimal parsing, half-away-from-zero rounding, period arithmetic. */
#include "kp_num.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The double that holds the decimal text t ([+-]digits[.digits]): t itself when it has at most
 * 15 significant digits, else t rounded half away from zero to 15 of them first (as Excel holds
 * numbers), so that "%.14e" of the result prints exactly the decimal kaoping computes with. */
static double held(const char *t)
{
    char digits[64];
    int nd = 0, point = -1, first = -1;
    for (const char *p = t + (*t == '-' || *t == '+'); *p; p++) {
        if (*p == '.') {
            point = nd;
            continue;
        }
        if (first < 0 && *p != '0')
            first = nd;
        digits[nd++] = *p;
    }
    if (point < 0)
        point = nd;
    while (nd > first && first >= 0 && digits[nd - 1] == '0' && nd > point)
        nd--;
    if (first < 0 || nd - first <= 15)
        return strtod(t, NULL);
    int keep = first + 15, carry = digits[keep] >= '5';
    for (int i = keep - 1; carry && i >= first; i--) {
        carry = digits[i] == '9';
        digits[i] = carry ? '0' : (char)(digits[i] + 1);
    }
    char sci[48]; /* [-]1digits e exp, exp counted from the kept digits' end */
    snprintf(sci, sizeof sci, "%s%s%.*se%d", *t == '-' ? "-" : "", carry ? "1" : "", keep - first,
             digits + first, point - keep);
    return strtod(sci, NULL);
}

int kp_num_parse(const char *s, double *out, int *percent)
{
    while (isspace((unsigned char)*s))
        s++;
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    int digits = 0, dot = 0;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (*p == '.' && !dot)
            dot = 1;
        else
            break;
    }
    if (!digits)
        return -1;
    const char *end = p;
    int pc = 0;
    if (*p == '%') {
        pc = 1;
        p++;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p)
        return -1;
    char buf[64];
    size_t len = (size_t)(end - s);
    if (len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    *out = held(buf);
    if (percent)
        *percent = pc;
    return 0;
}

/* 10^decimals: the powers up to 10^22 are exact doubles, which is what
 * pow() returns for them too, without its cost per score. */
static double ten_to(int decimals)
{
    static const double exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    return decimals >= 0 && decimals <= 22 ? exact[decimals] : pow(10.0, decimals);
}

/* Rounds the decimal of a's 15 significant digits (what Excel holds and shows) half away from
 * zero to `decimals` places, digit by digit; a must be finite and positive. */
static double round_digits(double a, int decimals)
{
    char buf[32]; /* d.dddddddddddddde+XXX */
    snprintf(buf, sizeof buf, "%.14e", a);
    int exp = atoi(buf + 17), last = exp + decimals; /* index of the last digit kept */
    if (last < -1)
        return 0;
    if (last >= 14) /* no digit past the ones kept: the 15-digit value itself */
        return strtod(buf, NULL);
    long long n = 0;
    for (int k = 0; k <= last; k++)
        n = n * 10 + (buf[k == 0 ? 0 : k + 1] - '0');
    if (buf[last + 1 == 0 ? 0 : last + 2] >= '5')
        n++;
    return (double)n / ten_to(decimals);
}

/* Half away from zero on the total at 15 significant digits: a binary sum of decimals a few
 * ulps off x.xx5 is still x.xx5 there, and 84.12499999999 is not. Far from a midpoint (most
 * values) floor(x + 0.5) gives the same result without formatting digits. */
double kp_num_round(double v, int decimals)
{
    double scale = ten_to(decimals);
    double x = fabs(v) * scale, f = x - floor(x);
    if (!isfinite(x) || x == 0)
        return v;
    if (x < 0x1p52 && fabs(f - 0.5) > 1e-6)
        return copysign(floor(x + 0.5), v) / scale;
    return copysign(round_digits(fabs(v), decimals), v);
}

double kp_num_unscale(long long units, int decimals)
{
    return (double)units / ten_to(decimals);
}

long long kp_num_units(double v, int decimals)
{
    return llround(kp_num_round(v, decimals) * ten_to(decimals));
}

/* Writes r = u / 10^decimals as "%.*f" would: u's digits with the point
 * `decimals` from the right. Returns -1 when r is not such a value that
 * fits (then printf does it). r comes from kp_num_round, so it lies within
 * half an ulp of the decimal u / 10^decimals; with |u| < 2^50 that is far
 * inside printf's rounding half-step, so printf would print exactly it. */
static int format_units(double r, int decimals, char *buf, size_t size)
{
    double x = r * ten_to(decimals);
    if (decimals < 0 || decimals > 15 || size < 40 || !(fabs(x) < 0x1p50))
        return -1;
    long long u = llround(x);
    char digits[24];
    int n = 0;
    for (unsigned long long a = (unsigned long long)(u < 0 ? -u : u); a || n <= decimals; a /= 10)
        digits[n++] = (char)('0' + a % 10);
    char *o = buf;
    if (u < 0)
        *o++ = '-';
    while (n > 0) {
        if (n == decimals)
            *o++ = '.';
        *o++ = digits[--n];
    }
    *o = '\0';
    return 0;
}

void kp_num_format(double v, int decimals, char *buf, size_t size)
{
    double r = kp_num_round(v, decimals);
    if (r == 0)
        r = 0; /* no "-0.00" */
    if (format_units(r, decimals, buf, size) != 0)
        snprintf(buf, size, "%.*f", decimals, r);
}

static const int span_months[] = {12, 6, 3, 1, 0};

static void set_span(kp_period *p)
{
    if (p->type == KP_PER_RANGE)
        return;
    int first = p->type == KP_PER_YEAR ? 0 : (p->n - 1) * span_months[p->type];
    p->start = p->year * 12 + first;
    p->end = p->start + span_months[p->type];
}

kp_period kp_period_month(int abs_month)
{
    kp_period p = {abs_month / 12, KP_PER_MONTH, abs_month % 12 + 1, 0, 0};
    set_span(&p);
    return p;
}

/* One of the single forms; *used gets the bytes consumed. */
static int parse_one(const char *s, kp_period *p)
{
    int year, n, used = 0;
    memset(p, 0, sizeof *p);
    if (sscanf(s, "%4d%n", &year, &used) != 1 || used != 4 || year < 1900 || year > 2999 ||
        !isdigit((unsigned char)s[0]))
        return -1;
    p->year = year;
    s += 4;
    if (!*s) {
        p->type = KP_PER_YEAR;
        set_span(p);
        return 0;
    }
    if (*s++ != '-')
        return -1;
    if (*s == 'H' || *s == 'Q') {
        char c = *s++;
        if (!isdigit((unsigned char)s[0]) || s[1])
            return -1;
        n = s[0] - '0';
        p->type = c == 'H' ? KP_PER_HALF : KP_PER_QUARTER;
        if (n < 1 || n > (c == 'H' ? 2 : 4))
            return -1;
        p->n = n;
        set_span(p);
        return 0;
    }
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2])
        return -1;
    n = (s[0] - '0') * 10 + (s[1] - '0');
    if (n < 1 || n > 12)
        return -1;
    p->type = KP_PER_MONTH;
    p->n = n;
    set_span(p);
    return 0;
}

int kp_period_parse(const char *s, kp_period *p)
{
    const char *dots = strstr(s, "..");
    if (!dots)
        return parse_one(s, p);
    char a[16], b[16];
    if ((size_t)(dots - s) >= sizeof a || strlen(dots + 2) >= sizeof b)
        return -1;
    snprintf(a, sizeof a, "%.*s", (int)(dots - s), s);
    snprintf(b, sizeof b, "%s", dots + 2);
    kp_period pa, pb;
    if (parse_one(a, &pa) || parse_one(b, &pb) || pa.type != KP_PER_MONTH ||
        pb.type != KP_PER_MONTH || pb.start < pa.start)
        return -1;
    memset(p, 0, sizeof *p);
    p->type = KP_PER_RANGE;
    p->year = pa.year;
    p->start = pa.start;
    p->end = pb.end;
    return 0;
}

void kp_period_format(const kp_period *p, char *buf, size_t size)
{
    switch (p->type) {
    case KP_PER_YEAR:
        snprintf(buf, size, "%d", p->year);
        break;
    case KP_PER_HALF:
        snprintf(buf, size, "%d-H%d", p->year, p->n);
        break;
    case KP_PER_QUARTER:
        snprintf(buf, size, "%d-Q%d", p->year, p->n);
        break;
    case KP_PER_MONTH:
        snprintf(buf, size, "%d-%02d", p->year, p->n);
        break;
    case KP_PER_RANGE:
        snprintf(buf, size, "%d-%02d..%d-%02d", p->start / 12, p->start % 12 + 1, (p->end - 1) / 12,
                 (p->end - 1) % 12 + 1);
        break;
    }
}

const char *kp_period_quarter_cn(int n)
{
    static const char *const names[] = {"", "一", "二", "三", "四"};
    return names[n >= 1 && n <= 4 ? n : 0];
}

void kp_period_format_cn(const kp_period *p, char *buf, size_t size)
{
    switch (p->type) {
    case KP_PER_YEAR:
        snprintf(buf, size, "%d年度", p->year);
        break;
    case KP_PER_HALF:
        snprintf(buf, size, "%d年%s半年", p->year, p->n == 1 ? "上" : "下");
        break;
    case KP_PER_QUARTER:
        snprintf(buf, size, "%d年第%s季度", p->year, kp_period_quarter_cn(p->n));
        break;
    case KP_PER_MONTH:
        snprintf(buf, size, "%d年%d月", p->year, p->n);
        break;
    case KP_PER_RANGE:
        snprintf(buf, size, "%d年%d月至%d年%d月", p->start / 12, p->start % 12 + 1,
                 (p->end - 1) / 12, (p->end - 1) % 12 + 1);
        break;
    }
}

int kp_period_equal(const kp_period *a, const kp_period *b)
{
    return a->type == b->type && a->start == b->start && a->end == b->end;
}

int kp_period_within(const kp_period *inner, const kp_period *outer)
{
    return inner->start >= outer->start && inner->end <= outer->end;
}

static const char *const type_names[] = {"year", "half", "quarter", "month", "range"};
/* "range" is also the name of "the run period" for kinds and inputs. */

int kp_period_type_parse(const char *s, kp_period_type *t)
{
    if (!strcmp(s, "run")) { /* the run period itself, whatever its form */
        *t = KP_PER_RANGE;
        return 0;
    }
    for (int i = 0; i < 5; i++) {
        if (strcmp(s, type_names[i]) == 0) {
            *t = (kp_period_type)i;
            return 0;
        }
    }
    return -1;
}

const char *kp_period_type_name(kp_period_type t)
{
    return type_names[t];
}

int kp_period_split(const kp_period *outer, kp_period_type t, kp_period *out, int max)
{
    if (t == outer->type || t == KP_PER_RANGE) {
        if (max > 0)
            out[0] = *outer;
        return max > 0;
    }
    int k = 0;
    for (int y = outer->start / 12; y <= (outer->end - 1) / 12; y++) {
        int per_year = 12 / span_months[t];
        for (int i = 1; i <= per_year && k < max; i++) {
            kp_period p = {y, t, t == KP_PER_YEAR ? 0 : i, 0, 0};
            set_span(&p);
            if (kp_period_within(&p, outer))
                out[k++] = p;
        }
    }
    return k;
}
