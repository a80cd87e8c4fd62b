/*
** tests/test_model_workforce.c: MODEL.md §3 on small plans whose figures are
** worked out by hand in the comments: every group series, April steps from a
** start month other than April, month-keyed schedules with keys before the
** horizon, the newly qualified intake month, zero establishment, and §8's
** worked check (1,200,000 FTE, absence down a point: +12,000 available).
*/
#include "model_test.h"

/*
** One group, start April 2022 (so t = 0 is no April step), intake in May.
**
** t = 0: E 100, S 90, C 36,000. V = 10, vacancy_rate 0.1. L = 90 x 0.12 / 12 = 0.9.
**        JF = 0.1 x 10 = 1, JN = 0 (April), JI = 24 / 12 = 2, JO = 12 / 12 = 1, J = 4.
**        A = 90 x 0.95 = 85.5, R = 100 x 0.98 = 98, G = 12.5, B = 12.5 x 0.5 = 6.25,
**        AG = 12.5 x 0.25 = 3.125, U = 3.125. PAY = 90 x 36,000 / 12 = 270,000,
**        BANK = 6.25 x 36,000 x 1.2 / 12 = 22,500, AGY = 3.125 x 36,000 x 2 / 12 = 18,750.
**        S_1 = 90 + 4 - 0.9 = 93.1.
** t = 1: V = 6.9 (rate 0.069), L = 0.931, JF = 0.69, JN = 60 (May: the whole annual figure), J = 63.69.
**        A = 88.445, G = 98 - 88.445 = 9.555, B = 4.7775, AG = 2.38875, U = 2.38875.
**        PAY = 93.1 x 3,000 = 279,300, BANK = 4.7775 x 3,600 = 17,199, AGY = 2.38875 x 6,000 = 14,332.5.
**        S_2 = 93.1 + 63.69 - 0.931 = 155.859.
** t = 2: over establishment: V = -55.859 (rate -0.55859), JF = 0 (no open vacancies), JN = 0,
**        J = 3, L = 1.55859, A = 148.06605 > R = 98 so G = B = AG = U = 0; PAY = 467,577.
**        S_3 = 155.859 + 3 - 1.55859 = 157.30041.
*/
static const char one_group[] =
    "{'gapplan': 1, 'start': '2022-04', 'months': 4, 'units': [{'id': 'trust', 'groups': [{'id': 'nurses',"
    " 'establishment': 100, 'staff_in_post': 90, 'leaver_rate': 0.12, 'fill_rate': 0.1,"
    " 'newly_qualified': 60, 'intake_month': 5, 'international': 24, 'other_joiners': 12,"
    " 'absence_rate': 0.05, 'budgeted_absence': 0.02, 'cost_per_fte': 36000,"
    " 'bank_fill': 0.5, 'agency_fill': 0.25, 'bank_premium': 1.2, 'agency_premium': 2}]}]}";

Test(workforce, every_group_series_by_hand) {
    mt_case c = mt_run(one_group);
    const gp_block *g = mt_group(c.res, 0, 0);
    const double *E = mt_monthly(g, "establishment"), *S = mt_monthly(g, "staff_in_post"),
                 *V = mt_monthly(g, "vacancies"), *VR = mt_monthly(g, "vacancy_rate"), *L = mt_monthly(g, "leavers"),
                 *J = mt_monthly(g, "joiners"), *JF = mt_monthly(g, "joiners_fill"),
                 *JN = mt_monthly(g, "newly_qualified"), *JI = mt_monthly(g, "international"),
                 *JO = mt_monthly(g, "other_joiners"), *AR = mt_monthly(g, "absence_rate"),
                 *A = mt_monthly(g, "available"), *R = mt_monthly(g, "required"), *G = mt_monthly(g, "staffing_gap"),
                 *B = mt_monthly(g, "bank"), *AG = mt_monthly(g, "agency"), *U = mt_monthly(g, "unfilled"),
                 *C = mt_monthly(g, "cost_per_fte"), *PAY = mt_monthly(g, "pay_cost"),
                 *BANK = mt_monthly(g, "bank_cost"), *AGY = mt_monthly(g, "agency_cost");

    MT_CLOSE(E[0], 100);
    MT_CLOSE(S[0], 90);
    MT_CLOSE(V[0], 10);
    MT_CLOSE(VR[0], 0.1);
    MT_CLOSE(L[0], 0.9);
    MT_CLOSE(JF[0], 1);
    MT_CLOSE(JN[0], 0);
    MT_CLOSE(JI[0], 2);
    MT_CLOSE(JO[0], 1);
    MT_CLOSE(J[0], 4);
    MT_CLOSE(AR[0], 0.05);
    MT_CLOSE(A[0], 85.5);
    MT_CLOSE(R[0], 98);
    MT_CLOSE(G[0], 12.5);
    MT_CLOSE(B[0], 6.25);
    MT_CLOSE(AG[0], 3.125);
    MT_CLOSE(U[0], 3.125);
    MT_CLOSE(C[0], 36000);
    MT_CLOSE(PAY[0], 270000);
    MT_CLOSE(BANK[0], 22500);
    MT_CLOSE(AGY[0], 18750);

    MT_CLOSE(S[1], 93.1);
    MT_CLOSE(V[1], 6.9);
    MT_CLOSE(VR[1], 0.069);
    MT_CLOSE(L[1], 0.931);
    MT_CLOSE(JF[1], 0.69);
    MT_CLOSE(JN[1], 60);
    MT_CLOSE(J[1], 63.69);
    MT_CLOSE(A[1], 88.445);
    MT_CLOSE(G[1], 9.555);
    MT_CLOSE(B[1], 4.7775);
    MT_CLOSE(AG[1], 2.38875);
    MT_CLOSE(U[1], 2.38875);
    MT_CLOSE(PAY[1], 279300);
    MT_CLOSE(BANK[1], 17199);
    MT_CLOSE(AGY[1], 14332.5);

    MT_CLOSE(S[2], 155.859);
    MT_CLOSE(V[2], -55.859);
    MT_CLOSE(VR[2], -0.55859);
    MT_CLOSE(JF[2], 0);
    MT_CLOSE(JN[2], 0);
    MT_CLOSE(J[2], 3);
    MT_CLOSE(L[2], 1.55859);
    MT_CLOSE(A[2], 148.06605);
    cr_expect_eq(G[2], 0.0);
    cr_expect_eq(B[2], 0.0);
    cr_expect_eq(AG[2], 0.0);
    cr_expect_eq(U[2], 0.0);
    MT_CLOSE(PAY[2], 467577);
    MT_CLOSE(S[3], 157.30041);
    mt_free(&c);
}

/*
** Start February 2022, 16 months: the April steps are t = 2 (2022-04) and
** t = 14 (2023-04). The 2021/22 growth of 0.5 applies to no period: t = 0 is
** never a step and 2022-02, 2022-03 are not Aprils.
**   E: t 0-1 100, t 2-13 100 x 1.1 = 110, t 14-15 110 x 1.2 = 132.
**   C: t 0-1 30,000, t 2-13 x 1.05 = 31,500, t 14-15 x 1.03 = 32,445.
**   PAY with S = 100: 250,000, then 262,500, then 270,375.
*/
Test(workforce, april_steps_from_a_february_start) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-02', 'months': 16, 'units': [{'id': 'u', 'groups': [{'id': 'g',"
        " 'establishment': 100, 'staff_in_post': 100, 'leaver_rate': 0, 'absence_rate': 0, 'cost_per_fte': 30000,"
        " 'establishment_growth': {'2021/22': 0.5, '2022/23': 0.1, '2023/24': 0.2},"
        " 'pay_award': {'2022/23': 0.05, '2023/24': 0.03}}]}]}");
    const gp_block *g = mt_group(c.res, 0, 0);
    const double *E = mt_monthly(g, "establishment"), *C = mt_monthly(g, "cost_per_fte"),
                 *PAY = mt_monthly(g, "pay_cost");

    for (int t = 0; t < 16; t++) {
        double e = t < 2 ? 100 : t < 14 ? 110 : 132, cost = t < 2 ? 30000 : t < 14 ? 31500 : 32445;
        double pay = t < 2 ? 250000 : t < 14 ? 262500 : 270375;
        cr_expect(gp_close(E[t], e), "E[%d] = %.17g, want %g", t, E[t], e);
        cr_expect(gp_close(C[t], cost), "C[%d] = %.17g, want %g", t, C[t], cost);
        cr_expect(gp_close(PAY[t], pay), "PAY[%d] = %.17g, want %g", t, PAY[t], pay);
    }
    mt_free(&c);
}

/* Start April 2022: t = 0 is an April but not a step (t > 0), so growth first shows at t = 12 (2023-04). */
Test(workforce, april_start_is_not_a_step) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-04', 'months': 13, 'units': [{'id': 'u', 'groups': [{'id': 'g',"
        " 'establishment': 100, 'staff_in_post': 100, 'leaver_rate': 0, 'absence_rate': 0, 'cost_per_fte': 1200,"
        " 'establishment_growth': 0.1, 'pay_award': 0.5}]}]}");
    const gp_block *g = mt_group(c.res, 0, 0);
    const double *E = mt_monthly(g, "establishment"), *C = mt_monthly(g, "cost_per_fte");

    for (int t = 0; t < 12; t++) {
        MT_CLOSE(E[t], 100);
        MT_CLOSE(C[t], 1200);
    }
    MT_CLOSE(E[12], 110);  /* 100 x 1.1 */
    MT_CLOSE(C[12], 1800); /* 1,200 x 1.5 */
    mt_free(&c);
}

/*
** A month-keyed leaver rate whose first key (2021-06) lies before the start
** (2022-02): it sets the opening value. t 0 (2022-02) 0.24, t 1-2 (2022-03,
** 2022-04) 0.12, t 3 on (2022-05) 0.36. Nobody joins.
**   L_0 = 100 x 0.24 / 12 = 2          S_1 = 98
**   L_1 = 98 x 0.12 / 12 = 0.98        S_2 = 97.02
**   L_2 = 97.02 x 0.01 = 0.9702        S_3 = 96.0498
**   L_3 = 96.0498 x 0.03 = 2.881494    S_4 = 93.168306
*/
Test(workforce, month_keys_before_the_horizon) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-02', 'months': 5, 'units': [{'id': 'u', 'groups': [{'id': 'g',"
        " 'establishment': 100, 'staff_in_post': 100, 'absence_rate': 0, 'cost_per_fte': 1,"
        " 'leaver_rate': {'2022-05': 0.36, '2021-06': 0.24, '2022-03': 0.12}}]}]}");
    const gp_block *g = mt_group(c.res, 0, 0);
    const double *L = mt_monthly(g, "leavers"), *S = mt_monthly(g, "staff_in_post");

    MT_CLOSE(L[0], 2);
    MT_CLOSE(L[1], 0.98);
    MT_CLOSE(L[2], 0.9702);
    MT_CLOSE(L[3], 2.881494);
    MT_CLOSE(S[1], 98);
    MT_CLOSE(S[2], 97.02);
    MT_CLOSE(S[3], 96.0498);
    MT_CLOSE(S[4], 93.168306);
    mt_free(&c);
}

/*
** Newly qualified staff, intake month left at its default (September): the
** whole annual figure arrives in 2022-09 (t = 5: 120) and 2023-09 (t = 17:
** 240), nothing in any other month. Without leavers S goes 50 -> 170 at
** t = 6 -> 410 at t = 18; the FY sums are 120 and 240.
*/
Test(workforce, newly_qualified_arrive_in_the_intake_month) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-04', 'months': 24, 'units': [{'id': 'u', 'groups': [{'id': 'g',"
        " 'establishment': 1000, 'staff_in_post': 50, 'leaver_rate': 0, 'absence_rate': 0, 'cost_per_fte': 1,"
        " 'newly_qualified': {'2022/23': 120, '2023/24': 240}}]}]}");
    const gp_block *g = mt_group(c.res, 0, 0);
    const double *JN = mt_monthly(g, "newly_qualified"), *J = mt_monthly(g, "joiners"),
                 *S = mt_monthly(g, "staff_in_post");

    for (int t = 0; t < 24; t++) {
        double want = t == 5 ? 120 : t == 17 ? 240 : 0;
        cr_expect_eq(JN[t], want, "JN[%d] = %g, want %g", t, JN[t], want);
        cr_expect_eq(J[t], want, "J[%d] = %g, want %g", t, J[t], want);
    }
    MT_CLOSE(S[5], 50);
    MT_CLOSE(S[6], 170);
    MT_CLOSE(S[17], 170);
    MT_CLOSE(S[18], 410);
    MT_CLOSE(mt_annual(g, "newly_qualified")[0], 120);
    MT_CLOSE(mt_annual(g, "newly_qualified")[1], 240);
    mt_free(&c);
}

/*
** Zero establishment: V = 0 - 10 = -10, vacancy_rate 0 (not -inf), R = 0,
** so no gap whatever the absence: A = 10 x 0.9 = 9, G = B = AG = U = 0.
*/
Test(workforce, zero_establishment) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-04', 'months': 3, 'units': [{'id': 'u', 'groups': [{'id': 'g',"
        " 'establishment': 0, 'staff_in_post': 10, 'leaver_rate': 0, 'absence_rate': 0.1,"
        " 'budgeted_absence': 0.1, 'bank_fill': 0.5, 'cost_per_fte': 1}]}]}");
    const gp_block *g = mt_group(c.res, 0, 0);

    mt_all(mt_monthly(g, "vacancies"), 3, -10, "vacancies");
    for (int t = 0; t < 3; t++)
        cr_expect_eq(mt_monthly(g, "vacancy_rate")[t], 0.0);
    mt_all(mt_monthly(g, "required"), 3, 0, "required");
    mt_all(mt_monthly(g, "available"), 3, 9, "available");
    mt_all(mt_monthly(g, "staffing_gap"), 3, 0, "staffing_gap");
    mt_all(mt_monthly(g, "bank"), 3, 0, "bank");
    cr_expect_eq(mt_total(c.res, 0)->monthly[GP_S_VACANCY_RATE * 3], 0.0, "the total's rate is 0 too");
    mt_free(&c);
}

/*
** MODEL.md §8: staff in post totals 1,200,000 (700,000 + 500,000). Lowering
** every absence rate by 0.01 adds 0.01 x 1,200,000 = 12,000 available FTE in
** period 0 and 0.01 x S_t later, while joiners and leavers are unchanged
** (no fill from vacancies, so absence does not feed back into staffing).
*/
#define WORKED_PLAN(abs1, abs2)                                                                                  \
    "{'gapplan': 1, 'start': '2022-04', 'months': 24, 'units': [{'id': 'england', 'groups': ["                \
    "{'id': 'nurses', 'establishment': 760000, 'staff_in_post': 700000, 'leaver_rate': 0.11,"                   \
    " 'international': 20000, 'newly_qualified': 25000, 'absence_rate': " abs1 ", 'cost_per_fte': 40000,"      \
    " 'bank_fill': 0.6, 'agency_fill': 0.2},"                                                                   \
    "{'id': 'others', 'establishment': 540000, 'staff_in_post': 500000, 'leaver_rate': 0.09,"                   \
    " 'other_joiners': 30000, 'absence_rate': " abs2 ", 'cost_per_fte': 30000}]}]}"

Test(workforce, worked_check_of_model_section_8) {
    mt_case base = mt_run(WORKED_PLAN("{'2022/23': 0.055, '2023/24': 0.05}", "0.045"));
    mt_case better = mt_run(WORKED_PLAN("{'2022/23': 0.045, '2023/24': 0.04}", "0.035"));
    const double *A0 = mt_monthly(mt_total(base.res, 0), "available"),
                 *A1 = mt_monthly(mt_total(better.res, 0), "available"),
                 *S0 = mt_monthly(mt_total(base.res, 0), "staff_in_post"),
                 *S1 = mt_monthly(mt_total(better.res, 0), "staff_in_post");

    MT_CLOSE(S0[0], 1200000);
    MT_CLOSE(A1[0] - A0[0], 12000);
    for (int t = 0; t < 24; t++) {
        cr_expect_eq(S1[t], S0[t], "staff in post is unchanged at t = %d", t);
        cr_expect(gp_close(A1[t] - A0[t], 0.01 * S0[t]), "t = %d: %.17g more available, want 0.01 x %.17g", t,
                  A1[t] - A0[t], S0[t]);
    }
    mt_free(&base);
    mt_free(&better);
}
