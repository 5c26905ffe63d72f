/* kp_out.c - staging folder, then rename(2) of each file into the out folder. */
#include "kp_out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* a/b into buf; -1 when it does not fit (paths are bounded, not truncated). */
static int join(char *buf, size_t size, const char *a, const char *b)
{
    int n = snprintf(buf, size, "%s/%s", a, b);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* mkdir -p for the out folder's parents. */
static int make_dirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

kp_err kp_out_begin(kp_out *o, const char *dir, kp_arena *arena, kp_diag *d)
{
    memset(o, 0, sizeof *o);
    o->dir = dir;
    o->arena = arena;
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", dir);
    size_t len = strlen(parent);
    while (len > 1 && parent[len - 1] == '/')
        parent[--len] = '\0';
    char *slash = strrchr(parent, '/');
    const char *base = slash ? slash + 1 : parent;
    char pdir[4096];
    if (slash)
        snprintf(pdir, sizeof pdir, "%.*s", (int)(slash - parent), parent);
    else
        snprintf(pdir, sizeof pdir, ".");
    if (!pdir[0])
        snprintf(pdir, sizeof pdir, "/");
    if (make_dirs(pdir) != 0)
        return kp_diag_report(d, KP_ERR_IO, pdir, 0, "cannot create folder: %s", strerror(errno));
    char leaf[512];
    int n = snprintf(leaf, sizeof leaf, ".%s.kaoping-XXXXXX", base);
    if (n < 0 || (size_t)n >= sizeof leaf || join(o->stage, sizeof o->stage, pdir, leaf) != 0)
        return kp_diag_report(d, KP_ERR_IO, dir, 0, "path too long");
    if (!mkdtemp(o->stage))
        return kp_diag_report(d, KP_ERR_IO, pdir, 0, "cannot create a staging folder: %s",
                              strerror(errno));
    return KP_OK;
}

/* Records name as output n; 0, or -1 when out of room or memory. */
static int add_name(kp_out *o, const char *name, int in_dir)
{
    if (o->n == o->cap) {
        int cap = o->cap ? o->cap * 2 : 64;
        if (cap > KP_OUT_MAX_FILES)
            return -1;
        const char **grown = realloc(o->names, sizeof *grown * (size_t)cap);
        if (!grown)
            return -1;
        o->names = grown;
        unsigned char *flags = realloc(o->in_dir, (size_t)cap);
        if (!flags)
            return -1;
        o->in_dir = flags;
        kp_file_sum *sums = realloc(o->sums, sizeof *sums * (size_t)cap);
        if (!sums)
            return -1;
        o->sums = sums;
        o->cap = cap;
    }
    const char *copy = kp_arena_strdup(o->arena, name);
    if (!copy)
        return -1;
    o->in_dir[o->n] = (unsigned char)in_dir;
    o->sums[o->n].hex[0] = '\0';
    o->sums[o->n].size = 0;
    o->names[o->n++] = copy;
    return 0;
}

const char *kp_out_path(kp_out *o, const char *name)
{
    char *p = kp_arena_alloc(o->arena, strlen(o->stage) + strlen(name) + 2);
    if (!p || add_name(o, name, 0) != 0)
        return NULL;
    sprintf(p, "%s/%s", o->stage, name);
    return p;
}

int kp_out_existing(kp_out *o, const char *name)
{
    return add_name(o, name, 1);
}

int kp_out_file(const kp_out *o, int i, char *buf, size_t size)
{
    return join(buf, size, o->in_dir[i] ? o->dir : o->stage, o->names[i]);
}

void kp_out_input(kp_out *o, const char *role, const char *path)
{
    if (o->ninputs == (int)(sizeof o->input_paths / sizeof o->input_paths[0]) || !path)
        return;
    for (int i = 0; i < o->ninputs; i++)
        if (!strcmp(o->input_paths[i], path))
            return;
    o->input_roles[o->ninputs] = kp_arena_strdup(o->arena, role);
    o->input_paths[o->ninputs++] = kp_arena_strdup(o->arena, path);
}

kp_err kp_out_commit(kp_out *o, kp_diag *d)
{
    if (make_dirs(o->dir) != 0) {
        kp_out_abort(o);
        return kp_diag_report(d, KP_ERR_IO, o->dir, 0, "cannot create folder: %s", strerror(errno));
    }
    for (int i = 0; i < o->n; i++) {
        char from[4096], to[4096];
        if (o->in_dir[i] || join(from, sizeof from, o->stage, o->names[i]) != 0 ||
            join(to, sizeof to, o->dir, o->names[i]) != 0 || access(from, F_OK) != 0)
            continue; /* a path asked for but never written */
        if (rename(from, to) != 0) {
            kp_err e =
                kp_diag_report(d, KP_ERR_IO, to, 0, "cannot move into place: %s", strerror(errno));
            kp_out_abort(o);
            return e;
        }
    }
    rmdir(o->stage);
    return KP_OK;
}

void kp_out_abort(kp_out *o)
{
    if (!o->stage[0])
        return;
    for (int i = 0; i < o->n; i++) {
        char p[4096];
        if (!o->in_dir[i] && join(p, sizeof p, o->stage, o->names[i]) == 0)
            unlink(p);
    }
    rmdir(o->stage);
    o->stage[0] = '\0';
}

void kp_out_free(kp_out *o)
{
    if (!o)
        return;
    free(o->names);
    free(o->in_dir);
    free(o->sums);
    o->names = NULL;
    o->in_dir = NULL;
    o->sums = NULL;
    o->n = o->cap = 0;
}
