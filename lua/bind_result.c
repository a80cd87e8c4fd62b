/*
** lua/bind_result.c: results as a Lua object, for policies and metrics.
**
** A policy gets `state` after the model computes period t; a metric gets
** `results` after the whole run. Both are this object:
**
**   r:value("vacancy_rate", {unit = "england", group = "nurses"})   the figure in the month just computed
**   r:value("revenue_gap", {month = "2022-09"})                     ... or in an earlier month
**   r:monthly("waiting_list")                                       every month so far, r.t values
**   r:annual("revenue_gap")                                         by FY label (metrics only: FYs need the whole run)
**   r:annual("vacancies", {mean = true})                            a stock's FY mean instead of its closing value
**   r.t, r.month, r.months, r.fys                                   months computed (1-based), its label, the
**                                                                   plan's length, the FY labels
**   state.plan                                                      in a policy: the plan, whose schedules may
**                                                                   change from the next month on
**
** Series names are MODEL.md §7's. `unit` is a unit id or "all" (every unit
** summed); the default is the only unit, or "all" when there are several.
** `group` (group series only) is a group id or "total", the default. A name
** or id that does not exist is an error naming the nearest one.
**
** Handles borrow the result and expire when the call that received them
** returns, like the plan's handles (bind.h).
*/
#include <math.h>
#include <string.h>

#include "bind.h"
#include "gapplan/result.h"
#include "sandbox.h"

/* Series names of all three kinds, for "did you mean". */
#define ALL_SERIES (GP_GROUP_SERIES_COUNT + GP_FINANCE_SERIES_COUNT + GP_BACKLOG_SERIES_COUNT)

static const char *const result_fields[] = {"t", "month", "months", "fys", "plan", "value", "monthly", "annual"};

/* The result behind the handle at `arg`, checked to be live. [-0, +0, v] */
static const gp_result *check_results(lua_State *L, int arg) {
    gp_handle *h = luaL_checkudata(L, arg, GP_MT_RESULTS);
    const gp_sandbox *sb = gp_sandbox_of(L);
    luaL_argcheck(L, h->epoch == sb->epoch && sb->results == h->ptr, arg,
                  "these results were used after the policy or metric call that received them returned");
    return h->ptr;
}

void gp_bind_push_results(lua_State *L, const gp_result *res) { gp_bind_push(L, GP_MT_RESULTS, sizeof(gp_handle), (void *)res); }

/* The string option `key` of the table at `opts` (may be none), or NULL. [-0, +0, v] */
static const char *string_option(lua_State *L, int opts, const char *key) {
    if (lua_isnoneornil(L, opts))
        return NULL;
    lua_getfield(L, opts, key);
    const char *v = lua_isnil(L, -1) ? NULL : lua_tostring(L, -1);
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "option %s must be a string, got %s", key, luaL_typename(L, -1));
    lua_pop(L, 1); /* the string stays alive: the options table holds it */
    return v;
}

/* Check the options table: only unit, group, month, mean. [-0, +0, v] */
static void check_options(lua_State *L, int opts) {
    static const char *const names[] = {"unit", "group", "month", "mean"};
    if (lua_isnoneornil(L, opts))
        return;
    luaL_checktype(L, opts, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, opts)) {
        lua_pop(L, 1);
        const char *key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
        bool known = false;
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            known |= strcmp(key, names[i]) == 0;
        if (!known)
            gp_bind_unknown(L, "results option", key, names, sizeof names / sizeof *names);
    }
}

static const gp_unit_result *find_unit(lua_State *L, const gp_result *res, const char *id) {
    if (!id)
        return res->nunits == 1 ? &res->units[0] : &res->all_units;
    if (strcmp(id, "all") == 0)
        return &res->all_units;
    const char *ids[GP_RESULT_UNITS_SHOWN];
    size_t n = 0;
    for (size_t u = 0; u < res->nunits; u++) {
        if (strcmp(res->units[u].id, id) == 0)
            return &res->units[u];
        if (n < GP_RESULT_UNITS_SHOWN)
            ids[n++] = res->units[u].id;
    }
    gp_bind_unknown(L, "unit", id, ids, n);
    return NULL;
}

static const gp_block *find_group(lua_State *L, const gp_unit_result *u, const char *id) {
    const char *ids[GP_RESULT_UNITS_SHOWN];
    size_t n = 0;
    if (!id || strcmp(id, "total") == 0)
        return &u->groups[u->ngroups];
    for (size_t g = 0; g < u->ngroups; g++) {
        if (strcmp(u->groups[g].id, id) == 0)
            return &u->groups[g];
        if (n < GP_RESULT_UNITS_SHOWN)
            ids[n++] = u->groups[g].id;
    }
    gp_bind_unknown(L, lua_pushfstring(L, "group of unit %s", u->id), id, ids, n);
    return NULL;
}

/* The block and series index of `name` with the options at `opts`. [-0, +0, v] */
static const gp_block *find_series(lua_State *L, const gp_result *res, const char *name, int opts, size_t *s) {
    const char *names[ALL_SERIES];
    size_t n = 0;
    check_options(L, opts);
    const gp_unit_result *u = find_unit(L, res, string_option(L, opts, "unit"));
    const char *group = string_option(L, opts, "group");
    for (size_t i = 0; i < GP_GROUP_SERIES_COUNT; i++, n++)
        if (strcmp(names[n] = gp_group_series_info[i].name, name) == 0) {
            *s = i;
            return find_group(L, u, group);
        }
    if (group)
        luaL_error(L, "%s is not a staff group series: give no group", name);
    for (size_t i = 0; i < GP_FINANCE_SERIES_COUNT; i++, n++)
        if (strcmp(names[n] = gp_finance_series_info[i].name, name) == 0) {
            if (!u->finance)
                luaL_error(L, "unit %s has no finance block", u->id);
            *s = i;
            return u->finance;
        }
    for (size_t i = 0; i < GP_BACKLOG_SERIES_COUNT; i++, n++)
        if (strcmp(names[n] = gp_backlog_series_info[i].name, name) == 0) {
            if (!u->backlog)
                luaL_error(L, "unit %s has no backlog block", u->id);
            *s = i;
            return u->backlog;
        }
    gp_bind_unknown(L, "series", name, names, n);
    return NULL;
}

/* The period of the option `month`, or the last computed; a month not computed yet is an error. [-0, +0, v] */
static int period_option(lua_State *L, const gp_result *res, int opts) {
    const gp_sandbox *sb = gp_sandbox_of(L);
    const char *label = string_option(L, opts, "month");
    if (!label)
        return sb->period;
    int first, last;
    if (!gp_calendar_label_periods(&res->cal, label, &first, &last) || first != last)
        luaL_error(L, "month must be a month label (YYYY-MM), got '%s'", label);
    if (first < 0 || first > sb->period) {
        char now[GP_LABEL_SIZE];
        gp_calendar_month_label(&res->cal, sb->period, now);
        luaL_error(L, "%s is not computed: the results run from the plan's start to %s", label, now);
    }
    return first;
}

static int results_value(lua_State *L) {
    const gp_result *res = check_results(L, 1);
    size_t s;
    const gp_block *b = find_series(L, res, luaL_checkstring(L, 2), 3, &s);
    lua_pushnumber(L, gp_block_monthly(b, s)[period_option(L, res, 3)]);
    return 1;
}

static int results_monthly(lua_State *L) {
    const gp_result *res = check_results(L, 1);
    size_t s;
    const gp_block *b = find_series(L, res, luaL_checkstring(L, 2), 3, &s);
    int last = gp_sandbox_of(L)->period;
    lua_createtable(L, last + 1, 0);
    for (int t = 0; t <= last; t++) {
        lua_pushnumber(L, gp_block_monthly(b, s)[t]);
        lua_rawseti(L, -2, t + 1);
    }
    return 1;
}

static int results_annual(lua_State *L) {
    const gp_result *res = check_results(L, 1);
    if (gp_sandbox_of(L)->period < res->cal.months - 1)
        return luaL_error(L, "annual figures need the whole run: they are for metrics, not policies");
    size_t s;
    const gp_block *b = find_series(L, res, luaL_checkstring(L, 2), 3, &s);
    bool mean = false;
    if (lua_istable(L, 3)) {
        lua_getfield(L, 3, "mean");
        mean = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    if (mean && b->series[s].agg != GP_AGG_STOCK)
        return luaL_error(L, "%s is a flow: it has an FY sum, no mean", b->series[s].name);
    const double *v = mean ? gp_block_mean(b, s) : gp_block_annual(b, s);
    lua_createtable(L, 0, b->nfys);
    for (int f = 0; f < b->nfys; f++) {
        char label[GP_LABEL_SIZE];
        gp_calendar_fy_label(&res->cal, f, label);
        lua_pushnumber(L, v[f]);
        lua_setfield(L, -2, label);
    }
    return 1;
}

static int results_index(lua_State *L) {
    const gp_result *res = check_results(L, 1);
    const gp_sandbox *sb = gp_sandbox_of(L);
    const char *key = luaL_checkstring(L, 2);
    char label[GP_LABEL_SIZE];
    if (strcmp(key, "t") == 0) {
        lua_pushinteger(L, sb->period + 1);
    } else if (strcmp(key, "month") == 0) {
        gp_calendar_month_label(&res->cal, sb->period, label);
        lua_pushstring(L, label);
    } else if (strcmp(key, "months") == 0) {
        lua_pushinteger(L, res->cal.months);
    } else if (strcmp(key, "fys") == 0) {
        lua_createtable(L, res->cal.nfys, 0);
        for (int f = 0; f < res->cal.nfys; f++) {
            gp_calendar_fy_label(&res->cal, f, label);
            lua_pushstring(L, label);
            lua_rawseti(L, -2, f + 1);
        }
    } else if (strcmp(key, "plan") == 0) {
        if (!sb->plan)
            return luaL_error(L, "results have no plan: only a policy's state can change the plan");
        gp_bind_push(L, GP_MT_PLAN, sizeof(gp_handle), sb->plan);
    } else {
        gp_bind_method(L, GP_MT_RESULTS, key);
        if (lua_isnil(L, -1))
            return gp_bind_unknown(L, "field of results", key, result_fields,
                                   sizeof result_fields / sizeof *result_fields);
    }
    return 1;
}

static int results_newindex(lua_State *L) {
    check_results(L, 1);
    return luaL_error(L, "results are read-only: a policy changes the plan's schedules (state.plan)");
}

static int results_tostring(lua_State *L) {
    const gp_result *res = check_results(L, 1);
    char label[GP_LABEL_SIZE];
    gp_calendar_month_label(&res->cal, gp_sandbox_of(L)->period, label);
    lua_pushfstring(L, "results to %s", label);
    return 1;
}

static const luaL_Reg results_meta[] = {
    {"__index", results_index}, {"__newindex", results_newindex}, {"__tostring", results_tostring}, {NULL, NULL},
};
static const luaL_Reg results_methods[] = {
    {"value", results_value}, {"monthly", results_monthly}, {"annual", results_annual}, {NULL, NULL},
};

void gp_bind_open_results(lua_State *L) { gp_bind_register(L, GP_MT_RESULTS, results_meta, results_methods); }
