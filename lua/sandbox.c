/*
** lua/sandbox.c: the state a scenario runs in (sandbox.h).
**
** Built by allow list, after Redis's script_lua.c and nmap's nse_main.lua:
** only the base functions, string, table, math, utf8 and three functions of os
** are opened, and only the names in `base_allowed` reach a plugin. What is
** left out and why:
**   io, package, require, dofile, loadfile, debug: files, C modules, and
**     reaching past any environment;
**   coroutine: Debian's Lua 5.4.4 crashes on a chain of coroutines closing
**     each other, and a plugin has no need of them;
**   print: standard output may be the result file (`-o -`);
**   string.dump, load of binary chunks: bytecode is not verified by Lua;
**   collectgarbage beyond "count", math.randomseed: a plugin must not steer
**     the collector or make its random numbers depend on anything but the
**     recorded seed;
**   setmetatable with a __gc field: finalisers run with hooks off, outside
**     the instruction budget;
**   xpcall's handler, after a breach: it would run with hooks off too
**     (see guard_handler).
** The real global table is emptied once the prelude has taken what it needs,
** so nothing reaches the unfiltered functions.
*/
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "bind.h"
#include "prelude.h"
#include "sandbox.h"

const char gp_sandbox_prelude_key = 0;
/*
** Registry keys: the allowed globals, the emptied real global table's metatable, the plugin environments'
** metatable, the memory breach message, math.randomseed.
*/
static const char allowed_key = 0, globals_meta_key = 0, env_meta_key = 0, memory_message_key = 0,
                  randomseed_key = 0;

/* Base functions a plugin may call as they are; setmetatable, load and collectgarbage are wrapped. */
static const char *const base_allowed[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber",
    "tostring", "type", "rawequal", "rawget", "rawlen", "rawset", "getmetatable", "_VERSION",
};
/* Libraries a plugin gets a copy of; os is cut down to os_allowed. */
static const char *const libs_allowed[] = {"string", "table", "math", "utf8", "os"};
static const char *const os_allowed[] = {"time", "date", "clock"};

#define COUNT(a) (sizeof a / sizeof a[0])

gp_sandbox *gp_sandbox_of(lua_State *L) { return *(gp_sandbox **)lua_getextraspace(L); }

/* ---- breaches: memory cap, instruction budget ------------------------------------------------- */

static void sandbox_hook(lua_State *L, lua_Debug *ar);

/* Record the first breach and arm the hook on every instruction, so the error comes back after any pcall. */
static void breach(gp_sandbox *sb, gp_breach kind) {
    if (sb->breach == GP_BREACH_NONE)
        sb->breach = kind;
    if (sb->L)
        lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
}

/*
** The memory breach's message, with the line of the innermost Lua function running (as the budget's has):
** Lua raises a memory error without calling a message handler, so this is the one moment the place is known.
** lua_getinfo with "Sl" reads the call stack and allocates nothing.
*/
static void memory_message(gp_sandbox *sb) {
    lua_Debug ar;
    if (sb->breach != GP_BREACH_NONE)
        return; /* the first breach's message stays */
    for (int level = 0; sb->L && lua_getstack(sb->L, level, &ar); level++)
        if (lua_getinfo(sb->L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(sb->breach_message, sizeof sb->breach_message,
                     "%s:%d: the plugin went over its memory cap of %zu bytes", ar.short_src, ar.currentline,
                     sb->mem_cap);
            return;
        }
    snprintf(sb->breach_message, sizeof sb->breach_message, "the plugin went over its memory cap of %zu bytes",
             sb->mem_cap);
}

/* lua_Alloc with a cap, after ltests.c's debug allocator. Shrinking never fails, as Lua requires. */
static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    gp_sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        sb->mem_used -= old;
        return NULL;
    }
    if (nsize > old && (nsize - old > sb->mem_cap - sb->mem_used || sb->mem_used > sb->mem_cap)) {
        memory_message(sb);
        breach(sb, GP_BREACH_MEMORY);
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p)
        sb->mem_used = sb->mem_used - old + nsize;
    return p;
}

/*
** Count hook: charge GP_SANDBOX_HOOK_STEP instructions a visit; once the
** budget is spent (or memory ran out), raise the breach on every instruction.
*/
static void sandbox_hook(lua_State *L, lua_Debug *ar) {
    gp_sandbox *sb = gp_sandbox_of(L);
    if (sb->breach == GP_BREACH_NONE) {
        if (ar->event != LUA_HOOKCOUNT)
            return;
        sb->used += GP_SANDBOX_HOOK_STEP;
        if (sb->used < sb->budget)
            return;
        lua_getinfo(L, "Sl", ar);
        snprintf(sb->breach_message, sizeof sb->breach_message,
                 "%s:%d: the plugin ran out of its instruction budget (%llu instructions)", ar->short_src,
                 ar->currentline, sb->budget);
        breach(sb, GP_BREACH_BUDGET);
    }
    if (sb->breach == GP_BREACH_MEMORY)
        lua_rawgetp(L, LUA_REGISTRYINDEX, &memory_message_key); /* a pinned string: no allocation */
    else
        lua_pushstring(L, sb->breach_message);
    lua_error(L);
}

void gp_sandbox_charge(lua_State *L, double instructions) {
    gp_sandbox *sb = gp_sandbox_of(L);
    if (instructions >= (double)(sb->budget - sb->used))
        sb->used = sb->budget;
    else if (instructions > 0)
        sb->used += (unsigned long long)instructions;
    if (sb->used >= sb->budget && sb->breach == GP_BREACH_NONE) {
        luaL_where(L, 1);
        snprintf(sb->breach_message, sizeof sb->breach_message,
                 "%sthe plugin ran out of its instruction budget (%llu instructions)", lua_tostring(L, -1),
                 sb->budget);
        lua_pop(L, 1);
        breach(sb, GP_BREACH_BUDGET);
    }
    if (sb->breach != GP_BREACH_NONE) {
        lua_pushstring(L, sb->breach_message);
        lua_error(L);
    }
}

/* ---- calling into Lua ------------------------------------------------------------------------ */

/* Message handler: the error as text with a traceback; a breach's own text whatever was raised. */
static int message_handler(lua_State *L) {
    gp_sandbox *sb = gp_sandbox_of(L);
    const char *msg;
    if (sb->breach != GP_BREACH_NONE)
        msg = lua_pushstring(L, sb->breach_message);
    else if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER)
        msg = lua_tostring(L, 1);
    else if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
        msg = lua_tostring(L, -1);
    else
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int gp_lua_pcall(lua_State *L, int nargs, int nresults) {
    gp_sandbox *sb = gp_sandbox_of(L);
    int base = lua_gettop(L) - nargs; /* the function's slot */
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    if (sb->breach != GP_BREACH_NONE) {
        /* whatever Lua made of it, a breach is the outcome; the report takes its text from sb */
        lua_settop(L, base - 1);
        lua_pushnil(L);
        return sb->breach == GP_BREACH_MEMORY ? LUA_ERRMEM : LUA_ERRRUN;
    }
    return status;
}

/*
** Split "file:12: message" when the location is the plugin's own ("file" as
** given, or Lua's shortened "...tail"): the line goes into the item, the rest
** is the message. Returns the line, 0 when the text has no such location.
*/
static int split_location(const char *text, const char *file, const char **rest) {
    const char *colon = strchr(text, ':');
    *rest = text;
    if (!colon || !file)
        return 0;
    size_t n = (size_t)(colon - text), flen = strlen(file);
    bool same = (n == flen && strncmp(text, file, n) == 0) ||
                (n > 3 && strncmp(text, "...", 3) == 0 && flen >= n - 3 &&
                 strncmp(text + 3, file + flen - (n - 3), n - 3) == 0);
    if (!same)
        return 0;
    const char *p = colon + 1;
    int line = 0;
    while (*p >= '0' && *p <= '9' && line < 100000000)
        line = line * 10 + (*p++ - '0');
    if (p == colon + 1 || p[0] != ':' || p[1] != ' ')
        return 0;
    *rest = p + 2;
    return line;
}

void gp_sandbox_report(lua_State *L, int status, const char *file, gp_diag *diag) {
    gp_sandbox *sb = gp_sandbox_of(L);
    const char *text, *rest;
    if (sb->breach != GP_BREACH_NONE)
        text = sb->breach_message;
    else if (status == LUA_ERRMEM)
        text = "out of memory";
    else if (!(text = lua_tostring(L, -1)))
        text = "unknown error (the error object is not text)";
    int line = split_location(text, file, &rest);
    gp_diag_add(diag, file, line, 0, NULL, "%s", rest);
    lua_pop(L, 1);
}

/* ---- the plugin environment ------------------------------------------------------------------ */

static int undefined_global(lua_State *L) {
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "undefined global '%s'", lua_tostring(L, 2));
    return luaL_error(L, "undefined global (a %s key)", luaL_typename(L, 2));
}

/* setmetatable refusing __gc: finalisers run with hooks off, so their loops would never be stopped. */
static int safe_setmetatable(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: metatables with __gc are not allowed in plugins");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/*
** xpcall with its message handler behind a guard. A breach is raised from
** inside the count hook, where Lua has turned hooks off, and Lua calls the
** message handler before unwinding: a plugin's handler would then run with no
** hook to stop it. After a breach the guard returns the breach's text without
** calling the plugin's handler; before one, the handler runs hooked as usual.
*/
static int guard_handler(lua_State *L) {
    gp_sandbox *sb = gp_sandbox_of(L);
    if (sb->breach != GP_BREACH_NONE) {
        lua_pushstring(L, sb->breach_message);
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int safe_xpcall(lua_State *L) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guard_handler, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1)); /* the real xpcall */
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* collectgarbage("count") only. */
static int safe_collectgarbage(lua_State *L) {
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L, "collectgarbage: only \"count\" is allowed in plugins");
    lua_pushnumber(L, lua_gc(L, LUA_GCCOUNT, 0) + lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0);
    return 1;
}

/* load(chunk [, name [, mode [, env]]]): text only, and the plugin's own environment by default. */
static int safe_load(lua_State *L) {
    luaL_checkany(L, 1);
    int n = lua_gettop(L);
    const char *mode = luaL_optstring(L, 3, "t");
    if (strcmp(mode, "t") != 0)
        return luaL_error(L, "load: only text chunks may be loaded (mode \"t\"), not \"%s\"", mode);
    lua_pushvalue(L, lua_upvalueindex(1)); /* the real load */
    lua_pushvalue(L, 1);
    if (n >= 2)
        lua_pushvalue(L, 2);
    else
        lua_pushnil(L);
    lua_pushliteral(L, "t");
    if (n >= 4)
        lua_pushvalue(L, 4);
    else
        lua_pushvalue(L, lua_upvalueindex(2));
    lua_call(L, 4, LUA_MULTRET);
    return lua_gettop(L) - n;
}

/* Entries of the table at idx. */
static int count_entries(lua_State *L, int idx) {
    int n = 0;
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        n++;
    }
    return n;
}

/* A shallow copy of the table at idx, made at its final size. [-0, +1, m] */
static void copy_table(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_createtable(L, 0, count_entries(L, idx));
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
}

/*
** An environment's __index: a library (string, table, math, utf8, os) the
** plugin reaches for the first time in this environment gets its own copy,
** made now and kept in the environment; any other name is an undefined
** global. Copying the five libraries for every step cost a fifth of a small
** plugin's apply, and most plugins use none of them.
*/
static int env_index(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &allowed_key);
    lua_pushvalue(L, 2);
    if (lua_type(L, 2) != LUA_TSTRING || lua_rawget(L, -2) != LUA_TTABLE)
        return undefined_global(L);
    copy_table(L, -1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, 1);
    return 1;
}

void gp_sandbox_new_env(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &allowed_key);
    lua_createtable(L, 0, count_entries(L, -1) + 4); /* and load, _G, scenario, use */
    lua_insert(L, -2);
    int env = lua_gettop(L) - 1;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (lua_type(L, -1) == LUA_TTABLE) { /* a library: copied when first used (env_index) */
            lua_pop(L, 1);
            continue;
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, env);
    }
    lua_getfield(L, -1, "load");
    lua_pushvalue(L, env);
    lua_pushcclosure(L, safe_load, 2);
    lua_setfield(L, env, "load");
    lua_pop(L, 1);
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    lua_rawgetp(L, LUA_REGISTRYINDEX, &gp_sandbox_prelude_key);
    lua_getfield(L, -1, "scenario");
    lua_setfield(L, env, "scenario");
    lua_getfield(L, -1, "use");
    lua_setfield(L, env, "use");
    lua_pop(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &env_meta_key);
    lua_setmetatable(L, env);
}

/* Load text (mode "t") or the state's own dump (mode "b") and give it the environment below it. */
static int load_chunk(lua_State *L, const char *bytes, size_t len, const char *name, const char *mode) {
    const char *chunkname = lua_pushfstring(L, "@%s", name);
    int status = luaL_loadbufferx(L, bytes, len, chunkname, mode);
    lua_remove(L, -2); /* the chunk name */
    if (status == LUA_OK) {
        lua_pushvalue(L, -2);
        lua_setupvalue(L, -2, 1); /* a main chunk's first upvalue is its _ENV */
    }
    lua_remove(L, -2); /* the environment */
    return status;
}

int gp_sandbox_load(lua_State *L, const char *src, size_t len, const char *name) {
    return load_chunk(L, src, len, name, "t");
}

int gp_sandbox_load_dump(lua_State *L, const char *dump, size_t len, const char *name) {
    return load_chunk(L, dump, len, name, "b");
}

/* ---- opening a state -------------------------------------------------------------------------- */

/* The table of allowed globals, from the opened libraries. [-0, +1, m] */
static void make_allowed(lua_State *L, long long seed) {
    lua_newtable(L);
    int allowed = lua_gettop(L);
    lua_pushglobaltable(L);
    for (size_t i = 0; i < COUNT(base_allowed); i++) {
        lua_getfield(L, -1, base_allowed[i]);
        lua_setfield(L, allowed, base_allowed[i]);
    }
    lua_getfield(L, -1, "setmetatable");
    lua_pushcclosure(L, safe_setmetatable, 1);
    lua_setfield(L, allowed, "setmetatable");
    lua_getfield(L, -1, "xpcall");
    lua_pushcclosure(L, safe_xpcall, 1);
    lua_setfield(L, allowed, "xpcall");
    lua_getfield(L, -1, "load"); /* wrapped per environment by gp_sandbox_new_env */
    lua_setfield(L, allowed, "load");
    lua_pushcfunction(L, safe_collectgarbage);
    lua_setfield(L, allowed, "collectgarbage");
    lua_pop(L, 1);
    for (size_t i = 0; i < COUNT(libs_allowed); i++) {
        luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
        lua_getfield(L, -1, libs_allowed[i]);
        lua_remove(L, -2);
        lua_setfield(L, allowed, libs_allowed[i]);
    }
    /* string: no dump, guarded rep and pattern functions; its metatable locked */
    lua_getfield(L, allowed, "string");
    gp_sandbox_guard_string(L, lua_gettop(L));
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 3);
    /* math: seeded here and by gp_sandbox_reset, never by a plugin */
    lua_getfield(L, allowed, "math");
    lua_getfield(L, -1, "randomseed");
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &randomseed_key);
    lua_pushinteger(L, (lua_Integer)seed);
    lua_call(L, 1, 0);
    lua_pushnil(L);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);
    /* os: the clock and calendar only */
    lua_getfield(L, allowed, "os");
    lua_createtable(L, 0, (int)COUNT(os_allowed));
    for (size_t i = 0; i < COUNT(os_allowed); i++) {
        lua_getfield(L, -2, os_allowed[i]);
        lua_setfield(L, -2, os_allowed[i]);
    }
    lua_setfield(L, allowed, "os");
    lua_pop(L, 1);
}

/* Empty the real global table and make it refuse reads, so nothing can reach what was filtered out. */
static void close_globals(lua_State *L) {
    lua_pushglobaltable(L);
    for (;;) {
        lua_pushnil(L);
        if (!lua_next(L, -2))
            break;
        lua_pop(L, 1);
        lua_pushnil(L);
        lua_rawset(L, -3);
    }
    lua_rawgetp(L, LUA_REGISTRYINDEX, &globals_meta_key);
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
}

static int open_protected(lua_State *L) {
    gp_sandbox *sb = gp_sandbox_of(L);
    const luaL_Reg *raw = lua_touserdata(L, 1);
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},        {LUA_STRLIBNAME, luaopen_string}, {LUA_TABLIBNAME, luaopen_table},
        {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_OSLIBNAME, luaopen_os},
    };
    for (size_t i = 0; i < COUNT(libs); i++) {
        luaL_requiref(L, libs[i].name, libs[i].func, i == 0);
        lua_pop(L, 1);
    }
    lua_pushfstring(L, "the plugin went over its memory cap of %I bytes", (lua_Integer)sb->mem_cap);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &memory_message_key);
    const lua_CFunction index[] = {undefined_global, env_index};
    const void *const key[] = {&globals_meta_key, &env_meta_key};
    for (size_t i = 0; i < COUNT(index); i++) {
        lua_createtable(L, 0, 2);
        lua_pushcfunction(L, index[i]);
        lua_setfield(L, -2, "__index");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
        lua_rawsetp(L, LUA_REGISTRYINDEX, key[i]);
    }
    make_allowed(L, sb->seed);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &allowed_key);
    gp_bind_open(L);
    /* the prelude gets the C primitives and returns its exports */
    if (gp_prelude_load(L) != LUA_OK)
        return lua_error(L);
    lua_newtable(L);
    luaL_setfuncs(L, gp_prelude_raw, 0);
    if (raw)
        luaL_setfuncs(L, raw, 0);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &allowed_key);
    lua_call(L, 2, 1);
    luaL_checktype(L, -1, LUA_TTABLE);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &gp_sandbox_prelude_key);
    close_globals(L);
    return 0;
}

lua_State *gp_sandbox_open(unsigned long long budget, size_t memory, long long seed, const luaL_Reg *raw) {
    gp_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb)
        return NULL;
    sb->mem_cap = memory;
    sb->budget = budget;
    sb->seed = seed;
    lua_State *L = lua_newstate(sandbox_alloc, sb);
    if (!L) {
        free(sb);
        return NULL;
    }
    *(gp_sandbox **)lua_getextraspace(L) = sb;
    sb->L = L;
    lua_pushcfunction(L, open_protected);
    lua_pushlightuserdata(L, (void *)raw);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK || sb->breach != GP_BREACH_NONE) {
        gp_sandbox_close(L);
        return NULL;
    }
    lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, GP_SANDBOX_HOOK_STEP);
    return L;
}

/* The Lua half of a reset: math.random back to its seed, the prelude's memory of the last step gone. */
static int reset_protected(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &randomseed_key);
    lua_pushinteger(L, (lua_Integer)gp_sandbox_of(L)->seed);
    lua_call(L, 1, 0);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &gp_sandbox_prelude_key);
    lua_getfield(L, -1, "reset");
    lua_call(L, 0, 0);
    return 0;
}

bool gp_sandbox_reset(lua_State *L) {
    gp_sandbox *sb = gp_sandbox_of(L);
    if (sb->breach != GP_BREACH_NONE)
        return false;
    lua_settop(L, 0);
    sb->used = 0;
    sb->plan = NULL;
    sb->results = NULL;
    sb->period = 0;
    sb->first_editable = 0;
    sb->changed = false;
    /* The last steps' garbage must not count against the next one's cap. */
    if (sb->mem_used > sb->mem_cap / 4)
        lua_gc(L, LUA_GCCOLLECT);
    lua_pushcfunction(L, reset_protected);
    return lua_pcall(L, 0, 0, 0) == LUA_OK && sb->breach == GP_BREACH_NONE;
}

void gp_sandbox_close(lua_State *L) {
    if (!L)
        return;
    gp_sandbox *sb = gp_sandbox_of(L);
    lua_close(L);
    free(sb);
}
