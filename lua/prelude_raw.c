/*
** lua/prelude_raw.c: the C primitives the prelude builds on (prelude.h):
** the core's label parsing, id rule and "did you mean", so Lua and C agree on
** what a label or an id is.
*/
#include <lauxlib.h>

#include "gapplan/calendar.h"
#include "gapplan/text.h"
#include "prelude.h"

/* Names compared by raw.nearest: a scenario has a few dozen params at most. */
#define NEAREST_MAX 256

/* raw.label_kind(s): "month", "fy" or nil. */
static int raw_label_kind(lua_State *L) {
    const char *s = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : NULL;
    gp_month m;
    int fy;
    if (s && gp_month_parse(s, &m))
        lua_pushliteral(L, "month");
    else if (s && gp_fy_parse(s, &fy))
        lua_pushliteral(L, "fy");
    else
        lua_pushnil(L);
    return 1;
}

/* raw.nearest(word, {names...}): the likely intended name, or nil. */
static int raw_nearest(lua_State *L) {
    const char *word = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    const char *names[NEAREST_MAX];
    size_t n = 0;
    luaL_checkstack(L, NEAREST_MAX + 1, "raw.nearest");
    for (lua_Integer i = 1; n < NEAREST_MAX && lua_rawgeti(L, 2, i) == LUA_TSTRING; i++)
        names[n++] = lua_tostring(L, -1); /* kept alive by the table */
    const char *near = gp_nearest_name(word, names, n);
    if (near)
        lua_pushstring(L, near);
    else
        lua_pushnil(L);
    return 1;
}

/* raw.id_valid(s): [a-z0-9_-]+ of at most GP_ID_MAX bytes. */
static int raw_id_valid(lua_State *L) {
    lua_pushboolean(L, lua_type(L, 1) == LUA_TSTRING && gp_id_valid(lua_tostring(L, 1)));
    return 1;
}

const luaL_Reg gp_prelude_raw[] = {
    {"label_kind", raw_label_kind}, {"nearest", raw_nearest}, {"id_valid", raw_id_valid}, {NULL, NULL},
};
