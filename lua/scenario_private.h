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

/* Blocks freed together. */
typedef struct gp_scenario_pool {
    void **items;
    size_t n, cap;
} gp_scenario_pool;

struct gp_lua_scenario {
    gp_lua_options opts;
    char *file, *src;
    size_t len;
    char *dump; /* the compiled chunk (lua_dump of src), made by the first step; NULL until then */
    size_t dump_len;
    char sha256[GP_SHA256_HEX_SIZE];
    const char *id, *title, *source;
    gp_lua_param *params;
    size_t nparams;
    gp_param_value *values; /* nparams: the last applied values, or the defaults */
    gp_param_value *defaults; /* nparams: the values before any apply */
    gp_lua_setting *settings; /* the overrides of the last apply, for the run that follows */
    size_t nsettings;
    bool has_policy;
    gp_metric_value *metrics; /* nmetrics, by name: unit and doc from the plugin, values after a run */
    size_t nmetrics;
    gp_scenario_info info;
    gp_used_file uses[GP_LUA_USES_MAX]; /* what use() loaded in the last apply (strings in per_apply) */
    size_t nuses;
    /* The Lua state of the last step, kept while steps end cleanly (gp_sandbox_reset); NULL before the first. */
    lua_State *L;
    /* A model run (scenario_run.c): `L` while the run goes on, from its start to its metrics; NULL otherwise. */
    lua_State *run;
    int run_desc, run_values, run_policy; /* registry references in `run` (run_policy: LUA_NOREF without one) */
    /* What gp_scenario_keep keeps blocks in: `pool` while loading, `per_apply` after, so that applying a
       scenario 10,000 times (mc) holds one apply's values, not 10,000. */
    gp_scenario_pool pool;      /* the metadata: freed with the scenario */
    gp_scenario_pool per_apply; /* the last apply's values and settings and the last run's metrics: freed by the
                                   next apply */
    gp_scenario_pool *keep_to;
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

/* Keep `p` (malloc'ed) in sc->keep_to; NULL when out of memory (p is then freed). */
void *gp_scenario_keep(gp_lua_scenario *sc, void *p);
/* A copy of `len` bytes of s, NUL-terminated, in the pool; NULL when out of memory. */
char *gp_scenario_keep_string(gp_lua_scenario *sc, const char *s, size_t len);
/* A copy of the string at idx (or "" for nil) in the pool; raises when out of memory. [-0, +0, m] */
const char *gp_scenario_keep_lua_string(lua_State *L, gp_lua_scenario *sc, int idx);
/* Push the prelude's export `name`. [-0, +1, -] */
void gp_scenario_prelude_get(lua_State *L, const char *name);
/* Run the plugin's chunk in a new environment and push its descriptor; false (diag filled) on failure. */
bool gp_scenario_run_chunk(lua_State *L, gp_scenario_job *j);
/* The scenario's state, ready for a step: the kept one, or a new one; NULL (diag filled) when Lua will not start. */
lua_State *gp_scenario_state(gp_lua_scenario *sc, gp_diag *diag);
/* Close the kept state (after a failed step: what it holds is not to be trusted). */
void gp_scenario_drop_state(gp_lua_scenario *sc);
/* The C primitives the prelude receives (use()'s loader; scenario_use.c). */
extern const luaL_Reg gp_scenario_raw[];
/*
** Read a plugin file (at most GP_LUA_SOURCE_MAX bytes) into a malloc'd, NUL-terminated buffer; GP_ERR_IO,
** GP_ERR_PLUGIN (too large) or GP_ERR_NOMEM with diag filled.
*/
gp_error gp_scenario_read_source(const char *path, char **out, size_t *len, gp_diag *diag);

#endif
