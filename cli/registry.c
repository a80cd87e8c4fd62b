/*
** cli/registry.c: the plugin path (plugins.h).
**
** Folders are scanned once, in search order: the shipped plugins/ first,
** then GAPPLAN_PLUGIN_PATH's. A folder named twice (the same folder by two
** spellings included) is scanned once, so listing the shipped folder in the
** variable is not a duplicate. Only regular files named ID.lua, with ID a
** valid scenario id, count; anything else in a folder (a README, a backup
** "x.lua~") is not a plugin.
*/
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gapplan/text.h"
#include "plugins.h"

/* Longest scenario id worth looking at; ids are short words. */
#define REGISTRY_ID_MAX 128

static char *copy_text(const char *s) {
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

static int by_name(const void *a, const void *b) {
    return strcmp(((const gp_plugin_file *)a)->id, ((const gp_plugin_file *)b)->id);
}

/* True when `dir` names a folder already on the path (compared by device and inode). */
static bool already_listed(const gp_registry *r, const struct stat *st) {
    for (size_t i = 0; i < r->ndirs; i++) {
        struct stat other;
        if (r->dir_found[i] && stat(r->dirs[i], &other) == 0 && other.st_dev == st->st_dev &&
            other.st_ino == st->st_ino)
            return true;
    }
    return false;
}

/* The id of a plugin file name, copied to id, or false when `name` is not ID.lua. */
static bool plugin_id(const char *name, char id[REGISTRY_ID_MAX]) {
    size_t len = strlen(name);
    if (len <= 4 || len - 4 >= REGISTRY_ID_MAX || strcmp(name + len - 4, ".lua") != 0)
        return false;
    memcpy(id, name, len - 4);
    id[len - 4] = '\0';
    return gp_id_valid(id);
}

static gp_error add_file(gp_registry *r, size_t *cap, const char *dir, const char *id) {
    if (r->nfiles == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        gp_plugin_file *grown = realloc(r->files, ncap * sizeof *grown);
        if (!grown)
            return GP_ERR_NOMEM;
        r->files = grown;
        *cap = ncap;
    }
    size_t len = strlen(dir) + strlen(id) + sizeof "/.lua";
    char *path = malloc(len);
    char *copy = copy_text(id);
    if (!path || !copy) {
        free(path);
        free(copy);
        return GP_ERR_NOMEM;
    }
    snprintf(path, len, "%s/%s.lua", dir, id);
    r->files[r->nfiles++] = (gp_plugin_file){copy, path};
    return GP_OK;
}

/* Add folder `dir` to the path and its plugin files to the registry. */
static gp_error scan_dir(gp_registry *r, size_t *cap, const char *dir, gp_diag *diag) {
    struct stat st;
    bool found = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    if (r->ndirs == GP_REGISTRY_MAX_DIRS) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "the plugin path has more than %d folders", GP_REGISTRY_MAX_DIRS);
        return GP_ERR_IO;
    }
    if (found && already_listed(r, &st))
        return GP_OK;
    char *copy = copy_text(dir);
    if (!copy)
        return GP_ERR_NOMEM;
    r->dirs[r->ndirs] = copy;
    r->dir_found[r->ndirs++] = found;
    if (!found)
        return GP_OK;

    DIR *d = opendir(dir);
    if (!d) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "cannot read the plugin folder %s: %s", dir, strerror(errno));
        return GP_ERR_IO;
    }
    size_t first = r->nfiles;
    gp_error err = GP_OK;
    struct dirent *e;
    char id[REGISTRY_ID_MAX];
    while (err == GP_OK && (e = readdir(d)) != NULL) {
        char path[PATH_MAX];
        struct stat fst;
        if (!plugin_id(e->d_name, id))
            continue;
        int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n < 0 || (size_t)n >= sizeof path || stat(path, &fst) != 0 || !S_ISREG(fst.st_mode))
            continue;
        err = add_file(r, cap, dir, id);
    }
    closedir(d);
    if (r->nfiles > first)
        qsort(r->files + first, r->nfiles - first, sizeof *r->files, by_name);
    return err;
}

gp_error gp_registry_open(gp_registry *r, gp_diag *diag) {
    char shipped[PATH_MAX];
    size_t cap = 0;
    gp_error err = GP_OK;

    memset(r, 0, sizeof *r);
    if (gp_cli_data_dir("plugins", shipped, sizeof shipped))
        err = scan_dir(r, &cap, shipped, diag);
    const char *env = getenv("GAPPLAN_PLUGIN_PATH");
    while (err == GP_OK && env && *env) {
        size_t len = strcspn(env, ":");
        if (len > 0 && len < PATH_MAX) { /* an empty entry is no folder, not the current one */
            char dir[PATH_MAX];
            memcpy(dir, env, len);
            dir[len] = '\0';
            err = scan_dir(r, &cap, dir, diag);
        }
        env += len + (env[len] == ':');
    }
    if (err == GP_ERR_NOMEM)
        gp_diag_add(diag, NULL, 0, 0, NULL, "out of memory while reading the plugin path");
    return err;
}

gp_error gp_registry_check_unique(const gp_registry *r, gp_diag *diag) {
    gp_error err = GP_OK;
    for (size_t i = 0; i < r->nfiles; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->files[i].id, r->files[j].id) == 0) {
                gp_diag_add(diag, NULL, 0, 0, NULL, "scenario '%s' is defined twice, in %s and in %s; rename or remove one",
                            r->files[i].id, r->files[j].path, r->files[i].path);
                err = GP_ERR_PLUGIN;
                break;
            }
    return err;
}

const char *gp_registry_find(const gp_registry *r, const char *id) {
    for (size_t i = 0; i < r->nfiles; i++)
        if (strcmp(r->files[i].id, id) == 0)
            return r->files[i].path;
    return NULL;
}

const char *gp_registry_nearest(const gp_registry *r, const char *id) {
    const char **names = malloc((r->nfiles + 1) * sizeof *names);
    if (!names)
        return NULL; /* the suggestion is a courtesy: without memory, none */
    for (size_t i = 0; i < r->nfiles; i++)
        names[i] = r->files[i].id;
    const char *best = gp_nearest_name(id, names, r->nfiles);
    free(names);
    return best;
}

void gp_registry_close(gp_registry *r) {
    for (size_t i = 0; i < r->nfiles; i++) {
        free(r->files[i].id);
        free(r->files[i].path);
    }
    free(r->files);
    for (size_t i = 0; i < r->ndirs; i++)
        free(r->dirs[i]);
    memset(r, 0, sizeof *r);
}
