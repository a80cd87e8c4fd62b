/*
** lua/prelude.h (private): the Lua prelude compiled into the library, and the
** C primitives it is given.
**
** The prelude (prelude.lua) builds the friendly side of the API in Lua:
** scenario{}, typed params, use(). It receives one table of C primitives
** (`raw`) and the table of allowed globals, and returns its exports.
*/
#ifndef GP_LUA_PRELUDE_H
#define GP_LUA_PRELUDE_H

#include <stdbool.h>
#include <stddef.h>

#include <lauxlib.h>

/* prelude.lua's bytes, written into prelude_embedded.c by embed_lua.cmake. */
extern const unsigned char gp_lua_prelude[];
extern const size_t gp_lua_prelude_size;

/* The prelude's chunk name: messages about its lines say "gapplan prelude:NNN". */
#define GP_PRELUDE_NAME "=gapplan prelude"

/*
** Push the prelude as a function, compiled once per process and loaded from
** its bytecode (prelude_cache.c). Returns a lua_load status. [-0, +1, m]
*/
int gp_prelude_load(lua_State *L);

/* The primitives every prelude gets (prelude_raw.c): label_kind, nearest, id_valid. */
extern const luaL_Reg gp_prelude_raw[];

#endif
