/*
** lua/scenario.c: loading a scenario plugin and applying it to a plan
** (gp_lua.h).
**
** Every load and every apply runs the plugin's chunk afresh, in a new
** environment, from the source kept in C: nothing a plugin left behind
** (globals, a changed library, a saved plan handle) reaches the next step.
** The Lua state itself is kept between steps that end cleanly and reset
** (gp_sandbox_reset): opening one costs a hundred times applying a small
** plugin, and mc applies each scenario once an iteration. A step that fails
** closes it; the next opens a new one.
**
** All work on a state happens inside one protected C function per step, so a
** memory error raised by the Lua API is caught like any other error and never
** reaches Lua's panic handler. The strings handed to the caller live in a pool
** owned by the scenario, so an error half way through leaks nothing.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "bind.h"
#include "gapplan/hash.h"
#include "gapplan/text.h"
#include "gp_lua.h"
#include "sandbox.h"
#include "scenario_private.h"

void gp_lua_options_init(gp_lua_options *o) {
    memset(o, 0, sizeof *o);
    o->budget = GP_LUA_BUDGET_DEFAULT;
    o->memory = GP_LUA_MEMORY_DEFAULT;
    o->seed = GP_LUA_SEED_DEFAULT;
}

static const char *const type_names[] = {"number", "integer", "month", "fy", "string", "choice", "boolean"};

const char *gp_lua_param_type_name(gp_lua_param_type t) {
    return (unsigned)t < sizeof type_names / sizeof *type_names ? type_names[t] : "?";
}

/* ---- the pool ---------------------------------------------------------------------------------- */

/* Keep `p` (malloc'ed) until the scenario is freed; NULL when out of memory (p is then freed). */
void *gp_scenario_keep(gp_lua_scenario *sc, void *p) {
    gp_scenario_pool *pool = sc->keep_to;
    if (!p)
        return NULL;
    if (pool->n == pool->cap) {
        size_t cap = pool->cap ? 2 * pool->cap : 16;
        void **items = realloc(pool->items, cap * sizeof *items);
        if (!items) {
            free(p);
            return NULL;
        }
        pool->items = items;
        pool->cap = cap;
    }
    pool->items[pool->n++] = p;
    return p;
}

static void pool_empty(gp_scenario_pool *pool) {
    for (size_t i = 0; i < pool->n; i++)
        free(pool->items[i]);
    pool->n = 0;
}

char *gp_scenario_keep_string(gp_lua_scenario *sc, const char *s, size_t len) {
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return gp_scenario_keep(sc, copy);
}

/* A copy of the string at idx (or "" for nil) in the pool; raises when out of memory. [-0, +0, m] */
const char *gp_scenario_keep_lua_string(lua_State *L, gp_lua_scenario *sc, int idx) {
    size_t len = 0;
    const char *s = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : "";
    const char *copy = gp_scenario_keep_string(sc, s, len);
    if (!copy)
        luaL_error(L, "out of memory");
    return copy;
}

/* ---- values as JSON text ----------------------------------------------------------------------- */

/* Keep the text `s` pushed as a Lua string first, so that running out of memory raises. [-0, +0, m] */
static const char *keep_text(lua_State *L, gp_lua_scenario *sc, const char *s) {
    lua_pushstring(L, s);
    const char *copy = gp_scenario_keep_lua_string(L, sc, -1);
    lua_pop(L, 1);
    return copy;
}

/* The value at idx (a param's: number, string or boolean) as JSON text, kept in the pool. [-0, +0, m] */
static const char *json_text(lua_State *L, gp_lua_scenario *sc, int idx) {
    char num[GP_NUMBER_SIZE]; /* room for a long long too */
    if (lua_type(L, idx) == LUA_TBOOLEAN)
        return keep_text(L, sc, lua_toboolean(L, idx) ? "true" : "false");
    if (lua_isinteger(L, idx)) {
        snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, idx));
        return keep_text(L, sc, num);
    }
    if (lua_type(L, idx) == LUA_TNUMBER) {
        gp_format_double(lua_tonumber(L, idx), num); /* finite: checked against the param's type */
        return keep_text(L, sc, num);
    }
    size_t len;
    const char *s = luaL_checklstring(L, idx, &len);
    if (!gp_utf8_valid(s, len))
        luaL_error(L, "a param's text is not valid UTF-8");
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addchar(&b, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            luaL_addchar(&b, '\\');
            luaL_addchar(&b, (char)c);
        } else if (c < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", c);
            luaL_addstring(&b, esc);
        } else {
            luaL_addchar(&b, (char)c);
        }
    }
    luaL_addchar(&b, '"');
    luaL_pushresult(&b);
    const char *copy = gp_scenario_keep_lua_string(L, sc, -1);
    lua_pop(L, 1);
    return copy;
}

/* ---- metadata ---------------------------------------------------------------------------------- */

static bool optional_number(lua_State *L, int spec, const char *key, double *out) {
    bool given = lua_getfield(L, spec, key) == LUA_TNUMBER;
    if (given)
        *out = lua_tonumber(L, -1);
    lua_pop(L, 1);
    return given;
}

static const char *field_string(lua_State *L, gp_lua_scenario *sc, int table, const char *key) {
    lua_getfield(L, table, key);
    const char *s = gp_scenario_keep_lua_string(L, sc, -1);
    lua_pop(L, 1);
    return s;
}

/* One param from its normalised spec (the prelude's) at `spec`. [-0, +0, m] */
static void read_param(lua_State *L, gp_lua_scenario *sc, int spec, gp_lua_param *p) {
    lua_getfield(L, spec, "type");
    const char *type = lua_tostring(L, -1);
    for (size_t t = 0; type && t < sizeof type_names / sizeof *type_names; t++)
        if (strcmp(type, type_names[t]) == 0)
            p->type = (gp_lua_param_type)t;
    lua_pop(L, 1);
    lua_getfield(L, spec, "default");
    p->default_json = json_text(L, sc, lua_gettop(L));
    lua_pop(L, 1);
    p->unit = field_string(L, sc, spec, "unit");
    p->doc = field_string(L, sc, spec, "doc");
    p->dist = field_string(L, sc, spec, "dist");
    p->has_min = optional_number(L, spec, "min", &p->min);
    p->has_max = optional_number(L, spec, "max", &p->max);
    p->has_range = optional_number(L, spec, "low", &p->low) && optional_number(L, spec, "high", &p->high);
    if (lua_getfield(L, spec, "choices") == LUA_TTABLE) {
        size_t n = (size_t)lua_rawlen(L, -1);
        const char **choices = gp_scenario_keep(sc, calloc(n ? n : 1, sizeof *choices));
        if (!choices)
            luaL_error(L, "out of memory");
        for (size_t i = 0; i < n; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i + 1);
            choices[i] = gp_scenario_keep_lua_string(L, sc, -1);
            lua_pop(L, 1);
        }
        p->choices = choices;
        p->nchoices = n;
    }
    lua_pop(L, 1);
}

/* Whether the descriptor at `desc` has a policy, and its metrics' names, units and docs. [-0, +0, m] */
static void read_run_metadata(lua_State *L, gp_lua_scenario *sc, int desc) {
    sc->has_policy = lua_getfield(L, desc, "policy") == LUA_TFUNCTION;
    lua_pop(L, 1);
    lua_getfield(L, desc, "metric_names");
    lua_getfield(L, desc, "metrics");
    int names = lua_gettop(L) - 1, metrics = names + 1;
    size_t n = (size_t)lua_rawlen(L, names);
    sc->metrics = gp_scenario_keep(sc, calloc(n ? n : 1, sizeof *sc->metrics));
    if (!sc->metrics)
        luaL_error(L, "out of memory");
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, names, (lua_Integer)i + 1);
        sc->metrics[i].name = gp_scenario_keep_lua_string(L, sc, -1);
        lua_gettable(L, metrics);
        sc->metrics[i].unit = field_string(L, sc, lua_gettop(L), "unit");
        sc->metrics[i].doc = field_string(L, sc, lua_gettop(L), "doc");
        lua_pop(L, 1);
        sc->nmetrics = i + 1;
    }
    lua_pop(L, 2);
}

/* The metadata of the descriptor at `desc`. [-0, +0, m] */
static void read_metadata(lua_State *L, gp_lua_scenario *sc, int desc) {
    sc->id = field_string(L, sc, desc, "id");
    sc->title = field_string(L, sc, desc, "title");
    sc->source = field_string(L, sc, desc, "source");
    lua_getfield(L, desc, "names");
    lua_getfield(L, desc, "params");
    int names = lua_gettop(L) - 1, params = names + 1;
    size_t n = (size_t)lua_rawlen(L, names);
    sc->params = gp_scenario_keep(sc, calloc(n ? n : 1, sizeof *sc->params));
    sc->values = gp_scenario_keep(sc, calloc(n ? n : 1, sizeof *sc->values));
    if (!sc->params || !sc->values)
        luaL_error(L, "out of memory");
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, names, (lua_Integer)i + 1);
        sc->params[i].name = gp_scenario_keep_lua_string(L, sc, -1);
        lua_gettable(L, params);
        read_param(L, sc, lua_gettop(L), &sc->params[i]);
        lua_pop(L, 1);
        sc->values[i] = (gp_param_value){sc->params[i].name, sc->params[i].default_json};
        sc->nparams = i + 1;
    }
    lua_pop(L, 2);
    read_run_metadata(L, sc, desc);
}

/* ---- steps run in protected mode ---------------------------------------------------------------- */

/* Push the prelude's export `name`. [-0, +1, -] */
void gp_scenario_prelude_get(lua_State *L, const char *name) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &gp_sandbox_prelude_key);
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
}

/* Run the plugin's chunk in a new environment and push its descriptor; false (diag filled) on failure. */
/*
** The line of the first `scenario {` or `scenario(` in the source, or 0. A
** definition error (a missing field, a bad param) is raised by scenario{},
** which a plugin calls in a tail call (`return scenario {...}`), and Lua
** keeps no line for a tail caller: this line is where the definition is.
*/
static int definition_line(const gp_lua_scenario *sc) {
    static const char word[] = "scenario";
    int line = 1;
    for (size_t i = 0; i < sc->len; i++) {
        if (sc->src[i] == '\n')
            line++;
        if (sc->len - i < sizeof word || memcmp(sc->src + i, word, sizeof word - 1) != 0 ||
            (i > 0 && (isalnum((unsigned char)sc->src[i - 1]) || sc->src[i - 1] == '_')))
            continue;
        size_t k = i + sizeof word - 1;
        while (k < sc->len && (sc->src[k] == ' ' || sc->src[k] == '\t' || sc->src[k] == '\n' || sc->src[k] == '\r'))
            k++;
        if (k < sc->len && (sc->src[k] == '{' || sc->src[k] == '('))
            return line;
    }
    return 0;
}

/* Give a definition error from scenario{} ("scenario: ...", "scenario 'x': ...") the definition's line. [-1, +1, m] */
static void place_definition_error(lua_State *L, const gp_lua_scenario *sc) {
    const char *msg = lua_tostring(L, -1);
    int line = definition_line(sc);
    if (!msg || line == 0 || gp_sandbox_of(L)->breach != GP_BREACH_NONE || strncmp(msg, "scenario", 8) != 0)
        return;
    lua_pushfstring(L, "%s:%d: %s", sc->file, line, msg);
    lua_replace(L, -2);
}

/* lua_Writer into a growing malloc'ed buffer. */
typedef struct dump_buffer {
    char *bytes;
    size_t len, cap;
} dump_buffer;

static int dump_write(lua_State *L, const void *p, size_t size, void *ud) {
    (void)L;
    dump_buffer *b = ud;
    if (size > b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 4096;
        while (size > cap - b->len)
            cap *= 2;
        char *bytes = realloc(b->bytes, cap);
        if (!bytes)
            return 1;
        b->bytes = bytes;
        b->cap = cap;
    }
    memcpy(b->bytes + b->len, p, size);
    b->len += size;
    return 0;
}

/* Keep the compiled chunk at the top of the stack, so later steps load it without parsing; best effort. */
static void keep_dump(lua_State *L, gp_lua_scenario *sc) {
    dump_buffer b = {0};
    if (lua_dump(L, dump_write, &b, 0) == 0) { /* not stripped: errors keep their lines */
        sc->dump = b.bytes;
        sc->dump_len = b.len;
    } else {
        free(b.bytes);
    }
}

bool gp_scenario_run_chunk(lua_State *L, gp_scenario_job *j) {
    gp_lua_scenario *sc = j->sc;
    gp_sandbox_new_env(L);
    int status = sc->dump ? gp_sandbox_load_dump(L, sc->dump, sc->dump_len, sc->file)
                          : gp_sandbox_load(L, sc->src, sc->len, sc->file);
    if (status == LUA_OK && !sc->dump)
        keep_dump(L, sc);
    if (status == LUA_OK)
        status = gp_lua_pcall(L, 0, 1);
    if (status != LUA_OK) {
        place_definition_error(L, sc);
        gp_sandbox_report(L, status, sc->file, j->diag);
        return false;
    }
    gp_scenario_prelude_get(L, "is_scenario");
    lua_pushvalue(L, -2);
    lua_call(L, 1, 1);
    bool ok = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (!ok) {
        gp_diag_add(j->diag, sc->file, 0, 0, NULL, "the file must return scenario{...}, it returned %s",
                    lua_isnil(L, -1) ? "nothing" : lua_pushfstring(L, "a %s value", luaL_typename(L, -1)));
        return false;
    }
    return true;
}

static int load_step(lua_State *L) {
    gp_scenario_job *j = lua_touserdata(L, 1);
    if (!gp_scenario_run_chunk(L, j))
        return 0;
    read_metadata(L, j->sc, lua_gettop(L));
    j->err = GP_OK;
    return 0;
}

static int apply_step(lua_State *L) {
    gp_scenario_job *j = lua_touserdata(L, 1);
    gp_lua_scenario *sc = j->sc;
    if (!gp_scenario_run_chunk(L, j))
        return 0;
    int desc = lua_gettop(L);
    /* the param values: overrides converted and checked, defaults filled in */
    gp_scenario_prelude_get(L, "params");
    lua_pushvalue(L, desc);
    lua_createtable(L, 0, (int)j->nsettings);
    for (size_t i = 0; i < j->nsettings; i++) {
        lua_pushstring(L, j->settings[i].value);
        lua_setfield(L, -2, j->settings[i].param);
    }
    int status = lua_pcall(L, 2, 1, 0); /* the prelude's own messages: no traceback wanted */
    if (status != LUA_OK || gp_sandbox_of(L)->breach != GP_BREACH_NONE) {
        gp_sandbox_report(L, status == LUA_OK ? LUA_ERRRUN : status, sc->file, j->diag);
        return 0;
    }
    int values = lua_gettop(L);
    gp_param_value *record = gp_scenario_keep(sc, calloc(sc->nparams ? sc->nparams : 1, sizeof *record));
    if (!record)
        return luaL_error(L, "out of memory");
    for (size_t i = 0; i < sc->nparams; i++) {
        lua_getfield(L, values, sc->params[i].name);
        record[i] = (gp_param_value){sc->params[i].name, json_text(L, sc, lua_gettop(L))};
        lua_pop(L, 1);
    }
    /* the edit itself */
    gp_scenario_prelude_get(L, "apply");
    lua_pushvalue(L, desc);
    gp_bind_begin(L, j->plan);
    lua_pushvalue(L, values);
    status = gp_lua_pcall(L, 3, 0);
    gp_bind_end(L);
    if (status != LUA_OK) {
        gp_sandbox_report(L, status, sc->file, j->diag);
        return 0;
    }
    sc->values = record;
    sc->info.params = record;
    j->err = GP_OK;
    return 0;
}

void gp_scenario_drop_state(gp_lua_scenario *sc) {
    gp_sandbox_close(sc->L);
    sc->L = NULL;
}

lua_State *gp_scenario_state(gp_lua_scenario *sc, gp_diag *diag) {
    if (sc->L && gp_sandbox_reset(sc->L))
        return sc->L;
    gp_scenario_drop_state(sc);
    sc->L = gp_sandbox_open(sc->opts.budget, sc->opts.memory, sc->opts.seed, gp_scenario_raw);
    if (!sc->L) {
        gp_diag_add(diag, sc->file, 0, 0, NULL,
                    "could not start Lua (out of memory, or a memory cap of %zu bytes is too small)",
                    sc->opts.memory);
        return NULL;
    }
    gp_sandbox_of(sc->L)->owner = sc;
    return sc->L;
}

/* Run `step` protected in the scenario's state; a failure discards the state. */
static gp_error run_step(gp_lua_scenario *sc, lua_CFunction step, gp_scenario_job *j) {
    lua_State *L = gp_scenario_state(sc, j->diag);
    if (!L)
        return GP_ERR_PLUGIN;
    j->err = GP_ERR_PLUGIN;
    lua_pushcfunction(L, step);
    lua_pushlightuserdata(L, j);
    int status = lua_pcall(L, 1, 0, 0);
    gp_bind_end(L); /* whatever happened, no handle outlives the step */
    if (status != LUA_OK) {
        gp_sandbox_report(L, status, sc->file, j->diag);
        j->err = GP_ERR_PLUGIN;
    }
    if (j->err != GP_OK)
        gp_scenario_drop_state(sc);
    return j->err;
}

/* ---- the API ------------------------------------------------------------------------------------ */

gp_error gp_lua_scenario_load_buffer(const char *src, size_t len, const char *path, const gp_lua_options *opts,
                                     gp_lua_scenario **out, gp_diag *diag) {
    gp_lua_scenario *sc = NULL;
    gp_error err = GP_ERR_NOMEM;
    gp_scenario_job j = {.diag = diag};
    if (!out || !src || !path || !diag)
        return GP_ERR_ARGUMENT;
    *out = NULL;
    if (len > GP_LUA_SOURCE_MAX) {
        gp_diag_add(diag, path, 0, 0, NULL, "the plugin is over %zu bytes, the limit for a plugin file",
                    GP_LUA_SOURCE_MAX);
        return GP_ERR_PLUGIN;
    }
    sc = calloc(1, sizeof *sc);
    if (!sc)
        goto fail;
    sc->keep_to = &sc->pool;
    if (opts)
        sc->opts = *opts;
    else
        gp_lua_options_init(&sc->opts);
    sc->file = gp_scenario_keep_string(sc, path, strlen(path));
    sc->src = gp_scenario_keep_string(sc, src, len);
    if (!sc->file || !sc->src)
        goto fail;
    sc->len = len;
    gp_sha256_buffer(src, len, sc->sha256);
    j.sc = sc;
    err = run_step(sc, load_step, &j);
    if (err != GP_OK)
        goto fail;
    sc->defaults = sc->values;
    sc->keep_to = &sc->per_apply;
    sc->info = (gp_scenario_info){.id = sc->id, .title = sc->title, .source = sc->source, .file = sc->file,
                                  .sha256 = sc->sha256, .params = sc->values, .nparams = sc->nparams,
                                  .has_seed = true, .seed = sc->opts.seed};
    *out = sc;
    return GP_OK;
fail:
    if (err == GP_ERR_NOMEM)
        gp_diag_add(diag, path, 0, 0, NULL, "out of memory");
    gp_lua_scenario_free(sc);
    return err;
}

gp_error gp_lua_scenario_load(const char *path, const gp_lua_options *opts, gp_lua_scenario **out,
                              gp_diag *diag) {
    char *src;
    size_t len;
    if (!out || !path || !diag)
        return GP_ERR_ARGUMENT;
    *out = NULL;
    gp_error err = gp_scenario_read_source(path, &src, &len, diag);
    if (err != GP_OK)
        return err;
    err = gp_lua_scenario_load_buffer(src, len, path, opts, out, diag);
    free(src);
    return err;
}

void gp_lua_scenario_free(gp_lua_scenario *sc) {
    if (!sc)
        return;
    gp_scenario_drop_state(sc);
    free(sc->dump);
    pool_empty(&sc->per_apply);
    free(sc->per_apply.items);
    pool_empty(&sc->pool);
    free(sc->pool.items);
    free(sc);
}

/* Keep a copy of the overrides an apply used: a model run gives its policy and metrics the same params. */
static bool keep_settings(gp_lua_scenario *sc, const gp_lua_setting *settings, size_t n) {
    gp_lua_setting *copy = gp_scenario_keep(sc, calloc(n ? n : 1, sizeof *copy));
    if (!copy)
        return false;
    for (size_t i = 0; i < n; i++) {
        copy[i].param = gp_scenario_keep_string(sc, settings[i].param, strlen(settings[i].param));
        copy[i].value = gp_scenario_keep_string(sc, settings[i].value, strlen(settings[i].value));
        if (!copy[i].param || !copy[i].value)
            return false;
    }
    sc->settings = copy;
    sc->nsettings = n;
    return true;
}

gp_error gp_lua_scenario_apply(gp_lua_scenario *sc, gp_plan *plan, const gp_lua_setting *settings,
                               size_t nsettings, gp_diag *diag) {
    if (!sc || !plan || !diag || (nsettings && !settings))
        return GP_ERR_ARGUMENT;
    /* The last apply's values and the last run's metrics go: back to what a loaded scenario shows. */
    pool_empty(&sc->per_apply);
    sc->values = sc->defaults;
    sc->info.params = sc->defaults;
    sc->settings = NULL;
    sc->nsettings = 0;
    for (size_t i = 0; i < sc->nmetrics; i++) {
        sc->metrics[i].value = 0;
        sc->metrics[i].annual = NULL;
        sc->metrics[i].nannual = 0;
    }
    sc->info.metrics = NULL;
    sc->info.nmetrics = 0;
    sc->nuses = 0;
    sc->info.uses = NULL;
    sc->info.nuses = 0;
    gp_scenario_job j = {.sc = sc, .plan = plan, .settings = settings, .nsettings = nsettings, .diag = diag};
    gp_error err = run_step(sc, apply_step, &j);
    if (err != GP_OK)
        return err;
    if (!keep_settings(sc, settings, nsettings)) {
        gp_diag_add(diag, sc->file, 0, 0, NULL, "out of memory");
        return GP_ERR_NOMEM;
    }
    gp_diag found;
    gp_diag_init(&found);
    err = gp_plan_validate(plan, sc->file, &found);
    if (err == GP_ERR_INVALID) {
        gp_diag_add(diag, sc->file, 0, 0, NULL, "scenario '%s' left the plan invalid:", sc->id);
        for (size_t i = 0; i < found.count; i++) {
            const gp_diag_item *it = &found.items[i];
            gp_diag_add(diag, it->file, it->line, it->column, it->path, "%s", it->message);
        }
        err = GP_ERR_PLUGIN;
    }
    gp_diag_free(&found);
    return err;
}

const char *gp_lua_scenario_id(const gp_lua_scenario *sc) { return sc->id; }
const char *gp_lua_scenario_title(const gp_lua_scenario *sc) { return sc->title; }
const char *gp_lua_scenario_source(const gp_lua_scenario *sc) { return sc->source; }
const char *gp_lua_scenario_file(const gp_lua_scenario *sc) { return sc->file; }
const char *gp_lua_scenario_sha256(const gp_lua_scenario *sc) { return sc->sha256; }
long long gp_lua_scenario_seed(const gp_lua_scenario *sc) { return sc->opts.seed; }
size_t gp_lua_scenario_param_count(const gp_lua_scenario *sc) { return sc->nparams; }

const gp_lua_param *gp_lua_scenario_param(const gp_lua_scenario *sc, size_t i) {
    return i < sc->nparams ? &sc->params[i] : NULL;
}

const gp_lua_param *gp_lua_scenario_find_param(const gp_lua_scenario *sc, const char *name) {
    for (size_t i = 0; i < sc->nparams; i++)
        if (strcmp(sc->params[i].name, name) == 0)
            return &sc->params[i];
    return NULL;
}

const gp_scenario_info *gp_lua_scenario_info(const gp_lua_scenario *sc) { return &sc->info; }
