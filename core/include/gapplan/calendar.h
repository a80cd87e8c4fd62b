/*
** gapplan/calendar.h: months, financial years (April to March) and their
** labels, as MODEL.md §1 defines them.
**
** A month is held as an int counting months from January of year 0
** (year * 12 + month - 1), so month arithmetic is integer arithmetic. An FY is
** held as the calendar year in which it starts: 2022 is "2022/23".
*/
#ifndef GAPPLAN_CALENDAR_H
#define GAPPLAN_CALENDAR_H

#include <stdbool.h>

typedef int gp_month;

/* Month labels are "YYYY-MM" with years in this range (MODEL.md §9). */
#define GP_YEAR_MIN 1900
#define GP_YEAR_MAX 2199
/* A plan's horizon: 1..600 months (MODEL.md §1). */
#define GP_MONTHS_MAX 600
/* "2022-04" and "2022/23" both fit in 8 bytes with the NUL. */
#define GP_LABEL_SIZE 8

/** Parse "YYYY-MM" (exactly that shape, years GP_YEAR_MIN..GP_YEAR_MAX). */
bool gp_month_parse(const char *label, gp_month *out);
/** Parse "YYYY/YY" where YY is the last two digits of YYYY + 1; out is YYYY. */
bool gp_fy_parse(const char *label, int *out_fy);
/** Write "YYYY-MM" into buf (GP_LABEL_SIZE bytes). */
void gp_month_format(gp_month m, char buf[GP_LABEL_SIZE]);
/** Write "YYYY/YY" into buf (GP_LABEL_SIZE bytes). */
void gp_fy_format(int fy, char buf[GP_LABEL_SIZE]);

static inline gp_month gp_month_make(int year, int month) { return year * 12 + (month - 1); }
static inline int gp_month_year(gp_month m) { return m / 12; }
/** Calendar month 1..12. */
static inline int gp_month_of_year(gp_month m) { return m % 12 + 1; }
/** The FY (its starting year) that contains month m. */
static inline int gp_month_fy(gp_month m) { return gp_month_of_year(m) >= 4 ? m / 12 : m / 12 - 1; }
/** The first month (April) of an FY. */
static inline gp_month gp_fy_first_month(int fy) { return gp_month_make(fy, 4); }

/*
** A plan's horizon: periods t = 0..months-1 from `start`, and the FYs they
** touch. FY index f = 0..nfys-1 is FY first_fy + f.
*/
typedef struct gp_calendar {
    gp_month start;
    int months;
    int first_fy;
    int nfys;
} gp_calendar;

void gp_calendar_init(gp_calendar *cal, gp_month start, int months);
/** The FY index (0..nfys-1) of period t. */
static inline int gp_calendar_fy_index(const gp_calendar *cal, int t) {
    return gp_month_fy(cal->start + t) - cal->first_fy;
}
/** First and last period (inclusive) of FY index f inside the horizon. */
void gp_calendar_fy_periods(const gp_calendar *cal, int f, int *first, int *last);
/** True when FY index f has fewer than 12 periods inside the horizon. */
bool gp_calendar_fy_partial(const gp_calendar *cal, int f);
/** True when period t is an "April step": t > 0 and its calendar month is April. */
static inline bool gp_calendar_april_step(const gp_calendar *cal, int t) {
    return t > 0 && gp_month_of_year(cal->start + t) == 4;
}
/** Label of period t ("2022-04") and of FY index f ("2022/23"). */
void gp_calendar_month_label(const gp_calendar *cal, int t, char buf[GP_LABEL_SIZE]);
void gp_calendar_fy_label(const gp_calendar *cal, int f, char buf[GP_LABEL_SIZE]);

/*
** Periods of a month or FY label, counted from the plan's start; they may lie
** outside 0..months-1 (before the horizon: negative). `first` is the label's
** first period, `last` its last. Returns false when the label is neither a
** valid month nor a valid FY label.
*/
bool gp_calendar_label_periods(const gp_calendar *cal, const char *label, int *first, int *last);

#endif
