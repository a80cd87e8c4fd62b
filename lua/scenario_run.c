/*
** lua/scenario_run.c: a model run with the scenarios' policies and metrics
** (gp_lua_run_model in gp_lua.h).
**
** A scenario with a policy or metrics runs in its state (reset after its
** apply) for the whole run: its chunk is run again and its params resolved with the overrides of
** its last apply, so policy and metrics see the same p as apply did. One
** instruction budget and one memory cap cover everything the run does in
** that state. The core calls the policies through gp_model_run_policy's C
** callback; results reach Lua only through bind_result.c's read-only view.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "gapplan/model.h"
#include "sandbox.h"
#include "scenario_private.h"

/* What one protected call in a run works on. */
typedef struct run_call {
    gp_lua_scenario *sc;
    gp_plan *plan;
    const gp_result *res;
    int t;
} run_call;

bool gp_lua_scenario_has_policy(const gp_lua_scenario *sc) { return sc->has_policy; }

size_t gp_lua_scenario_metric_count(const gp_lua_scenario *sc) { return sc->nmetrics; }

const gp_metric_value *gp_lua_scenario_metric(const gp_lua_scenario *sc, size_t i) {
    return i < sc->nmetrics ? &sc->metrics[i] : NULL;
}

/* Run the chunk, resolve the params, keep both in the registry. */
static int open_step(lua_State *L) {
    gp_scenario_job *j = lua_touserdata(L, 1);
    gp_lua_scenario *sc = j->sc;
    if (!gp_scenario_run_chunk(L, j))
        return 0;
    int desc = lua_gettop(L);
    gp_scenario_prelude_get(L, "params");
    lua_pushvalue(L, desc);
    lua_createtable(L, 0, (int)sc->nsettings);
    for (size_t i = 0; i < sc->nsettings; i++) {
        lua_pushstring(L, sc->settings[i].value);
        lua_setfield(L, -2, sc->settings[i].param);
    }
    lua_call(L, 2, 1); /* the apply before checked these very values */
    sc->run_policy = LUA_NOREF;
    if (sc->has_policy) {
        gp_scenario_prelude_get(L, "policy");
        lua_pushvalue(L, desc);
        lua_pushvalue(L, -3);
        lua_call(L, 2, 1);
        sc->run_policy = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    sc->run_values = luaL_ref(L, LUA_REGISTRYINDEX);
    sc->run_desc = luaL_ref(L, LUA_REGISTRYINDEX);
    j->err = GP_OK;
    return 0;
}

/* End the run: a clean one leaves the state for the next step, a failed one takes it down. */
static void close_run(gp_lua_scenario *sc, bool failed) {
    if (failed) {
        gp_scenario_drop_state(sc);
    } else {
        luaL_unref(sc->run, LUA_REGISTRYINDEX, sc->run_desc);
        luaL_unref(sc->run, LUA_REGISTRYINDEX, sc->run_values);
        luaL_unref(sc->run, LUA_REGISTRYINDEX, sc->run_policy);
    }
    sc->run = NULL;
}

static gp_error open_run(gp_lua_scenario *sc, gp_diag *diag) {
    lua_State *L = gp_scenario_state(sc, diag);
    if (!L)
        return GP_ERR_PLUGIN;
    sc->run = L;
    gp_scenario_job j = {.sc = sc, .diag = diag, .err = GP_ERR_PLUGIN};
    lua_pushcfunction(L, open_step);
    lua_pushlightuserdata(L, &j);
    int status = lua_pcall(L, 1, 0, 0);
    if (status != LUA_OK) {
        gp_sandbox_report(L, status, sc->file, diag);
        j.err = GP_ERR_PLUGIN;
    }
    if (j.err != GP_OK)
        close_run(sc, true);
    return j.err;
}

/* policy(state, t, p) after period call->t. */
static int policy_step(lua_State *L) {
    run_call *c = lua_touserdata(L, 1);
    gp_sandbox *sb = gp_sandbox_of(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, c->sc->run_policy);
    sb->plan = c->plan; /* reached by the policy as state.plan */
    sb->results = c->res;
    sb->period = c->t;
    sb->first_editable = c->t + 1;
    gp_bind_push_results(L, c->res);
    lua_pushinteger(L, c->t + 1);
    int status = gp_lua_pcall(L, 2, 0);
    sb->first_editable = 0;
    sb->results = NULL;
    gp_bind_end(L);
    if (status != LUA_OK)
        return lua_error(L);
    return 0;
}

/* The value a metric returned, at the top of the stack, into m. [-0, +0, v] */
static void read_metric(lua_State *L, gp_lua_scenario *sc, const gp_result *res, gp_metric_value *m) {
    if (lua_type(L, -1) == LUA_TNUMBER) {
        m->value = lua_tonumber(L, -1);
        m->annual = NULL;
        m->nannual = 0;
        if (!isfinite(m->value))
            luaL_error(L, "metric '%s' is not a finite number", m->name);
        return;
    }
    if (!lua_istable(L, -1))
        luaL_error(L, "metric '%s' must give a number or a table of numbers by FY label, got %s", m->name,
                   luaL_typename(L, -1));
    int nfys = res->cal.nfys;
    double *annual = gp_scenario_keep(sc, malloc((size_t)(nfys ? nfys : 1) * sizeof *annual));
    if (!annual)
        luaL_error(L, "out of memory");
    for (int f = 0; f < nfys; f++)
        annual[f] = NAN; /* an FY the metric leaves out is written as null */
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        int f = -1;
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        for (int k = 0; key && k < nfys; k++) {
            char label[GP_LABEL_SIZE];
            gp_calendar_fy_label(&res->cal, k, label);
            if (strcmp(label, key) == 0)
                f = k;
        }
        if (f < 0)
            luaL_error(L, "metric '%s': %s is not an FY of the plan (keys are FY labels such as \"2022/23\")",
                       m->name, key ? lua_pushfstring(L, "'%s'", key) : luaL_typename(L, -2));
        if (lua_type(L, -1) != LUA_TNUMBER || !isfinite(lua_tonumber(L, -1)))
            luaL_error(L, "metric '%s': the value for %s must be a finite number, got %s", m->name, key,
                       luaL_typename(L, -1));
        annual[f] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    m->annual = annual;
    m->nannual = (size_t)nfys;
}

/* Every metric of the scenario, in name order, on the finished results. */
static int metrics_step(lua_State *L) {
    run_call *c = lua_touserdata(L, 1);
    gp_sandbox *sb = gp_sandbox_of(L);
    gp_lua_scenario *sc = c->sc;
    for (size_t i = 0; i < sc->nmetrics; i++) {
        gp_scenario_prelude_get(L, "metric");
        lua_rawgeti(L, LUA_REGISTRYINDEX, sc->run_desc);
        lua_pushstring(L, sc->metrics[i].name);
        sb->results = c->res;
        sb->period = c->res->cal.months - 1;
        gp_bind_push_results(L, c->res);
        lua_rawgeti(L, LUA_REGISTRYINDEX, sc->run_values);
        int status = gp_lua_pcall(L, 4, 1);
        if (status == LUA_OK)
            read_metric(L, sc, c->res, &sc->metrics[i]);
        sb->results = NULL;
        gp_bind_end(L);
        if (status != LUA_OK)
            return lua_error(L);
        lua_pop(L, 1);
    }
    return 0;
}

/* Run `step` protected in the scenario's run state; a failure goes to diag as a plugin error. */
static gp_error run_call_step(run_call *c, lua_CFunction step, gp_diag *diag) {
    lua_State *L = c->sc->run;
    lua_pushcfunction(L, step);
    lua_pushlightuserdata(L, c);
    int status = lua_pcall(L, 1, 0, 0);
    if (status == LUA_OK && gp_sandbox_of(L)->breach == GP_BREACH_NONE)
        return GP_OK;
    gp_sandbox_report(L, status == LUA_OK ? LUA_ERRRUN : status, c->sc->file, diag);
    return GP_ERR_PLUGIN;
}

typedef struct run_ctx {
    gp_lua_scenario *const *scs;
    size_t n;
} run_ctx;

/*
** A policy's changes are checked as an input would be, as apply's are, and
** before the model uses them: range checks within one schedule happen as
** it changes, but a rule across fields (bank_fill + agency_fill <= 1) needs
** the whole plan.
*/
static gp_error check_plan(const gp_lua_scenario *sc, const gp_plan *plan, int t, gp_diag *diag) {
    gp_diag found;
    gp_diag_init(&found);
    gp_error err = gp_plan_validate(plan, sc->file, &found);
    if (err != GP_OK) {
        char month[GP_LABEL_SIZE];
        gp_calendar_month_label(&plan->cal, t, month);
        gp_diag_add(diag, sc->file, 0, 0, NULL, "the policy of scenario '%s' left the plan invalid after %s:", sc->id,
                    month);
        for (size_t i = 0; i < found.count; i++)
            gp_diag_add(diag, found.items[i].file, found.items[i].line, found.items[i].column, found.items[i].path,
                        "%s", found.items[i].message);
        err = GP_ERR_PLUGIN;
    }
    gp_diag_free(&found);
    return err;
}

static gp_error policies(void *ctx, gp_plan *plan, const gp_result *partial, int t, gp_diag *diag) {
    const run_ctx *r = ctx;
    for (size_t i = 0; i < r->n; i++) {
        if (!r->scs[i]->has_policy)
            continue;
        run_call c = {r->scs[i], plan, partial, t};
        gp_sandbox *sb = gp_sandbox_of(r->scs[i]->run);
        sb->changed = false;
        gp_error err = run_call_step(&c, policy_step, diag);
        if (err == GP_OK && sb->changed)
            err = check_plan(r->scs[i], plan, t, diag);
        if (err != GP_OK)
            return err;
    }
    return GP_OK;
}

gp_error gp_lua_run_model(gp_lua_scenario *const *scenarios, size_t n, gp_plan *plan, gp_result **out,
                          gp_diag *diag) {
    gp_error err = GP_OK;
    bool any_policy = false;
    run_ctx ctx = {scenarios, n};

    if (!out || !plan || !diag || (n && !scenarios))
        return GP_ERR_ARGUMENT;
    *out = NULL;
    for (size_t i = 0; err == GP_OK && i < n; i++) {
        gp_lua_scenario *sc = scenarios[i];
        any_policy |= sc->has_policy;
        if (sc->has_policy || sc->nmetrics)
            err = open_run(sc, diag);
    }
    if (err == GP_OK)
        err = any_policy ? gp_model_run_policy(plan, policies, &ctx, out, diag) : gp_model_run(plan, out, diag);
    for (size_t i = 0; err == GP_OK && i < n; i++) {
        gp_lua_scenario *sc = scenarios[i];
        if (!sc->nmetrics)
            continue;
        run_call c = {sc, NULL, *out, 0};
        err = run_call_step(&c, metrics_step, diag);
        if (err == GP_OK) {
            sc->info.metrics = sc->metrics;
            sc->info.nmetrics = sc->nmetrics;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (scenarios[i]->run)
            close_run(scenarios[i], err != GP_OK);
    if (err != GP_OK) {
        gp_result_free(*out);
        *out = NULL;
    }
    return err;
}
