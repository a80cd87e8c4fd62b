/*
** cli/exit_codes.h: the command's exit status (DESIGN.md, "The command"):
** scripts and tests rely on these numbers, so they are named once here.
*/
#ifndef GP_CLI_EXIT_CODES_H
#define GP_CLI_EXIT_CODES_H

#include "gapplan/error.h"

/* Success. */
#define GP_EXIT_OK 0
/* A failure while running or writing: I/O, out of memory, a non-finite result. */
#define GP_EXIT_FAILURE 1
/* A usage error: unknown command or option, a missing argument. */
#define GP_EXIT_USAGE 2
/* Invalid plan data. */
#define GP_EXIT_INVALID 3
/* A plugin error, including a sandbox or budget violation. */
#define GP_EXIT_PLUGIN 4

/** The exit status for a library error code. */
int gp_cli_exit_code(gp_error err);

#endif
