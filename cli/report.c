/*
** cli/report.c: how the command talks to the user: errors on stderr with one
** prefix, diagnostics one a line, exit codes, and the command line recorded in
** every output's provenance.
*/
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exit_codes.h"

void gp_cli_error(const char *fmt, ...) {
    va_list ap;
    fputs("gapplan: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void gp_cli_usage_hint(const char *command) {
    if (command)
        fprintf(stderr, "Run 'gapplan help %s' for its usage.\n", command);
    else
        fputs("Run 'gapplan help' for the commands.\n", stderr);
}

void gp_cli_print_diag(const gp_diag *diag, const char *prefix) { gp_diag_print(diag, stderr, prefix); }

int gp_cli_exit_code(gp_error err) {
    switch (err) {
    case GP_OK:
        return GP_EXIT_OK;
    case GP_ERR_INVALID:
        return GP_EXIT_INVALID;
    case GP_ERR_PLUGIN:
        return GP_EXIT_PLUGIN;
    case GP_ERR_NOMEM:
    case GP_ERR_IO:
    case GP_ERR_NONFINITE:
    case GP_ERR_ARGUMENT:
        break;
    }
    return GP_EXIT_FAILURE;
}

/* True when the shell would read `s` as one word unchanged. */
static bool shell_plain(const char *s) {
    if (!*s)
        return false;
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-", *s))
            return false;
    return true;
}

/* Arguments are joined with spaces; one that is not plain goes in single quotes, a quote as '\''. */
char *gp_cli_command_line(int argc, char **argv) {
    size_t size = 1;
    for (int i = 0; i < argc; i++) {
        size += strlen(argv[i]) + 3;
        for (const char *p = argv[i]; *p; p++)
            if (*p == '\'')
                size += 3;
    }
    char *out = malloc(size), *o = out;
    if (!out)
        return NULL;
    for (int i = 0; i < argc; i++) {
        if (i)
            *o++ = ' ';
        if (shell_plain(argv[i])) {
            size_t n = strlen(argv[i]);
            memcpy(o, argv[i], n);
            o += n;
            continue;
        }
        *o++ = '\'';
        for (const char *p = argv[i]; *p; p++) {
            if (*p == '\'') {
                memcpy(o, "'\\''", 4);
                o += 4;
            } else {
                *o++ = *p;
            }
        }
        *o++ = '\'';
    }
    *o = '\0';
    return out;
}
