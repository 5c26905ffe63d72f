/* kp_archive.h - manifests of a run (manifest.sha256, manifest.json) and their verification. */
#ifndef KP_ARCHIVE_H
#define KP_ARCHIVE_H

#include "../config/kp_config.h"
#include "../results/kp_out.h"

/* Writes manifest.json (program version, run, inputs, outputs, sizes and
 * hashes) and manifest.sha256 (sha256sum -c format, manifest.json
 * included) into the stage, after every other output. Paths of inputs are
 * recorded by file name only, so that the manifest, like the outputs, is
 * the same on any machine. Outputs whose writer recorded no digest
 * (kp_out's sums) are read back on up to `jobs` threads. */
kp_err kp_archive_manifest(kp_out *out, const kp_run *run, const char *version, int jobs,
                           kp_diag *d);

/* Re-checks dir/manifest.sha256: names each file changed, missing, or not
 * in the manifest. Returns KP_OK when everything matches. */
kp_err kp_archive_verify(const char *dir, kp_diag *d);
/* The same check, quiet when the folder matches: each difference is an error in d naming
 * the folder and the file. Returns the number of differences, -1 when dir has no readable
 * manifest (also reported). */
int kp_archive_check(const char *dir, kp_diag *d);

#endif
