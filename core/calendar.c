/*
** core/calendar.c: month and financial-year labels and a plan's horizon
** (gapplan/calendar.h, MODEL.md §1 and §9).
**
** Labels are parsed by hand, not with sscanf: "%d" would accept " 2022",
** "+2022" and "2022-4", and a plan file must say exactly one thing.
*/
#include "gapplan/calendar.h"

/* "YYYY-MM" and "YYYY/YY" are both this many characters. */
#define LABEL_LEN 7

static bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/* The value of n ASCII digits at s, or -1 when any of them is not a digit. */
static int digits(const char *s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* True when label has exactly LABEL_LEN characters with `sep` at index 4. */
static bool label_shape(const char *label, char sep) {
    /* Stop at the first NUL so a short label is never read past its end. */
    for (int i = 0; i < LABEL_LEN; i++)
        if (label[i] == '\0')
            return false;
    return label[LABEL_LEN] == '\0' && label[4] == sep;
}

bool gp_month_parse(const char *label, gp_month *out) {
    if (!label || !label_shape(label, '-'))
        return false;
    int year = digits(label, 4), month = digits(label + 5, 2);
    if (year < GP_YEAR_MIN || year > GP_YEAR_MAX || month < 1 || month > 12)
        return false;
    *out = gp_month_make(year, month);
    return true;
}

bool gp_fy_parse(const char *label, int *out_fy) {
    if (!label || !label_shape(label, '/'))
        return false;
    int year = digits(label, 4), next = digits(label + 5, 2);
    /* The FY runs April `year` to March `year + 1`: both years must be valid month-label years. */
    if (year < GP_YEAR_MIN || year + 1 > GP_YEAR_MAX || next < 0 || next != (year + 1) % 100)
        return false;
    *out_fy = year;
    return true;
}

/* Write the last n decimal digits of v (v >= 0), zero-padded. */
static void put_digits(char *buf, int v, int n) {
    for (int i = n - 1; i >= 0; i--) {
        buf[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* Years outside 0..9999 cannot be written in four digits; plans never hold them (GP_YEAR_MIN..MAX). */
static int four_digit_year(int year) {
    return year < 0 ? 0 : year > 9999 ? 9999 : year;
}

void gp_month_format(gp_month m, char buf[GP_LABEL_SIZE]) {
    put_digits(buf, four_digit_year(gp_month_year(m)), 4);
    buf[4] = '-';
    put_digits(buf + 5, gp_month_of_year(m), 2);
    buf[LABEL_LEN] = '\0';
}

void gp_fy_format(int fy, char buf[GP_LABEL_SIZE]) {
    int year = four_digit_year(fy);
    put_digits(buf, year, 4);
    buf[4] = '/';
    put_digits(buf + 5, (year + 1) % 100, 2);
    buf[LABEL_LEN] = '\0';
}

void gp_calendar_init(gp_calendar *cal, gp_month start, int months) {
    cal->start = start;
    cal->months = months > 0 ? months : 0;
    cal->first_fy = gp_month_fy(start);
    cal->nfys = cal->months > 0 ? gp_month_fy(start + cal->months - 1) - cal->first_fy + 1 : 0;
}

void gp_calendar_fy_periods(const gp_calendar *cal, int f, int *first, int *last) {
    int a = gp_fy_first_month(cal->first_fy + f) - cal->start;
    int b = a + 11;
    *first = a < 0 ? 0 : a;
    *last = b > cal->months - 1 ? cal->months - 1 : b;
}

bool gp_calendar_fy_partial(const gp_calendar *cal, int f) {
    int first, last;
    gp_calendar_fy_periods(cal, f, &first, &last);
    return last - first + 1 < 12;
}

void gp_calendar_month_label(const gp_calendar *cal, int t, char buf[GP_LABEL_SIZE]) {
    gp_month_format(cal->start + t, buf);
}

void gp_calendar_fy_label(const gp_calendar *cal, int f, char buf[GP_LABEL_SIZE]) {
    gp_fy_format(cal->first_fy + f, buf);
}

bool gp_calendar_label_periods(const gp_calendar *cal, const char *label, int *first, int *last) {
    gp_month m;
    int fy;
    if (gp_month_parse(label, &m)) {
        *first = *last = m - cal->start;
        return true;
    }
    if (gp_fy_parse(label, &fy)) {
        *first = gp_fy_first_month(fy) - cal->start;
        *last = *first + 11;
        return true;
    }
    return false;
}
