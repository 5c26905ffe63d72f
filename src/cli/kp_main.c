/* kp_main.c - the command line: a table of subcommands, each with usage and a function. */
#include "../base/kp_error.h"
#include "../base/kp_i18n.h"
#include "kp_pipeline.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name, *args, *help;
    int (*fn)(int argc, char **argv);
} kp_command;

static int cmd_run(int argc, char **argv);
static int cmd_render(int argc, char **argv);
static int cmd_check(int argc, char **argv);
static int cmd_rules(int argc, char **argv);
static int cmd_verify(int argc, char **argv);
static int cmd_template(int argc, char **argv);

static const kp_command commands[] = {
    {"run",
     "RUN.ini [--data DIR] [--out DIR] [--period P] [--stage score] [-j N] [--replace] "
     "[--quiet | --verbose]",
     N_("score a period by its rule set and write results.csv, PDF and XLSX documents, then one "
        "summary line; --verbose: every file written; --quiet: errors only; -j N: "
        "render N documents at once (default: one per core); --stage score: no documents, "
        "the scored results for 'render' in scores.snapshot; --replace: replace an out folder "
        "that holds files but no kaoping manifest"),
     cmd_run},
    {"render",
     "RUN.ini --from SCOREDIR [--data DIR] [--out DIR] [--period P] "
     "[--shard K/N | --finish] [-j N] [--quiet | --verbose]",
     N_("write the documents of the scored results in SCOREDIR (from 'run --stage score', for the "
        "same rules and data); --shard K/N: only the per-subject documents i (in plan order, from "
        "0) with i mod N = K-1, shard 1 also the run-level files; --finish, once every shard is "
        "done: the manifest of them all"),
     cmd_render},
    {"check", "RUN.ini [--data DIR] [--period P]",
     N_("validate the configuration and data; writes nothing"), cmd_check},
    {"rules", "RULESET.ini", N_("print the indicator table and every setting with its origin"),
     cmd_rules},
    {"template", "RUN.ini [--data DIR] [--period P] [--out FILE.xlsx]",
     N_("write the input workbook a clerk fills: a sheet per kind and period layout, ranges as "
        "data validation, the subjects pre-filled"),
     cmd_template},
    {"verify", "OUTDIR", N_("re-check an out folder against its manifest; names what changed"),
     cmd_verify},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *fp)
{
    fputs(_("Usage: kaoping <command> [options]\n\n"
            "kaoping scores assessments of residential areas, communities, townships,\n"
            "departments and community workers by published rules, and writes ranked\n"
            "tables as PDF and XLSX official documents.\n\ncommands:\n"),
          fp);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(fp, "  kaoping %s %s\n      %s\n", commands[i].name, commands[i].args,
                _(commands[i].help));
    fputs(_("\n  kaoping --help      this text\n  kaoping --version   the version\n\n"
            "exit status: 0 success, 1 bad input or configuration, 2 usage error\n"),
          fp);
}

/* fmt is a literal with one %s at every call site; -Wformat=2 cannot see through the wrapper
 * (make lint's one kind of justified exception). */
static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "kaoping: ");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    fprintf(stderr, _(fmt), arg);
#pragma GCC diagnostic pop
    fprintf(stderr, "\n%s\n", _("run 'kaoping --help' for usage"));
    return 2;
}

/* A whole number in [min, max] from the whole of s into *v; 0, else -1. */
static int parse_int(const char *s, int min, int max, int *v)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (end == s || *end || errno || n < min || n > max)
        return -1;
    *v = (int)n;
    return 0;
}

/* --shard K/N: shard K (1-based) of N. */
static int parse_shard(const char *s, kp_options *o)
{
    char k[32];
    const char *slash = strchr(s, '/');
    if (!slash || (size_t)(slash - s) >= sizeof k)
        return usage_error("--shard '%s': expected K/N, e.g. 1/4 (shard K of N, 1 <= K <= N)", s);
    snprintf(k, sizeof k, "%.*s", (int)(slash - s), s);
    if (parse_int(slash + 1, 1, 1000000, &o->nshards) != 0 ||
        parse_int(k, 1, 1000000, &o->shard) != 0 || o->shard > o->nshards)
        return usage_error("--shard '%s': expected K/N with 1 <= K <= N, e.g. 1/4", s);
    return 0;
}

/* Options shared by run, check, template and render (allow: which of the
 * output and render options the command takes); returns 0, or 2 on a usage error. */
enum { ALLOW_OUT = 1, ALLOW_JOBS = 2, ALLOW_RENDER = 4 };
static int parse_run_args(int argc, char **argv, kp_options *o, int allow)
{
    int allow_out = allow & ALLOW_OUT;
    memset(o, 0, sizeof *o);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if ((allow & ALLOW_JOBS) &&
            (!strcmp(a, "-j") || !strcmp(a, "--jobs") || (!strncmp(a, "-j", 2) && a[2]))) {
            const char *v = a[2] && a[1] == 'j' ? a + 2 : i + 1 < argc ? argv[++i] : NULL;
            if (!v)
                return usage_error("option '%s' needs a value", a);
            if (parse_int(v, 1, 1024, &o->jobs) != 0)
                return usage_error("-j '%s': expected a number of documents rendered at once, "
                                   "1 to 1024",
                                   v);
            continue;
        }
        if ((allow & ALLOW_RENDER) && !strcmp(a, "--shard")) {
            if (i + 1 >= argc)
                return usage_error("option '%s' needs a value", a);
            if (parse_shard(argv[++i], o))
                return 2;
            continue;
        }
        if ((allow & ALLOW_RENDER) && !strcmp(a, "--finish")) {
            o->finish = 1;
            continue;
        }
        if (allow_out && !strcmp(a, "--replace")) {
            o->replace = 1;
            continue;
        }
        if (!strcmp(a, "--data"))
            slot = &o->data_dir;
        else if (!strcmp(a, "--out") && allow_out)
            slot = &o->out_dir;
        else if (!strcmp(a, "--period"))
            slot = &o->period;
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
            o->quiet = 1;
        else if (allow_out && (!strcmp(a, "--verbose") || !strcmp(a, "-v")))
            o->verbose = 1;
        else if ((allow & ALLOW_RENDER) && !strcmp(a, "--from"))
            slot = &o->from_dir;
        else if (!strcmp(a, "--stage") && allow_out && !(allow & ALLOW_RENDER) && i + 1 < argc) {
            if (strcmp(argv[++i], "score"))
                return usage_error("--stage '%s': the only stage is 'score'", argv[i]);
            o->score_only = 1;
        } else if (a[0] == '-' && a[1])
            return usage_error("unknown option '%s'", a);
        else if (!o->run_ini)
            o->run_ini = a;
        else
            return usage_error("unexpected argument '%s'", a);
        if (slot) {
            if (i + 1 >= argc)
                return usage_error("option '%s' needs a value", a);
            *slot = argv[++i];
        }
    }
    if (!o->run_ini)
        return usage_error("%s", "missing the run configuration (RUN.ini)");
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    kp_options o;
    if (parse_run_args(argc, argv, &o, ALLOW_OUT | ALLOW_JOBS))
        return 2;
    return kp_pipeline_run(&o) == KP_OK ? 0 : 1;
}

static int cmd_render(int argc, char **argv)
{
    kp_options o;
    if (parse_run_args(argc, argv, &o, ALLOW_OUT | ALLOW_JOBS | ALLOW_RENDER))
        return 2;
    if (!o.from_dir)
        return usage_error("%s", "render needs --from SCOREDIR (the out folder of 'kaoping run "
                                 "RUN.ini --stage score')");
    if (o.finish && o.nshards)
        return usage_error("%s", "--finish takes no --shard: it lists the outputs of every shard");
    return kp_pipeline_render(&o) == KP_OK ? 0 : 1;
}

static int cmd_check(int argc, char **argv)
{
    kp_options o;
    if (parse_run_args(argc, argv, &o, 0))
        return 2;
    o.check_only = 1;
    return kp_pipeline_run(&o) == KP_OK ? 0 : 1;
}

static int cmd_rules(int argc, char **argv)
{
    if (argc != 1)
        return usage_error("%s", "rules takes one RULESET.ini");
    return kp_pipeline_rules(argv[0]) == KP_OK ? 0 : 1;
}

static int cmd_template(int argc, char **argv)
{
    kp_options o;
    if (parse_run_args(argc, argv, &o, ALLOW_OUT))
        return 2;
    o.template_only = 1;
    return kp_pipeline_template(&o, o.out_dir ? o.out_dir : "template.xlsx") == KP_OK ? 0 : 1;
}

static int cmd_verify(int argc, char **argv)
{
    if (argc != 1)
        return usage_error("%s", "verify takes one OUTDIR");
    return kp_pipeline_verify(argv[0]) == KP_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    /* A file size limit makes write(2) fail with EFBIG, reported with the file's name,
     * instead of killing the run without a word. */
    signal(SIGXFSZ, SIG_IGN);
    kp_i18n_init();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("kaoping %s\n", KP_VERSION);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 2, argv + 2);
    return usage_error("'%s' is not a kaoping command", argv[1]);
}
