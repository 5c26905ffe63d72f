/* kp_num.c - decimal parsing, half-away-from-zero rounding, period arithmetic. */
#include "kp_num.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    *out = strtod(buf, NULL);
    if (percent)
        *percent = pc;
    return 0;
}

double kp_num_round(double v, int decimals)
{
    double scale = pow(10.0, decimals);
    double x = fabs(v) * scale;
    x = floor(x * (1.0 + 1e-12) + 1e-9 + 0.5);
    return copysign(x, v) / scale;
}

long long kp_num_units(double v, int decimals)
{
    return llround(kp_num_round(v, decimals) * pow(10.0, decimals));
}

void kp_num_format(double v, int decimals, char *buf, size_t size)
{
    double r = kp_num_round(v, decimals);
    if (r == 0)
        r = 0; /* no "-0.00" */
    snprintf(buf, size, "%.*f", decimals, r);
}

int kp_period_parse(const char *s, kp_period *p)
{
    int year, n, used = 0;
    char c;
    memset(p, 0, sizeof *p);
    if (sscanf(s, "%4d%n", &year, &used) != 1 || used != 4 || year < 1900 || year > 2999)
        return -1;
    p->year = year;
    s += 4;
    if (!*s) {
        p->type = KP_PER_YEAR;
        return 0;
    }
    if (*s++ != '-')
        return -1;
    if (*s == 'H' || *s == 'Q') {
        c = *s++;
        if (!isdigit((unsigned char)s[0]) || s[1])
            return -1;
        n = s[0] - '0';
        p->type = c == 'H' ? KP_PER_HALF : KP_PER_QUARTER;
        if (n < 1 || n > (c == 'H' ? 2 : 4))
            return -1;
        p->n = n;
        return 0;
    }
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2])
        return -1;
    n = (s[0] - '0') * 10 + (s[1] - '0');
    if (n < 1 || n > 12)
        return -1;
    p->type = KP_PER_MONTH;
    p->n = n;
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
    }
}

int kp_period_equal(const kp_period *a, const kp_period *b)
{
    return a->year == b->year && a->type == b->type && a->n == b->n;
}

int kp_period_months(const kp_period *p)
{
    static const int months[] = {12, 6, 3, 1};
    return months[p->type];
}

int kp_period_first_month(const kp_period *p)
{
    return p->type == KP_PER_YEAR ? 1 : (p->n - 1) * kp_period_months(p) + 1;
}

int kp_period_within(const kp_period *inner, const kp_period *outer)
{
    if (inner->year != outer->year)
        return 0;
    int a = kp_period_first_month(inner), b = kp_period_first_month(outer);
    return a >= b && a + kp_period_months(inner) <= b + kp_period_months(outer);
}

static const char *const type_names[] = {"year", "half", "quarter", "month"};

int kp_period_type_parse(const char *s, kp_period_type *t)
{
    for (int i = 0; i < 4; i++) {
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

int kp_period_split(const kp_period *outer, kp_period_type t, kp_period out[12])
{
    kp_period probe = {outer->year, t, 0};
    int k = 0, per_year = 12 / kp_period_months(&probe);
    for (int i = 1; i <= per_year; i++) {
        kp_period p = {outer->year, t, t == KP_PER_YEAR ? 0 : i};
        if (kp_period_within(&p, outer) && k < 12)
            out[k++] = p;
    }
    return k;
}
