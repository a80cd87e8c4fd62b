/*
** tests/test_lua_schedule.c: the plan as Lua objects (lua/bind_*.c): schedule
** set/add/scale with from, to and ramp against hand-computed values, named
** lists, scalar fields, and the validation of the edited plan.
**
** The plan starts in October 2022 for 18 months, so t = 0 is 2022-10, t = 6
** is 2023-04 (the first month of FY 2023/24) and t = 17 is 2024-03. FY
** 2022/23 begins six months before the horizon, at t = -6.
*/
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "gp_lua.h"
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
    "  \"backlog\": {\"waiting_list\": 1000, \"referrals\": 100, \"capacity\": 90}},\n"
    " {\"id\": \"south\", \"groups\": [\n"
    "   {\"id\": \"nurses\", \"establishment\": 10, \"staff_in_post\": 9, \"cost_per_fte\": 40000,\n"
    "    \"leaver_rate\": 0.1, \"absence_rate\": 0.05}]}]}\n";

static void setup(void) {
    gp_diag_init(&diag);
    plan = gp_load_text(plan_json, &diag);
    cr_assert(plan, "the test plan must load");
}
static void teardown(void) {
    gp_plan_free(plan);
    gp_diag_free(&diag);
}

TestSuite(lua_schedule, .init = setup, .fini = teardown);

/* A scenario whose apply body is `body`, starting on line 2 of "test.lua". */
#define SCENARIO(body)                                                                      \
    "return scenario { id = 't', title = 'T', source = 'S', apply = function(plan, p)\n" body \
    "\nend }\n"

static gp_error apply_src(const char *src) {
    gp_lua_scenario *sc = NULL;
    gp_diag_clear(&diag);
    gp_error err = gp_lua_scenario_load_buffer(src, strlen(src), "test.lua", NULL, &sc, &diag);
    if (err == GP_OK)
        err = gp_lua_scenario_apply(sc, plan, NULL, 0, &diag);
    gp_lua_scenario_free(sc);
    return err;
}

#define APPLY_OK(src)                                                     \
    do {                                                                  \
        gp_error e_ = apply_src(src);                                     \
        char *t_ = gp_diag_text(&diag);                                   \
        cr_assert_eq(e_, GP_OK, "apply failed (%s):\n%s", gp_strerror(e_), t_); \
        free(t_);                                                         \
    } while (0)

#define APPLY_FAILS(src, fragment)                                                   \
    do {                                                                             \
        gp_error e_ = apply_src(src);                                                \
        char *t_ = gp_diag_text(&diag);                                              \
        cr_expect_eq(e_, GP_ERR_PLUGIN, "expected a plugin error, got %s", gp_strerror(e_)); \
        cr_expect(gp_diag_has(&diag, fragment), "expected \"%s\" in:\n%s", fragment, t_); \
        free(t_);                                                                    \
    } while (0)

static gp_group *group(int u, int g) { return &plan->units[u].groups[g]; }

Test(lua_schedule, set_without_options_sets_every_period) {
    APPLY_OK(SCENARIO("plan.units.north.groups.nurses.leaver_rate:set(0.2)"));
    for (int t = 0; t < 18; t++)
        cr_expect(gp_close(group(0, 0)->leaver_rate[t], 0.2), "t=%d", t);
    cr_expect(gp_close(group(0, 1)->leaver_rate[0], 0.08), "another group is untouched");
}

Test(lua_schedule, add_with_a_month_and_a_ramp) {
    /* from 2023-01 is t = 3; w = 1/4, 2/4, 3/4, then 1 */
    APPLY_OK(SCENARIO("plan.units.north.groups.nurses.leaver_rate:add(0.04, {from = '2023-01', ramp = 4})"));
    const double *x = group(0, 0)->leaver_rate;
    double want[] = {0.1, 0.1, 0.1, 0.11, 0.12, 0.13, 0.14, 0.14};
    for (int t = 0; t < 8; t++)
        cr_expect(gp_close(x[t], want[t]), "t=%d: %.17g, want %.17g", t, x[t], want[t]);
    cr_expect(gp_close(x[17], 0.14));
}

Test(lua_schedule, scale_between_an_fy_and_a_month) {
    /* from 2023/24 is t = 6, to 2023-06 is t = 8 */
    APPLY_OK(SCENARIO("plan.units.north.groups.nurses.absence_rate:scale(0.5, {from = '2023/24', to = '2023-06'})"));
    const double *x = group(0, 0)->absence_rate;
    for (int t = 0; t < 18; t++)
        cr_expect(gp_close(x[t], t >= 6 && t <= 8 ? 0.025 : 0.05), "t=%d: %g", t, x[t]);
}

Test(lua_schedule, scale_ramped_weights) {
    /* x (1 + (k - 1) w) with k = 2, ramp 2 from t = 0: w = 1/2 then 1 */
    APPLY_OK(SCENARIO("plan.units.north.groups.nurses.absence_rate:scale(2, {ramp = 2})"));
    const double *x = group(0, 0)->absence_rate;
    cr_expect(gp_close(x[0], 0.075));
    cr_expect(gp_close(x[1], 0.1));
    cr_expect(gp_close(x[17], 0.1));
}

Test(lua_schedule, a_from_before_the_horizon_shifts_the_ramp) {
    /* FY 2022/23 starts at t = -6: w_t = (t + 7) / 12, so 7/12 at t = 0 and 1 from t = 5 */
    APPLY_OK(SCENARIO("plan.units.north.groups.nurses.leaver_rate:set(0.3, {from = '2022/23', ramp = 12})"));
    const double *x = group(0, 0)->leaver_rate;
    cr_expect(gp_close(x[0], 0.1 + 0.2 * 7.0 / 12.0), "t=0: %.17g", x[0]);
    cr_expect(gp_close(x[4], 0.1 + 0.2 * 11.0 / 12.0), "t=4: %.17g", x[4]);
    cr_expect(gp_close(x[5], 0.3));
    cr_expect(gp_close(x[17], 0.3));
}

Test(lua_schedule, a_to_past_the_horizon_runs_to_the_end_and_a_late_from_writes_nothing) {
    APPLY_OK(SCENARIO("local g = plan.units.north.groups.nurses\n"
                      "g.leaver_rate:set(0.2, {from = '2024-01', to = '2030/31'})\n"
                      "g.absence_rate:set(0.2, {from = '2025-01'})"));
    for (int t = 0; t < 18; t++) {
        cr_expect(gp_close(group(0, 0)->leaver_rate[t], t >= 15 ? 0.2 : 0.1), "t=%d", t);
        cr_expect(gp_close(group(0, 0)->absence_rate[t], 0.05), "t=%d", t);
    }
}

Test(lua_schedule, a_change_out_of_range_is_refused_at_the_plugins_line) {
    APPLY_FAILS(SCENARIO("local g = plan.units.north.groups.nurses\n"
                         "g.leaver_rate:add(-0.2, {from = '2023-04'})"),
                "test.lua:3: leaver_rate:add() gives -0.1 in 2023-04, outside [0, 1]");
    cr_expect(gp_close(group(0, 0)->leaver_rate[6], 0.1), "the schedule is left as it was");
}

Test(lua_schedule, get_reads_a_month) {
    APPLY_OK(SCENARIO("local s = plan.units.north.groups.nurses.leaver_rate\n"
                      "s:set(0.2, {from = '2023-04'})\n"
                      "assert(s:get('2023-03') == 0.1 and s:get('2023-04') == 0.2)\n"
                      "assert(#s == 18)"));
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.leaver_rate:get('2024-04')"),
                "leaver_rate:get(): 2024-04 is outside the plan (2022-10 to 2024-03)");
}

Test(lua_schedule, option_mistakes) {
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.leaver_rate:set(0.2, {form = '2023-04'})"),
                "unknown set option 'form' (did you mean from?)");
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.leaver_rate:set(0.2, {from = '2024-01', to = '2023-12'})"),
                "set: 'from' comes after 'to'");
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.leaver_rate:set(0.2, {from = '2023-13'})"),
                "from must be a month (YYYY-MM) or FY (YYYY/YY) label, got '2023-13'");
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.leaver_rate:set(0.2, {ramp = -1})"),
                "ramp must be a number of months >= 0");
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.leaver_rate:set(0/0)"), "the value must be finite");
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.leaver_rate:sett(0.2)"),
                "unknown method of schedule leaver_rate 'sett' (did you mean set?)");
}

Test(lua_schedule, lines_add_expands_fy_and_month_keys) {
    APPLY_OK(SCENARIO("local fin = plan.units.north.finance\n"
                      "fin.pressures:add{name = 'fy', amounts = {['2021/22'] = 1, ['2023/24'] = 2}}\n"
                      "fin.funding:add{name = 'months', amounts = {['2023-01'] = 5, ['2022-11'] = 3}}\n"
                      "local l = fin.capital.schemes:add{name = 'flat', amounts = 7}\n"
                      "assert(l.name == 'flat' and #fin.capital.schemes == 2)\n"
                      "assert(fin.pressures.fy.amounts:get('2023-04') == 2)"));
    const gp_finance *fin = plan->units[0].finance;
    cr_assert_eq(fin->pressures.count, 2);
    cr_expect_str_eq(fin->pressures.items[1].name, "fy");
    for (int t = 0; t < 18; t++) {
        cr_expect(gp_close(fin->pressures.items[1].amounts[t], t < 6 ? 1 : 2), "pressure t=%d", t);
        cr_expect(gp_close(fin->funding.items[0].amounts[t], t < 3 ? 3 : 5), "funding t=%d", t);
        cr_expect(gp_close(fin->capital.schemes.items[1].amounts[t], 7), "scheme t=%d", t);
    }
}

Test(lua_schedule, a_line_named_like_a_method_is_reached_with_get) {
    APPLY_OK(SCENARIO("local p = plan.units.north.finance.pressures\n"
                      "p:add{name = 'add', amounts = 7}\n"
                      "assert(type(p.add) == 'function', 'p.add is still the method')\n"
                      "p:get('add').amounts:set(12)\n"
                      "assert(p:get('covid').name == 'covid' and p:get('covid').amounts:get('2022-10') == 1e5)"));
    const gp_lines *p = &plan->units[0].finance->pressures;
    cr_assert_eq(p->count, 2);
    cr_expect_str_eq(p->items[1].name, "add");
    cr_expect_eq(p->items[1].amounts[0], 12);
    APPLY_FAILS(SCENARIO("plan.units.north.finance.pressures:get('covd')"),
                "unknown line of pressures 'covd' (did you mean covid?)");
}

Test(lua_schedule, lines_add_mistakes) {
    APPLY_FAILS(SCENARIO("plan.units.north.finance.pressures:add{name = 'covid', amounts = 1}"),
                "pressures:add: a line named 'covid' already exists");
    APPLY_FAILS(SCENARIO("plan.units.north.finance.pressures:add{name = 'x', amounts = {['2023-01'] = 1, ['2023/24'] = 2}}"),
                "pressures 'x' amounts: keys mix month and FY labels");
    APPLY_FAILS(SCENARIO("plan.units.north.finance.pressures:add{name = 'x', amount = 1}"),
                "unknown field of pressures:add 'amount' (did you mean amounts?)");
    APPLY_FAILS(SCENARIO("plan.units.north.finance.capital.schemes:add{name = 'x', amounts = -1}"),
                "schemes 'x' amounts: must be within [0, inf), got -1");
    APPLY_FAILS(SCENARIO("plan.units.north.finance.pressures:add{name = 'x', amounts = {}}"),
                "pressures 'x' amounts: an empty table is not a schedule");
}

Test(lua_schedule, scalar_fields_read_and_write_with_ranges) {
    APPLY_OK(SCENARIO("local g = plan.units.north.groups.nurses\n"
                      "assert(g.establishment == 100 and g.intake_month == 9 and g.clinical == true)\n"
                      "g.establishment = 120\n"
                      "g.intake_month = 3\n"
                      "g.clinical = false\n"
                      "plan.units.north.backlog.waiting_list = 1500\n"
                      "plan.units.north.finance.non_pay = 2e6"));
    cr_expect(gp_close(group(0, 0)->establishment, 120));
    cr_expect_eq(group(0, 0)->intake_month, 3);
    cr_expect_not(group(0, 0)->clinical);
    cr_expect(gp_close(plan->units[0].backlog->waiting_list, 1500));
    cr_expect(gp_close(plan->units[0].finance->non_pay, 2e6));
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.establishment = -1"),
                "test.lua:2: group nurses: establishment must be within [0, inf), got -1");
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.intake_month = 13"),
                "intake_month must be within [1, 12], got 13");
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.intake_month = 3.5"), "must be a whole number");
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.clinical = 'yes'"), "clinical must be true or false");
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.leaver_rate = 0.1"),
                "leaver_rate is a schedule: use leaver_rate:set(v, opts)");
    APPLY_FAILS(SCENARIO("plan.units.north.groups.nurses.id = 'x'"), "group nurses: 'id' cannot be assigned");
}

Test(lua_schedule, a_typo_is_an_error_not_nil) {
    APPLY_FAILS(SCENARIO("local x = plan.units.north.groups.nurses.leaver_rat"),
                "test.lua:2: unknown field of group nurses 'leaver_rat' (did you mean leaver_rate?)");
    APPLY_FAILS(SCENARIO("local x = plan.units.nrth"), "unknown unit 'nrth' (did you mean north?)");
    APPLY_FAILS(SCENARIO("local x = plan.units.north.groups.nurse"),
                "unknown group of unit north 'nurse' (did you mean nurses?)");
    APPLY_FAILS(SCENARIO("local x = plan.units.north.finance.presures"),
                "unknown field of finance 'presures' (did you mean pressures?)");
    APPLY_FAILS(SCENARIO("local x = plan.unit"), "unknown field of the plan 'unit' (did you mean units?)");
}

Test(lua_schedule, lists_index_by_position_and_id) {
    APPLY_OK(SCENARIO("assert(#plan.units == 2 and plan.units[1].id == 'north' and plan.units[3] == nil)\n"
                      "assert(plan.units.south.id == 'south' and plan.units.south.finance == nil)\n"
                      "assert(#plan:groups() == 3 and plan:groups()[3].id == 'nurses')\n"
                      "local n = 0\n"
                      "for i, g in ipairs(plan.units.north.groups) do n = n + 1 end\n"
                      "assert(n == 2 and plan.units.north.groups[2].id == 'doctors')\n"
                      "assert(plan.units.north.finance.capital.envelope:get('2022-10') == 1e6)\n"
                      "assert(plan.start == '2022-10' and plan.months == 18)\n"
                      "for _, g in ipairs(plan:groups()) do g.leaver_rate:scale(1.5) end"));
    cr_expect(gp_close(group(0, 0)->leaver_rate[0], 0.15));
    cr_expect(gp_close(group(0, 1)->leaver_rate[0], 0.12));
    cr_expect(gp_close(group(1, 0)->leaver_rate[0], 0.15));
}

Test(lua_schedule, the_edited_plan_is_validated) {
    APPLY_FAILS(SCENARIO("plan.units.north.groups.doctors.bank_fill:set(0.8, {from = '2023-04'})"),
                "scenario 't' left the plan invalid:");
    cr_expect(gp_diag_has(&diag, "test.lua: units[0].groups[1]: bank_fill + agency_fill is 1.1 in 2023-04"),
              "%s", gp_diag_text(&diag));
}
