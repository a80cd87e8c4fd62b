/*
** lua/scenario_private.h: what scenario.c (loading, applying) and
** scenario_run.c (policies and metrics during a model run) share.
*/
#ifndef GP_LUA_SCENARIO_PRIVATE_H
#define GP_LUA_SCENARIO_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

#include "gapplan/hash.h"
#include "gp_lua.h"

struct gp_lua_scenario {
    gp_lua_options opts;
    char *file, *src;
    size_t len;
    char sha256[GP_SHA256_HEX_SIZE];
    const char *id, *title, *source;
    gp_lua_param *params;
    size_t nparams;
    gp_param_value *values; /* nparams: the last applied values, or the defaults */
    gp_lua_setting *settings; /* the overrides of the last apply, for the run that follows */
    size_t nsettings;
    bool has_policy;
    gp_metric_value *metrics; /* nmetrics, by name: unit and doc from the plugin, values after a run */
    size_t nmetrics;
    gp_scenario_info info;
    /* A model run (scenario_run.c): the state that lives from the run's start to its metrics. */
    lua_State *run;
    int run_desc, run_values, run_policy; /* registry references in `run` (run_policy: LUA_NOREF without one) */
    void **pool; /* every block above but the struct itself, freed together */
    size_t npool, cappool;
};

/* What a protected step works on. */
typedef struct gp_scenario_job {
    gp_lua_scenario *sc;
    gp_plan *plan;
    const gp_lua_setting *settings;
    size_t nsettings;
    gp_diag *diag;
    gp_error err;
} gp_scenario_job;

/* Keep `p` (malloc'ed) until the scenario is freed; NULL when out of memory (p is then freed). */
void *gp_scenario_keep(gp_lua_scenario *sc, void *p);
/* A copy of `len` bytes of s, NUL-terminated, in the pool; NULL when out of memory. */
char *gp_scenario_keep_string(gp_lua_scenario *sc, const char *s, size_t len);
/* A copy of the string at idx (or "" for nil) in the pool; raises when out of memory. [-0, +0, m] */
const char *gp_scenario_keep_lua_string(lua_State *L, gp_lua_scenario *sc, int idx);
/* Push the prelude's export `name`. [-0, +1, -] */
void gp_scenario_prelude_get(lua_State *L, const char *name);
/* Run the plugin's chunk in a new environment and push its descriptor; false (diag filled) on failure. */
bool gp_scenario_run_chunk(lua_State *L, gp_scenario_job *j);
/* The C primitives the prelude receives (use()'s loader). */
extern const luaL_Reg gp_scenario_raw[];

#endif
