/*
** lua/gp_lua.h: scenario plugins, for the command (DESIGN.md "Plugins").
**
** A scenario is a Lua file that returns scenario{ id, title, source, params,
** apply }. gp_lua_scenario_load() reads one and keeps its metadata (for
** `gapplan plugins list|show`); gp_lua_scenario_apply() runs it on a plan with
** param overrides (`--set ID.PARAM=VALUE`). Every step runs the plugin's
** chunk afresh in a new environment of its own sandboxed Lua state, with an
** instruction budget and a memory cap, so nothing one plugin does can reach
** another, or its own next step.
**
** Errors: a plugin's failure (a Lua error, a bad param, a breach of the
** sandbox, a plan left invalid) returns GP_ERR_PLUGIN with items in the diag
** naming the plugin file and, when known, the line ("x.lua:14: ..." with a
** traceback in the message). GP_ERR_IO: the file could not be read.
**
** Ownership: a gp_lua_scenario is owned by the caller and released with
** gp_lua_scenario_free(). Strings and params it hands out live as long as it
** does. It borrows nothing but the options' resolver, which must outlive it.
*/
#ifndef GAPPLAN_GP_LUA_H
#define GAPPLAN_GP_LUA_H

#include <stdbool.h>
#include <stddef.h>

#include "gapplan/error.h"
#include "gapplan/output.h"
#include "gapplan/plan.h"
#include "gapplan/result.h"

/* Instructions a scenario run may execute (--plugin-budget): generous, a shipped plugin uses well under 1%. */
#define GP_LUA_BUDGET_DEFAULT 200000000ULL
/* Scenario files one apply's use() calls may load, each recorded for the run's provenance. */
#define GP_LUA_USES_MAX 32
/* Bytes a scenario run's Lua state may hold (--plugin-memory). */
#define GP_LUA_MEMORY_DEFAULT ((size_t)256 << 20)
/* The seed of math.random when the caller gives none; recorded with the run. */
#define GP_LUA_SEED_DEFAULT 20220401LL
/* Largest plugin file read: a scenario is a page of Lua, not a data file. */
#define GP_LUA_SOURCE_MAX ((size_t)1 << 20)

/*
** Find the file of scenario `id` for use("id", ...): a path (owned by the
** resolver, valid until the next call) or NULL when there is none.
*/
typedef const char *(*gp_lua_resolve_fn)(void *ctx, const char *id);

typedef struct gp_lua_options {
    unsigned long long budget; /* instructions per run */
    size_t memory;             /* bytes per run */
    long long seed;            /* math.random's seed */
    gp_lua_resolve_fn resolve; /* NULL: use() finds nothing */
    void *resolve_ctx;
} gp_lua_options;

/** The defaults: GP_LUA_BUDGET_DEFAULT, GP_LUA_MEMORY_DEFAULT, GP_LUA_SEED_DEFAULT, no resolver. */
void gp_lua_options_init(gp_lua_options *o);

typedef enum gp_lua_param_type {
    GP_PARAM_NUMBER,
    GP_PARAM_INTEGER,
    GP_PARAM_MONTH,  /* "YYYY-MM" */
    GP_PARAM_FY,     /* "YYYY/YY" */
    GP_PARAM_STRING,
    GP_PARAM_CHOICE, /* one of `choices` */
    GP_PARAM_BOOLEAN,
} gp_lua_param_type;

/** The type's name as a plugin writes it: "number", "integer", "month", "fy", "string", "choice", "boolean". */
const char *gp_lua_param_type_name(gp_lua_param_type t);

/* A declared param, as `plugins show` lists it. Text fields are "" when not given. */
typedef struct gp_lua_param {
    const char *name;
    gp_lua_param_type type;
    const char *default_json; /* the default as JSON text: 1.5, "2022-04", true */
    const char *unit, *doc;
    bool has_min, has_max, has_range;
    double min, max;          /* when has_min / has_max */
    double low, high;         /* when has_range: the uncertainty tools' range */
    const char *dist;         /* "uniform" or "triangular" when has_range, else "" */
    const char *const *choices; /* GP_PARAM_CHOICE: nchoices names */
    size_t nchoices;
} gp_lua_param;

/* One override: param name and its value as text ("1.5", "2023-04", "true"). */
typedef struct gp_lua_setting {
    const char *param;
    const char *value;
} gp_lua_setting;

typedef struct gp_lua_scenario gp_lua_scenario;

/*
** Read the scenario file at `path`, run it in a fresh sandbox and keep its
** metadata. `opts` NULL means the defaults; it is copied. On failure *out is
** NULL and `diag` says why (GP_ERR_IO, GP_ERR_PLUGIN, GP_ERR_NOMEM).
*/
gp_error gp_lua_scenario_load(const char *path, const gp_lua_options *opts, gp_lua_scenario **out,
                              gp_diag *diag);
/* As gp_lua_scenario_load, from `len` bytes of source; `path` names it in messages. */
gp_error gp_lua_scenario_load_buffer(const char *src, size_t len, const char *path, const gp_lua_options *opts,
                                     gp_lua_scenario **out, gp_diag *diag);
/** Release a scenario; NULL is a no-op. */
void gp_lua_scenario_free(gp_lua_scenario *sc);

const char *gp_lua_scenario_id(const gp_lua_scenario *sc);
const char *gp_lua_scenario_title(const gp_lua_scenario *sc);
const char *gp_lua_scenario_source(const gp_lua_scenario *sc);
const char *gp_lua_scenario_file(const gp_lua_scenario *sc);
/** Hex SHA-256 of the plugin's source. */
const char *gp_lua_scenario_sha256(const gp_lua_scenario *sc);
/** The seed math.random had (the options' seed), for the record of a run. */
long long gp_lua_scenario_seed(const gp_lua_scenario *sc);
/* Params, sorted by name. */
size_t gp_lua_scenario_param_count(const gp_lua_scenario *sc);
const gp_lua_param *gp_lua_scenario_param(const gp_lua_scenario *sc, size_t i);
/** The param named `name`, or NULL. */
const gp_lua_param *gp_lua_scenario_find_param(const gp_lua_scenario *sc, const char *name);

/*
** Apply the scenario to `plan` in a fresh sandbox: the overrides are
** converted to their params' types and checked (an unknown name gets "did you
** mean"), every param is range-checked before apply runs, and the plan is
** validated afterwards (gp_plan_validate). GP_OK, or GP_ERR_PLUGIN with the
** diag filled; the plan may then be partly edited and must not be run.
*/
gp_error gp_lua_scenario_apply(gp_lua_scenario *sc, gp_plan *plan, const gp_lua_setting *settings,
                               size_t nsettings, gp_diag *diag);

/** True when the scenario declares a policy(state, t, p), called after each month of a run. */
bool gp_lua_scenario_has_policy(const gp_lua_scenario *sc);
/** How many metrics the scenario declares. */
size_t gp_lua_scenario_metric_count(const gp_lua_scenario *sc);
/** Metric i (sorted by name): name, unit and doc; its values are those of the last run. NULL past the end. */
const gp_metric_value *gp_lua_scenario_metric(const gp_lua_scenario *sc, size_t i);

/*
** Run the model on `plan`, to which `scenarios` have been applied (in that
** order, with gp_lua_scenario_apply): after each month but the last, the
** policies of the scenarios that have one are called in order, and may
** change the plan's schedules from the next month on; then each scenario's
** metrics are computed on the finished results and kept in its info
** (gp_lua_scenario_info). A policy and the metrics see the params of the
** scenario's last apply. One instruction budget and memory cap cover all a
** scenario does during the run. With no policies and no metrics this is
** gp_model_run. GP_ERR_PLUGIN (diag naming the plugin file and line) when
** a policy or metric fails or a policy leaves the plan invalid; *out is then
** NULL.
*/
gp_error gp_lua_run_model(gp_lua_scenario *const *scenarios, size_t n, gp_plan *plan, gp_result **out,
                          gp_diag *diag);

/*
** The scenario's provenance for the result file: id, title, source, file,
** sha256 and its params as the last successful apply had them (the defaults
** before any). Valid until the next apply or the scenario's release.
*/
const gp_scenario_info *gp_lua_scenario_info(const gp_lua_scenario *sc);

#endif
