/*
** lua/bind_system.c: the plan's systems as Lua objects (docs/methodology.md
** "Systems").
**
**   plan.systems[1], plan.systems["north-icb"], #plan.systems, ipairs(...)
**   system.id, system.name, system.units        (a list of unit handles)
**   system.travel_share, system.pool_share      (schedules: :set, :add, :scale)
**   system.pool_lines, system.pool_rule         ({"Elective recovery fund"}, "gap")
**
** Which units a system holds, and which lines it pools, are the plan's
** structure and cannot be changed by a plugin, as units and groups cannot;
** the shares are inputs like any other. A system without a shared waiting
** list has travel_share nil, one without pooled funding pool_share nil.
*/
#include <string.h>

#include "bind.h"

static const char *const system_fields[] = {"id", "name", "units", "travel_share", "pool_share", "pool_lines",
                                            "pool_rule"};

/* ---- plan.systems ------------------------------------------------------------------------------- */

static int systems_index(lua_State *L) {
    gp_plan *plan = gp_bind_check(L, 1, GP_MT_SYSTEMS)->ptr;
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer i = luaL_checkinteger(L, 2);
        if (i >= 1 && (lua_Unsigned)i <= plan->nsystems)
            gp_bind_push(L, GP_MT_SYSTEM, sizeof(gp_handle), &plan->systems[i - 1]);
        else
            lua_pushnil(L);
        return 1;
    }
    const char *id = luaL_checkstring(L, 2);
    for (size_t k = 0; k < plan->nsystems; k++)
        if (strcmp(plan->systems[k].id, id) == 0) {
            gp_bind_push(L, GP_MT_SYSTEM, sizeof(gp_handle), &plan->systems[k]);
            return 1;
        }
    const char **ids = lua_newuserdatauv(L, (plan->nsystems + 1) * sizeof *ids, 0);
    for (size_t k = 0; k < plan->nsystems; k++)
        ids[k] = plan->systems[k].id;
    return gp_bind_unknown(L, "system", id, ids, plan->nsystems);
}

static int systems_len(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)((gp_plan *)gp_bind_check(L, 1, GP_MT_SYSTEMS)->ptr)->nsystems);
    return 1;
}

static int systems_newindex(lua_State *L) {
    gp_bind_check(L, 1, GP_MT_SYSTEMS);
    return luaL_error(L, "systems cannot be added or replaced by a plugin");
}

static int systems_tostring(lua_State *L) {
    gp_bind_check(L, 1, GP_MT_SYSTEMS);
    lua_pushliteral(L, "systems");
    return 1;
}

/* ---- a system ------------------------------------------------------------------------------------ */

static int system_index(lua_State *L) {
    gp_system *sys = gp_bind_check(L, 1, GP_MT_SYSTEM)->ptr;
    gp_plan *plan = gp_bind_plan(L);
    const char *key = luaL_checkstring(L, 2);
    if (strcmp(key, "id") == 0) {
        lua_pushstring(L, sys->id);
    } else if (strcmp(key, "name") == 0) {
        lua_pushstring(L, sys->name ? sys->name : sys->id);
    } else if (strcmp(key, "units") == 0) {
        lua_createtable(L, (int)sys->nmembers, 0);
        for (size_t i = 0; i < sys->nmembers; i++) {
            gp_bind_push(L, GP_MT_UNIT, sizeof(gp_handle), &plan->units[sys->members[i]]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    } else if (strcmp(key, "travel_share") == 0) {
        if (sys->travel_share)
            gp_bind_push_schedule(L, sys->travel_share, "travel_share", 0, 1);
        else
            lua_pushnil(L);
    } else if (strcmp(key, "pool_share") == 0) {
        if (sys->pool_share)
            gp_bind_push_schedule(L, sys->pool_share, "pool_share", 0, 1);
        else
            lua_pushnil(L);
    } else if (strcmp(key, "pool_lines") == 0) {
        lua_createtable(L, (int)sys->npool_lines, 0);
        for (size_t i = 0; i < sys->npool_lines; i++) {
            lua_pushstring(L, sys->pool_lines[i]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    } else if (strcmp(key, "pool_rule") == 0) {
        if (sys->pool_share)
            lua_pushstring(L, sys->pool_rule == GP_POOL_WAITING_LIST ? "waiting_list" : "gap");
        else
            lua_pushnil(L);
    } else {
        return gp_bind_unknown(L, "field of a system", key, system_fields,
                               sizeof system_fields / sizeof *system_fields);
    }
    return 1;
}

static int system_newindex(lua_State *L) {
    gp_system *sys = gp_bind_check(L, 1, GP_MT_SYSTEM)->ptr;
    const char *key = luaL_checkstring(L, 2);
    if (strcmp(key, "travel_share") == 0 || strcmp(key, "pool_share") == 0)
        return luaL_error(L, "system %s: %s is a schedule: change it with :set, :add or :scale", sys->id, key);
    return luaL_error(L, "system %s: its %s cannot be changed by a plugin (the units and lines it holds are the "
                      "plan's structure)", sys->id, key);
}

static int system_tostring(lua_State *L) {
    gp_system *sys = gp_bind_check(L, 1, GP_MT_SYSTEM)->ptr;
    lua_pushfstring(L, "system %s", sys->id);
    return 1;
}

static int system_eq(lua_State *L) {
    lua_pushboolean(L, gp_bind_check(L, 1, GP_MT_SYSTEM)->ptr == gp_bind_check(L, 2, GP_MT_SYSTEM)->ptr);
    return 1;
}

static const luaL_Reg systems_meta[] = {
    {"__index", systems_index}, {"__newindex", systems_newindex}, {"__len", systems_len},
    {"__tostring", systems_tostring}, {NULL, NULL},
};
static const luaL_Reg system_meta[] = {
    {"__index", system_index}, {"__newindex", system_newindex}, {"__tostring", system_tostring},
    {"__eq", system_eq}, {NULL, NULL},
};

void gp_bind_open_systems(lua_State *L) {
    gp_bind_register(L, GP_MT_SYSTEMS, systems_meta, NULL);
    gp_bind_register(L, GP_MT_SYSTEM, system_meta, NULL);
}
