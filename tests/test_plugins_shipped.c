/*
** tests/test_plugins_shipped.c: every shipped plugin (the .lua files of plugins/) run on
** the England example, checked against the figure of the source it names
** (../shared/REFERENCE.md) and against values worked out by hand from the
** equations of docs/methodology.md.
**
** Each test compares the scenario's results with the baseline's, so the
** figure checked is what the scenario adds, as its source states it.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gapplan/model.h"
#include "gapplan/plan.h"
#include "gp_lua.h"
#include "helpers.h"

/* The shipped plugins, in the order `all_together` applies them. */
static const char *const shipped[] = {
    "ten-billion-shortfall", "efficiency-recovery", "attendance-gain", "international-nurses",
    "hcsw-recruitment", "fifty-thousand-nurses", "reservists", "retention-programme", "training-pipeline",
    "agency-cap", "elective-recovery", "hidden-demand", "covid-wave",
};
#define NSHIPPED (sizeof shipped / sizeof shipped[0])

/* use("id") inside a plugin finds the shipped ones. */
static const char *resolve(void *ctx, const char *id) {
    static char path[4096];
    (void)ctx;
    char *p = gp_source_path("plugins");
    snprintf(path, sizeof path, "%s/%s.lua", p, id);
    free(p);
    return path;
}

static gp_lua_scenario *load_plugin(const char *id) {
    gp_lua_options opts;
    gp_lua_options_init(&opts);
    opts.resolve = resolve;
    gp_diag diag;
    gp_diag_init(&diag);
    gp_lua_scenario *sc = NULL;
    gp_error err = gp_lua_scenario_load(resolve(NULL, id), &opts, &sc, &diag);
    char *text = gp_diag_text(&diag);
    cr_assert_eq(err, GP_OK, "%s does not load: %s", id, text);
    free(text);
    gp_diag_free(&diag);
    return sc;
}

/* The England example with the plugins `ids` applied in order (each with `settings` when it is the first). */
static gp_result *run_england(const char *const *ids, size_t n, const gp_lua_setting *settings, size_t nsettings) {
    gp_diag diag;
    gp_diag_init(&diag);
    char *path = gp_source_path("examples/england-2022.json");
    gp_plan *plan = NULL;
    cr_assert_eq(gp_plan_load_file(path, &plan, &diag), GP_OK);
    free(path);
    for (size_t i = 0; i < n; i++) {
        gp_lua_scenario *sc = load_plugin(ids[i]);
        gp_error err = gp_lua_scenario_apply(sc, plan, i == 0 ? settings : NULL, i == 0 ? nsettings : 0, &diag);
        char *text = gp_diag_text(&diag);
        cr_assert_eq(err, GP_OK, "%s does not apply: %s", ids[i], text);
        free(text);
        gp_lua_scenario_free(sc);
    }
    gp_result *res = NULL;
    cr_assert_eq(gp_model_run(plan, &res, &diag), GP_OK);
    gp_plan_free(plan);
    gp_diag_free(&diag);
    return res;
}

static gp_result *run_one(const char *id) { return run_england(&id, 1, NULL, 0); }

static gp_result *baseline(void) { return run_england(NULL, 0, NULL, 0); }

/* England's staff group `id` ("total" for the unit's total). */
static const gp_block *group(const gp_result *res, const char *id) {
    const gp_unit_result *u = &res->units[0];
    if (strcmp(id, "total") == 0)
        return &u->groups[u->ngroups];
    for (size_t g = 0; g < u->ngroups; g++)
        if (strcmp(u->groups[g].id, id) == 0)
            return &u->groups[g];
    cr_assert_fail("no group %s", id);
    return NULL;
}

#define MONTHLY(block, s, t) (gp_block_monthly((block), (s))[(t)])
#define ANNUAL(block, s, f) (gp_block_annual((block), (s))[(f)])
#define FINANCE(res) ((res)->units[0].finance)
#define BACKLOG(res) ((res)->units[0].backlog)

/* |got - want| <= tol * |want|. */
#define EXPECT_WITHIN(got, want, tol, ...) \
    cr_expect(fabs((got) - (want)) <= (tol) * fabs(want), __VA_ARGS__)

Test(plugins_shipped, attendance_gain_is_12000_wte) {
    /* [DP]: improving attendance by around 1% could amount to as many as 12,000 WTE. */
    gp_result *b = baseline(), *s = run_one("attendance-gain");
    double gain = MONTHLY(group(s, "total"), GP_S_AVAILABLE, 0) - MONTHLY(group(b, "total"), GP_S_AVAILABLE, 0);
    EXPECT_WITHIN(gain, 12000.0, 0.01, "one point of attendance gives %.1f WTE, not about 12,000", gain);
    /* MODEL.md §8: exactly 0.01 x staff in post (1,200,000). */
    EXPECT_WITHIN(gain, 0.01 * MONTHLY(group(b, "total"), GP_S_STAFF_IN_POST, 0), 1e-9, "%.6f", gain);
    gp_result_free(s);

    /* --set attendance-gain.points=2 doubles it. */
    gp_lua_setting two = {"points", "2"};
    const char *id = "attendance-gain";
    s = run_england(&id, 1, &two, 1);
    gain = MONTHLY(group(s, "total"), GP_S_AVAILABLE, 0) - MONTHLY(group(b, "total"), GP_S_AVAILABLE, 0);
    EXPECT_WITHIN(gain, 24000.0, 1e-9, "two points give %.3f WTE", gain);
    gp_result_free(s);
    gp_result_free(b);
}

Test(plugins_shipped, ten_billion_needed_and_the_gap_the_settlement_leaves) {
    /* [MR]: around £10bn needed in 2022/23 (COVID £4.6bn, backlog £3.5-4.5bn, 1.1% efficiency not achievable);
       the Spending Review gives £6.5-7bn. */
    gp_result *b = baseline(), *s = run_one("ten-billion-shortfall");
    const gp_block *fs = FINANCE(s), *fb = FINANCE(b);
    double pressures = ANNUAL(fs, GP_S_PRESSURES, 0), shortfall = ANNUAL(fs, GP_S_EFFICIENCY_SHORTFALL, 0);
    double requirement = pressures + shortfall;
    EXPECT_WITHIN(pressures, 8.6e9, 1e-9, "pressures %.0f", pressures);
    /* The whole 1.1% requirement goes undelivered: the shortfall is the requirement. */
    EXPECT_WITHIN(shortfall, ANNUAL(fs, GP_S_EFFICIENCY_REQUIRED, 0), 1e-12, "shortfall %.0f", shortfall);
    EXPECT_WITHIN(requirement, 10e9, 0.05, "the 2022/23 requirement is £%.2fbn, not about £10bn", requirement / 1e9);
    double settlement = ANNUAL(fs, GP_S_FUNDING, 0) - ANNUAL(fb, GP_S_FUNDING, 0);
    EXPECT_WITHIN(settlement, 6.75e9, 1e-9, "settlement %.0f", settlement);
    /* The gap the settlement leaves: the baseline's, plus what the scenario adds, less the settlement. */
    double gap = ANNUAL(fs, GP_S_REVENUE_GAP, 0);
    double want = ANNUAL(fb, GP_S_REVENUE_GAP, 0) + pressures + shortfall - ANNUAL(fb, GP_S_EFFICIENCY_SHORTFALL, 0) -
                  settlement;
    EXPECT_WITHIN(gap, want, 1e-9, "gap %.0f, want %.0f", gap, want);
    EXPECT_WITHIN(gap, 2.69e9, 0.01, "the 2022/23 gap is £%.3fbn", gap / 1e9);
    /* Backlog recovery runs three years, then stops; COVID-19 costs and the settlement are one year's. */
    for (int f = 1; f < 3; f++)
        EXPECT_WITHIN(ANNUAL(fs, GP_S_PRESSURES, f), 4e9, 1e-9, "FY %d", f);
    cr_expect_eq(ANNUAL(fs, GP_S_PRESSURES, 3), 0.0);
    cr_expect_eq(ANNUAL(fs, GP_S_FUNDING, 1), ANNUAL(fb, GP_S_FUNDING, 1));
    gp_result_free(s);
    gp_result_free(b);
}

Test(plugins_shipped, international_nurses_10000_a_year) {
    /* [DP]: international recruitment of more than 10,000 nurses in the year. */
    gp_result *b = baseline(), *s = run_one("international-nurses");
    for (int f = 0; f < 5; f++) {
        double extra = ANNUAL(group(s, "nurses"), GP_S_INTERNATIONAL, f) - ANNUAL(group(b, "nurses"), GP_S_INTERNATIONAL, f);
        EXPECT_WITHIN(extra, 10000.0, 1e-9, "FY %d: %.6f more international nurses", f, extra);
    }
    gp_result_free(s);
    gp_result_free(b);
}

Test(plugins_shipped, hcsw_recruitment_5000) {
    /* [DP]: recruit 5,000 healthcare support workers (over 2022/23, the default drive). */
    gp_result *b = baseline(), *s = run_one("hcsw-recruitment");
    double extra = ANNUAL(group(s, "hcsw"), GP_S_OTHER_JOINERS, 0) - ANNUAL(group(b, "hcsw"), GP_S_OTHER_JOINERS, 0);
    EXPECT_WITHIN(extra, 5000.0, 1e-9, "%.6f", extra);
    cr_expect_eq(ANNUAL(group(s, "hcsw"), GP_S_OTHER_JOINERS, 1), ANNUAL(group(b, "hcsw"), GP_S_OTHER_JOINERS, 1));
    gp_result_free(s);
    gp_result_free(b);
}

Test(plugins_shipped, fifty_thousand_nurses_by_2024_25) {
    /* [DP]: the commitment to recruit 50,000 additional nurses; phased evenly over 2022/23 to 2024/25. */
    gp_result *b = baseline(), *s = run_one("fifty-thousand-nurses");
    double extra = 0;
    for (int f = 0; f < 3; f++) {
        double year = ANNUAL(group(s, "nurses"), GP_S_OTHER_JOINERS, f) - ANNUAL(group(b, "nurses"), GP_S_OTHER_JOINERS, f);
        EXPECT_WITHIN(year, 50000.0 / 3, 1e-9, "FY %d: %.6f", f, year);
        extra += year;
    }
    EXPECT_WITHIN(extra, 50000.0, 1e-9, "%.6f", extra);
    cr_expect_eq(ANNUAL(group(s, "nurses"), GP_S_OTHER_JOINERS, 3), ANNUAL(group(b, "nurses"), GP_S_OTHER_JOINERS, 3));
    gp_result_free(s);
    gp_result_free(b);
}

Test(plugins_shipped, reservists_17000) {
    /* [DP]: 17,000+ NHS reservists, joining the clinical groups over 2022/23. */
    gp_result *b = baseline(), *s = run_one("reservists");
    double extra = ANNUAL(group(s, "total"), GP_S_OTHER_JOINERS, 0) - ANNUAL(group(b, "total"), GP_S_OTHER_JOINERS, 0);
    EXPECT_WITHIN(extra, 17000.0, 1e-9, "%.6f", extra);
    /* Shared by clinical staff in post: nurses 315,000 of 885,000 clinical FTE. */
    double nurses = ANNUAL(group(s, "nurses"), GP_S_OTHER_JOINERS, 0) - ANNUAL(group(b, "nurses"), GP_S_OTHER_JOINERS, 0);
    EXPECT_WITHIN(nurses, 17000.0 * 315000 / 885000, 1e-9, "%.6f", nurses);
    cr_expect_eq(ANNUAL(group(s, "ambulance"), GP_S_OTHER_JOINERS, 0), ANNUAL(group(b, "ambulance"), GP_S_OTHER_JOINERS, 0));
    gp_result_free(s);
    gp_result_free(b);
}

Test(plugins_shipped, retention_programme_cuts_leaver_rates_by_a_tenth) {
    /* [MR]: 59% of leaders worried too many staff will leave. Leaver rate after the 12-month ramp: 0.9 x. */
    gp_result *s = run_one("retention-programme");
    const gp_block *n = group(s, "nurses");
    double rate = MONTHLY(n, GP_S_LEAVERS, 11) / MONTHLY(n, GP_S_STAFF_IN_POST, 11) * 12;
    EXPECT_WITHIN(rate, 0.09, 1e-9, "nurses' leaver rate at the end of the ramp: %.9f", rate);
    rate = MONTHLY(n, GP_S_LEAVERS, 0) / MONTHLY(n, GP_S_STAFF_IN_POST, 0) * 12;
    EXPECT_WITHIN(rate, 0.1 * (1 - 0.1 / 12), 1e-9, "first month, 1/12 of the way: %.9f", rate);
    gp_result_free(s);
}

Test(plugins_shipped, agency_cap_holds_the_premium) {
    /* [IA]: agency ODPs at £125 an hour; the cap holds the agency premium to 1.5 (doctors' is 2.2). */
    gp_result *s = run_one("agency-cap");
    for (int t = 0; t < 60; t += 7) {
        const gp_block *d = group(s, "doctors");
        double premium = MONTHLY(d, GP_S_AGENCY_COST, t) / (MONTHLY(d, GP_S_AGENCY, t) * MONTHLY(d, GP_S_COST_PER_FTE, t) / 12);
        EXPECT_WITHIN(premium, 1.5, 1e-9, "month %d: premium %.9f", t, premium);
    }
    gp_result_free(s);
}

Test(plugins_shipped, elective_capacity_130_percent_by_2024_25) {
    /* [DP]: around 30% more elective activity by 2024/25 than before the pandemic. */
    gp_result *s = run_one("elective-recovery");
    const gp_block *k = BACKLOG(s);
    double capacity = MONTHLY(k, GP_S_EFFECTIVE_CAPACITY, 24) / MONTHLY(k, GP_S_WORKFORCE_FACTOR, 24);
    EXPECT_WITHIN(capacity, 1.3 * 1.55e6, 1e-9, "capacity in 2024-04: %.3f", capacity);
    capacity = MONTHLY(k, GP_S_EFFECTIVE_CAPACITY, 0) / MONTHLY(k, GP_S_WORKFORCE_FACTOR, 0);
    EXPECT_WITHIN(capacity, 1.55e6 * (1 + 0.3 / 24), 1e-9, "capacity in 2022-04: %.3f", capacity);
    gp_result_free(s);
}

Test(plugins_shipped, hidden_demand_7m_returns) {
    /* [MR]: over 7m fewer referrals than expected; 3% of what remains returns each month. */
    gp_result *s = run_one("hidden-demand");
    const gp_block *k = BACKLOG(s);
    double referred = 0;
    for (int t = 0; t < 60; t++)
        referred += MONTHLY(k, GP_S_HIDDEN_REFERRED, t);
    EXPECT_WITHIN(referred, 7e6 * (1 - pow(0.97, 60)), 1e-9, "%.3f returned", referred);
    EXPECT_WITHIN(MONTHLY(k, GP_S_HIDDEN_REMAINING, 0), 7e6, 1e-12, "%.3f", MONTHLY(k, GP_S_HIDDEN_REMAINING, 0));
    gp_result_free(s);
}

Test(plugins_shipped, covid_wave_absence_and_capacity) {
    /* A wave December 2022 to February 2023: absence +3 points, a fifth of capacity lost. */
    gp_result *b = baseline(), *s = run_one("covid-wave");
    EXPECT_WITHIN(MONTHLY(group(s, "nurses"), GP_S_ABSENCE_RATE, 9), 0.085, 1e-12, "January");
    EXPECT_WITHIN(MONTHLY(group(s, "nurses"), GP_S_ABSENCE_RATE, 11), 0.055, 1e-12, "March: over");
    double in = MONTHLY(BACKLOG(s), GP_S_EFFECTIVE_CAPACITY, 9) / MONTHLY(BACKLOG(s), GP_S_WORKFORCE_FACTOR, 9);
    EXPECT_WITHIN(in, 0.8 * 1.55e6, 1e-9, "%.3f", in);
    cr_expect_gt(MONTHLY(BACKLOG(s), GP_S_WAITING_LIST, 12), MONTHLY(BACKLOG(b), GP_S_WAITING_LIST, 12));
    gp_result_free(s);
    gp_result_free(b);
}

Test(plugins_shipped, efficiency_recovery_to_1_1_percent) {
    /* [MR]: the 1.1% a year the five-year budget assumed, delivered in full after a 12-month ramp. */
    gp_result *s = run_one("efficiency-recovery");
    const gp_block *f = FINANCE(s);
    for (int t = 11; t < 60; t++)
        cr_expect_eq(MONTHLY(f, GP_S_EFFICIENCY_SHORTFALL, t), 0.0, "month %d", t);
    /* Month 0: the plan delivered half; the ramp adds 1/12 of the other half. */
    double required = MONTHLY(f, GP_S_EFFICIENCY_REQUIRED, 0);
    EXPECT_WITHIN(MONTHLY(f, GP_S_EFFICIENCY_SHORTFALL, 0), required * (1 - 0.5 - 0.5 / 12), 1e-9, "month 0");
    EXPECT_WITHIN(required, 0.011 * (MONTHLY(f, GP_S_WORKFORCE_COST, 0) + MONTHLY(f, GP_S_NON_PAY, 0)), 1e-12, "1.1%%");
    gp_result_free(s);
}

Test(plugins_shipped, training_pipeline_graduates_after_the_course) {
    /* Places rise by 80% over ten years: the first extra places (2022/23) qualify in 2025/26, 80% of them. */
    gp_result *b = baseline(), *s = run_one("training-pipeline");
    const gp_block *ns = group(s, "nurses"), *nb = group(b, "nurses");
    for (int f = 0; f < 3; f++)
        cr_expect_eq(ANNUAL(ns, GP_S_NEWLY_QUALIFIED, f), ANNUAL(nb, GP_S_NEWLY_QUALIFIED, f), "FY %d", f);
    double y4 = ANNUAL(ns, GP_S_NEWLY_QUALIFIED, 3) - ANNUAL(nb, GP_S_NEWLY_QUALIFIED, 3);
    double y5 = ANNUAL(ns, GP_S_NEWLY_QUALIFIED, 4) - ANNUAL(nb, GP_S_NEWLY_QUALIFIED, 4);
    EXPECT_WITHIN(y4, 30000 * 0.8 * 1 / 10 * 0.8, 1e-9, "2025/26: %.6f", y4);
    EXPECT_WITHIN(y5, 30000 * 0.8 * 2 / 10 * 0.8, 1e-9, "2026/27: %.6f", y5);
    gp_result_free(s);
    gp_result_free(b);
}

Test(plugins_shipped, every_plugin_documents_itself) {
    for (size_t i = 0; i < NSHIPPED; i++) {
        gp_lua_scenario *sc = load_plugin(shipped[i]);
        cr_expect_str_eq(gp_lua_scenario_id(sc), shipped[i]);
        cr_expect_gt(strlen(gp_lua_scenario_title(sc)), 10, "%s: title", shipped[i]);
        cr_expect_gt(strlen(gp_lua_scenario_source(sc)), 40, "%s: source", shipped[i]);
        cr_expect(strstr(gp_lua_scenario_source(sc), "20") != NULL, "%s: the source has no year", shipped[i]);
        cr_expect_gt(gp_lua_scenario_param_count(sc), 0, "%s: no params", shipped[i]);
        for (size_t k = 0; k < gp_lua_scenario_param_count(sc); k++) {
            const gp_lua_param *p = gp_lua_scenario_param(sc, k);
            cr_expect_gt(strlen(p->doc), 5, "%s.%s: doc", shipped[i], p->name);
            cr_expect_gt(strlen(p->default_json), 0, "%s.%s: default", shipped[i], p->name);
            if (p->type == GP_PARAM_NUMBER || p->type == GP_PARAM_INTEGER)
                cr_expect_gt(strlen(p->unit), 0, "%s.%s: unit", shipped[i], p->name);
            if (p->has_range) {
                double d = strtod(p->default_json, NULL);
                cr_expect(p->low <= d && d <= p->high, "%s.%s: default %g outside [%g, %g]", shipped[i], p->name, d,
                          p->low, p->high);
            }
        }
        gp_lua_scenario_free(sc);
    }
}

/* True when any monthly figure of any block of the two results differs. */
static bool results_differ(const gp_result *a, const gp_result *b) {
    for (size_t u = 0; u <= a->nunits; u++) {
        const gp_unit_result *x = u < a->nunits ? &a->units[u] : &a->all_units;
        const gp_unit_result *y = u < b->nunits ? &b->units[u] : &b->all_units;
        const gp_block *bx[3] = {&x->groups[x->ngroups], x->finance, x->backlog};
        const gp_block *by[3] = {&y->groups[y->ngroups], y->finance, y->backlog};
        for (int k = 0; k < 3; k++)
            for (size_t s = 0; bx[k] && s < bx[k]->nseries; s++)
                for (int t = 0; t < bx[k]->months; t++)
                    if (gp_block_monthly(bx[k], s)[t] != gp_block_monthly(by[k], s)[t])
                        return true;
    }
    return false;
}

/*
** --set on every number a shipped plugin declares: each end of its
** uncertain range (low, high), or of its allowed range, applies and runs on
** the England example, and the two ends of an uncertain range give
** different results (a range mc samples from must move something).
*/
Test(plugins_shipped, every_param_can_be_set_to_the_ends_of_its_range) {
    size_t checked = 0;
    for (size_t i = 0; i < NSHIPPED; i++) {
        gp_lua_scenario *sc = load_plugin(shipped[i]);
        for (size_t k = 0; k < gp_lua_scenario_param_count(sc); k++) {
            const gp_lua_param *p = gp_lua_scenario_param(sc, k);
            if (p->type != GP_PARAM_NUMBER && p->type != GP_PARAM_INTEGER)
                continue;
            double ends[2] = {p->has_range ? p->low : p->has_min ? p->min : NAN,
                              p->has_range ? p->high : p->has_max ? p->max : NAN};
            gp_result *res[2] = {NULL, NULL};
            for (int e = 0; e < 2; e++) {
                if (isnan(ends[e]))
                    continue;
                char value[64];
                snprintf(value, sizeof value, p->type == GP_PARAM_INTEGER ? "%.0f" : "%.17g", ends[e]);
                gp_lua_setting set = {p->name, value};
                res[e] = run_england(&shipped[i], 1, &set, 1);
                checked++;
            }
            if (p->has_range)
                cr_expect(results_differ(res[0], res[1]), "%s.%s: %g and %g give the same results", shipped[i],
                          p->name, p->low, p->high);
            gp_result_free(res[0]);
            gp_result_free(res[1]);
        }
        gp_lua_scenario_free(sc);
    }
    cr_expect_gt(checked, 20, "only %zu settings tried", checked);
}

Test(plugins_shipped, all_together_apply_and_run) {
    gp_result *s = run_england(shipped, NSHIPPED, NULL, 0);
    cr_expect_gt(MONTHLY(group(s, "total"), GP_S_AVAILABLE, 0), 1e6);
    gp_result_free(s);
}

Test(plugins_shipped, the_example_to_copy_does_what_it_says) {
    /* examples/my-scenario.lua: 2,000 AHPs a year from October 2022, reaching full speed over 6 months,
       £3,000 a recruit as a pressure from October. */
    gp_diag diag;
    gp_diag_init(&diag);
    char *path = gp_source_path("examples/england-2022.json");
    gp_plan *plan = NULL;
    cr_assert_eq(gp_plan_load_file(path, &plan, &diag), GP_OK);
    free(path);
    path = gp_source_path("examples/my-scenario.lua");
    gp_lua_scenario *sc = NULL;
    cr_assert_eq(gp_lua_scenario_load(path, NULL, &sc, &diag), GP_OK);
    free(path);
    cr_assert_eq(gp_lua_scenario_apply(sc, plan, NULL, 0, &diag), GP_OK);
    gp_result *s = NULL, *b = baseline();
    cr_assert_eq(gp_model_run(plan, &s, &diag), GP_OK);
    for (int t = 0; t < 12; t++) {
        double extra = MONTHLY(group(s, "ahp"), GP_S_OTHER_JOINERS, t) - MONTHLY(group(b, "ahp"), GP_S_OTHER_JOINERS, t);
        double want = t < 6 ? 0 : 2000.0 / 12 * (t - 5 < 6 ? t - 5 : 6) / 6;
        EXPECT_WITHIN(extra, want, 1e-9, "month %d: %.9f more joiners, want %.9f", t, extra, want);
    }
    const gp_block *lines = s->units[0].pressures;
    int line = gp_block_find_series(lines, "Recruitment drive: ahp");
    cr_assert_geq(line, 0);
    EXPECT_WITHIN(ANNUAL(lines, (size_t)line, 0), 6 * 2000.0 * 3000 / 12, 1e-12, "2022/23 cost");
    EXPECT_WITHIN(ANNUAL(lines, (size_t)line, 1), 2000.0 * 3000, 1e-12, "2023/24 cost");
    gp_result_free(s);
    gp_result_free(b);
    gp_lua_scenario_free(sc);
    gp_plan_free(plan);
    gp_diag_free(&diag);
}

Test(plugins_shipped, ten_billion_on_a_trust_carries_its_share_and_nothing_before) {
    /* A £400m trust carries 0.26% of the national figures; its plan starts in July 2021, the FY before. */
    gp_diag diag;
    gp_diag_init(&diag);
    char *path = gp_source_path("examples/trust-400m.json");
    gp_plan *plan = NULL;
    cr_assert_eq(gp_plan_load_file(path, &plan, &diag), GP_OK);
    free(path);
    gp_lua_scenario *sc = load_plugin("ten-billion-shortfall");
    gp_lua_setting share = {"national_share", "0.0026"};
    cr_assert_eq(gp_lua_scenario_apply(sc, plan, &share, 1, &diag), GP_OK);
    gp_result *s = NULL;
    cr_assert_eq(gp_model_run(plan, &s, &diag), GP_OK);
    const gp_block *lines = s->units[0].pressures;
    int covid = gp_block_find_series(lines, "COVID-19 costs"), backlog = gp_block_find_series(lines, "Backlog recovery");
    cr_assert(covid >= 0 && backlog >= 0);
    cr_expect_eq(ANNUAL(lines, (size_t)covid, 0), 0.0, "2021/22 must carry nothing");
    EXPECT_WITHIN(ANNUAL(lines, (size_t)covid, 1), 4.6e9 * 0.0026, 1e-9, "2022/23 COVID-19 costs");
    EXPECT_WITHIN(ANNUAL(lines, (size_t)backlog, 3), 4e9 * 0.0026, 1e-9, "2024/25 backlog");
    gp_result_free(s);
    gp_lua_scenario_free(sc);
    gp_plan_free(plan);
    gp_diag_free(&diag);
}
