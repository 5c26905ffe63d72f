/* kp_archive.c - SHA-256 manifests (nettle) written with the outputs and checked by verify. */
#include "kp_archive.h"
#include "../base/kp_mem.h"
#include "../base/kp_sha256.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void json_str(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(fp, "\\%c", c);
        else if (c < 0x20)
            fprintf(fp, "\\u%04x", c);
        else
            fputc(c, fp);
    }
    fputc('"', fp);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* An input's name in the manifest: its file name; for history, the folder's too
 * ("2021/results.csv"), since every earlier run wrote a results.csv. */
static const char *input_name(const char *role, const char *path)
{
    if (strcmp(role, "history"))
        return base_name(path);
    const char *slash = strrchr(path, '/');
    while (slash && slash > path && slash[-1] != '/')
        slash--;
    return slash && slash > path ? slash : base_name(path);
}

/* One {"name", "sha256", "size"} object; role when given. */
static void json_file(FILE *fp, const char *role, const char *name, const kp_file_sum *sum,
                      int first)
{
    fprintf(fp, "%s\n    {", first ? "" : ",");
    if (role) {
        fputs("\"role\": ", fp);
        json_str(fp, role);
        fputs(", ", fp);
    }
    fputs("\"name\": ", fp);
    json_str(fp, name);
    fprintf(fp, ", \"size\": %lld, \"sha256\": \"%s\"}", sum->size, sum->hex);
}

static int is_manifest(const char *name)
{
    return !strncmp(name, "manifest.", 9);
}

/* The outputs still to hash, shared by the threads of hash_outputs. */
typedef struct {
    kp_out *out;
    kp_file_sum *sums;
    pthread_mutex_t lock;
    int next;
    int failed; /* the first output that could not be read, else -1 */
    int error;  /* and its errno */
} hash_pool;

static void *hash_worker(void *arg)
{
    hash_pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int i = p->failed >= 0 ? p->out->n : p->next++;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->out->n)
            return NULL;
        if (is_manifest(p->out->names[i]))
            continue;
        if (p->out->sums[i].hex[0]) { /* its writer had the bytes at hand */
            p->sums[i] = p->out->sums[i];
            continue;
        }
        if (kp_sha256_file(kp_out_file(p->out, i), &p->sums[i]) != 0) {
            int e = errno;
            pthread_mutex_lock(&p->lock);
            if (p->failed < 0 || i < p->failed)
                p->failed = i, p->error = e;
            pthread_mutex_unlock(&p->lock);
        }
    }
}

/* Every output staged so far but the manifests: sums[i] for out->names[i], as its writer
 * recorded it (kp_out_sum) or read back now, on up to `jobs` threads (a national run's two
 * 1 GB files at once). An output that cannot be read fails the run, so that no document goes
 * unlisted. */
static kp_err hash_outputs(kp_out *out, kp_file_sum *sums, int jobs, kp_diag *d)
{
    enum { MAX_THREADS = 64 };
    hash_pool p = {.out = out, .sums = sums, .failed = -1};
    pthread_mutex_init(&p.lock, NULL);
    pthread_t th[MAX_THREADS];
    int started = 0;
    while (started < jobs - 1 && started < MAX_THREADS &&
           pthread_create(&th[started], NULL, hash_worker, &p) == 0)
        started++;
    hash_worker(&p);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_mutex_destroy(&p.lock);
    if (p.failed >= 0)
        return kp_diag_report(d, KP_ERR_IO, out->names[p.failed], 0,
                              "cannot read for the manifest: %s", strerror(p.error));
    return KP_OK;
}

/* Closes a file written with stdio; a write that failed at any point (a full disk, a file
 * size limit) is an error naming the file. */
static kp_err close_written(FILE *fp, const char *path, kp_diag *d)
{
    int failed = ferror(fp);
    int e = errno;
    if (fclose(fp) != 0 && !failed)
        failed = 1, e = errno;
    return failed ? kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(e)) : KP_OK;
}

static kp_err write_json(kp_out *out, const kp_file_sum *sums, int nsums, const kp_run *run,
                         const char *version, const char *path, kp_diag *d)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
    char per[32];
    kp_period_format(&run->period, per, sizeof per);
    fprintf(fp, "{\n  \"program\": \"kaoping\",\n  \"version\": ");
    json_str(fp, version);
    fprintf(fp, ",\n  \"period\": \"%s\",\n  \"docnumber\": ", per);
    json_str(fp, run->docnumber);
    fputs(",\n  \"date\": ", fp);
    json_str(fp, run->date);
    fputs(",\n  \"inputs\": [", fp);
    for (int i = 0; i < out->ninputs; i++) {
        kp_file_sum in;
        if (kp_sha256_file(out->input_paths[i], &in) != 0) {
            fclose(fp);
            return kp_diag_report(d, KP_ERR_IO, out->input_paths[i], 0,
                                  "cannot read for the "
                                  "manifest");
        }
        json_file(fp, out->input_roles[i], input_name(out->input_roles[i], out->input_paths[i]),
                  &in, i == 0);
    }
    fputs("\n  ],\n  \"outputs\": [", fp);
    for (int i = 0, first = 1; i < nsums; i++) {
        if (is_manifest(out->names[i]))
            continue;
        json_file(fp, NULL, out->names[i], &sums[i], first);
        first = 0;
    }
    fputs("\n  ]\n}\n", fp);
    return close_written(fp, path, d);
}

static kp_err write_sums(kp_out *out, const kp_file_sum *sums, int nsums, const char *path,
                         kp_diag *d)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
    for (int i = 0; i < out->n; i++) {
        if (!strcmp(out->names[i], "manifest.sha256"))
            continue;
        kp_file_sum own;
        const char *h = own.hex;
        if (i < nsums && !is_manifest(out->names[i]))
            h = sums[i].hex;
        else if (kp_sha256_file(kp_out_file(out, i), &own) != 0) {
            fclose(fp);
            return kp_diag_report(d, KP_ERR_IO, out->names[i], 0, "cannot read for the manifest");
        }
        fprintf(fp, "%s  %s\n", h, out->names[i]);
    }
    return close_written(fp, path, d);
}

kp_err kp_archive_manifest(kp_out *out, const kp_run *run, const char *version, int jobs,
                           kp_diag *d)
{
    int nsums = out->n;
    kp_file_sum *sums = kp_xcalloc((size_t)nsums + 1, sizeof *sums);
    kp_err err = hash_outputs(out, sums, jobs, d);
    const char *json = err ? NULL : kp_out_path(out, "manifest.json");
    const char *sha = err ? NULL : kp_out_path(out, "manifest.sha256");
    if (!err)
        err = write_json(out, sums, nsums, run, version, json, d);
    if (!err)
        err = write_sums(out, sums, nsums, sha, d);
    free(sums);
    return err;
}
