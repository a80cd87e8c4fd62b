/*
** tests/test_load.c: valid plans load, and every field lands where it should
** with MODEL.md's defaults for what is left out (core/plan_load.c).
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "helpers.h"

static gp_diag diag;

static void setup(void) { gp_diag_init(&diag); }
static void teardown(void) { gp_diag_free(&diag); }

TestSuite(load, .init = setup, .fini = teardown);

/* Load text that must be valid; fail the test with every message otherwise. */
static gp_plan *load_ok(const char *json) {
    gp_plan *plan = gp_load_text(json, &diag);
    if (!plan) {
        char *text = gp_diag_text(&diag);
        cr_assert_fail("the plan should load, got:\n%s", text); /* ends the test */
    }
    cr_assert_eq(diag.count, 0);
    return plan;
}

/* Every element of a schedule equals v. */
static void expect_flat(const double *s, int months, double v, const char *what) {
    cr_assert(s, "%s: no schedule", what);
    for (int t = 0; t < months; t++)
        cr_expect_eq(s[t], v, "%s[%d] = %.17g, want %.17g", what, t, s[t], v);
}

/* A plan with every field given, most as schedules of each kind. */
static const char full_plan[] =
    "{\"gapplan\": 1, \"name\": \"Two regions\", \"description\": \"A test plan\",\n"
    " \"start\": \"2022-04\", \"months\": 24,\n"
    " \"units\": [\n"
    "  {\"id\": \"north\", \"name\": \"North region\", \"description\": \"The north\",\n"
    "   \"groups\": [\n"
    "    {\"id\": \"nurses\", \"name\": \"Nurses\", \"description\": \"Registered nurses\",\n"
    "     \"establishment\": 1000, \"staff_in_post\": 900, \"cost_per_fte\": 45000,\n"
    "     \"intake_month\": 10, \"clinical\": true,\n"
    "     \"establishment_growth\": {\"2022/23\": 0.01, \"2023/24\": 0.02},\n"
    "     \"leaver_rate\": {\"2022-04\": 0.1, \"2022-10\": 0.12},\n"
    "     \"fill_rate\": 0.05, \"newly_qualified\": 40, \"international\": 12, \"other_joiners\": 6,\n"
    "     \"absence_rate\": 0.05, \"budgeted_absence\": 0.035, \"pay_award\": {\"2023/24\": 0.03},\n"
    "     \"bank_fill\": 0.4, \"agency_fill\": 0.6, \"bank_premium\": 1.1, \"agency_premium\": 1.9},\n"
    "    {\"id\": \"admin\", \"establishment\": 200, \"staff_in_post\": 210, \"cost_per_fte\": 30000,\n"
    "     \"leaver_rate\": 0.08, \"absence_rate\": 0.04, \"clinical\": false}\n"
    "   ],\n"
    "   \"finance\": {\"revenue_envelope\": {\"2022/23\": 1.2e8, \"2023/24\": 1.25e8}, \"non_pay\": 3e7,\n"
    "     \"non_pay_inflation\": 0.03, \"efficiency_required\": 0.011, \"efficiency_achieved\": 0.8,\n"
    "     \"funding\": [{\"name\": \"settlement\", \"amounts\": {\"2022/23\": 2e6, \"2023/24\": 0}}],\n"
    "     \"pressures\": [{\"name\": \"covid-19\", \"amounts\": 4e6},\n"
    "                   {\"name\": \"estate savings\", \"amounts\": -1e6}],\n"
    "     \"capital\": {\"envelope\": 5e6, \"schemes\": [{\"name\": \"theatres\", \"amounts\": 3e6},\n"
    "                                              {\"name\": \"digital\", \"amounts\": {\"2023/24\": 1e6}}]}},\n"
    "   \"backlog\": {\"waiting_list\": 50000, \"wait_profile\": [3, 2, 1], \"referrals\": 5000,\n"
    "     \"capacity\": {\"2022/23\": 4800, \"2023/24\": 5200}, \"hidden_demand\": 8000,\n"
    "     \"hidden_return_rate\": 0.02, \"workforce_elasticity\": 0.7, \"longest_first_share\": 0.3,\n"
    "     \"renege_rate\": 0.01}},\n"
    "  {\"id\": \"south\", \"groups\": [{\"id\": \"nurses\", \"establishment\": 500, \"staff_in_post\": 450,\n"
    "     \"cost_per_fte\": 44000, \"leaver_rate\": 0.11, \"absence_rate\": 0.06}]}\n"
    " ]}\n";

Test(load, full_plan_every_field_lands) {
    gp_plan *plan = load_ok(full_plan);
    cr_expect_str_eq(plan->name, "Two regions");
    cr_expect_str_eq(plan->description, "A test plan");
    cr_expect_str_eq(plan->file, "plan.json");
    cr_expect_eq(plan->cal.start, gp_month_make(2022, 4));
    cr_expect_eq(plan->cal.months, 24);
    cr_assert_eq(plan->nunits, 2);
    cr_expect_eq(gp_plan_group_count(plan), 3);

    gp_unit *u = &plan->units[0];
    cr_expect_str_eq(u->id, "north");
    cr_expect_str_eq(u->name, "North region");
    cr_expect_str_eq(u->description, "The north");
    cr_assert_eq(u->ngroups, 2);

    gp_group *g = &u->groups[0];
    cr_expect_str_eq(g->id, "nurses");
    cr_expect_str_eq(g->name, "Nurses");
    cr_expect_str_eq(g->description, "Registered nurses");
    cr_expect_eq(g->establishment, 1000);
    cr_expect_eq(g->staff_in_post, 900);
    cr_expect_eq(g->cost_per_fte, 45000);
    cr_expect_eq(g->intake_month, 10);
    cr_expect(g->clinical);
    for (int t = 0; t < 24; t++) {
        cr_expect_eq(g->establishment_growth[t], t < 12 ? 0.01 : 0.02, "establishment_growth[%d]", t);
        cr_expect_eq(g->leaver_rate[t], t < 6 ? 0.1 : 0.12, "leaver_rate[%d]", t);
        /* A single key after the start: the periods before it take its value. */
        cr_expect_eq(g->pay_award[t], 0.03, "pay_award[%d]", t);
    }
    expect_flat(g->fill_rate, 24, 0.05, "fill_rate");
    expect_flat(g->newly_qualified, 24, 40, "newly_qualified");
    expect_flat(g->international, 24, 12, "international");
    expect_flat(g->other_joiners, 24, 6, "other_joiners");
    expect_flat(g->absence_rate, 24, 0.05, "absence_rate");
    expect_flat(g->budgeted_absence, 24, 0.035, "budgeted_absence");
    expect_flat(g->bank_fill, 24, 0.4, "bank_fill");
    expect_flat(g->agency_fill, 24, 0.6, "agency_fill"); /* 0.4 + 0.6 is exactly at the limit */
    expect_flat(g->bank_premium, 24, 1.1, "bank_premium");
    expect_flat(g->agency_premium, 24, 1.9, "agency_premium");

    gp_finance *f = u->finance;
    cr_assert(f);
    for (int t = 0; t < 24; t++)
        cr_expect_eq(f->revenue_envelope[t], t < 12 ? 1.2e8 : 1.25e8);
    cr_expect_eq(f->non_pay, 3e7);
    expect_flat(f->non_pay_inflation, 24, 0.03, "non_pay_inflation");
    expect_flat(f->efficiency_required, 24, 0.011, "efficiency_required");
    expect_flat(f->efficiency_achieved, 24, 0.8, "efficiency_achieved");
    cr_assert_eq(f->funding.count, 1);
    cr_expect_str_eq(f->funding.items[0].name, "settlement");
    for (int t = 0; t < 24; t++)
        cr_expect_eq(f->funding.items[0].amounts[t], t < 12 ? 2e6 : 0);
    cr_assert_eq(f->pressures.count, 2);
    cr_expect_str_eq(f->pressures.items[0].name, "covid-19");
    expect_flat(f->pressures.items[0].amounts, 24, 4e6, "pressures[0]");
    cr_expect_str_eq(f->pressures.items[1].name, "estate savings");
    expect_flat(f->pressures.items[1].amounts, 24, -1e6, "pressures[1]");
    expect_flat(f->capital.envelope, 24, 5e6, "capital.envelope");
    cr_assert_eq(f->capital.schemes.count, 2);
    cr_expect_str_eq(f->capital.schemes.items[0].name, "theatres");
    expect_flat(f->capital.schemes.items[0].amounts, 24, 3e6, "schemes[0]");
    cr_expect_str_eq(f->capital.schemes.items[1].name, "digital");
    expect_flat(f->capital.schemes.items[1].amounts, 24, 1e6, "schemes[1]");

    gp_backlog *b = u->backlog;
    cr_assert(b);
    cr_expect_eq(b->waiting_list, 50000);
    cr_expect(b->wait_profile_given);
    cr_expect_eq(b->wait_profile[0], 3);
    cr_expect_eq(b->wait_profile[1], 2);
    cr_expect_eq(b->wait_profile[2], 1);
    for (int k = 3; k < GP_BUCKETS; k++)
        cr_expect_eq(b->wait_profile[k], 0, "missing buckets are 0 (bucket %d)", k);
    expect_flat(b->referrals, 24, 5000, "referrals");
    for (int t = 0; t < 24; t++)
        cr_expect_eq(b->capacity[t], t < 12 ? 4800 : 5200);
    cr_expect_eq(b->hidden_demand, 8000);
    expect_flat(b->hidden_return_rate, 24, 0.02, "hidden_return_rate");
    cr_expect_eq(b->workforce_elasticity, 0.7);
    expect_flat(b->longest_first_share, 24, 0.3, "longest_first_share");
    expect_flat(b->renege_rate, 24, 0.01, "renege_rate");

    /* The second unit: no finance, no backlog, a name defaulting to its id. */
    gp_unit *s = &plan->units[1];
    cr_expect_str_eq(s->id, "south");
    cr_expect_str_eq(s->name, "south");
    cr_expect_str_eq(s->description, "");
    cr_expect_null(s->finance);
    cr_expect_null(s->backlog);
    cr_assert_eq(s->ngroups, 1);
    cr_expect_eq(s->groups[0].staff_in_post, 450);

    cr_expect_eq(gp_plan_find_unit(plan, "south"), s);
    cr_expect_null(gp_plan_find_unit(plan, "east"));
    cr_expect_eq(gp_unit_find_group(u, "admin"), &u->groups[1]);
    cr_expect_null(gp_unit_find_group(s, "admin"));
    gp_plan_free(plan);
}

Test(load, group_defaults_from_model) {
    gp_plan *plan = load_ok(full_plan);
    gp_group *g = &plan->units[0].groups[1]; /* admin: only the required fields and clinical */
    cr_expect_str_eq(g->name, "admin");
    cr_expect_str_eq(g->description, "");
    cr_expect_eq(g->intake_month, 9);
    cr_expect_not(g->clinical);
    expect_flat(g->establishment_growth, 24, 0, "establishment_growth");
    expect_flat(g->fill_rate, 24, 0, "fill_rate");
    expect_flat(g->newly_qualified, 24, 0, "newly_qualified");
    expect_flat(g->international, 24, 0, "international");
    expect_flat(g->other_joiners, 24, 0, "other_joiners");
    expect_flat(g->budgeted_absence, 24, 0, "budgeted_absence");
    expect_flat(g->pay_award, 24, 0, "pay_award");
    expect_flat(g->bank_fill, 24, 0, "bank_fill");
    expect_flat(g->agency_fill, 24, 0, "agency_fill");
    expect_flat(g->bank_premium, 24, 1, "bank_premium");
    expect_flat(g->agency_premium, 24, 1, "agency_premium");
    /* clinical defaults to true */
    cr_expect(plan->units[1].groups[0].clinical);
    gp_plan_free(plan);
}

static const char minimal_plan[] =
    "{\"gapplan\": 1, \"start\": \"2022-10\", \"months\": 60.0, \"units\": [{\"id\": \"trust\", \"groups\": "
    "[{\"id\": \"nurses\", \"establishment\": 100, \"staff_in_post\": 90, \"cost_per_fte\": 40000, "
    "\"leaver_rate\": 0.1, \"absence_rate\": 0.05}], %s}]}";

static gp_plan *load_minimal(const char *blocks) {
    char json[2048];
    snprintf(json, sizeof json, minimal_plan, blocks);
    return load_ok(json);
}

Test(load, months_written_as_60_point_0) {
    gp_plan *plan = load_minimal("\"name\": \"Trust\"");
    cr_expect_eq(plan->cal.months, 60);
    cr_expect_eq(plan->cal.start, gp_month_make(2022, 10));
    cr_expect_str_eq(plan->name, "");
    cr_expect_str_eq(plan->description, "");
    cr_expect_str_eq(plan->units[0].name, "Trust");
    gp_plan_free(plan);
}

Test(load, finance_defaults_and_capital_absent) {
    gp_plan *plan = load_minimal("\"finance\": {\"revenue_envelope\": 5e6}");
    gp_finance *f = plan->units[0].finance;
    cr_assert(f);
    expect_flat(f->revenue_envelope, 60, 5e6, "revenue_envelope");
    cr_expect_eq(f->non_pay, 0);
    expect_flat(f->non_pay_inflation, 60, 0, "non_pay_inflation");
    expect_flat(f->efficiency_required, 60, 0, "efficiency_required");
    expect_flat(f->efficiency_achieved, 60, 1, "efficiency_achieved");
    cr_expect_eq(f->funding.count, 0);
    cr_expect_eq(f->pressures.count, 0);
    /* No capital block: an envelope of zeros and no schemes (MODEL.md §9). */
    expect_flat(f->capital.envelope, 60, 0, "capital.envelope");
    cr_expect_eq(f->capital.schemes.count, 0);
    cr_expect_null(plan->units[0].backlog);
    gp_plan_free(plan);
}

Test(load, capital_without_envelope_and_empty_lists) {
    gp_plan *plan = load_minimal("\"finance\": {\"revenue_envelope\": 5e6, \"funding\": [], \"pressures\": [], "
                                 "\"capital\": {\"schemes\": [{\"name\": \"ward\", \"amounts\": 1e6}]}}");
    gp_finance *f = plan->units[0].finance;
    expect_flat(f->capital.envelope, 60, 0, "capital.envelope");
    cr_assert_eq(f->capital.schemes.count, 1);
    expect_flat(f->capital.schemes.items[0].amounts, 60, 1e6, "schemes[0]");
    cr_expect_eq(f->funding.count, 0);
    gp_plan_free(plan);
}

Test(load, backlog_defaults_and_default_wait_profile) {
    gp_plan *plan = load_minimal("\"backlog\": {\"waiting_list\": 27000, \"referrals\": 3000, \"capacity\": 2900}");
    gp_backlog *b = plan->units[0].backlog;
    cr_assert(b);
    cr_expect_null(plan->units[0].finance);
    cr_expect_eq(b->waiting_list, 27000);
    cr_expect_eq(b->hidden_demand, 0);
    cr_expect_eq(b->workforce_elasticity, 1);
    expect_flat(b->hidden_return_rate, 60, 0, "hidden_return_rate");
    expect_flat(b->longest_first_share, 60, 0.5, "longest_first_share");
    expect_flat(b->renege_rate, 60, 0, "renege_rate");
    cr_expect_not(b->wait_profile_given);
    for (int k = 0; k < GP_BUCKETS; k++)
        cr_expect(gp_close(b->wait_profile[k], pow(0.85, k)), "bucket %d: %.17g", k, b->wait_profile[k]);
    gp_plan_free(plan);
}

Test(load, full_wait_profile_of_25_buckets) {
    gp_plan *plan = load_minimal("\"backlog\": {\"waiting_list\": 10, \"referrals\": 1, \"capacity\": 1, "
                                 "\"wait_profile\": [25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, "
                                 "10, 9, 8, 7, 6, 5, 4, 3, 2, 0]}");
    gp_backlog *b = plan->units[0].backlog;
    for (int k = 0; k < GP_BUCKETS - 1; k++)
        cr_expect_eq(b->wait_profile[k], 25 - k);
    cr_expect_eq(b->wait_profile[24], 0);
    gp_plan_free(plan);
}

Test(load, bom_and_whitespace_are_fine) {
    char json[2048];
    snprintf(json, sizeof json, "\xEF\xBB\xBF  \n");
    size_t n = strlen(json);
    snprintf(json + n, sizeof json - n, minimal_plan, "\"name\": \"x\"");
    gp_plan *plan = load_ok(json);
    cr_expect_eq(plan->cal.months, 60);
    gp_plan_free(plan);
}

Test(load, load_file_and_buffer_agree) {
    char *dir = gp_temp_dir();
    char *path = gp_write_file(dir, "plan.json", full_plan);
    gp_plan *plan = NULL;
    cr_assert_eq(gp_plan_load_file(path, &plan, &diag), GP_OK);
    cr_assert(plan);
    cr_expect_str_eq(plan->file, path);
    cr_expect_eq(plan->units[0].groups[0].leaver_rate[23], 0.12);
    gp_plan_free(plan);
    free(path);
    gp_rm_rf(dir);
    free(dir);
}

Test(load, add_line_grows_and_keeps_earlier_lines) {
    gp_plan *plan = load_ok(full_plan);
    gp_lines *p = &plan->units[0].finance->pressures;
    char name[32];
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "line-%d", i);
        gp_line *l = gp_plan_add_line(plan, p, name);
        cr_assert(l);
        expect_flat(l->amounts, 24, 0, "new line");
        l->amounts[3] = i;
    }
    cr_assert_eq(p->count, 22);
    cr_expect_str_eq(p->items[0].name, "covid-19");
    cr_expect_eq(p->items[1].amounts[0], -1e6);
    cr_expect_str_eq(p->items[21].name, "line-19");
    cr_expect_eq(p->items[21].amounts[3], 19);
    /* A line added to an empty list. */
    gp_lines *fund = &plan->units[0].finance->capital.schemes;
    cr_expect_eq(fund->count, 2);
    char *s = gp_plan_strdup(plan, "kept");
    cr_expect_str_eq(s, "kept");
    double *sch = gp_plan_new_schedule(plan);
    expect_flat(sch, 24, 0, "new schedule");
    cr_expect_eq(gp_plan_validate(plan, "plan.json", &diag), GP_OK);
    gp_plan_free(plan);
}

Test(load, free_null_is_harmless) { gp_plan_free(NULL); }

Test(load, field_tables_cover_the_model) {
    cr_expect_eq(gp_group_fields.count, 18);
    cr_expect_eq(gp_finance_fields.count, 5);
    cr_expect_eq(gp_capital_fields.count, 1);
    cr_expect_eq(gp_backlog_fields.count, 8);
    const gp_field *f = gp_field_find(&gp_group_fields, "leaver_rate");
    cr_assert(f);
    cr_expect_eq(f->kind, GP_FIELD_SCHEDULE);
    cr_expect(f->required);
    cr_expect_eq(f->min, 0);
    cr_expect_eq(f->max, 1);
    cr_expect_str_eq(f->unit, "fraction/yr");
    f = gp_field_find(&gp_group_fields, "pay_award");
    cr_expect_eq(f->min, -0.5);
    cr_expect_eq(f->max, 1);
    f = gp_field_find(&gp_group_fields, "intake_month");
    cr_expect_eq(f->kind, GP_FIELD_INTEGER);
    cr_expect_eq(f->default_value, 9);
    f = gp_field_find(&gp_backlog_fields, "workforce_elasticity");
    cr_expect_eq(f->max, 10);
    cr_expect_eq(f->default_value, 1);
    f = gp_field_find(&gp_finance_fields, "efficiency_achieved");
    cr_expect_eq(f->default_value, 1);
    cr_expect_null(gp_field_find(&gp_group_fields, "Leaver_rate"));
    /* Every field has a unit and a doc line, and the offsets of schedules are distinct. */
    const gp_field_table *tables[] = {&gp_group_fields, &gp_finance_fields, &gp_capital_fields,
                                      &gp_backlog_fields};
    for (size_t k = 0; k < 4; k++)
        for (size_t i = 0; i < tables[k]->count; i++) {
            const gp_field *a = &tables[k]->fields[i];
            cr_expect(a->unit && a->unit[0] && a->doc && a->doc[0], "%s", a->name);
            for (size_t j = 0; j < i; j++)
                cr_expect_neq(a->offset, tables[k]->fields[j].offset, "%s", a->name);
        }
}

Test(load, fills_over_one_only_after_the_horizon_are_fine) {
    /* bank_fill + agency_fill is checked in the horizon's periods only (MODEL.md §9). */
    char json[2048];
    snprintf(json, sizeof json,
             "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 12, \"units\": [{\"id\": \"u\", \"groups\": "
             "[{\"id\": \"g\", \"establishment\": 1, \"staff_in_post\": 1, \"cost_per_fte\": 1, "
             "\"leaver_rate\": 0, \"absence_rate\": 0, \"bank_fill\": {\"2022/23\": 0.5, \"2023/24\": 0.9}, "
             "\"agency_fill\": 0.5}]}]}");
    gp_plan *plan = load_ok(json);
    expect_flat(plan->units[0].groups[0].bank_fill, 12, 0.5, "bank_fill");
    gp_plan_free(plan);
}

Test(load, arena_blocks_are_aligned_and_distinct) {
    gp_arena *a = gp_arena_new();
    cr_assert(a);
    char *prev = NULL;
    for (int i = 0; i < 5000; i++) {
        size_t size = (size_t)(i % 37) * 8 + 1;
        char *p = gp_arena_alloc(a, size);
        cr_assert(p);
        cr_expect_eq((uintptr_t)p % _Alignof(max_align_t), 0, "block %d misaligned", i);
        memset(p, 0xAB, size); /* every byte is writable: ASan and valgrind would see otherwise */
        cr_expect(p != prev);
        prev = p;
    }
    /* A block larger than a chunk, then small ones that still come from the current chunk. */
    double *big = gp_arena_calloc(a, GP_ARENA_CHUNK_SIZE, sizeof(double));
    cr_assert(big);
    cr_expect_eq(big[GP_ARENA_CHUNK_SIZE - 1], 0);
    char *s = gp_arena_strdup(a, "after the big one");
    cr_expect_str_eq(s, "after the big one");
    cr_expect_str_eq(gp_arena_strndup(a, "abcdef", 3), "abc");
    cr_expect_null(gp_arena_calloc(a, SIZE_MAX / 2, 4), "an overflowing size is refused");
    cr_expect_geq(gp_arena_bytes(a), GP_ARENA_CHUNK_SIZE * sizeof(double));
    gp_arena_free(a);
    gp_arena_free(NULL);
}
