/* kp_error.c - error strings and git-style diagnostics on stderr. */
#include "kp_error.h"
#include "kp_i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int kp_quiet;
static _Atomic int warnings; /* render threads warn too */

int kp_warn_count(void)
{
    return warnings;
}

static const char *const kp_error_strings[KP_ERR_COUNT] = {
    [KP_OK] = "no error",
    [KP_ERR_IO] = "input/output error",
    [KP_ERR_SYNTAX] = "syntax error",
    [KP_ERR_VALUE] = "bad value",
    [KP_ERR_MISSING] = "missing input",
    [KP_ERR_CONFIG] = "bad configuration",
    [KP_ERR_FONT] = "font error",
    [KP_ERR_PDF] = "pdf error",
    [KP_ERR_XLSX] = "xlsx error",
    [KP_ERR_USAGE] = "usage error",
};

const char *kp_strerror(kp_err err)
{
    if ((int)err < 0 || err >= KP_ERR_COUNT)
        return "unknown error";
    return kp_error_strings[err];
}

void kp_diag_init(kp_diag *d)
{
    memset(d, 0, sizeof *d);
}

void kp_diag_merge(kp_diag *d, const kp_diag *from)
{
    if (d->count == 0)
        *d = *from;
    else
        d->count += from->count;
}

/* "'file' line N", "'file'" or nothing: where a message is about. */
static void format_where(char *buf, size_t size, const char *file, long line)
{
    if (file && *file && line > 0)
        snprintf(buf, size, _("'%s' line %ld"), file, line);
    else if (file && *file)
        snprintf(buf, size, "'%s'", file);
    else
        buf[0] = '\0';
}

/* Prints one error and records the first in d. */
static kp_err record(kp_diag *d, kp_err code, const char *where, const char *file, long line,
                     const char *msg)
{
    if (where[0])
        fprintf(stderr, "kaoping: %s: %s: %s\n", _("error"), where, msg);
    else
        fprintf(stderr, "kaoping: %s: %s\n", _("error"), msg);
    if (d) {
        if (d->count == 0) {
            d->code = code;
            snprintf(d->file, sizeof d->file, "%s", file ? file : "");
            d->line = line;
            snprintf(d->msg, sizeof d->msg, "%s", msg);
        }
        d->count++;
    }
    return code;
}

kp_err kp_diag_report(kp_diag *d, kp_err code, const char *file, long line, const char *fmt, ...)
{
    char msg[512], where[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    format_where(where, sizeof where, file, line);
    return record(d, code, where, file, line, msg);
}

kp_err kp_diag_report_at(kp_diag *d, kp_err code, const char *where, const char *file, long line,
                         const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    return record(d, code, where, file, line, msg);
}

void kp_warn(const char *file, long line, const char *fmt, ...)
{
    warnings++;
    if (kp_quiet)
        return;
    char where[600];
    format_where(where, sizeof where, file, line);
    fprintf(stderr, where[0] ? "kaoping: %s: %s: " : "kaoping: %s: %s", _("warning"), where);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, _(fmt), ap);
    va_end(ap);
    fputc('\n', stderr);
}
