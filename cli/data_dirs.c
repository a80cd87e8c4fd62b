/*
** cli/data_dirs.c: where the shipped plugins and templates are.
**
** They are found relative to the program, never the current folder, so
** `gapplan` behaves the same wherever it is run from: an installed program is
** PREFIX/bin/gapplan with its data in PREFIX/share/gapplan/, and the build
** puts build/bin/gapplan beside build/share/gapplan/, which links to the
** source folders (CMakeLists.txt).
*/
/* realpath() is XSI. */
#define _XOPEN_SOURCE 700

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The folder holding the running program, or "" when the system cannot say. */
static const char *program_dir(void) {
    static char dir[PATH_MAX];
    static bool known;
    if (!known) {
        ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
        dir[n > 0 ? n : 0] = '\0';
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        else
            dir[0] = '\0';
        known = true;
    }
    return dir;
}

bool gp_cli_data_dir(const char *what, char *out, size_t size) {
    const char *dir = program_dir();
    if (!*dir)
        return false;
    char path[PATH_MAX], real[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/../share/gapplan/%s", dir, what);
    if (n < 0 || (size_t)n >= sizeof path)
        return false;
    /* Resolved when it exists, so messages show a path a person recognises. */
    const char *best = realpath(path, real) ? real : path;
    if (strlen(best) >= size)
        return false;
    memcpy(out, best, strlen(best) + 1);
    return true;
}
