/*
** cli/cmd_compare.c: `gapplan compare PLAN.json -s A -s B ... -o OUT.json`:
** the baseline, each scenario alone, and all of them together, side by side.
**
** Every run starts from the plan as loaded and scenarios loaded afresh, so
** one run's edits, policies or metrics never leak into the next. All usage
** errors (options, scenario and param names) are found before the first
** run, and the output is written once, after every run has succeeded.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exit_codes.h"
#include "gapplan/hash.h"
#include "gapplan/model.h"
#include "gapplan/output.h"
#include "gapplan/plan.h"
#include "gapplan/report.h"
#include "plugins.h"

/* Runs at most: the baseline, one a scenario, and all together. */
#define COMPARE_MAX_RUNS (GP_CLI_LIST_MAX + 2)

typedef struct compare_run {
    gp_scenario_set set; /* this run's own copy of the scenarios */
    gp_plan *plan;       /* as the scenarios left it, for the workbook's Assumptions */
    gp_result *res;
    gp_scenario_info infos[GP_CLI_LIST_MAX];
    gp_run_info info;
} compare_run;

typedef struct compare {
    compare_run runs[COMPARE_MAX_RUNS];
    gp_named_run named[COMPARE_MAX_RUNS];
    gp_report_run report[COMPARE_MAX_RUNS];
    size_t nruns;
} compare;

static gp_error write_compare(FILE *f, void *ctx) {
    const compare *c = ctx;
    return gp_compare_write_json(c->named, c->nruns, f);
}

/* The format OUT (or --format) asks for: "json" or "xlsx"; NULL after printing the usage error. */
static const char *output_format(const char *output, const char *format) {
    if (format) {
        if (strcasecmp(format, "json") == 0 || strcasecmp(format, "xlsx") == 0)
            return strcasecmp(format, "json") == 0 ? "json" : "xlsx";
        gp_cli_error("unknown format '%s' for compare; use --format json or xlsx", format);
        return NULL;
    }
    const char *slash = strrchr(output, '/');
    const char *dot = strrchr(slash ? slash + 1 : output, '.');
    if (dot && strcasecmp(dot + 1, "json") == 0)
        return "json";
    if (dot && strcasecmp(dot + 1, "xlsx") == 0)
        return "xlsx";
    if (strcmp(output, "-") == 0)
        gp_cli_error("writing to standard output needs --format json");
    else
        gp_cli_error("cannot tell the format of '%s': name it .json or .xlsx, or add --format json|xlsx", output);
    return NULL;
}

/*
** One run: the plan loaded afresh, scenarios first .. first + count - 1 of a
** fresh scenario set applied, the model run. Returns an exit status.
*/
static int one_run(compare_run *r, const gp_plugin_args *args, const char *plan_file, size_t first, size_t count,
                   gp_diag *diag) {
    int rc = gp_scenario_set_load(&r->set, args, "compare");
    if (rc != GP_EXIT_OK)
        return rc;
    gp_error err = gp_plan_load_file(plan_file, &r->plan, diag);
    if (err == GP_OK)
        err = gp_scenario_set_run(&r->set, first, count, r->plan, &r->res, r->infos, diag);
    r->info.scenarios = r->infos;
    r->info.nscenarios = count;
    if (err != GP_OK) {
        gp_cli_print_diag(diag, "gapplan: error: ");
        if (diag->count == 0)
            gp_cli_error("%s", gp_strerror(err));
    }
    return gp_cli_exit_code(err);
}

int gp_cmd_compare(int argc, char **argv, const char *command_line) {
    bool help = false, values = false, live = false;
    gp_report_mode mode;
    const char *output = NULL, *format = NULL, *template_name = NULL, *kind;
    gp_template *tpl = NULL;
    gp_plugin_args pargs = {0};
    const gp_cli_option options[] = {
        {"output", 'o', &output, NULL, NULL},
        {"format", 0, &format, NULL, NULL},
        {"template", 0, &template_name, NULL, NULL},
        {"values", 0, NULL, &values, NULL},
        {"live", 0, NULL, &live, NULL},
        {"scenario", 's', NULL, NULL, &pargs.scenarios},
        {"set", 0, NULL, NULL, &pargs.sets},
        {"plugin-budget", 0, &pargs.budget, NULL, NULL},
        {"plugin-memory", 0, &pargs.memory, NULL, NULL},
        {"seed", 0, &pargs.seed, NULL, NULL},
        {"help", 'h', NULL, &help, NULL},
    };
    const char *args[1];
    int nargs, rc = GP_EXIT_OK;
    char sha[GP_SHA256_HEX_SIZE];
    gp_plan *plan = NULL;
    gp_diag diag;
    compare *c = NULL;

    double started = gp_cli_clock();
    if (!gp_cli_parse("compare", argc, argv, options, sizeof options / sizeof options[0], args, 1, &nargs))
        return GP_EXIT_USAGE;
    if (help) {
        gp_cli_print_help("compare", stdout);
        return GP_EXIT_OK;
    }
    if (nargs == 0 || !output || pargs.scenarios.count == 0) {
        gp_cli_error("compare needs a plan, scenarios and an output: gapplan compare PLAN.json -s A -s B -o OUT.json");
        gp_cli_usage_hint("compare");
        return GP_EXIT_USAGE;
    }
    if (!(kind = output_format(output, format))) {
        gp_cli_usage_hint("compare");
        return GP_EXIT_USAGE;
    }
    if (strcmp(kind, "xlsx") == 0 && strcmp(output, "-") == 0) {
        gp_cli_error("a workbook cannot go to standard output: name a .xlsx file");
        return GP_EXIT_USAGE;
    }
    if (template_name && strcmp(kind, "xlsx") != 0) {
        gp_cli_error("--template lays out a workbook: write a .xlsx file, or leave --template out");
        return GP_EXIT_USAGE;
    }
    if (!gp_cli_report_mode(values, live, strcmp(kind, "xlsx") == 0, &mode))
        return GP_EXIT_USAGE;
    if (gp_cli_same_file(args[0], output)) {
        gp_cli_error("the output %s is the plan file; write the comparison somewhere else", output);
        return GP_EXIT_USAGE;
    }
    if (strcmp(kind, "xlsx") == 0 && (rc = gp_cli_load_template(template_name, &tpl)) != GP_EXIT_OK)
        return rc;
    c = calloc(1, sizeof *c);
    if (!c) {
        gp_cli_error("out of memory");
        gp_template_free(tpl);
        return GP_EXIT_FAILURE;
    }
    gp_diag_init(&diag);

    /* The combined run first: it checks every option, scenario and param before any other work. */
    size_t n = pargs.scenarios.count, all = n > 1 ? n + 1 : 0;
    c->nruns = n > 1 ? n + 2 : 2;
    if ((rc = gp_scenario_set_load(&c->runs[0].set, &pargs, "compare")) != GP_EXIT_OK)
        goto done;
    gp_scenario_set_free(&c->runs[0].set);

    gp_error err = gp_plan_load_file(args[0], &plan, &diag);
    if (err == GP_OK)
        err = gp_sha256_file(args[0], sha);
    if (err != GP_OK) {
        if (diag.count == 0)
            gp_diag_add(&diag, NULL, 0, 0, NULL, "cannot read %s: %s", args[0],
                        err == GP_ERR_IO ? strerror(errno) : gp_strerror(err));
        gp_cli_print_diag(&diag, "gapplan: error: ");
        rc = gp_cli_exit_code(err);
        goto done;
    }
    /* The live pack's formulas compute each unit alone (MODEL.md §3-§6), without a system's transfers. */
    if (plan->nsystems && mode == GP_REPORT_LIVE) {
        gp_cli_error("--live cannot show a plan with systems: the formulas compute each unit alone, without the "
                     "transfers between units; leave --live out for a pack of values");
        rc = GP_EXIT_USAGE;
        goto done;
    }
    if (plan->nsystems)
        mode = GP_REPORT_VALUES;

    gp_plugin_args none = {.budget = pargs.budget, .memory = pargs.memory, .seed = pargs.seed};
    for (size_t r = 0; r < c->nruns && rc == GP_EXIT_OK; r++) {
        gp_diag_clear(&diag);
        if (r == 0)
            rc = one_run(&c->runs[r], &none, args[0], 0, 0, &diag);
        else if (r == all)
            rc = one_run(&c->runs[r], &pargs, args[0], 0, n, &diag);
        else
            rc = one_run(&c->runs[r], &pargs, args[0], r - 1, 1, &diag);
    }
    if (rc != GP_EXIT_OK)
        goto done;

    for (size_t r = 0; r < c->nruns; r++) {
        compare_run *run = &c->runs[r];
        run->info.plan_name = plan->name;
        run->info.plan_file = args[0];
        run->info.plan_sha256 = sha;
        run->info.command_line = command_line;
        run->info.has_seconds = gp_cli_elapsed(started, &run->info.seconds);
        c->named[r] = (gp_named_run){r == 0 ? "baseline" : r == all ? "all" : run->infos[0].id, run->res, &run->info};
        c->report[r] = (gp_report_run){c->named[r].name, run->plan, run->res, &run->info};
    }
    gp_cli_install_signal_cleanup();
    if (tpl)
        err = gp_report_write_xlsx_mode(c->report, c->nruns, tpl, mode, output, &diag);
    else
        err = gp_cli_write_file(output, write_compare, c, &diag);
    if (err != GP_OK) {
        gp_cli_print_diag(&diag, "gapplan: error: ");
        rc = gp_cli_exit_code(err);
    }

done:
    for (size_t r = 0; r < COMPARE_MAX_RUNS; r++) {
        gp_result_free(c->runs[r].res);
        gp_plan_free(c->runs[r].plan);
        gp_scenario_set_free(&c->runs[r].set);
    }
    free(c);
    gp_template_free(tpl);
    gp_plan_free(plan);
    gp_diag_free(&diag);
    return rc;
}
