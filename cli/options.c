/*
** cli/options.c: the commands' option parser (cli.h).
**
** getopt_long is a GNU extension and cannot suggest a near miss, and a typo
** that silently does something else is what this tool must never allow, so
** the parser is small and strict: every option is known to the command, given
** at most once, and a flag never takes a value.
*/
#include <string.h>

#include "cli.h"
#include "gapplan/text.h"

/* Options a command may have, for the suggestion list. */
#define CLI_MAX_OPTIONS 16

static const gp_cli_option *find_long(const gp_cli_option *options, size_t n, const char *name,
                                      size_t len) {
    for (size_t i = 0; i < n; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
            return &options[i];
    return NULL;
}

static const gp_cli_option *find_short(const gp_cli_option *options, size_t n, char c) {
    for (size_t i = 0; i < n; i++)
        if (options[i].short_name && options[i].short_name == c)
            return &options[i];
    return NULL;
}

/* "unknown option '--fromat'; did you mean --format?" */
static void unknown_option(const char *command, const char *arg, const gp_cli_option *options,
                           size_t n) {
    const char *names[CLI_MAX_OPTIONS];
    size_t count = 0;
    const char *word = arg;
    char buf[64];

    while (*word == '-')
        word++;
    size_t len = strcspn(word, "=");
    for (size_t i = 0; i < n && count < CLI_MAX_OPTIONS; i++)
        names[count++] = options[i].name;
    const char *near = NULL;
    if (len > 1 && len < sizeof buf) {
        memcpy(buf, word, len);
        buf[len] = '\0';
        near = gp_nearest_name(buf, names, count);
    }
    if (near)
        gp_cli_error("unknown option '%.*s'; did you mean --%s?", (int)(word - arg + len), arg, near);
    else
        gp_cli_error("unknown option '%.*s'", (int)(word - arg + len), arg);
    gp_cli_usage_hint(command);
}

/* Store one option's value (or set its flag); false on a usage error. */
static bool take(const char *command, const gp_cli_option *opt, const char *spelled, const char *value,
                 int *i, int argc, char **argv) {
    if (!opt->value && !opt->list) {
        if (value) {
            gp_cli_error("option '%s' takes no value", spelled);
            gp_cli_usage_hint(command);
            return false;
        }
        if (*opt->flag) {
            gp_cli_error("option '%s' is given twice", spelled);
            return false;
        }
        *opt->flag = true;
        return true;
    }
    if (!value) {
        if (*i + 1 >= argc) {
            gp_cli_error("option '%s' needs a value", spelled);
            gp_cli_usage_hint(command);
            return false;
        }
        value = argv[++*i];
    }
    if (opt->list) {
        if (opt->list->count == GP_CLI_LIST_MAX) {
            gp_cli_error("option '%s' is given more than %d times", spelled, GP_CLI_LIST_MAX);
            return false;
        }
        opt->list->items[opt->list->count++] = value;
        return true;
    }
    if (*opt->value) {
        gp_cli_error("option '%s' is given twice", spelled);
        return false;
    }
    *opt->value = value;
    return true;
}

bool gp_cli_parse(const char *command, int argc, char **argv, const gp_cli_option *options,
                  size_t noptions, const char **positional, int max_positional, int *npositional) {
    bool options_done = false;
    *npositional = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || arg[1] == '\0') { /* "-" alone is an argument */
            if (*npositional == max_positional) {
                gp_cli_error("unexpected argument '%s'", arg);
                gp_cli_usage_hint(command);
                return false;
            }
            positional[(*npositional)++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        const gp_cli_option *opt;
        const char *value = NULL;
        char spelled[64];
        if (arg[1] == '-') {
            const char *name = arg + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            opt = find_long(options, noptions, name, len);
            if (!opt) {
                unknown_option(command, arg, options, noptions);
                return false;
            }
            snprintf(spelled, sizeof spelled, "--%s", opt->name);
            if (eq)
                value = eq + 1;
        } else {
            opt = find_short(options, noptions, arg[1]);
            if (!opt) {
                unknown_option(command, arg, options, noptions);
                return false;
            }
            snprintf(spelled, sizeof spelled, "-%c", arg[1]);
            if (arg[2] == '=')
                value = arg + 3;
            else if (arg[2] != '\0') {
                if (opt->flag) { /* "-hx": flags do not bundle */
                    unknown_option(command, arg, options, noptions);
                    return false;
                }
                value = arg + 2;
            }
        }
        if (!take(command, opt, spelled, value, &i, argc, argv))
            return false;
    }
    return true;
}
