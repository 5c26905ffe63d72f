/* kp_file.h - a file replaced whole: written beside its name, then renamed over it. */
#ifndef KP_FILE_H
#define KP_FILE_H

#include "kp_error.h"
#include <stddef.h>

/* Writes data[0..n) to a temporary name beside path (path.PID.tmp), then renames it over
 * path, so path is either the old file or the whole new one; the temporary file is removed on
 * failure. Errors are reported to d ("cannot write: ...") with path. */
kp_err kp_file_replace(const char *path, const void *data, size_t n, kp_diag *d);

/* The folder the running program is in (malloc'd, the caller frees it), or NULL when
 * /proc/self/exe cannot be read: where the build tree keeps its data and catalogues. */
char *kp_file_program_dir(void);

#endif
