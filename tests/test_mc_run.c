/*
** tests/test_mc_run.c: Monte Carlo runs of the engine (mc.h): a plan's
** `ranges` block as the loader checks it and the tools read it, plan copies,
** percentiles of a figure that depends linearly on one input (so they follow
** from the input's own draws by hand), the same results bit for bit on 1, 2
** and 3 threads, and memory that grows with the iterations only by the store
** of headline figures.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gapplan/mc.h"
#include "gapplan/model.h"
#include "helpers.h"

/* One unit, one group, 12 months from April: one FY. Vacancies in month 0 are 1000 - staff_in_post. */
#define SMALL(ranges)                                                                                          \
    "{\"gapplan\": 1, \"name\": \"Small\", \"start\": \"2022-04\", \"months\": 12, \"units\": [\n"             \
    " {\"id\": \"trust\", \"groups\": [{\"id\": \"nurses\", \"establishment\": 1000, \"staff_in_post\": 900,\n" \
    "   \"leaver_rate\": 0.1, \"absence_rate\": 0.05, \"cost_per_fte\": 40000, \"agency_fill\": 0.2,\n"         \
    "   \"agency_premium\": 1.5, \"bank_fill\": 0.5}]}]" ranges "}"

static gp_plan *load(const char *text, gp_mc_ranges **ranges) {
    gp_diag d;
    gp_diag_init(&d);
    gp_plan *plan = gp_load_text(text, &d);
    cr_assert_not_null(plan, "%s", d.count ? d.items[0].message : "?");
    cr_assert_eq(gp_mc_ranges_load(plan, text, strlen(text), "plan.json", ranges, &d), GP_OK, "%s",
                 d.count ? d.items[0].message : "?");
    gp_diag_free(&d);
    return plan;
}

/* The loader's messages for a plan with this ranges block. */
static gp_diag check(const char *text) {
    gp_diag d;
    gp_diag_init(&d);
    gp_plan *plan = gp_load_text(text, &d);
    cr_expect_null(plan);
    gp_plan_free(plan);
    return d;
}

Test(mc_ranges, loader_names_each_problem) {
    gp_diag d = check(SMALL(", \"ranges\": [\n"
                            " {\"path\": \"trust.nurses.leaver_rate\", \"low\": 0.12, \"high\": 0.09},\n"
                            " {\"path\": \"trust.midwives.leaver_rate\", \"low\": 0.1, \"high\": 0.2},\n"
                            " {\"path\": \"units[0].groups[0].leaver_rte\", \"low\": 0.1, \"high\": 0.2},\n"
                            " {\"path\": \"trust.backlog.referrals\", \"low\": 1, \"high\": 2},\n"
                            " {\"id\": \"a\", \"path\": \"trust.nurses.absence_rate\", \"low\": 0.04, \"high\": 1.5,\n"
                            "  \"correlations\": {\"b\": 0.5}},\n"
                            " {\"param\": \"attendance-gain.points\", \"dist\": \"normal\", \"hihg\": 2}]"));
    char *all = gp_diag_text(&d);
    cr_expect(gp_diag_has(&d, "plan.json: ranges[0]: low (0.12) is above high (0.09)"), "%s", all);
    cr_expect(gp_diag_has(&d, "plan.json: ranges[1].path: path \"trust.midwives.leaver_rate\": unit trust has no "
                              "staff group \"midwives\""), "%s", all);
    cr_expect(gp_diag_has(&d, "plan.json: ranges[2].path: path \"units[0].groups[0].leaver_rte\": no input field "
                              "here named leaver_rte; did you mean leaver_rate"), "%s", all);
    cr_expect(gp_diag_has(&d, "plan.json: ranges[3].path: path \"trust.backlog.referrals\": unit trust has no "
                              "backlog block"), "%s", all);
    cr_expect(gp_diag_has(&d, "plan.json: ranges[4]: absence_rate must be within [0, 1]: so must its low and high"),
              "%s", all);
    cr_expect(gp_diag_has(&d, "plan.json: ranges[4].correlations.b: no range has the id \"b\"; did you mean a? (a "
                              "scenario's param is named SCENARIO.PARAM)"), "%s", all);
    cr_expect(gp_diag_has(&d, "plan.json: ranges[5].dist: unknown distribution \"normal\": use \"uniform\" or "
                              "\"triangular\""), "%s", all);
    cr_expect(gp_diag_has(&d, "plan.json: ranges[5].hihg: unknown key; did you mean high?"), "%s", all);
    cr_expect_eq(d.count, 8, "%s", all);
    free(all);
    gp_diag_free(&d);
}

Test(mc_ranges, entries_resolve_by_ids_and_positions) {
    gp_mc_ranges *r;
    gp_plan *plan = load(SMALL(", \"ranges\": [\n"
                               " {\"path\": \"units[0].groups[0].leaver_rate\", \"low\": 0.09, \"high\": 0.12,\n"
                               "  \"dist\": \"triangular\", \"mode\": 0.1, \"from\": \"2022-10\"},\n"
                               " {\"id\": \"sip\", \"path\": \"trust.nurses.staff_in_post\", \"low\": 850, \"high\": 950,\n"
                               "  \"correlations\": {\"units[0].groups[0].leaver_rate\": -0.3}},\n"
                               " {\"param\": \"attendance-gain.points\", \"low\": 0.2}]"),
                         &r);
    cr_assert_eq(gp_mc_ranges_count(r), 3);
    const gp_mc_range *e = gp_mc_ranges_get(r, 0);
    cr_expect_str_eq(e->id, "units[0].groups[0].leaver_rate");
    cr_expect_eq(e->dist, GP_MC_TRIANGULAR);
    cr_expect_eq(e->from, 6);
    cr_expect_eq(gp_mc_range_value(e, plan), 0.1);
    e = gp_mc_ranges_find(r, "sip");
    cr_assert_not_null(e);
    cr_expect_eq(e->mode, 900); /* a uniform range's mode is its midpoint, unused */
    cr_expect_eq(gp_mc_range_value(e, plan), 900);
    cr_expect_str_eq(gp_mc_ranges_get(r, 2)->param, "attendance-gain.points");
    cr_expect(gp_mc_ranges_get(r, 2)->has_low && !gp_mc_ranges_get(r, 2)->has_high);
    cr_assert_eq(gp_mc_ranges_corr_count(r), 1);
    cr_expect_eq(gp_mc_ranges_corr(r, 0)->rank, -0.3);

    /* Applying sets the schedule from `from` on, and a copy leaves the original alone. */
    gp_plan *copy = gp_mc_plan_copy(plan);
    gp_diag d;
    gp_diag_init(&d);
    cr_assert_eq(gp_mc_range_apply(gp_mc_ranges_get(r, 0), copy, 0.115, "plan.json", &d), GP_OK);
    cr_expect_eq(copy->units[0].groups[0].leaver_rate[5], 0.1);
    cr_expect_eq(copy->units[0].groups[0].leaver_rate[6], 0.115);
    cr_expect_eq(copy->units[0].groups[0].leaver_rate[11], 0.115);
    cr_expect_eq(plan->units[0].groups[0].leaver_rate[11], 0.1);
    gp_diag_free(&d);
    gp_plan_free(copy);
    gp_mc_ranges_free(r);
    gp_plan_free(plan);
}

/* A copy of a plan with systems has systems of its own, and runs to the original's figures bit for bit. */
Test(mc_ranges, a_copy_carries_the_systems) {
    gp_diag d;
    gp_diag_init(&d);
    char *path = gp_source_path("examples/three-trusts-system.json");
    gp_plan *plan = NULL;
    cr_assert_eq(gp_plan_load_file(path, &plan, &d), GP_OK);
    free(path);
    cr_assert_gt(plan->nsystems, 0);
    gp_plan *copy = gp_mc_plan_copy(plan);
    cr_assert_not_null(copy);
    cr_assert_eq(copy->nsystems, plan->nsystems);
    for (size_t k = 0; k < plan->nsystems; k++) {
        const gp_system *a = &plan->systems[k], *b = &copy->systems[k];
        cr_expect_neq(a, b);
        cr_expect_str_eq(b->id, a->id);
        cr_expect_neq(b->members, a->members);
        cr_expect_arr_eq(b->members, a->members, a->nmembers * sizeof *a->members);
        if (a->travel_share) {
            cr_expect_neq(b->travel_share, a->travel_share);
            cr_expect_arr_eq(b->travel_share, a->travel_share, (size_t)plan->cal.months * sizeof(double));
        }
        if (a->pool_share) {
            cr_expect_neq(b->pool_share, a->pool_share);
            cr_expect_arr_eq(b->pool_share, a->pool_share, (size_t)plan->cal.months * sizeof(double));
        }
    }
    gp_result *r1 = NULL, *r2 = NULL;
    cr_assert_eq(gp_model_run(plan, &r1, &d), GP_OK);
    cr_assert_eq(gp_model_run(copy, &r2, &d), GP_OK);
    const gp_block *b1 = r1->units[0].backlog, *b2 = r2->units[0].backlog;
    cr_assert_not_null(b1);
    for (size_t s = 0; s < b1->nseries; s++)
        cr_expect_arr_eq(gp_block_monthly(b1, s), gp_block_monthly(b2, s), (size_t)b1->months * sizeof(double),
                         "backlog series %s", b1->series[s].name);
    gp_result_free(r1);
    gp_result_free(r2);
    gp_plan_free(copy);
    gp_plan_free(plan);
    gp_diag_free(&d);
}

Test(mc_ranges, a_fill_range_that_breaks_the_sum_is_an_error) {
    gp_mc_ranges *r;
    gp_plan *plan = load(SMALL(", \"ranges\": [{\"path\": \"trust.nurses.agency_fill\", \"low\": 0.1, \"high\": 0.8}]"),
                         &r);
    gp_diag d;
    gp_diag_init(&d);
    cr_expect_eq(gp_mc_range_apply(gp_mc_ranges_get(r, 0), plan, 0.6, "plan.json", &d), GP_ERR_INVALID);
    cr_expect(gp_diag_has(&d, "plan.json: ranges: trust.nurses.agency_fill = 0.6 makes bank_fill + agency_fill 1.1 "
                              "in 2022-04: must be at most 1"), "%s", d.count ? d.items[0].message : "");
    gp_diag_free(&d);
    gp_mc_ranges_free(r);
    gp_plan_free(plan);
}

/* A summary of N iterations with the plan's ranges as the inputs. */
static gp_mc_summary *run(const gp_plan *plan, const gp_mc_ranges *r, const gp_mc_corr *c, size_t nc, size_t n,
                          int threads, gp_mc_sampler **sampler_out) {
    gp_mc_input in[GP_MC_INPUTS_MAX];
    size_t k = gp_mc_ranges_count(r);
    for (size_t i = 0; i < k; i++) {
        const gp_mc_range *e = gp_mc_ranges_get(r, i);
        in[i] = (gp_mc_input){e->id, e->dist, e->low, e->mode, e->high, e};
    }
    gp_mc_sampler *s = NULL;
    gp_mc_summary *sum = NULL;
    gp_diag d;
    gp_diag_init(&d);
    cr_assert_eq(gp_mc_sampler_new(in, k, c, nc, "plan.json", &s, &d), GP_OK);
    gp_mc_options o = {n, 99, threads, NULL, NULL};
    gp_error err = gp_mc_run(plan, s, NULL, &o, &sum, &d);
    cr_assert_eq(err, GP_OK, "%s", d.count ? d.items[0].message : gp_strerror(err));
    gp_diag_free(&d);
    if (sampler_out)
        *sampler_out = s;
    else
        gp_mc_sampler_free(s);
    return sum;
}

Test(mc_run, percentiles_follow_the_input_draws) {
    gp_mc_ranges *r;
    gp_plan *plan = load(SMALL(", \"ranges\": [{\"path\": \"trust.nurses.staff_in_post\", \"low\": 850, "
                               "\"high\": 950, \"dist\": \"triangular\", \"mode\": 880}]"),
                         &r);
    enum { N = 501 };
    gp_mc_sampler *s;
    gp_mc_summary *sum = run(plan, r, NULL, 0, N, 2, &s);
    /* Vacancies in month 0 are 1000 - S: P_p(1000 - S) = 1000 - P_(100-p)(S), from the draws themselves. */
    double draws[N], st[GP_MC_STATS], v;
    for (size_t i = 0; i < N; i++) {
        gp_mc_sample(s, 99, i, &v);
        draws[i] = v;
    }
    gp_mc_stats(draws, N, st);
    const int mirror[5] = {GP_MC_P95, GP_MC_P90, GP_MC_P50, GP_MC_P10, GP_MC_P5};
    for (int k = 0; k < 5; k++) {
        const double *vac = gp_mc_summary_get(sum, 0, "nurses", "vacancies", false, k);
        cr_assert_not_null(vac);
        cr_expect(gp_close(vac[0], 1000 - st[mirror[k]]), "%s: %g vs %g", gp_mc_stat_name(k), vac[0],
                  1000 - st[mirror[k]]);
    }
    cr_expect(gp_close(gp_mc_summary_get(sum, 0, "total", "vacancies", false, GP_MC_MEAN)[0], 1000 - st[GP_MC_MEAN]));
    /* The FY figure of a stock is its closing month; all units of a one-unit plan are the unit. */
    cr_expect_eq(gp_mc_summary_get(sum, 0, "nurses", "vacancies", true, GP_MC_P50)[0],
                 gp_mc_summary_get(sum, 0, "nurses", "vacancies", false, GP_MC_P50)[11]);
    cr_expect_eq(gp_mc_summary_get(sum, 1, "nurses", "available", true, GP_MC_P90)[0],
                 gp_mc_summary_get(sum, 0, "nurses", "available", true, GP_MC_P90)[0]);
    /* A flow's FY figure is the percentile of the FY sums, not the sum of monthly percentiles. */
    const double *agency = gp_mc_summary_get(sum, 0, "nurses", "agency_cost", true, GP_MC_MEAN);
    const double *monthly = gp_mc_summary_get(sum, 0, "nurses", "agency_cost", false, GP_MC_MEAN);
    double total = 0;
    for (int t = 0; t < 12; t++)
        total += monthly[t];
    cr_expect(fabs(agency[0] - total) <= 1e-6 * total, "the mean of sums is the sum of means: %g vs %g", agency[0],
              total);
    cr_expect_null(gp_mc_summary_get(sum, 0, "finance", "revenue_gap", false, GP_MC_P50));
    cr_expect_null(gp_mc_summary_get(sum, 0, "nurses", "leavers", false, GP_MC_P50));
    gp_mc_summary_free(sum);
    gp_mc_sampler_free(s);
    gp_mc_ranges_free(r);
    gp_plan_free(plan);
}

/* The three-trust system example with a range on the central trust's capacity, where the system's spare capacity is. */
static gp_plan *system_plan(gp_mc_ranges **ranges) {
    static const char block[] = ", \"ranges\": [{\"path\": \"central.backlog.capacity\", \"low\": 3000, "
                                "\"high\": 6000}]}\n";
    char *path = gp_source_path("examples/three-trusts-system.json");
    char *json = gp_read_file(path, NULL);
    free(path);
    cr_assert_not_null(json);
    char *end = strrchr(json, '}');
    cr_assert_not_null(end);
    *end = '\0';
    char *text = malloc(strlen(json) + sizeof block);
    cr_assert_not_null(text);
    strcpy(text, json);
    strcat(text, block);
    gp_plan *plan = load(text, ranges);
    free(json);
    free(text);
    return plan;
}

/* Each statistic of a system's figure is that statistic of the figure over the iterations, run one by one. */
Test(mc_run, a_system_is_summarised_from_its_iterations) {
    gp_mc_ranges *r;
    gp_plan *plan = system_plan(&r);
    cr_assert_eq(plan->nsystems, 1);
    enum { N = 64 };
    gp_mc_sampler *s;
    gp_mc_summary *sum = run(plan, r, NULL, 0, N, 2, &s);
    const size_t system = plan->nunits + 1;
    const int months[3] = {0, 7, plan->cal.months - 1};
    double wl[3][N], gap[N], x[N], st[GP_MC_STATS];
    gp_diag d;
    gp_diag_init(&d);
    for (size_t i = 0; i < N; i++) {
        double v;
        gp_mc_sample(s, 99, i, &v);
        gp_plan *copy = gp_mc_plan_copy(plan);
        gp_result *res = NULL;
        cr_assert_eq(gp_mc_range_apply(gp_mc_ranges_get(r, 0), copy, v, "plan.json", &d), GP_OK);
        cr_assert_eq(gp_model_run(copy, &res, &d), GP_OK);
        const gp_system_result *sr = &res->systems[0];
        for (int m = 0; m < 3; m++)
            wl[m][i] = gp_block_monthly(sr->backlog, GP_S_WAITING_LIST)[months[m]];
        gap[i] = gp_block_annual(sr->finance, GP_S_REVENUE_GAP)[1];
        gp_result_free(res);
        gp_plan_free(copy);
    }
    for (int m = 0; m < 3; m++) {
        memcpy(x, wl[m], sizeof x);
        gp_mc_stats(x, N, st);
        for (int k = 0; k < GP_MC_STATS; k++) {
            const double *got = gp_mc_summary_get(sum, system, "backlog", "waiting_list", false, k);
            cr_assert_not_null(got);
            cr_expect_eq(got[months[m]], st[k], "waiting list %s in month %d: %.17g, by hand %.17g",
                         gp_mc_stat_name(k), months[m], got[months[m]], st[k]);
        }
    }
    const double *p5 = gp_mc_summary_get(sum, system, "backlog", "waiting_list", false, GP_MC_P5);
    const double *p95 = gp_mc_summary_get(sum, system, "backlog", "waiting_list", false, GP_MC_P95);
    cr_expect_lt(p5[months[2]], p95[months[2]], "the drawn capacity moves the system's list");
    memcpy(x, gap, sizeof x);
    gp_mc_stats(x, N, st);
    for (int k = 0; k < GP_MC_STATS; k++)
        cr_expect_eq(gp_mc_summary_get(sum, system, "finance", "revenue_gap", true, k)[1], st[k],
                     "the revenue gap of the second FY, %s", gp_mc_stat_name(k));
    cr_expect_null(gp_mc_summary_get(sum, system, "total", "vacancies", false, GP_MC_P50));
    cr_expect_null(gp_mc_summary_get(sum, system + 1, "backlog", "waiting_list", false, GP_MC_P50));
    gp_diag_free(&d);
    gp_mc_summary_free(sum);
    gp_mc_sampler_free(s);
    gp_mc_ranges_free(r);
    gp_plan_free(plan);
}

/* Every statistic of every series, as one array, for comparing runs. */
static void expect_identical(const gp_mc_summary *a, const gp_mc_summary *b) {
    const char *const *lists[3] = {gp_mc_group_series, gp_mc_finance_series, gp_mc_backlog_series};
    const char *blocks[3] = {"nurses", "finance", "backlog"};
    size_t compared = 0;
    for (int l = 0; l < 3; l++)
        for (const char *const *name = lists[l]; *name; name++)
            for (int st = 0; st < GP_MC_STATS; st++)
                for (int annual = 0; annual < 2; annual++) {
                    const double *x = gp_mc_summary_get(a, 0, blocks[l], *name, annual, st);
                    const double *y = gp_mc_summary_get(b, 0, blocks[l], *name, annual, st);
                    cr_assert_eq(x == NULL, y == NULL);
                    if (!x)
                        continue;
                    cr_expect_eq(memcmp(x, y, (annual ? 1 : 12) * sizeof *x), 0, "%s %s %s differ", blocks[l],
                                 *name, gp_mc_stat_name(st));
                    compared++;
                }
    cr_expect_eq(compared, 4 * GP_MC_STATS * 2);
}

Test(mc_run, same_seed_same_results_on_any_thread_count) {
    gp_mc_ranges *r;
    gp_plan *plan = load(SMALL(", \"ranges\": [\n"
                               " {\"id\": \"l\", \"path\": \"trust.nurses.leaver_rate\", \"low\": 0.08, \"high\": 0.14,\n"
                               "  \"correlations\": {\"a\": 0.7}},\n"
                               " {\"id\": \"a\", \"path\": \"trust.nurses.absence_rate\", \"low\": 0.04, \"high\": 0.07,\n"
                               "  \"dist\": \"triangular\"}]"),
                         &r);
    gp_mc_corr c = {0, 1, 0.7};
    gp_mc_summary *one = run(plan, r, &c, 1, 300, 1, NULL);
    gp_mc_summary *two = run(plan, r, &c, 1, 300, 2, NULL);
    gp_mc_summary *three = run(plan, r, &c, 1, 300, 3, NULL);
    expect_identical(one, two);
    expect_identical(one, three);
    gp_mc_summary_free(one);
    gp_mc_summary_free(two);
    gp_mc_summary_free(three);
    gp_mc_ranges_free(r);
    gp_plan_free(plan);
}

/* Peak resident memory (KiB) of a child that runs n iterations. */
static long peak_kib(const gp_plan *plan, const gp_mc_ranges *r, size_t n) {
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        gp_mc_summary *sum = run(plan, r, NULL, 0, n, 2, NULL);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        long kib = ru.ru_maxrss;
        gp_mc_summary_free(sum);
        if (write(fd[1], &kib, sizeof kib) != sizeof kib)
            _exit(1);
        _exit(0);
    }
    long kib = -1;
    cr_assert_eq(read(fd[0], &kib, sizeof kib), (ssize_t)sizeof kib);
    waitpid(pid, NULL, 0);
    close(fd[0]);
    close(fd[1]);
    return kib;
}

Test(mc_run, memory_grows_only_by_the_store) {
    gp_mc_ranges *r;
    gp_plan *plan = load(SMALL(", \"ranges\": [{\"path\": \"trust.nurses.leaver_rate\", \"low\": 0.08, \"high\": 0.14}]"),
                         &r);
    /* Cells: nurses and total, 4 series x 12 months each, plus the FY sum of agency_cost (the only flow) for
       each: 2 x (48 + 1) = 98. All units share the unit's cells. 98 doubles an iteration. */
    gp_mc_summary *sum = run(plan, r, NULL, 0, 1000, 1, NULL);
    cr_expect_eq(gp_mc_summary_store_bytes(sum), 98 * 1000 * sizeof(double));
    cr_expect_eq(gp_mc_summary_iterations(sum), 1000);
    gp_mc_summary_free(sum);
    /* 30,000 iterations keep 23.5 MB of figures; everything else must not grow with the iterations. Under
       valgrind the peak is valgrind's own, so the comparison is left to the plain and sanitizer runs. */
    const char *preload = getenv("LD_PRELOAD");
    if (preload && strstr(preload, "vgpreload")) {
        gp_mc_ranges_free(r);
        gp_plan_free(plan);
        cr_skip_test("peak memory is not measurable under valgrind");
    }
    long small = peak_kib(plan, r, 1000), large = peak_kib(plan, r, 30000);
    long store_kib = (long)(98 * (30000 - 1000) * sizeof(double) / 1024);
    cr_expect(large - small <= store_kib + 4096, "peak grew by %ld KiB for a store %ld KiB larger", large - small,
              store_kib);
    gp_mc_ranges_free(r);
    gp_plan_free(plan);
}

/* A hook that only runs the model, as the engine does without hooks. */
static gp_error plain_run(void *tctx, gp_plan *plan, const double *values, gp_result **out, gp_diag *diag) {
    (void)tctx, (void)values;
    return gp_model_run(plan, out, diag);
}

Test(mc_run, invalid_options_are_refused) {
    gp_mc_ranges *r;
    gp_plan *plan = load(SMALL(""), &r);
    gp_mc_sampler *s = NULL;
    gp_mc_summary *sum = NULL;
    gp_diag d;
    gp_diag_init(&d);
    cr_assert_eq(gp_mc_sampler_new(NULL, 0, NULL, 0, "plan.json", &s, &d), GP_OK);
    gp_mc_hooks hooks = {NULL, NULL, plain_run, NULL};
    gp_mc_options o = {0, 1, 1, NULL, NULL};
    cr_expect_eq(gp_mc_run(plan, s, &hooks, &o, &sum, &d), GP_ERR_ARGUMENT);
    o.iterations = 10, o.threads = GP_MC_THREADS_MAX + 1;
    cr_expect_eq(gp_mc_run(plan, s, &hooks, &o, &sum, &d), GP_ERR_ARGUMENT);
    cr_expect_null(sum);
    o.threads = 2;
    cr_expect_eq(gp_mc_run(plan, s, &hooks, &o, &sum, &d), GP_OK);
    /* No inputs: every iteration is the plain run, so every percentile is its figure. */
    gp_result *res = NULL;
    cr_assert_eq(gp_model_run(plan, &res, &d), GP_OK);
    const double *p5 = gp_mc_summary_get(sum, 0, "total", "staffing_gap", false, GP_MC_P5);
    const double *p95 = gp_mc_summary_get(sum, 0, "total", "staffing_gap", false, GP_MC_P95);
    for (int t = 0; t < 12; t++) {
        cr_expect_eq(p5[t], gp_block_monthly(&res->units[0].groups[1], GP_S_STAFFING_GAP)[t]);
        cr_expect_eq(p95[t], p5[t]);
    }
    gp_result_free(res);
    gp_mc_summary_free(sum);
    gp_mc_sampler_free(s);
    gp_diag_free(&d);
    gp_mc_ranges_free(r);
    gp_plan_free(plan);
}

/* A hook that fails when the leaver rate drawn is above 0.135, as a plugin with a narrower range would. */
static gp_error fails_late(void *tctx, gp_plan *plan, const double *values, gp_result **out, gp_diag *diag) {
    (void)tctx;
    if (values[0] > 0.135) {
        gp_diag_add(diag, "x.lua", 3, 0, NULL, "leaver rate %.3f is too high for this plugin", values[0]);
        return GP_ERR_PLUGIN;
    }
    return gp_model_run(plan, out, diag);
}

Test(mc_run, a_failing_iteration_stops_the_run_and_is_named) {
    gp_mc_ranges *r;
    gp_plan *plan = load(SMALL(""), &r);
    gp_mc_input in = {"l", GP_MC_UNIFORM, 0.08, 0.11, 0.14, NULL};
    gp_mc_sampler *s = NULL;
    gp_mc_summary *sum = NULL;
    gp_diag d;
    gp_diag_init(&d);
    cr_assert_eq(gp_mc_sampler_new(&in, 1, NULL, 0, "plan.json", &s, &d), GP_OK);
    /* The first iteration whose draw is above 0.135, found from the draws themselves. */
    size_t first = 0;
    double v;
    for (gp_mc_sample(s, 5, first, &v); v <= 0.135; gp_mc_sample(s, 5, ++first, &v)) {
    }
    gp_mc_hooks hooks = {NULL, NULL, fails_late, NULL};
    gp_mc_options o = {1000, 5, 1, NULL, NULL};
    cr_expect_eq(gp_mc_run(plan, s, &hooks, &o, &sum, &d), GP_ERR_PLUGIN);
    cr_expect_null(sum);
    char want[128];
    snprintf(want, sizeof want, "x.lua:3: iteration %zu: leaver rate", first);
    cr_expect(gp_diag_has(&d, want), "wanted [%s]", want);
    gp_diag_free(&d);
    gp_mc_sampler_free(s);
    gp_mc_ranges_free(r);
    gp_plan_free(plan);
}
