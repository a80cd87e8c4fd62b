/*
** tests/test_schedule.c: schedules read from JSON and expanded to monthly
** values (core/schedule.c, MODEL.md §2 and §9), and the exact messages for
** every way a schedule can be wrong.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "schedule.h"

static gp_diag diag;
static double out[GP_MONTHS_MAX];

static void setup(void) {
    gp_diag_init(&diag);
    for (int t = 0; t < GP_MONTHS_MAX; t++)
        out[t] = -999;
}
static void teardown(void) { gp_diag_free(&diag); }

TestSuite(schedule, .init = setup, .fini = teardown);

/*
** Expand `json` for a plan starting at `start` with `months` periods, as the
** field units[0].groups[1].leaver_rate with range [min, max]. `start` NULL
** checks without a calendar.
*/
static bool expand(const char *json, const char *start, int months, double min, double max) {
    cJSON *j = cJSON_Parse(json);
    cr_assert(j, "test JSON does not parse: %s", json);
    gp_calendar cal;
    gp_month m = 0;
    if (start) {
        cr_assert(gp_month_parse(start, &m));
        gp_calendar_init(&cal, m, months);
    }
    gp_reporter r;
    size_t before = diag.count;
    gp_reporter_init(&r, &diag, "plan.json");
    gp_push_key(&r, "units");
    gp_push_index(&r, 0);
    gp_push_key(&r, "groups");
    gp_push_index(&r, 1);
    gp_push_key(&r, "leaver_rate");
    bool ok = gp_schedule_load(j, start ? &cal : NULL, min, max, &r, start ? out : NULL);
    cr_assert_eq(r.path.depth, 5, "the path stack must be balanced");
    cr_assert_eq(r.problems, diag.count - before, "each problem is one message");
    cr_assert_eq(ok, r.problems == 0, "valid exactly when nothing was reported");
    cJSON_Delete(j);
    return ok;
}

/* Assert that the diag holds exactly these messages, in order. */
static void expect_messages(const char *const *want, size_t n) {
    char *text = gp_diag_text(&diag);
    cr_assert_eq(diag.count, n, "expected %zu messages, got:\n%s", n, text);
    char buf[1024];
    for (size_t i = 0; i < n; i++) {
        gp_diag_format(&diag.items[i], buf, sizeof buf);
        cr_expect_str_eq(buf, want[i]);
    }
    free(text);
}
#define EXPECT(...)                                             \
    do {                                                        \
        const char *const want_[] = {__VA_ARGS__};              \
        expect_messages(want_, sizeof want_ / sizeof want_[0]); \
    } while (0)

static void expect_values(const double *want, int n) {
    for (int t = 0; t < n; t++)
        cr_expect_eq(out[t], want[t], "period %d: got %.17g, want %.17g", t, out[t], want[t]);
    cr_expect_eq(out[n], -999, "nothing written past the horizon");
}

Test(schedule, number_fills_every_period) {
    cr_assert(expand("0.1", "2022-04", 7, 0, 1));
    const double want[] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    expect_values(want, 7);
    cr_expect_eq(diag.count, 0);
}

Test(schedule, fy_keys_with_a_start_other_than_april) {
    /* 2022-10..2023-03 are in 2022/23, 2023-04 on in 2023/24. */
    cr_assert(expand("{\"2022/23\": 0.1, \"2023/24\": 0.2}", "2022-10", 12, 0, 1));
    const double want[] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2};
    expect_values(want, 12);
}

Test(schedule, fy_key_before_the_horizon_sets_the_opening_value) {
    cr_assert(expand("{\"2021/22\": 3, \"2022/23\": 4}", "2022-01", 6, 0, HUGE_VAL));
    const double want[] = {3, 3, 3, 4, 4, 4}; /* Jan-Mar 2022 in 2021/22, April on in 2022/23 */
    expect_values(want, 6);
}

Test(schedule, month_keys_before_the_horizon_set_the_opening_value) {
    cr_assert(expand("{\"2021-12\": 0.05, \"2022-06\": 0.07, \"2022-08\": 0.06}", "2022-04", 6, 0, 1));
    const double want[] = {0.05, 0.05, 0.07, 0.07, 0.06, 0.06};
    expect_values(want, 6);
}

Test(schedule, periods_before_the_first_key_take_its_value) {
    cr_assert(expand("{\"2022-07\": 4, \"2022-09\": 5}", "2022-04", 7, 0, 10));
    const double want[] = {4, 4, 4, 4, 4, 5, 5};
    expect_values(want, 7);
}

Test(schedule, keys_in_any_order_apply_in_time_order) {
    cr_assert(expand("{\"2024/25\": 3, \"2022/23\": 1, \"2023/24\": 2}", "2022-04", 36, 0, 10));
    for (int t = 0; t < 36; t++)
        cr_expect_eq(out[t], 1 + t / 12, "period %d", t);
}

Test(schedule, every_key_after_the_horizon_first_key_fills_it) {
    cr_assert(expand("{\"2023-02\": 6, \"2023-01\": 5}", "2022-04", 6, 0, 10));
    const double want[] = {5, 5, 5, 5, 5, 5};
    expect_values(want, 6);
}

Test(schedule, keys_after_the_horizon_are_ignored) {
    cr_assert(expand("{\"2022/23\": 1, \"2030/31\": 9}", "2022-04", 12, 0, 10));
    for (int t = 0; t < 12; t++)
        cr_expect_eq(out[t], 1);
}

Test(schedule, a_key_on_the_last_period) {
    cr_assert(expand("{\"2022-04\": 1, \"2022-06\": 2}", "2022-04", 3, 0, 10));
    const double want[] = {1, 1, 2};
    expect_values(want, 3);
}

Test(schedule, many_keys_out_of_order_take_the_heap_path) {
    /* 100 month keys (more than GP_SCHEDULE_STACK_KEYS), written last month first: value = period. */
    char json[4096];
    size_t n = 0;
    n += (size_t)snprintf(json + n, sizeof json - n, "{");
    for (int t = 99; t >= 0; t--) {
        gp_month m = gp_month_make(2020, 1) + t;
        n += (size_t)snprintf(json + n, sizeof json - n, "%s\"%04d-%02d\": %d", t == 99 ? "" : ", ",
                              gp_month_year(m), gp_month_of_year(m), t);
    }
    snprintf(json + n, sizeof json - n, "}");
    cr_assert(expand(json, "2020-01", 120, 0, 1000));
    for (int t = 0; t < 120; t++)
        cr_expect_eq(out[t], t < 100 ? t : 99, "period %d", t);
}

Test(schedule, negative_values_where_allowed) {
    cr_assert(expand("{\"2022/23\": -4.6e9, \"2023/24\": 0}", "2022-04", 24, -HUGE_VAL, HUGE_VAL));
    cr_expect_eq(out[11], -4.6e9);
    cr_expect_eq(out[12], 0);
}

Test(schedule, mixed_key_kinds) {
    cr_assert_not(expand("{\"2022/23\": 0.1, \"2022-06\": 0.2, \"2023-01\": 0.3}", "2022-04", 12, 0, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate: mixes FY keys (\"2022/23\") and month keys "
           "(\"2022-06\"): use one kind");
}

Test(schedule, empty_object) {
    cr_assert_not(expand("{}", "2022-04", 12, 0, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate: empty schedule: give a number, or FY or month keys");
}

Test(schedule, bad_labels_each_reported) {
    cr_assert_not(expand("{\"2022-13\": 0.1, \"2022/24\": 0.1, \"1899-01\": 0.1, \"2200/01\": 0.1, "
                         "\"April 2022\": 0.1, \"2022-4\": 0.1, \"2022-00\": 0.1}",
                         "2022-04", 12, 0, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate[\"2022-13\"]: bad month label: the month must be 01 to 12",
           "plan.json: units[0].groups[1].leaver_rate[\"2022/24\"]: bad FY label: the FY starting in April 2022 "
           "is 2022/23",
           "plan.json: units[0].groups[1].leaver_rate[\"1899-01\"]: bad month label: the year must be 1900 to 2199",
           "plan.json: units[0].groups[1].leaver_rate[\"2200/01\"]: bad FY label: the year must be 1900 to 2199",
           "plan.json: units[0].groups[1].leaver_rate[\"April 2022\"]: bad label: expected a month (YYYY-MM) or a "
           "financial year (YYYY/YY)",
           "plan.json: units[0].groups[1].leaver_rate[\"2022-4\"]: bad label: expected a month (YYYY-MM) or a "
           "financial year (YYYY/YY)",
           "plan.json: units[0].groups[1].leaver_rate[\"2022-00\"]: bad month label: the month must be 01 to 12");
}

Test(schedule, odd_keys_are_quoted_and_escaped_in_paths) {
    cr_assert_not(expand("{\"a\\\"b\\\\c\\n\": 0.1}", "2022-04", 12, 0, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate[\"a\\\"b\\\\c\\u000a\"]: bad label: expected a month "
           "(YYYY-MM) or a financial year (YYYY/YY)");
}

Test(schedule, range_errors_name_the_key) {
    cr_assert_not(expand("{\"2022/23\": 0.1, \"2023/24\": 1.7}", "2022-04", 24, 0, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate[\"2023/24\"]: must be within [0, 1], got 1.7");
}

Test(schedule, keys_outside_the_horizon_are_range_checked) {
    cr_assert_not(expand("{\"2019/20\": -0.5, \"2022/23\": 0.1, \"2031/32\": 2}", "2022-04", 12, 0, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate[\"2019/20\"]: must be within [0, 1], got -0.5",
           "plan.json: units[0].groups[1].leaver_rate[\"2031/32\"]: must be within [0, 1], got 2");
}

Test(schedule, number_out_of_range) {
    cr_assert_not(expand("1.7", "2022-04", 12, 0, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate: must be within [0, 1], got 1.7");
}

Test(schedule, lower_bound_only_and_growth_ranges) {
    cr_assert_not(expand("{\"2022-04\": -3}", "2022-04", 12, 0, HUGE_VAL));
    cr_assert_not(expand("-0.6", "2022-04", 12, -0.5, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate[\"2022-04\"]: must be >= 0, got -3",
           "plan.json: units[0].groups[1].leaver_rate: must be within [-0.5, 1], got -0.6");
}

Test(schedule, values_must_be_numbers) {
    cr_assert_not(expand("{\"2022/23\": \"0.1\", \"2023/24\": null, \"2024/25\": true, \"2025/26\": [1], "
                         "\"2026/27\": {}}",
                         "2022-04", 12, 0, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate[\"2022/23\"]: must be a number, got a string",
           "plan.json: units[0].groups[1].leaver_rate[\"2023/24\"]: must be a number, got null",
           "plan.json: units[0].groups[1].leaver_rate[\"2024/25\"]: must be a number, got a boolean",
           "plan.json: units[0].groups[1].leaver_rate[\"2025/26\"]: must be a number, got an array",
           "plan.json: units[0].groups[1].leaver_rate[\"2026/27\"]: must be a number, got an object");
}

Test(schedule, schedule_of_the_wrong_type) {
    cr_assert_not(expand("\"0.1\"", "2022-04", 12, 0, 1));
    cr_assert_not(expand("[0.1, 0.2]", "2022-04", 12, 0, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate: must be a number or an object of FY or month keys, got "
           "a string",
           "plan.json: units[0].groups[1].leaver_rate: must be a number or an object of FY or month keys, got "
           "an array");
}

Test(schedule, every_problem_in_one_schedule_is_reported) {
    cr_assert_not(expand("{\"2022/23\": 1.5, \"2022-13\": \"x\", \"2023-01\": 0.1}", "2022-04", 12, 0, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate[\"2022/23\"]: must be within [0, 1], got 1.5",
           "plan.json: units[0].groups[1].leaver_rate[\"2022-13\"]: bad month label: the month must be 01 to 12",
           "plan.json: units[0].groups[1].leaver_rate[\"2022-13\"]: must be a number, got a string",
           "plan.json: units[0].groups[1].leaver_rate: mixes FY keys (\"2022/23\") and month keys (\"2023-01\"): "
           "use one kind");
}

Test(schedule, checked_without_a_calendar) {
    /* With no valid start or length, schedules are still checked, never expanded. */
    cr_assert(expand("{\"2022/23\": 0.1}", NULL, 0, 0, 1));
    cr_assert_not(expand("{\"2022/23\": 7, \"2022-13\": 0}", NULL, 0, 0, 1));
    EXPECT("plan.json: units[0].groups[1].leaver_rate[\"2022/23\"]: must be within [0, 1], got 7",
           "plan.json: units[0].groups[1].leaver_rate[\"2022-13\"]: bad month label: the month must be 01 to 12");
    cr_expect_eq(out[0], -999);
}

Test(schedule, label_parse) {
    gp_month m = 0;
    cr_expect_eq(gp_label_parse("2022-04", &m), GP_LABEL_MONTH);
    cr_expect_eq(m, gp_month_make(2022, 4));
    cr_expect_eq(gp_label_parse("2023/24", &m), GP_LABEL_FY);
    cr_expect_eq(m, gp_month_make(2023, 4));
    cr_expect_eq(gp_label_parse("2099/00", &m), GP_LABEL_FY);
    cr_expect_eq(m, gp_month_make(2099, 4));
    cr_expect_eq(gp_label_parse("2022", &m), GP_LABEL_BAD);
    cr_expect_eq(gp_label_parse("", &m), GP_LABEL_BAD);
    cr_expect_eq(gp_label_parse("2022/23x", &m), GP_LABEL_BAD);
    cr_expect_eq(gp_label_parse("2022-04x", &m), GP_LABEL_BAD);
}
