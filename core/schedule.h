/*
** core/schedule.h (private): schedules read from JSON and expanded to one
** value a period (MODEL.md §2 and §9).
**
** A schedule is a number (the same value in every period) or an object whose
** keys are all FY labels ("2022/23") or all month labels ("2022-04"). Keys are
** applied in time order whatever their order in the file: each sets the value
** from its first period until the next key; periods before the first key take
** the first key's value; keys after the horizon are ignored (but still
** checked), and when every key lies after the horizon the first key's value
** fills it. Every value is range-checked, inside the horizon or not.
*/
#ifndef GP_SCHEDULE_H
#define GP_SCHEDULE_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "gapplan/calendar.h"
#include "report.h"

/* Keys of a schedule sorted on the stack; more than this take one malloc. */
#define GP_SCHEDULE_STACK_KEYS 64

/*
** Check the schedule `json` (r's path points at it) and, when `out` is not
** NULL, expand it into cal->months values. `cal` may be NULL when the plan's
** start or length is itself invalid: every check that does not need the
** calendar is still made (types, labels, kinds, ranges), and `out` must then
** be NULL. Each problem is reported, with the label in the path for a value
** ("leaver_rate[\"2023/24\"]: must be within [0, 1], got 1.7"). Returns true
** when the schedule is valid (and `out` filled); false otherwise, `out` then
** holding nothing useful.
*/
bool gp_schedule_load(const cJSON *json, const gp_calendar *cal, double min, double max, gp_reporter *r,
                      double *out);

/* What a label is. */
typedef enum gp_label_kind { GP_LABEL_BAD, GP_LABEL_MONTH, GP_LABEL_FY } gp_label_kind;

/*
** Classify `label` and give its first month in *first (any month for a month
** label, April for an FY label). A bad label leaves *first alone.
*/
gp_label_kind gp_label_parse(const char *label, gp_month *first);

/*
** Why `label` (known to be bad) is not a month or FY label, as a message:
** "bad month label: the month must be 01 to 12", "bad FY label: the FY
** starting in April 2022 is 2022/23", ... With `month_only`, text that is
** neither is told that a month label (YYYY-MM) was expected.
*/
void gp_label_problem(const char *label, bool month_only, char *buf, size_t size);

#endif
