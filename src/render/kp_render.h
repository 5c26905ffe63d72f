/* kp_render.h - the renderers: every document of a run, from the finished results. */
#ifndef KP_RENDER_H
#define KP_RENDER_H

#include "../config/kp_config.h"
#include "../results/kp_out.h"
#include "../rules/kp_score.h"
#include "kp_compose.h"
#include "kp_fonts.h"
#include "kp_layout.h"

/* How kp_render_all shares out the documents. */
typedef struct {
    int jobs; /* documents rendered at once, on threads; <= 1: one after another */
    /* A shard K of N (1-based; nshards <= 1: everything): the per-subject
     * documents whose index among the plan's per-subject documents is
     * congruent to K-1 mod N; shard 1 also writes the workbook and the run
     * and kind documents. */
    int shard, nshards;
    /* Render nothing: record the shard's outputs as already in the out
     * folder (kp_out_existing), for the manifest of `kaoping render --finish`. */
    int finish;
} kp_render_opts;

/* Writes the XLSX workbook and the PDF documents of every layout of the
 * run's layouts folder into the stage. Layouts and fonts are read once and
 * shared by o->jobs threads, each writing whole documents of its own; the
 * files, and their order in the stage, are the same for any o->jobs. The
 * first failing document (in plan order) fails the run; its error is in d.
 * Renderers read results only; none recomputes a score. */
kp_err kp_render_all(const kp_results *r, const kp_run *run, const kp_render_opts *o, kp_out *out,
                     kp_diag *d);

/* The processor cores this process may run on (its affinity mask, else
 * the online cores): the default of -j. */
int kp_render_cores(void);

/* Where a run's renderers find their files: the font roles, the layout
 * schema, and the layouts folder (the run's own, else the one beside the schema). */
typedef struct {
    const char *fonts_ini, *schema, *layouts; /* owned by the arena given to kp_render_locate */
} kp_render_files;
kp_err kp_render_locate(const kp_run *run, kp_render_files *f, kp_arena *a, kp_diag *d);

/* Loads and validates every layout of the run and the font roles, writing nothing; warns of a
 * [document] key no layout shows, checks docnumber targets as run does, and warns, as
 * rendering would, of a subject's id or name with a character no role's fonts have (m may be
 * NULL: no subjects). */
kp_err kp_render_check(const kp_run *run, const kp_ruleset *rs, const kp_model *m, kp_diag *d);
/* Every docnumber.<target> of the run names a layout of set, alone or with a
 * kind of rs: an unknown layout is warned about, an unknown kind an error. */
kp_err kp_render_check_docnumbers(const kp_run *run, const kp_ruleset *rs, const kp_layout_set *set,
                                  kp_diag *d);
/* What the run config asks of the documents, as `run` and `check` both check it: every
 * name in 'documents' is a document kind, every text.<layout>.<name> names a paragraph and
 * uses only known {placeholders}, and the seal is a PNG a PDF/A-1b file can carry. */
kp_err kp_render_check_run(const kp_run *run, const kp_layout_set *set, kp_diag *d);

/* One PDF document to write: what it is about and its file name. */
typedef struct {
    kp_context ctx;
    char name[160];
} kp_render_job;

/* The documents the layouts ask for, in layout then kind then subject
 * order: a run layout gives one, a kind layout one per kind it requires
 * (a run-period table, an award), a subject layout one per subject of
 * those kinds. Caller frees *jobs with free(). */
kp_err kp_render_plan(const kp_results *r, const kp_run *run, const kp_layout_set *set,
                      kp_render_job **jobs, int *njobs, kp_diag *d);

/* Whether a planned job belongs to shard o->shard of o->nshards;
 * subject_index counts the per-subject jobs planned before it. */
int kp_render_in_shard(const kp_render_job *job, int subject_index, const kp_render_opts *o);

/* Composes and writes one document. Self-contained: it reads the results,
 * layout and fonts and writes only path (and *sum, the file's SHA-256 and
 * size, when sum is not NULL), so documents may be rendered in parallel
 * (one kp_diag per thread). */
kp_err kp_render_document(const kp_context *ctx, const kp_fonts *fonts, const char *path,
                          kp_file_sum *sum, kp_diag *d);
/* The same, and, when ofd_path is not NULL, the OFD twin from the same
 * composed pages (kp_ofd_write_sum(); its digest into *ofd_sum). */
kp_err kp_render_document_twin(const kp_context *ctx, const kp_fonts *fonts, const char *path,
                               kp_file_sum *sum, const char *ofd_path, kp_file_sum *ofd_sum,
                               kp_diag *d);

/* The XLSX workbook: a ranking sheet per table (with a chart of the run
 * period's totals), then the notices, awards (SUM formulas), indicator
 * sheets and year-end summaries; layouts (may be NULL) name the award
 * that has a sheet of its own and the notice groups. */
kp_err kp_render_xlsx(const kp_results *r, const kp_run *run, const kp_layout_set *layouts,
                      const char *path, kp_diag *d);
/* Whether every kind of m fits a sheet of results.xlsx (path names it in the message); `check`
 * asks it too, so it fails where the run would. */
kp_err kp_render_xlsx_fits(const kp_model *m, const char *path, kp_diag *d);

#endif
