/* kpbench.c - in-process timings of kaoping's stages for bench/run.sh; links build/libkaoping.a.
 *
 *   kpbench stages RUN.ini                  load, model, score: time and memory after each
 *   kpbench pdf RUN.ini N OUTDIR [FIRST]    render document FIRST (default 0) of the run's
 *                                           layouts N times, one after another
 *   kpbench ofd RUN.ini N OUTDIR [FIRST]    document FIRST N times in each of three ways:
 *                                           laid out only (kp_compose), written as PDF,
 *                                           written as PDF and OFD from the same pages
 *   kpbench docs RUN.ini THREADS OUTDIR     render every document of the run's layouts once,
 *                                           on THREADS threads (what kp_render_all does
 *                                           with -j THREADS); plan_s is the loading of
 *                                           layouts and fonts and kp_render_plan()
 *   kpbench plan RUN.ini                    load layouts and fonts, plan the documents
 *   kpbench xlsx RUN.ini OUT.xlsx           write the workbook only (hwm_mb: its own peak)
 *   kpbench sizes                           sizeof the per-record structures
 *
 * Each prints one line "key=value ..." on stdout. Timings are wall clock
 * (CLOCK_MONOTONIC) and CPU (getrusage) of this process; memory is VmHWM
 * and VmRSS from /proc/self/status. The run INI's layouts folder (if any)
 * decides which documents there are. */
#include "base/kp_arena.h"
#include "base/kp_error.h"
#include "config/kp_config.h"
#include "ingest/kp_csv.h"
#include "model/kp_model.h"
#include "render/kp_compose.h"
#include "render/kp_fonts.h"
#include "render/kp_layout.h"
#include "render/kp_render.h"
#include "render/kp_text.h"
#include "ofd/kp_ofd.h"
#include "pdf/kp_pdf.h"
#include "rules/kp_score.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

/* VmHWM and VmRSS in MB. */
static void mem(double *hwm, double *rss)
{
    char line[256];
    FILE *f = fopen("/proc/self/status", "r");
    *hwm = *rss = 0;
    while (f && fgets(line, sizeof line, f)) {
        long kb;
        if (sscanf(line, "VmHWM: %ld", &kb) == 1)
            *hwm = kb / 1024.0;
        else if (sscanf(line, "VmRSS: %ld", &kb) == 1)
            *rss = kb / 1024.0;
    }
    if (f)
        fclose(f);
}

typedef struct {
    kp_arena arena;
    kp_diag d;
    kp_run run;
    kp_ruleset rs;
    kp_model model;
    kp_results res;
} bench_run;

static double t_stage, c_stage;

static void stage(const char *name)
{
    double t = now(), c = cpu(), hwm, rss;
    mem(&hwm, &rss);
    printf(" %s_s=%.3f %s_cpu=%.3f %s_hwm_mb=%.0f %s_rss_mb=%.0f", name, t - t_stage, name,
           c - c_stage, name, hwm, name, rss);
    fflush(stdout);
    t_stage = t;
    c_stage = c;
}

/* Loads and scores a run; prints the stages when verbose. */
static int load(bench_run *b, const char *ini, int verbose)
{
    memset(b, 0, sizeof *b);
    kp_arena_init(&b->arena);
    kp_diag_init(&b->d);
    t_stage = now();
    c_stage = cpu();
    if (kp_run_load(&b->run, ini, &b->arena, &b->d) ||
        kp_ruleset_load(&b->rs, b->run.ruleset_path, &b->arena, &b->d))
        return 1;
    if (!b->run.date || !b->run.date[0])
        b->run.date = "2024-01-15";
    if (verbose)
        stage("config");
    if (kp_model_load(&b->model, &b->rs, &b->run, b->run.data_dir, &b->arena, &b->d))
        return 1;
    if (verbose) {
        stage("model");
        printf(" obs=%zu subjects=%d arena_mb=%.0f", b->model.nobs, b->model.nsubjects,
               b->arena.used_total / 1048576.0);
    }
    if (kp_score_run(&b->res, &b->model, &b->d))
        return 1;
    if (verbose) {
        stage("score");
        printf(" tables=%d notices=%zu\n", b->res.ntables, b->res.nnotices);
    }
    return 0;
}

typedef struct {
    kp_arena arena;
    kp_fonts fonts;
    kp_layout_set set;
    kp_render_job *jobs;
    int njobs;
} bench_docs;

static int load_docs(bench_run *b, bench_docs *o)
{
    memset(o, 0, sizeof *o);
    kp_arena_init(&o->arena);
    kp_text_init();
    kp_render_files f;
    if (kp_render_locate(&b->run, &f, &o->arena, &b->d))
        return 1;
    if (kp_layout_load_dir(&o->set, f.layouts, f.schema, &o->arena, &b->d) ||
        kp_fonts_load(&o->fonts, f.fonts_ini, &o->arena, &b->d) ||
        kp_render_plan(&b->res, &b->run, &o->set, &o->jobs, &o->njobs, &b->d))
        return 1;
    return 0;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int cmd_stages(const char *ini)
{
    bench_run b;
    printf("stages:");
    return load(&b, ini, 1);
}

/* Layouts, fonts and the document plan (kp_render_plan) of a run, timed. */
static int cmd_plan(const char *ini)
{
    bench_run b;
    bench_docs o;
    if (load(&b, ini, 0))
        return 1;
    double t = now();
    if (load_docs(&b, &o))
        return 1;
    printf("plan: docs=%d plan_s=%.3f\n", o.njobs, now() - t);
    return 0;
}

/* Rounds of a timed loop (kpbench pdf; the ReportLab peer takes as many). */
enum { KP_BENCH_ROUNDS = 5 };

/* The run's documents, of which document `first` must be one. */
static int load_first(bench_run *b, bench_docs *o, const char *ini, int first)
{
    if (load(b, ini, 0) || load_docs(b, o))
        return 1;
    if (first >= o->njobs) {
        fprintf(stderr, "kpbench: %d documents, no document %d\n", o->njobs, first);
        return 1;
    }
    return 0;
}

static int cmd_pdf(const char *ini, int n, const char *outdir, int first)
{
    bench_run b;
    bench_docs o;
    if (load_first(&b, &o, ini, first))
        return 1;
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", outdir, o.jobs[first].name);
    /* In KP_BENCH_ROUNDS rounds, as the ReportLab peer does: the fastest round's mean is the
     * document's time on this machine, the rest is other jobs (a shared machine) or the kernel
     * writing back earlier files. */
    int per = n / KP_BENCH_ROUNDS > 0 ? n / KP_BENCH_ROUNDS : 1;
    double best_t = 1e30, best_c = 1e30, t_all = now(), c_all = cpu();
    for (int round = 0; round < KP_BENCH_ROUNDS; round++) {
        double t0 = now(), c0 = cpu();
        for (int i = 0; i < per; i++) {
            kp_diag d;
            kp_diag_init(&d);
            /* No digest: the peer writes the PDF only. */
            if (kp_render_document(&o.jobs[first].ctx, &o.fonts, path, NULL, &d))
                return 1;
        }
        double t = (now() - t0) / per, c = (cpu() - c0) / per;
        best_t = t < best_t ? t : best_t;
        best_c = c < best_c ? c : best_c;
    }
    int done = per * KP_BENCH_ROUNDS;
    double hwm, rss;
    mem(&hwm, &rss);
    printf("pdf: file=%s docs=%d ms_per_doc=%.3f cpu_ms_per_doc=%.3f mean_ms_per_doc=%.3f "
           "mean_cpu_ms_per_doc=%.3f bytes=%ld hwm_mb=%.0f\n",
           o.jobs[first].name, done, 1000 * best_t, 1000 * best_c,
           1000 * (now() - t_all) / done, 1000 * (cpu() - c_all) / done, file_size(path), hwm);
    return 0;
}

/* One way of producing document job: 0 lays it out only, 1 writes the PDF, 2 the PDF and its
 * OFD twin (the pages laid out once, as kaoping run does with formats = pdf, ofd). */
static int produce(const bench_docs *o, int job, int way, const char *pdf, const char *ofd,
                   size_t *pages)
{
    kp_diag d;
    kp_diag_init(&d);
    if (way > 0)
        return kp_render_document_twin(&o->jobs[job].ctx, &o->fonts, pdf, NULL,
                                       way == 2 ? ofd : NULL, NULL, &d) != KP_OK;
    kp_doc doc;
    kp_doc_init(&doc);
    kp_err err = kp_compose(&doc, o->jobs[job].ctx.layout, &o->fonts, &o->jobs[job].ctx, &d);
    *pages = doc.n;
    kp_doc_free(&doc);
    return err != KP_OK;
}

/* The fastest round's mean wall and CPU seconds of producing document job one way. */
static int time_way(const bench_docs *o, int job, int way, int n, const char *pdf, const char *ofd,
                    double *wall, double *cpus, size_t *pages)
{
    int per = n / KP_BENCH_ROUNDS > 0 ? n / KP_BENCH_ROUNDS : 1;
    *wall = *cpus = 1e30;
    for (int round = 0; round < KP_BENCH_ROUNDS; round++) {
        double t0 = now(), c0 = cpu();
        for (int i = 0; i < per; i++)
            if (produce(o, job, way, pdf, ofd, pages))
                return 1;
        double t = (now() - t0) / per, c = (cpu() - c0) / per;
        *wall = t < *wall ? t : *wall;
        *cpus = c < *cpus ? c : *cpus;
    }
    return 0;
}

static int cmd_ofd(const char *ini, int n, const char *outdir, int first)
{
    bench_run b;
    bench_docs o;
    if (load_first(&b, &o, ini, first))
        return 1;
    char pdf[4400], ofd[4400], name[4096];
    snprintf(pdf, sizeof pdf, "%s/%s", outdir, o.jobs[first].name);
    kp_ofd_name(o.jobs[first].name, name, sizeof name);
    snprintf(ofd, sizeof ofd, "%s/%s", outdir, name);
    double w[3], c[3];
    size_t pages = 0;
    for (int way = 0; way < 3; way++)
        if (time_way(&o, first, way, n, pdf, ofd, &w[way], &c[way], &pages))
            return 1;
    printf("ofd: file=%s docs=%d pages=%zu compose_ms=%.3f pdf_ms=%.3f twin_ms=%.3f "
           "compose_cpu_ms=%.3f pdf_cpu_ms=%.3f twin_cpu_ms=%.3f pdf_bytes=%ld ofd_bytes=%ld\n",
           o.jobs[first].name, n, pages, 1000 * w[0], 1000 * w[1], 1000 * w[2], 1000 * c[0],
           1000 * c[1], 1000 * c[2], file_size(pdf), file_size(ofd));
    return 0;
}

typedef struct {
    bench_docs *o;
    const char *outdir;
    int id, nthreads, failed;
    long bytes;
} worker_arg;

static void *worker(void *p)
{
    worker_arg *w = p;
    for (int i = w->id; i < w->o->njobs; i += w->nthreads) {
        char path[4400];
        kp_diag d;
        kp_diag_init(&d);
        snprintf(path, sizeof path, "%s/%s", w->outdir, w->o->jobs[i].name);
        kp_file_sum sum; /* as kaoping run takes it, for the manifest */
        if (kp_render_document(&w->o->jobs[i].ctx, &w->o->fonts, path, &sum, &d)) {
            w->failed = 1;
            break;
        }
        w->bytes += file_size(path);
    }
    return NULL;
}

static int cmd_docs(const char *ini, int nthreads, const char *outdir)
{
    bench_run b;
    bench_docs o;
    if (load(&b, ini, 0))
        return 1;
    double tp = now();
    if (load_docs(&b, &o)) /* layouts, fonts and kp_render_plan */
        return 1;
    tp = now() - tp;
    if (nthreads < 1 || nthreads > 64)
        nthreads = 1;
    pthread_t th[64];
    worker_arg args[64];
    double t0 = now(), c0 = cpu();
    for (int i = 0; i < nthreads; i++) {
        args[i] = (worker_arg){&o, outdir, i, nthreads, 0, 0};
        if (nthreads == 1)
            worker(&args[0]);
        else
            pthread_create(&th[i], NULL, worker, &args[i]);
    }
    long bytes = 0;
    int failed = 0;
    for (int i = 0; i < nthreads; i++) {
        if (nthreads > 1)
            pthread_join(th[i], NULL);
        bytes += args[i].bytes;
        failed |= args[i].failed;
    }
    double t = now() - t0, c = cpu() - c0, hwm, rss;
    mem(&hwm, &rss);
    printf("docs: threads=%d docs=%d plan_s=%.3f s=%.3f cpu_s=%.3f ms_per_doc=%.3f bytes=%ld "
           "hwm_mb=%.0f failed=%d\n", nthreads, o.njobs, tp, t, c,
           o.njobs ? 1000 * t / o.njobs : 0, bytes, hwm, failed);
    return failed;
}

/* The records the national set is held in, per observation and per subject and period. */
static int cmd_sizes(void)
{
    printf("sizes: kp_csv_record=%zu kp_obs=%zu kp_obs_range=%zu kp_entity=%zu kp_subject=%zu "
           "kp_score=%zu kp_notice=%zu kp_period=%zu\n",
           sizeof(kp_csv_record), sizeof(kp_obs), sizeof(kp_obs_range), sizeof(kp_entity),
           sizeof(kp_subject), sizeof(kp_score), sizeof(kp_notice), sizeof(kp_period));
    return 0;
}

static int cmd_xlsx(const char *ini, const char *out)
{
    bench_run b;
    bench_docs o;
    if (load(&b, ini, 0) || load_docs(&b, &o))
        return 1;
    /* Resets VmHWM (Linux >= 4.0) so that hwm_mb is the workbook's own peak. */
    FILE *cr = fopen("/proc/self/clear_refs", "w");
    if (cr) {
        fputs("5", cr);
        fclose(cr);
    }
    double t0 = now(), c0 = cpu(), h0, r0;
    mem(&h0, &r0);
    if (kp_render_xlsx(&b.res, &b.run, &o.set, out, &b.d))
        return 1;
    double t = now() - t0, c = cpu() - c0, hwm, rss;
    mem(&hwm, &rss);
    printf("xlsx: s=%.3f cpu_s=%.3f bytes=%ld rss_before_mb=%.0f hwm_mb=%.0f\n", t, c,
           file_size(out), r0, hwm);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 2 && !strcmp(argv[1], "sizes"))
        return cmd_sizes();
    if (argc == 3 && !strcmp(argv[1], "stages"))
        return cmd_stages(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "plan"))
        return cmd_plan(argv[2]);
    if ((argc == 5 || argc == 6) && !strcmp(argv[1], "pdf"))
        return cmd_pdf(argv[2], atoi(argv[3]), argv[4], argc == 6 ? atoi(argv[5]) : 0);
    if ((argc == 5 || argc == 6) && !strcmp(argv[1], "ofd"))
        return cmd_ofd(argv[2], atoi(argv[3]), argv[4], argc == 6 ? atoi(argv[5]) : 0);
    if (argc == 5 && !strcmp(argv[1], "docs"))
        return cmd_docs(argv[2], atoi(argv[3]), argv[4]);
    if (argc == 4 && !strcmp(argv[1], "xlsx"))
        return cmd_xlsx(argv[2], argv[3]);
    fprintf(stderr, "usage: kpbench stages RUN.ini | plan RUN.ini | pdf RUN.ini N OUTDIR [FIRST] | "
                    "ofd RUN.ini N OUTDIR [FIRST] | docs RUN.ini THREADS OUTDIR | xlsx RUN.ini OUT.xlsx | "
                    "sizes\n");
    return 2;
}
