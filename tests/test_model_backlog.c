/*
** tests/test_model_backlog.c: MODEL.md §6 and the §9 edge rules of the
** waiting list on plans whose figures are worked out by hand: ageing with no
** flows, reneges, the proportional and the longest-first clock stops (and
** both together), X == P emptying the list to exact zeros, hidden demand,
** the workforce factor with elasticity 2, a unit with no clinical group, the
** all_units shares, and W_{t+1} = W_t + N_t - X_t - RN_t every month.
*/
#include "model_test.h"

/* One unit whose only group is not clinical (so F = 1) with the given backlog block. */
#define BACKLOG_PLAN(months, backlog)                                                                    \
    "{'gapplan': 1, 'start': '2022-04', 'months': " #months ", 'units': [{'id': 'u', 'groups': ["       \
    "{'id': 'admin', 'clinical': false, 'establishment': 10, 'staff_in_post': 10, 'leaver_rate': 0.5,"  \
    " 'absence_rate': 0.1, 'cost_per_fte': 1}], 'backlog': {" backlog "}}]}"

#define ONES_25 "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]"
/* 400 waiting: 100 in each of buckets 10 to 13. */
#define PROFILE_10_13 "'waiting_list': 400, 'wait_profile': [0,0,0,0,0,0,0,0,0,0,1,1,1,1]"

/*
** 25 waiting, one in each bucket, nothing in or out. Each month the list
** ages: at month t (t <= 24) buckets 0..t-1 are empty, t..23 hold 1 each and
** bucket 24 holds 1 + t. So the list stays 25; over_24m = 1 + t;
** over_12m = 12 + 1 + t while t <= 12 (13, 14, ...), 25 after; over_15m =
** 10 + t to t = 15; over_18m = 7 + t to t = 18; within_4m = 4 - t to t = 4.
*/
Test(backlog, ageing_with_no_flows) {
    mt_case c = mt_run(BACKLOG_PLAN(30, "'waiting_list': 25, 'wait_profile': " ONES_25 ", 'referrals': 0,"
                                        " 'capacity': 0"));
    const gp_block *b = c.res->units[0].backlog;
    const double *W = mt_monthly(b, "waiting_list"), *o12 = mt_monthly(b, "over_12m"),
                 *o15 = mt_monthly(b, "over_15m"), *o18 = mt_monthly(b, "over_18m"),
                 *o24 = mt_monthly(b, "over_24m"), *w4 = mt_monthly(b, "within_4m"),
                 *share = mt_monthly(b, "within_4m_share");

    MT_CLOSE(o12[0], 13);
    MT_CLOSE(o15[0], 10);
    MT_CLOSE(o18[0], 7);
    MT_CLOSE(o24[0], 1);
    MT_CLOSE(w4[0], 4);
    MT_CLOSE(share[0], 0.16);
    MT_CLOSE(o12[1], 14);
    MT_CLOSE(o24[1], 2);
    MT_CLOSE(w4[1], 3);
    MT_CLOSE(share[1], 0.12);
    for (int t = 0; t < 30; t++) {
        MT_CLOSE(W[t], 25);
        MT_CLOSE(o24[t], t <= 24 ? 1 + t : 25);
        MT_CLOSE(o12[t], t <= 12 ? 13 + t : 25);
        MT_CLOSE(o15[t], t <= 15 ? 10 + t : 25);
        MT_CLOSE(o18[t], t <= 18 ? 7 + t : 25);
        MT_CLOSE(w4[t], t <= 4 ? 4 - t : 0);
    }
    mt_all(mt_monthly(b, "clock_stops"), 30, 0, "clock_stops");
    mt_all(mt_monthly(b, "reneges"), 30, 0, "reneges");
    mt_all(mt_monthly(b, "workforce_factor"), 30, 1, "workforce_factor");
    mt_free(&c);
}

/*
** 400 waiting, 100 in each of buckets 0-3, 10% renege a month, nothing else.
** t = 0: RN = 4 x 10 = 40, 90 left in each, aged to buckets 1-4.
** t = 1: W = 360, within_4m = buckets 1-3 = 270; RN = 36. t = 2: W = 324, RN = 32.4.
*/
Test(backlog, reneges) {
    mt_case c = mt_run(BACKLOG_PLAN(3, "'waiting_list': 400, 'wait_profile': [1,1,1,1], 'renege_rate': 0.1,"
                                       " 'referrals': 0, 'capacity': 0"));
    const gp_block *b = c.res->units[0].backlog;
    const double *W = mt_monthly(b, "waiting_list"), *RN = mt_monthly(b, "reneges");

    MT_CLOSE(W[0], 400);
    MT_CLOSE(RN[0], 40);
    MT_CLOSE(W[1], 360);
    MT_CLOSE(mt_monthly(b, "within_4m")[1], 270);
    MT_CLOSE(RN[1], 36);
    MT_CLOSE(W[2], 324);
    MT_CLOSE(RN[2], 32.4);
    mt_free(&c);
}

/*
** Proportional only (longest_first_share 0): 100 in each of buckets 10-13,
** 100 referrals, capacity 250. t = 0: P = 500, X = 250, each part keeps
** x - x x 0.5: 50 in buckets 10-13 and 50 new starts; aged: 50 in bucket 0
** and in 11-14. t = 1: W = 250, over_12m = buckets 12-14 = 150, within_4m = 50.
** t = 1 again: P = 100 + 250 = 350, X = 250, share 5/7: buckets keep
** 50 x 2/7 = 100/7, new starts 200/7; t = 2: W = 250 + 100 - 250 = 100,
** within_4m = bucket 0 + bucket 1 = 200/7 + 100/7 = 300/7.
*/
Test(backlog, proportional_clock_stops) {
    mt_case c = mt_run(BACKLOG_PLAN(3, PROFILE_10_13 ", 'referrals': 100, 'capacity': 250,"
                                                    " 'longest_first_share': 0"));
    const gp_block *b = c.res->units[0].backlog;
    const double *W = mt_monthly(b, "waiting_list"), *X = mt_monthly(b, "clock_stops");

    MT_CLOSE(mt_monthly(b, "over_12m")[0], 200);
    MT_CLOSE(X[0], 250);
    MT_CLOSE(mt_monthly(b, "clock_starts")[0], 100);
    MT_CLOSE(W[1], 250);
    MT_CLOSE(mt_monthly(b, "over_12m")[1], 150);
    MT_CLOSE(mt_monthly(b, "within_4m")[1], 50);
    MT_CLOSE(X[1], 250);
    MT_CLOSE(W[2], 100);
    MT_CLOSE(mt_monthly(b, "within_4m")[2], 300.0 / 7);
    mt_free(&c);
}

/*
** Longest first only (share 1), capacity 250: Xl = 250 empties bucket 13
** (100), bucket 12 (100) and takes 50 of bucket 11; bucket 10 and the 100
** new starts are untouched. Aged: 100 in bucket 0, 100 in 11, 50 in 12.
** t = 1: W = 250, over_12m = 50, within_4m = 100.
*/
Test(backlog, longest_first_clock_stops) {
    mt_case c = mt_run(BACKLOG_PLAN(2, PROFILE_10_13 ", 'referrals': 100, 'capacity': 250,"
                                                    " 'longest_first_share': 1"));
    const gp_block *b = c.res->units[0].backlog;

    MT_CLOSE(mt_monthly(b, "waiting_list")[1], 250);
    MT_CLOSE(mt_monthly(b, "over_12m")[1], 50);
    MT_CLOSE(mt_monthly(b, "within_4m")[1], 100);
    mt_free(&c);
}

/*
** Longest first reaching the new starts: capacity 480 empties all four
** buckets (400) and takes 80 of the 100 new starts. t = 1: 20 waiting, all
** in bucket 0.
*/
Test(backlog, longest_first_reaches_new_starts) {
    mt_case c = mt_run(BACKLOG_PLAN(2, PROFILE_10_13 ", 'referrals': 100, 'capacity': 480,"
                                                    " 'longest_first_share': 1"));
    const gp_block *b = c.res->units[0].backlog;

    MT_CLOSE(mt_monthly(b, "clock_stops")[0], 480);
    MT_CLOSE(mt_monthly(b, "waiting_list")[1], 20);
    MT_CLOSE(mt_monthly(b, "within_4m")[1], 20);
    cr_expect_eq(mt_monthly(b, "over_12m")[1], 0.0);
    mt_free(&c);
}

/*
** Both parts (share 0.5), capacity 200: Xp = 100, each part keeps
** x - x x 100/500: 80 in buckets 10-13 and 80 new starts; then Xl = 100
** empties bucket 13 (80) and takes 20 of bucket 12 (60 left). Aged: 80 in
** bucket 0, 80 in 11, 80 in 12, 60 in 13. t = 1: W = 300, over_12m = 140,
** within_4m = 80.
*/
Test(backlog, both_parts_of_the_clock_stops) {
    mt_case c = mt_run(BACKLOG_PLAN(2, PROFILE_10_13 ", 'referrals': 100, 'capacity': 200,"
                                                    " 'longest_first_share': 0.5"));
    const gp_block *b = c.res->units[0].backlog;

    MT_CLOSE(mt_monthly(b, "waiting_list")[1], 300);
    MT_CLOSE(mt_monthly(b, "over_12m")[1], 140);
    MT_CLOSE(mt_monthly(b, "over_15m")[1], 0);
    MT_CLOSE(mt_monthly(b, "within_4m")[1], 80);
    mt_free(&c);
}

/*
** Capacity above the pool: X = P, and every bucket and the new starts are
** set to exactly 0 (no residue of x - x x share). The default 0.85^b
** profile spreads 1,000.3 over 25 buckets; P = 0.7 + 1,000.3 = 1,001.
** t = 1: the list is exactly empty, its share 0; then X = P = 0.7 again.
*/
Test(backlog, capacity_above_the_pool_empties_the_list_exactly) {
    mt_case c = mt_run(BACKLOG_PLAN(3, "'waiting_list': 1000.3, 'referrals': 0.7, 'capacity': 5000"));
    const gp_block *b = c.res->units[0].backlog;

    MT_CLOSE(mt_monthly(b, "clock_stops")[0], 1001);
    for (size_t s = 0; s <= GP_S_WITHIN_4M_SHARE; s++)
        for (int t = 1; t < 3; t++)
            cr_expect_eq(gp_block_monthly(b, s)[t], 0.0, "%s[%d] = %.17g, want exactly 0",
                         b->series[s].name, t, gp_block_monthly(b, s)[t]);
    MT_CLOSE(mt_monthly(b, "clock_stops")[1], 0.7);
    mt_free(&c);
}

/*
** The opening list by the default weights 0.85^b: bucket 24's share is
** 0.85^24 / sum_b 0.85^b, sum = (1 - 0.85^25) / 0.15 = 6.4883..., 0.85^24 = 0.0201...;
** with 1,000,000 waiting, over_24m = 1e6 x 0.85^24 x 0.15 / (1 - 0.85^25).
*/
Test(backlog, default_wait_profile) {
    mt_case c = mt_run(BACKLOG_PLAN(1, "'waiting_list': 1000000, 'referrals': 0, 'capacity': 0"));
    const gp_block *b = c.res->units[0].backlog;

    MT_CLOSE(mt_monthly(b, "waiting_list")[0], 1e6);
    MT_CLOSE(mt_monthly(b, "over_24m")[0], 1e6 * pow(0.85, 24) * 0.15 / (1 - pow(0.85, 25)));
    MT_CLOSE(mt_monthly(b, "within_4m")[0], 1e6 * (1 - pow(0.85, 4)) / (1 - pow(0.85, 25)));
    mt_free(&c);
}

/*
** Hidden demand 1,000 returning at 10% a month, 50 referrals, no capacity.
** t = 0: H 1,000, HR 100, N 150.  t = 1: H 900, HR 90, N 140.  t = 2: H 810, HR 81, N 131.
** The list: 0, 150, 290. FY figures: hidden_referred 271 (a flow), clock_starts
** 421; hidden_remaining closing 810, mean (1,000 + 900 + 810) / 3 = 903.33...
*/
Test(backlog, hidden_demand) {
    mt_case c = mt_run(BACKLOG_PLAN(3, "'waiting_list': 0, 'referrals': 50, 'capacity': 0,"
                                       " 'hidden_demand': 1000, 'hidden_return_rate': 0.1"));
    const gp_block *b = c.res->units[0].backlog;
    const double *H = mt_monthly(b, "hidden_remaining"), *HR = mt_monthly(b, "hidden_referred"),
                 *N = mt_monthly(b, "clock_starts"), *W = mt_monthly(b, "waiting_list");

    MT_CLOSE(H[0], 1000);
    MT_CLOSE(HR[0], 100);
    MT_CLOSE(N[0], 150);
    MT_CLOSE(H[1], 900);
    MT_CLOSE(HR[1], 90);
    MT_CLOSE(N[1], 140);
    MT_CLOSE(H[2], 810);
    MT_CLOSE(HR[2], 81);
    MT_CLOSE(N[2], 131);
    cr_expect_eq(W[0], 0.0);
    MT_CLOSE(W[1], 150);
    MT_CLOSE(W[2], 290);
    MT_CLOSE(mt_annual(b, "hidden_referred")[0], 271);
    MT_CLOSE(mt_annual(b, "clock_starts")[0], 421);
    MT_CLOSE(mt_annual(b, "hidden_remaining")[0], 810);
    MT_CLOSE(mt_mean(b, "hidden_remaining")[0], 2710.0 / 3);
    mt_free(&c);
}

/*
** Workforce factor, elasticity 2. Unit "acute": clinical nurses (100 in post,
** no absence, 1 leaver a month at first, half the gap filled by bank) and a
** non-clinical admin group whose shrinking staff must not matter.
**   t = 0: CS_0 = 100 + 0 + 0 = 100, F = 1, K = 1,000.
**   t = 1: S = 99, G = 1, B = 0.5: CS = 99.5, F = 0.995^2 = 0.990025, K = 990.025.
**   t = 2: S = 98.01, G = 1.99, B = 0.995: CS = 99.005, F = 0.99005^2 = 0.9801990025.
** Unit "community" has no clinical group: F = 1 and K = its capacity 500.
** all_units: workforce_factor = (990.025 + 500) / (1,000 + 500) = 0.99335 at t = 1.
*/
Test(backlog, workforce_factor_and_no_clinical_group) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-04', 'months': 3, 'units': ["
        "{'id': 'acute', 'groups': ["
        " {'id': 'nurses', 'establishment': 100, 'staff_in_post': 100, 'leaver_rate': 0.12, 'absence_rate': 0,"
        "  'bank_fill': 0.5, 'cost_per_fte': 1},"
        " {'id': 'admin', 'clinical': false, 'establishment': 50, 'staff_in_post': 50, 'leaver_rate': 0.6,"
        "  'absence_rate': 0.2, 'cost_per_fte': 1}],"
        " 'backlog': {'waiting_list': 10000, 'referrals': 0, 'capacity': 1000, 'workforce_elasticity': 2}},"
        "{'id': 'community', 'groups': ["
        " {'id': 'admin', 'clinical': false, 'establishment': 50, 'staff_in_post': 50, 'leaver_rate': 0.6,"
        "  'absence_rate': 0.2, 'cost_per_fte': 1}],"
        " 'backlog': {'waiting_list': 10000, 'referrals': 0, 'capacity': 500, 'workforce_elasticity': 2}}]}");
    const gp_block *a = c.res->units[0].backlog, *n = c.res->units[1].backlog, *au = c.res->all_units.backlog;
    const double *F = mt_monthly(a, "workforce_factor"), *K = mt_monthly(a, "effective_capacity");

    MT_CLOSE(F[0], 1);
    MT_CLOSE(K[0], 1000);
    MT_CLOSE(F[1], 0.990025);
    MT_CLOSE(K[1], 990.025);
    MT_CLOSE(mt_monthly(a, "clock_stops")[1], 990.025);
    MT_CLOSE(F[2], 0.9801990025);
    MT_CLOSE(K[2], 980.1990025);
    mt_all(mt_monthly(n, "workforce_factor"), 3, 1, "community workforce_factor");
    mt_all(mt_monthly(n, "effective_capacity"), 3, 500, "community effective_capacity");
    MT_CLOSE(mt_monthly(au, "workforce_factor")[0], 1);
    MT_CLOSE(mt_monthly(au, "workforce_factor")[1], 0.99335);
    MT_CLOSE(mt_monthly(au, "effective_capacity")[1], 1490.025);
    mt_free(&c);
}

/*
** all_units sums the backlog units only (not "none") and recomputes
** within_4m_share from the sums: unit a has 400 spread over buckets 0-7, so
** 200 within 4 months; unit b has 100, all in bucket 10, none within 4
** months: 200 / 500 = 0.4 (the mean of the units' shares would be 0.25).
*/
Test(backlog, all_units_within_4m_share_from_sums) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-04', 'months': 1, 'units': ["
        "{'id': 'a', 'groups': [{'id': 'g', 'establishment': 1, 'staff_in_post': 1, 'leaver_rate': 0,"
        "  'absence_rate': 0, 'cost_per_fte': 1}],"
        " 'backlog': {'waiting_list': 400, 'wait_profile': [1,1,1,1,1,1,1,1], 'referrals': 0, 'capacity': 0}},"
        "{'id': 'none', 'groups': [{'id': 'g', 'establishment': 1, 'staff_in_post': 1, 'leaver_rate': 0,"
        "  'absence_rate': 0, 'cost_per_fte': 1}]},"
        "{'id': 'b', 'groups': [{'id': 'g', 'establishment': 1, 'staff_in_post': 1, 'leaver_rate': 0,"
        "  'absence_rate': 0, 'cost_per_fte': 1}],"
        " 'backlog': {'waiting_list': 100, 'wait_profile': [0,0,0,0,0,0,0,0,0,0,1], 'referrals': 0,"
        "  'capacity': 0}}]}");
    const gp_block *au = c.res->all_units.backlog;

    MT_CLOSE(mt_monthly(au, "waiting_list")[0], 500);
    MT_CLOSE(mt_monthly(au, "within_4m")[0], 200);
    MT_CLOSE(mt_monthly(au, "within_4m_share")[0], 0.4);
    MT_CLOSE(mt_monthly(au, "workforce_factor")[0], 1); /* no capacity input at all: 1 */
    mt_free(&c);
}

/* W_{t+1} = W_t + N_t - X_t - RN_t every month, with every mechanism at work for three years. */
Test(backlog, list_identity_every_month) {
    mt_case c = mt_run(
        "{'gapplan': 1, 'start': '2022-07', 'months': 36, 'units': [{'id': 'u', 'groups': ["
        " {'id': 'nurses', 'establishment': 1000, 'staff_in_post': 900, 'leaver_rate': 0.1, 'fill_rate': 0.08,"
        "  'absence_rate': 0.05, 'bank_fill': 0.4, 'agency_fill': 0.2, 'newly_qualified': 60, 'cost_per_fte': 1}],"
        " 'backlog': {'waiting_list': 6000, 'referrals': {'2022/23': 1500, '2023/24': 1400},"
        "  'capacity': {'2022-07': 1450, '2023-01': 1200, '2023-06': 1600}, 'renege_rate': 0.01,"
        "  'hidden_demand': 2000, 'hidden_return_rate': 0.05, 'longest_first_share': 0.3,"
        "  'workforce_elasticity': 1.5}}]}");
    const gp_block *b = c.res->units[0].backlog;
    const double *W = mt_monthly(b, "waiting_list"), *N = mt_monthly(b, "clock_starts"),
                 *X = mt_monthly(b, "clock_stops"), *RN = mt_monthly(b, "reneges");

    for (int t = 0; t + 1 < 36; t++) {
        double want = W[t] + N[t] - X[t] - RN[t];
        cr_expect(fabs(W[t + 1] - want) <= 1e-9 * W[t], "W[%d] = %.17g, want %.17g", t + 1, W[t + 1], want);
    }
    MT_CLOSE(mt_monthly(b, "hidden_remaining")[1], 1900); /* 2,000 - 5% */
    mt_free(&c);
}
