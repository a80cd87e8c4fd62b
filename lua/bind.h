/*
** lua/bind.h (private): the plan as Lua objects.
**
** Every object a plugin sees is a small userdata that borrows a pointer into
** the C plan, with one metatable per type. The plan outlives none of them:
** gp_bind_begin() opens an edit of a plan and gp_bind_end() closes it, after
** which every handle made during the edit has expired (Wireshark's
** FAIL_ON_NULL_OR_EXPIRED) and using one raises a clear error instead of
** touching freed memory.
**
** Names are the JSON's: plan.units, unit.groups, group.leaver_rate,
** unit.finance, finance.capital, unit.backlog, finance.pressures ...
*/
#ifndef GP_LUA_BIND_H
#define GP_LUA_BIND_H

#include <stdbool.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

#include "gapplan/plan.h"

#define GP_MT_PLAN "gapplan.plan"
#define GP_MT_UNITS "gapplan.units"       /* plan.units */
#define GP_MT_UNIT "gapplan.unit"
#define GP_MT_GROUPS "gapplan.groups"     /* unit.groups */
#define GP_MT_GROUP "gapplan.group"
#define GP_MT_FINANCE "gapplan.finance"
#define GP_MT_CAPITAL "gapplan.capital"
#define GP_MT_BACKLOG "gapplan.backlog"
#define GP_MT_SCHEDULE "gapplan.schedule"
#define GP_MT_LINES "gapplan.lines"       /* pressures, funding, schemes */
#define GP_MT_LINE "gapplan.line"
#define GP_MT_SYSTEMS "gapplan.systems"   /* plan.systems */
#define GP_MT_SYSTEM "gapplan.system"
#define GP_MT_RESULTS "gapplan.results"   /* a policy's state, a metric's results (bind_result.c) */

/* Unit and group ids offered in a "did you mean" about results. */
#define GP_RESULT_UNITS_SHOWN 256

/*
** The head of every handle: what it points at and the edit it was made in.
** Types add their own fields after it.
*/
typedef struct gp_handle {
    void *ptr;
    unsigned epoch;
} gp_handle;

/* Create every metatable of the binding in the state. [-0, +0, m] */
void gp_bind_open(lua_State *L);

/* Start editing `plan`: push its handle. [-0, +1, m] */
void gp_bind_begin(lua_State *L, gp_plan *plan);
/* End the edit: every handle made since gp_bind_begin() expires. [-0, +0, -] */
void gp_bind_end(lua_State *L);

/*
** A new handle of type `mt` (a GP_MT_* name) of `size` bytes pointing at ptr,
** made in the current edit. [-0, +1, m]
*/
gp_handle *gp_bind_push(lua_State *L, const char *mt, size_t size, void *ptr);
/*
** The handle at `arg`, checked to be of type `mt` and still live: raises
** "bad argument" or "this plan object was used after its scenario run ended".
** [-0, +0, v]
*/
gp_handle *gp_bind_check(lua_State *L, int arg, const char *mt);
/* The plan under edit (raises when none is). [-0, +0, v] */
gp_plan *gp_bind_plan(lua_State *L);

/* Each type's metatable, registered by gp_bind_open(). [-0, +0, m] */
void gp_bind_open_plan(lua_State *L);
void gp_bind_open_blocks(lua_State *L);
void gp_bind_open_schedule(lua_State *L);
void gp_bind_open_lines(lua_State *L);
void gp_bind_open_results(lua_State *L);
void gp_bind_open_systems(lua_State *L);

struct gp_result;
/*
** A results handle on `res`, read at the sandbox's `period` (sandbox.h): the
** caller sets gp_sandbox.results to res first, and ends its life with
** gp_bind_end(). [-0, +1, m]
*/
void gp_bind_push_results(lua_State *L, const struct gp_result *res);

/*
** Register a metatable `name` with `meta` (its metamethods) and, when not
** NULL, `methods` reachable through __index by the type's own __index
** function (kept as the metatable's "methods" field). The metatable is locked
** (__metatable) so a plugin cannot read or change it, nor give a handle a
** finaliser. [-0, +0, m]
*/
void gp_bind_register(lua_State *L, const char *name, const luaL_Reg *meta, const luaL_Reg *methods);
/* Push the method `key` of type `mt`, or nil when it has none. [-0, +1, -] */
void gp_bind_method(lua_State *L, const char *mt, const char *key);

/* A schedule handle on `values` named `name` (for messages), values checked against [min, max]. [-0, +1, m] */
void gp_bind_push_schedule(lua_State *L, double *values, const char *name, double min, double max);
/* The block handles. [-0, +1, m] */
void gp_bind_push_group(lua_State *L, gp_group *g);
void gp_bind_push_finance(lua_State *L, gp_finance *f);
void gp_bind_push_capital(lua_State *L, gp_capital *c);
void gp_bind_push_backlog(lua_State *L, gp_backlog *b);
/* A named list (pressures, funding, schemes); amounts are checked against min. [-0, +1, m] */
void gp_bind_push_lines(lua_State *L, gp_lines *lines, const char *name, double min);

/*
** Raise "unknown field 'x' of a group (did you mean y?)" naming the nearest of
** `names`. [-0, +0, v]
*/
int gp_bind_unknown(lua_State *L, const char *what, const char *key, const char *const *names, size_t count);

/* A number for messages: "0.1", "-1", "1000000" (Lua's own "%f" would say "-1.0"). [-0, +1, m] */
const char *gp_bind_number(lua_State *L, double v);
/* "[0, 1]", "[0, inf)", "any finite number": a range for messages. [-0, +1, m] */
const char *gp_bind_range(lua_State *L, double min, double max);

/*
** Fill `out` (months values) from the schedule value at `idx`: a number, or
** a table keyed by month labels or by FY labels, expanded as a JSON schedule
** is (MODEL.md §2, §9): keys apply in time order, periods before the first
** key take its value, keys past the horizon are ignored, and when every key
** is past the horizon the first key's value fills it. `what` names the value
** in messages. [-0, +0, v]
*/
void gp_bind_schedule_value(lua_State *L, int idx, const gp_calendar *cal, const char *what, double min,
                            double max, double *out);

#endif
