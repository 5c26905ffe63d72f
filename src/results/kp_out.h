/* kp_out.h - atomic output: files are staged and renamed into place only on success. */
#ifndef KP_OUT_H
#define KP_OUT_H

#include "../base/kp_arena.h"
#include "../base/kp_error.h"
#include "../base/kp_sha256.h"

/* A run may write a document per subject: tens of thousands of files. */
#define KP_OUT_MAX_FILES 10000000

typedef struct {
    const char *dir;     /* the out folder */
    char stage[4096];    /* staging folder beside it */
    const char **names; /* malloc'd, grown; the strings live in the arena */
    unsigned char *in_dir; /* [i]: names[i] is already in dir, not staged (malloc'd) */
    /* [i]: names[i]'s digest when its writer had the bytes at hand (hex "" until then), so
     * the manifest need not read the file back (malloc'd). Writers on several threads may
     * each fill their own entry while no name is added. */
    kp_file_sum *sums;
    int n, cap;
    /* What the run read, for the manifest: role ("data", "rules", ...) and path. */
    const char *input_roles[256], *input_paths[256];
    int ninputs;
    kp_arena *arena;
} kp_out;

/* Makes a staging folder next to dir (same file system, so renames are
 * atomic). Nothing is written into dir before kp_out_commit(). */
kp_err kp_out_begin(kp_out *o, const char *dir, kp_arena *arena, kp_diag *d);
/* The staging path for a file name; the name is recorded for commit. NULL on OOM. */
const char *kp_out_path(kp_out *o, const char *name);
/* Records name as an output that is already in the out folder (written by
 * an earlier run, e.g. a shard of `kaoping render`): listed in the manifest,
 * never moved or removed. 0, or -1 on OOM. */
int kp_out_existing(kp_out *o, const char *name);
/* Where output i is now: its staging path, or dir/name for an existing one.
 * 0, or -1 when the path does not fit. */
int kp_out_file(const kp_out *o, int i, char *buf, size_t size);
/* Records an input file of the run for the manifest (strings copied). */
void kp_out_input(kp_out *o, const char *role, const char *path);
/* Moves every staged file into dir (created if needed) and removes the stage. */
kp_err kp_out_commit(kp_out *o, kp_diag *d);
/* Removes the stage and everything in it; dir is untouched. */
void kp_out_abort(kp_out *o);
/* Frees the name list (after commit or abort). NULL is a no-op. */
void kp_out_free(kp_out *o);

#endif
