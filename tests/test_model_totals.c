/*
** tests/test_model_totals.c: MODEL.md §7 and §9 totals and FY figures: a
** unit's `total` group (sums, rates from the summed parts, gaps summed from
** each group's own figure), FY sums, closing values and means over partial
** years, all_units (group ids in first-seen order, finance lines merged by
** name, blocks no unit has left out), and the series tables.
*/
#include "model_test.h"

/*
** Group a: E 100, S 90, absence 0.1: V 10, A 81, R 100, G 19, all to bank (B 19);
**          PAY 90 x 12,000 / 12 = 90,000, BANK 19 x 1,000 = 19,000.
** Group b: E 50, S 60, no absence: V -10, A 60, R 50, G 0; PAY 60 x 2,000 = 120,000.
** Total:   E 150, S 150, V 0 (rate 0), A 141 (absence_rate 1 - 141 / 150 = 0.06), R 150,
**          G 19 + 0 = 19 (b's surplus does not cover a's gap; max(150 - 141, 0) would be 9),
**          B 19, U 0, PAY 210,000, cost_per_fte 210,000 x 12 / 150 = 16,800.
*/
Test(totals, unit_total_by_hand) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-04', 'months': 2, 'units': [{'id': 'u', 'groups': ["
        "{'id': 'a', 'establishment': 100, 'staff_in_post': 90, 'leaver_rate': 0, 'absence_rate': 0.1,"
        " 'bank_fill': 1, 'cost_per_fte': 12000},"
        "{'id': 'b', 'establishment': 50, 'staff_in_post': 60, 'leaver_rate': 0, 'absence_rate': 0,"
        " 'cost_per_fte': 24000}]}]}");
    const gp_block *t = mt_total(c.res, 0);

    cr_expect_str_eq(t->id, "total");
    cr_expect_str_eq(t->name, "Total");
    MT_CLOSE(mt_monthly(t, "establishment")[0], 150);
    MT_CLOSE(mt_monthly(t, "staff_in_post")[0], 150);
    cr_expect_eq(mt_monthly(t, "vacancies")[0], 0.0);
    cr_expect_eq(mt_monthly(t, "vacancy_rate")[0], 0.0);
    MT_CLOSE(mt_monthly(t, "available")[0], 141);
    MT_CLOSE(mt_monthly(t, "absence_rate")[0], 0.06);
    MT_CLOSE(mt_monthly(t, "required")[0], 150);
    MT_CLOSE(mt_monthly(t, "staffing_gap")[0], 19);
    MT_CLOSE(mt_monthly(t, "bank")[0], 19);
    cr_expect_eq(mt_monthly(t, "unfilled")[0], 0.0);
    MT_CLOSE(mt_monthly(t, "pay_cost")[0], 210000);
    MT_CLOSE(mt_monthly(t, "bank_cost")[0], 19000);
    MT_CLOSE(mt_monthly(t, "cost_per_fte")[0], 16800);
    mt_free(&c);
}

/* No staff and no posts: the total's rates are 0, not NaN (S == 0, E == 0). */
Test(totals, empty_total_has_zero_rates) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-04', 'months': 2, 'units': [{'id': 'u', 'groups': ["
        "{'id': 'a', 'establishment': 0, 'staff_in_post': 0, 'leaver_rate': 0.1, 'absence_rate': 0.1,"
        " 'cost_per_fte': 12000}]}]}");
    const gp_block *t = mt_total(c.res, 0);

    for (int m = 0; m < 2; m++) {
        cr_expect_eq(mt_monthly(t, "vacancy_rate")[m], 0.0);
        cr_expect_eq(mt_monthly(t, "absence_rate")[m], 0.0);
        cr_expect_eq(mt_monthly(t, "cost_per_fte")[m], 0.0);
    }
    mt_free(&c);
}

/*
** Start February 2022, 16 months: FYs 2021/22 (t 0-1), 2022/23 (t 2-13),
** 2023/24 (t 14-15); the first and last are partial. Group a gains 10 a
** month (120 other joiners a year, no leavers): S_t = 100 + 10t; E 400, so
** V_t = 300 - 10t and vacancy_rate 0.75 - t/40. Group b: E = S = 100.
**   staff_in_post closing: 110, 230, 250; mean: (100 + 110)/2 = 105,
**     (120 + ... + 230)/12 = 175, (240 + 250)/2 = 245.
**   joiners (a flow): 20, 120, 20; its mean is 0.
**   vacancy_rate mean in 2022/23: 0.75 - 7.5/40 = 0.5625; closing (t = 13) 0.425.
**   The total (E 500, V 300 - 10t): rate 0.6 - t/50, mean in 2022/23 0.6 - 7.5/50 = 0.45
**     (the mean of the monthly rates), closing 0.34; staff closing 330, 350.
*/
Test(totals, fy_figures_of_partial_years) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-02', 'months': 16, 'units': [{'id': 'u', 'groups': ["
        "{'id': 'a', 'establishment': 400, 'staff_in_post': 100, 'leaver_rate': 0, 'absence_rate': 0,"
        " 'other_joiners': 120, 'cost_per_fte': 1},"
        "{'id': 'b', 'establishment': 100, 'staff_in_post': 100, 'leaver_rate': 0, 'absence_rate': 0,"
        " 'cost_per_fte': 1}]}]}");
    const gp_block *a = mt_group(c.res, 0, 0), *t = mt_total(c.res, 0);
    const double *S = mt_annual(a, "staff_in_post"), *Sm = mt_mean(a, "staff_in_post");

    cr_assert_eq(c.res->cal.nfys, 3);
    cr_expect(gp_calendar_fy_partial(&c.res->cal, 0));
    cr_expect(!gp_calendar_fy_partial(&c.res->cal, 1));
    cr_expect(gp_calendar_fy_partial(&c.res->cal, 2));
    MT_CLOSE(S[0], 110);
    MT_CLOSE(S[1], 230);
    MT_CLOSE(S[2], 250);
    MT_CLOSE(Sm[0], 105);
    MT_CLOSE(Sm[1], 175);
    MT_CLOSE(Sm[2], 245);
    MT_CLOSE(mt_annual(a, "joiners")[0], 20);
    MT_CLOSE(mt_annual(a, "joiners")[1], 120);
    MT_CLOSE(mt_annual(a, "joiners")[2], 20);
    cr_expect_eq(mt_mean(a, "joiners")[1], 0.0);
    MT_CLOSE(mt_mean(a, "vacancy_rate")[1], 0.5625);
    MT_CLOSE(mt_annual(a, "vacancy_rate")[1], 0.425);
    MT_CLOSE(mt_mean(t, "vacancy_rate")[1], 0.45);
    MT_CLOSE(mt_annual(t, "vacancy_rate")[1], 0.34);
    MT_CLOSE(mt_annual(t, "staff_in_post")[1], 330);
    MT_CLOSE(mt_annual(t, "staff_in_post")[2], 350);
    MT_CLOSE(mt_annual(t, "joiners")[1], 120);
    mt_free(&c);
}

/*
** Three units: A (nurses, doctors; finance), B (admin, nurses; no finance),
** C (doctors; finance). all_units groups in first-seen order: nurses,
** doctors, admin, then total.
**   nurses:  E 110 + 190 = 300, S 100 + 200 = 300, V 10 - 10 = 0.
**   doctors: E = S = 50 + 10 = 60.   admin: E 30, S 20, V 10, rate 1/3.
**   total:   E 390, S 380, V 10, rate 10/390.
** Pressures merged by name, first seen first: covid (1,000 + 3,000 = 4,000 a
** month), pay (2,000), estates (500); funding: extra (100). all_units PR =
** 3,000 + 3,500 = 6,500; FU = 10,000 + 100 + 0 = 10,100. No backlog anywhere.
*/
Test(totals, all_units) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-04', 'months': 2, 'units': ["
        "{'id': 'a', 'name': 'Unit A', 'groups': ["
        "  {'id': 'nurses', 'name': 'Nurses', 'establishment': 110, 'staff_in_post': 100, 'leaver_rate': 0,"
        "   'absence_rate': 0, 'cost_per_fte': 1},"
        "  {'id': 'doctors', 'establishment': 50, 'staff_in_post': 50, 'leaver_rate': 0, 'absence_rate': 0,"
        "   'cost_per_fte': 1}],"
        " 'finance': {'revenue_envelope': 120000, 'pressures': [{'name': 'covid', 'amounts': 12000},"
        "   {'name': 'pay', 'amounts': 24000}], 'funding': [{'name': 'extra', 'amounts': 1200}]}},"
        "{'id': 'b', 'groups': ["
        "  {'id': 'admin', 'establishment': 30, 'staff_in_post': 20, 'leaver_rate': 0, 'absence_rate': 0,"
        "   'cost_per_fte': 1},"
        "  {'id': 'nurses', 'establishment': 190, 'staff_in_post': 200, 'leaver_rate': 0, 'absence_rate': 0,"
        "   'cost_per_fte': 1}]},"
        "{'id': 'c', 'groups': ["
        "  {'id': 'doctors', 'establishment': 10, 'staff_in_post': 10, 'leaver_rate': 0, 'absence_rate': 0,"
        "   'cost_per_fte': 1}],"
        " 'finance': {'revenue_envelope': 0, 'pressures': [{'name': 'estates', 'amounts': 6000},"
        "   {'name': 'covid', 'amounts': 36000}]}}]}");
    const gp_unit_result *au = &c.res->all_units;

    cr_expect_str_eq(au->id, "all_units");
    cr_expect_str_eq(c.res->units[0].name, "Unit A");
    cr_expect_str_eq(c.res->units[1].name, "b", "a unit without a name is named by its id");
    cr_assert_eq(au->ngroups, 3);
    cr_expect_str_eq(au->groups[0].id, "nurses");
    cr_expect_str_eq(au->groups[0].name, "Nurses");
    cr_expect_str_eq(au->groups[1].id, "doctors");
    cr_expect_str_eq(au->groups[1].name, "doctors");
    cr_expect_str_eq(au->groups[2].id, "admin");
    cr_expect_str_eq(au->groups[3].id, "total");

    MT_CLOSE(mt_monthly(&au->groups[0], "establishment")[0], 300);
    MT_CLOSE(mt_monthly(&au->groups[0], "staff_in_post")[0], 300);
    cr_expect_eq(mt_monthly(&au->groups[0], "vacancies")[0], 0.0);
    MT_CLOSE(mt_monthly(&au->groups[1], "staff_in_post")[1], 60);
    MT_CLOSE(mt_monthly(&au->groups[2], "vacancy_rate")[0], 1.0 / 3);
    MT_CLOSE(mt_monthly(&au->groups[3], "establishment")[0], 390);
    MT_CLOSE(mt_monthly(&au->groups[3], "staff_in_post")[0], 380);
    MT_CLOSE(mt_monthly(&au->groups[3], "vacancy_rate")[0], 10.0 / 390);
    MT_CLOSE(mt_annual(&au->groups[3], "staff_in_post")[0], 380);

    cr_assert_not_null(au->pressures);
    cr_assert_eq(au->pressures->nseries, 3);
    cr_expect_str_eq(au->pressures->series[0].name, "covid");
    cr_expect_str_eq(au->pressures->series[1].name, "pay");
    cr_expect_str_eq(au->pressures->series[2].name, "estates");
    mt_all(mt_monthly(au->pressures, "covid"), 2, 4000, "all_units covid");
    mt_all(mt_monthly(au->pressures, "pay"), 2, 2000, "all_units pay");
    mt_all(mt_monthly(au->pressures, "estates"), 2, 500, "all_units estates");
    MT_CLOSE(mt_annual(au->pressures, "covid")[0], 8000);
    cr_assert_eq(au->funding->nseries, 1);
    mt_all(mt_monthly(au->funding, "extra"), 2, 100, "all_units extra");
    mt_all(mt_monthly(au->finance, "pressures"), 2, 6500, "all_units pressures");
    mt_all(mt_monthly(au->finance, "funding"), 2, 10100, "all_units funding");
    cr_expect_null(au->backlog);
    mt_free(&c);
}

/* A plan with no finance and no backlog: all_units has neither block. */
Test(totals, blocks_no_unit_has_are_null) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-04', 'months': 1, 'units': [{'id': 'u', 'groups': [{'id': 'g',"
        " 'establishment': 1, 'staff_in_post': 1, 'leaver_rate': 0, 'absence_rate': 0, 'cost_per_fte': 1}]}]}");

    cr_expect_null(c.res->all_units.finance);
    cr_expect_null(c.res->all_units.pressures);
    cr_expect_null(c.res->all_units.funding);
    cr_expect_null(c.res->all_units.backlog);
    cr_expect_null(c.res->units[0].backlog);
    cr_expect_eq(c.res->all_units.ngroups, 1);
    mt_free(&c);
}

Test(totals, find_series) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-04', 'months': 1, 'units': [{'id': 'u', 'groups': [{'id': 'g',"
        " 'establishment': 1, 'staff_in_post': 1, 'leaver_rate': 0, 'absence_rate': 0, 'cost_per_fte': 1}]}]}");
    const gp_block *g = mt_group(c.res, 0, 0);

    cr_expect_eq(gp_block_find_series(g, "establishment"), GP_S_ESTABLISHMENT);
    cr_expect_eq(gp_block_find_series(g, "agency_cost"), GP_S_AGENCY_COST);
    cr_expect_eq(gp_block_find_series(g, "staff_in_post_mean"), -1);
    cr_expect_eq(gp_block_find_series(g, "Establishment"), -1, "names are case-sensitive");
    cr_expect_eq(gp_block_find_series(NULL, "establishment"), -1);
    mt_free(&c);
}

/* MODEL.md §7's names in the enum order, and which are flows (summed by FY). */
Test(totals, series_tables) {
    static const char *const group_names[GP_GROUP_SERIES_COUNT] = {
        "establishment", "staff_in_post", "vacancies", "vacancy_rate", "leavers", "joiners", "joiners_fill",
        "newly_qualified", "international", "other_joiners", "absence_rate", "available", "required",
        "staffing_gap", "bank", "agency", "unfilled", "cost_per_fte", "pay_cost", "bank_cost", "agency_cost"};
    static const bool group_flow[GP_GROUP_SERIES_COUNT] = {
        false, false, false, false, true, true, true, true, true, true, false,
        false, false, false, false, false, false, false, true, true, true};
    static const char *const backlog_names[GP_BACKLOG_SERIES_COUNT] = {
        "waiting_list", "over_12m", "over_15m", "over_18m", "over_24m", "within_4m", "within_4m_share",
        "clock_starts", "hidden_referred", "hidden_remaining", "effective_capacity", "clock_stops", "reneges",
        "workforce_factor"};
    static const bool backlog_flow[GP_BACKLOG_SERIES_COUNT] = {
        false, false, false, false, false, false, false, true, true, false, true, true, true, false};
    static const char *const finance_names[GP_FINANCE_SERIES_COUNT] = {
        "workforce_cost", "non_pay", "pressures", "funding", "efficiency_required", "efficiency_achieved",
        "efficiency_shortfall", "cost", "revenue_gap", "capital_envelope", "capital_requirement", "capital_gap"};

    for (size_t s = 0; s < GP_GROUP_SERIES_COUNT; s++) {
        cr_expect_str_eq(gp_group_series_info[s].name, group_names[s]);
        cr_expect_eq(gp_group_series_info[s].agg == GP_AGG_FLOW, group_flow[s], "%s", group_names[s]);
        cr_expect_not_null(gp_group_series_info[s].doc);
    }
    for (size_t s = 0; s < GP_BACKLOG_SERIES_COUNT; s++) {
        cr_expect_str_eq(gp_backlog_series_info[s].name, backlog_names[s]);
        cr_expect_eq(gp_backlog_series_info[s].agg == GP_AGG_FLOW, backlog_flow[s], "%s", backlog_names[s]);
    }
    for (size_t s = 0; s < GP_FINANCE_SERIES_COUNT; s++) {
        cr_expect_str_eq(gp_finance_series_info[s].name, finance_names[s]);
        cr_expect_eq(gp_finance_series_info[s].agg, GP_AGG_FLOW, "%s", finance_names[s]);
        cr_expect_eq(gp_finance_series_info[s].quantity, GP_Q_MONEY, "%s", finance_names[s]);
    }
    cr_expect_eq(gp_group_series_info[GP_S_VACANCY_RATE].quantity, GP_Q_RATE);
    cr_expect_eq(gp_group_series_info[GP_S_COST_PER_FTE].quantity, GP_Q_MONEY_RATE);
    cr_expect_eq(gp_backlog_series_info[GP_S_WORKFORCE_FACTOR].quantity, GP_Q_RATE);
}
