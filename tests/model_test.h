/*
** tests/model_test.h: what the model's tests share: a plan written in JSON
** with ' for " (so a plan reads naturally inside a C string), loaded with
** gp_load_text() and run, and look-ups of series by name.
**
** Header-only (static functions), included by tests/test_model_*.c; every
** look-up asserts that what it looks for exists, so a misspelt name fails
** the test instead of reading the wrong series.
*/
#ifndef GP_MODEL_TEST_H
#define GP_MODEL_TEST_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A loaded plan and its result; free both with mt_free(). */
typedef struct mt_case {
    gp_plan *plan;
    gp_result *res;
} mt_case;

/* Load `text` (JSON with ' for "); the test fails with the loader's messages when it does not load. */
static inline gp_plan *mt_load(const char *text) {
    char *json = strdup(text);
    gp_diag diag;
    cr_assert_not_null(json);
    for (char *p = json; *p; p++)
        if (*p == '\'')
            *p = '"';
    gp_diag_init(&diag);
    gp_plan *plan = gp_load_text(json, &diag);
    if (!plan) {
        char *msgs = gp_diag_text(&diag);
        cr_log_error("the test plan does not load:\n%s\n%s", msgs, json);
        free(msgs);
    }
    free(json);
    gp_diag_free(&diag);
    cr_assert_not_null(plan, "the test plan must load");
    return plan;
}

/* Run a loaded plan; the test fails when the model does. */
static inline gp_result *mt_run_plan(const gp_plan *plan) {
    gp_result *res = NULL;
    gp_diag diag;
    gp_diag_init(&diag);
    gp_error err = gp_model_run(plan, &res, &diag);
    if (err != GP_OK) {
        char *msgs = gp_diag_text(&diag);
        cr_log_error("the model failed: %s\n%s", gp_strerror(err), msgs);
        free(msgs);
    }
    gp_diag_free(&diag);
    cr_assert_eq(err, GP_OK);
    return res;
}

static inline mt_case mt_run(const char *text) {
    mt_case c;
    c.plan = mt_load(text);
    c.res = mt_run_plan(c.plan);
    return c;
}

static inline void mt_free(mt_case *c) {
    gp_result_free(c->res);
    gp_plan_free(c->plan);
    c->res = NULL;
    c->plan = NULL;
}

/* Series `name` of a block: its monthly, annual and mean arrays. */
static inline int mt_index(const gp_block *b, const char *name) {
    cr_assert_not_null(b, "no block for series %s", name);
    int s = gp_block_find_series(b, name);
    cr_assert(s >= 0, "no series %s", name);
    return s;
}
static inline const double *mt_monthly(const gp_block *b, const char *name) {
    return gp_block_monthly(b, (size_t)mt_index(b, name));
}
static inline const double *mt_annual(const gp_block *b, const char *name) {
    return gp_block_annual(b, (size_t)mt_index(b, name));
}
static inline const double *mt_mean(const gp_block *b, const char *name) {
    return gp_block_mean(b, (size_t)mt_index(b, name));
}

/* Group `g` of unit `u` (g == ngroups is the unit's total). */
static inline const gp_block *mt_group(const gp_result *res, size_t u, size_t g) {
    cr_assert(u < res->nunits && g <= res->units[u].ngroups, "no group %zu of unit %zu", g, u);
    return &res->units[u].groups[g];
}
static inline const gp_block *mt_total(const gp_result *res, size_t u) {
    return mt_group(res, u, res->units[u].ngroups);
}

/* Expect got == want within 1e-9 relative (helpers.h's gp_close), naming the value on failure. */
#define MT_CLOSE(got, want)                                                                          \
    do {                                                                                             \
        double got_ = (got), want_ = (want);                                                         \
        cr_expect(gp_close(got_, want_), "%s = %.17g, want %.17g", #got, got_, want_);               \
    } while (0)

/* Expect every period of a monthly series to equal `want`. */
static inline void mt_all(const double *x, int months, double want, const char *what) {
    for (int t = 0; t < months; t++)
        cr_expect(gp_close(x[t], want), "%s[%d] = %.17g, want %.17g", what, t, x[t], want);
}

#endif
