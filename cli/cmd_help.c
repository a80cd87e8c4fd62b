/*
** cli/cmd_help.c: `gapplan help [COMMAND]`.
*/
#include <string.h>

#include "cli.h"
#include "exit_codes.h"
#include "gapplan/text.h"

int gp_cmd_help(int argc, char **argv) {
    bool help = false;
    const gp_cli_option options[] = {{"help", 'h', NULL, &help, NULL}};
    const char *args[1];
    int nargs;

    if (!gp_cli_parse("help", argc, argv, options, 1, args, 1, &nargs))
        return GP_EXIT_USAGE;
    if (help) {
        gp_cli_print_help("help", stdout);
        return GP_EXIT_OK;
    }
    if (nargs == 0) {
        gp_cli_print_help(NULL, stdout);
        return GP_EXIT_OK;
    }
    if (!gp_cli_print_help(args[0], stdout)) {
        size_t n = 0;
        while (gp_cli_commands[n])
            n++;
        const char *near = gp_nearest_name(args[0], gp_cli_commands, n);
        if (near)
            gp_cli_error("no command '%s'; did you mean %s?", args[0], near);
        else
            gp_cli_error("no command '%s'", args[0]);
        gp_cli_usage_hint(NULL);
        return GP_EXIT_USAGE;
    }
    return GP_EXIT_OK;
}
