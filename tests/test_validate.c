/*
** tests/test_validate.c: gp_plan_validate on plans edited after loading, as
** plugins edit them: each schedule reported once, at its first bad month,
** with the month in the path (core/plan_validate.c).
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static gp_diag diag;
static gp_plan *plan;

static const char plan_json[] =
    "{\"gapplan\": 1, \"start\": \"2022-10\", \"months\": 18, \"units\": [\n"
    " {\"id\": \"north\", \"groups\": [\n"
    "   {\"id\": \"nurses\", \"establishment\": 100, \"staff_in_post\": 90, \"cost_per_fte\": 40000,\n"
    "    \"leaver_rate\": 0.1, \"absence_rate\": 0.05},\n"
    "   {\"id\": \"doctors\", \"establishment\": 50, \"staff_in_post\": 45, \"cost_per_fte\": 100000,\n"
    "    \"leaver_rate\": 0.08, \"absence_rate\": 0.04, \"bank_fill\": 0.5, \"agency_fill\": 0.3}],\n"
    "  \"finance\": {\"revenue_envelope\": 1e7, \"pressures\": [{\"name\": \"covid\", \"amounts\": 1e5}],\n"
    "    \"capital\": {\"envelope\": 1e6, \"schemes\": [{\"name\": \"ward\", \"amounts\": 2e5}]}},\n"
    "  \"backlog\": {\"waiting_list\": 1000, \"referrals\": 100, \"capacity\": 90}}]}\n";

static void setup(void) {
    gp_diag_init(&diag);
    plan = gp_load_text(plan_json, &diag);
    cr_assert(plan, "the test plan must load");
}
static void teardown(void) {
    gp_plan_free(plan);
    gp_diag_free(&diag);
}

TestSuite(validate, .init = setup, .fini = teardown);

static void expect_messages(const char *const *want, size_t n) {
    char *text = gp_diag_text(&diag);
    cr_expect_eq(diag.count, n, "expected %zu messages, got:\n%s", n, text);
    char buf[1024];
    for (size_t i = 0; i < n && i < diag.count; i++) {
        gp_diag_format(&diag.items[i], buf, sizeof buf);
        cr_expect_str_eq(buf, want[i], "message %zu", i);
    }
    free(text);
}
#define EXPECT(...)                                             \
    do {                                                        \
        const char *const want_[] = {__VA_ARGS__};              \
        expect_messages(want_, sizeof want_ / sizeof want_[0]); \
    } while (0)

Test(validate, a_loaded_plan_is_valid) {
    cr_expect_eq(gp_plan_validate(plan, "plan.json", &diag), GP_OK);
    cr_expect_eq(diag.count, 0);
}

Test(validate, first_bad_month_only) {
    gp_group *g = &plan->units[0].groups[1];
    for (int t = 6; t < 18; t++) /* from 2023-04 on, as a plugin's add(-0.1, {from = "2023/24"}) */
        g->leaver_rate[t] -= 0.1;
    cr_expect_eq(gp_plan_validate(plan, "plan.json", &diag), GP_ERR_INVALID);
    char buf[GP_LABEL_SIZE];
    gp_calendar_month_label(&plan->cal, 6, buf);
    cr_assert_str_eq(buf, "2023-04");
    EXPECT("plan.json: units[0].groups[1].leaver_rate[\"2023-04\"]: must be within [0, 1], got -0.02");
}

Test(validate, every_bad_schedule_and_scalar) {
    plan->units[0].groups[0].absence_rate[17] = 1.5;
    plan->units[0].groups[0].staff_in_post = -3;
    plan->units[0].groups[0].intake_month = 0;
    plan->units[0].groups[1].pay_award[0] = -0.75;
    plan->units[0].groups[1].agency_premium[2] = NAN;
    plan->units[0].finance->efficiency_achieved[4] = 2;
    plan->units[0].finance->pressures.items[0].amounts[1] = INFINITY;
    plan->units[0].finance->capital.envelope[9] = -1;
    plan->units[0].finance->capital.schemes.items[0].amounts[3] = -2e5;
    plan->units[0].backlog->capacity[12] = -90;
    plan->units[0].backlog->workforce_elasticity = 12;
    plan->units[0].backlog->wait_profile[3] = -0.5;
    cr_expect_eq(gp_plan_validate(plan, "edited.json", &diag), GP_ERR_INVALID);
    EXPECT("edited.json: units[0].groups[0].staff_in_post: must be >= 0, got -3",
           "edited.json: units[0].groups[0].intake_month: must be within [1, 12], got 0",
           "edited.json: units[0].groups[0].absence_rate[\"2024-03\"]: must be within [0, 1], got 1.5",
           "edited.json: units[0].groups[1].pay_award[\"2022-10\"]: must be within [-0.5, 1], got -0.75",
           "edited.json: units[0].groups[1].agency_premium[\"2022-12\"]: must be a finite number, got nan",
           "edited.json: units[0].finance.efficiency_achieved[\"2023-02\"]: must be within [0, 1], got 2",
           "edited.json: units[0].finance.pressures[0].amounts[\"2022-11\"]: must be a finite number, got inf",
           "edited.json: units[0].finance.capital.envelope[\"2023-07\"]: must be >= 0, got -1",
           "edited.json: units[0].finance.capital.schemes[0].amounts[\"2023-01\"]: must be >= 0, got -200000",
           "edited.json: units[0].backlog.capacity[\"2023-10\"]: must be >= 0, got -90",
           "edited.json: units[0].backlog.workforce_elasticity: must be within [0, 10], got 12",
           "edited.json: units[0].backlog.wait_profile[3]: must be >= 0, got -0.5");
}

Test(validate, bank_plus_agency_over_one) {
    gp_group *g = &plan->units[0].groups[1];
    for (int t = 3; t < 18; t++)
        g->agency_fill[t] = 0.65; /* 0.5 + 0.65 from 2023-01 */
    cr_expect_eq(gp_plan_validate(plan, "plan.json", &diag), GP_ERR_INVALID);
    EXPECT("plan.json: units[0].groups[1]: bank_fill + agency_fill is 1.15 in 2023-01: must be at most 1");
}

Test(validate, bank_plus_agency_exactly_one_is_fine) {
    gp_group *g = &plan->units[0].groups[1];
    for (int t = 0; t < 18; t++) {
        g->bank_fill[t] = 0.45;
        g->agency_fill[t] = 0.55;
    }
    cr_expect_eq(gp_plan_validate(plan, "plan.json", &diag), GP_OK);
}

Test(validate, added_lines_are_checked) {
    gp_finance *f = plan->units[0].finance;
    gp_line *l = gp_plan_add_line(plan, &f->funding, "settlement");
    cr_assert(l);
    l->amounts[0] = -5; /* funding may be negative: a clawback */
    gp_line *dup = gp_plan_add_line(plan, &f->pressures, "covid");
    cr_assert(dup);
    gp_line *scheme = gp_plan_add_line(plan, &f->capital.schemes, "digital");
    scheme->amounts[17] = -1;
    cr_expect_eq(gp_plan_validate(plan, "plan.json", &diag), GP_ERR_INVALID);
    EXPECT("plan.json: units[0].finance.pressures[1].name: duplicate name \"covid\" (also "
           "units[0].finance.pressures[0])",
           "plan.json: units[0].finance.capital.schemes[1].amounts[\"2024-03\"]: must be >= 0, got -1");
}

Test(validate, zero_wait_profile) {
    memset(plan->units[0].backlog->wait_profile, 0, sizeof plan->units[0].backlog->wait_profile);
    cr_expect_eq(gp_plan_validate(plan, "plan.json", &diag), GP_ERR_INVALID);
    EXPECT("plan.json: units[0].backlog.wait_profile: the weights must have a positive, finite sum");
}

Test(validate, values_outside_the_horizon_are_not_read) {
    /* Only months 0..17 exist; a valid plan with a longer array elsewhere is none of its business. */
    plan->units[0].groups[0].leaver_rate[17] = 1;
    plan->units[0].groups[0].leaver_rate[0] = 0;
    cr_expect_eq(gp_plan_validate(plan, "plan.json", &diag), GP_OK);
}

Test(validate, a_value_just_past_the_bound_shows_every_digit) {
    plan->units[0].groups[0].leaver_rate[5] = nextafter(1.0, 2.0);
    cr_expect_eq(gp_plan_validate(plan, "plan.json", &diag), GP_ERR_INVALID);
    EXPECT("plan.json: units[0].groups[0].leaver_rate[\"2023-03\"]: must be within [0, 1], got 1.0000000000000002");
}
