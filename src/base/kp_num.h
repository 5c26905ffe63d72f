/* kp_num.h - number parsing, publishing rounding and assessment periods. */
#ifndef KP_NUM_H
#define KP_NUM_H

#include <stddef.h>

/* Parses a decimal such as "12", "-3.5", "91.3%" (surrounding blanks allowed;
 * no exponents, no thousands separators). *percent is set when a trailing %
 * was present; the value is returned as written (91.3 for "91.3%"), rounded half
 * away from zero to 15 significant digits when it has more.
 * Returns 0 on success, -1 if s is not such a number. */
int kp_num_parse(const char *s, double *out, int *percent);

/* Rounds half away from zero to `decimals` places, on the value's 15 significant digits:
 * every value kaoping holds is such a decimal (inputs as read, scores truncated to it by
 * kp_exact_to_held), so this is the exact rounding (doc/contracts.md, "Rounding"). */
double kp_num_round(double v, int decimals);
/* The rounded value as integer hundredths etc. (10^decimals units), for
 * exact comparison of published values. */
long long kp_num_units(double v, int decimals);
/* units / 10^decimals as the double nearest to it: a published value from its units. */
double kp_num_unscale(long long units, int decimals);
/* Formats a rounded value with exactly `decimals` places into buf. */
void kp_num_format(double v, int decimals, char *buf, size_t size);

/* Periods: 2023 (year), 2023-H1, 2023-Q1, 2023-01, or a range of months
 * 2015-09..2016-06. Every period is a span of months [start, end) counted
 * from year 0, so containment works across years. */
typedef enum {
    KP_PER_YEAR,
    KP_PER_HALF,
    KP_PER_QUARTER,
    KP_PER_MONTH,
    KP_PER_RANGE
} kp_period_type;
typedef struct {
    int year;
    kp_period_type type;
    int n;          /* 1-based index inside the year; 0 for a year or range */
    int start, end; /* absolute months: year * 12 + month - 1; end exclusive */
} kp_period;

#define KP_PERIOD_MAX_SPLIT 120

int kp_period_parse(const char *s, kp_period *p); /* 0 ok, -1 malformed */
void kp_period_format(const kp_period *p, char *buf, size_t size);
/* As documents write it: 2023年度, 2023年上半年, 2023年第一季度, 2023年5月,
 * 2015年9月至2016年6月. */
void kp_period_format_cn(const kp_period *p, char *buf, size_t size);
/* 一 .. 四 for quarter n (1-4), else "". */
const char *kp_period_quarter_cn(int n);
int kp_period_equal(const kp_period *a, const kp_period *b);
/* Non-zero when inner lies inside outer (a month in its quarter, ...). */
int kp_period_within(const kp_period *inner, const kp_period *outer);
/* Parses a granularity word: year, half, quarter, month. */
int kp_period_type_parse(const char *s, kp_period_type *t);
const char *kp_period_type_name(kp_period_type t);
/* The periods of type t inside outer, in order; returns the count (<= max).
 * For t equal to outer's own type (or a range), outer itself. */
int kp_period_split(const kp_period *outer, kp_period_type t, kp_period *out, int max);
/* The month period of an absolute month index. */
kp_period kp_period_month(int abs_month);

#endif
