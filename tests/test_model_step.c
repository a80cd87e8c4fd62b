/*
** tests/test_model_step.c: the stepping API (model.h) and the non-finite
** check (MODEL.md §9). A stepped run gives the same bits as gp_model_run
** whatever the steps; an edit to the plan after a step changes the periods
** not yet computed and no others; partial results hold periods 0..t,
** totals included; a figure that overflows stops the run with a message
** naming the series, unit, group and month.
*/
#include "model_test.h"

static const char rich_plan[] =
    "{'gapplan': 1, 'start': '2022-07', 'months': 30, 'units': ["
    "{'id': 'north', 'groups': ["
    "  {'id': 'nurses', 'establishment': 1000, 'staff_in_post': 900, 'leaver_rate': 0.11, 'fill_rate': 0.07,"
    "   'newly_qualified': {'2022/23': 40, '2023/24': 60}, 'international': 30, 'absence_rate': 0.05,"
    "   'budgeted_absence': 0.03, 'cost_per_fte': 41000, 'pay_award': 0.05, 'establishment_growth': 0.02,"
    "   'bank_fill': 0.5, 'agency_fill': 0.2, 'bank_premium': 1.1, 'agency_premium': 1.9},"
    "  {'id': 'admin', 'clinical': false, 'establishment': 300, 'staff_in_post': 310, 'leaver_rate': 0.15,"
    "   'other_joiners': 20, 'absence_rate': 0.04, 'cost_per_fte': 25000}],"
    " 'finance': {'revenue_envelope': 60000000, 'non_pay': 9000000, 'non_pay_inflation': 0.03,"
    "   'efficiency_required': 0.02, 'efficiency_achieved': 0.7,"
    "   'pressures': [{'name': 'covid', 'amounts': {'2022/23': 500000, '2023/24': 0}}],"
    "   'funding': [{'name': 'extra', 'amounts': 1000000}, {'name': 'winter', 'amounts': 250000}],"
    "   'capital': {'envelope': 2000000, 'schemes': [{'name': 'beds', 'amounts': 2500000}]}},"
    " 'backlog': {'waiting_list': 20000, 'referrals': 2500, 'capacity': 2450, 'renege_rate': 0.01,"
    "   'hidden_demand': 3000, 'hidden_return_rate': 0.04, 'workforce_elasticity': 1.3}},"
    "{'id': 'south', 'groups': ["
    "  {'id': 'nurses', 'establishment': 500, 'staff_in_post': 470, 'leaver_rate': 0.1, 'fill_rate': 0.05,"
    "   'absence_rate': 0.06, 'cost_per_fte': 39000}],"
    " 'finance': {'revenue_envelope': 20000000, 'pressures': [{'name': 'covid', 'amounts': 100000}]}}]}";

/* Every array of two blocks, bit for bit. */
static void same_block(const gp_block *a, const gp_block *b, const char *what) {
    if (!a || !b) {
        cr_expect(!a && !b, "%s: only one result has the block", what);
        return;
    }
    cr_assert_eq(a->nseries, b->nseries, "%s", what);
    size_t nm = a->nseries * (size_t)a->months * sizeof(double), na = a->nseries * (size_t)a->nfys * sizeof(double);
    cr_expect(memcmp(a->monthly, b->monthly, nm) == 0, "%s: monthly figures differ", what);
    cr_expect(memcmp(a->annual, b->annual, na) == 0, "%s: annual figures differ", what);
    cr_expect(memcmp(a->mean, b->mean, na) == 0, "%s: means differ", what);
}

static void same_unit(const gp_unit_result *a, const gp_unit_result *b) {
    cr_assert_eq(a->ngroups, b->ngroups);
    for (size_t g = 0; g <= a->ngroups; g++)
        same_block(&a->groups[g], &b->groups[g], a->groups[g].id);
    same_block(a->finance, b->finance, "finance");
    same_block(a->pressures, b->pressures, "pressures");
    same_block(a->funding, b->funding, "funding");
    same_block(a->backlog, b->backlog, "backlog");
}

static void same_result(const gp_result *a, const gp_result *b) {
    cr_assert_eq(a->nunits, b->nunits);
    for (size_t u = 0; u < a->nunits; u++)
        same_unit(&a->units[u], &b->units[u]);
    same_unit(&a->all_units, &b->all_units);
}

/* Step through `steps` (ascending, -1 ends the list), then finish. */
static gp_result *stepped(const gp_plan *plan, const int *steps) {
    gp_model *m = NULL;
    gp_result *res = NULL;
    gp_diag diag;
    gp_diag_init(&diag);
    cr_assert_eq(gp_model_new(plan, &m), GP_OK);
    for (const int *t = steps; *t >= 0; t++) {
        cr_assert_eq(gp_model_advance(m, *t, &diag), GP_OK, "advance to %d", *t);
        cr_assert_eq(gp_model_period(m), *t);
    }
    cr_assert_eq(gp_model_finish(m, &res, &diag), GP_OK);
    cr_expect_null(gp_model_partial(m), "the result was handed out");
    gp_model_free(m);
    gp_diag_free(&diag);
    return res;
}

Test(step, stepped_runs_give_the_same_bits) {
    gp_plan *plan = mt_load(rich_plan);
    gp_result *whole = mt_run_plan(plan);
    int every[31], i = 0;
    for (int t = 0; t < 30; t++)
        every[i++] = t;
    every[i] = -1;
    static const int some[] = {0, 5, 17, -1}, to_the_end[] = {29, -1}, none[] = {-1};
    const int *const plans[] = {every, some, to_the_end, none};

    for (size_t k = 0; k < sizeof plans / sizeof *plans; k++) {
        gp_result *res = stepped(plan, plans[k]);
        same_result(whole, res);
        gp_result_free(res);
    }
    gp_result_free(whole);
    gp_plan_free(plan);
}

/*
** One group, E 200, S 100, nobody leaves or joins. After advancing to t = 5
** a policy sets international recruitment to 120 a year from t = 6 (JI = 10
** a month): S_6 = 100, S_7 = 110, S_8 = 120. An edit to t = 3, already
** computed, changes nothing.
*/
Test(step, an_edit_after_a_step_takes_effect_from_the_next_period) {
    gp_plan *plan = mt_load(
        "{'gapplan': 1, 'start': '2022-04', 'months': 9, 'units': [{'id': 'u', 'groups': [{'id': 'g',"
        " 'establishment': 200, 'staff_in_post': 100, 'leaver_rate': 0, 'absence_rate': 0, 'cost_per_fte': 1}]}]}");
    gp_model *m = NULL;
    gp_result *res = NULL;
    gp_diag diag;
    gp_diag_init(&diag);

    cr_assert_eq(gp_model_new(plan, &m), GP_OK);
    cr_assert_eq(gp_model_period(m), -1);
    cr_assert_eq(gp_model_advance(m, 5, &diag), GP_OK);
    double *intl = plan->units[0].groups[0].international;
    for (int t = 6; t < 9; t++)
        intl[t] = 120;
    intl[3] = 1200;
    cr_assert_eq(gp_model_finish(m, &res, &diag), GP_OK);
    const gp_block *g = mt_group(res, 0, 0);
    const double *JI = mt_monthly(g, "international"), *S = mt_monthly(g, "staff_in_post");

    cr_expect_eq(JI[3], 0.0);
    cr_expect_eq(JI[5], 0.0);
    MT_CLOSE(JI[6], 10);
    MT_CLOSE(S[6], 100);
    MT_CLOSE(S[7], 110);
    MT_CLOSE(S[8], 120);
    MT_CLOSE(mt_monthly(mt_total(res, 0), "staff_in_post")[8], 120);
    MT_CLOSE(mt_annual(g, "international")[0], 30);
    gp_result_free(res);
    gp_model_free(m);
    gp_diag_free(&diag);
    gp_plan_free(plan);
}

/* Partial results hold periods 0..t, totals and all_units included; the rest is not computed yet. */
Test(step, partial_results) {
    gp_plan *plan = mt_load(rich_plan);
    gp_model *m = NULL;
    gp_diag diag;
    gp_diag_init(&diag);

    cr_assert_eq(gp_model_new(plan, &m), GP_OK);
    cr_assert_eq(gp_model_advance(m, 3, &diag), GP_OK);
    const gp_result *p = gp_model_partial(m);
    cr_assert_not_null(p);
    const double *S0 = mt_monthly(&p->units[0].groups[0], "staff_in_post"),
                 *S1 = mt_monthly(&p->units[0].groups[1], "staff_in_post"),
                 *ST = mt_monthly(mt_total(p, 0), "staff_in_post"),
                 *AU = mt_monthly(&p->all_units.groups[0], "staff_in_post");
    MT_CLOSE(S0[0], 900);
    MT_CLOSE(S1[0], 310);
    for (int t = 0; t <= 3; t++) {
        cr_expect_eq(ST[t], S0[t] + S1[t], "t = %d", t);
        cr_expect_eq(AU[t], S0[t] + mt_monthly(&p->units[1].groups[0], "staff_in_post")[t], "t = %d", t);
        cr_expect(mt_monthly(p->units[0].finance, "revenue_gap")[t] != 0, "finance is computed at t = %d", t);
        cr_expect(mt_monthly(p->units[0].backlog, "waiting_list")[t] > 0, "backlog is computed at t = %d", t);
    }
    cr_expect_eq(S0[4], 0.0, "period 4 is not computed yet");
    gp_model_free(m);
    gp_diag_free(&diag);
    gp_plan_free(plan);
}

Test(step, arguments) {
    gp_plan *plan = mt_load(rich_plan);
    gp_model *m = NULL;
    gp_result *res = NULL;
    gp_diag diag;
    gp_diag_init(&diag);

    cr_expect_eq(gp_model_new(NULL, &m), GP_ERR_ARGUMENT);
    cr_expect_null(m);
    cr_assert_eq(gp_model_new(plan, &m), GP_OK);
    cr_expect_eq(gp_model_advance(m, 30, &diag), GP_ERR_ARGUMENT, "t = months is past the horizon");
    cr_expect_eq(gp_model_advance(m, -1, &diag), GP_ERR_ARGUMENT);
    cr_expect_eq(gp_model_advance(m, 7, &diag), GP_OK);
    cr_expect_eq(gp_model_advance(m, 2, &diag), GP_OK, "an earlier period is already computed");
    cr_expect_eq(gp_model_period(m), 7);
    cr_expect_eq(gp_model_finish(m, &res, &diag), GP_OK);
    gp_result_free(res);
    cr_expect_eq(gp_model_finish(m, &res, &diag), GP_ERR_ARGUMENT, "the result was already handed out");
    cr_expect_null(res);
    cr_expect_eq(gp_model_advance(m, 8, &diag), GP_ERR_ARGUMENT);
    cr_expect_eq(diag.count, 0);
    gp_model_free(m);
    gp_model_free(NULL);
    cr_expect_eq(gp_model_period(NULL), -1);
    cr_expect_null(gp_model_partial(NULL));
    gp_result_free(NULL);
    gp_diag_free(&diag);
    gp_plan_free(plan);
}

/*
** cost_per_fte 1e308 doubled by a pay award of 1 at the first April step
** (start February: t = 2, 2022-04) overflows to infinity; period 0's pay,
** 1e308 / 12, is still finite. The first non-finite figure is cost_per_fte
** in 2022-04 (pay_cost, later in series order, follows from it).
*/
#define OVERFLOW_PLAN                                                                                        \
    "{'gapplan': 1, 'start': '2022-02', 'months': 4, 'units': [{'id': 'england', 'groups': [{'id': 'nurses',"  \
    " 'establishment': 1, 'staff_in_post': 1, 'leaver_rate': 0, 'absence_rate': 0, 'cost_per_fte': 1e308,"    \
    " 'pay_award': 1}]}]}"
#define OVERFLOW_MESSAGE "cost_per_fte is not finite (inf) in unit england, group nurses, month 2022-04"

static void expect_one_message(const gp_diag *diag, const char *want) {
    cr_assert_eq(diag->count, 1);
    cr_expect_str_eq(diag->items[0].message, want);
    cr_expect_null(diag->items[0].file);
    cr_expect_null(diag->items[0].path);
}

Test(step, non_finite_result_stops_the_run) {
    gp_plan *plan = mt_load(OVERFLOW_PLAN);
    gp_result *res = NULL;
    gp_diag diag;
    gp_diag_init(&diag);

    cr_expect_eq(gp_model_run(plan, &res, &diag), GP_ERR_NONFINITE);
    cr_expect_null(res);
    expect_one_message(&diag, OVERFLOW_MESSAGE);
    gp_diag_free(&diag);
    gp_plan_free(plan);
}

Test(step, non_finite_result_stops_a_stepped_run) {
    gp_plan *plan = mt_load(OVERFLOW_PLAN);
    gp_model *m = NULL;
    gp_result *res = NULL;
    gp_diag diag;
    gp_diag_init(&diag);

    cr_assert_eq(gp_model_new(plan, &m), GP_OK);
    cr_expect_eq(gp_model_advance(m, 1, &diag), GP_OK);
    cr_expect_eq(diag.count, 0);
    cr_expect_eq(gp_model_advance(m, 2, &diag), GP_ERR_NONFINITE);
    expect_one_message(&diag, OVERFLOW_MESSAGE);
    gp_diag_clear(&diag);
    cr_expect_eq(gp_model_finish(m, &res, &diag), GP_ERR_NONFINITE, "a stopped model stays stopped");
    cr_expect_null(res);
    expect_one_message(&diag, OVERFLOW_MESSAGE);
    gp_model_free(m);
    gp_diag_free(&diag);
    gp_plan_free(plan);
}

/*
** Every month finite, but an FY figure is not: cost_per_fte 1.5e308 in each
** of 12 months; its FY mean adds them up and overflows (pay, 1.25e307 a
** month, sums to 1.5e308 and is fine).
*/
Test(step, non_finite_fy_figure) {
    gp_plan *plan = mt_load(
        "{'gapplan': 1, 'start': '2022-04', 'months': 12, 'units': [{'id': 'u', 'groups': [{'id': 'g',"
        " 'establishment': 1, 'staff_in_post': 1, 'leaver_rate': 0, 'absence_rate': 0,"
        " 'cost_per_fte': 1.5e308}]}]}");
    gp_result *res = NULL;
    gp_diag diag;
    gp_diag_init(&diag);

    cr_expect_eq(gp_model_run(plan, &res, &diag), GP_ERR_NONFINITE);
    expect_one_message(&diag, "cost_per_fte_mean is not finite (inf) in unit u, group g, FY 2022/23");
    gp_diag_free(&diag);
    gp_plan_free(plan);
}
