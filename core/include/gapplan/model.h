/*
** gapplan/model.h: running the model (MODEL.md §3-§7) over a plan.
**
** gp_model_run() computes every period at once. Policies (plugins that react
** month by month) use the stepping form: gp_model_new(), then
** gp_model_advance() to period t (computing periods up to t inclusive), edit
** the plan's inputs from t + 1 on, advance again, and gp_model_finish() for the
** totals and FY figures. The model reads the plan's schedules when it computes
** a period, so edits to later periods take effect.
**
** Ownership: the model borrows the plan (which must outlive it and must not
** change shape: units, groups and lines may not be added while stepping). The
** result handed out by gp_model_finish() or gp_model_run() belongs to the caller.
*/
#ifndef GAPPLAN_MODEL_H
#define GAPPLAN_MODEL_H

#include "gapplan/error.h"
#include "gapplan/plan.h"
#include "gapplan/result.h"

typedef struct gp_model gp_model;

/** Run the whole horizon; on success *out is a new result. A non-finite figure gives GP_ERR_NONFINITE with a diag. */
gp_error gp_model_run(const gp_plan *plan, gp_result **out, gp_diag *diag);

/** Start a stepped run; *out is NULL on failure. */
gp_error gp_model_new(const gp_plan *plan, gp_model **out);
/** Compute periods up to and including t (t < months; periods already computed are kept). */
gp_error gp_model_advance(gp_model *m, int t, gp_diag *diag);
/** Monthly results of periods 0..gp_model_period(), totals and all_units included, for policies; FY figures come with gp_model_finish(). */
const gp_result *gp_model_partial(const gp_model *m);
/** The last period computed, or -1. */
int gp_model_period(const gp_model *m);
/** Compute the rest of the horizon, the totals and FY figures; hands the result to the caller. */
gp_error gp_model_finish(gp_model *m, gp_result **out, gp_diag *diag);
/** Release a model (and its unfinished result); NULL is a no-op. */
void gp_model_free(gp_model *m);

/*
** A policy: called after period t is computed, with the monthly results of
** periods 0..t (gp_model_partial), it may change the plan's inputs for
** periods t + 1 on (never the plan's shape). It returns GP_OK, or an error
** (with the diag filled) that stops the run.
*/
typedef gp_error (*gp_policy_fn)(void *ctx, gp_plan *plan, const gp_result *partial, int t, gp_diag *diag);

/*
** Run the whole horizon calling `policy` after every period but the last
** (a change after the last period could change nothing). With a NULL policy
** it is gp_model_run. On failure *out is NULL and nothing is leaked.
*/
gp_error gp_model_run_policy(gp_plan *plan, gp_policy_fn policy, void *ctx, gp_result **out, gp_diag *diag);

#endif
