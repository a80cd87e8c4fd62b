/*
** cli/cmd_init.c: `gapplan init [--example NAME] [--force] -o PLAN.json`:
** write one of the example plans compiled into the command, to edit.
*/
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "examples.h"
#include "exit_codes.h"
#include "gapplan/output.h"
#include "gapplan/text.h"

/* The example written when --example is not given. */
#define DEFAULT_EXAMPLE "england-2022"
/* Examples listed in a message or searched for a suggestion. */
#define MAX_EXAMPLES 32

static const gp_embedded_example *find_example(const char *name) {
    for (const gp_embedded_example *e = gp_embedded_examples; e->name; e++)
        if (strcmp(e->name, name) == 0)
            return e;
    return NULL;
}

/* "unknown example 'x'; did you mean ...? The examples are: a, b" */
static void unknown_example(const char *name) {
    const char *names[MAX_EXAMPLES];
    char list[1024] = "";
    size_t n = 0;
    for (const gp_embedded_example *e = gp_embedded_examples; e->name && n < MAX_EXAMPLES; e++) {
        names[n++] = e->name;
        if (strlen(list) + strlen(e->name) + 3 < sizeof list) {
            if (*list)
                strcat(list, ", ");
            strcat(list, e->name);
        }
    }
    const char *near = gp_nearest_name(name, names, n);
    if (near)
        gp_cli_error("unknown example '%s'; did you mean %s? The examples are: %s", name, near, list);
    else
        gp_cli_error("unknown example '%s'; the examples are: %s", name, list);
}

int gp_cmd_init(int argc, char **argv) {
    bool help = false, force = false;
    const char *output = NULL, *name = NULL;
    const gp_cli_option options[] = {
        {"output", 'o', &output, NULL, NULL},
        {"example", 0, &name, NULL, NULL},
        {"force", 0, NULL, &force, NULL},
        {"help", 'h', NULL, &help, NULL},
    };
    const char *args[1];
    int nargs;
    const gp_embedded_example *example;
    gp_outfile *of = NULL;
    gp_diag diag;
    gp_error err;
    struct stat st;

    if (!gp_cli_parse("init", argc, argv, options, sizeof options / sizeof options[0], args, 1, &nargs))
        return GP_EXIT_USAGE;
    if (help) {
        gp_cli_print_help("init", stdout);
        return GP_EXIT_OK;
    }
    if (nargs) {
        gp_cli_error("init writes to the file named by -o: gapplan init -o %s", args[0]);
        return GP_EXIT_USAGE;
    }
    if (!output) {
        gp_cli_error("init needs an output: -o PLAN.json, or -o - for standard output");
        gp_cli_usage_hint("init");
        return GP_EXIT_USAGE;
    }
    example = find_example(name ? name : DEFAULT_EXAMPLE);
    if (!example) {
        unknown_example(name ? name : DEFAULT_EXAMPLE);
        return GP_EXIT_USAGE;
    }
    if (strcmp(output, "-") != 0 && !force && lstat(output, &st) == 0) {
        gp_cli_error("%s exists; add --force to replace it", output);
        return GP_EXIT_FAILURE;
    }

    gp_diag_init(&diag);
    err = gp_outfile_open(output, &of, &diag);
    if (err == GP_OK) {
        FILE *f = gp_outfile_stream(of);
        if (fwrite(example->data, 1, example->len, f) == example->len) {
            err = gp_outfile_commit(of, &diag);
        } else {
            gp_diag_add(&diag, NULL, 0, 0, NULL, "cannot write %s: %s", output, strerror(errno));
            gp_outfile_abort(of);
            err = GP_ERR_IO;
        }
    }
    if (err != GP_OK)
        gp_cli_print_diag(&diag, "gapplan: error: ");
    else if (strcmp(output, "-") != 0)
        printf("wrote %s (the %s example); next: gapplan check %s\n", output, example->name, output);
    gp_diag_free(&diag);
    return gp_cli_exit_code(err);
}
