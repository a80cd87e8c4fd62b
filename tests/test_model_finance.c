/*
** tests/test_model_finance.c: MODEL.md §4 (revenue) and §5 (capital) on
** plans whose figures are worked out by hand in the comments: workforce
** cost over groups, non-pay with its April step, named pressures and
** funding lines (one a one-off followed by an explicit zero, one negative),
** efficiency, capital, and the FY sums of partial years.
*/
#include "model_test.h"

/*
** Start February 2022, 16 months: FYs 2021/22 (t 0-1, partial), 2022/23
** (t 2-13) and 2023/24 (t 14-15, partial); April steps at t = 2 and 14.
**
** Group a: S 10 x 12,000 / 12 = PAY 10,000, no gap.
** Group b: S 8, E 10, no absence: G = 2, B = 1, AG = 1; PAY = 8 x 2,000 = 16,000,
**          BANK = 1 x 24,000 x 1.5 / 12 = 3,000, AGY = 1 x 24,000 x 2 / 12 = 4,000.
** WF = 10,000 + (16,000 + 3,000 + 4,000) = 33,000 every month (no leavers, no pay award).
** PR = 60,000 / 12 + -12,000 / 12 = 5,000 - 1,000 = 4,000.
** FU = 1,200,000 / 12 + (120,000 / 12 + 24,000 / 12) = 100,000 + 12,000 = 112,000 while the
**      winter money lasts (its first key, 2022/23, also covers t 0-1), 110,000 from 2023-04.
** NP = 240,000 / 12 = 20,000; x 1.1 = 22,000 from t = 2; x 1.1 = 24,200 from t = 14.
** t = 0:  ER = 0.02 x (33,000 + 20,000) = 1,060, EA = 530, ES = 530,
**         COST = 33,000 + 20,000 + 4,000 - 530 = 56,470, GAP = 56,470 - 112,000 = -55,530.
** t = 2:  ER = 0.02 x 55,000 = 1,100, EA = ES = 550, COST = 58,450, GAP = -53,550.
** t = 14: ER = 0.02 x 57,200 = 1,144, EA = ES = 572, COST = 60,628, GAP = 60,628 - 110,000 = -49,372.
** Capital: CE = 120,000 / 12 = 10,000, CR = 15,000 + 5,000 = 20,000, CG = 10,000.
*/
static const char finance_plan[] =
    "{'gapplan': 1, 'start': '2022-02', 'months': 16, 'units': [{'id': 'trust', 'groups': ["
    "{'id': 'a', 'establishment': 10, 'staff_in_post': 10, 'leaver_rate': 0, 'absence_rate': 0,"
    " 'cost_per_fte': 12000},"
    "{'id': 'b', 'establishment': 10, 'staff_in_post': 8, 'leaver_rate': 0, 'absence_rate': 0,"
    " 'cost_per_fte': 24000, 'bank_fill': 0.5, 'agency_fill': 0.5, 'bank_premium': 1.5, 'agency_premium': 2}],"
    " 'finance': {'revenue_envelope': 1200000,"
    "  'funding': [{'name': 'settlement', 'amounts': 120000},"
    "              {'name': 'winter', 'amounts': {'2022/23': 24000, '2023/24': 0}}],"
    "  'pressures': [{'name': 'covid', 'amounts': 60000}, {'name': 'saving', 'amounts': -12000}],"
    "  'non_pay': 240000, 'non_pay_inflation': 0.1,"
    "  'efficiency_required': 0.02, 'efficiency_achieved': 0.5,"
    "  'capital': {'envelope': 120000, 'schemes': [{'name': 'theatres', 'amounts': 180000},"
    "                                              {'name': 'beds', 'amounts': 60000}]}}}]}";

Test(finance, revenue_by_hand) {
    mt_case c = mt_run(finance_plan);
    const gp_block *f = c.res->units[0].finance;
    const double *WF = mt_monthly(f, "workforce_cost"), *NP = mt_monthly(f, "non_pay"),
                 *PR = mt_monthly(f, "pressures"), *FU = mt_monthly(f, "funding"),
                 *ER = mt_monthly(f, "efficiency_required"), *EA = mt_monthly(f, "efficiency_achieved"),
                 *ES = mt_monthly(f, "efficiency_shortfall"), *COST = mt_monthly(f, "cost"),
                 *GAP = mt_monthly(f, "revenue_gap");

    mt_all(WF, 16, 33000, "workforce_cost");
    mt_all(PR, 16, 4000, "pressures");
    MT_CLOSE(NP[0], 20000);
    MT_CLOSE(NP[1], 20000);
    MT_CLOSE(FU[0], 112000);
    MT_CLOSE(ER[0], 1060);
    MT_CLOSE(EA[0], 530);
    MT_CLOSE(ES[0], 530);
    MT_CLOSE(COST[0], 56470);
    MT_CLOSE(GAP[0], -55530);

    MT_CLOSE(NP[2], 22000);
    MT_CLOSE(NP[13], 22000);
    MT_CLOSE(FU[13], 112000);
    MT_CLOSE(ER[2], 1100);
    MT_CLOSE(EA[2], 550);
    MT_CLOSE(ES[2], 550);
    MT_CLOSE(COST[2], 58450);
    MT_CLOSE(GAP[2], -53550);

    MT_CLOSE(NP[14], 24200);
    MT_CLOSE(FU[14], 110000);
    MT_CLOSE(ER[14], 1144);
    MT_CLOSE(EA[14], 572);
    MT_CLOSE(COST[14], 60628);
    MT_CLOSE(GAP[15], -49372);
    mt_free(&c);
}

Test(finance, capital_by_hand) {
    mt_case c = mt_run(finance_plan);
    const gp_block *f = c.res->units[0].finance;

    mt_all(mt_monthly(f, "capital_envelope"), 16, 10000, "capital_envelope");
    mt_all(mt_monthly(f, "capital_requirement"), 16, 20000, "capital_requirement");
    mt_all(mt_monthly(f, "capital_gap"), 16, 10000, "capital_gap");
    MT_CLOSE(mt_annual(f, "capital_gap")[2], 20000); /* two months of 2023/24 */
    mt_free(&c);
}

/*
** FY sums over the periods inside the horizon; flows have no mean.
**   revenue_gap: 2021/22 2 x -55,530 = -111,060; 2022/23 12 x -53,550 = -642,600; 2023/24 2 x -49,372 = -98,744.
**   non_pay: 40,000; 264,000; 48,400.   funding: 224,000; 1,344,000; 220,000.
*/
Test(finance, fy_sums_of_partial_years) {
    mt_case c = mt_run(finance_plan);
    const gp_block *f = c.res->units[0].finance;

    cr_assert_eq(f->nfys, 3);
    MT_CLOSE(mt_annual(f, "revenue_gap")[0], -111060);
    MT_CLOSE(mt_annual(f, "revenue_gap")[1], -642600);
    MT_CLOSE(mt_annual(f, "revenue_gap")[2], -98744);
    MT_CLOSE(mt_annual(f, "non_pay")[0], 40000);
    MT_CLOSE(mt_annual(f, "non_pay")[1], 264000);
    MT_CLOSE(mt_annual(f, "non_pay")[2], 48400);
    MT_CLOSE(mt_annual(f, "funding")[0], 224000);
    MT_CLOSE(mt_annual(f, "funding")[1], 1344000);
    MT_CLOSE(mt_annual(f, "funding")[2], 220000);
    for (int y = 0; y < 3; y++)
        cr_expect_eq(mt_mean(f, "revenue_gap")[y], 0.0, "flows have no mean");
    mt_free(&c);
}

/*
** Each named line is its own series (a money flow, named after the line):
** covid 5,000 a month, saving -1,000; settlement 10,000, winter 2,000 until
** 2023-03 and 0 after (a one-off followed by an explicit zero).
*/
Test(finance, named_lines) {
    mt_case c = mt_run(finance_plan);
    const gp_block *p = c.res->units[0].pressures, *fu = c.res->units[0].funding;

    cr_assert_eq(p->nseries, 2);
    cr_expect_str_eq(p->series[0].name, "covid");
    cr_expect_str_eq(p->series[1].name, "saving");
    cr_expect_eq(p->series[0].agg, GP_AGG_FLOW);
    cr_expect_eq(p->series[0].quantity, GP_Q_MONEY);
    mt_all(mt_monthly(p, "covid"), 16, 5000, "covid");
    mt_all(mt_monthly(p, "saving"), 16, -1000, "saving");
    MT_CLOSE(mt_annual(p, "covid")[1], 60000);

    cr_assert_eq(fu->nseries, 2);
    mt_all(mt_monthly(fu, "settlement"), 16, 10000, "settlement");
    MT_CLOSE(mt_monthly(fu, "winter")[13], 2000);
    cr_expect_eq(mt_monthly(fu, "winter")[14], 0.0);
    MT_CLOSE(mt_annual(fu, "winter")[0], 4000);
    MT_CLOSE(mt_annual(fu, "winter")[1], 24000);
    cr_expect_eq(mt_annual(fu, "winter")[2], 0.0);
    mt_free(&c);
}

/*
** A finance block with only the envelope: no lines (empty line blocks), no
** capital (zeros, MODEL.md §9), no efficiency (ER = EA = ES = 0), non-pay 0.
** One group, PAY = 5 x 24,000 / 12 = 10,000: COST = 10,000, GAP = 10,000 - 6,000 = 4,000.
** efficiency_achieved defaults to 1: with 10% required on the second unit,
** ER = 0.1 x 10,000 = 1,000 = EA, ES = 0.
*/
Test(finance, defaults_and_no_capital) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-04', 'months': 2, 'units': ["
        "{'id': 'x', 'groups': [{'id': 'g', 'establishment': 5, 'staff_in_post': 5, 'leaver_rate': 0,"
        "  'absence_rate': 0, 'cost_per_fte': 24000}], 'finance': {'revenue_envelope': 72000}},"
        "{'id': 'y', 'groups': [{'id': 'g', 'establishment': 5, 'staff_in_post': 5, 'leaver_rate': 0,"
        "  'absence_rate': 0, 'cost_per_fte': 24000}],"
        "  'finance': {'revenue_envelope': 0, 'efficiency_required': 0.1}},"
        "{'id': 'z', 'groups': [{'id': 'g', 'establishment': 5, 'staff_in_post': 5, 'leaver_rate': 0,"
        "  'absence_rate': 0, 'cost_per_fte': 24000}]}]}");
    const gp_block *f = c.res->units[0].finance, *fy = c.res->units[1].finance;

    cr_assert_not_null(c.res->units[0].pressures);
    cr_expect_eq(c.res->units[0].pressures->nseries, 0);
    cr_expect_eq(c.res->units[0].funding->nseries, 0);
    mt_all(mt_monthly(f, "cost"), 2, 10000, "cost");
    mt_all(mt_monthly(f, "revenue_gap"), 2, 4000, "revenue_gap");
    mt_all(mt_monthly(f, "efficiency_required"), 2, 0, "efficiency_required");
    mt_all(mt_monthly(f, "non_pay"), 2, 0, "non_pay");
    mt_all(mt_monthly(f, "capital_envelope"), 2, 0, "capital_envelope");
    mt_all(mt_monthly(f, "capital_requirement"), 2, 0, "capital_requirement");
    mt_all(mt_monthly(f, "capital_gap"), 2, 0, "capital_gap");

    mt_all(mt_monthly(fy, "efficiency_required"), 2, 1000, "efficiency_required");
    mt_all(mt_monthly(fy, "efficiency_achieved"), 2, 1000, "efficiency_achieved");
    mt_all(mt_monthly(fy, "efficiency_shortfall"), 2, 0, "efficiency_shortfall");
    mt_all(mt_monthly(fy, "cost"), 2, 9000, "cost"); /* 10,000 - 1,000 achieved */

    cr_expect_null(c.res->units[2].finance);
    cr_expect_null(c.res->units[2].pressures);
    cr_expect_null(c.res->units[2].funding);
    mt_free(&c);
}
