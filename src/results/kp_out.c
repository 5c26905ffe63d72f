/* kp_out.c - the out folder: a lock, a staging folder beside it, one rename exchange to commit. */
#define _GNU_SOURCE /* renameat2, statx, nftw */
#include "kp_out.h"
#include "../base/kp_mem.h"
#include "../base/kp_map.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* In a staging folder while its run lives: a kaoping stage, and (flock) whether its owner
 * is still running. Removed just before the stage becomes the out folder. */
#define MARKER ".kaoping-stage"
/* Names beside the out folder: ".<base>" + these. */
#define STAGE_INFIX ".kaoping-"
#define LOCK_SUFFIX ".kaoping.lock"
/* Appended to a stage's name for the old out folder during a two-rename swap. */
#define OLD_SUFFIX "-old"

/* a/b in the arena. */
static char *join(kp_arena *a, const char *x, const char *y)
{
    return kp_arena_printf(a, "%s/%s", x, y);
}

/* mkdir -p. 0, or -1 with errno. */
static int make_dirs(const char *path)
{
    char *buf = kp_xstrdup(path);
    int rc = 0;
    for (char *p = buf + 1; *p && !rc; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        rc = mkdir(buf, 0777) != 0 && errno != EEXIST ? -1 : 0;
        *p = '/';
    }
    if (!rc)
        rc = mkdir(buf, 0777) != 0 && errno != EEXIST ? -1 : 0;
    int e = errno;
    free(buf);
    errno = e;
    return rc;
}

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)ftw;
    if (type == FTW_DP)
        return rmdir(path) != 0 && errno != ENOENT ? -1 : 0;
    return unlink(path) != 0 && errno != ENOENT ? -1 : 0;
}

/* Out of memory (kp_oom): the staging folder goes, with no allocation of ours. It is first
 * renamed, so that render threads still writing by path find it gone and add nothing while
 * it is removed (nftw's own malloc failing leaves it for the next run to remove as stale).
 * A thread that resolved its path just before the rename may still create one file in it
 * while it is walked, and the last rmdir then fails: the walk is repeated, a few times, a
 * millisecond apart (oom.sh saw such a folder left once in 25 runs of two threads). */
static void oom_cleanup(void *arg)
{
    const kp_out *o = arg;
    if (!o->stage || rename(o->stage, o->doomed) != 0)
        return;
    for (int tries = 0; tries < 50; tries++) {
        nftw(o->doomed, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        if (access(o->doomed, F_OK) != 0)
            return;
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
}

/* rm -rf path (symbolic links removed, never followed); the marker last, so that a
 * removal cut short still leaves a folder the next run recognises as stale. */
static void remove_tree(kp_arena *a, const char *path)
{
    DIR *dp = opendir(path);
    for (struct dirent *e; dp && (e = readdir(dp));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, MARKER))
            continue;
        nftw(join(a, path, e->d_name), rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    if (dp)
        closedir(dp);
    unlink(join(a, path, MARKER));
    rmdir(path);
}

/* Whether two paths are on different mounts (a mount point between them): the rename
 * that swaps the folder in could not cross it. */
static int other_mount(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return 0;
    if (sa.st_dev != sb.st_dev)
        return 1;
#ifdef STATX_MNT_ID
    struct statx xa, xb; /* a bind mount of the same file system */
    if (statx(AT_FDCWD, a, 0, STATX_MNT_ID, &xa) == 0 &&
        statx(AT_FDCWD, b, 0, STATX_MNT_ID, &xb) == 0 && (xa.stx_mask & STATX_MNT_ID) &&
        (xb.stx_mask & STATX_MNT_ID))
        return xa.stx_mnt_id != xb.stx_mnt_id;
#endif
    return 0;
}

/* dir with trailing slashes dropped ("/" stays). */
static char *strip_slashes(kp_arena *a, const char *dir)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    return kp_arena_strndup(a, dir, len);
}

/* A folder that does not exist yet: its parent created and resolved, then its name
 * (malloc'd; NULL with errno, or with *d reported when the parent cannot be created). */
static char *resolve_new(char *clean, kp_diag *d)
{
    char *slash = strrchr(clean, '/');
    const char *pdir = !slash ? "." : slash == clean ? "/" : clean;
    if (slash && slash != clean)
        *slash = '\0';
    if (make_dirs(pdir) != 0) {
        kp_diag_report(d, KP_ERR_IO, pdir, 0, "cannot create folder: %s", strerror(errno));
        return NULL;
    }
    char *rp = realpath(pdir, NULL);
    const char *leaf = slash ? slash + 1 : clean;
    char *real = rp ? kp_xmalloc(strlen(rp) + strlen(leaf) + 2) : NULL;
    if (rp)
        sprintf(real, "%s/%s", strcmp(rp, "/") ? rp : "", leaf);
    free(rp);
    return real;
}

/* o->target, o->parent, o->base: the folder dir names once every symbolic link is
 * followed (an existing folder), else its resolved parent (created) and its name. */
static kp_err resolve(kp_out *o, const char *dir, kp_diag *d)
{
    char *clean = strip_slashes(o->arena, dir), *real = NULL;
    struct stat st;
    int before = d->count;
    if (stat(clean, &st) == 0 && !S_ISDIR(st.st_mode))
        return kp_diag_report(d, KP_ERR_IO, dir, 0, "the out folder is not a folder");
    if (lstat(clean, &st) == 0 && S_ISLNK(st.st_mode) && stat(clean, &st) != 0)
        return kp_diag_report(d, KP_ERR_IO, dir, 0,
                              "the out folder is a symbolic link to "
                              "nothing: %s",
                              strerror(errno));
    real = stat(clean, &st) == 0 ? realpath(clean, NULL) : resolve_new(clean, d);
    if (!real && d->count > before)
        return d->code;
    if (!real)
        return kp_diag_report(d, KP_ERR_IO, dir, 0, "cannot resolve the out folder: %s",
                              strerror(errno));
    o->target = kp_arena_strdup(o->arena, real);
    free(real);
    const char *slash = strrchr(o->target, '/');
    o->base = slash[1] ? slash + 1 : NULL;
    o->parent = slash == o->target
                    ? "/"
                    : kp_arena_strndup(o->arena, o->target, (size_t)(slash - o->target));
    if (!o->base || !strcmp(o->base, "..") || !strcmp(o->base, "."))
        return kp_diag_report(d, KP_ERR_IO, dir, 0, "the root folder cannot be an out folder");
    return KP_OK;
}

/* parent/.<base><suffix> in the arena. */
static char *beside(const kp_out *o, const char *suffix)
{
    char *p = kp_arena_alloc(o->arena, strlen(o->parent) + strlen(o->base) + strlen(suffix) + 3);
    sprintf(p, "%s/.%s%s", strcmp(o->parent, "/") ? o->parent : "", o->base, suffix);
    return p;
}

/* Takes the out folder's lock, waiting for the run that holds it. The file is removed on
 * release, so a run that got the lock on a file already unlinked tries again. */
static kp_err lock_take(kp_out *o, kp_diag *d)
{
    const char *path = beside(o, LOCK_SUFFIX);
    for (int said = 0;;) {
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0)
            return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot create the lock file: %s",
                                  strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) != 0 && !said++)
            kp_warn(o->dir, 0, "waiting for another kaoping run into this out folder to finish");
        struct stat held, now;
        if (flock(fd, LOCK_EX) == 0 && fstat(fd, &held) == 0 && stat(path, &now) == 0 &&
            held.st_ino == now.st_ino && held.st_dev == now.st_dev) {
            o->lock_fd = fd;
            return KP_OK;
        }
        close(fd);
    }
}

static void lock_release(kp_out *o)
{
    if (o->lock_fd < 0)
        return;
    const char *path = beside(o, LOCK_SUFFIX);
    if (path)
        unlink(path);
    close(o->lock_fd);
    o->lock_fd = -1;
}

/* Whether the staging folder at path belongs to no living run: its marker is gone (a stage
 * being swapped in or removed, which happens only under the lock we hold) or unlocked. */
static int stage_is_stale(kp_arena *a, const char *path)
{
    const char *m = join(a, path, MARKER);
    int fd = m ? open(m, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
    if (fd < 0)
        return m && errno == ENOENT;
    int stale = flock(fd, LOCK_EX | LOCK_NB) == 0;
    close(fd);
    return stale;
}

/* A stage left by a run killed while it swapped the folder in by two renames holds the old
 * out folder; when the out folder itself is gone, that is put back. 1 when it was. */
static int restore_old(kp_out *o, const char *path)
{
    size_t len = strlen(path), n = strlen(OLD_SUFFIX);
    struct stat st;
    if (len < n || strcmp(path + len - n, OLD_SUFFIX) || lstat(o->target, &st) == 0 ||
        rename(path, o->target) != 0)
        return 0;
    kp_warn(o->dir, 0, "put back from '%s', where a run killed while replacing it had left it",
            path);
    return 1;
}

/* Under the lock: removes the stages beside the out folder whose runs were killed. */
static void clean_stale(kp_out *o)
{
    char *prefix = kp_arena_alloc(o->arena, strlen(o->base) + sizeof STAGE_INFIX + 1);
    DIR *dp = opendir(o->parent);
    if (!dp)
        return;
    sprintf(prefix, ".%s%s", o->base, STAGE_INFIX);
    size_t plen = strlen(prefix);
    for (struct dirent *e; (e = readdir(dp));) {
        if (strncmp(e->d_name, prefix, plen) || !e->d_name[plen])
            continue;
        char *path = join(o->arena, o->parent, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode) || !stage_is_stale(o->arena, path) ||
            restore_old(o, path))
            continue;
        remove_tree(o->arena, path);
        kp_warn(path, 0, "removed the staging folder of a kaoping run that did not finish");
    }
    closedir(dp);
}

/* Whether the existing out folder may be replaced: empty, or written by kaoping (its
 * manifest.json says so). */
static int replaceable(kp_out *o)
{
    DIR *dp = opendir(o->target);
    if (!dp)
        return errno == ENOENT;
    int empty = 1;
    for (struct dirent *e; empty && (e = readdir(dp));)
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(dp);
    if (empty)
        return 1;
    const char *m = join(o->arena, o->target, "manifest.json");
    FILE *fp = m ? fopen(m, "r") : NULL;
    char head[64] = "";
    if (fp) {
        head[fread(head, 1, sizeof head - 1, fp)] = '\0';
        fclose(fp);
    }
    return strstr(head, "\"program\": \"kaoping\"") != NULL;
}

/* Before anything is rendered or locked: a mount point cannot be swapped by a rename. */
static kp_err check_mount(kp_out *o, kp_diag *d)
{
    struct stat st;
    if (lstat(o->target, &st) != 0 || !other_mount(o->target, o->parent))
        return KP_OK;
    return kp_diag_report(d, KP_ERR_IO, o->dir, 0,
                          "the out folder is a mount point: kaoping replaces it by a rename in "
                          "'%s', which cannot cross file systems; name a folder inside it",
                          o->parent);
}

/* Under the lock: someone else's files are not replaced unless asked. */
static kp_err check_owner(kp_out *o, kp_diag *d)
{
    if ((o->flags & (KP_OUT_MERGE | KP_OUT_REPLACE)) || replaceable(o))
        return KP_OK;
    return kp_diag_report(d, KP_ERR_IO, o->dir, 0,
                          "the out folder holds files and no kaoping manifest: a run would "
                          "replace them all; empty it, name another folder, or pass --replace");
}

/* The out folder's permissions: those of the folder it replaces, else what mkdir(2) would
 * give (mkdtemp's 0700 would lock others out of the documents). Called before any thread. */
static mode_t folder_mode(const kp_out *o)
{
    struct stat st;
    if (stat(o->target, &st) == 0)
        return st.st_mode & 07777;
    mode_t mask = umask(0);
    umask(mask);
    return 0777 & ~mask;
}

/* mkdtemp beside the out folder, with its marker locked for as long as this process lives. */
static kp_err make_stage(kp_out *o, kp_diag *d)
{
    char *stage = beside(o, STAGE_INFIX "XXXXXX");
    if (!mkdtemp(stage))
        return kp_diag_report(d, KP_ERR_IO, o->parent, 0, "cannot create a staging folder: %s",
                              strerror(errno));
    o->stage = stage;
    char *doomed = kp_arena_alloc(o->arena, strlen(stage) + sizeof "-gone");
    sprintf(doomed, "%s-gone", stage);
    o->doomed = doomed;
    if (chmod(stage, folder_mode(o)) != 0)
        return kp_diag_report(d, KP_ERR_IO, stage, 0,
                              "cannot set the staging folder's "
                              "permissions: %s",
                              strerror(errno));
    const char *m = join(o->arena, stage, MARKER);
    o->mark_fd = open(m, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (o->mark_fd < 0 || flock(o->mark_fd, LOCK_EX) != 0)
        return kp_diag_report(d, KP_ERR_IO, stage, 0, "cannot mark the staging folder: %s",
                              strerror(errno));
    return KP_OK;
}

kp_err kp_out_begin(kp_out *o, const char *dir, int flags, kp_arena *arena, kp_diag *d)
{
    memset(o, 0, sizeof *o);
    o->dir = dir;
    o->flags = flags;
    o->arena = arena;
    o->lock_fd = o->mark_fd = -1;
    kp_err err = resolve(o, dir, d);
    if (!err)
        err = check_mount(o, d);
    if (!err)
        err = lock_take(o, d);
    if (!err)
        clean_stale(o);
    if (!err)
        err = check_owner(o, d);
    if (!err)
        err = make_stage(o, d);
    if (err) {
        kp_out_abort(o);
        return err;
    }
    kp_oom_hook(oom_cleanup, o);
    if (flags & KP_OUT_MERGE) /* shards stage at once; only their commits take turns */
        lock_release(o);
    return err;
}

/* Records name as output n at path. */
static void add_name(kp_out *o, const char *name, const char *path, int in_dir)
{
    if (o->n == o->cap) {
        if (o->cap > INT_MAX / 2) /* more names than an int counts: as good as no memory */
            kp_oom();
        int cap = o->cap ? o->cap * 2 : 64;
        o->names = kp_xrealloc(o->names, sizeof *o->names * (size_t)cap);
        o->paths = kp_xrealloc(o->paths, sizeof *o->paths * (size_t)cap);
        o->in_dir = kp_xrealloc(o->in_dir, (size_t)cap);
        o->sums = kp_xrealloc(o->sums, sizeof *o->sums * (size_t)cap);
        o->cap = cap;
    }
    const char *copy = kp_arena_strdup(o->arena, name);
    o->in_dir[o->n] = (unsigned char)in_dir;
    o->sums[o->n].hex[0] = '\0';
    o->sums[o->n].size = 0;
    o->paths[o->n] = path;
    o->names[o->n++] = copy;
}

const char *kp_out_path(kp_out *o, const char *name)
{
    const char *p = join(o->arena, o->stage, name);
    add_name(o, name, p, 0);
    return p;
}

void kp_out_existing(kp_out *o, const char *name)
{
    add_name(o, name, join(o->arena, o->target, name), 1);
}

const char *kp_out_file(const kp_out *o, int i)
{
    return o->paths[i];
}

void kp_out_input(kp_out *o, const char *role, const char *path)
{
    if (!path)
        return;
    for (int i = 0; i < o->ninputs; i++)
        if (!strcmp(o->input_paths[i], path))
            return;
    if (o->ninputs == o->inputs_cap) {
        if (o->inputs_cap > INT_MAX / 2)
            kp_oom();
        int cap = o->inputs_cap ? 2 * o->inputs_cap : 16;
        o->input_roles = kp_xrealloc(o->input_roles, sizeof *o->input_roles * (size_t)cap);
        o->input_paths = kp_xrealloc(o->input_paths, sizeof *o->input_paths * (size_t)cap);
        o->inputs_cap = cap;
    }
    o->input_roles[o->ninputs] = kp_arena_strdup(o->arena, role);
    o->input_paths[o->ninputs] = kp_arena_strdup(o->arena, path);
    o->ninputs++;
}

kp_err kp_out_strays(const kp_out *o, kp_diag *d)
{
    kp_map mine;
    kp_map_init(&mine);
    for (int i = 0; i < o->n; i++)
        kp_map_put(&mine, o->names[i], (size_t)i, NULL);
    DIR *dp = opendir(o->target);
    int n = 0;
    for (struct dirent *e; dp && (e = readdir(dp));) {
        size_t at;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            kp_map_get(&mine, e->d_name, &at))
            continue;
        if (n++ < 10)
            kp_diag_report(d, KP_ERR_CONFIG, o->dir, 0,
                           "'%s' is not a file of this run's shards: the manifest would not list "
                           "it; remove it, or render the shards into an empty folder",
                           e->d_name);
    }
    if (dp)
        closedir(dp);
    kp_map_free(&mine);
    if (n > 10)
        kp_diag_report(d, KP_ERR_CONFIG, o->dir, 0, "%d more files no shard wrote", n - 10);
    return n ? KP_ERR_CONFIG : KP_OK;
}

/* The staging folder becomes the out folder: one rename when there is none, else one
 * exchange (the old folder then at the stage's name, removed). A file system without
 * RENAME_EXCHANGE gets two renames; a run killed between them leaves the old folder at
 * <stage>-old, which the next run puts back (restore_old). */
static int swap_in(kp_out *o)
{
    struct stat st;
    if (lstat(o->target, &st) != 0)
        return rename(o->stage, o->target);
    if (renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->target, RENAME_EXCHANGE) == 0) {
        remove_tree(o->arena, o->stage);
        return 0;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return -1;
    char *old = kp_arena_alloc(o->arena, strlen(o->stage) + sizeof OLD_SUFFIX);
    sprintf(old, "%s%s", o->stage, OLD_SUFFIX);
    if (rename(o->target, old) != 0)
        return -1;
    if (rename(o->stage, o->target) != 0) {
        int e = errno;
        rename(old, o->target);
        errno = e;
        return -1;
    }
    remove_tree(o->arena, old);
    return 0;
}

/* KP_OUT_MERGE: each staged file moved into the out folder (created if need be). */
static kp_err move_files(kp_out *o, kp_diag *d)
{
    if (make_dirs(o->target) != 0)
        return kp_diag_report(d, KP_ERR_IO, o->dir, 0, "cannot create folder: %s", strerror(errno));
    for (int i = 0; i < o->n; i++) {
        const char *to = join(o->arena, o->target, o->names[i]);
        if (o->in_dir[i] || access(o->paths[i], F_OK) != 0)
            continue; /* a path asked for but never written */
        if (rename(o->paths[i], to) != 0)
            return kp_diag_report(d, KP_ERR_IO, to, 0, "cannot move into place: %s",
                                  strerror(errno));
    }
    return KP_OK;
}

kp_err kp_out_commit(kp_out *o, kp_diag *d)
{
    kp_err err = o->flags & KP_OUT_MERGE ? lock_take(o, d) : KP_OK;
    if (!err && (o->flags & KP_OUT_MERGE))
        err = move_files(o, d);
    else if (!err) {
        const char *m = join(o->arena, o->stage, MARKER);
        if (unlink(m) != 0 || swap_in(o) != 0)
            err = kp_diag_report(d, KP_ERR_IO, o->dir, 0,
                                 "cannot put the new out folder in "
                                 "place: %s",
                                 strerror(errno));
        else
            o->stage = NULL;
    }
    kp_out_abort(o);
    return err;
}

void kp_out_abort(kp_out *o)
{
    kp_oom_unhook(oom_cleanup, o);
    if (o->stage)
        remove_tree(o->arena, o->stage);
    o->stage = NULL;
    if (o->mark_fd >= 0)
        close(o->mark_fd);
    o->mark_fd = -1;
    lock_release(o);
}

void kp_out_free(kp_out *o)
{
    if (!o)
        return;
    if (o->arena) /* begun */
        kp_out_abort(o);
    free(o->names);
    free(o->paths);
    free(o->in_dir);
    free(o->sums);
    free(o->input_roles);
    free(o->input_paths);
    o->names = o->paths = o->input_roles = o->input_paths = NULL;
    o->in_dir = NULL;
    o->sums = NULL;
    o->n = o->cap = o->ninputs = o->inputs_cap = 0;
}
