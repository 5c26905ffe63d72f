/* kp_out.h - the out folder: outputs staged beside it, then swapped in whole by one rename. */
#ifndef KP_OUT_H
#define KP_OUT_H

#include "../base/kp_arena.h"
#include "../base/kp_error.h"
#include "../base/kp_sha256.h"

/* How kp_out_begin treats the out folder. */
enum {
    /* `render --shard` / `--finish`: staged files are moved into the folder one by one and
     * nothing in it is removed (several shards write into one folder). */
    KP_OUT_MERGE = 1,
    /* --replace: a non-empty folder without a kaoping manifest may be replaced. */
    KP_OUT_REPLACE = 2,
};

typedef struct {
    const char *dir;       /* the out folder as named, for messages */
    const char *target;    /* it with symbolic links resolved: the folder replaced (arena) */
    const char *parent;    /* target's folder, where the stage and the lock are (arena) */
    const char *base;      /* target's last component (arena) */
    const char *stage;     /* the staging folder beside target; NULL when gone (arena) */
    const char *doomed;    /* where kp_oom's cleanup moves the stage before removing it */
    int flags;             /* KP_OUT_MERGE, KP_OUT_REPLACE */
    int lock_fd;           /* the out folder's lock file, -1 while not held */
    int mark_fd;           /* the stage's marker, locked while this process lives; -1 */
    const char **names;    /* malloc'd, grown; the strings live in the arena */
    const char **paths;    /* [i]: where names[i] is now (stage or out folder; arena strings) */
    unsigned char *in_dir; /* [i]: names[i] is already in dir, not staged (malloc'd) */
    /* [i]: names[i]'s digest when its writer had the bytes at hand (hex "" until then), so
     * the manifest need not read the file back (malloc'd). Writers on several threads may
     * each fill their own entry while no name is added. */
    kp_file_sum *sums;
    int n, cap;
    /* What the run read, for the manifest: role ("data", "rules", ...) and path (malloc'd
     * arrays, arena strings). */
    const char **input_roles, **input_paths;
    int ninputs, inputs_cap;
    kp_arena *arena;
} kp_out;

/* Resolves dir (symbolic links followed; a mount point or a folder of someone else's files
 * without KP_OUT_REPLACE is refused here, before anything is rendered), takes the out
 * folder's lock (waiting, with a line on stderr, while another run holds it), removes the
 * staging folders of runs that were killed (a line each) and makes a staging folder beside
 * the resolved folder, on its file system. Nothing in dir changes before kp_out_commit(). */
kp_err kp_out_begin(kp_out *o, const char *dir, int flags, kp_arena *arena, kp_diag *d);
/* The staging path for a file name; the name is recorded for commit. */
const char *kp_out_path(kp_out *o, const char *name);
/* Records name as an output that is already in the out folder (written by
 * an earlier run, e.g. a shard of `kaoping render`): listed in the manifest,
 * never moved or removed. */
void kp_out_existing(kp_out *o, const char *name);
/* Where output i is now: its staging path, or the out folder's file for an existing one
 * (arena-owned). */
const char *kp_out_file(const kp_out *o, int i);
/* Records an input file of the run for the manifest (strings copied). */
void kp_out_input(kp_out *o, const char *role, const char *path);
/* KP_OUT_MERGE: names the files in the out folder that are not outputs of this run
 * (at most 10, then a count); KP_ERR_CONFIG when there are any. */
kp_err kp_out_strays(const kp_out *o, kp_diag *d);
/* Puts the outputs in place: the staging folder replaces the out folder in one
 * rename(2) exchange, or (KP_OUT_MERGE) each staged file is moved into it. Releases the
 * lock; on failure the stage is removed and the out folder is as it was. */
kp_err kp_out_commit(kp_out *o, kp_diag *d);
/* Removes the stage and everything in it and releases the lock; dir is untouched. */
void kp_out_abort(kp_out *o);
/* Frees the name lists (after commit or abort; aborts when neither happened). NULL is a
 * no-op. */
void kp_out_free(kp_out *o);

#endif
