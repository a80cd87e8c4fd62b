/*
** core/model_policy.c: a run with a policy called between periods
** (gapplan/model.h). The model itself knows nothing of policies or Lua: this
** is the stepping API driven one period at a time, with the callback in
** between, so a plugin's policy reaches the core only as a C function.
*/
#include "gapplan/model.h"

gp_error gp_model_run_policy(gp_plan *plan, gp_policy_fn policy, void *ctx, gp_result **out, gp_diag *diag) {
    gp_model *m = NULL;
    gp_error err;

    if (!out || !plan)
        return GP_ERR_ARGUMENT;
    *out = NULL;
    if (!policy)
        return gp_model_run(plan, out, diag);
    err = gp_model_new(plan, &m);
    for (int t = 0; err == GP_OK && t < plan->cal.months - 1; t++) {
        err = gp_model_advance(m, t, diag);
        if (err == GP_OK)
            err = policy(ctx, plan, gp_model_partial(m), t, diag);
    }
    if (err == GP_OK)
        err = gp_model_finish(m, out, diag);
    gp_model_free(m);
    return err;
}
