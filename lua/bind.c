/*
** lua/bind.c: what every binding type shares: handles that expire, locked
** metatables, method look-up and "did you mean" errors (bind.h).
**
** Expiry costs one integer: the sandbox keeps an epoch that gp_bind_end()
** bumps, each handle records the epoch it was made in, and a handle is live
** while the two agree and a plan is under edit. No list of handles is kept,
** so expiring a run's thousands of handles is O(1).
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bind.h"
#include "gapplan/text.h"
#include "sandbox.h"

void gp_bind_register(lua_State *L, const char *name, const luaL_Reg *meta, const luaL_Reg *methods) {
    luaL_newmetatable(L, name);
    luaL_setfuncs(L, meta, 0);
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__name");
    /* getmetatable(handle) gives the type's name; the metatable itself stays out of reach */
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__metatable");
    if (methods) {
        lua_newtable(L);
        luaL_setfuncs(L, methods, 0);
        lua_setfield(L, -2, "methods");
    }
    lua_pop(L, 1);
}

void gp_bind_method(lua_State *L, const char *mt, const char *key) {
    luaL_getmetatable(L, mt);
    if (lua_getfield(L, -1, "methods") == LUA_TTABLE)
        lua_getfield(L, -1, key);
    else
        lua_pushnil(L);
    lua_replace(L, -3);
    lua_pop(L, 1);
}

gp_handle *gp_bind_push(lua_State *L, const char *mt, size_t size, void *ptr) {
    gp_handle *h = lua_newuserdatauv(L, size, 0);
    memset(h, 0, size);
    h->ptr = ptr;
    h->epoch = gp_sandbox_of(L)->epoch;
    luaL_setmetatable(L, mt);
    return h;
}

gp_handle *gp_bind_check(lua_State *L, int arg, const char *mt) {
    gp_handle *h = luaL_checkudata(L, arg, mt);
    const gp_sandbox *sb = gp_sandbox_of(L);
    luaL_argcheck(L, h->epoch == sb->epoch && sb->plan, arg,
                  "this plan object was used after its scenario run ended");
    return h;
}

gp_plan *gp_bind_plan(lua_State *L) {
    gp_plan *plan = gp_sandbox_of(L)->plan;
    if (!plan)
        luaL_error(L, "no plan is being edited");
    return plan;
}

void gp_bind_begin(lua_State *L, gp_plan *plan) {
    gp_sandbox *sb = gp_sandbox_of(L);
    sb->plan = plan;
    gp_bind_push(L, GP_MT_PLAN, sizeof(gp_handle), plan);
}

void gp_bind_end(lua_State *L) {
    gp_sandbox *sb = gp_sandbox_of(L);
    sb->plan = NULL;
    sb->epoch++;
}

int gp_bind_unknown(lua_State *L, const char *what, const char *key, const char *const *names, size_t count) {
    const char *near = gp_nearest_name(key, names, count);
    if (near)
        return luaL_error(L, "unknown %s '%s' (did you mean %s?)", what, key, near);
    return luaL_error(L, "unknown %s '%s'", what, key);
}

const char *gp_bind_range(lua_State *L, double min, double max) {
    if (isinf(min) && isinf(max))
        return lua_pushstring(L, "any finite number");
    if (isinf(max))
        return lua_pushfstring(L, "[%s, inf)", gp_bind_number(L, min));
    return lua_pushfstring(L, "[%s, %s]", gp_bind_number(L, min), gp_bind_number(L, max));
}

const char *gp_bind_number(lua_State *L, double v) {
    char buf[32];
    snprintf(buf, sizeof buf, "%.14g", v);
    return lua_pushstring(L, buf);
}

void gp_bind_open(lua_State *L) {
    gp_bind_open_plan(L);
    gp_bind_open_blocks(L);
    gp_bind_open_schedule(L);
    gp_bind_open_lines(L);
    gp_bind_open_results(L);
    gp_bind_open_systems(L);
}
