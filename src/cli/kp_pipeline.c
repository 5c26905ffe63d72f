/* kp_pipeline.c - wires the stages of one run together; data flows one way. */
#include "kp_pipeline.h"
#include "../base/kp_i18n.h"
#include "../base/kp_progress.h"
#include "../archive/kp_archive.h"
#include "../config/kp_config.h"
#include "../model/kp_model.h"
#include "../render/kp_render.h"
#include "../results/kp_out.h"
#include "../results/kp_results_csv.h"
#include "../results/kp_snapshot.h"
#include "../rules/kp_score.h"
#include "../template/kp_template.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void print_notices(const kp_results *r)
{
    char text[512];
    for (size_t i = 0; i < r->nnotices; i++) {
        kp_notice_text(r, &r->notices[i], text, sizeof text);
        kp_warn(NULL, 0, "%s", text);
    }
}

static kp_err apply_overrides(kp_run *run, const kp_options *o, kp_diag *d)
{
    if (o->data_dir)
        run->data_dir = o->data_dir;
    if (o->out_dir)
        run->out_dir = o->out_dir;
    if (o->period && kp_period_parse(o->period, &run->period) != 0)
        return kp_diag_report(d, KP_ERR_USAGE, NULL, 0,
                              "--period '%s' is not a period (2023, 2023-H1, 2023-Q1 or 2023-01)",
                              o->period);
    if (!run->date[0]) {
        /* Documents need a date and it never comes from the clock: without one in
         * [document], SOURCE_DATE_EPOCH, else the first day after the period. */
        char *date = run->default_date;
        const char *epoch = getenv("SOURCE_DATE_EPOCH");
        if (epoch && *epoch) {
            time_t t = (time_t)strtoll(epoch, NULL, 10);
            struct tm tm;
            gmtime_r(&t, &tm);
            strftime(date, 16, "%Y-%m-%d", &tm);
        } else {
            snprintf(date, 16, "%04d-%02d-01", run->period.end / 12 % 10000,
                     run->period.end % 12 + 1);
        }
        run->date = date;
    }
    if (!run->data_dir)
        return kp_diag_report(d, KP_ERR_CONFIG, run->path, 0,
                              "no data folder: set 'data' in [run] or pass --data");
    if (!run->out_dir && !o->check_only && !o->template_only)
        return kp_diag_report(d, KP_ERR_CONFIG, run->path, 0,
                              "no out folder: set 'out' in [run] or pass --out");
    return KP_OK;
}

/* The run INI with the command line's overrides, and its rule set. */
static kp_err load_config(const kp_options *o, kp_run *run, kp_ruleset *rs, kp_arena *arena,
                          kp_diag *d)
{
    kp_err err = kp_run_load(run, o->run_ini, arena, d);
    if (!err)
        err = apply_overrides(run, o, d);
    if (!err)
        err = kp_ruleset_load(rs, run->ruleset_path, arena, d);
    return err;
}

/* The run, its rule set and every data file the model's loader reads (tables
 * the rule set does not read, and absent optional ones, are not inputs). */
static void record_inputs(kp_out *out, const kp_run *run, const kp_ruleset *rs, kp_arena *a)
{
    const char *paths[KP_MODEL_MAX_TABLES];
    kp_out_input(out, "run", run->path);
    kp_out_input(out, "rules", run->ruleset_path);
    int n = kp_model_inputs(rs, run->data_dir, a, paths);
    for (int i = 0; i < n; i++)
        kp_out_input(out, "data", paths[i]);
    for (int i = 0; i < run->nhistory; i++)
        kp_out_input(out, "history", kp_arena_printf(a, "%s/results.csv", run->history[i]));
}

/* [run] history: each earlier run's out folder must be as that run wrote it, by its own
 * manifests, before its results are read; a difference names the folder and the file. */
static kp_err check_history(const kp_run *run, kp_diag *d)
{
    int bad = 0;
    for (int i = 0; i < run->nhistory; i++) {
        const char *dir = run->history[i];
        struct stat st;
        int n = 0;
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            kp_diag_report(d, KP_ERR_MISSING, run->path, run->history_line,
                           "history folder '%s': no such folder (an earlier run's out folder)",
                           dir);
            bad++;
        } else if ((n = kp_archive_check(dir, d)) < 0) {
            kp_diag_report(d, KP_ERR_MISSING, run->path, run->history_line,
                           "history folder '%s' has no manifest: not an out folder of kaoping",
                           dir);
            bad++;
        } else if (n > 0) {
            kp_diag_report(d, KP_ERR_VALUE, run->path, run->history_line,
                           "history folder '%s' is not as its run wrote it (the differences "
                           "from its manifest are above): its results cannot be used",
                           dir);
            bad++;
        }
    }
    return bad ? KP_ERR_VALUE : KP_OK;
}

/* Records the files earlier shards wrote into the out folder, for
 * `render --finish`; names every one that is not there. */
static kp_err check_existing(const kp_out *out, kp_diag *d)
{
    int missing = 0;
    for (int i = 0; i < out->n; i++) {
        const char *p = kp_out_file(out, i);
        if (out->in_dir[i] && access(p, R_OK) != 0 && missing++ < 10)
            kp_diag_report(d, KP_ERR_MISSING, p, 0, "missing: has every shard finished?");
    }
    if (missing > 10)
        kp_diag_report(d, KP_ERR_MISSING, out->dir, 0, "%d more files missing", missing - 10);
    return missing ? KP_ERR_MISSING : KP_OK;
}

/* scores.snapshot, written on a thread of its own beside results.csv: at national scale each
 * is ~1 GB of formatted text, and both only read the finished results. */
typedef struct {
    const kp_results *res;
    const char *digest, *path;
    kp_diag d;
    kp_err err;
    pthread_t thread;
    int threaded;
} snapshot_job;

static void *snapshot_run(void *arg)
{
    snapshot_job *j = arg;
    j->err = kp_snapshot_write(j->res, j->digest, j->path, &j->d);
    return NULL;
}

/* Starts the snapshot; on this thread when no other can be started. */
static void snapshot_start(snapshot_job *j)
{
    kp_diag_init(&j->d);
    j->threaded = pthread_create(&j->thread, NULL, snapshot_run, j) == 0;
    if (!j->threaded)
        snapshot_run(j);
}

/* Waits for the snapshot; its error becomes the run's when the run had none. */
static kp_err snapshot_finish(snapshot_job *j, kp_err err, kp_diag *d)
{
    if (j->threaded)
        pthread_join(j->thread, NULL);
    if (err || !j->err)
        return err;
    kp_diag_merge(d, &j->d);
    return j->err;
}

/* The results' files into the out folder: the CSV files, then (unless
 * score_only) the documents, then the manifest. A shard (o->nshards > 1)
 * writes its share and no manifest, shard 1 also the CSV files; finish
 * writes only the manifest of what the shards wrote. */
/* What a run wrote, for its one summary line. */
typedef struct {
    int files, documents;
} written;

/* The files written, one a line, with --verbose; counted for the summary. */
static void list_outputs(const kp_out *out, const kp_run *run, const kp_options *o, written *w)
{
    for (int i = 0; i < out->n; i++) {
        size_t len = strlen(out->names[i]);
        w->documents += len > 4 && !strcmp(out->names[i] + len - 4, ".pdf");
        if (o->verbose && !o->quiet)
            printf("%s/%s\n", run->out_dir, out->names[i]);
    }
    w->files += out->n;
}

/* The run's last line: subjects scored, documents written, warnings, the folder. */
static void print_summary(const kp_options *o, const kp_run *run, int subjects, const written *w)
{
    if (o->quiet)
        return;
    printf(_("kaoping: %d subjects scored, %d documents written (%d files), %d warnings, in %s\n"),
           subjects, w->documents, w->files, kp_warn_count(), run->out_dir);
}

static kp_err write_outputs(const kp_results *res, const kp_run *run, const kp_options *o,
                            const char *digest, written *w, kp_diag *d)
{
    kp_render_opts ro = {o->jobs > 0 ? o->jobs : kp_render_cores(), o->shard, o->nshards,
                         o->finish};
    int run_level = o->nshards <= 1 || o->shard == 1;
    kp_out out;
    kp_arena arena;
    kp_arena_init(&arena);
    int flags =
        (o->nshards > 1 || o->finish ? KP_OUT_MERGE : 0) | (o->replace ? KP_OUT_REPLACE : 0);
    kp_err err = kp_out_begin(&out, run->out_dir, flags, &arena, d);
    if (err) {
        kp_arena_free(&arena);
        return err;
    }
    record_inputs(&out, run, res->rs, &arena);
    static const char *const csv[] = {"results.csv", "awards.csv", "notices.csv"};
    for (int i = 0; !err && o->finish && i < 3; i++)
        kp_out_existing(&out, csv[i]);
    /* Every name first, in the manifest's order: the snapshot's thread then runs while no
     * name is added. */
    const char *csv_path[3] = {NULL, NULL, NULL};
    for (int i = 0; !err && run_level && !o->finish && i < 3; i++)
        csv_path[i] = kp_out_path(&out, csv[i]);
    snapshot_job snap = {.res = res, .digest = digest};
    if (!err && o->score_only)
        snap.path = kp_out_path(&out, KP_SNAPSHOT_FILE);
    if (!err && o->score_only)
        snapshot_start(&snap);
    if (!err && csv_path[0]) {
        err = kp_results_csv_write(res, csv_path[0], d);
        if (!err)
            err = kp_awards_csv_write(res, csv_path[1], d);
        if (!err)
            err = kp_notices_csv_write(res, csv_path[2], d);
    }
    if (snap.path)
        err = snapshot_finish(&snap, err, d);
    if (!err && !o->score_only)
        err = kp_render_all(res, run, &ro, &out, d);
    if (!err && o->finish)
        err = check_existing(&out, d);
    if (!err && o->nshards <= 1)
        err = kp_archive_manifest(&out, run, KP_VERSION, ro.jobs, d);
    if (!err && o->finish) /* the manifest lists every file of the folder or is not written */
        err = kp_out_strays(&out, d);
    if (!err)
        err = kp_out_commit(&out, d);
    else
        kp_out_abort(&out);
    if (!err)
        list_outputs(&out, run, o, w);
    kp_out_free(&out);
    kp_arena_free(&arena);
    return err;
}

/* What run and render hold for one run: the arena, the diagnostics, the
 * configuration, the model and the results, set up and torn down once. */
typedef struct {
    kp_arena arena;
    kp_diag d;
    kp_run run;
    kp_ruleset rs;
    kp_model model;
    kp_results res;
} pipeline;

static void pipeline_init(pipeline *p, const kp_options *o)
{
    memset(p, 0, sizeof *p);
    kp_arena_init(&p->arena);
    kp_diag_init(&p->d);
    kp_quiet = o->quiet;
}

/* Says what failed if nothing did yet, frees everything; returns err. */
static kp_err pipeline_end(pipeline *p, const kp_options *o, kp_err err)
{
    if (err && p->d.count == 0)
        kp_diag_report(&p->d, err, o->run_ini, 0, "%s", kp_strerror(err));
    kp_results_free(&p->res);
    kp_model_free(&p->model);
    kp_ruleset_free(&p->rs);
    kp_arena_free(&p->arena);
    return err;
}

kp_err kp_pipeline_run(const kp_options *o)
{
    pipeline p;
    pipeline_init(&p, o);
    kp_err err = load_config(o, &p.run, &p.rs, &p.arena, &p.d);
    if (!err)
        err = check_history(&p.run, &p.d);
    if (!err)
        err = kp_model_load(&p.model, &p.rs, &p.run, p.run.data_dir, &p.arena, &p.d);
    kp_progress_begin(o->quiet);
    if (!err)
        err = kp_score_run(&p.res, &p.model, &p.d);
    if (!err)
        kp_progress_scored((size_t)p.model.nsubjects);
    if (!err)
        print_notices(&p.res);
    if (!err && o->check_only)
        err = kp_render_check(&p.run, &p.rs, &p.model, &p.d);
    if (!err && o->check_only && !o->quiet)
        printf(_("%s: ok, %d subjects, %zu observations, %zu warnings\n"), o->run_ini,
               p.model.nsubjects, p.model.nobs, p.res.nnotices);
    char digest[65] = "";
    written w = {0, 0};
    if (!err && o->score_only)
        err = kp_snapshot_digest(&p.run, digest, &p.d);
    if (!err && !o->check_only)
        err = write_outputs(&p.res, &p.run, o, digest, &w, &p.d);
    kp_progress_end();
    if (!err && !o->check_only)
        print_summary(o, &p.run, p.model.nsubjects, &w);
    return pipeline_end(&p, o, err);
}

kp_err kp_pipeline_render(const kp_options *o)
{
    pipeline p;
    pipeline_init(&p, o);
    char digest[65], snap[4200];
    snprintf(snap, sizeof snap, "%s/%s", o->from_dir, KP_SNAPSHOT_FILE);
    /* The subjects' names come from the data, the scores from the snapshot:
     * rendering never scores, and the digest ties the two together. */
    kp_err err = load_config(o, &p.run, &p.rs, &p.arena, &p.d);
    if (!err)
        err = kp_model_load_subjects(&p.model, &p.rs, &p.run, p.run.data_dir, &p.arena, &p.d);
    if (!err)
        err = kp_snapshot_digest(&p.run, digest, &p.d);
    if (!err)
        err = kp_snapshot_read(&p.res, &p.model, snap, digest, &p.arena, &p.d);
    kp_progress_begin(o->quiet);
    written w = {0, 0};
    if (!err)
        err = write_outputs(&p.res, &p.run, o, digest, &w, &p.d);
    kp_progress_end();
    if (!err)
        print_summary(o, &p.run, p.model.nsubjects, &w);
    return pipeline_end(&p, o, err);
}

kp_err kp_pipeline_template(const kp_options *o, const char *out_path)
{
    kp_arena arena;
    kp_diag d;
    kp_run run;
    kp_ruleset rs;
    kp_model model;
    kp_arena_init(&arena);
    kp_diag_init(&d);
    memset(&rs, 0, sizeof rs);
    memset(&model, 0, sizeof model);
    kp_err err = load_config(o, &run, &rs, &arena, &d);
    if (!err)
        err = kp_model_load_subjects(&model, &rs, &run, run.data_dir, &arena, &d);
    /* Written beside its final name and renamed, so a failure leaves nothing. */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
    if (!err)
        err = kp_template_write(&model, tmp, &d);
    if (!err && rename(tmp, out_path) != 0)
        err = kp_diag_report(&d, KP_ERR_IO, out_path, 0, "cannot write");
    if (err)
        remove(tmp);
    else if (!o->quiet)
        printf("%s\n", out_path);
    kp_model_free(&model);
    kp_ruleset_free(&rs);
    kp_arena_free(&arena);
    return err;
}

kp_err kp_pipeline_verify(const char *dir)
{
    kp_diag d;
    kp_diag_init(&d);
    return kp_archive_verify(dir, &d);
}

kp_err kp_pipeline_rules(const char *ruleset_ini)
{
    kp_arena arena;
    kp_diag d;
    kp_ruleset rs;
    kp_arena_init(&arena);
    kp_diag_init(&d);
    kp_err err = kp_ruleset_load(&rs, ruleset_ini, &arena, &d);
    if (!err)
        kp_ruleset_print(&rs);
    kp_ruleset_free(&rs);
    kp_arena_free(&arena);
    return err;
}
