/*
** lua/bind_block.c: a staff group, a unit's finance, its capital and its
** backlog as Lua objects, all four driven by the core's field tables
** (plan.h), so a field added to MODEL.md and fields.c appears here with its
** name and range and nothing else to change.
**
**   g.establishment            a number field: read, or assign (range-checked)
**   g.leaver_rate              a schedule field: a schedule object
**   fin.pressures, fin.capital, capital.schemes, g.id, g.name
**
** Assigning a schedule field is refused with a pointer to :set(): a plugin
** that writes `g.leaver_rate = 0.1` most likely meant every month, and saying
** so beats guessing.
*/
#include <math.h>
#include <string.h>

#include "bind.h"
#include "sandbox.h"

/* Capital scheme amounts are >= 0 (MODEL.md §9); pressures and funding may be negative. */
#define SCHEME_AMOUNT_MIN 0.0

/* Keys beyond the field table: read-only text and the sub-objects of a block. */
typedef struct block_type {
    const char *mt;
    const char *what; /* "group", "finance", ... for messages */
    const gp_field_table *fields;
    const char *const *extras;
    size_t nextras;
    /* push the value of an extra key; false when `key` is not one */
    bool (*push_extra)(lua_State *L, void *block, const char *key);
} block_type;

static bool group_extra(lua_State *L, void *block, const char *key) {
    gp_group *g = block;
    const char *s;
    if (strcmp(key, "id") == 0)
        s = g->id;
    else if (strcmp(key, "name") == 0)
        s = g->name;
    else if (strcmp(key, "description") == 0)
        s = g->description;
    else
        return false;
    if (s)
        lua_pushstring(L, s);
    else
        lua_pushnil(L);
    return true;
}

static bool finance_extra(lua_State *L, void *block, const char *key) {
    gp_finance *f = block;
    if (strcmp(key, "pressures") == 0)
        gp_bind_push_lines(L, &f->pressures, "pressures", -HUGE_VAL);
    else if (strcmp(key, "funding") == 0)
        gp_bind_push_lines(L, &f->funding, "funding", -HUGE_VAL);
    else if (strcmp(key, "capital") == 0)
        gp_bind_push_capital(L, &f->capital);
    else
        return false;
    return true;
}

static bool capital_extra(lua_State *L, void *block, const char *key) {
    gp_capital *c = block;
    if (strcmp(key, "schemes") != 0)
        return false;
    gp_bind_push_lines(L, &c->schemes, "schemes", SCHEME_AMOUNT_MIN);
    return true;
}

static bool no_extra(lua_State *L, void *block, const char *key) {
    (void)L, (void)block, (void)key;
    return false;
}

static const char *const group_extras[] = {"id", "name", "description"};
static const char *const finance_extras[] = {"pressures", "funding", "capital"};
static const char *const capital_extras[] = {"schemes"};

static const block_type group_type = {GP_MT_GROUP, "group", &gp_group_fields, group_extras, 3, group_extra};
static const block_type finance_type = {GP_MT_FINANCE, "finance", &gp_finance_fields, finance_extras, 3,
                                        finance_extra};
static const block_type capital_type = {GP_MT_CAPITAL, "capital", &gp_capital_fields, capital_extras, 1,
                                        capital_extra};
static const block_type backlog_type = {GP_MT_BACKLOG, "backlog", &gp_backlog_fields, NULL, 0, no_extra};

/* The block's name in messages: "group nurses", "finance". [-0, +1, m] */
static const char *block_name(lua_State *L, const block_type *type, void *block) {
    if (type == &group_type)
        return lua_pushfstring(L, "group %s", ((gp_group *)block)->id);
    return lua_pushstring(L, type->what);
}

/* Every key of a block, for "did you mean". [-0, +1, m] */
static int unknown_key(lua_State *L, const block_type *type, void *block, const char *key) {
    size_t n = type->fields->count + type->nextras;
    const char **names = lua_newuserdatauv(L, n * sizeof *names, 0);
    for (size_t i = 0; i < type->fields->count; i++)
        names[i] = type->fields->fields[i].name;
    for (size_t i = 0; i < type->nextras; i++)
        names[type->fields->count + i] = type->extras[i];
    return gp_bind_unknown(L, lua_pushfstring(L, "field of %s", block_name(L, type, block)), key, names, n);
}

static int block_index(lua_State *L, const block_type *type) {
    void *block = gp_bind_check(L, 1, type->mt)->ptr;
    const char *key = luaL_checkstring(L, 2);
    const gp_field *f = gp_field_find(type->fields, key);
    if (!f) {
        if (!type->push_extra(L, block, key))
            unknown_key(L, type, block, key);
        return 1;
    }
    switch (f->kind) {
    case GP_FIELD_SCHEDULE:
        gp_bind_push_schedule(L, gp_field_schedule(f, block), f->name, f->min, f->max);
        break;
    case GP_FIELD_NUMBER:
        lua_pushnumber(L, *gp_field_number(f, block));
        break;
    case GP_FIELD_INTEGER:
        lua_pushinteger(L, *(int *)((char *)block + f->offset));
        break;
    case GP_FIELD_BOOLEAN:
        lua_pushboolean(L, *(bool *)((char *)block + f->offset));
        break;
    }
    return 1;
}

/* Assign a scalar field, checking its type and range first. */
static int block_newindex(lua_State *L, const block_type *type) {
    void *block = gp_bind_check(L, 1, type->mt)->ptr;
    const char *key = luaL_checkstring(L, 2);
    const gp_field *f = gp_field_find(type->fields, key);
    const char *name = block_name(L, type, block);
    if (!f) {
        if (type->push_extra(L, block, key))
            return luaL_error(L, "%s: '%s' cannot be assigned", name, key);
        return unknown_key(L, type, block, key);
    }
    if (f->kind == GP_FIELD_SCHEDULE)
        return luaL_error(L, "%s: %s is a schedule: use %s:set(v, opts), :add() or :scale()", name, key, key);
    if (gp_sandbox_of(L)->first_editable > 0)
        return luaL_error(L, "%s: %s is a starting value and cannot change during the run: a policy changes "
                             "schedules, from the next month on", name, key);
    if (f->kind == GP_FIELD_BOOLEAN) {
        if (lua_type(L, 3) != LUA_TBOOLEAN)
            return luaL_error(L, "%s: %s must be true or false, got %s", name, key, luaL_typename(L, 3));
        *(bool *)((char *)block + f->offset) = lua_toboolean(L, 3);
        return 0;
    }
    int isnum;
    double v = lua_tonumberx(L, 3, &isnum);
    if (lua_type(L, 3) != LUA_TNUMBER || !isnum)
        return luaL_error(L, "%s: %s must be a number, got %s", name, key, luaL_typename(L, 3));
    if (!isfinite(v) || v < f->min || v > f->max)
        return luaL_error(L, "%s: %s must be within %s, got %s", name, key, gp_bind_range(L, f->min, f->max),
                          gp_bind_number(L, v));
    if (f->kind == GP_FIELD_INTEGER) {
        if (v != floor(v))
            return luaL_error(L, "%s: %s must be a whole number, got %s", name, key, gp_bind_number(L, v));
        *(int *)((char *)block + f->offset) = (int)v;
    } else {
        *gp_field_number(f, block) = v;
    }
    return 0;
}

static int block_tostring(lua_State *L, const block_type *type) {
    block_name(L, type, gp_bind_check(L, 1, type->mt)->ptr);
    return 1;
}

static int block_eq(lua_State *L) {
    const gp_handle *a = lua_touserdata(L, 1), *b = lua_touserdata(L, 2);
    lua_pushboolean(L, a && b && a->ptr == b->ptr);
    return 1;
}

/* The metamethods of each type: thin shims that pass their block_type. */
#define BLOCK_META(prefix, type)                                                   \
    static int prefix##_index(lua_State *L) { return block_index(L, &type); }        \
    static int prefix##_newindex(lua_State *L) { return block_newindex(L, &type); }  \
    static int prefix##_tostring(lua_State *L) { return block_tostring(L, &type); }  \
    static const luaL_Reg prefix##_meta[] = {                                        \
        {"__index", prefix##_index}, {"__newindex", prefix##_newindex},              \
        {"__tostring", prefix##_tostring}, {"__eq", block_eq}, {NULL, NULL},         \
    };

BLOCK_META(group, group_type)
BLOCK_META(finance, finance_type)
BLOCK_META(capital, capital_type)
BLOCK_META(backlog, backlog_type)

void gp_bind_push_group(lua_State *L, gp_group *g) { gp_bind_push(L, GP_MT_GROUP, sizeof(gp_handle), g); }
void gp_bind_push_finance(lua_State *L, gp_finance *f) { gp_bind_push(L, GP_MT_FINANCE, sizeof(gp_handle), f); }
void gp_bind_push_capital(lua_State *L, gp_capital *c) { gp_bind_push(L, GP_MT_CAPITAL, sizeof(gp_handle), c); }
void gp_bind_push_backlog(lua_State *L, gp_backlog *b) { gp_bind_push(L, GP_MT_BACKLOG, sizeof(gp_handle), b); }

void gp_bind_open_blocks(lua_State *L) {
    gp_bind_register(L, GP_MT_GROUP, group_meta, NULL);
    gp_bind_register(L, GP_MT_FINANCE, finance_meta, NULL);
    gp_bind_register(L, GP_MT_CAPITAL, capital_meta, NULL);
    gp_bind_register(L, GP_MT_BACKLOG, backlog_meta, NULL);
}
