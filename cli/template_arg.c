/*
** cli/template_arg.c: the options of the commands that write a board pack:
** --template NAME|PATH (a name is looked up in the shipped templates/,
** beside the program as plugins are; a path is read as it is) and
** --values / --live (plain numbers, or every figure a formula).
*/
#include <limits.h>

#include "cli.h"
#include "exit_codes.h"
#include "gapplan/report.h"

/* The template a workbook gets when --template is not given. */
#define DEFAULT_TEMPLATE "board-pack"

int gp_cli_load_template(const char *name, gp_template **out) {
    char dir[PATH_MAX];
    const char *dirs[1];
    size_t ndirs = 0;
    gp_diag diag;
    if (gp_cli_data_dir("templates", dir, sizeof dir))
        dirs[ndirs++] = dir;
    gp_diag_init(&diag);
    gp_error err = gp_template_load(name ? name : DEFAULT_TEMPLATE, dirs, ndirs, out, &diag);
    if (err != GP_OK)
        gp_cli_print_diag(&diag, "gapplan: error: ");
    gp_diag_free(&diag);
    return gp_cli_exit_code(err);
}

bool gp_cli_report_mode(bool values, bool live, bool workbook, gp_report_mode *mode) {
    *mode = values ? GP_REPORT_VALUES : live ? GP_REPORT_LIVE : GP_REPORT_AUTO;
    if (values && live) {
        gp_cli_error("--values and --live contradict each other: give one");
        return false;
    }
    if ((values || live) && !workbook) {
        gp_cli_error("%s is about a workbook's figures: write a .xlsx file, or leave it out", values ? "--values"
                                                                                                    : "--live");
        return false;
    }
    return true;
}
