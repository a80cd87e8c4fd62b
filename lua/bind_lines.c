/*
** lua/bind_lines.c: the named lists of a finance block (pressures, funding)
** and of capital (schemes) as Lua objects.
**
**   fin.pressures:add{name = "covid", amounts = {["2022/23"] = 4.6e9, ["2023/24"] = 0}}
**   fin.pressures.covid.amounts:scale(1.1)
**   #fin.pressures, fin.pressures[1].name
**
** `amounts` is a number or a table keyed by month or FY labels, expanded as
** the same schedule in a plan file would be. Names are unique in their list.
** A line handle holds its list and position, not a pointer to the line: adding
** a line may move the list's items.
*/
#include <math.h>
#include <string.h>

#include "bind.h"
#include "sandbox.h"
#include "gapplan/text.h"

/* Bytes of a line's name: a label on a board paper, not an essay. */
#define LINE_NAME_MAX 200

typedef struct lines_handle {
    gp_handle h;      /* ptr: gp_lines * */
    const char *name; /* "pressures", "funding", "schemes" */
    double min;       /* least amount allowed */
} lines_handle;

typedef struct line_handle {
    gp_handle h; /* ptr: gp_lines * */
    size_t index;
    const char *list;
    double min;
} line_handle;

static const char *const add_keys[] = {"name", "amounts"};

void gp_bind_push_lines(lua_State *L, gp_lines *lines, const char *name, double min) {
    lines_handle *h = (lines_handle *)gp_bind_push(L, GP_MT_LINES, sizeof *h, lines);
    h->name = name;
    h->min = min;
}

static void push_line(lua_State *L, const lines_handle *lh, size_t index) {
    line_handle *h = (line_handle *)gp_bind_push(L, GP_MT_LINE, sizeof *h, lh->h.ptr);
    h->index = index;
    h->list = lh->name;
    h->min = lh->min;
}

static size_t find_line(const gp_lines *lines, const char *name) {
    for (size_t i = 0; i < lines->count; i++)
        if (strcmp(lines->items[i].name, name) == 0)
            return i;
    return lines->count;
}

/* list:add{name = ..., amounts = ...}: every check before the plan is touched. */
static int lines_add(lua_State *L) {
    lines_handle *lh = (lines_handle *)gp_bind_check(L, 1, GP_MT_LINES);
    gp_lines *lines = lh->h.ptr;
    gp_plan *plan = gp_bind_plan(L);
    if (gp_sandbox_of(L)->first_editable > 0)
        return luaL_error(L, "%s:add(): lines cannot be added while the model runs; add the line in apply "
                             "(with zero amounts) and change its amounts in the policy", lh->name);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        lua_pop(L, 1);
        const char *key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        if (!key || (strcmp(key, "name") != 0 && strcmp(key, "amounts") != 0))
            gp_bind_unknown(L, lua_pushfstring(L, "field of %s:add", lh->name), key ? key : luaL_typename(L, -1),
                            add_keys, 2);
    }
    size_t len;
    lua_getfield(L, 2, "name");
    const char *name = lua_tolstring(L, -1, &len);
    if (lua_type(L, -1) != LUA_TSTRING || len == 0)
        return luaL_error(L, "%s:add: 'name' must be a non-empty string", lh->name);
    if (len > LINE_NAME_MAX || !gp_utf8_valid(name, len) || strlen(name) != len)
        return luaL_error(L, "%s:add: 'name' must be UTF-8 text of at most %d bytes", lh->name, LINE_NAME_MAX);
    if (find_line(lines, name) < lines->count)
        return luaL_error(L, "%s:add: a line named '%s' already exists", lh->name, name);
    if (lua_getfield(L, 2, "amounts") == LUA_TNIL)
        return luaL_error(L, "%s:add: missing required field 'amounts'", lh->name);
    int given = lua_gettop(L);
    double *amounts = lua_newuserdatauv(L, (size_t)plan->cal.months * sizeof *amounts, 0);
    gp_bind_schedule_value(L, given, &plan->cal, lua_pushfstring(L, "%s '%s' amounts", lh->name, name), lh->min,
                           HUGE_VAL, amounts);
    gp_line *line = gp_plan_add_line(plan, lines, name);
    if (!line)
        return luaL_error(L, "%s:add: out of memory", lh->name);
    memcpy(line->amounts, amounts, (size_t)plan->cal.months * sizeof *amounts);
    push_line(L, lh, lines->count - 1);
    return 1;
}

/* The line named `key`, or an error naming the nearest. [-0, +1, v] */
static int line_named(lua_State *L, lines_handle *lh, const char *key) {
    gp_lines *lines = lh->h.ptr;
    size_t i = find_line(lines, key);
    if (i < lines->count) {
        push_line(L, lh, i);
        return 1;
    }
    const char **names = lua_newuserdatauv(L, (lines->count + 1) * sizeof *names, 0);
    for (size_t k = 0; k < lines->count; k++)
        names[k] = lines->items[k].name;
    return gp_bind_unknown(L, lua_pushfstring(L, "line of %s", lh->name), key, names, lines->count);
}

/* list:get(name): the line by name, whatever it is called (list.add is the method; list:get("add") the line). */
static int lines_get(lua_State *L) {
    lines_handle *lh = (lines_handle *)gp_bind_check(L, 1, GP_MT_LINES);
    return line_named(L, lh, luaL_checkstring(L, 2));
}

static int lines_index(lua_State *L) {
    lines_handle *lh = (lines_handle *)gp_bind_check(L, 1, GP_MT_LINES);
    gp_lines *lines = lh->h.ptr;
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer i = luaL_checkinteger(L, 2);
        if (i >= 1 && (lua_Unsigned)i <= lines->count)
            push_line(L, lh, (size_t)i - 1);
        else
            lua_pushnil(L);
        return 1;
    }
    const char *key = luaL_checkstring(L, 2);
    gp_bind_method(L, GP_MT_LINES, key);
    if (!lua_isnil(L, -1))
        return 1;
    lua_pop(L, 1);
    return line_named(L, lh, key);
}

static int lines_newindex(lua_State *L) {
    lines_handle *lh = (lines_handle *)gp_bind_check(L, 1, GP_MT_LINES);
    return luaL_error(L, "%s: use %s:add{name = ..., amounts = ...} to add a line", lh->name, lh->name);
}

static int lines_len(lua_State *L) {
    lines_handle *lh = (lines_handle *)gp_bind_check(L, 1, GP_MT_LINES);
    lua_pushinteger(L, (lua_Integer)((gp_lines *)lh->h.ptr)->count);
    return 1;
}

static int lines_tostring(lua_State *L) {
    lines_handle *lh = (lines_handle *)gp_bind_check(L, 1, GP_MT_LINES);
    lua_pushstring(L, lh->name);
    return 1;
}

static const luaL_Reg lines_methods[] = {{"add", lines_add}, {"get", lines_get}, {NULL, NULL}};
static const luaL_Reg lines_meta[] = {
    {"__index", lines_index}, {"__newindex", lines_newindex}, {"__len", lines_len},
    {"__tostring", lines_tostring}, {NULL, NULL},
};

/* ---- one line ------------------------------------------------------------------------------- */

static const char *const line_fields[] = {"name", "amounts"};

static int line_index(lua_State *L) {
    line_handle *h = (line_handle *)gp_bind_check(L, 1, GP_MT_LINE);
    gp_line *line = &((gp_lines *)h->h.ptr)->items[h->index];
    const char *key = luaL_checkstring(L, 2);
    if (strcmp(key, "name") == 0)
        lua_pushstring(L, line->name);
    else if (strcmp(key, "amounts") == 0)
        gp_bind_push_schedule(L, line->amounts, line->name, h->min, HUGE_VAL);
    else
        gp_bind_unknown(L, lua_pushfstring(L, "field of a %s line", h->list), key, line_fields, 2);
    return 1;
}

static int line_newindex(lua_State *L) {
    line_handle *h = (line_handle *)gp_bind_check(L, 1, GP_MT_LINE);
    return luaL_error(L, "%s '%s': fields cannot be assigned (change its amounts with :set(), :add() or :scale())",
                      h->list, ((gp_lines *)h->h.ptr)->items[h->index].name);
}

static int line_tostring(lua_State *L) {
    line_handle *h = (line_handle *)gp_bind_check(L, 1, GP_MT_LINE);
    lua_pushfstring(L, "%s '%s'", h->list, ((gp_lines *)h->h.ptr)->items[h->index].name);
    return 1;
}

static const luaL_Reg line_meta[] = {
    {"__index", line_index}, {"__newindex", line_newindex}, {"__tostring", line_tostring}, {NULL, NULL},
};

void gp_bind_open_lines(lua_State *L) {
    gp_bind_register(L, GP_MT_LINES, lines_meta, lines_methods);
    gp_bind_register(L, GP_MT_LINE, line_meta, NULL);
}
