/*
** lua/bind_plan.c: the plan, its units and the lists of units and groups as
** Lua objects.
**
**   plan.units[1], plan.units.england, #plan.units, ipairs(plan.units)
**   unit.groups[2], unit.groups.nurses, unit.finance, unit.backlog
**   plan:groups()   every group of every unit, in file order
**   plan.systems    the plan's systems (bind_system.c)
**
** Reading a field that does not exist is an error naming the nearest one, as
** for globals: a typo must not read as nil. The only nils are a unit's
** optional blocks (finance, backlog) when the plan has none, and an index past
** the end of a list (so that ipairs stops).
*/
#include <string.h>

#include "bind.h"

static void push_text(lua_State *L, const char *s) {
    if (s)
        lua_pushstring(L, s);
    else
        lua_pushnil(L);
}

/* ---- plan ----------------------------------------------------------------------------------- */

static const char *const plan_fields[] = {"units", "systems", "groups", "name", "description", "start", "months"};

static int plan_groups(lua_State *L) {
    gp_plan *plan = gp_bind_check(L, 1, GP_MT_PLAN)->ptr;
    lua_createtable(L, (int)gp_plan_group_count(plan), 0);
    lua_Integer n = 0;
    for (size_t u = 0; u < plan->nunits; u++)
        for (size_t g = 0; g < plan->units[u].ngroups; g++) {
            gp_bind_push_group(L, &plan->units[u].groups[g]);
            lua_rawseti(L, -2, ++n);
        }
    return 1;
}

static int plan_index(lua_State *L) {
    gp_plan *plan = gp_bind_check(L, 1, GP_MT_PLAN)->ptr;
    const char *key = luaL_checkstring(L, 2);
    char label[GP_LABEL_SIZE];
    if (strcmp(key, "units") == 0) {
        gp_bind_push(L, GP_MT_UNITS, sizeof(gp_handle), plan);
    } else if (strcmp(key, "systems") == 0) {
        gp_bind_push(L, GP_MT_SYSTEMS, sizeof(gp_handle), plan);
    } else if (strcmp(key, "name") == 0) {
        push_text(L, plan->name);
    } else if (strcmp(key, "description") == 0) {
        push_text(L, plan->description);
    } else if (strcmp(key, "start") == 0) {
        gp_calendar_month_label(&plan->cal, 0, label);
        lua_pushstring(L, label);
    } else if (strcmp(key, "months") == 0) {
        lua_pushinteger(L, plan->cal.months);
    } else {
        gp_bind_method(L, GP_MT_PLAN, key);
        if (lua_isnil(L, -1))
            gp_bind_unknown(L, "field of the plan", key, plan_fields, sizeof plan_fields / sizeof *plan_fields);
    }
    return 1;
}

static int plan_newindex(lua_State *L) {
    gp_bind_check(L, 1, GP_MT_PLAN);
    return luaL_error(L, "the plan's fields cannot be assigned (edit its units' groups, finance and backlog)");
}

static int plan_tostring(lua_State *L) {
    gp_plan *plan = gp_bind_check(L, 1, GP_MT_PLAN)->ptr;
    lua_pushfstring(L, "plan %s", plan->name ? plan->name : "(unnamed)");
    return 1;
}

static const luaL_Reg plan_methods[] = {{"groups", plan_groups}, {NULL, NULL}};
static const luaL_Reg plan_meta[] = {
    {"__index", plan_index}, {"__newindex", plan_newindex}, {"__tostring", plan_tostring}, {NULL, NULL},
};

/* ---- lists of units and of groups -------------------------------------------------------------
** Both index by position (1-based) or by id. An id that is not there is an
** error naming the nearest id; a position past the end is nil.
*/

static int units_index(lua_State *L) {
    gp_plan *plan = gp_bind_check(L, 1, GP_MT_UNITS)->ptr;
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer i = luaL_checkinteger(L, 2);
        if (i >= 1 && (lua_Unsigned)i <= plan->nunits)
            gp_bind_push(L, GP_MT_UNIT, sizeof(gp_handle), &plan->units[i - 1]);
        else
            lua_pushnil(L);
        return 1;
    }
    const char *id = luaL_checkstring(L, 2);
    gp_unit *unit = gp_plan_find_unit(plan, id);
    if (!unit) {
        const char **ids = lua_newuserdatauv(L, (plan->nunits + 1) * sizeof *ids, 0);
        for (size_t u = 0; u < plan->nunits; u++)
            ids[u] = plan->units[u].id;
        return gp_bind_unknown(L, "unit", id, ids, plan->nunits);
    }
    gp_bind_push(L, GP_MT_UNIT, sizeof(gp_handle), unit);
    return 1;
}

static int units_len(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)((gp_plan *)gp_bind_check(L, 1, GP_MT_UNITS)->ptr)->nunits);
    return 1;
}

static int groups_index(lua_State *L) {
    gp_unit *unit = gp_bind_check(L, 1, GP_MT_GROUPS)->ptr;
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer i = luaL_checkinteger(L, 2);
        if (i >= 1 && (lua_Unsigned)i <= unit->ngroups)
            gp_bind_push_group(L, &unit->groups[i - 1]);
        else
            lua_pushnil(L);
        return 1;
    }
    const char *id = luaL_checkstring(L, 2);
    gp_group *g = gp_unit_find_group(unit, id);
    if (!g) {
        const char **ids = lua_newuserdatauv(L, (unit->ngroups + 1) * sizeof *ids, 0);
        for (size_t i = 0; i < unit->ngroups; i++)
            ids[i] = unit->groups[i].id;
        return gp_bind_unknown(L, lua_pushfstring(L, "group of unit %s", unit->id), id, ids, unit->ngroups);
    }
    gp_bind_push_group(L, g);
    return 1;
}

static int groups_len(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)((gp_unit *)gp_bind_check(L, 1, GP_MT_GROUPS)->ptr)->ngroups);
    return 1;
}

static int list_newindex(lua_State *L) {
    return luaL_error(L, "units and groups cannot be added or replaced by a plugin");
}

static int units_tostring(lua_State *L) {
    gp_bind_check(L, 1, GP_MT_UNITS);
    lua_pushliteral(L, "units");
    return 1;
}

static int groups_tostring(lua_State *L) {
    gp_unit *unit = gp_bind_check(L, 1, GP_MT_GROUPS)->ptr;
    lua_pushfstring(L, "groups of unit %s", unit->id);
    return 1;
}

static const luaL_Reg units_meta[] = {
    {"__index", units_index}, {"__newindex", list_newindex}, {"__len", units_len},
    {"__tostring", units_tostring}, {NULL, NULL},
};
static const luaL_Reg groups_meta[] = {
    {"__index", groups_index}, {"__newindex", list_newindex}, {"__len", groups_len},
    {"__tostring", groups_tostring}, {NULL, NULL},
};

/* ---- unit ----------------------------------------------------------------------------------- */

static const char *const unit_fields[] = {"id", "name", "description", "groups", "finance", "backlog"};

static int unit_index(lua_State *L) {
    gp_unit *unit = gp_bind_check(L, 1, GP_MT_UNIT)->ptr;
    const char *key = luaL_checkstring(L, 2);
    if (strcmp(key, "id") == 0)
        push_text(L, unit->id);
    else if (strcmp(key, "name") == 0)
        push_text(L, unit->name);
    else if (strcmp(key, "description") == 0)
        push_text(L, unit->description);
    else if (strcmp(key, "groups") == 0)
        gp_bind_push(L, GP_MT_GROUPS, sizeof(gp_handle), unit);
    else if (strcmp(key, "finance") == 0 && unit->finance)
        gp_bind_push_finance(L, unit->finance);
    else if (strcmp(key, "backlog") == 0 && unit->backlog)
        gp_bind_push_backlog(L, unit->backlog);
    else if (strcmp(key, "finance") == 0 || strcmp(key, "backlog") == 0)
        lua_pushnil(L); /* the plan has no such block for this unit */
    else
        gp_bind_unknown(L, "field of a unit", key, unit_fields, sizeof unit_fields / sizeof *unit_fields);
    return 1;
}

static int unit_newindex(lua_State *L) {
    gp_unit *unit = gp_bind_check(L, 1, GP_MT_UNIT)->ptr;
    return luaL_error(L, "unit %s: '%s' cannot be assigned (edit its groups, finance and backlog)", unit->id,
                      luaL_checkstring(L, 2));
}

static int unit_tostring(lua_State *L) {
    gp_unit *unit = gp_bind_check(L, 1, GP_MT_UNIT)->ptr;
    lua_pushfstring(L, "unit %s", unit->id);
    return 1;
}

static int handle_eq(lua_State *L) {
    /* Two handles of one type are equal when they point at the same thing (only called for two userdata). */
    const gp_handle *a = lua_touserdata(L, 1), *b = lua_touserdata(L, 2);
    lua_pushboolean(L, a && b && a->ptr == b->ptr);
    return 1;
}

static const luaL_Reg unit_meta[] = {
    {"__index", unit_index}, {"__newindex", unit_newindex}, {"__tostring", unit_tostring},
    {"__eq", handle_eq}, {NULL, NULL},
};

void gp_bind_open_plan(lua_State *L) {
    gp_bind_register(L, GP_MT_PLAN, plan_meta, plan_methods);
    gp_bind_register(L, GP_MT_UNITS, units_meta, NULL);
    gp_bind_register(L, GP_MT_GROUPS, groups_meta, NULL);
    gp_bind_register(L, GP_MT_UNIT, unit_meta, NULL);
}
