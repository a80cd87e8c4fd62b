/*
** cli/template_arg.c: --template NAME|PATH for the commands that write a
** workbook: a name is looked up in the shipped templates/ (beside the
** program, as plugins are), a path is read as it is.
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
