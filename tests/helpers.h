/*
** tests/helpers.h: shared test helpers: temporary files, running the gapplan
** command and capturing what it prints, loading plans from strings.
*/
#ifndef GP_TEST_HELPERS_H
#define GP_TEST_HELPERS_H

#include <stddef.h>

#include "gapplan/gapplan.h"

/* Result of running the command: exit status and everything it printed (NUL-terminated, owned). */
typedef struct gp_cmd_result {
    int status;  /* exit code, or 128 + signal number */
    char *out;   /* standard output */
    char *err;   /* standard error */
} gp_cmd_result;

/*
** Run the built gapplan with `argv` (NULL-terminated, without argv[0]) in the
** folder `cwd` (NULL: the current one), with standard input from /dev/null.
** Free the result with gp_cmd_result_free().
*/
gp_cmd_result gp_run_cli(const char *cwd, const char *const *argv);
void gp_cmd_result_free(gp_cmd_result *r);

/* A new empty temporary folder (owned; remove it with gp_rm_rf). */
char *gp_temp_dir(void);
/* Remove a folder and everything in it. */
void gp_rm_rf(const char *path);
/* Write `text` to dir/name and return the full path (owned). */
char *gp_write_file(const char *dir, const char *name, const char *text);
/* Read a whole file (owned, NUL-terminated); NULL when it cannot be read. *len may be NULL. */
char *gp_read_file(const char *path, size_t *len);
/* "GP_SOURCE_DIR/relative" (owned). */
char *gp_source_path(const char *relative);

/*
** Load a plan from JSON text under the name "plan.json". Returns the plan or
** NULL; `diag` receives the problems. The diag's items can be searched with
** gp_diag_has().
*/
gp_plan *gp_load_text(const char *json, gp_diag *diag);
/* True when some item of `d`, formatted as the user sees it, contains `fragment`. */
int gp_diag_has(const gp_diag *d, const char *fragment);
/* All items formatted, one a line (owned), for failure messages. */
char *gp_diag_text(const gp_diag *d);

/* |a - b| <= 1e-9 * max(|a|, |b|) or <= 1e-9 absolute: MODEL.md's check tolerance, made tighter. */
int gp_close(double a, double b);

#endif
