/*
** cli/cli.h: what the command's files share: the commands, option parsing,
** error printing and help. One command a file (cmd_*.c); main.c dispatches.
**
** Every command takes the arguments after its name (argv[0] is the first of
** them) and returns the process's exit status (exit_codes.h). Messages for
** the user go to stderr as "gapplan: error: ...", results to stdout.
*/
#ifndef GP_CLI_H
#define GP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "gapplan/error.h"
#include "gapplan/calendar.h"
#include "gapplan/report.h"

/* ---- commands ------------------------------------------------------------------------ */

int gp_cmd_run(int argc, char **argv, const char *command_line);
int gp_cmd_check(int argc, char **argv);
int gp_cmd_init(int argc, char **argv);
/* `gapplan import WORKFORCE.csv -o PLAN.json` (cmd_import.c, csv.c). */
int gp_cmd_import(int argc, char **argv);
int gp_cmd_help(int argc, char **argv);
int gp_cmd_plugins(int argc, char **argv);
int gp_cmd_compare(int argc, char **argv, const char *command_line);
/* The uncertainty tools (cmd_mc.c, cmd_sensitivity.c, cmd_solve.c). */
int gp_cmd_mc(int argc, char **argv, const char *command_line);
int gp_cmd_sensitivity(int argc, char **argv, const char *command_line);
int gp_cmd_solve(int argc, char **argv, const char *command_line);

/* ---- options (options.c) --------------------------------------------------------------- */

/* Most values a repeatable option (-s, --set) takes in one command. */
#define GP_CLI_LIST_MAX 64

/* The values of a repeatable option, in the order given. */
typedef struct gp_cli_list {
    const char *items[GP_CLI_LIST_MAX];
    size_t count;
} gp_cli_list;

/*
** One option of a command: `--name`, with `-c` as its short form when
** short_name is not 0. An option with a value stores it in *value (forms
** "--name V", "--name=V", "-c V", "-c=V", "-cV"), or appends it to *list when
** the option may be repeated; a flag sets *flag. Exactly one of value, flag
** and list is set.
*/
typedef struct gp_cli_option {
    const char *name;
    char short_name;
    const char **value; /* an option with one value */
    bool *flag;         /* a flag */
    gp_cli_list *list;  /* a repeatable option */
} gp_cli_option;

/*
** Parse a command's arguments. Options may come before or after the
** positional arguments; "--" ends the options. Positional arguments are
** stored in order in `positional` (room for max_positional) and counted in
** *npositional. On a usage error (an unknown option, with the nearest known
** one suggested; a missing value; a value given to a flag; an option that
** is not repeatable given twice; more than max_positional arguments) it prints the message and
** returns false.
*/
bool gp_cli_parse(const char *command, int argc, char **argv, const gp_cli_option *options,
                  size_t noptions, const char **positional, int max_positional, int *npositional);

/* ---- messages (report.c) --------------------------------------------------------------- */

/** Print "gapplan: error: <message>" and a newline to stderr. */
void gp_cli_error(const char *fmt, ...) GP_PRINTF(1, 2);
/** Print "Run 'gapplan help COMMAND' for ..." after a usage error; command may be NULL. */
void gp_cli_usage_hint(const char *command);
/** Print every diag item, one a line, each prefixed with `prefix`. */
void gp_cli_print_diag(const gp_diag *diag, const char *prefix);
/** The command line as one string, shell-quoted where an argument needs it; owned by the caller. */
char *gp_cli_command_line(int argc, char **argv);

/* ---- help (help.c) ---------------------------------------------------------------------- */

/** The short usage printed when gapplan is run with no command. */
void gp_cli_print_usage(FILE *out);
/** The full help of gapplan (command NULL) or of one command; false when there is no such command. */
bool gp_cli_print_help(const char *command, FILE *out);
/** The names of the commands, for suggestions; NULL-terminated. */
extern const char *const gp_cli_commands[];

/* ---- shipped data (data_dirs.c) ------------------------------------------------------- */

/*
** The folder of the shipped `what` ("plugins", "templates"): PROGRAM_DIR/../share/gapplan/what,
** written to out (size bytes). False when the program's own path is unknown or too long.
*/
bool gp_cli_data_dir(const char *what, char *out, size_t size);

/* ---- output files (write_file.c) ------------------------------------------------------- */

/* Writes one output to `f`: GP_OK, or GP_ERR_IO (with errno) when a write failed. */
typedef gp_error (*gp_cli_writer)(FILE *f, void *ctx);

/*
** Write `output` ("-" is standard output) with `write`, through a temporary
** file renamed into place only when complete; on failure the diag says why
** and any existing file is untouched.
*/
gp_error gp_cli_write_file(const char *output, gp_cli_writer write, void *ctx, gp_diag *diag);
/** True when `output` is the file `input` (by device and inode, so "./plan.json" counts too). */
bool gp_cli_same_file(const char *input, const char *output);

/* ---- run time (clock.c) ------------------------------------------------------------------ */

/** Seconds on a monotonic clock. */
double gp_cli_clock(void);
/*
** The seconds since `started` into *seconds; false (nothing recorded) when
** SOURCE_DATE_EPOCH asks for reproducible outputs, which a time would spoil.
*/
bool gp_cli_elapsed(double started, double *seconds);

/* ---- workbook templates (template_arg.c) ---------------------------------------------- */

/*
** The pack's mode from --values and --live (usage error, false, when both are
** given or the output is not a workbook): values, live, or live up to the
** England example's size (the default).
*/
bool gp_cli_report_mode(bool values, bool live, bool workbook, gp_report_mode *mode);

struct gp_template;
/*
** Load the template `name` (NULL: board-pack), a name found in the shipped
** templates/ or a path; prints the problems and returns the exit status
** (0, 3 for an invalid template, 1 when it cannot be read).
*/
int gp_cli_load_template(const char *name, struct gp_template **out);

/* ---- signals (signals.c) --------------------------------------------------------------- */

/** Remove open temporary output files when SIGINT, SIGTERM or SIGHUP ends the process. */
void gp_cli_install_signal_cleanup(void);

#endif
