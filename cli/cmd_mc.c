/*
** cli/cmd_mc.c: `gapplan mc PLAN.json -s ... [--set ...] -n N [--seed S]
** [--threads K] -o OUT.json|OUT.xlsx`: Monte Carlo over the uncertain inputs,
** writing P5, P10, P50, P90, P95 and the mean of every headline series (the
** workbook with fan charts).
**
** Each worker thread loads the scenarios afresh (a Lua scenario belongs to
** one thread), so the command checks everything once on its own thread
** first: every usage, plan and plugin error is reported before the first
** iteration. The same seed gives the same file whatever --threads is.
*/
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd_mc.h"
#include "exit_codes.h"

/* The seed when --seed is not given: runs are reproducible unless asked otherwise. */
#define MC_SEED_DEFAULT 20220401ULL
/* Characters of the progress bar's track. */
#define BAR_WIDTH 30

/* A whole number in [min, max] from an option's text; false (after the usage error) when it is not one. */
static bool parse_whole(const char *option, const char *text, unsigned long long min, unsigned long long max,
                        unsigned long long *out) {
    char *end;
    errno = 0;
    unsigned long long v = text[0] >= '0' && text[0] <= '9' ? strtoull(text, &end, 10) : 0;
    if (text[0] < '0' || text[0] > '9' || errno || *end || v < min || v > max) {
        gp_cli_error("%s '%s': expected a whole number from %llu to %llu", option, text, min, max);
        return false;
    }
    *out = v;
    return true;
}

/* The worker count when --threads is not given: the cores online, within the engine's limit. */
static int default_threads(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > GP_MC_THREADS_MAX ? GP_MC_THREADS_MAX : (int)n;
}

/* ---- the hooks: each worker's own scenarios ------------------------------------------------------ */

typedef struct worker_state {
    const gp_uncertain *u;
    gp_scenario_set set;
} worker_state;

static gp_error open_worker(void *ctx, void **tctx, gp_diag *diag) {
    const gp_uncertain *u = ctx;
    worker_state *w = calloc(1, sizeof *w);
    if (!w) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "out of memory starting a worker");
        return GP_ERR_NOMEM;
    }
    w->u = u;
    /* The same scenarios loaded fine on the caller's thread a moment ago; a failure now is a changed file. */
    if (gp_uncertain_load_set(u, &w->set) != GP_EXIT_OK) {
        gp_scenario_set_free(&w->set);
        free(w);
        gp_diag_add(diag, NULL, 0, 0, NULL, "a scenario could not be loaded again on a worker thread "
                    "(did its file change during the run?)");
        return GP_ERR_PLUGIN;
    }
    *tctx = w;
    return GP_OK;
}

static gp_error run_worker(void *tctx, gp_plan *plan, const double *values, gp_result **out, gp_diag *diag) {
    worker_state *w = tctx;
    const gp_uncertain *u = w->u;
    double v[GP_MC_INPUTS_MAX];
    /* The engine has set the plan inputs on this copy; the scenarios' params are ours to pass. */
    for (size_t i = 0; i < u->ninputs; i++)
        v[i] = u->inputs[i].range ? NAN : values[i];
    return gp_uncertain_eval(u, &w->set, plan, u->inputs, v, u->ninputs, out, diag);
}

static void close_worker(void *tctx) {
    worker_state *w = tctx;
    gp_scenario_set_free(&w->set);
    free(w);
}

/* ---- progress -------------------------------------------------------------------------------------- */

/* "[=========>          ]  45%  4500/10000" on standard error, redrawn in place. */
static void progress(void *ctx, size_t done, size_t total) {
    (void)ctx;
    int filled = (int)(BAR_WIDTH * done / (total ? total : 1));
    char bar[BAR_WIDTH + 1];
    for (int i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < filled ? '=' : i == filled ? '>' : ' ';
    bar[BAR_WIDTH] = '\0';
    fprintf(stderr, "\r[%s] %3d%%  %zu/%zu iterations", bar, (int)(100 * done / (total ? total : 1)), done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* ---- output --------------------------------------------------------------------------------------- */

typedef struct mc_output {
    const gp_mc_summary *sum;
    const gp_mc_info *info;
} mc_output;

static gp_error write_summary(FILE *f, void *ctx) {
    const mc_output *o = ctx;
    return gp_mc_write_json(o->sum, o->info, f);
}

/* The output's format from --format or OUT's extension: 'j' JSON, 'x' a workbook, 0 (after the usage error). */
static char output_kind(const char *output, const char *format) {
    const char *slash = strrchr(output, '/');
    const char *dot = strrchr(slash ? slash + 1 : output, '.');
    bool to_stdout = strcmp(output, "-") == 0;
    const char *kind = format ? format : dot ? dot + 1 : to_stdout ? "" : NULL;
    if (kind && strcasecmp(kind, "json") == 0)
        return 'j';
    if (kind && strcasecmp(kind, "xlsx") == 0 && !to_stdout)
        return 'x';
    if (kind && strcasecmp(kind, "xlsx") == 0)
        gp_cli_error("a workbook cannot be written to standard output: name a .xlsx file");
    else if (kind && !*kind)
        gp_cli_error("writing to standard output needs --format json");
    else if (format)
        gp_cli_error("unknown format '%s' for mc; use --format json or xlsx", format);
    else
        gp_cli_error("cannot tell the format of '%s': name it .json or .xlsx, or add --format", output);
    return 0;
}

int gp_cmd_mc(int argc, char **argv, const char *command_line) {
    bool help = false;
    const char *output = NULL, *format = NULL, *iter_text = NULL, *seed_text = NULL, *threads_text = NULL;
    gp_plugin_args pargs = {0};
    const gp_cli_option options[] = {
        {"output", 'o', &output, NULL, NULL},
        {"format", 0, &format, NULL, NULL},
        {"iterations", 'n', &iter_text, NULL, NULL},
        {"seed", 0, &seed_text, NULL, NULL},
        {"threads", 0, &threads_text, NULL, NULL},
        {"scenario", 's', NULL, NULL, &pargs.scenarios},
        {"set", 0, NULL, NULL, &pargs.sets},
        {"plugin-budget", 0, &pargs.budget, NULL, NULL},
        {"plugin-memory", 0, &pargs.memory, NULL, NULL},
        {"help", 'h', NULL, &help, NULL},
    };
    const char *args[1];
    int nargs, rc;
    unsigned long long iterations = 0, seed = MC_SEED_DEFAULT, threads = 0;
    char kind = 0;
    gp_uncertain *u = NULL;
    gp_mc_sampler *sampler = NULL;
    gp_mc_summary *sum = NULL;
    gp_scenario_info infos[GP_CLI_LIST_MAX];
    gp_run_info run;
    gp_diag diag;
    gp_error err;

    if (!gp_cli_parse("mc", argc, argv, options, sizeof options / sizeof options[0], args, 1, &nargs))
        return GP_EXIT_USAGE;
    if (help) {
        gp_cli_print_help("mc", stdout);
        return GP_EXIT_OK;
    }
    if (nargs == 0 || !output || !iter_text) {
        gp_cli_error("mc needs a plan, a number of iterations and an output: gapplan mc PLAN.json -s ID -n 1000 "
                     "-o OUT.json");
        gp_cli_usage_hint("mc");
        return GP_EXIT_USAGE;
    }
    if (!parse_whole("-n", iter_text, 1, GP_MC_ITERATIONS_MAX, &iterations) ||
        (seed_text && !parse_whole("--seed", seed_text, 0, UINT64_MAX, &seed)) ||
        (threads_text && !parse_whole("--threads", threads_text, 1, GP_MC_THREADS_MAX, &threads)) ||
        !(kind = output_kind(output, format))) {
        gp_cli_usage_hint("mc");
        return GP_EXIT_USAGE;
    }
    if (gp_cli_same_file(args[0], output)) {
        gp_cli_error("the output %s is the plan file; write the summary somewhere else", output);
        return GP_EXIT_USAGE;
    }
    if (!(u = malloc(sizeof *u))) {
        gp_cli_error("out of memory");
        return GP_EXIT_FAILURE;
    }
    gp_diag_init(&diag);
    if ((rc = gp_uncertain_open(u, args[0], &pargs, "mc")) != GP_EXIT_OK)
        goto done;
    if (u->ninputs == 0) {
        gp_cli_error("nothing is uncertain: no scenario applied declares low and high for a param, and %s has no "
                     "ranges", args[0]);
        fputs("Apply a scenario with ranges (gapplan plugins show ID lists them) or add a ranges block to the "
              "plan.\n", stderr);
        rc = GP_EXIT_USAGE;
        goto done;
    }
    gp_mc_input specs[GP_MC_INPUTS_MAX];
    for (size_t i = 0; i < u->ninputs; i++)
        specs[i] = u->inputs[i].spec;
    err = gp_mc_sampler_new(specs, u->ninputs, u->corr, u->ncorr, args[0], &sampler, &diag);
    if ((rc = gp_uncertain_report(err, &diag)) != GP_EXIT_OK)
        goto done;

    gp_mc_hooks hooks = {u, open_worker, run_worker, close_worker};
    gp_mc_options opts = {(size_t)iterations, seed, threads ? (int)threads : default_threads(),
                          isatty(STDERR_FILENO) ? progress : NULL, NULL};
    err = gp_mc_run(u->plan, sampler, &hooks, &opts, &sum, &diag);
    if ((rc = gp_uncertain_report(err, &diag)) != GP_EXIT_OK)
        goto done;

    gp_uncertain_run_info(u, &u->set, command_line, infos, &run);
    gp_mc_info info = {&run, sampler, u->corr, u->ncorr, seed, opts.threads};
    mc_output out = {sum, &info};
    gp_cli_install_signal_cleanup();
    err = kind == 'x' ? gp_mc_write_xlsx(sum, &info, output, &diag) : gp_cli_write_file(output, write_summary, &out, &diag);
    rc = gp_uncertain_report(err, &diag);

done:
    gp_mc_summary_free(sum);
    gp_mc_sampler_free(sampler);
    gp_uncertain_close(u);
    free(u);
    gp_diag_free(&diag);
    return rc;
}
