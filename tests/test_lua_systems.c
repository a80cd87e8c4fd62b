/*
** tests/test_lua_systems.c: plan.systems as Lua objects (lua/bind_system.c)
** on the three-trust example: what a plugin reads, the shares it may edit
** and what edits them moves, and the messages for what it may not do.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gapplan/model.h"
#include "gp_lua.h"
#include "helpers.h"

static gp_diag diag;
static gp_plan *plan;

static void setup(void) {
    gp_diag_init(&diag);
    char *path = gp_source_path("examples/three-trusts-system.json");
    cr_assert_eq(gp_plan_load_file(path, &plan, &diag), GP_OK, "the example must load");
    free(path);
    cr_assert_eq(plan->nsystems, 1);
}
static void teardown(void) {
    gp_plan_free(plan);
    gp_diag_free(&diag);
}

TestSuite(lua_systems, .init = setup, .fini = teardown);

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

#define EXPECT_OK(err)                                                              \
    do {                                                                            \
        gp_error e_ = (err);                                                        \
        char *t_ = gp_diag_text(&diag);                                             \
        cr_expect_eq(e_, GP_OK, "expected success, got %s:\n%s", gp_strerror(e_), t_); \
        free(t_);                                                                   \
    } while (0)

#define EXPECT_FAILS(err, fragment)                                                             \
    do {                                                                                        \
        gp_error e_ = (err);                                                                    \
        char *t_ = gp_diag_text(&diag);                                                         \
        cr_expect_eq(e_, GP_ERR_PLUGIN, "expected a plugin error, got %s", gp_strerror(e_));    \
        cr_expect(gp_diag_has(&diag, fragment), "expected \"%s\" in:\n%s", fragment, t_);       \
        free(t_);                                                                               \
    } while (0)

Test(lua_systems, a_plugin_reads_the_system) {
    EXPECT_OK(apply_src(SCENARIO(
        "assert(#plan.systems == 1)\n"
        "local s = plan.systems[1]\n"
        "assert(s == plan.systems.icb and s.id == 'icb' and s.name == 'Illustrative integrated care system')\n"
        "assert(#s.units == 3 and s.units[1].id == 'north' and s.units[3] == plan.units.south)\n"
        "assert(s.travel_share:get('2021-07') == 0.05 and s.pool_share:get('2024-03') == 0.35)\n"
        "assert(s.pool_lines[1] == 'Elective recovery fund' and #s.pool_lines == 1 and s.pool_rule == 'gap')\n"
        "assert(plan.systems[2] == nil)")));
}

Test(lua_systems, a_plugin_edits_the_shares_and_the_transfers_follow) {
    gp_result *before = NULL, *after = NULL;
    cr_assert_eq(gp_model_run(plan, &before, &diag), GP_OK);
    EXPECT_OK(apply_src(SCENARIO("plan.systems.icb.travel_share:set(0.001, { from = '2023/24' })\n"
                                 "plan.systems.icb.pool_share:scale(2)")));
    /* the plan starts in 2021-07: 2023-04, the first month of 2023/24, is t = 21 */
    cr_expect_eq(plan->systems[0].travel_share[20], 0.05, "before 2023/24 the share is as it was");
    cr_expect(fabs(plan->systems[0].travel_share[21] - 0.001) < 1e-15, "%.17g", plan->systems[0].travel_share[21]);
    cr_expect_eq(plan->systems[0].pool_share[0], 0.7);
    cr_assert_eq(gp_model_run(plan, &after, &diag), GP_OK);
    /* hardly anyone travelling moves fewer pathways in 2023/24 (FY 2; at 5% spare capacity, not travel, is what
       binds); the FYs before are untouched */
    double moved_before = 0, moved_after = 0, first_before = 0, first_after = 0;
    for (size_t u = 0; u < before->nunits; u++) {
        const gp_block *b0 = before->units[u].backlog, *b1 = after->units[u].backlog;
        int s = gp_block_find_series(b0, "moved_out");
        cr_assert_geq(s, 0, "a member unit has no moved_out series");
        moved_before += gp_block_annual(b0, (size_t)s)[2];
        moved_after += gp_block_annual(b1, (size_t)s)[2];
        first_before += gp_block_annual(b0, (size_t)s)[0] + gp_block_annual(b0, (size_t)s)[1];
        first_after += gp_block_annual(b1, (size_t)s)[0] + gp_block_annual(b1, (size_t)s)[1];
    }
    cr_expect_lt(moved_after, moved_before, "2023/24 moved %g, was %g", moved_after, moved_before);
    cr_expect_eq(first_after, first_before);
    gp_result_free(before);
    gp_result_free(after);
}

Test(lua_systems, what_a_plugin_cannot_do_is_said) {
    EXPECT_FAILS(apply_src(SCENARIO("local x = plan.systems.icd")), "test.lua:2: unknown system 'icd' (did you mean icb?)");
    EXPECT_FAILS(apply_src(SCENARIO("local x = plan.systems.icb.member")), "test.lua:2: unknown field of a system 'member'");
    EXPECT_FAILS(apply_src(SCENARIO("plan.systems.icb.units = {}")),
                 "system icb: its units cannot be changed by a plugin");
    EXPECT_FAILS(apply_src(SCENARIO("plan.systems.icb.travel_share = 0.1")),
                 "system icb: travel_share is a schedule: change it with :set, :add or :scale");
    EXPECT_FAILS(apply_src(SCENARIO("plan.systems.icb.travel_share:set(1.5)")), "travel_share");
    EXPECT_FAILS(apply_src(SCENARIO("plan.systems[2] = plan.systems[1]")),
                 "systems cannot be added or replaced by a plugin");
}
