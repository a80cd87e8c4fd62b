/*
** lua/prelude_cache.c: the prelude compiled once per process (prelude.h).
**
** Every scenario run opens a fresh state (sandbox.h), and parsing the
** prelude's text was four fifths of the cost of opening one. The text is
** compiled once, dumped as bytecode with its debug information (so messages
** still say "gapplan prelude:NNN"), and each state loads the bytecode. The
** bytecode is ours, made in this process from our own text: the rule that a
** plugin may never load bytecode is about plugins, whose bytecode Lua does
** not verify. pthread_once makes the first compilation safe when states are
** opened on several threads (the uncertainty tools).
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "prelude.h"

static pthread_once_t compiled = PTHREAD_ONCE_INIT;
static unsigned char *bytecode; /* NULL when compiling failed: states then parse the text */
static size_t nbytes, capacity;

static int collect(lua_State *L, const void *p, size_t size, void *ud) {
    (void)L, (void)ud;
    if (nbytes + size > capacity) {
        size_t grown = capacity ? capacity * 2 : 16384;
        while (grown < nbytes + size)
            grown *= 2;
        unsigned char *more = realloc(bytecode, grown);
        if (!more)
            return 1;
        bytecode = more;
        capacity = grown;
    }
    memcpy(bytecode + nbytes, p, size);
    nbytes += size;
    return 0;
}

static void compile(void) {
    lua_State *L = luaL_newstate();
    bool ok = L && luaL_loadbufferx(L, (const char *)gp_lua_prelude, gp_lua_prelude_size, GP_PRELUDE_NAME, "t") ==
                       LUA_OK && lua_dump(L, collect, NULL, 0) == 0;
    if (!ok) {
        free(bytecode);
        bytecode = NULL;
        nbytes = 0;
    }
    if (L)
        lua_close(L);
}

int gp_prelude_load(lua_State *L) {
    pthread_once(&compiled, compile);
    if (bytecode)
        return luaL_loadbufferx(L, (const char *)bytecode, nbytes, GP_PRELUDE_NAME, "b");
    return luaL_loadbufferx(L, (const char *)gp_lua_prelude, gp_lua_prelude_size, GP_PRELUDE_NAME, "t");
}
