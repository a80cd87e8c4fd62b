/*
** cli/plugins.h: how the command finds scenario plugins and applies them.
**
** The registry (registry.c) is the plugin path: the shipped plugins/ found
** relative to the program, then each folder of GAPPLAN_PLUGIN_PATH
** (colon-separated). A plugin file is ID.lua; its scenario must declare that
** id (the Lua side checks it). One id in two folders is an error naming both
** files: which one a board paper used must never depend on the path's order.
**
** A scenario set (scenario_set.c) is what `-s` and `--set` ask for: the
** scenarios loaded in the order given, each with its overrides, ready to
** apply to a plan. run and compare share it.
*/
#ifndef GP_CLI_PLUGINS_H
#define GP_CLI_PLUGINS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "gapplan/error.h"
#include "gapplan/output.h"
#include "gapplan/plan.h"
#include "gapplan/result.h"
#include "gp_lua.h"

/* Folders on the plugin path, the shipped one included. */
#define GP_REGISTRY_MAX_DIRS 32

typedef struct gp_plugin_file {
    char *id;   /* the file's name without .lua */
    char *path; /* folder/ID.lua */
} gp_plugin_file;

typedef struct gp_registry {
    char *dirs[GP_REGISTRY_MAX_DIRS]; /* in search order */
    bool dir_found[GP_REGISTRY_MAX_DIRS];
    size_t ndirs;
    gp_plugin_file *files; /* in search order, each folder's files by name */
    size_t nfiles;
} gp_registry;

/*
** Scan the plugin path. Folders that do not exist are kept (for `plugins
** list` to show) but hold nothing. GP_ERR_NOMEM, or GP_ERR_IO when a folder
** cannot be read (the diag names it); *r is then empty but safe to close.
*/
gp_error gp_registry_open(gp_registry *r, gp_diag *diag);
/** GP_OK, or GP_ERR_PLUGIN with one diag item per id found in two files, naming both. */
gp_error gp_registry_check_unique(const gp_registry *r, gp_diag *diag);
/** The file of scenario `id`, or NULL. */
const char *gp_registry_find(const gp_registry *r, const char *id);
/** The ids on the path nearest to `id`, for "did you mean"; NULL when none is near. */
const char *gp_registry_nearest(const gp_registry *r, const char *id);
void gp_registry_close(gp_registry *r);

/* ---- the scenarios of one command (scenario_set.c) ------------------------------------------- */

/* One -s scenario with the --set overrides that name it. */
typedef struct gp_scenario_entry {
    gp_lua_scenario *scenario;
    gp_lua_setting settings[GP_CLI_LIST_MAX];
    size_t nsettings;
} gp_scenario_entry;

typedef struct gp_scenario_set {
    gp_registry registry;
    gp_lua_options options;
    gp_scenario_entry entries[GP_CLI_LIST_MAX];
    size_t count;
    char *set_text[GP_CLI_LIST_MAX]; /* copies of the --set arguments, cut into id, param and value */
    size_t nset_text;
} gp_scenario_set;

/* The plugin options of run and compare, as the user typed them (NULL when not given). */
typedef struct gp_plugin_args {
    gp_cli_list scenarios; /* -s */
    gp_cli_list sets;      /* --set ID.PARAM=VALUE */
    const char *budget, *memory, *seed;
} gp_plugin_args;

/*
** Load the scenarios `args` names, in order, and attach the overrides.
** Returns an exit status: 0, or the status of the error it printed (2 for a
** usage error such as an unknown scenario or param, 4 for a plugin that
** fails to load, 1 for a file that cannot be read). `set` is always safe to
** release with gp_scenario_set_free().
*/
int gp_scenario_set_load(gp_scenario_set *set, const gp_plugin_args *args, const char *command);
/*
** Apply scenarios first .. first + count - 1, in order, to `plan`, run the
** model with their policies and compute their metrics: *out is the result
** and infos[0 .. count - 1] their provenance (valid while the set lives and
** is not run again). GP_OK, or the error with the diag filled.
*/
gp_error gp_scenario_set_run(gp_scenario_set *set, size_t first, size_t count, gp_plan *plan, gp_result **out,
                             gp_scenario_info *infos, gp_diag *diag);
void gp_scenario_set_free(gp_scenario_set *set);

#endif
