/*
** tests/test_calendar.c: month and FY labels and the plan horizon
** (core/calendar.c, MODEL.md §1 and §9).
*/
#include <criterion/criterion.h>
#include <string.h>

#include "gapplan/calendar.h"

static gp_month month(const char *label) {
    gp_month m = -1;
    cr_assert(gp_month_parse(label, &m), "%s should parse", label);
    return m;
}

static gp_calendar calendar(const char *start, int months) {
    gp_calendar cal;
    gp_calendar_init(&cal, month(start), months);
    return cal;
}

Test(month_label, parses_exact_shape) {
    cr_expect_eq(month("2022-04"), 2022 * 12 + 3);
    cr_expect_eq(month("1900-01"), 1900 * 12);
    cr_expect_eq(month("2199-12"), 2199 * 12 + 11);
    cr_expect_eq(month("2023-03"), gp_month_make(2023, 3));
    gp_month m = month("2024-10");
    cr_expect_eq(gp_month_year(m), 2024);
    cr_expect_eq(gp_month_of_year(m), 10);
}

Test(month_label, rejects_everything_else) {
    static const char *const bad[] = {
        "2022-13", "2022-00", "1899-12", "2200-01", "2022-4",   " 2022-04", "2022-04 ", "2022/24",
        "2022/2023", "+022-04", "2022-+4", "",      "2022-04x", "abcd-ef", "2022_04",  "2022-0a",
        "22-04",   "02022-04", "2022--4", "-022-04", "2022-1 ", "2022\n04", "2022-04\n", "２０２２-04",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gp_month m = 12345;
        cr_expect_not(gp_month_parse(bad[i], &m), "\"%s\" must be rejected", bad[i]);
        cr_expect_eq(m, 12345, "\"%s\": out must be untouched on failure", bad[i]);
    }
    gp_month m;
    cr_expect_not(gp_month_parse(NULL, &m));
}

Test(fy_label, parses_and_checks_the_second_year) {
    int fy = 0;
    cr_expect(gp_fy_parse("2022/23", &fy));
    cr_expect_eq(fy, 2022);
    cr_expect(gp_fy_parse("1999/00", &fy));
    cr_expect_eq(fy, 1999);
    cr_expect(gp_fy_parse("1900/01", &fy));
    cr_expect_eq(fy, 1900);
    cr_expect(gp_fy_parse("2198/99", &fy));
    cr_expect_eq(fy, 2198);
    static const char *const bad[] = {
        "2022/24", "2022/2023", "2022-23", "1899/00", "2199/00", " 2022/23", "2022/3",
        "22/23",   "2022/23 ",  "2022/22", "",        "2022/ 3", "2022/+3", "2022\\23",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fy = 4321;
        cr_expect_not(gp_fy_parse(bad[i], &fy), "\"%s\" must be rejected", bad[i]);
        cr_expect_eq(fy, 4321);
    }
    cr_expect_not(gp_fy_parse(NULL, &fy));
}

Test(labels, format_round_trips_every_month_and_fy) {
    char buf[GP_LABEL_SIZE];
    for (gp_month m = gp_month_make(GP_YEAR_MIN, 1); m <= gp_month_make(GP_YEAR_MAX, 12); m++) {
        gp_month_format(m, buf);
        cr_assert_eq(strlen(buf), 7);
        gp_month back = -1;
        cr_assert(gp_month_parse(buf, &back), "%s", buf);
        cr_assert_eq(back, m, "%s", buf);
    }
    for (int fy = GP_YEAR_MIN; fy < GP_YEAR_MAX; fy++) {
        gp_fy_format(fy, buf);
        int back = -1;
        cr_assert(gp_fy_parse(buf, &back), "%s", buf);
        cr_assert_eq(back, fy);
    }
    gp_month_format(gp_month_make(2022, 4), buf);
    cr_expect_str_eq(buf, "2022-04");
    gp_month_format(gp_month_make(1999, 12), buf);
    cr_expect_str_eq(buf, "1999-12");
    gp_fy_format(2022, buf);
    cr_expect_str_eq(buf, "2022/23");
    gp_fy_format(1999, buf);
    cr_expect_str_eq(buf, "1999/00");
    gp_fy_format(1899, buf); /* the FY of January 1900: formatted though it cannot be parsed */
    cr_expect_str_eq(buf, "1899/00");
}

Test(fy, of_january_march_april_december) {
    cr_expect_eq(gp_month_fy(month("2023-01")), 2022);
    cr_expect_eq(gp_month_fy(month("2023-03")), 2022);
    cr_expect_eq(gp_month_fy(month("2023-04")), 2023);
    cr_expect_eq(gp_month_fy(month("2022-12")), 2022);
    cr_expect_eq(gp_month_fy(month("1900-01")), 1899);
    cr_expect_eq(gp_fy_first_month(2022), month("2022-04"));
}

Test(calendar, april_start_whole_years) {
    gp_calendar cal = calendar("2022-04", 24);
    cr_expect_eq(cal.first_fy, 2022);
    cr_expect_eq(cal.nfys, 2);
    int a, b;
    gp_calendar_fy_periods(&cal, 0, &a, &b);
    cr_expect(a == 0 && b == 11, "got %d..%d", a, b);
    gp_calendar_fy_periods(&cal, 1, &a, &b);
    cr_expect(a == 12 && b == 23, "got %d..%d", a, b);
    cr_expect_not(gp_calendar_fy_partial(&cal, 0));
    cr_expect_not(gp_calendar_fy_partial(&cal, 1));
    cr_expect_eq(gp_calendar_fy_index(&cal, 11), 0);
    cr_expect_eq(gp_calendar_fy_index(&cal, 12), 1);
}

Test(calendar, april_steps) {
    gp_calendar cal = calendar("2022-04", 25);
    for (int t = 0; t < 25; t++)
        cr_expect_eq(gp_calendar_april_step(&cal, t), t == 12 || t == 24, "t = %d", t);
    cal = calendar("2022-01", 15);
    for (int t = 0; t < 15; t++)
        cr_expect_eq(gp_calendar_april_step(&cal, t), t == 3, "t = %d", t);
}

Test(calendar, january_start_partial_first_fy) {
    /* 2022-01 .. 2023-03: Jan-Mar 2022 in 2021/22 (partial), then all of 2022/23. */
    gp_calendar cal = calendar("2022-01", 15);
    cr_expect_eq(cal.first_fy, 2021);
    cr_expect_eq(cal.nfys, 2);
    int a, b;
    gp_calendar_fy_periods(&cal, 0, &a, &b);
    cr_expect(a == 0 && b == 2, "got %d..%d", a, b);
    cr_expect(gp_calendar_fy_partial(&cal, 0));
    gp_calendar_fy_periods(&cal, 1, &a, &b);
    cr_expect(a == 3 && b == 14, "got %d..%d", a, b);
    cr_expect_not(gp_calendar_fy_partial(&cal, 1));
    char buf[GP_LABEL_SIZE];
    gp_calendar_fy_label(&cal, 0, buf);
    cr_expect_str_eq(buf, "2021/22");
    gp_calendar_fy_label(&cal, 1, buf);
    cr_expect_str_eq(buf, "2022/23");
    gp_calendar_month_label(&cal, 0, buf);
    cr_expect_str_eq(buf, "2022-01");
    gp_calendar_month_label(&cal, 14, buf);
    cr_expect_str_eq(buf, "2023-03");
    cr_expect_eq(gp_calendar_fy_index(&cal, 2), 0);
    cr_expect_eq(gp_calendar_fy_index(&cal, 3), 1);
}

Test(calendar, july_start_partial_at_both_ends) {
    /* 2022-07 .. 2023-06: nine months of 2022/23, three of 2023/24. */
    gp_calendar cal = calendar("2022-07", 12);
    cr_expect_eq(cal.first_fy, 2022);
    cr_expect_eq(cal.nfys, 2);
    int a, b;
    gp_calendar_fy_periods(&cal, 0, &a, &b);
    cr_expect(a == 0 && b == 8, "got %d..%d", a, b);
    gp_calendar_fy_periods(&cal, 1, &a, &b);
    cr_expect(a == 9 && b == 11, "got %d..%d", a, b);
    cr_expect(gp_calendar_fy_partial(&cal, 0));
    cr_expect(gp_calendar_fy_partial(&cal, 1));
}

Test(calendar, one_month_and_the_longest_horizon) {
    gp_calendar cal = calendar("2022-03", 1);
    cr_expect_eq(cal.first_fy, 2021);
    cr_expect_eq(cal.nfys, 1);
    int a, b;
    gp_calendar_fy_periods(&cal, 0, &a, &b);
    cr_expect(a == 0 && b == 0);
    cr_expect(gp_calendar_fy_partial(&cal, 0));
    cal = calendar("2022-04", GP_MONTHS_MAX);
    cr_expect_eq(cal.nfys, 50);
    gp_calendar_fy_periods(&cal, 49, &a, &b);
    cr_expect(a == 588 && b == 599);
    cr_expect_not(gp_calendar_fy_partial(&cal, 49));
    cal = calendar("2022-05", GP_MONTHS_MAX);
    cr_expect_eq(cal.nfys, 51);
    cr_expect(gp_calendar_fy_partial(&cal, 0));
    cr_expect(gp_calendar_fy_partial(&cal, 50));
}

Test(calendar, label_periods_inside_and_outside_the_horizon) {
    gp_calendar cal = calendar("2022-07", 24);
    int a = 99, b = 99;
    cr_assert(gp_calendar_label_periods(&cal, "2022-07", &a, &b));
    cr_expect(a == 0 && b == 0, "got %d..%d", a, b);
    cr_assert(gp_calendar_label_periods(&cal, "2023-01", &a, &b));
    cr_expect(a == 6 && b == 6);
    cr_assert(gp_calendar_label_periods(&cal, "2022-04", &a, &b));
    cr_expect(a == -3 && b == -3, "before the horizon: %d..%d", a, b);
    cr_assert(gp_calendar_label_periods(&cal, "2030-07", &a, &b));
    cr_expect(a == 96 && b == 96);
    /* An FY runs April..March whatever the start. */
    cr_assert(gp_calendar_label_periods(&cal, "2022/23", &a, &b));
    cr_expect(a == -3 && b == 8, "got %d..%d", a, b);
    cr_assert(gp_calendar_label_periods(&cal, "2023/24", &a, &b));
    cr_expect(a == 9 && b == 20, "got %d..%d", a, b);
    cr_assert(gp_calendar_label_periods(&cal, "2020/21", &a, &b));
    cr_expect(a == -27 && b == -16, "got %d..%d", a, b);
    cr_assert(gp_calendar_label_periods(&cal, "2040/41", &a, &b));
    cr_expect(a == 213 && b == 224, "got %d..%d", a, b);
    a = b = 99;
    cr_expect_not(gp_calendar_label_periods(&cal, "2022-13", &a, &b));
    cr_expect_not(gp_calendar_label_periods(&cal, "2022/24", &a, &b));
    cr_expect_not(gp_calendar_label_periods(&cal, "2022", &a, &b));
    cr_expect(a == 99 && b == 99, "untouched on failure");
}
