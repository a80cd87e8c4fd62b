/*
** core/fields.c: the input fields of each plan block, with their defaults,
** ranges, units and one-line docs (plan.h).
**
** These tables are the single statement of MODEL.md §3-§6 and the ranges of
** §9: the loader reads and checks fields through them, the validator re-checks
** plugin edits through them, the Lua binding exposes them and the workbook's
** Assumptions sheet labels them. A field is added here and nowhere else.
*/
#include "gapplan/plan.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

/* The ranges of MODEL.md §9, by kind of quantity. */
#define SHARE 0.0, 1.0             /* rates, shares, fills, efficiency */
#define GROWTH -0.5, 1.0           /* establishment_growth, pay_award, non_pay_inflation */
#define NONNEG 0.0, HUGE_VAL       /* FTE, costs, premiums, envelopes, pathways */
#define ELASTICITY 0.0, 10.0       /* workforce_elasticity */
#define MONTH_OF_YEAR 1.0, 12.0    /* intake_month */
#define ANY_BOOL 0.0, 1.0          /* booleans: the range is not used */

/* `need` is REQUIRED or DEFAULT(v): the `required` and `default_value` members. */
#define SCHEDULE(block, name, need, range, unit, doc) \
    {#name, GP_FIELD_SCHEDULE, need, range, offsetof(block, name), unit, doc}
#define NUMBER(block, name, need, range, unit, doc) \
    {#name, GP_FIELD_NUMBER, need, range, offsetof(block, name), unit, doc}

#define REQUIRED true, 0.0
#define DEFAULT(v) false, (v)

static const gp_field group_fields[] = {
    NUMBER(gp_group, establishment, REQUIRED, NONNEG, "FTE", "funded posts at the start"),
    SCHEDULE(gp_group, establishment_growth, DEFAULT(0), GROWTH, "fraction/yr",
             "growth of the establishment, applied each April"),
    NUMBER(gp_group, staff_in_post, REQUIRED, NONNEG, "FTE", "staff in post at the start"),
    SCHEDULE(gp_group, leaver_rate, REQUIRED, SHARE, "fraction/yr",
             "leavers per year as a share of staff in post"),
    SCHEDULE(gp_group, fill_rate, DEFAULT(0), SHARE, "fraction/month",
             "share of open vacancies filled by domestic recruitment each month"),
    SCHEDULE(gp_group, newly_qualified, DEFAULT(0), NONNEG, "FTE/yr",
             "newly qualified intake, all arriving in the intake month"),
    {"intake_month", GP_FIELD_INTEGER, false, 9, MONTH_OF_YEAR, offsetof(gp_group, intake_month),
     "month 1-12", "calendar month of the newly qualified intake"},
    SCHEDULE(gp_group, international, DEFAULT(0), NONNEG, "FTE/yr",
             "international recruits, spread evenly over the year"),
    SCHEDULE(gp_group, other_joiners, DEFAULT(0), NONNEG, "FTE/yr",
             "returners, reservists and other joiners, spread evenly over the year"),
    SCHEDULE(gp_group, absence_rate, REQUIRED, SHARE, "fraction",
             "sickness absence: share of staff-in-post time lost"),
    SCHEDULE(gp_group, budgeted_absence, DEFAULT(0), SHARE, "fraction",
             "absence headroom built into the establishment"),
    NUMBER(gp_group, cost_per_fte, REQUIRED, NONNEG, "£/yr",
           "average annual cost of one substantive FTE (pay and on-costs) at the start"),
    SCHEDULE(gp_group, pay_award, DEFAULT(0), GROWTH, "fraction/yr",
             "uplift of the cost per FTE, applied each April"),
    SCHEDULE(gp_group, bank_fill, DEFAULT(0), SHARE, "fraction",
             "share of the staffing gap covered by bank staff"),
    SCHEDULE(gp_group, agency_fill, DEFAULT(0), SHARE, "fraction",
             "share of the staffing gap covered by agency staff"),
    SCHEDULE(gp_group, bank_premium, DEFAULT(1), NONNEG, "multiple",
             "bank cost per FTE as a multiple of the substantive cost"),
    SCHEDULE(gp_group, agency_premium, DEFAULT(1), NONNEG, "multiple",
             "agency cost per FTE as a multiple of the substantive cost"),
    {"clinical", GP_FIELD_BOOLEAN, false, 1, ANY_BOOL, offsetof(gp_group, clinical), "yes/no",
     "counts towards elective capacity"},
};

static const gp_field finance_fields[] = {
    SCHEDULE(gp_finance, revenue_envelope, REQUIRED, NONNEG, "£/yr", "recurrent revenue allocation"),
    NUMBER(gp_finance, non_pay, DEFAULT(0), NONNEG, "£/yr", "non-pay costs in the first financial year"),
    SCHEDULE(gp_finance, non_pay_inflation, DEFAULT(0), GROWTH, "fraction/yr",
             "uplift of non-pay costs, applied each April"),
    SCHEDULE(gp_finance, efficiency_required, DEFAULT(0), SHARE, "fraction",
             "efficiency requirement as a share of the cost base"),
    SCHEDULE(gp_finance, efficiency_achieved, DEFAULT(1), SHARE, "fraction",
             "share of the efficiency requirement actually delivered"),
};

static const gp_field capital_fields[] = {
    SCHEDULE(gp_capital, envelope, DEFAULT(0), NONNEG, "£/yr", "capital allocation (CDEL)"),
};

static const gp_field backlog_fields[] = {
    NUMBER(gp_backlog, waiting_list, REQUIRED, NONNEG, "pathways", "waiting list at the start"),
    SCHEDULE(gp_backlog, referrals, REQUIRED, NONNEG, "pathways/month", "new clock starts per month"),
    SCHEDULE(gp_backlog, capacity, REQUIRED, NONNEG, "pathways/month",
             "clock stops per month at the starting workforce"),
    NUMBER(gp_backlog, hidden_demand, DEFAULT(0), NONNEG, "pathways",
           "missing referrals not yet on the list at the start"),
    SCHEDULE(gp_backlog, hidden_return_rate, DEFAULT(0), SHARE, "fraction/month",
             "share of the remaining hidden demand referred each month"),
    NUMBER(gp_backlog, workforce_elasticity, DEFAULT(1), ELASTICITY, "number",
           "how strongly capacity follows clinical staffing"),
    SCHEDULE(gp_backlog, longest_first_share, DEFAULT(0.5), SHARE, "fraction",
             "share of clock stops taken longest wait first; the rest in proportion"),
    SCHEDULE(gp_backlog, renege_rate, DEFAULT(0), SHARE, "fraction/month",
             "share of every waiting bucket removed each month without treatment"),
};

#define TABLE(a) {a, sizeof a / sizeof a[0]}

/* The loader tracks a block's fields in 32-bit masks (GP_LOAD_MAX_FIELDS in plan_load.h). */
#define FITS_MASK(a) (sizeof a / sizeof a[0] <= 32)
_Static_assert(FITS_MASK(group_fields) && FITS_MASK(finance_fields) && FITS_MASK(capital_fields) &&
                   FITS_MASK(backlog_fields),
               "a field table outgrew the loader's masks");

const gp_field_table gp_group_fields = TABLE(group_fields);
const gp_field_table gp_finance_fields = TABLE(finance_fields);
const gp_field_table gp_capital_fields = TABLE(capital_fields);
const gp_field_table gp_backlog_fields = TABLE(backlog_fields);

const gp_field *gp_field_find(const gp_field_table *table, const char *name) {
    for (size_t i = 0; i < table->count; i++)
        if (strcmp(table->fields[i].name, name) == 0)
            return &table->fields[i];
    return NULL;
}
