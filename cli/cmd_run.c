/*
** cli/cmd_run.c: `gapplan run PLAN.json [-s SCENARIO]... [--set ID.PARAM=V]...
** -o OUT [--format json|csv]`: load the plan, apply the scenarios, run the
** model, write the results.
**
** Usage errors are found before any work (exit 2): the options, the
** scenarios and their params. Then the plan is loaded (exit 3 when invalid, 1
** when unreadable), the scenarios applied (exit 4 when one fails), the model
** run and the results written (exit 1 on failure). The output goes through gp_outfile, so an existing OUT is replaced
** only by a complete new one, and signal handlers remove the temporary file if
** the run is interrupted.
*/
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "exit_codes.h"
#include "gapplan/hash.h"
#include "gapplan/model.h"
#include "gapplan/output.h"
#include "gapplan/plan.h"
#include "gapplan/report.h"
#include "plugins.h"

typedef enum out_format { FORMAT_NONE, FORMAT_JSON, FORMAT_CSV, FORMAT_XLSX } out_format;

static out_format format_named(const char *name) {
    if (strcasecmp(name, "json") == 0)
        return FORMAT_JSON;
    if (strcasecmp(name, "csv") == 0)
        return FORMAT_CSV;
    if (strcasecmp(name, "xlsx") == 0)
        return FORMAT_XLSX;
    return FORMAT_NONE;
}

/* The format from OUT's extension, case-insensitive; FORMAT_NONE when it has none we write. */
static out_format format_of_path(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    return dot ? format_named(dot + 1) : FORMAT_NONE;
}

/* Choose the format from --format, else from OUT; prints the usage error and returns FORMAT_NONE. */
static out_format choose_format(const char *option, const char *output) {
    if (option) {
        out_format f = format_named(option);
        if (f == FORMAT_NONE)
            gp_cli_error("unknown format '%s'; use --format json, csv or xlsx", option);
        return f;
    }
    out_format f = format_of_path(output);
    if (f == FORMAT_NONE) {
        if (strcmp(output, "-") == 0)
            gp_cli_error("writing to standard output needs --format json or --format csv");
        else
            gp_cli_error("cannot tell the format of '%s': name it .json, .csv or .xlsx, or add --format json|csv|xlsx",
                         output);
    }
    return f;
}

typedef struct result_output {
    const gp_result *res;
    const gp_run_info *info;
    out_format format;
} result_output;

static gp_error write_result(FILE *f, void *ctx) {
    const result_output *r = ctx;
    return r->format == FORMAT_JSON ? gp_result_write_json(r->res, r->info, f) : gp_result_write_csv(r->res, f);
}

int gp_cmd_run(int argc, char **argv, const char *command_line) {
    bool help = false, values = false, live = false;
    gp_report_mode mode;
    const char *output = NULL, *format_option = NULL, *template_name = NULL;
    gp_template *tpl = NULL;
    gp_plugin_args plugin_args = {0};
    const gp_cli_option options[] = {
        {"output", 'o', &output, NULL, NULL},
        {"format", 0, &format_option, NULL, NULL},
        {"template", 0, &template_name, NULL, NULL},
        {"values", 0, NULL, &values, NULL},
        {"live", 0, NULL, &live, NULL},
        {"scenario", 's', NULL, NULL, &plugin_args.scenarios},
        {"set", 0, NULL, NULL, &plugin_args.sets},
        {"plugin-budget", 0, &plugin_args.budget, NULL, NULL},
        {"plugin-memory", 0, &plugin_args.memory, NULL, NULL},
        {"seed", 0, &plugin_args.seed, NULL, NULL},
        {"help", 'h', NULL, &help, NULL},
    };
    gp_scenario_set scenarios;
    gp_scenario_info infos[GP_CLI_LIST_MAX];
    const char *args[1];
    int nargs;
    out_format format;
    gp_plan *plan = NULL;
    gp_result *res = NULL;
    gp_diag diag;
    gp_error err;
    char sha[GP_SHA256_HEX_SIZE];
    gp_run_info info = {0};

    double started = gp_cli_clock();
    if (!gp_cli_parse("run", argc, argv, options, sizeof options / sizeof options[0], args, 1, &nargs))
        return GP_EXIT_USAGE;
    if (help) {
        gp_cli_print_help("run", stdout);
        return GP_EXIT_OK;
    }
    if (nargs == 0) {
        gp_cli_error("run needs a plan file: gapplan run PLAN.json -o OUT.json");
        gp_cli_usage_hint("run");
        return GP_EXIT_USAGE;
    }
    if (!output) {
        gp_cli_error("run needs an output: -o OUT.json, -o OUT.csv, or -o - for standard output");
        gp_cli_usage_hint("run");
        return GP_EXIT_USAGE;
    }
    format = choose_format(format_option, output);
    if (format == FORMAT_NONE) {
        gp_cli_usage_hint("run");
        return GP_EXIT_USAGE;
    }
    if (gp_cli_same_file(args[0], output)) {
        gp_cli_error("the output %s is the plan file; write the results somewhere else", output);
        return GP_EXIT_USAGE;
    }
    if (format == FORMAT_XLSX && strcmp(output, "-") == 0) {
        gp_cli_error("a workbook cannot go to standard output: name a .xlsx file");
        return GP_EXIT_USAGE;
    }
    if (template_name && format != FORMAT_XLSX) {
        gp_cli_error("--template lays out a workbook: write a .xlsx file, or leave --template out");
        return GP_EXIT_USAGE;
    }
    if (!gp_cli_report_mode(values, live, format == FORMAT_XLSX, &mode))
        return GP_EXIT_USAGE;
    if (format == FORMAT_XLSX) {
        int trc = gp_cli_load_template(template_name, &tpl);
        if (trc != GP_EXIT_OK)
            return trc;
    }
    int rc = gp_scenario_set_load(&scenarios, &plugin_args, "run");
    if (rc != GP_EXIT_OK) {
        gp_scenario_set_free(&scenarios);
        gp_template_free(tpl);
        return rc;
    }

    gp_diag_init(&diag);
    err = gp_plan_load_file(args[0], &plan, &diag);
    if (err != GP_OK)
        goto fail;
    /* The live pack's formulas compute each unit alone (MODEL.md §3-§6), without a system's transfers. */
    if (plan->nsystems && mode == GP_REPORT_LIVE) {
        gp_cli_error("--live cannot show a plan with systems: the formulas compute each unit alone, without the "
                     "transfers between units; leave --live out for a pack of values");
        gp_result_free(res);
        gp_plan_free(plan);
        gp_scenario_set_free(&scenarios);
        gp_template_free(tpl);
        gp_diag_free(&diag);
        return GP_EXIT_USAGE;
    }
    if (plan->nsystems)
        mode = GP_REPORT_VALUES;
    err = gp_sha256_file(args[0], sha);
    if (err != GP_OK) {
        gp_diag_add(&diag, NULL, 0, 0, NULL, "cannot read %s: %s", args[0],
                    err == GP_ERR_IO ? strerror(errno) : gp_strerror(err));
        goto fail;
    }
    err = gp_scenario_set_run(&scenarios, 0, scenarios.count, plan, &res, infos, &diag);
    if (err != GP_OK)
        goto fail;

    info.plan_name = plan->name;
    info.plan_file = args[0];
    info.plan_sha256 = sha;
    info.command_line = command_line;
    info.has_seconds = gp_cli_elapsed(started, &info.seconds);
    info.scenarios = infos;
    info.nscenarios = scenarios.count;
    gp_cli_install_signal_cleanup();
    if (format == FORMAT_XLSX) {
        gp_report_run run = {"baseline", plan, res, &info};
        if (scenarios.count)
            run.name = scenarios.count == 1 ? infos[0].id : "scenarios";
        err = gp_report_write_xlsx_mode(&run, 1, tpl, mode, output, &diag);
    } else {
        result_output ro = {res, &info, format};
        err = gp_cli_write_file(output, write_result, &ro, &diag);
    }

fail:
    if (err != GP_OK) {
        gp_cli_print_diag(&diag, "gapplan: error: ");
        if (diag.count == 0)
            gp_cli_error("%s", gp_strerror(err));
    }
    gp_result_free(res);
    gp_plan_free(plan);
    gp_scenario_set_free(&scenarios);
    gp_template_free(tpl);
    gp_diag_free(&diag);
    return gp_cli_exit_code(err);
}
