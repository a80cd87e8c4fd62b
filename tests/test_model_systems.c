/*
** tests/test_model_systems.c: systems (docs/methodology.md "Systems"): a
** shared waiting list and pooled funding on a three-unit plan worked by hand
** in the comments; the conservation identities in every period of a bigger
** generated plan; a plan with no systems, or with systems that move nothing,
** gives the same bits as before; the result files; and the loader's messages.
*/
#include <stdio.h>
#include <unistd.h>

#include "gapplan/output.h"
#include "model_test.h"

/*
** Three units, start 2022-04, 3 months. Each has one clinical group of 10 FTE
** at £12,000 a year, no leavers, no absence: WF = PAY = 10 x 12,000 / 12 =
** 10,000 a month, clinical staffing constant, so F = 1 and K = capacity.
**
** Waiting lists (renege 0, no hidden demand, longest_first_share 1: every stop
** longest wait first):
**   a: 1,000 = 600 in bucket 0, 300 in bucket 12, 100 in bucket 24; N = 100, K = 200.
**      t = 0: P = 1,100, X = 200: bucket 24 emptied (100), 100 from bucket 12 (300 -> 200).
**      Remains: b0 600, b12 200 (800 in the buckets), new starts 100. SP = 200 - 200 = 0.
**   b: 0 waiting; N = 50, K = 150: P = 50, X = 50, SP = 100; nothing remains.
**   c: 400 in bucket 3; N = 40, K = 40: X = 40 from bucket 3 (400 -> 360), SP = 0.
** Shared list, travel_share 0.25:
**   M_a = 0.25 x 800 = 200, M_b = 0, M_c = 0.25 x 360 = 90; sum M = 290, sum SP = 100.
**   MOVED = min(100, 290) = 100.
**   MO_a = 100 x 200 / 290 = 2,000/29 = 68.96..., MO_c = 100 x 90 / 290 = 900/29 = 31.03..., MO_b = 0.
**   AID_b = 100 x 100 / 100 = 100; AID_a = AID_c = 0.
**   a gives from bucket 24 (empty) then bucket 12: 200 - 2,000/29 = 3,800/29.
**   c gives from bucket 3: 360 - 900/29 = 9,540/29.
** Ageing: a: W_1 = 100 + 600 + 3,800/29 = 700 + 131.03... = 831.03... (bucket 13 = 3,800/29)
**         = W_0 + N - X - RN - MO = 1,000 + 100 - 200 - 0 - 2,000/29.
**         b: W_1 = 0 + 50 - 50 = 0.  c: W_1 = 40 + 9,540/29 = 368.97... (bucket 4 = 9,540/29).
**
** Finance (pooled_funding share 0.5 of the 'ERF' line, rule gap):
**   a: envelope 60,000 (5,000 a month), ERF 24,000 (2,000): FU = 7,000, GAP = 10,000 - 7,000 = 3,000.
**   b: envelope 84,000 (7,000), ERF 12,000 (1,000): FU = 8,000, GAP = 2,000.
**   c: envelope 120,000 (10,000), ERF 48,000 (4,000), and a line 'other' not pooled: 12,000 (1,000):
**      FU = 15,000, GAP = -5,000.
**   PC_a = 0.5 x 2,000 = 1,000, PC_b = 500, PC_c = 2,000; POOL = 3,500.
**   Rule gap: weights max(GAP, 0) = 3,000, 2,000, 0 (sum 5,000):
**     PI_a = 3,500 x 3,000 / 5,000 = 2,100, PI_b = 1,400, PI_c = 0.
**   FU_a = 7,000 - 1,000 + 2,100 = 8,100, GAP_a = 1,900;
**   FU_b = 8,000 - 500 + 1,400 = 8,900, GAP_b = 1,100;
**   FU_c = 15,000 - 2,000 + 0 = 13,000, GAP_c = -3,000.
**   Rule waiting_list, t = 0: weights W = 1,000, 0, 400 (sum 1,400):
**     PI_a = 3,500 x 1,000 / 1,400 = 2,500, PI_b = 0, PI_c = 1,000.
*/
#define GROUP_10 "'groups': [{'id': 'staff', 'establishment': 10, 'staff_in_post': 10, 'leaver_rate': 0," \
                 " 'absence_rate': 0, 'cost_per_fte': 12000}]"
#define THREE_UNITS(env_b)                                                                               \
    "{'id': 'a', " GROUP_10 ", 'finance': {'revenue_envelope': 60000,"                                  \
    "  'funding': [{'name': 'ERF', 'amounts': 24000}]},"                                                \
    " 'backlog': {'waiting_list': 1000, 'referrals': 100, 'capacity': 200, 'longest_first_share': 1,"   \
    "  'wait_profile': [600, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 300, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100]}}," \
    "{'id': 'b', " GROUP_10 ", 'finance': {'revenue_envelope': " env_b ","                              \
    "  'funding': [{'name': 'ERF', 'amounts': 12000}]},"                                                \
    " 'backlog': {'waiting_list': 0, 'referrals': 50, 'capacity': 150, 'longest_first_share': 1}},"     \
    "{'id': 'c', " GROUP_10 ", 'finance': {'revenue_envelope': 120000,"                                 \
    "  'funding': [{'name': 'other', 'amounts': 12000}, {'name': 'ERF', 'amounts': 48000}]},"          \
    " 'backlog': {'waiting_list': 400, 'referrals': 40, 'capacity': 40, 'longest_first_share': 1,"      \
    "  'wait_profile': [0, 0, 0, 1]}}"
#define HAND_PLAN(env_b, system)                                                                         \
    "{'gapplan': 1, 'start': '2022-04', 'months': 3, 'units': [" THREE_UNITS(env_b) "], 'systems': ["   \
    system "]}"
#define HAND_SYSTEM(rule)                                                                                \
    "{'id': 'icb', 'name': 'The system', 'units': ['a', 'b', 'c'],"                                      \
    " 'shared_waiting_list': {'travel_share': 0.25},"                                                   \
    " 'pooled_funding': {'lines': ['ERF'], 'share': 0.5, 'rule': '" rule "'}}"

static const char hand_gap[] = HAND_PLAN("84000", HAND_SYSTEM("gap"));
static const char hand_wl[] = HAND_PLAN("84000", HAND_SYSTEM("waiting_list"));

static const gp_block *backlog_of(const mt_case *c, size_t u) { return c->res->units[u].backlog; }
static const gp_block *finance_of(const mt_case *c, size_t u) { return c->res->units[u].finance; }

Test(systems, shared_waiting_list_by_hand) {
    mt_case c = mt_run(hand_gap);
    const gp_block *a = backlog_of(&c, 0), *b = backlog_of(&c, 1), *cc = backlog_of(&c, 2);

    MT_CLOSE(mt_monthly(a, "clock_stops")[0], 200);
    MT_CLOSE(mt_monthly(b, "clock_stops")[0], 50);
    MT_CLOSE(mt_monthly(cc, "clock_stops")[0], 40);
    MT_CLOSE(mt_monthly(a, "moved_out")[0], 2000.0 / 29);
    MT_CLOSE(mt_monthly(b, "moved_out")[0], 0);
    MT_CLOSE(mt_monthly(cc, "moved_out")[0], 900.0 / 29);
    MT_CLOSE(mt_monthly(a, "aid_given")[0], 0);
    MT_CLOSE(mt_monthly(b, "aid_given")[0], 100);
    MT_CLOSE(mt_monthly(cc, "aid_given")[0], 0);
    /* The lists of the next month: a's transfer came out of bucket 12 (now 13, so still over 12 months). */
    MT_CLOSE(mt_monthly(a, "waiting_list")[1], 700 + 3800.0 / 29);
    MT_CLOSE(mt_monthly(a, "over_12m")[1], 3800.0 / 29);
    MT_CLOSE(mt_monthly(a, "over_24m")[1], 0);
    MT_CLOSE(mt_monthly(b, "waiting_list")[1], 0);
    MT_CLOSE(mt_monthly(cc, "waiting_list")[1], 40 + 9540.0 / 29);
    MT_CLOSE(mt_monthly(cc, "within_4m")[1], 40);
    /* The system's sums and MOVED. */
    const gp_system_result *sr = &c.res->systems[0];
    cr_assert_eq(c.res->nsystems, 1);
    cr_expect_str_eq(sr->id, "icb");
    cr_expect_str_eq(sr->name, "The system");
    cr_assert_eq(sr->nmembers, 3);
    cr_expect_str_eq(sr->members[2], "c");
    MT_CLOSE(mt_monthly(sr->backlog, "moved")[0], 100);
    MT_CLOSE(mt_monthly(sr->backlog, "moved_out")[0], 100);
    MT_CLOSE(mt_monthly(sr->backlog, "aid_given")[0], 100);
    MT_CLOSE(mt_monthly(sr->backlog, "waiting_list")[0], 1400);
    MT_CLOSE(mt_monthly(sr->backlog, "waiting_list")[1], 700 + 3800.0 / 29 + 40 + 9540.0 / 29);
    MT_CLOSE(mt_monthly(sr->backlog, "clock_stops")[0], 290);
    MT_CLOSE(mt_monthly(sr->backlog, "workforce_factor")[0], 1);
    MT_CLOSE(mt_annual(sr->backlog, "moved")[0], mt_monthly(sr->backlog, "moved")[0] +
                                                   mt_monthly(sr->backlog, "moved")[1] +
                                                   mt_monthly(sr->backlog, "moved")[2]);
    mt_free(&c);
}

Test(systems, pooled_funding_by_gap) {
    mt_case c = mt_run(hand_gap);
    static const double PC[] = {1000, 500, 2000}, PI[] = {2100, 1400, 0}, FU[] = {8100, 8900, 13000},
                        GAP[] = {1900, 1100, -3000};
    for (size_t u = 0; u < 3; u++) {
        const gp_block *f = finance_of(&c, u);
        mt_all(mt_monthly(f, "pooled_out"), 3, PC[u], "pooled_out");
        mt_all(mt_monthly(f, "pooled_in"), 3, PI[u], "pooled_in");
        mt_all(mt_monthly(f, "funding"), 3, FU[u], "funding");
        mt_all(mt_monthly(f, "revenue_gap"), 3, GAP[u], "revenue_gap");
        mt_all(mt_monthly(f, "cost"), 3, 10000, "cost");
        MT_CLOSE(mt_annual(f, "pooled_in")[0], 3 * PI[u]);
    }
    const gp_block *sf = c.res->systems[0].finance;
    mt_all(mt_monthly(sf, "pool"), 3, 3500, "pool");
    mt_all(mt_monthly(sf, "pooled_out"), 3, 3500, "system pooled_out");
    mt_all(mt_monthly(sf, "pooled_in"), 3, 3500, "system pooled_in");
    mt_all(mt_monthly(sf, "funding"), 3, 30000, "system funding");
    mt_all(mt_monthly(sf, "revenue_gap"), 3, 0, "system revenue_gap");
    /* all_units sums the funding after pooling, which sums as before. */
    mt_all(mt_monthly(c.res->all_units.finance, "funding"), 3, 30000, "all_units funding");
    mt_free(&c);
}

Test(systems, pooled_funding_by_waiting_list) {
    mt_case c = mt_run(hand_wl);
    MT_CLOSE(mt_monthly(finance_of(&c, 0), "pooled_in")[0], 2500);
    MT_CLOSE(mt_monthly(finance_of(&c, 1), "pooled_in")[0], 0);
    MT_CLOSE(mt_monthly(finance_of(&c, 2), "pooled_in")[0], 1000);
    MT_CLOSE(mt_monthly(finance_of(&c, 0), "funding")[0], 7000 - 1000 + 2500);
    MT_CLOSE(mt_monthly(finance_of(&c, 2), "revenue_gap")[0], 10000 - (15000 - 2000 + 1000));
    /* t = 1: W = 700 + 3,800/29, 0, 40 + 9,540/29. */
    double Wa = 700 + 3800.0 / 29, Wc = 40 + 9540.0 / 29;
    MT_CLOSE(mt_monthly(finance_of(&c, 0), "pooled_in")[1], 3500 * Wa / (Wa + Wc));
    mt_free(&c);
}

/*
** No member has a positive gap before pooling, so each gets its own contribution back (share 1):
**   a: FU = 120,000 / 12 + 6,000 / 12 = 10,500, GAP = 10,000 - 10,500 = -500; PC_a = PI_a = 500.
**   b: FU = 10,000 + 1,500 = 11,500, GAP = -1,500; PC_b = PI_b = 1,500; FU after pooling 11,500.
*/
Test(systems, pool_without_gaps_goes_back) {
    static const char plan[] =
        "{'gapplan': 1, 'start': '2022-04', 'months': 2, 'units': ["
        "{'id': 'a', " GROUP_10 ", 'finance': {'revenue_envelope': 120000,"
        " 'funding': [{'name': 'ERF', 'amounts': 6000}]}},"
        "{'id': 'b', " GROUP_10 ", 'finance': {'revenue_envelope': 120000,"
        " 'funding': [{'name': 'ERF', 'amounts': 18000}]}}],"
        " 'systems': [{'id': 's', 'units': ['a', 'b'], 'pooled_funding': {'lines': ['ERF'], 'share': 1}}]}";
    mt_case c = mt_run(plan);
    MT_CLOSE(mt_monthly(finance_of(&c, 0), "pooled_out")[0], 500);
    MT_CLOSE(mt_monthly(finance_of(&c, 0), "pooled_in")[0], 500);
    MT_CLOSE(mt_monthly(finance_of(&c, 1), "pooled_in")[1], 1500);
    MT_CLOSE(mt_monthly(finance_of(&c, 1), "funding")[1], 11500);
    cr_expect_null(c.res->units[0].backlog);
    cr_expect_null(c.res->systems[0].backlog, "no member has a backlog: the system has none");
    cr_expect_str_eq(c.res->systems[0].name, "s", "the name defaults to the id");
    mt_free(&c);
}

/* ---- a bigger generated plan: the identities in every period ---------------------- */

#define GEN_UNITS 8
#define GEN_MONTHS 40

/* A deterministic plan of GEN_UNITS units; systems as given (the JSON text of the list, or NULL for none). */
static char *generated_plan(const char *systems) {
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    cr_assert_not_null(s);
    len += (size_t)snprintf(s + len, cap - len,
                            "{\"gapplan\": 1, \"start\": \"2022-01\", \"months\": %d, \"units\": [", GEN_MONTHS);
    for (int u = 0; u < GEN_UNITS; u++) {
        double k = 1 + 0.37 * u;
        len += (size_t)snprintf(
            s + len, cap - len,
            "%s{\"id\": \"u%d\", \"groups\": ["
            "{\"id\": \"nurses\", \"establishment\": %g, \"staff_in_post\": %g, \"leaver_rate\": 0.1%d,"
            " \"fill_rate\": 0.03, \"absence_rate\": 0.05, \"cost_per_fte\": 40000, \"bank_fill\": 0.4,"
            " \"agency_fill\": 0.2, \"agency_premium\": 2, \"pay_award\": 0.03, \"international\": %g},"
            "{\"id\": \"admin\", \"clinical\": false, \"establishment\": 50, \"staff_in_post\": 45,"
            " \"leaver_rate\": 0.1, \"absence_rate\": 0.04, \"cost_per_fte\": 25000}],"
            " \"finance\": {\"revenue_envelope\": {\"2021/22\": %g, \"2022/23\": %g},"
            "  \"funding\": [{\"name\": \"ERF\", \"amounts\": {\"2021/22\": %g, \"2023/24\": 0}},"
            "               {\"name\": \"Winter\", \"amounts\": %g}],"
            "  \"pressures\": [{\"name\": \"Covid\", \"amounts\": %g}], \"non_pay\": %g}",
            u ? "," : "", u, 400 * k, 370 * k - 10 * (u % 3), u % 10, 12 * k, 2.2e7 * k + 4e5 * (u % 4),
            2.3e7 * k - 2e5 * (u % 3), 1.5e6 * k, 2e5 * (u % 2), 3e5 * (u % 5), 4e6 * k);
        if (u != 5) /* one unit has no waiting list */
            len += (size_t)snprintf(
                s + len, cap - len,
                ", \"backlog\": {\"waiting_list\": %g, \"referrals\": %g, \"capacity\": %g,"
                " \"hidden_demand\": %g, \"hidden_return_rate\": 0.02, \"renege_rate\": 0.004,"
                " \"longest_first_share\": %g}",
                u == 2 ? 300 : 9000 * k, 1000 * k, u == 2 ? 2400 : 950 * k + 30 * (u % 3), 3000 * k,
                0.1 * (u % 4));
        len += (size_t)snprintf(s + len, cap - len, "}");
    }
    len += (size_t)snprintf(s + len, cap - len, "]%s%s}", systems ? ", \"systems\": " : "", systems ? systems : "");
    cr_assert_lt(len, cap - 1);
    return s;
}

static const char gen_systems[] =
    "[{\"id\": \"east\", \"units\": [\"u0\", \"u2\", \"u4\"],"
    "  \"shared_waiting_list\": {\"travel_share\": {\"2022-01\": 0.05, \"2022-07\": 0.1, \"2023-01\": 0}},"
    "  \"pooled_funding\": {\"lines\": [\"ERF\", \"Winter\"], \"share\": 0.35}},"
    " {\"id\": \"west\", \"units\": [\"u6\", \"u5\", \"u1\", \"u7\"],"
    "  \"shared_waiting_list\": {\"travel_share\": 0.2},"
    "  \"pooled_funding\": {\"lines\": [\"ERF\"], \"share\": {\"2021/22\": 0.5, \"2022/23\": 0.2},"
    "                      \"rule\": \"waiting_list\"}}]";

static gp_result *run_json(const char *json, gp_plan **plan_out) {
    gp_diag diag;
    gp_diag_init(&diag);
    gp_plan *plan = gp_load_text(json, &diag);
    if (!plan) {
        char *t = gp_diag_text(&diag);
        cr_log_error("%s", t);
        free(t);
    }
    gp_diag_free(&diag);
    cr_assert_not_null(plan);
    gp_result *res = mt_run_plan(plan);
    *plan_out = plan;
    return res;
}

/* Close within 1e-9 relative to `scale` (sums of large figures cancel). */
static void expect_near(double got, double want, double scale, const char *what, size_t u, int t) {
    cr_expect(fabs(got - want) <= 1e-9 * (scale > 1 ? scale : 1), "%s, unit %zu, t %d: %.17g, want %.17g", what,
              u, t, got, want);
}

Test(systems, identities_every_period) {
    char *json = generated_plan(gen_systems), *plain_json = generated_plan(NULL);
    gp_plan *plan, *plain_plan;
    gp_result *res = run_json(json, &plan), *plain = run_json(plain_json, &plain_plan);
    size_t moved_any = 0, pooled_any = 0;

    for (size_t k = 0; k < plan->nsystems; k++) {
        const gp_system *sys = &plan->systems[k];
        const gp_system_result *sr = &res->systems[k];
        for (int t = 0; t < GEN_MONTHS; t++) {
            double MOVED = mt_monthly(sr->backlog, "moved")[t], POOL = mt_monthly(sr->finance, "pool")[t];
            double sumMO = 0, sumAID = 0, sumPC = 0, sumPI = 0, sumW = 0;
            for (size_t i = 0; i < sys->nmembers; i++) {
                size_t u = sys->members[i];
                const gp_block *b = res->units[u].backlog, *f = res->units[u].finance;
                const gp_block *f0 = plain->units[u].finance;
                double PC = mt_monthly(f, "pooled_out")[t], PI = mt_monthly(f, "pooled_in")[t];
                sumPC += PC;
                sumPI += PI;
                /* FUNDING = FU - PC + PI; COST unchanged; GAP = COST - FUNDING. */
                double FU = mt_monthly(f, "funding")[t];
                expect_near(FU, mt_monthly(f0, "funding")[t] - PC + PI, FU, "funding", u, t);
                cr_expect_eq(mt_monthly(f, "cost")[t], mt_monthly(f0, "cost")[t]);
                cr_expect_eq(mt_monthly(f, "revenue_gap")[t], mt_monthly(f, "cost")[t] - FU);
                if (!b)
                    continue;
                const double *W = mt_monthly(b, "waiting_list"), *N = mt_monthly(b, "clock_starts"),
                             *X = mt_monthly(b, "clock_stops"), *RN = mt_monthly(b, "reneges"),
                             *MO = mt_monthly(b, "moved_out"), *AID = mt_monthly(b, "aid_given"),
                             *K = mt_monthly(b, "effective_capacity");
                sumMO += MO[t];
                sumAID += AID[t];
                sumW += W[t];
                cr_expect(MO[t] >= 0 && AID[t] >= 0 && AID[t] <= K[t] - X[t] + 1e-9, "unit %zu t %d", u, t);
                if (t + 1 < GEN_MONTHS)
                    expect_near(W[t + 1], W[t] + N[t] - X[t] - RN[t] - MO[t], W[t], "W_{t+1}", u, t);
            }
            expect_near(sumMO, MOVED, MOVED, "sum MO", k, t);
            expect_near(sumAID, MOVED, MOVED, "sum AID", k, t);
            expect_near(sumPC, POOL, POOL, "sum PC", k, t);
            expect_near(sumPI, POOL, POOL, "sum PI", k, t);
            expect_near(mt_monthly(sr->backlog, "waiting_list")[t], sumW, sumW, "system W", k, t);
            moved_any += MOVED > 0;
            pooled_any += POOL > 0;
        }
    }
    cr_expect_gt(moved_any, 10, "the plan must move patients");
    cr_expect_gt(pooled_any, 10, "the plan must pool money");
    /* u3 is in no system: every figure as in the plan without systems. */
    const gp_block *b3 = res->units[3].backlog, *p3 = plain->units[3].backlog;
    cr_expect_eq(memcmp(b3->monthly, p3->monthly, b3->nseries * (size_t)b3->months * sizeof(double)), 0);
    cr_expect_eq(res->units[3].backlog->nseries, GP_BACKLOG_SERIES_COUNT);
    cr_expect_eq(res->units[0].backlog->nseries, GP_MEMBER_BACKLOG_SERIES_COUNT);
    /* all_units sums after the transfers: its list is the sum of the units' lists. */
    for (int t = 0; t < GEN_MONTHS; t++) {
        double sum = 0;
        for (size_t u = 0; u < GEN_UNITS; u++)
            if (res->units[u].backlog)
                sum += mt_monthly(res->units[u].backlog, "waiting_list")[t];
        cr_expect_eq(mt_monthly(res->all_units.backlog, "waiting_list")[t], sum);
    }
    gp_result_free(res);
    gp_result_free(plain);
    gp_plan_free(plan);
    gp_plan_free(plain_plan);
    free(json);
    free(plain_json);
}

/* A stepped run (as under a policy) gives the same bits as a whole one. */
Test(systems, stepped_run_same_bits) {
    char *json = generated_plan(gen_systems);
    gp_plan *plan;
    gp_result *whole = run_json(json, &plan), *stepped = NULL;
    gp_model *m = NULL;
    cr_assert_eq(gp_model_new(plan, &m), GP_OK);
    for (int t = 0; t < GEN_MONTHS; t += 7)
        cr_assert_eq(gp_model_advance(m, t, NULL), GP_OK);
    cr_assert_eq(gp_model_finish(m, &stepped, NULL), GP_OK);
    gp_model_free(m);
    for (size_t k = 0; k < whole->nsystems; k++) {
        const gp_block *a = whole->systems[k].backlog, *b = stepped->systems[k].backlog;
        cr_expect_eq(memcmp(a->monthly, b->monthly, a->nseries * (size_t)a->months * sizeof(double)), 0);
        a = whole->systems[k].finance;
        b = stepped->systems[k].finance;
        cr_expect_eq(memcmp(a->annual, b->annual, a->nseries * (size_t)a->nfys * sizeof(double)), 0);
    }
    gp_result_free(whole);
    gp_result_free(stepped);
    gp_plan_free(plan);
    free(json);
}

/* ---- without systems, nothing changes ------------------------------------------------ */

/* Every double of every block the two results share, monthly, annual and mean, compared bit for bit. */
static void expect_same_block(const gp_block *a, const gp_block *b, size_t nseries, const char *what) {
    cr_assert((a == NULL) == (b == NULL), "%s", what);
    if (!a)
        return;
    size_t T = (size_t)a->months, F = (size_t)a->nfys;
    for (size_t s = 0; s < nseries; s++) {
        cr_expect_eq(memcmp(gp_block_monthly(a, s), gp_block_monthly(b, s), T * sizeof(double)), 0, "%s %s",
                     what, a->series[s].name);
        cr_expect_eq(memcmp(gp_block_annual(a, s), gp_block_annual(b, s), F * sizeof(double)), 0, "%s %s annual",
                     what, a->series[s].name);
        cr_expect_eq(memcmp(gp_block_mean(a, s), gp_block_mean(b, s), F * sizeof(double)), 0, "%s %s mean", what,
                     a->series[s].name);
    }
}

static void expect_same_result(const gp_result *a, const gp_result *b) {
    cr_assert_eq(a->nunits, b->nunits);
    for (size_t u = 0; u <= a->nunits; u++) {
        const gp_unit_result *x = u < a->nunits ? &a->units[u] : &a->all_units;
        const gp_unit_result *y = u < a->nunits ? &b->units[u] : &b->all_units;
        for (size_t g = 0; g <= x->ngroups; g++)
            expect_same_block(&x->groups[g], &y->groups[g], GP_GROUP_SERIES_COUNT, "group");
        expect_same_block(x->finance, y->finance, GP_FINANCE_SERIES_COUNT, "finance");
        expect_same_block(x->pressures, y->pressures, x->pressures ? x->pressures->nseries : 0, "pressures");
        expect_same_block(x->funding, y->funding, x->funding ? x->funding->nseries : 0, "funding lines");
        expect_same_block(x->backlog, y->backlog, GP_BACKLOG_SERIES_COUNT, "backlog");
    }
}

Test(systems, no_effect_same_bits) {
    static const char idle[] =
        "[{\"id\": \"east\", \"units\": [\"u0\", \"u2\", \"u4\"]},"
        " {\"id\": \"west\", \"units\": [\"u6\", \"u5\", \"u1\", \"u7\"],"
        "  \"shared_waiting_list\": {\"travel_share\": 0},"
        "  \"pooled_funding\": {\"lines\": [\"ERF\"], \"share\": 0}}]";
    char *plain_json = generated_plan(NULL), *idle_json = generated_plan(idle), *empty_json = generated_plan("[]");
    gp_plan *p0, *p1, *p2;
    gp_result *plain = run_json(plain_json, &p0), *with = run_json(idle_json, &p1), *empty = run_json(empty_json, &p2);

    cr_expect_eq(plain->nsystems, 0);
    cr_expect_null(plain->systems);
    cr_expect_eq(empty->nsystems, 0);
    expect_same_result(plain, with);
    expect_same_result(plain, empty);
    for (size_t u = 0; u < GEN_UNITS; u++)
        cr_expect_eq(plain->units[u].finance->nseries, GP_FINANCE_SERIES_COUNT);
    gp_result_free(plain);
    gp_result_free(with);
    gp_result_free(empty);
    gp_plan_free(p0);
    gp_plan_free(p1);
    gp_plan_free(p2);
    free(plain_json);
    free(idle_json);
    free(empty_json);
}

/* A result's JSON or CSV text (malloc'd). */
static char *written(const gp_result *res, bool csv) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    cr_assert_eq(csv ? gp_result_write_csv(res, f) : gp_result_write_json(res, NULL, f), GP_OK);
    fclose(f);
    return buf;
}

Test(systems, files_without_systems_unchanged) {
    char *plain_json = generated_plan(NULL), *empty_json = generated_plan("[]");
    gp_plan *p0, *p1;
    gp_result *plain = run_json(plain_json, &p0), *empty = run_json(empty_json, &p1);
    char *j0 = written(plain, false), *j1 = written(empty, false), *c0 = written(plain, true),
         *c1 = written(empty, true);
    cr_expect_str_eq(j0, j1);
    cr_expect_str_eq(c0, c1);
    cr_expect_null(strstr(j0, "systems"));
    cr_expect_null(strstr(j0, "moved_out"));
    cr_expect_null(strstr(c0, "pooled_in"));
    free(j0);
    free(j1);
    free(c0);
    free(c1);
    gp_result_free(plain);
    gp_result_free(empty);
    gp_plan_free(p0);
    gp_plan_free(p1);
    free(plain_json);
    free(empty_json);
}

Test(systems, files_with_systems) {
    mt_case c = mt_run(hand_gap);
    char *j = written(c.res, false), *csv = written(c.res, true);
    cr_expect_not_null(strstr(j, "\"systems\": ["));
    cr_expect_not_null(strstr(j, "\"units\": [\"a\", \"b\", \"c\"]"));
    cr_expect_not_null(strstr(j, "\"moved\": [100,"));
    cr_expect_not_null(strstr(j, "\"pool\": [3500,3500,3500]"));
    cr_expect_not_null(strstr(j, "\"pooled_in\": [2100,2100,2100]"));
    cr_expect_not_null(strstr(csv, "\nicb,,system_finance,pool,2022-04,3500\n"));
    cr_expect_not_null(strstr(csv, "\nicb,,system_backlog,moved,2022-04,100\n"));
    cr_expect_not_null(strstr(csv, "\nb,,backlog,aid_given,2022-04,100\n"));
    cr_expect_not_null(strstr(csv, "\na,,finance,pooled_out,2022/23,3000\n"));
    free(j);
    free(csv);
    mt_free(&c);
}

/* ---- the loader -------------------------------------------------------------------- */

#define TWO_UNITS                                                                                        \
    "{'id': 'north', " GROUP_10 ", 'finance': {'revenue_envelope': 1, 'funding': [{'name': 'ERF', 'amounts': 1}]}}," \
    "{'id': 'south', " GROUP_10 "},{'id': 'west', " GROUP_10 "}"
#define SYSTEMS(x) "{'gapplan': 1, 'start': '2022-04', 'months': 12, 'units': [" TWO_UNITS "], 'systems': " x "}"

typedef struct bad_system {
    const char *json;
    const char *messages[3];
} bad_system;

static const bad_system bad_systems[] = {
    {SYSTEMS("{}"), {"plan.json: systems: must be an array of systems, got an object"}},
    {SYSTEMS("[{'units': ['north', 'south']}]"), {"plan.json: systems[0]: missing required field 'id'"}},
    {SYSTEMS("[{'id': 'ICB', 'units': ['north', 'south']}]"),
     {"plan.json: systems[0].id: invalid id \"ICB\": use 1 to 64 characters of a-z, 0-9, _ and -"}},
    {SYSTEMS("[{'id': 'icb'}]"), {"plan.json: systems[0]: missing required field 'units'"}},
    {SYSTEMS("[{'id': 'icb', 'units': ['north']}]"),
     {"plan.json: systems[0].units: must list at least 2 units, got 1"}},
    {SYSTEMS("[{'id': 'icb', 'units': 'north'}]"),
     {"plan.json: systems[0].units: must be an array of unit ids, got a string"}},
    {SYSTEMS("[{'id': 'icb', 'units': ['north', 'sotuh']}]"),
     {"plan.json: systems[0].units[1]: no unit \"sotuh\" in the plan; did you mean south?"}},
    {SYSTEMS("[{'id': 'icb', 'units': ['north', 'north']}]"),
     {"plan.json: systems[0].units[1]: unit \"north\" is listed twice"}},
    {SYSTEMS("[{'id': 'a', 'units': ['north', 'south']}, {'id': 'b', 'units': ['west', 'south']}]"),
     {"plan.json: systems[1].units[1]: unit \"south\" is already in system \"a\" (systems[0]): a unit is in at "
      "most one system"}},
    {SYSTEMS("[{'id': 'a', 'units': ['north', 'south']}, {'id': 'a', 'units': ['west', 'west']}]"),
     {"plan.json: systems[1].units[1]: unit \"west\" is listed twice",
      "plan.json: systems[1].id: duplicate id \"a\" (also systems[0])"}},
    {SYSTEMS("[{'id': 'icb', 'unit': ['north', 'south']}]"),
     {"plan.json: systems[0].unit: unknown key; did you mean units?",
      "plan.json: systems[0]: missing required field 'units'"}},
    {SYSTEMS("[{'id': 'icb', 'units': ['north', 'south'], 'shared_waiting_list': {'travel_share': 1.5}}]"),
     {"plan.json: systems[0].shared_waiting_list.travel_share: must be within [0, 1], got 1.5"}},
    {SYSTEMS("[{'id': 'icb', 'units': ['north', 'south'], 'shared_waiting_list': {'travel_shares': 0.1}}]"),
     {"plan.json: systems[0].shared_waiting_list.travel_shares: unknown key; did you mean travel_share?",
      "plan.json: systems[0].shared_waiting_list: missing required field 'travel_share'"}},
    {SYSTEMS("[{'id': 'icb', 'units': ['north', 'south'], 'shared_waiting_list': 0.1}]"),
     {"plan.json: systems[0].shared_waiting_list: must be an object, got a number"}},
    {SYSTEMS("[{'id': 'icb', 'units': ['north', 'south'], 'pooled_funding': {'lines': ['ERF'], 'share': 0.3,"
             " 'rule': 'gaps'}}]"),
     {"plan.json: systems[0].pooled_funding.rule: unknown rule \"gaps\"; did you mean gap?"}},
    {SYSTEMS("[{'id': 'icb', 'units': ['north', 'south'], 'pooled_funding': {'lines': ['ERF ']," " 'share': 0.3}}]"),
     {"plan.json: systems[0].pooled_funding.lines[0]: no member unit has a funding line \"ERF \"; did you mean "
      "\"ERF\"?"}},
    {SYSTEMS("[{'id': 'icb', 'units': ['north', 'south'], 'pooled_funding': {'lines': [], 'share': 0.3}}]"),
     {"plan.json: systems[0].pooled_funding.lines: must name at least one funding line"}},
    {SYSTEMS("[{'id': 'icb', 'units': ['north', 'south'], 'pooled_funding': {'lines': ['ERF', 'ERF'],"
             " 'share': {'2022/23': -0.1}}}]"),
     {"plan.json: systems[0].pooled_funding.lines[1]: duplicate line \"ERF\" (also lines[0])",
      "plan.json: systems[0].pooled_funding.share[\"2022/23\"]: must be within [0, 1], got -0.1"}},
    {SYSTEMS("[{'id': 'icb', 'units': ['north', 'south'], 'pooled_funding': {'line': ['ERF']}}]"),
     {"plan.json: systems[0].pooled_funding.line: unknown key; did you mean lines?",
      "plan.json: systems[0].pooled_funding: missing required field 'lines'",
      "plan.json: systems[0].pooled_funding: missing required field 'share'"}},
};

Test(systems, loader_messages) {
    gp_diag diag;
    char buf[1024];
    gp_diag_init(&diag);
    for (size_t i = 0; i < sizeof bad_systems / sizeof bad_systems[0]; i++) {
        char *json = strdup(bad_systems[i].json);
        for (char *p = json; *p; p++)
            if (*p == '\'')
                *p = '"';
        gp_diag_clear(&diag);
        gp_plan *plan = gp_load_text(json, &diag);
        char *text = gp_diag_text(&diag);
        cr_expect_null(plan, "case %zu must not load", i);
        gp_plan_free(plan);
        size_t n = 0;
        while (n < 3 && bad_systems[i].messages[n])
            n++;
        cr_expect_eq(diag.count, n, "case %zu: expected %zu messages, got:\n%s", i, n, text);
        for (size_t k = 0; k < n && k < diag.count; k++) {
            gp_diag_format(&diag.items[k], buf, sizeof buf);
            cr_expect_str_eq(buf, bad_systems[i].messages[k], "case %zu message %zu", i, k);
        }
        free(text);
        free(json);
    }
    gp_diag_free(&diag);
}

/* A broken unit is reported once, not again as an unknown member. */
Test(systems, broken_unit_not_reported_twice) {
    static const char plan[] =
        "{'gapplan': 1, 'start': '2022-04', 'months': 12, 'units': [{'id': 'north', 'groups': []},"
        " {'id': 'south', " GROUP_10 "}], 'systems': [{'id': 'icb', 'units': ['north', 'nowhere']}]}";
    char *json = strdup(plan);
    for (char *p = json; *p; p++)
        if (*p == '\'')
            *p = '"';
    gp_diag diag;
    gp_diag_init(&diag);
    cr_expect_null(gp_load_text(json, &diag));
    cr_expect_eq(diag.count, 1);
    cr_expect(gp_diag_has(&diag, "units[0].groups: must have at least one staff group"));
    gp_diag_free(&diag);
    free(json);
}

/* gp_plan_validate re-checks the systems' schedules after plugins. */
Test(systems, validate_rechecks_shares) {
    mt_case c = mt_run(hand_gap);
    gp_diag diag;
    gp_diag_init(&diag);
    cr_expect_eq(gp_plan_validate(c.plan, "plan.json", &diag), GP_OK);
    c.plan->systems[0].travel_share[1] = 2;
    cr_expect_eq(gp_plan_validate(c.plan, "plan.json", &diag), GP_ERR_INVALID);
    cr_expect(gp_diag_has(&diag, "plan.json: systems[0].shared_waiting_list.travel_share[\"2022-05\"]: "
                                 "must be within [0, 1], got 2"));
    gp_diag_free(&diag);
    mt_free(&c);
}

/* The shipped example loads, runs and moves patients and money. */
Test(systems, example_three_trusts) {
    char *path = gp_source_path("examples/three-trusts-system.json");
    gp_plan *plan = NULL;
    gp_diag diag;
    gp_diag_init(&diag);
    cr_assert_eq(gp_plan_load_file(path, &plan, &diag), GP_OK);
    gp_result *res = mt_run_plan(plan);
    cr_assert_eq(res->nsystems, 1);
    cr_expect_eq(res->systems[0].nmembers, 3);
    double moved = 0, pool = 0;
    for (int f = 0; f < res->cal.nfys; f++) {
        moved += mt_annual(res->systems[0].backlog, "moved")[f];
        pool += mt_annual(res->systems[0].finance, "pool")[f];
    }
    cr_expect_gt(moved, 0);
    cr_expect_gt(pool, 0);
    gp_result_free(res);
    gp_plan_free(plan);
    gp_diag_free(&diag);
    free(path);
}

/*
** The live board pack's formulas compute each unit alone (MODEL.md §3-§6), so
** a plan with systems gets a pack of values, and --live is refused.
*/
Test(systems, workbook_of_values) {
    char *dir = gp_temp_dir(), *plan = gp_source_path("examples/three-trusts-system.json");
    char out[512];
    snprintf(out, sizeof out, "%s/pack.xlsx", dir);
    const char *live[] = {"run", plan, "-o", out, "--live", NULL};
    gp_cmd_result r = gp_run_cli(dir, live);
    cr_expect_eq(r.status, 2);
    cr_expect_not_null(strstr(r.err, "--live cannot show a plan with systems"), "%s", r.err);
    cr_expect_neq(access(out, F_OK), 0, "nothing written");
    gp_cmd_result_free(&r);
    const char *plain[] = {"run", plan, "-o", out, NULL};
    r = gp_run_cli(dir, plain);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_eq(access(out, F_OK), 0);
    gp_cmd_result_free(&r);
    gp_rm_rf(dir);
    free(dir);
    free(plan);
}
