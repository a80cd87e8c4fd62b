/*
** cli/scenario_set.c: the scenarios `-s` names, with their `--set`
** overrides (plugins.h).
**
** Everything that can be checked before a plan is touched is checked here:
** the option values, the --set syntax, that each scenario exists on the path
** and loads, that each --set names an applied scenario and one of its params.
** Those are usage errors (exit 2) with the nearest name suggested, so a typo
** in a scenario or param name never runs a different scenario than meant.
*/
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exit_codes.h"
#include "gapplan/text.h"
#include "plugins.h"

/* The smallest memory cap worth starting Lua with. */
#define MEMORY_MIN ((size_t)1 << 20)
/* The smallest instruction budget: a scenario needs a few thousand to declare itself. */
#define BUDGET_MIN 10000ULL

/*
** A count with an optional suffix: k, M, G as powers of 1000 (`binary`
** false) or 1024 (`binary` true, for bytes). False when it is not one.
*/
static bool parse_count(const char *text, bool binary, unsigned long long *out) {
    char *end;
    if (!*text || *text == '-' || *text == '+')
        return false;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text)
        return false;
    unsigned long long unit = 1, step = binary ? 1024 : 1000;
    switch (*end) {
    case '\0':
        break;
    case 'k': case 'K':
        unit = step, end++;
        break;
    case 'm': case 'M':
        unit = step * step, end++;
        break;
    case 'g': case 'G':
        unit = step * step * step, end++;
        break;
    default:
        return false;
    }
    if (*end != '\0' || (v && unit > ULLONG_MAX / v))
        return false;
    *out = v * unit;
    return true;
}

/* The limits and seed of the plugin options; false (after printing why) on a usage error. */
static bool parse_limits(gp_lua_options *o, const gp_plugin_args *args, const char *command) {
    unsigned long long v;
    if (args->budget) {
        if (!parse_count(args->budget, false, &v) || v < BUDGET_MIN) {
            gp_cli_error("--plugin-budget '%s': expected a number of instructions of at least %llu, e.g. 500M",
                         args->budget, BUDGET_MIN);
            gp_cli_usage_hint(command);
            return false;
        }
        o->budget = v;
    }
    if (args->memory) {
        if (!parse_count(args->memory, true, &v) || v < MEMORY_MIN || v > SIZE_MAX) {
            gp_cli_error("--plugin-memory '%s': expected a size of at least 1M, e.g. 512M or 2G", args->memory);
            gp_cli_usage_hint(command);
            return false;
        }
        o->memory = (size_t)v;
    }
    if (args->seed) {
        char *end;
        errno = 0;
        long long seed = strtoll(args->seed, &end, 10);
        if (errno || end == args->seed || *end) {
            gp_cli_error("--seed '%s': expected a whole number", args->seed);
            gp_cli_usage_hint(command);
            return false;
        }
        o->seed = seed;
    }
    return true;
}

/* Cut a copy of "ID.PARAM=VALUE" into its parts; false when it is not of that form. */
static bool split_setting(char *text, const char **id, const char **param, const char **value) {
    char *eq = strchr(text, '=');
    char *dot = strchr(text, '.');
    if (!eq || !dot || dot > eq || dot == text || dot + 1 == eq)
        return false;
    *dot = '\0';
    *eq = '\0';
    *id = text;
    *param = dot + 1;
    *value = eq + 1;
    return true;
}

/* use("id") inside a plugin finds ids on the same path as -s does. */
static const char *resolve(void *ctx, const char *id) { return gp_registry_find(ctx, id); }

/* True when `name` is a path to a plugin file rather than an id. */
static bool names_a_file(const char *name) {
    size_t len = strlen(name);
    return strchr(name, '/') || (len > 4 && strcmp(name + len - 4, ".lua") == 0);
}

/* Load the scenario `name` (an id on the path or a file) into the next entry; an exit status. */
static int load_one(gp_scenario_set *set, const char *name) {
    const char *file = name;
    gp_diag diag;
    gp_error err;

    if (!names_a_file(name)) {
        file = gp_id_valid(name) ? gp_registry_find(&set->registry, name) : NULL;
        if (!file) {
            const char *near = gp_registry_nearest(&set->registry, name);
            if (near)
                gp_cli_error("no scenario '%s' on the plugin path; did you mean %s?", name, near);
            else
                gp_cli_error("no scenario '%s' on the plugin path", name);
            fputs("Run 'gapplan plugins list' for the scenarios found, or name a .lua file.\n", stderr);
            return GP_EXIT_USAGE;
        }
    }
    gp_diag_init(&diag);
    err = gp_lua_scenario_load(file, &set->options, &set->entries[set->count].scenario, &diag);
    if (err != GP_OK) {
        gp_cli_print_diag(&diag, "gapplan: error: ");
        if (diag.count == 0)
            gp_cli_error("%s: %s", file, gp_strerror(err));
        gp_diag_free(&diag);
        return gp_cli_exit_code(err);
    }
    gp_diag_free(&diag);
    const char *id = gp_lua_scenario_id(set->entries[set->count].scenario);
    set->count++;
    if (file != name && strcmp(id, name) != 0) {
        gp_cli_error("%s declares scenario '%s', not '%s': a file on the plugin path is named after its id", file, id,
                     name);
        return GP_EXIT_PLUGIN;
    }
    for (size_t i = 0; i + 1 < set->count; i++)
        if (strcmp(gp_lua_scenario_id(set->entries[i].scenario), id) == 0) {
            gp_cli_error("scenario '%s' is given twice (-s); give it once, with --set for its params", id);
            return GP_EXIT_USAGE;
        }
    return GP_EXIT_OK;
}

/* The entry of the applied scenario `id`, or NULL. */
static gp_scenario_entry *entry_of(gp_scenario_set *set, const char *id) {
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(gp_lua_scenario_id(set->entries[i].scenario), id) == 0)
            return &set->entries[i];
    return NULL;
}

/* "attendance-gain (points, from, ramp)": a scenario's params for a message. */
static void print_params(const gp_lua_scenario *sc) {
    size_t n = gp_lua_scenario_param_count(sc);
    fprintf(stderr, "Params of %s:", gp_lua_scenario_id(sc));
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s %s", i ? "," : "", gp_lua_scenario_param(sc, i)->name);
    fputs(n ? "\n" : " none\n", stderr);
}

/* Attach one --set to its scenario; an exit status. */
static int attach_setting(gp_scenario_set *set, const char *arg, char *text, const char *command) {
    const char *id, *param, *value;
    if (!split_setting(text, &id, &param, &value)) {
        gp_cli_error("--set '%s': expected ID.PARAM=VALUE, e.g. --set attendance-gain.points=2", arg);
        gp_cli_usage_hint(command);
        return GP_EXIT_USAGE;
    }
    gp_scenario_entry *e = entry_of(set, id);
    if (!e) {
        const char *ids[GP_CLI_LIST_MAX];
        for (size_t i = 0; i < set->count; i++)
            ids[i] = gp_lua_scenario_id(set->entries[i].scenario);
        const char *near = gp_nearest_name(id, ids, set->count);
        gp_cli_error("--set %s: no scenario '%s' is applied%s%s%s; add -s %s first", arg, id,
                     near ? " (did you mean " : "", near ? near : "", near ? "?)" : "", id);
        return GP_EXIT_USAGE;
    }
    if (!gp_lua_scenario_find_param(e->scenario, param)) {
        size_t n = gp_lua_scenario_param_count(e->scenario);
        const char **names = malloc((n + 1) * sizeof *names);
        const char *near = NULL;
        if (names) {
            for (size_t i = 0; i < n; i++)
                names[i] = gp_lua_scenario_param(e->scenario, i)->name;
            near = gp_nearest_name(param, names, n);
        }
        if (near)
            gp_cli_error("--set %s: scenario '%s' has no param '%s'; did you mean %s?", arg, id, param, near);
        else
            gp_cli_error("--set %s: scenario '%s' has no param '%s'", arg, id, param);
        free(names);
        print_params(e->scenario);
        return GP_EXIT_USAGE;
    }
    for (size_t i = 0; i < e->nsettings; i++)
        if (strcmp(e->settings[i].param, param) == 0) {
            gp_cli_error("--set %s: %s.%s is set twice", arg, id, param);
            return GP_EXIT_USAGE;
        }
    e->settings[e->nsettings++] = (gp_lua_setting){param, value};
    return GP_EXIT_OK;
}

int gp_scenario_set_load(gp_scenario_set *set, const gp_plugin_args *args, const char *command) {
    gp_diag diag;
    gp_error err;
    int rc;

    memset(set, 0, sizeof *set);
    gp_lua_options_init(&set->options);
    if (!parse_limits(&set->options, args, command))
        return GP_EXIT_USAGE;
    if (args->sets.count && !args->scenarios.count) {
        gp_cli_error("--set changes a scenario's param: add the scenario with -s ID");
        gp_cli_usage_hint(command);
        return GP_EXIT_USAGE;
    }
    if (!args->scenarios.count)
        return GP_EXIT_OK;

    gp_diag_init(&diag);
    err = gp_registry_open(&set->registry, &diag);
    if (err == GP_OK)
        err = gp_registry_check_unique(&set->registry, &diag);
    if (err != GP_OK) {
        gp_cli_print_diag(&diag, "gapplan: error: ");
        gp_diag_free(&diag);
        return gp_cli_exit_code(err);
    }
    gp_diag_free(&diag);
    set->options.resolve = resolve;
    set->options.resolve_ctx = &set->registry;

    for (size_t i = 0; i < args->scenarios.count; i++)
        if ((rc = load_one(set, args->scenarios.items[i])) != GP_EXIT_OK)
            return rc;
    for (size_t i = 0; i < args->sets.count; i++) {
        size_t n = strlen(args->sets.items[i]) + 1;
        char *text = malloc(n);
        if (!text) {
            gp_cli_error("out of memory");
            return GP_EXIT_FAILURE;
        }
        set->set_text[set->nset_text++] = memcpy(text, args->sets.items[i], n);
        if ((rc = attach_setting(set, args->sets.items[i], text, command)) != GP_EXIT_OK)
            return rc;
    }
    return GP_EXIT_OK;
}

gp_error gp_scenario_set_run(gp_scenario_set *set, size_t first, size_t count, gp_plan *plan, gp_result **out,
                             gp_scenario_info *infos, gp_diag *diag) {
    gp_lua_scenario *run[GP_CLI_LIST_MAX] = {NULL};
    size_t n = 0;
    gp_error err;

    *out = NULL;
    for (size_t i = first; i < first + count && i < set->count; i++) {
        gp_scenario_entry *e = &set->entries[i];
        err = gp_lua_scenario_apply(e->scenario, plan, e->settings, e->nsettings, diag);
        if (err != GP_OK)
            return err;
        run[n++] = e->scenario;
    }
    err = gp_lua_run_model(run, n, plan, out, diag);
    for (size_t i = 0; err == GP_OK && i < n; i++)
        infos[i] = *gp_lua_scenario_info(run[i]);
    return err;
}

void gp_scenario_set_free(gp_scenario_set *set) {
    for (size_t i = 0; i < set->count; i++)
        gp_lua_scenario_free(set->entries[i].scenario);
    for (size_t i = 0; i < set->nset_text; i++)
        free(set->set_text[i]);
    gp_registry_close(&set->registry);
    memset(set, 0, sizeof *set);
}
