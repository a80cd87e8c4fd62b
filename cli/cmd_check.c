/*
** cli/cmd_check.c: `gapplan check PLAN.json`: load and validate a plan, and
** print every problem found (the loader reports them all, not just the first).
*/
#include "cli.h"
#include "exit_codes.h"
#include "gapplan/plan.h"

static const char *plural(size_t n, const char *one, const char *many) { return n == 1 ? one : many; }

int gp_cmd_check(int argc, char **argv) {
    bool help = false;
    const gp_cli_option options[] = {{"help", 'h', NULL, &help, NULL}};
    const char *args[1];
    int nargs;
    gp_plan *plan = NULL;
    gp_diag diag;
    gp_error err;

    if (!gp_cli_parse("check", argc, argv, options, 1, args, 1, &nargs))
        return GP_EXIT_USAGE;
    if (help) {
        gp_cli_print_help("check", stdout);
        return GP_EXIT_OK;
    }
    if (nargs == 0) {
        gp_cli_error("check needs a plan file: gapplan check PLAN.json");
        return GP_EXIT_USAGE;
    }

    gp_diag_init(&diag);
    err = gp_plan_load_file(args[0], &plan, &diag);
    if (err == GP_ERR_INVALID) {
        /* The problems are what was asked for: one a line, then how many. */
        gp_cli_print_diag(&diag, "gapplan: ");
        size_t n = diag.count + diag.dropped;
        fprintf(stderr, "gapplan: %s: %zu %s\n", args[0], n, plural(n, "problem", "problems"));
    } else if (err != GP_OK) {
        gp_cli_print_diag(&diag, "gapplan: error: ");
        if (diag.count == 0)
            gp_cli_error("cannot load %s: %s", args[0], gp_strerror(err));
    } else {
        char start[GP_LABEL_SIZE];
        size_t groups = gp_plan_group_count(plan);
        gp_month_format(plan->cal.start, start);
        printf("%s: OK (%zu %s, %zu %s, %d %s from %s)\n", args[0], plan->nunits,
               plural(plan->nunits, "unit", "units"), groups, plural(groups, "group", "groups"),
               plan->cal.months, plan->cal.months == 1 ? "month" : "months", start);
    }
    gp_plan_free(plan);
    gp_diag_free(&diag);
    return gp_cli_exit_code(err);
}
