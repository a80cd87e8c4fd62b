/*
** tests/test_lua_policy.c: policies and metrics in Lua plugins
** (gp_lua_run_model): a policy reacts month by month from the next month
** on, metrics are computed from the finished results, and every misuse is a
** plugin error naming the file and line.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gapplan/model.h"
#include "gp_lua.h"
#include "helpers.h"

/* Nurses start at a 9.5% vacancy rate, 60 international recruits a year, and lose staff month by month. */
static const char plan_text[] =
    "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 24, \"units\": [{\"id\": \"trust\", \"groups\": [\n"
    "  {\"id\": \"nurses\", \"establishment\": 1000, \"staff_in_post\": 905, \"leaver_rate\": 0.12,\n"
    "   \"international\": 60, \"absence_rate\": 0.05, \"cost_per_fte\": 40000, \"bank_fill\": 0.5,\n"
    "   \"agency_fill\": 0.3},\n"
    "  {\"id\": \"doctors\", \"establishment\": 200, \"staff_in_post\": 190, \"leaver_rate\": 0.08,\n"
    "   \"absence_rate\": 0.03, \"cost_per_fte\": 100000}]}]}\n";

/* A scenario whose apply does nothing, with `policy` and `metrics` spliced in. */
#define SCENARIO(body) \
    "return scenario {\n  id = \"p\", title = \"Policy test\", source = \"tests\",\n" \
    "  params = { threshold = { default = 0.10, min = 0, max = 1 } },\n" \
    "  apply = function(plan, p) end,\n" body "}\n"

typedef struct outcome {
    gp_error err;
    gp_result *res;
    gp_lua_scenario *sc;
    char *messages;
} outcome;

/* Load `src` as "policy.lua", apply it to the test plan and run the model with it. */
static outcome run_source(const char *src, unsigned long long budget) {
    outcome o = {0};
    gp_diag diag;
    gp_diag_init(&diag);
    gp_lua_options opts;
    gp_lua_options_init(&opts);
    if (budget)
        opts.budget = budget;
    gp_plan *plan = gp_load_text(plan_text, &diag);
    cr_assert_not_null(plan);
    o.err = gp_lua_scenario_load_buffer(src, strlen(src), "policy.lua", &opts, &o.sc, &diag);
    if (o.err == GP_OK)
        o.err = gp_lua_scenario_apply(o.sc, plan, NULL, 0, &diag);
    if (o.err == GP_OK)
        o.err = gp_lua_run_model(&o.sc, 1, plan, &o.res, &diag);
    o.messages = gp_diag_text(&diag);
    gp_plan_free(plan);
    gp_diag_free(&diag);
    return o;
}

static void outcome_free(outcome *o) {
    gp_result_free(o->res);
    gp_lua_scenario_free(o->sc);
    free(o->messages);
}

#define EXPECT_MESSAGE(o, text) \
    cr_expect(strstr((o).messages, text) != NULL, "messages lack [%s]:\n%s", text, (o).messages)

static const char doubling[] = SCENARIO(
    "  policy = function(state, t, p)\n"
    "    if state:value(\"vacancy_rate\", { group = \"nurses\" }) > p.threshold then\n"
    "      state.plan.units.trust.groups.nurses.international:set(120)\n"
    "    end\n"
    "  end,\n"
    "  metrics = {\n"
    "    peak_rate = { unit = \"fraction\", doc = \"highest monthly nursing vacancy rate\",\n"
    "      value = function(r)\n"
    "        local peak = 0\n"
    "        for _, v in ipairs(r:monthly(\"vacancy_rate\", { group = \"nurses\" })) do peak = math.max(peak, v) end\n"
    "        return peak\n"
    "      end },\n"
    "    rate_by_fy = function(r) return r:annual(\"vacancy_rate\", { group = \"nurses\" }) end,\n"
    "    leavers_2023 = function(r, p) return { [\"2023/24\"] = r:annual(\"leavers\", { unit = \"trust\" })[\"2023/24\"] } end,\n"
    "  },\n");

Test(lua_policy, doubling_recruitment_while_vacancies_are_high) {
    outcome o = run_source(doubling, 0);
    cr_assert_eq(o.err, GP_OK, "%s", o.messages);
    const gp_block *n = &o.res->units[0].groups[0];
    /* By hand (test_model_policy.c): the rate passes 10% in period 2 (10.3%), so recruitment doubles
       from period 3: 5 a month before, 10 after. */
    cr_expect(gp_close(gp_block_monthly(n, GP_S_INTERNATIONAL)[2], 5.0));
    cr_expect(gp_close(gp_block_monthly(n, GP_S_INTERNATIONAL)[3], 10.0));
    cr_expect(gp_close(gp_block_monthly(n, GP_S_STAFF_IN_POST)[2], 896.9405));
    cr_expect(gp_close(gp_block_monthly(n, GP_S_STAFF_IN_POST)[4], (896.9405 * 0.99 + 5) * 0.99 + 10));

    /* The metrics, from the same results. */
    const gp_scenario_info *info = gp_lua_scenario_info(o.sc);
    cr_assert_eq(info->nmetrics, 3);
    double peak = 0;
    for (int t = 0; t < 24; t++)
        peak = fmax(peak, gp_block_monthly(n, GP_S_VACANCY_RATE)[t]);
    cr_expect_str_eq(info->metrics[1].name, "peak_rate");
    cr_expect_eq(info->metrics[1].value, peak);
    cr_expect_null(info->metrics[1].annual);
    cr_expect_str_eq(info->metrics[1].unit, "fraction");
    cr_expect_str_eq(info->metrics[1].doc, "highest monthly nursing vacancy rate");
    cr_expect_str_eq(info->metrics[2].name, "rate_by_fy");
    cr_assert_eq(info->metrics[2].nannual, 2);
    cr_expect_eq(info->metrics[2].annual[0], gp_block_annual(n, GP_S_VACANCY_RATE)[0]);
    cr_expect_eq(info->metrics[2].annual[1], gp_block_annual(n, GP_S_VACANCY_RATE)[1]);
    /* An FY the metric leaves out is NaN (null in the result file). */
    cr_expect_str_eq(info->metrics[0].name, "leavers_2023");
    cr_expect(isnan(info->metrics[0].annual[0]));
    cr_expect_eq(info->metrics[0].annual[1], gp_block_annual(&o.res->units[0].groups[2], GP_S_LEAVERS)[1]);
    outcome_free(&o);
}

Test(lua_policy, without_policy_or_metrics_the_run_is_the_plain_model) {
    outcome o = run_source(SCENARIO(""), 0);
    cr_assert_eq(o.err, GP_OK, "%s", o.messages);
    gp_diag diag;
    gp_diag_init(&diag);
    gp_plan *plan = gp_load_text(plan_text, &diag);
    gp_result *plain = NULL;
    cr_assert_eq(gp_model_run(plan, &plain, &diag), GP_OK);
    const gp_block *a = &o.res->units[0].groups[2], *b = &plain->units[0].groups[2];
    cr_expect(memcmp(a->monthly, b->monthly, a->nseries * (size_t)a->months * sizeof(double)) == 0);
    cr_expect_eq(gp_lua_scenario_info(o.sc)->nmetrics, 0);
    gp_result_free(plain);
    gp_plan_free(plan);
    gp_diag_free(&diag);
    outcome_free(&o);
}

Test(lua_policy, a_change_to_months_already_computed_is_refused) {
    outcome o = run_source(SCENARIO("  policy = function(state, t)\n"
                                    "    state.plan.units.trust.groups.nurses.international:set(0, { from = state.month })\n"
                                    "  end,\n"),
                           0);
    cr_expect_eq(o.err, GP_ERR_PLUGIN);
    EXPECT_MESSAGE(o, "policy.lua:6: international:set(): a policy may change inputs from 2022-05 on (the months "
                      "before are already computed), not from 2022-04");
    cr_expect_null(o.res);
    outcome_free(&o);
}

Test(lua_policy, starting_values_and_lines_cannot_change_during_the_run) {
    outcome o = run_source(SCENARIO("  policy = function(state, t)\n"
                                    "    state.plan.units.trust.groups.nurses.staff_in_post = 1\n"
                                    "  end,\n"),
                           0);
    cr_expect_eq(o.err, GP_ERR_PLUGIN);
    EXPECT_MESSAGE(o, "policy.lua:6: group nurses: staff_in_post is a starting value and cannot change during the run");
    outcome_free(&o);
}

Test(lua_policy, a_policy_that_leaves_the_plan_invalid_is_an_error) {
    /* bank_fill 0.5 + agency_fill 0.3: raising agency_fill to 0.6 breaks bank_fill + agency_fill <= 1. */
    outcome o = run_source(SCENARIO("  policy = function(state, t)\n"
                                    "    if t == 3 then state.plan.units.trust.groups.nurses.agency_fill:set(0.6) end\n"
                                    "  end,\n"),
                           0);
    cr_expect_eq(o.err, GP_ERR_PLUGIN);
    EXPECT_MESSAGE(o, "policy.lua: the policy of scenario 'p' left the plan invalid after 2022-06:");
    EXPECT_MESSAGE(o, "bank_fill + agency_fill");
    outcome_free(&o);
}

Test(lua_policy, a_policy_in_an_infinite_loop_runs_out_of_budget, .timeout = 60) {
    outcome o = run_source(SCENARIO("  policy = function(state, t)\n"
                                    "    if t == 5 then while true do end end\n"
                                    "  end,\n"),
                           1000000);
    cr_expect_eq(o.err, GP_ERR_PLUGIN);
    EXPECT_MESSAGE(o, "policy.lua:6: the plugin ran out of its instruction budget (1000000 instructions)");
    outcome_free(&o);
}

Test(lua_policy, results_are_read_only_and_named_exactly) {
    outcome o = run_source(SCENARIO("  policy = function(state, t) local v = state:value(\"vacancy_rte\") end,\n"), 0);
    cr_expect_eq(o.err, GP_ERR_PLUGIN);
    EXPECT_MESSAGE(o, "policy.lua:5: unknown series 'vacancy_rte' (did you mean vacancy_rate?)");
    outcome_free(&o);

    o = run_source(SCENARIO("  policy = function(state, t) local v = state:value(\"leavers\", { group = \"nurse\" }) end,\n"), 0);
    EXPECT_MESSAGE(o, "policy.lua:5: unknown group of unit trust 'nurse' (did you mean nurses?)");
    outcome_free(&o);

    o = run_source(SCENARIO("  policy = function(state, t) local v = state:value(\"leavers\", { month = \"2023-01\" }) end,\n"), 0);
    EXPECT_MESSAGE(o, "policy.lua:5: 2023-01 is not computed: the results run from the plan's start to 2022-04");
    outcome_free(&o);

    o = run_source(SCENARIO("  policy = function(state, t) local v = state:annual(\"leavers\") end,\n"), 0);
    EXPECT_MESSAGE(o, "policy.lua:5: annual figures need the whole run: they are for metrics, not policies");
    outcome_free(&o);

    o = run_source(SCENARIO("  policy = function(state, t) state.t = 3 end,\n"), 0);
    EXPECT_MESSAGE(o, "policy.lua:5: results are read-only");
    outcome_free(&o);
}

Test(lua_policy, results_expire_when_the_call_returns) {
    outcome o = run_source(SCENARIO("  policy = function(state, t) if t == 1 then kept = state end end,\n"
                                    "  metrics = { late = function(r) return kept:value(\"leavers\") end },\n"),
                           0);
    cr_expect_eq(o.err, GP_ERR_PLUGIN);
    EXPECT_MESSAGE(o, "these results were used after the policy or metric call that received them returned");
    outcome_free(&o);
}

Test(lua_policy, metrics_must_be_numbers_or_numbers_by_fy) {
    outcome o = run_source(SCENARIO("  metrics = { bad = function(r) return \"high\" end },\n"), 0);
    cr_expect_eq(o.err, GP_ERR_PLUGIN);
    EXPECT_MESSAGE(o, "metric 'bad' must give a number or a table of numbers by FY label, got string");
    outcome_free(&o);

    o = run_source(SCENARIO("  metrics = { bad = function(r) return { [\"2030/31\"] = 1 } end },\n"), 0);
    EXPECT_MESSAGE(o, "metric 'bad': '2030/31' is not an FY of the plan (keys are FY labels such as \"2022/23\")");
    outcome_free(&o);

    o = run_source(SCENARIO("  metrics = { bad = function(r) return 0 / 0 end },\n"), 0);
    EXPECT_MESSAGE(o, "metric 'bad' is not a finite number");
    outcome_free(&o);

    o = run_source(SCENARIO("  metrics = { bad = { value = function(r) return 1 end, units = \"x\" } },\n"), 0);
    EXPECT_MESSAGE(o, "metric 'bad': unknown field \"units\" (did you mean unit?)");
    outcome_free(&o);

    o = run_source(SCENARIO("  policy = 3,\n"), 0);
    EXPECT_MESSAGE(o, "scenario 'p': policy must be a function(state, t, p)");
    outcome_free(&o);
}
