/*
** tests/test_model_policy.c: a run with a policy called between periods
** (gp_model_run_policy), from C: the hook the Lua policies go through.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "gapplan/model.h"
#include "helpers.h"

/* Nurses start at a 9.5% vacancy rate and lose staff until the policy reacts. */
static const char plan_text[] =
    "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 24, \"units\": [{\"id\": \"trust\", \"groups\": [\n"
    "  {\"id\": \"nurses\", \"establishment\": 1000, \"staff_in_post\": 905, \"leaver_rate\": 0.12,\n"
    "   \"international\": 60, \"absence_rate\": 0.05, \"cost_per_fte\": 40000},\n"
    "  {\"id\": \"doctors\", \"establishment\": 200, \"staff_in_post\": 190, \"leaver_rate\": 0.08,\n"
    "   \"absence_rate\": 0.03, \"cost_per_fte\": 100000}]}]}\n";

static gp_plan *load(void) {
    gp_diag diag;
    gp_diag_init(&diag);
    gp_plan *plan = gp_load_text(plan_text, &diag);
    cr_assert_not_null(plan);
    gp_diag_free(&diag);
    return plan;
}

/* Every monthly and annual value of two results, bit for bit. */
static void expect_identical(const gp_result *a, const gp_result *b) {
    cr_assert_eq(a->nunits, b->nunits);
    for (size_t u = 0; u < a->nunits; u++)
        for (size_t g = 0; g <= a->units[u].ngroups; g++) {
            const gp_block *x = &a->units[u].groups[g], *y = &b->units[u].groups[g];
            size_t n = x->nseries * (size_t)x->months, k = x->nseries * (size_t)x->nfys;
            cr_expect(memcmp(x->monthly, y->monthly, n * sizeof(double)) == 0, "monthly of group %zu differ", g);
            cr_expect(memcmp(x->annual, y->annual, k * sizeof(double)) == 0, "annual of group %zu differ", g);
        }
}

static gp_error no_op(void *ctx, gp_plan *plan, const gp_result *partial, int t, gp_diag *diag) {
    (void)plan, (void)partial, (void)diag;
    int *calls = ctx;
    cr_expect_eq(t, *calls, "called for period %d, expected %d", t, *calls);
    (*calls)++;
    return GP_OK;
}

Test(model_policy, a_policy_that_changes_nothing_changes_nothing) {
    gp_plan *plan = load();
    gp_result *plain = NULL, *hooked = NULL;
    gp_diag diag;
    gp_diag_init(&diag);
    int calls = 0;
    cr_assert_eq(gp_model_run(plan, &plain, &diag), GP_OK);
    cr_assert_eq(gp_model_run_policy(plan, no_op, &calls, &hooked, &diag), GP_OK);
    cr_expect_eq(calls, 23, "called after each period but the last: %d calls", calls);
    expect_identical(plain, hooked);
    gp_result_free(plain);
    gp_result_free(hooked);
    gp_plan_free(plan);
    gp_diag_free(&diag);
}

typedef struct doubling {
    int triggered; /* the period after which recruitment doubled, or -1 */
} doubling;

/* Double the nurses' international recruitment from t + 1 on, the first time their vacancy rate is over 10%. */
static gp_error double_when_over(void *ctx, gp_plan *plan, const gp_result *partial, int t, gp_diag *diag) {
    (void)diag;
    doubling *d = ctx;
    const gp_block *nurses = &partial->units[0].groups[0];
    if (d->triggered < 0 && gp_block_monthly(nurses, GP_S_VACANCY_RATE)[t] > 0.10) {
        d->triggered = t;
        double *international = plan->units[0].groups[0].international;
        for (int k = t + 1; k < plan->cal.months; k++)
            international[k] *= 2;
    }
    return GP_OK;
}

Test(model_policy, a_policy_reacts_from_the_next_period) {
    gp_plan *plan = load(), *edited = load();
    gp_result *hooked = NULL, *upfront = NULL;
    gp_diag diag;
    gp_diag_init(&diag);
    doubling d = {-1};
    cr_assert_eq(gp_model_run_policy(plan, double_when_over, &d, &hooked, &diag), GP_OK);

    /* By hand: S_0 = 905, V_0 = 95 (9.5%); each month S falls by S * 0.01 and rises by 5 (60 a year):
       S_1 = 905 - 9.05 + 5 = 900.95 (9.905%), S_2 = 900.95 - 9.0095 + 5 = 896.9405 (10.3%): the policy
       fires after period 2 and recruitment doubles from period 3. */
    cr_assert_eq(d.triggered, 2);
    const gp_block *n = &hooked->units[0].groups[0];
    cr_expect(gp_close(gp_block_monthly(n, GP_S_STAFF_IN_POST)[2], 896.9405));
    cr_expect(gp_close(gp_block_monthly(n, GP_S_INTERNATIONAL)[2], 5.0));
    cr_expect(gp_close(gp_block_monthly(n, GP_S_INTERNATIONAL)[3], 10.0));

    /* The same edit made before a plain run gives the same numbers, bit for bit. */
    for (int k = 3; k < edited->cal.months; k++)
        edited->units[0].groups[0].international[k] *= 2;
    cr_assert_eq(gp_model_run(edited, &upfront, &diag), GP_OK);
    expect_identical(hooked, upfront);
    gp_result_free(hooked);
    gp_result_free(upfront);
    gp_plan_free(plan);
    gp_plan_free(edited);
    gp_diag_free(&diag);
}

static gp_error fail_at_5(void *ctx, gp_plan *plan, const gp_result *partial, int t, gp_diag *diag) {
    (void)ctx, (void)plan, (void)partial;
    if (t == 5) {
        gp_diag_add(diag, "policy.lua", 7, 0, NULL, "stop");
        return GP_ERR_PLUGIN;
    }
    return GP_OK;
}

Test(model_policy, a_failing_policy_stops_the_run) {
    gp_plan *plan = load();
    gp_result *res = (gp_result *)&res; /* must be set to NULL */
    gp_diag diag;
    gp_diag_init(&diag);
    cr_expect_eq(gp_model_run_policy(plan, fail_at_5, NULL, &res, &diag), GP_ERR_PLUGIN);
    cr_expect_null(res);
    cr_expect(gp_diag_has(&diag, "policy.lua:7: stop"));
    gp_plan_free(plan);
    gp_diag_free(&diag);
}
