/*
** cli/main.c: the `gapplan` command: global options and dispatch to one
** command a file (cmd_*.c). See `gapplan help` and DESIGN.md "The command".
*/
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exit_codes.h"
#include "gapplan/text.h"
#include "gapplan/version.h"

static int unknown_command(const char *name) {
    size_t n = 0;
    while (gp_cli_commands[n])
        n++;
    const char *near = gp_nearest_name(name, gp_cli_commands, n);
    if (near)
        gp_cli_error("unknown command '%s'; did you mean %s?", name, near);
    else
        gp_cli_error("unknown command '%s'", name);
    gp_cli_usage_hint(NULL);
    return GP_EXIT_USAGE;
}

static int global_option(int argc, char **argv) {
    static const char *const names[] = {"help", "version"};
    const char *arg = argv[1];
    if (strcmp(arg, "--version") == 0 || strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
        if (argc > 2) {
            gp_cli_error("unexpected argument '%s' after %s", argv[2], arg);
            gp_cli_usage_hint(NULL);
            return GP_EXIT_USAGE;
        }
        if (strcmp(arg, "--version") == 0)
            printf("gapplan %s\n", GP_VERSION);
        else
            gp_cli_print_help(NULL, stdout);
        return GP_EXIT_OK;
    }
    const char *word = arg;
    while (*word == '-')
        word++;
    const char *near = *word ? gp_nearest_name(word, names, 2) : NULL;
    if (near)
        gp_cli_error("unknown option '%s'; did you mean --%s?", arg, near);
    else
        gp_cli_error("unknown option '%s'", arg);
    gp_cli_usage_hint(NULL);
    return GP_EXIT_USAGE;
}

static int dispatch(int argc, char **argv) {
    const char *command = argv[1];
    if (command[0] == '-' && command[1] != '\0')
        return global_option(argc, argv);
    if (strcmp(command, "run") == 0) {
        char *line = gp_cli_command_line(argc, argv);
        int rc = gp_cmd_run(argc - 2, argv + 2, line);
        free(line);
        return rc;
    }
    if (strcmp(command, "compare") == 0) {
        char *line = gp_cli_command_line(argc, argv);
        int rc = gp_cmd_compare(argc - 2, argv + 2, line);
        free(line);
        return rc;
    }
    if (strcmp(command, "mc") == 0 || strcmp(command, "sensitivity") == 0 || strcmp(command, "solve") == 0) {
        int (*tool)(int, char **, const char *) = strcmp(command, "mc") == 0 ? gp_cmd_mc
                                                  : strcmp(command, "solve") == 0 ? gp_cmd_solve
                                                                                  : gp_cmd_sensitivity;
        char *line = gp_cli_command_line(argc, argv);
        int rc = tool(argc - 2, argv + 2, line);
        free(line);
        return rc;
    }
    if (strcmp(command, "plugins") == 0)
        return gp_cmd_plugins(argc - 2, argv + 2);
    if (strcmp(command, "check") == 0)
        return gp_cmd_check(argc - 2, argv + 2);
    if (strcmp(command, "init") == 0)
        return gp_cmd_init(argc - 2, argv + 2);
    if (strcmp(command, "import") == 0)
        return gp_cmd_import(argc - 2, argv + 2);
    if (strcmp(command, "help") == 0)
        return gp_cmd_help(argc - 2, argv + 2);
    return unknown_command(command);
}

int main(int argc, char **argv) {
    int rc;
    if (argc < 2) {
        gp_cli_print_usage(stderr);
        return GP_EXIT_USAGE;
    }
    /* Past a file-size limit (ulimit -f) a write must fail with EFBIG, reported and cleaned up like a full
       disk, instead of SIGXFSZ killing the process and leaving a temporary file behind. */
    signal(SIGXFSZ, SIG_IGN);
    rc = dispatch(argc, argv);
    /* What went to standard output (help, a summary, a result) must have arrived. */
    errno = 0;
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == GP_EXIT_OK) {
        gp_cli_error("cannot write to standard output: %s", strerror(errno ? errno : EIO));
        rc = GP_EXIT_FAILURE;
    }
    return rc;
}
