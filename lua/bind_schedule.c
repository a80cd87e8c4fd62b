/*
** lua/bind_schedule.c: a schedule as a Lua object (DESIGN.md "Plugins").
**
**   s:get("2023-04")                       the value in a month
**   s:set(v, {from=, to=, ramp=})          x + (v - x) w
**   s:add(d, {from=, to=, ramp=})          x + d w
**   s:scale(k, {from=, to=, ramp=})        x (1 + (k - 1) w)
**
** The change applies to the periods f <= t <= l, f the first period of `from`
** (default 0) and l the last of `to` (default T - 1), both counted from the
** plan's start and free to lie outside the horizon: an f before the start
** shifts the ramp, and periods outside 0..T-1 are never written. The weight
** is w_t = min(1, (t - f + 1) / r) with `ramp` r > 0, else 1.
**
** An operation is all or nothing: the new values are computed aside and
** range-checked against the field's range first, so a rate pushed below 0
** is an error at the plugin's line and the schedule is left as it was.
*/
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "sandbox.h"

typedef struct schedule_handle {
    gp_handle h;      /* ptr: the plan's double[months] */
    const char *name; /* the field's name, for messages */
    double min, max;  /* the field's range */
} schedule_handle;

typedef enum schedule_op { OP_SET, OP_ADD, OP_SCALE } schedule_op;

static const char *const op_names[] = {"set", "add", "scale"};
static const char *const option_names[] = {"from", "to", "ramp"};
#define NOPTIONS (sizeof option_names / sizeof option_names[0])

/* Schedule keys in one Lua table: more than a century of months is not a schedule. */
#define SCHEDULE_KEYS_MAX 1200

void gp_bind_push_schedule(lua_State *L, double *values, const char *name, double min, double max) {
    schedule_handle *s = (schedule_handle *)gp_bind_push(L, GP_MT_SCHEDULE, sizeof *s, values);
    s->name = name;
    s->min = min;
    s->max = max;
}

static schedule_handle *check_schedule(lua_State *L) {
    return (schedule_handle *)gp_bind_check(L, 1, GP_MT_SCHEDULE);
}

/* The periods of a label, or an error naming the option. [-0, +0, v] */
static void label_periods(lua_State *L, const gp_calendar *cal, int idx, const char *what, int *first,
                          int *last) {
    const char *label = lua_tostring(L, idx);
    if (lua_type(L, idx) != LUA_TSTRING || !gp_calendar_label_periods(cal, label, first, last))
        luaL_error(L, "%s must be a month (YYYY-MM) or FY (YYYY/YY) label, got %s", what,
                   lua_type(L, idx) == LUA_TSTRING ? lua_pushfstring(L, "'%s'", label) : luaL_typename(L, idx));
}

/* Read {from=, to=, ramp=} at `idx` into the first and last period and the ramp. [-0, +0, v] */
static void read_options(lua_State *L, int idx, const gp_calendar *cal, const char *op, int *f, int *l,
                         double *ramp) {
    int dummy;
    *f = 0;
    *l = cal->months - 1;
    *ramp = 0;
    if (lua_isnoneornil(L, idx))
        return;
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        const char *key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        size_t i = 0;
        while (key && i < NOPTIONS && strcmp(key, option_names[i]) != 0)
            i++;
        if (!key || i == NOPTIONS)
            gp_bind_unknown(L, lua_pushfstring(L, "%s option", op), key ? key : luaL_typename(L, -1),
                            option_names, NOPTIONS);
    }
    bool from = lua_getfield(L, idx, "from") != LUA_TNIL, to = lua_getfield(L, idx, "to") != LUA_TNIL;
    if (from)
        label_periods(L, cal, -2, "from", f, &dummy);
    if (to)
        label_periods(L, cal, -1, "to", &dummy, l);
    if (lua_getfield(L, idx, "ramp") != LUA_TNIL) {
        int isnum;
        *ramp = lua_tonumberx(L, -1, &isnum);
        if (!isnum || !isfinite(*ramp) || *ramp < 0)
            luaL_error(L, "ramp must be a number of months >= 0");
    }
    lua_pop(L, 3);
    /* a from past a short plan's end, with the default to, is a change that starts too late: no error */
    if (from && to && *f > *l)
        luaL_error(L, "%s: 'from' comes after 'to'", op);
}

/*
** In a policy called after period t, a change starts at t + 1 when `from` is
** not given, and a `from` before t + 1 is an error: the months computed are
** history. [-0, +0, v]
*/
static void policy_window(lua_State *L, const schedule_handle *s, schedule_op op, int *f) {
    int first = gp_sandbox_of(L)->first_editable;
    if (first <= 0)
        return;
    bool from_given = lua_istable(L, 3) && lua_getfield(L, 3, "from") != LUA_TNIL;
    if (lua_istable(L, 3))
        lua_pop(L, 1);
    if (!from_given) {
        *f = first;
        return;
    }
    if (*f < first) {
        char month[GP_LABEL_SIZE], earliest[GP_LABEL_SIZE];
        const gp_calendar *cal = &gp_bind_plan(L)->cal;
        gp_calendar_month_label(cal, *f < 0 ? 0 : *f, month);
        gp_calendar_month_label(cal, first, earliest);
        luaL_error(L, "%s:%s(): a policy may change inputs from %s on (the months before are already computed), "
                      "not from %s", s->name, op_names[op], earliest, month);
    }
}

/* set, add and scale share everything but the formula. */
static int schedule_change(lua_State *L, schedule_op op) {
    schedule_handle *s = check_schedule(L);
    gp_plan *plan = gp_bind_plan(L);
    const gp_calendar *cal = &plan->cal;
    double v = luaL_checknumber(L, 2), ramp, next[GP_MONTHS_MAX];
    int f, l;
    if (!isfinite(v))
        return luaL_error(L, "%s:%s(): the value must be finite", s->name, op_names[op]);
    read_options(L, 3, cal, op_names[op], &f, &l, &ramp);
    policy_window(L, s, op, &f);
    double *x = s->h.ptr;
    memcpy(next, x, (size_t)cal->months * sizeof *x);
    int lo = f > 0 ? f : 0, hi = l < cal->months - 1 ? l : cal->months - 1;
    for (int t = lo; t <= hi; t++) {
        double w = ramp > 0 ? fmin(1.0, (t - f + 1) / ramp) : 1.0, y;
        switch (op) {
        case OP_SET: y = x[t] + (v - x[t]) * w; break;
        case OP_ADD: y = x[t] + v * w; break;
        default: y = x[t] * (1 + (v - 1) * w); break;
        }
        if (!(y >= s->min && y <= s->max) || !isfinite(y)) {
            char month[GP_LABEL_SIZE];
            gp_calendar_month_label(cal, t, month);
            return luaL_error(L, "%s:%s() gives %s in %s, outside %s", s->name, op_names[op], gp_bind_number(L, y), month,
                              gp_bind_range(L, s->min, s->max));
        }
        next[t] = y;
    }
    memcpy(x, next, (size_t)cal->months * sizeof *x);
    gp_sandbox_of(L)->changed = true;
    lua_settop(L, 1);
    return 1; /* the schedule, so changes chain */
}

static int schedule_set(lua_State *L) { return schedule_change(L, OP_SET); }
static int schedule_add(lua_State *L) { return schedule_change(L, OP_ADD); }
static int schedule_scale(lua_State *L) { return schedule_change(L, OP_SCALE); }

/* s:get("2023-04"): a month inside the horizon. */
static int schedule_get(lua_State *L) {
    schedule_handle *s = check_schedule(L);
    const gp_calendar *cal = &gp_bind_plan(L)->cal;
    const char *label = luaL_checkstring(L, 2);
    gp_month m;
    if (!gp_month_parse(label, &m))
        return luaL_error(L, "%s:get() takes a month label (YYYY-MM), got '%s'", s->name, label);
    int t = m - cal->start;
    if (t < 0 || t >= cal->months) {
        char a[GP_LABEL_SIZE], b[GP_LABEL_SIZE];
        gp_calendar_month_label(cal, 0, a);
        gp_calendar_month_label(cal, cal->months - 1, b);
        return luaL_error(L, "%s:get(): %s is outside the plan (%s to %s)", s->name, label, a, b);
    }
    lua_pushnumber(L, ((double *)s->h.ptr)[t]);
    return 1;
}

static int schedule_len(lua_State *L) {
    check_schedule(L);
    lua_pushinteger(L, gp_bind_plan(L)->cal.months);
    return 1;
}

static int schedule_tostring(lua_State *L) {
    schedule_handle *s = check_schedule(L);
    lua_pushfstring(L, "schedule %s (%d months)", s->name, gp_bind_plan(L)->cal.months);
    return 1;
}

static const char *const method_names[] = {"get", "set", "add", "scale"};

static int schedule_index(lua_State *L) {
    schedule_handle *s = check_schedule(L);
    const char *key = luaL_checkstring(L, 2);
    gp_bind_method(L, GP_MT_SCHEDULE, key);
    if (lua_isnil(L, -1))
        gp_bind_unknown(L, lua_pushfstring(L, "method of schedule %s", s->name), key, method_names,
                        sizeof method_names / sizeof method_names[0]);
    return 1;
}

static int schedule_newindex(lua_State *L) {
    schedule_handle *s = check_schedule(L);
    return luaL_error(L, "schedule %s has no fields to assign: use :set(), :add() or :scale()", s->name);
}

static int schedule_eq(lua_State *L) {
    schedule_handle *a = check_schedule(L), *b = (schedule_handle *)gp_bind_check(L, 2, GP_MT_SCHEDULE);
    lua_pushboolean(L, a->h.ptr == b->h.ptr);
    return 1;
}

static const luaL_Reg schedule_methods[] = {
    {"get", schedule_get}, {"set", schedule_set}, {"add", schedule_add}, {"scale", schedule_scale}, {NULL, NULL},
};

static const luaL_Reg schedule_meta[] = {
    {"__index", schedule_index}, {"__newindex", schedule_newindex}, {"__len", schedule_len},
    {"__tostring", schedule_tostring}, {"__eq", schedule_eq}, {NULL, NULL},
};

void gp_bind_open_schedule(lua_State *L) { gp_bind_register(L, GP_MT_SCHEDULE, schedule_meta, schedule_methods); }

/* ---- a schedule given as a Lua value ------------------------------------------------------------ */

typedef struct schedule_key {
    int first;
    double value;
} schedule_key;

static int key_order(const void *a, const void *b) {
    int x = ((const schedule_key *)a)->first, y = ((const schedule_key *)b)->first;
    return (x > y) - (x < y);
}

/* A number in [min, max], or an error naming what and where. [-0, +0, v] */
static double check_amount(lua_State *L, int idx, const char *what, const char *label, double min, double max) {
    int isnum;
    double v = lua_tonumberx(L, idx, &isnum);
    if (lua_type(L, idx) != LUA_TNUMBER || !isnum)
        luaL_error(L, "%s%s%s%s: expected a number, got %s", what, label ? "[\"" : "", label ? label : "",
                   label ? "\"]" : "", luaL_typename(L, idx));
    if (!isfinite(v) || v < min || v > max)
        luaL_error(L, "%s%s%s%s: must be within %s, got %s", what, label ? "[\"" : "", label ? label : "",
                   label ? "\"]" : "", gp_bind_range(L, min, max), gp_bind_number(L, v));
    return v;
}

void gp_bind_schedule_value(lua_State *L, int idx, const gp_calendar *cal, const char *what, double min,
                            double max, double *out) {
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) == LUA_TNUMBER) {
        double v = check_amount(L, idx, what, NULL, min, max);
        for (int t = 0; t < cal->months; t++)
            out[t] = v;
        return;
    }
    if (lua_type(L, idx) != LUA_TTABLE)
        luaL_error(L, "%s: expected a number or a table keyed by month or FY labels, got %s", what,
                   luaL_typename(L, idx));
    /* The keys go into a userdata so that an error below frees them with the rest of the Lua garbage. */
    schedule_key *keys = lua_newuserdatauv(L, SCHEDULE_KEYS_MAX * sizeof *keys, 0);
    size_t n = 0;
    int kind = 0; /* 1 month labels, 2 FY labels */
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        const char *label = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        gp_month m;
        int fy, last, this_kind = !label ? 0 : gp_month_parse(label, &m) ? 1 : gp_fy_parse(label, &fy) ? 2 : 0;
        if (!this_kind)
            luaL_error(L, "%s: keys must be month (YYYY-MM) or FY (YYYY/YY) labels, got %s", what,
                       label ? lua_pushfstring(L, "'%s'", label) : luaL_typename(L, -2));
        if (kind && this_kind != kind)
            luaL_error(L, "%s: keys mix month and FY labels", what);
        kind = this_kind;
        if (n == SCHEDULE_KEYS_MAX)
            luaL_error(L, "%s: more than %d keys", what, SCHEDULE_KEYS_MAX);
        keys[n].value = check_amount(L, -1, what, label, min, max);
        gp_calendar_label_periods(cal, label, &keys[n].first, &last);
        n++;
        lua_pop(L, 1);
    }
    if (n == 0)
        luaL_error(L, "%s: an empty table is not a schedule", what);
    qsort(keys, n, sizeof *keys, key_order);
    for (int t = 0; t < cal->months; t++)
        out[t] = keys[0].value;
    for (size_t k = 1; k < n; k++)
        for (int t = keys[k].first > 0 ? keys[k].first : 0; t < cal->months; t++)
            out[t] = keys[k].value;
    lua_pop(L, 1);
}
