/*
** lua/scenario_use.c: a plugin file read into memory, and the prelude's
** primitive behind use(): another scenario's chunk, found by the caller's
** resolver, loaded in an environment of its own, and recorded with its
** SHA-256 in the provenance of the apply that used it (scenario_private.h).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "gapplan/hash.h"
#include "sandbox.h"
#include "scenario_private.h"

gp_error gp_scenario_read_source(const char *path, char **out, size_t *len, gp_diag *diag) {
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        gp_diag_add(diag, path, 0, 0, NULL, "cannot open the plugin: %s", strerror(errno));
        return GP_ERR_IO;
    }
    gp_error err = GP_OK;
    char *buf = malloc(GP_LUA_SOURCE_MAX + 1);
    size_t n = buf ? fread(buf, 1, GP_LUA_SOURCE_MAX + 1, f) : 0;
    if (!buf) {
        err = GP_ERR_NOMEM;
        gp_diag_add(diag, path, 0, 0, NULL, "out of memory");
    } else if (ferror(f)) {
        err = GP_ERR_IO;
        gp_diag_add(diag, path, 0, 0, NULL, "cannot read the plugin: %s", strerror(errno));
    } else if (n > GP_LUA_SOURCE_MAX) {
        err = GP_ERR_PLUGIN;
        gp_diag_add(diag, path, 0, 0, NULL, "the plugin is over %zu bytes, the limit for a plugin file",
                    GP_LUA_SOURCE_MAX);
    }
    fclose(f);
    if (err != GP_OK) {
        free(buf);
        return err;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return GP_OK;
}

/* Protected helper of raw_load_scenario: (source, length, path) -> chunk in a new environment. */
static int load_used(lua_State *L) {
    const char *src = lua_touserdata(L, 1);
    size_t len = (size_t)lua_tointeger(L, 2);
    const char *path = lua_tostring(L, 3);
    gp_sandbox_new_env(L);
    if (gp_sandbox_load(L, src, len, path) != LUA_OK)
        return lua_error(L);
    return 1;
}

/*
** Note the file use() is about to run in the provenance of this apply: the
** board pack and result name every file whose code shaped the figures. Each
** id once; past GP_LUA_USES_MAX the rest go unrecorded (a plugin that uses
** that many others is not one a board would be shown). False when out of
** memory.
*/
static bool record_use(gp_lua_scenario *sc, const char *id, const char *path, const char *src, size_t len) {
    char sha[GP_SHA256_HEX_SIZE];
    if (!sc)
        return true;
    for (size_t i = 0; i < sc->nuses; i++)
        if (strcmp(sc->uses[i].id, id) == 0)
            return true;
    if (sc->nuses == GP_LUA_USES_MAX)
        return true;
    gp_sha256_buffer(src, len, sha);
    gp_used_file u = {gp_scenario_keep_string(sc, id, strlen(id)), gp_scenario_keep_string(sc, path, strlen(path)),
                      gp_scenario_keep_string(sc, sha, strlen(sha))};
    if (!u.id || !u.file || !u.sha256)
        return false;
    sc->uses[sc->nuses++] = u;
    sc->info.uses = sc->uses;
    sc->info.nuses = sc->nuses;
    return true;
}

/* raw.load_scenario(id) -> chunk, path: the scenario file of `id`, loaded but not run. */
static int raw_load_scenario(lua_State *L) {
    const char *id = luaL_checkstring(L, 1);
    gp_lua_scenario *sc = gp_sandbox_of(L)->owner;
    const char *found = sc && sc->opts.resolve ? sc->opts.resolve(sc->opts.resolve_ctx, id) : NULL;
    if (!found)
        return luaL_error(L, "use: no scenario '%s' on the plugin path", id);
    const char *path = lua_pushstring(L, found);
    char *src, msg[512] = "out of memory";
    size_t len;
    gp_diag d;
    gp_diag_init(&d);
    gp_error err = gp_scenario_read_source(path, &src, &len, &d);
    if (d.count)
        gp_diag_format(&d.items[0], msg, sizeof msg);
    gp_diag_free(&d);
    if (err != GP_OK)
        return luaL_error(L, "use: %s", msg);
    if (!record_use(sc, id, path, src, len)) {
        free(src);
        return luaL_error(L, "out of memory");
    }
    lua_pushcfunction(L, load_used);
    lua_pushlightuserdata(L, src);
    lua_pushinteger(L, (lua_Integer)len);
    lua_pushvalue(L, 2);
    int status = lua_pcall(L, 3, 1, 0);
    free(src);
    if (status != LUA_OK)
        return lua_error(L);
    lua_pushvalue(L, 2);
    return 2;
}

/* The prelude's primitive for use(). */
const luaL_Reg gp_scenario_raw[] = {{"load_scenario", raw_load_scenario}, {NULL, NULL}};
