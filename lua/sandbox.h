/*
** lua/sandbox.h (private): one sandboxed lua_State per scenario run.
**
** Stock Lua 5.4 shares its library tables and the string metatable between
** every environment of a state, so a plugin could change them for the next
** one. Each run therefore gets its own state (mpv's model), created here with
** a capped allocator, an instruction budget and a curated set of libraries;
** a plugin file then runs in an environment of its own made by
** gp_sandbox_new_env().
**
** Breaches (budget spent, memory cap hit) are sticky: once one happens, a
** hook raises the same error before every further instruction, so pcall and
** xpcall cannot swallow it, and the run is reported as that breach whatever
** Lua returns.
**
** Ownership: gp_sandbox_open() returns a state the caller closes with
** gp_sandbox_close(), which also frees the context.
*/
#ifndef GP_LUA_SANDBOX_H
#define GP_LUA_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

#include "gapplan/error.h"
#include "gapplan/plan.h"

/* Instructions between two visits of the budget hook: small enough to stop close to the budget, large enough to cost nothing. */
#define GP_SANDBOX_HOOK_STEP 1000
/* Bytes of the text kept for a breach message. */
#define GP_SANDBOX_MESSAGE_MAX 512

typedef enum gp_breach { GP_BREACH_NONE, GP_BREACH_BUDGET, GP_BREACH_MEMORY } gp_breach;

/* What the C side knows about a state; reached from Lua through lua_getextraspace. */
typedef struct gp_sandbox {
    lua_State *L;
    /* allocator */
    size_t mem_used, mem_cap;
    /* instruction budget */
    unsigned long long budget, used;
    /* the first breach, and its message ("x.lua:12: ...") */
    gp_breach breach;
    char breach_message[GP_SANDBOX_MESSAGE_MAX];
    /* the plan under edit: handles made under another epoch, or while plan is NULL, have expired */
    gp_plan *plan;
    unsigned epoch;
    long long seed;
    /* whoever opened the state (scenario.c: the gp_lua_scenario), for its C primitives */
    void *owner;
    /* during a policy call: the first period a change may touch (t + 1), else 0 */
    int first_editable;
    /* set by every change to a schedule: a policy that changed nothing needs no validation */
    bool changed;
    /* the results a policy or metric reads (bind_result.c), NULL otherwise; `period` is the last computed */
    const struct gp_result *results;
    int period;
} gp_sandbox;

/*
** A new state with the safe libraries loaded and the prelude run, or NULL
** when out of memory (or `memory` is too small to start Lua). `budget` is in
** instructions, `memory` in bytes; `seed` seeds math.random. `raw` (may be
** NULL) adds C primitives to those the prelude receives.
*/
lua_State *gp_sandbox_open(unsigned long long budget, size_t memory, long long seed, const luaL_Reg *raw);
/*
** Ready a state that has run a step for the next one, as a new state would
** be: the instruction budget full again, math.random back at its seed, the
** prelude's memory of use() and of any step left half done cleared, and the
** garbage collected when it fills a quarter of the cap. Each step runs its
** chunk in a new environment (gp_sandbox_new_env), so nothing a plugin made
** in one step is reachable from the next. Opening a state costs a hundred
** times a step of a small plugin; a scenario applied many times (mc,
** sensitivity, solve) keeps its state. False after a breach or when out of
** memory: close the state and open a new one.
*/
bool gp_sandbox_reset(lua_State *L);
/** Close the state and free its context; NULL is a no-op. */
void gp_sandbox_close(lua_State *L);
/** The context of a state made by gp_sandbox_open(). */
gp_sandbox *gp_sandbox_of(lua_State *L);

/*
** Push a new plugin environment: the allowed globals, and a metatable that
** gives the environment its own copy of a library table the first time it is
** read and makes reading an undefined global an error. [-0, +1, m]
*/
void gp_sandbox_new_env(lua_State *L);

/*
** The functions below that push or allocate run inside protected code (a C
** function called through lua_pcall): a memory error there must not reach
** Lua's panic handler.
**
** Load `len` bytes of plugin text as chunk "@name" (text only) with the
** environment at the top of the stack as its _ENV; the environment is
** replaced by the function. Returns a lua_load status; on error the message
** replaces the environment. [-1, +1, m]
*/
int gp_sandbox_load(lua_State *L, const char *src, size_t len, const char *name);
/*
** As gp_sandbox_load, for bytes lua_dump made of a chunk gp_sandbox_load
** compiled: loading them skips the parse. Never for bytes from elsewhere
** (Lua does not verify bytecode). [-1, +1, m]
*/
int gp_sandbox_load_dump(lua_State *L, const char *dump, size_t len, const char *name);

/*
** Call into Lua as lua_pcall does, with a message handler that adds a
** traceback. Every call from C into plugin code goes through here. On error
** the top of the stack holds the message as a string (a breach message when
** a breach happened). The status is LUA_OK only when Lua returned normally
** and no breach happened. [-(nargs+1), +(nresults|1), -]
*/
int gp_lua_pcall(lua_State *L, int nargs, int nresults);

/*
** Append the error at the top of the stack (left by gp_lua_pcall or
** gp_sandbox_load with `status`) to `diag` under `file`: a "file:line: "
** prefix naming that file becomes the item's line, the traceback follows in
** the message. After a breach the breach's text is reported instead. Pops
** the message. [-1, +0, -]
*/
void gp_sandbox_report(lua_State *L, int status, const char *file, gp_diag *diag);

/*
** Charge work done inside one C call to the instruction budget; when that
** spends it, the breach is raised at once. [-0, +0, v]
*/
void gp_sandbox_charge(lua_State *L, double instructions);

/* Registered in sandbox_string.c: the guarded string functions (rep, find, match, gmatch, gsub). [-0, +0, m] */
void gp_sandbox_guard_string(lua_State *L, int string_table);

/* Registry key of the prelude's table of functions (scenario, use, ...). */
extern const char gp_sandbox_prelude_key;

#endif
