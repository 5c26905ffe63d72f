/* kp_error.h - the one error enum, its strings and the diagnostic record. */
#ifndef KP_ERROR_H
#define KP_ERROR_H

#include <stddef.h>

typedef enum {
    KP_OK = 0,
    KP_ERR_IO,      /* a file could not be read or written */
    KP_ERR_SYNTAX,  /* malformed CSV, INI or XML */
    KP_ERR_VALUE,   /* a value is not a number, out of range, unknown */
    KP_ERR_MISSING, /* a required file, key or observation is absent */
    KP_ERR_CONFIG,  /* a configuration is inconsistent */
    KP_ERR_FONT,    /* a font could not be loaded or subset */
    KP_ERR_PDF,     /* libharu reported an error */
    KP_ERR_XLSX,    /* libxlsxwriter reported an error */
    KP_ERR_USAGE,   /* command line misuse */
    KP_ERR_COUNT
} kp_err;

/* Returns a static, lower-case description of err. */
const char *kp_strerror(kp_err err);

/* A caller-owned diagnostic: where the first error was found and why.
 * Modules fill it through kp_diag_report(); line 0 means "no line". */
typedef struct {
    kp_err code;
    char file[256];
    long line;
    char msg[512];
    int count; /* errors reported so far through kp_diag_report() */
} kp_diag;

void kp_diag_init(kp_diag *d);
/* Adds the errors another thread reported into `from` to d: d keeps its
 * first error, or takes from's when it had none. */
void kp_diag_merge(kp_diag *d, const kp_diag *from);
/* Records an error (the first one wins for code/file/line) and prints it to
 * stderr in git's style: kaoping: error: 'file' line N: message. */
kp_err kp_diag_report(kp_diag *d, kp_err code, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Like kp_diag_report(), with the place already written out
 * ("'d.xlsx' sheet 'S' cell D7"); file and line of the record stay as given. */
kp_err kp_diag_report_at(kp_diag *d, kp_err code, const char *where, const char *file, long line,
                         const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Prints a warning in the same style; warnings never change the exit code. */
void kp_warn(const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* When non-zero, kp_warn() prints nothing (tests, --quiet). */
extern int kp_quiet;
/* The warnings kp_warn() was given, printed or not, for the run's summary. */
int kp_warn_count(void);

#endif
