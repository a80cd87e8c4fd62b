/*
** cli/cmd_plugins.c: `gapplan plugins [list | show ID|FILE]`: the scenarios
** on the plugin path, or one scenario's params, defaults, ranges, units and
** source.
**
** list loads every plugin (in its sandbox) to read its title, and keeps going
** past one that fails, marking it, so one broken file does not hide the
** others; the exit status then says something is wrong (4), as it does for an
** id defined twice.
*/
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "exit_codes.h"
#include "gapplan/text.h"
#include "plugins.h"

/* Width of the id column of `plugins list`. */
#define LIST_ID_WIDTH 24

/* The first line of a diag, for a one-line mark in a listing. */
static void first_problem(const gp_diag *diag, char *out, size_t size) {
    if (diag->count == 0) {
        snprintf(out, size, "cannot be loaded");
        return;
    }
    gp_diag_format(&diag->items[0], out, size);
    out[strcspn(out, "\n")] = '\0';
}

/* True when id `i` of the registry also appears in another file. */
static bool is_duplicate(const gp_registry *r, size_t i) {
    for (size_t j = 0; j < r->nfiles; j++)
        if (j != i && strcmp(r->files[i].id, r->files[j].id) == 0)
            return true;
    return false;
}

static int list_plugins(void) {
    gp_registry reg;
    gp_diag diag;
    gp_lua_options opts;
    int rc = GP_EXIT_OK;

    gp_diag_init(&diag);
    gp_error err = gp_registry_open(&reg, &diag);
    if (err != GP_OK) {
        gp_cli_print_diag(&diag, "gapplan: error: ");
        gp_diag_free(&diag);
        gp_registry_close(&reg);
        return gp_cli_exit_code(err);
    }
    gp_lua_options_init(&opts);
    if (reg.nfiles == 0)
        puts("No scenarios found on the plugin path.");
    for (size_t i = 0; i < reg.nfiles; i++) {
        gp_lua_scenario *sc = NULL;
        char problem[512];
        gp_diag_clear(&diag);
        err = gp_lua_scenario_load(reg.files[i].path, &opts, &sc, &diag);
        if (err == GP_OK && strcmp(gp_lua_scenario_id(sc), reg.files[i].id) != 0) {
            printf("  %-*s [declares scenario '%s': a file on the plugin path is named after its id]\n",
                   LIST_ID_WIDTH, reg.files[i].id, gp_lua_scenario_id(sc));
            rc = GP_EXIT_PLUGIN;
        } else if (err == GP_OK && !is_duplicate(&reg, i)) {
            printf("  %-*s %s\n", LIST_ID_WIDTH, reg.files[i].id, gp_lua_scenario_title(sc));
        } else if (err == GP_OK) {
            printf("  %-*s %s  [defined twice: %s]\n", LIST_ID_WIDTH, reg.files[i].id, gp_lua_scenario_title(sc),
                   reg.files[i].path);
            rc = GP_EXIT_PLUGIN;
        } else {
            first_problem(&diag, problem, sizeof problem);
            printf("  %-*s [cannot be loaded: %s]\n", LIST_ID_WIDTH, reg.files[i].id, problem);
            rc = gp_cli_exit_code(err);
        }
        gp_lua_scenario_free(sc);
    }
    puts("\nPlugin path (the shipped plugins, then GAPPLAN_PLUGIN_PATH):");
    for (size_t d = 0; d < reg.ndirs; d++)
        printf("  %s%s\n", reg.dirs[d], reg.dir_found[d] ? "" : "  [not found]");
    puts("\nRun 'gapplan plugins show ID' for a scenario's params.");
    if (rc != GP_EXIT_OK)
        gp_cli_error("some scenarios on the plugin path cannot be used; see the marks above");
    gp_diag_free(&diag);
    gp_registry_close(&reg);
    return rc;
}

/* "[0, 5]", "at least 0", "at most 5" or "any": a param's hard range. */
static void print_range(const gp_lua_param *p) {
    if (p->has_min && p->has_max)
        printf("within [%g, %g]", p->min, p->max);
    else if (p->has_min)
        printf("at least %g", p->min);
    else if (p->has_max)
        printf("at most %g", p->max);
    else
        printf("any value");
}

static void print_param(const gp_lua_param *p) {
    printf("  %s (%s", p->name, gp_lua_param_type_name(p->type));
    if (*p->unit)
        printf(", %s", p->unit);
    printf(")\n      default %s", p->default_json);
    if (p->type == GP_PARAM_NUMBER || p->type == GP_PARAM_INTEGER) {
        printf("; ");
        print_range(p);
    }
    if (p->has_range)
        printf("; uncertain between %g and %g (%s)", p->low, p->high, p->dist);
    if (p->type == GP_PARAM_CHOICE) {
        printf("; one of");
        for (size_t i = 0; i < p->nchoices; i++)
            printf("%s %s", i ? "," : "", p->choices[i]);
    }
    putchar('\n');
    if (*p->doc)
        printf("      %s\n", p->doc);
}

static int show_plugin(const char *name) {
    gp_plugin_args args = {.scenarios = {.items = {name}, .count = 1}};
    gp_scenario_set set;
    int rc = gp_scenario_set_load(&set, &args, "plugins");
    if (rc != GP_EXIT_OK) {
        gp_scenario_set_free(&set);
        return rc;
    }
    const gp_lua_scenario *sc = set.entries[0].scenario;
    size_t n = gp_lua_scenario_param_count(sc);
    printf("%s: %s\n\n", gp_lua_scenario_id(sc), gp_lua_scenario_title(sc));
    printf("Source:  %s\n", gp_lua_scenario_source(sc));
    printf("File:    %s\n", gp_lua_scenario_file(sc));
    printf("SHA-256: %s\n\n", gp_lua_scenario_sha256(sc));
    if (n == 0)
        puts("Params: none");
    else
        puts("Params (change one with --set ID.PARAM=VALUE):");
    for (size_t i = 0; i < n; i++)
        print_param(gp_lua_scenario_param(sc, i));
    if (gp_lua_scenario_has_policy(sc))
        puts("\nPolicy: reacts month by month during the run (changing the plan from the next month on).");
    if (gp_lua_scenario_metric_count(sc))
        puts("\nMetrics (in the results):");
    for (size_t i = 0; i < gp_lua_scenario_metric_count(sc); i++) {
        const gp_metric_value *m = gp_lua_scenario_metric(sc, i);
        printf("  %s%s%s%s\n", m->name, *m->unit ? " (" : "", m->unit, *m->unit ? ")" : "");
        if (*m->doc)
            printf("      %s\n", m->doc);
    }
    /* -s as the user named it: a file shown by its path is run by its path, as it is not on the plugin path */
    bool plain = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./") == strlen(name);
    printf(plain ? "\nExample:\n  gapplan run plan.json -s %s" : "\nExample:\n  gapplan run plan.json -s '%s'", name);
    if (n)
        printf(" --set %s.%s=%s", gp_lua_scenario_id(sc), gp_lua_scenario_param(sc, 0)->name,
               gp_lua_scenario_param(sc, 0)->default_json);
    puts(" -o results.json");
    gp_scenario_set_free(&set);
    return GP_EXIT_OK;
}

int gp_cmd_plugins(int argc, char **argv) {
    bool help = false;
    const gp_cli_option options[] = {{"help", 'h', NULL, &help, NULL}};
    const char *args[2];
    int nargs;

    if (!gp_cli_parse("plugins", argc, argv, options, 1, args, 2, &nargs))
        return GP_EXIT_USAGE;
    if (help) {
        gp_cli_print_help("plugins", stdout);
        return GP_EXIT_OK;
    }
    if (nargs == 0 || (nargs == 1 && strcmp(args[0], "list") == 0))
        return list_plugins();
    if (strcmp(args[0], "show") == 0) {
        if (nargs == 2)
            return show_plugin(args[1]);
        gp_cli_error("plugins show needs a scenario: gapplan plugins show ID (or a .lua file)");
        gp_cli_usage_hint("plugins");
        return GP_EXIT_USAGE;
    }
    static const char *const actions[] = {"list", "show"};
    const char *near = gp_nearest_name(args[0], actions, 2);
    if (strcmp(args[0], "list") == 0)
        gp_cli_error("plugins list takes no argument");
    else if (near)
        gp_cli_error("unknown plugins action '%s'; did you mean %s?", args[0], near);
    else
        gp_cli_error("unknown plugins action '%s'; use list or show", args[0]);
    gp_cli_usage_hint("plugins");
    return GP_EXIT_USAGE;
}
