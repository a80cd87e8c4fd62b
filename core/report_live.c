/*
** core/report_live.c: the live board pack: every computed figure a formula
** (report_xlsx.h, gp_live_*).
**
** The Assumptions sheet holds the inputs (each run's plan after its
** plugins), one row per input, one column per month. The Monthly sheet
** computes MODEL.md §3 to §6 from them, a row per series, a column per
** month, each cell a formula over Assumptions and the cells of the month
** before; the waiting list's 25 buckets and the clock-stop mechanics are
** worked on a helper sheet, "Waiting list workings". The FY figures of
** Summary, Workforce, Finance and Backlog are formulas over Monthly: the
** sum of the FY's months for a flow, the closing month for a stock. Every
** formula carries the core's value as its cached result, so the pack shows
** the same figures before and after a spreadsheet recalculates it.
**
** The formulas follow the C core's order of operations (S * lr / 12, sums
** from the first term, (PAY + BANK) + AGY), so a recalculation agrees with
** the core to the last bits (LibreOffice's SUM compensates its rounding;
** the difference is below 1e-15 relative).
**
** This file knows where every row is: it lays the three sheets out first
** (gp_live_prepare) in the same order as their writers go, then gives the
** writers a formula for each cell.
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gapplan/calendar.h"
#include "report_xlsx.h"

/* Columns before the months on each sheet (the writers use the same). */
#define MONTHLY_KEYS GP_XLSX_MONTHLY_KEYS
#define ASSUMPTION_KEYS GP_XLSX_ASSUMPTION_KEYS
#define WORKINGS_KEYS GP_XLSX_WORKINGS_KEYS

/* Rows of one unit's block on the workings sheet (see the enum below). */
#define BUCKETS GP_BUCKETS
enum {
    WK_W = 0,                  /* w_b: the opening buckets */
    WK_KEPT = WK_W + BUCKETS,  /* w_b - w_b * renege_rate */
    WK_POOL = WK_KEPT + BUCKETS,
    WK_XP,                     /* the proportional part of the clock stops */
    WK_XL,                     /* the longest-first part */
    WK_SHARE,                  /* Xp / P */
    WK_Q = WK_SHARE + 1,       /* each kept bucket after the proportional part */
    WK_QN = WK_Q + BUCKETS,    /* the new clock starts after it */
    WK_LEFT = WK_QN + 1,       /* longest-first stops still to take before bucket b */
    WK_LEFT_N = WK_LEFT + BUCKETS,
    WK_R = WK_LEFT_N + 1,      /* what remains of each bucket */
    WK_RN = WK_R + BUCKETS,    /* what remains of the new starts */
    WK_CS,                     /* clinical staffing: available, bank and agency of clinical groups */
    WK_ROWS
};

/* Where a unit's rows are. Rows are 0-based; 0 means "none" where a block may be absent (row 0 is a header). */
typedef struct live_unit {
    lxw_row_t in_group, in_finance, in_pressures, in_funding, in_capital, in_schemes, in_backlog, in_profile;
    lxw_row_t mo_group, mo_finance, mo_pressures, mo_funding, mo_backlog;
    lxw_row_t wk; /* the workings block's first data row */
} live_unit;

struct gp_live {
    char monthly[80], assumptions[80], workings[80]; /* the sheets as formula references */
    live_unit **runs;                                 /* runs[k][u], u = nunits: all units */
    size_t nruns;
    lxw_row_t workings_rows;
};

/* A formula being built; `over` when it did not fit (the caller then writes the value). */
typedef struct fbuf {
    char *s;
    size_t size, len;
    bool over;
} fbuf;

static void put(fbuf *b, const char *fmt, ...) {
    if (b->over)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->s + b->len, b->size - b->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= b->size - b->len)
        b->over = true;
    else
        b->len += (size_t)n;
}

/* A cell reference, with the sheet when given and $ on the column when `abs_col`. */
static void cell(fbuf *b, const char *sheet, lxw_row_t row, lxw_col_t col, bool abs_col) {
    char ref[24];
    lxw_rowcol_to_cell_abs(ref, row, col, 0, abs_col);
    put(b, "%s%s%s", sheet ? sheet : "", sheet ? "!" : "", ref);
}

/* ---- layout ----------------------------------------------------------------------------------- */

static size_t field_index(const gp_field_table *t, const char *name) {
    const gp_field *f = gp_field_find(t, name);
    return f ? (size_t)(f - t->fields) : 0;
}

/* The sheet name of the first template sheet of `kind`, as a formula reference; false when there is none. */
static bool sheet_of(const gp_template *tpl, gp_sheet_kind kind, char *out, size_t size) {
    for (size_t i = 0; i < tpl->nsheets; i++)
        if (tpl->sheets[i].kind == kind) {
            gp_xlsx_sheet_ref(out, size, tpl->sheets[i].name);
            return true;
        }
    return false;
}

bool gp_live_possible(const gp_report_run *runs, size_t nruns, const gp_template *tpl) {
    char name[80];
    if (!sheet_of(tpl, GP_SHEET_MONTHLY, name, sizeof name) || !sheet_of(tpl, GP_SHEET_ASSUMPTIONS, name, sizeof name))
        return false;
    /* a system's transfers between units are not in the formulas (docs/templates.md): such plans are values */
    for (size_t k = 0; k < nruns; k++)
        if (!runs[k].plan || runs[k].plan->nsystems || runs[k].result->nsystems)
            return false;
    return true;
}

bool gp_live_wanted(const gp_report_run *runs, size_t nruns, const gp_template *tpl) {
    size_t cells = 0;
    if (!gp_live_possible(runs, nruns, tpl))
        return false;
    for (size_t k = 0; k < nruns; k++) {
        if (runs[k].plan->nunits > GP_LIVE_UNITS_MAX)
            return false;
        cells += gp_plan_group_count(runs[k].plan) * (size_t)runs[k].result->cal.months;
    }
    return cells <= GP_LIVE_GROUP_MONTHS_MAX;
}

static void lay_out_inputs(const gp_plan *plan, live_unit *lu, lxw_row_t *row) {
    const size_t NG = gp_group_fields.count, NF = gp_finance_fields.count, NC = gp_capital_fields.count,
                 NB = gp_backlog_fields.count;
    for (size_t u = 0; u < plan->nunits; u++) {
        const gp_unit *unit = &plan->units[u];
        lu[u].in_group = *row;
        *row += (lxw_row_t)(unit->ngroups * NG);
        if (unit->finance) {
            lu[u].in_finance = *row;
            *row += (lxw_row_t)NF;
            lu[u].in_pressures = *row;
            *row += (lxw_row_t)unit->finance->pressures.count;
            lu[u].in_funding = *row;
            *row += (lxw_row_t)unit->finance->funding.count;
            lu[u].in_capital = *row;
            *row += (lxw_row_t)NC;
            lu[u].in_schemes = *row;
            *row += (lxw_row_t)unit->finance->capital.schemes.count;
        }
        if (unit->backlog) {
            lu[u].in_backlog = *row;
            *row += (lxw_row_t)NB;
            lu[u].in_profile = (*row)++;
        }
    }
}

static void lay_out_monthly(const gp_unit_result *ur, live_unit *lu, lxw_row_t *row) {
    lu->mo_group = *row;
    *row += (lxw_row_t)((ur->ngroups + 1) * GP_GROUP_SERIES_COUNT);
    if (ur->finance) {
        lu->mo_finance = *row;
        *row += (lxw_row_t)ur->finance->nseries;
        lu->mo_pressures = *row;
        *row += (lxw_row_t)ur->pressures->nseries;
        lu->mo_funding = *row;
        *row += (lxw_row_t)ur->funding->nseries;
    }
    if (ur->backlog) {
        lu->mo_backlog = *row;
        *row += (lxw_row_t)ur->backlog->nseries;
    }
}

bool gp_live_prepare(gp_xlsx *x) {
    gp_live *lv = calloc(1, sizeof *lv);
    if (!lv || !(lv->runs = calloc(x->nruns, sizeof *lv->runs))) {
        free(lv);
        return false;
    }
    x->live = lv;
    lv->nruns = x->nruns;
    sheet_of(x->tpl, GP_SHEET_MONTHLY, lv->monthly, sizeof lv->monthly);
    sheet_of(x->tpl, GP_SHEET_ASSUMPTIONS, lv->assumptions, sizeof lv->assumptions);
    gp_xlsx_sheet_ref(lv->workings, sizeof lv->workings, GP_XLSX_WORKINGS_SHEET);
    lxw_row_t in_row = 1, mo_row = 1, wk_row = 1;
    for (size_t k = 0; k < x->nruns; k++) {
        const gp_result *res = x->runs[k].result;
        live_unit *lu = calloc(res->nunits + 1, sizeof *lu);
        if (!lu)
            return false;
        lv->runs[k] = lu;
        lay_out_inputs(x->runs[k].plan, lu, &in_row);
        for (size_t u = 0; u < res->nunits; u++)
            lay_out_monthly(&res->units[u], &lu[u], &mo_row);
        lay_out_monthly(&res->all_units, &lu[res->nunits], &mo_row);
        for (size_t u = 0; u < res->nunits; u++)
            if (res->units[u].backlog) {
                lu[u].wk = wk_row + 1; /* a label row, then the block */
                wk_row += 1 + WK_ROWS;
            }
    }
    lv->workings_rows = wk_row;
    return true;
}

void gp_live_free(gp_xlsx *x) {
    gp_live *lv = x->live;
    if (!lv)
        return;
    for (size_t k = 0; k < lv->nruns; k++)
        free(lv->runs[k]);
    free(lv->runs);
    free(lv);
    x->live = NULL;
}

bool gp_live_has_workings(const gp_xlsx *x) { return x->live && x->live->workings_rows > 1; }

/* ---- references ------------------------------------------------------------------------------- */

/* What one formula is about: the run, the unit (nunits: all units), the month. */
typedef struct at {
    gp_xlsx *x;
    size_t k, u;
    int t;
    const live_unit *lu;
    const gp_plan *plan;
    const gp_result *res;
} at;

static at at_of(gp_xlsx *x, size_t k, size_t u, int t) {
    return (at){x, k, u, t, &x->live->runs[k][u], x->runs[k].plan, x->runs[k].result};
}

/* An input of a unit's group g: its month t (a schedule) or its one value (a number). */
static void in_group(fbuf *b, const at *a, size_t g, const char *field) {
    const gp_field *f = gp_field_find(&gp_group_fields, field);
    lxw_row_t row = a->lu->in_group + (lxw_row_t)(g * gp_group_fields.count + field_index(&gp_group_fields, field));
    bool sched = f && f->kind == GP_FIELD_SCHEDULE;
    cell(b, a->x->live->assumptions, row, (lxw_col_t)(ASSUMPTION_KEYS + (sched ? a->t : 0)), !sched);
}

static void in_block(fbuf *b, const at *a, const gp_field_table *table, lxw_row_t first, const char *field) {
    const gp_field *f = gp_field_find(table, field);
    bool sched = f && f->kind == GP_FIELD_SCHEDULE;
    cell(b, a->x->live->assumptions, first + (lxw_row_t)field_index(table, field),
         (lxw_col_t)(ASSUMPTION_KEYS + (sched ? a->t : 0)), !sched);
}

/* A line's amounts (pressures, funding, schemes) at month t. */
static void in_line(fbuf *b, const at *a, lxw_row_t first, size_t i) {
    cell(b, a->x->live->assumptions, first + (lxw_row_t)i, (lxw_col_t)(ASSUMPTION_KEYS + a->t), false);
}

/* A Monthly cell of the unit's group g (ngroups: total), series s, at month t + dt. */
static void mo_group(fbuf *b, const at *a, size_t u, size_t g, size_t s, int dt) {
    const live_unit *lu = &a->x->live->runs[a->k][u];
    cell(b, NULL, lu->mo_group + (lxw_row_t)(g * GP_GROUP_SERIES_COUNT + s), (lxw_col_t)(MONTHLY_KEYS + a->t + dt),
         false);
}

static void mo_row(fbuf *b, const at *a, lxw_row_t row, int dt, bool other_sheet) {
    cell(b, other_sheet ? a->x->live->monthly : NULL, row, (lxw_col_t)(MONTHLY_KEYS + a->t + dt), false);
}

static void wk(fbuf *b, const at *a, int r, int dt, bool other_sheet) {
    cell(b, other_sheet ? a->x->live->workings : NULL, a->lu->wk + (lxw_row_t)r,
         (lxw_col_t)(WORKINGS_KEYS + a->t + dt), false);
}

/* ---- Monthly: a staff group ------------------------------------------------------------------- */

static bool april_step(const at *a) { return gp_calendar_april_step(&a->res->cal, a->t); }

/* One series of a unit's own group g. */
static void group_formula(fbuf *b, const at *a, size_t g, size_t s) {
    size_t u = a->u;
#define M(series) mo_group(b, a, u, g, series, 0)
#define P(series) mo_group(b, a, u, g, series, -1)
#define I(field) in_group(b, a, g, field)
    put(b, "=");
    switch (s) {
    case GP_S_ESTABLISHMENT:
    case GP_S_COST_PER_FTE: {
        bool est = s == GP_S_ESTABLISHMENT;
        if (a->t == 0)
            I(est ? "establishment" : "cost_per_fte");
        else if (april_step(a))
            P(s), put(b, "*(1+"), I(est ? "establishment_growth" : "pay_award"), put(b, ")");
        else
            P(s);
        break;
    }
    case GP_S_STAFF_IN_POST:
        if (a->t == 0)
            I("staff_in_post");
        else
            P(GP_S_STAFF_IN_POST), put(b, "+"), P(GP_S_JOINERS), put(b, "-"), P(GP_S_LEAVERS);
        break;
    case GP_S_VACANCIES: M(GP_S_ESTABLISHMENT), put(b, "-"), M(GP_S_STAFF_IN_POST); break;
    case GP_S_VACANCY_RATE:
        put(b, "IF("), M(GP_S_ESTABLISHMENT), put(b, "=0,0,"), M(GP_S_VACANCIES), put(b, "/"), M(GP_S_ESTABLISHMENT),
            put(b, ")");
        break;
    case GP_S_LEAVERS: M(GP_S_STAFF_IN_POST), put(b, "*"), I("leaver_rate"), put(b, "/12"); break;
    case GP_S_JOINERS:
        M(GP_S_JOINERS_FILL), put(b, "+"), M(GP_S_NEWLY_QUALIFIED), put(b, "+"), M(GP_S_INTERNATIONAL), put(b, "+"),
            M(GP_S_OTHER_JOINERS);
        break;
    case GP_S_JOINERS_FILL: I("fill_rate"), put(b, "*MAX("), M(GP_S_VACANCIES), put(b, ",0)"); break;
    case GP_S_NEWLY_QUALIFIED:
        put(b, "IF("), I("intake_month"), put(b, "=%d,", gp_month_of_year(a->res->cal.start + a->t)),
            I("newly_qualified"), put(b, ",0)");
        break;
    case GP_S_INTERNATIONAL: I("international"), put(b, "/12"); break;
    case GP_S_OTHER_JOINERS: I("other_joiners"), put(b, "/12"); break;
    case GP_S_ABSENCE_RATE: I("absence_rate"); break;
    case GP_S_AVAILABLE: M(GP_S_STAFF_IN_POST), put(b, "*(1-"), I("absence_rate"), put(b, ")"); break;
    case GP_S_REQUIRED: M(GP_S_ESTABLISHMENT), put(b, "*(1-"), I("budgeted_absence"), put(b, ")"); break;
    case GP_S_STAFFING_GAP: put(b, "MAX("), M(GP_S_REQUIRED), put(b, "-"), M(GP_S_AVAILABLE), put(b, ",0)"); break;
    case GP_S_BANK: M(GP_S_STAFFING_GAP), put(b, "*"), I("bank_fill"); break;
    case GP_S_AGENCY: M(GP_S_STAFFING_GAP), put(b, "*"), I("agency_fill"); break;
    case GP_S_UNFILLED: M(GP_S_STAFFING_GAP), put(b, "-"), M(GP_S_BANK), put(b, "-"), M(GP_S_AGENCY); break;
    case GP_S_PAY_COST: M(GP_S_STAFF_IN_POST), put(b, "*"), M(GP_S_COST_PER_FTE), put(b, "/12"); break;
    case GP_S_BANK_COST:
        M(GP_S_BANK), put(b, "*"), M(GP_S_COST_PER_FTE), put(b, "*"), I("bank_premium"), put(b, "/12");
        break;
    case GP_S_AGENCY_COST:
        M(GP_S_AGENCY), put(b, "*"), M(GP_S_COST_PER_FTE), put(b, "*"), I("agency_premium"), put(b, "/12");
        break;
    default: b->over = true;
    }
#undef M
#undef P
#undef I
}

/* The rates a total recomputes from its sums (MODEL.md §7); false for a summed series. */
static bool total_rate(fbuf *b, const at *a, size_t u, size_t g, size_t s) {
#define M(series) mo_group(b, a, u, g, series, 0)
    switch (s) {
    case GP_S_VACANCY_RATE:
        put(b, "=IF("), M(GP_S_ESTABLISHMENT), put(b, "=0,0,"), M(GP_S_VACANCIES), put(b, "/"),
            M(GP_S_ESTABLISHMENT), put(b, ")");
        return true;
    case GP_S_ABSENCE_RATE:
        put(b, "=IF("), M(GP_S_STAFF_IN_POST), put(b, "=0,0,1-"), M(GP_S_AVAILABLE), put(b, "/"),
            M(GP_S_STAFF_IN_POST), put(b, ")");
        return true;
    case GP_S_COST_PER_FTE:
        put(b, "=IF("), M(GP_S_STAFF_IN_POST), put(b, "=0,0,"), M(GP_S_PAY_COST), put(b, "*12/"),
            M(GP_S_STAFF_IN_POST), put(b, ")");
        return true;
    default: return false;
    }
#undef M
}

/* The all-units group of a unit's group g, by id (MODEL.md §9: one per id, first seen first). */
static size_t au_group_of(const gp_result *res, size_t u, size_t g) {
    const gp_unit_result *au = &res->all_units;
    for (size_t k = 0; k < au->ngroups; k++)
        if (strcmp(au->groups[k].id, res->units[u].groups[g].id) == 0)
            return k;
    return au->ngroups;
}

/* A total's summed series: the unit's groups, or for all units the groups of that id (or the units' totals). */
static void total_sum(fbuf *b, const at *a, size_t g, size_t s) {
    const gp_result *res = a->res;
    bool first = true;
    put(b, "=");
    if (a->u < res->nunits) {
        for (size_t i = 0; i < g; i++, first = false)
            put(b, first ? "" : "+"), mo_group(b, a, a->u, i, s, 0);
    } else if (g == res->all_units.ngroups) {
        for (size_t u = 0; u < res->nunits; u++, first = false)
            put(b, first ? "" : "+"), mo_group(b, a, u, res->units[u].ngroups, s, 0);
    } else {
        for (size_t u = 0; u < res->nunits; u++)
            for (size_t i = 0; i < res->units[u].ngroups; i++)
                if (au_group_of(res, u, i) == g)
                    put(b, first ? "" : "+"), mo_group(b, a, u, i, s, 0), first = false;
    }
    if (first)
        put(b, "0");
}

/* ---- Monthly: finance and its lines ------------------------------------------------------------- */

static void finance_formula(fbuf *b, const at *a, size_t s) {
    const live_unit *lu = a->lu;
    const gp_unit *unit = &a->plan->units[a->u];
    const gp_finance *f = unit->finance;
#define M(series) mo_row(b, a, lu->mo_finance + (lxw_row_t)(series), 0, false)
#define I(field) in_block(b, a, &gp_finance_fields, lu->in_finance, field)
    put(b, "=");
    switch (s) {
    case GP_S_WORKFORCE_COST:
        for (size_t g = 0; g < unit->ngroups; g++) {
            put(b, g ? "+(" : "(");
            mo_group(b, a, a->u, g, GP_S_PAY_COST, 0), put(b, "+"), mo_group(b, a, a->u, g, GP_S_BANK_COST, 0),
                put(b, "+"), mo_group(b, a, a->u, g, GP_S_AGENCY_COST, 0), put(b, ")");
        }
        if (unit->ngroups == 0)
            put(b, "0");
        break;
    case GP_S_NON_PAY:
        if (a->t == 0)
            I("non_pay"), put(b, "/12");
        else if (april_step(a))
            mo_row(b, a, lu->mo_finance + GP_S_NON_PAY, -1, false), put(b, "*(1+"), I("non_pay_inflation"),
                put(b, ")");
        else
            mo_row(b, a, lu->mo_finance + GP_S_NON_PAY, -1, false);
        break;
    case GP_S_PRESSURES:
        for (size_t i = 0; i < f->pressures.count; i++)
            put(b, i ? "+" : ""), mo_row(b, a, lu->mo_pressures + (lxw_row_t)i, 0, false);
        if (f->pressures.count == 0)
            put(b, "0");
        break;
    case GP_S_FUNDING:
        I("revenue_envelope"), put(b, "/12+(");
        for (size_t i = 0; i < f->funding.count; i++)
            put(b, i ? "+" : ""), mo_row(b, a, lu->mo_funding + (lxw_row_t)i, 0, false);
        put(b, f->funding.count ? ")" : "0)");
        break;
    case GP_S_EFFICIENCY_REQUIRED:
        I("efficiency_required"), put(b, "*("), M(GP_S_WORKFORCE_COST), put(b, "+"), M(GP_S_NON_PAY), put(b, ")");
        break;
    case GP_S_EFFICIENCY_ACHIEVED: M(GP_S_EFFICIENCY_REQUIRED), put(b, "*"), I("efficiency_achieved"); break;
    case GP_S_EFFICIENCY_SHORTFALL: M(GP_S_EFFICIENCY_REQUIRED), put(b, "-"), M(GP_S_EFFICIENCY_ACHIEVED); break;
    case GP_S_COST:
        M(GP_S_WORKFORCE_COST), put(b, "+"), M(GP_S_NON_PAY), put(b, "+"), M(GP_S_PRESSURES), put(b, "-"),
            M(GP_S_EFFICIENCY_ACHIEVED);
        break;
    case GP_S_REVENUE_GAP: M(GP_S_COST), put(b, "-"), M(GP_S_FUNDING); break;
    case GP_S_CAPITAL_ENVELOPE:
        in_block(b, a, &gp_capital_fields, lu->in_capital, "envelope"), put(b, "/12");
        break;
    case GP_S_CAPITAL_REQUIREMENT:
        for (size_t i = 0; i < f->capital.schemes.count; i++)
            put(b, i ? "+" : ""), in_line(b, a, lu->in_schemes, i), put(b, "/12");
        if (f->capital.schemes.count == 0)
            put(b, "0");
        break;
    case GP_S_CAPITAL_GAP: M(GP_S_CAPITAL_REQUIREMENT), put(b, "-"), M(GP_S_CAPITAL_ENVELOPE); break;
    default: b->over = true;
    }
#undef M
#undef I
}

/* All units' finance series: the sum over the units that have the block. */
static void sum_over_units(fbuf *b, const at *a, int block, size_t s) {
    const gp_result *res = a->res;
    bool first = true;
    put(b, "=");
    for (size_t u = 0; u < res->nunits; u++) {
        const live_unit *lu = &a->x->live->runs[a->k][u];
        lxw_row_t base = block == 1 ? lu->mo_finance : lu->mo_backlog;
        if (base == 0)
            continue;
        put(b, first ? "" : "+"), mo_row(b, a, base + (lxw_row_t)s, 0, false);
        first = false;
    }
    if (first)
        put(b, "0");
}

/* All units' line named like line i of `lines` (pressures or funding): the sum of the units' lines of that name. */
static void line_sum(fbuf *b, const at *a, const gp_block *lines, size_t i, bool pressures) {
    const gp_result *res = a->res;
    bool first = true;
    put(b, "=");
    for (size_t u = 0; u < res->nunits; u++) {
        const gp_unit_result *ur = &res->units[u];
        const gp_block *ul = pressures ? ur->pressures : ur->funding;
        const live_unit *lu = &a->x->live->runs[a->k][u];
        for (size_t j = 0; ul && j < ul->nseries; j++)
            if (strcmp(ul->series[j].name, lines->series[i].name) == 0) {
                put(b, first ? "" : "+");
                mo_row(b, a, (pressures ? lu->mo_pressures : lu->mo_funding) + (lxw_row_t)j, 0, false);
                first = false;
            }
    }
    if (first)
        put(b, "0");
}

/* ---- Monthly: the waiting list ------------------------------------------------------------------ */

static void backlog_formula(fbuf *b, const at *a, size_t s) {
    const live_unit *lu = a->lu;
#define M(series) mo_row(b, a, lu->mo_backlog + (lxw_row_t)(series), 0, false)
#define I(field) in_block(b, a, &gp_backlog_fields, lu->in_backlog, field)
#define W(r) wk(b, a, r, 0, true)
#define SUMW(from, to) put(b, "SUM("), W(WK_W + (from)), put(b, ":"), wk(b, a, WK_W + (to), 0, false), put(b, ")")
    put(b, "=");
    switch (s) {
    case GP_S_WAITING_LIST: SUMW(0, BUCKETS - 1); break;
    case GP_S_OVER_12M: SUMW(12, BUCKETS - 1); break;
    case GP_S_OVER_15M: SUMW(15, BUCKETS - 1); break;
    case GP_S_OVER_18M: SUMW(18, BUCKETS - 1); break;
    case GP_S_OVER_24M: W(WK_W + BUCKETS - 1); break;
    case GP_S_WITHIN_4M: SUMW(0, 3); break;
    case GP_S_WITHIN_4M_SHARE:
        put(b, "IF("), M(GP_S_WAITING_LIST), put(b, "=0,0,"), M(GP_S_WITHIN_4M), put(b, "/"), M(GP_S_WAITING_LIST),
            put(b, ")");
        break;
    case GP_S_CLOCK_STARTS: I("referrals"), put(b, "+"), M(GP_S_HIDDEN_REFERRED); break;
    case GP_S_HIDDEN_REFERRED: M(GP_S_HIDDEN_REMAINING), put(b, "*"), I("hidden_return_rate"); break;
    case GP_S_HIDDEN_REMAINING:
        if (a->t == 0)
            I("hidden_demand");
        else
            mo_row(b, a, lu->mo_backlog + GP_S_HIDDEN_REMAINING, -1, false), put(b, "-"),
                mo_row(b, a, lu->mo_backlog + GP_S_HIDDEN_REFERRED, -1, false);
        break;
    case GP_S_EFFECTIVE_CAPACITY: I("capacity"), put(b, "*"), M(GP_S_WORKFORCE_FACTOR); break;
    case GP_S_CLOCK_STOPS: put(b, "MIN("), M(GP_S_EFFECTIVE_CAPACITY), put(b, ","), W(WK_POOL), put(b, ")"); break;
    case GP_S_RENEGES: SUMW(0, BUCKETS - 1), put(b, "*"), I("renege_rate"); break;
    case GP_S_WORKFORCE_FACTOR: {
        const gp_unit *unit = &a->plan->units[a->u];
        /* 1 with no clinical group or no clinical staffing at the start, else (CS / CS0) ^ elasticity */
        put(b, "IF(OR(");
        for (size_t g = 0; g < unit->ngroups; g++)
            put(b, g ? "+" : ""), in_group(b, a, g, "clinical");
        put(b, "=0,"), cell(b, a->x->live->workings, lu->wk + WK_CS, WORKINGS_KEYS, true), put(b, "=0),1,(");
        W(WK_CS), put(b, "/"), cell(b, a->x->live->workings, lu->wk + WK_CS, WORKINGS_KEYS, true), put(b, ")^");
        I("workforce_elasticity"), put(b, ")");
        break;
    }
    default: b->over = true;
    }
#undef SUMW
#undef W
#undef I
#undef M
}

static void backlog_all_units(fbuf *b, const at *a, size_t s) {
    const live_unit *lu = a->lu;
#define M(series) mo_row(b, a, lu->mo_backlog + (lxw_row_t)(series), 0, false)
    if (s == GP_S_WITHIN_4M_SHARE) {
        put(b, "=IF("), M(GP_S_WAITING_LIST), put(b, "=0,0,"), M(GP_S_WITHIN_4M), put(b, "/"),
            M(GP_S_WAITING_LIST), put(b, ")");
    } else if (s == GP_S_WORKFORCE_FACTOR) {
        /* effective capacity over the units' capacity inputs, summed from the first (1 when that is 0) */
        fbuf cap = {malloc(GP_LIVE_FORMULA_MAX), GP_LIVE_FORMULA_MAX, 0, false};
        if (!cap.s) {
            b->over = true;
            return;
        }
        put(&cap, "(");
        bool first = true;
        for (size_t u = 0; u < a->res->nunits; u++) {
            const live_unit *uu = &a->x->live->runs[a->k][u];
            if (!uu->mo_backlog)
                continue;
            put(&cap, first ? "" : "+");
            cell(&cap, a->x->live->assumptions, uu->in_backlog + (lxw_row_t)field_index(&gp_backlog_fields, "capacity"),
                 (lxw_col_t)(ASSUMPTION_KEYS + a->t), false);
            first = false;
        }
        put(&cap, first ? "0)" : ")");
        b->over |= cap.over;
        put(b, "=IF(%s=0,1,", cap.s), M(GP_S_EFFECTIVE_CAPACITY), put(b, "/%s)", cap.s);
        free(cap.s);
    } else {
        sum_over_units(b, a, 2, s);
    }
#undef M
}

/* ---- the Monthly cells ------------------------------------------------------------------------ */

bool gp_live_monthly(gp_xlsx *x, size_t k, size_t u, gp_live_block block, size_t g, size_t s, int t, char *out,
                     size_t size) {
    fbuf b = {out, size, 0, false};
    at a = at_of(x, k, u, t);
    const gp_result *res = a.res;
    bool all = u == res->nunits;
    const gp_unit_result *ur = all ? &res->all_units : &res->units[u];
    out[0] = '\0';
    switch (block) {
    case GP_LIVE_GROUP:
        if (g == ur->ngroups || all) {
            if (!total_rate(&b, &a, u, g, s))
                total_sum(&b, &a, g, s);
        } else {
            group_formula(&b, &a, g, s);
        }
        break;
    case GP_LIVE_FINANCE:
        if (all)
            sum_over_units(&b, &a, 1, s);
        else
            finance_formula(&b, &a, s);
        break;
    case GP_LIVE_PRESSURES:
    case GP_LIVE_FUNDING:
        if (all) {
            line_sum(&b, &a, block == GP_LIVE_PRESSURES ? ur->pressures : ur->funding, s, block == GP_LIVE_PRESSURES);
        } else {
            put(&b, "=");
            in_line(&b, &a, block == GP_LIVE_PRESSURES ? a.lu->in_pressures : a.lu->in_funding, s);
            put(&b, "/12");
        }
        break;
    case GP_LIVE_BACKLOG:
        if (all)
            backlog_all_units(&b, &a, s);
        else
            backlog_formula(&b, &a, s);
        break;
    }
    return !b.over;
}

lxw_row_t gp_live_monthly_row(const gp_xlsx *x, size_t k, size_t u, gp_live_block block, size_t g, size_t s) {
    const live_unit *lu = &x->live->runs[k][u];
    switch (block) {
    case GP_LIVE_GROUP: return lu->mo_group + (lxw_row_t)(g * GP_GROUP_SERIES_COUNT + s);
    case GP_LIVE_FINANCE: return lu->mo_finance + (lxw_row_t)s;
    case GP_LIVE_PRESSURES: return lu->mo_pressures + (lxw_row_t)s;
    case GP_LIVE_FUNDING: return lu->mo_funding + (lxw_row_t)s;
    case GP_LIVE_BACKLOG: return lu->mo_backlog + (lxw_row_t)s;
    }
    return 0;
}

void gp_live_fy(const gp_xlsx *x, lxw_row_t monthly_row, int f, bool stock, char *out, size_t size) {
    int first, last;
    char a[24], b[24];
    gp_calendar_fy_periods(&x->runs[0].result->cal, f, &first, &last);
    lxw_rowcol_to_cell(a, monthly_row, (lxw_col_t)(MONTHLY_KEYS + first));
    lxw_rowcol_to_cell(b, monthly_row, (lxw_col_t)(MONTHLY_KEYS + last));
    if (stock)
        snprintf(out, size, "=%s!%s", x->live->monthly, b);
    else
        snprintf(out, size, "=SUM(%s!%s:%s)", x->live->monthly, a, b);
}

void gp_live_month(const gp_xlsx *x, lxw_row_t monthly_row, int t, char *out, size_t size) {
    char a[24];
    lxw_rowcol_to_cell(a, monthly_row, (lxw_col_t)(MONTHLY_KEYS + t));
    snprintf(out, size, "=%s!%s", x->live->monthly, a);
}

/* ---- the workings sheet ----------------------------------------------------------------------- */

/* A Monthly cell of the unit's group g, series s, this month, from another sheet. */
static void mo_group_other(fbuf *b, const at *a, size_t g, size_t s) {
    cell(b, a->x->live->monthly, a->lu->mo_group + (lxw_row_t)(g * GP_GROUP_SERIES_COUNT + s),
         (lxw_col_t)(MONTHLY_KEYS + a->t), false);
}

/* The formula of workings row r (of the enum) for the unit at month t. */
static void workings_formula(fbuf *b, const at *a, int r) {
    const live_unit *lu = a->lu;
    const gp_unit *unit = &a->plan->units[a->u];
#define W(row) wk(b, a, row, 0, false)
#define WP(row) wk(b, a, row, -1, false)
#define MB(series) mo_row(b, a, lu->mo_backlog + (lxw_row_t)(series), 0, true)
#define I(field) in_block(b, a, &gp_backlog_fields, lu->in_backlog, field)
    put(b, "=");
    if (r >= WK_W && r < WK_W + BUCKETS) {
        int k = r - WK_W;
        if (a->t == 0) {
            /* w_b,0 = waiting_list * weight_b / sum(weight) */
            I("waiting_list"), put(b, "*");
            cell(b, a->x->live->assumptions, lu->in_profile, (lxw_col_t)(ASSUMPTION_KEYS + k), true);
            put(b, "/SUM(");
            cell(b, a->x->live->assumptions, lu->in_profile, ASSUMPTION_KEYS, true);
            put(b, ":");
            cell(b, NULL, lu->in_profile, (lxw_col_t)(ASSUMPTION_KEYS + BUCKETS - 1), true);
            put(b, ")");
        } else if (k == 0) {
            WP(WK_RN);
        } else if (k < BUCKETS - 1) {
            WP(WK_R + k - 1);
        } else {
            WP(WK_R + BUCKETS - 2), put(b, "+"), WP(WK_R + BUCKETS - 1);
        }
    } else if (r >= WK_KEPT && r < WK_KEPT + BUCKETS) {
        int k = r - WK_KEPT;
        W(WK_W + k), put(b, "-"), W(WK_W + k), put(b, "*"), I("renege_rate");
    } else if (r == WK_POOL) {
        MB(GP_S_CLOCK_STARTS), put(b, "+SUM("), W(WK_KEPT), put(b, ":"), W(WK_KEPT + BUCKETS - 1), put(b, ")");
    } else if (r == WK_XP) {
        MB(GP_S_CLOCK_STOPS), put(b, "*(1-"), I("longest_first_share"), put(b, ")");
    } else if (r == WK_XL) {
        MB(GP_S_CLOCK_STOPS), put(b, "-"), W(WK_XP);
    } else if (r == WK_SHARE) {
        put(b, "IF("), W(WK_POOL), put(b, "=0,0,"), W(WK_XP), put(b, "/"), W(WK_POOL), put(b, ")");
    } else if (r >= WK_Q && r < WK_Q + BUCKETS) {
        int k = r - WK_Q;
        W(WK_KEPT + k), put(b, "-"), W(WK_KEPT + k), put(b, "*"), W(WK_SHARE);
    } else if (r == WK_QN) {
        MB(GP_S_CLOCK_STARTS), put(b, "-"), MB(GP_S_CLOCK_STARTS), put(b, "*"), W(WK_SHARE);
    } else if (r >= WK_LEFT && r < WK_LEFT + BUCKETS) {
        int k = r - WK_LEFT; /* stops still to take when bucket k's turn comes: buckets 24 down to 0 */
        if (k == BUCKETS - 1)
            W(WK_XL);
        else
            W(WK_LEFT + k + 1), put(b, "-MIN("), W(WK_Q + k + 1), put(b, ","), W(WK_LEFT + k + 1), put(b, ")");
    } else if (r == WK_LEFT_N) {
        W(WK_LEFT), put(b, "-MIN("), W(WK_Q), put(b, ","), W(WK_LEFT), put(b, ")");
    } else if (r >= WK_R && r < WK_R + BUCKETS) {
        int k = r - WK_R;
        put(b, "IF("), MB(GP_S_CLOCK_STOPS), put(b, "="), W(WK_POOL), put(b, ",0,"), W(WK_Q + k), put(b, "-MIN("),
            W(WK_Q + k), put(b, ","), W(WK_LEFT + k), put(b, "))");
    } else if (r == WK_RN) {
        put(b, "IF("), MB(GP_S_CLOCK_STOPS), put(b, "="), W(WK_POOL), put(b, ",0,"), W(WK_QN), put(b, "-MIN("),
            W(WK_QN), put(b, ","), W(WK_LEFT_N), put(b, "))");
    } else if (r == WK_CS) {
        /* the clinical groups' available + bank + agency, summed in file order from 0 */
        put(b, "0");
        for (size_t g = 0; g < unit->ngroups; g++) {
            put(b, "+IF("), in_group(b, a, g, "clinical"), put(b, "=0,0,");
            mo_group_other(b, a, g, GP_S_AVAILABLE), put(b, "+"), mo_group_other(b, a, g, GP_S_BANK), put(b, "+"),
                mo_group_other(b, a, g, GP_S_AGENCY), put(b, ")");
        }
    } else {
        b->over = true;
    }
#undef W
#undef WP
#undef MB
#undef I
}

/*
** The workings' values, month by month, as the core computes them
** (model_backlog.c): the formulas' cached results. The core keeps no
** buckets in its result, so they are worked again here from the plan's
** inputs and the result's clock starts and stops, in the same order of
** operations.
*/
static void workings_values(const gp_plan *plan, const gp_result *res, size_t u, double *v) {
    const gp_unit *unit = &plan->units[u];
    const gp_backlog *bk = unit->backlog;
    const gp_block *out = res->units[u].backlog;
    const int T = res->cal.months;
    const double *N = gp_block_monthly(out, GP_S_CLOCK_STARTS), *X = gp_block_monthly(out, GP_S_CLOCK_STOPS);
    double w[BUCKETS], weight[BUCKETS], sum = 0;
#define V(row, t) v[(size_t)(row) * (size_t)T + (size_t)(t)]
    for (int k = 0; k < BUCKETS; k++) {
        weight[k] = bk->wait_profile_given ? bk->wait_profile[k] : pow(0.85, k);
        sum += weight[k];
    }
    for (int k = 0; k < BUCKETS; k++)
        w[k] = bk->waiting_list * weight[k] / sum;
    for (int t = 0; t < T; t++) {
        double cs = 0;
        for (size_t g = 0; g < unit->ngroups; g++) {
            const gp_block *gb = &res->units[u].groups[g];
            if (unit->groups[g].clinical)
                cs += gp_block_monthly(gb, GP_S_AVAILABLE)[t] + gp_block_monthly(gb, GP_S_BANK)[t] +
                      gp_block_monthly(gb, GP_S_AGENCY)[t];
        }
        V(WK_CS, t) = cs;
        double rr = bk->renege_rate[t], P, q[BUCKETS], kept[BUCKETS];
        for (int k = 0; k < BUCKETS; k++) {
            V(WK_W + k, t) = w[k];
            kept[k] = w[k] - w[k] * rr;
            V(WK_KEPT + k, t) = kept[k];
        }
        P = N[t];
        double ksum = 0;
        for (int k = 0; k < BUCKETS; k++)
            ksum += kept[k];
        P = N[t] + ksum;
        double Xp = X[t] * (1 - bk->longest_first_share[t]), Xl = X[t] - Xp, share = P == 0 ? 0 : Xp / P;
        V(WK_POOL, t) = P;
        V(WK_XP, t) = Xp;
        V(WK_XL, t) = Xl;
        V(WK_SHARE, t) = share;
        for (int k = 0; k < BUCKETS; k++)
            V(WK_Q + k, t) = q[k] = kept[k] - kept[k] * share;
        double qN = N[t] - N[t] * share, left = Xl, r[BUCKETS];
        V(WK_QN, t) = qN;
        for (int k = BUCKETS - 1; k >= 0; k--) {
            V(WK_LEFT + k, t) = left;
            double take = q[k] < left ? q[k] : left;
            r[k] = X[t] == P ? 0 : q[k] - take;
            left = left - take;
        }
        V(WK_LEFT_N, t) = left;
        double rN = X[t] == P ? 0 : qN - (qN < left ? qN : left);
        for (int k = 0; k < BUCKETS; k++)
            V(WK_R + k, t) = r[k];
        V(WK_RN, t) = rN;
        /* the list ages a month */
        w[BUCKETS - 1] = r[BUCKETS - 2] + r[BUCKETS - 1];
        for (int k = BUCKETS - 2; k >= 1; k--)
            w[k] = r[k - 1];
        w[0] = rN;
    }
#undef V
}

/* What each workings row is, for the reader. */
static void workings_label(int r, char *out, size_t size) {
    if (r < WK_KEPT)
        snprintf(out, size, "waiting %d months at the start (w%d)", r - WK_W, r - WK_W);
    else if (r < WK_POOL)
        snprintf(out, size, "w%d less reneges", r - WK_KEPT);
    else if (r == WK_POOL)
        snprintf(out, size, "pool P: clock starts + the buckets less reneges");
    else if (r == WK_XP)
        snprintf(out, size, "clock stops taken in proportion (Xp)");
    else if (r == WK_XL)
        snprintf(out, size, "clock stops taken longest first (Xl)");
    else if (r == WK_SHARE)
        snprintf(out, size, "share taken in proportion: Xp / P");
    else if (r < WK_QN)
        snprintf(out, size, "w%d after the proportional part", r - WK_Q);
    else if (r == WK_QN)
        snprintf(out, size, "clock starts after the proportional part");
    else if (r < WK_LEFT_N)
        snprintf(out, size, "longest-first stops left when w%d's turn comes", r - WK_LEFT);
    else if (r == WK_LEFT_N)
        snprintf(out, size, "longest-first stops left for the clock starts");
    else if (r < WK_RN)
        snprintf(out, size, "w%d remaining: waits %d months next month", r - WK_R, r - WK_R + 1);
    else if (r == WK_RN)
        snprintf(out, size, "clock starts remaining: w0 next month");
    else
        snprintf(out, size, "clinical staffing: available + bank + agency of clinical groups");
}

void gp_xlsx_workings(gp_xlsx *x, lxw_worksheet *ws) {
    static const char *const labels[WORKINGS_KEYS] = {"Run", "Unit", "Working"};
    const gp_calendar *cal = &x->runs[0].result->cal;
    char label[GP_LABEL_SIZE], text[160];
    char *formula = malloc(GP_LIVE_FORMULA_MAX);
    double *v = malloc((size_t)WK_ROWS * (size_t)cal->months * sizeof *v);
    if (!formula || !v) {
        free(formula);
        free(v);
        x->err = GP_ERR_NOMEM;
        gp_diag_add(x->diag, NULL, 0, 0, NULL, "out of memory");
        return;
    }
    for (lxw_col_t c = 0; c < WORKINGS_KEYS; c++)
        gp_xlsx_text(x, ws, 0, c, labels[c], x->header);
    for (int t = 0; t < cal->months; t++) {
        gp_calendar_month_label(cal, t, label);
        gp_xlsx_text(x, ws, 0, (lxw_col_t)(WORKINGS_KEYS + t), label, x->header);
    }
    worksheet_set_column(ws, 0, 1, 14, NULL);
    worksheet_set_column(ws, 2, 2, 52, NULL);
    worksheet_set_column(ws, WORKINGS_KEYS, (lxw_col_t)(WORKINGS_KEYS + cal->months - 1), 11, NULL);
    worksheet_freeze_panes(ws, 1, WORKINGS_KEYS);
    for (size_t k = 0; k < x->nruns && x->err == GP_OK; k++) {
        const gp_result *res = x->runs[k].result;
        for (size_t u = 0; u < res->nunits && x->err == GP_OK; u++) {
            const live_unit *lu = &x->live->runs[k][u];
            if (!lu->wk)
                continue;
            snprintf(text, sizeof text, "The waiting list of %s (MODEL.md section 6): the buckets by months waited "
                     "and how each month's clock stops are taken from them", res->units[u].id);
            gp_xlsx_text(x, ws, lu->wk - 1, 0, x->runs[k].name, x->bold);
            gp_xlsx_text(x, ws, lu->wk - 1, 1, res->units[u].id, x->bold);
            gp_xlsx_text(x, ws, lu->wk - 1, 2, text, x->bold);
            workings_values(x->runs[k].plan, res, u, v);
            for (int r = 0; r < WK_ROWS && x->err == GP_OK; r++) {
                lxw_row_t row = lu->wk + (lxw_row_t)r;
                workings_label(r, text, sizeof text);
                gp_xlsx_text(x, ws, row, 0, x->runs[k].name, x->text);
                gp_xlsx_text(x, ws, row, 1, res->units[u].id, x->text);
                gp_xlsx_text(x, ws, row, 2, text, x->text);
                for (int t = 0; t < cal->months; t++) {
                    fbuf b = {formula, GP_LIVE_FORMULA_MAX, 0, false};
                    at a = at_of(x, k, u, t);
                    workings_formula(&b, &a, r);
                    double value = v[(size_t)r * (size_t)cal->months + (size_t)t];
                    if (b.over)
                        gp_xlsx_number(x, ws, row, (lxw_col_t)(WORKINGS_KEYS + t), value, x->count);
                    else
                        gp_xlsx_formula(x, ws, row, (lxw_col_t)(WORKINGS_KEYS + t), formula, value, x->count);
                }
            }
        }
    }
    free(formula);
    free(v);
    gp_xlsx_print_setup(x, ws, 1);
}
