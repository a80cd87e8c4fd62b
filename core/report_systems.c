/*
** core/report_systems.c: the board pack's Systems sheet (report_xlsx.h),
** added after the template's sheets when a plan has systems
** (docs/methodology.md "Systems").
**
** For each run and each system, one small table per measure: a row per FY,
** a column per member unit side by side, then the system's own figure (the
** members summed, or the pool and the pathways moved). A board sees at once
** which trust gave mutual aid and which received it, and where the pooled
** money went. Flows are FY sums, stocks the FY's closing month.
*/
#include <stdio.h>
#include <string.h>

#include "gapplan/calendar.h"
#include "report_xlsx.h"

/* What the sheet shows: a series of the members' finance or backlog, and of the system's own block. */
typedef struct measure {
    const char *label;
    bool backlog;      /* else finance */
    const char *series;
    const char *system_series; /* the system's column: its own series (the sum, POOL or MOVED) */
} measure;

static const measure measures[] = {
    {"Waiting list (pathways, closing)", true, "waiting_list", "waiting_list"},
    {"Waiting over 52 weeks (closing)", true, "over_12m", "over_12m"},
    {"Patients moved to another trust (mutual aid received)", true, "moved_out", "moved"},
    {"Patients treated for another trust (mutual aid given)", true, "aid_given", "moved"},
    {"Clock stops (own patients)", true, "clock_stops", "clock_stops"},
    {"Put into the pool (£)", false, "pooled_out", "pool"},
    {"Received from the pool (£)", false, "pooled_in", "pool"},
    {"Funding after pooling (£)", false, "funding", "funding"},
    {"Revenue gap after pooling (£)", false, "revenue_gap", "revenue_gap"},
};

/* The annual figures of series `name` of block b, or NULL when b has none. */
static const double *annual_of(const gp_block *b, const char *name, const gp_series_info **info) {
    int s = b ? gp_block_find_series(b, name) : -1;
    if (s < 0)
        return NULL;
    *info = &b->series[s];
    return gp_block_annual(b, (size_t)s);
}

/* One measure's table from `row`; returns the row after it (and a blank one). */
static lxw_row_t measure_table(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, const gp_result *res,
                               const gp_system_result *sr, const measure *m) {
    const gp_calendar *cal = &res->cal;
    const gp_block *own = m->backlog ? sr->backlog : sr->finance;
    const gp_series_info *info = NULL;
    const double *sys = annual_of(own, m->system_series, &info);
    if (!sys)
        return row; /* no member has this block: no table */
    lxw_format *fmt = gp_xlsx_format_of(x, info);
    gp_xlsx_text(x, ws, row, 0, m->label, x->header);
    for (size_t i = 0; i < sr->nmembers; i++)
        gp_xlsx_text(x, ws, row, (lxw_col_t)(1 + i), sr->members[i], x->header);
    gp_xlsx_text(x, ws, row, (lxw_col_t)(1 + sr->nmembers), strcmp(m->system_series, m->series) == 0 ? "System"
                 : strcmp(m->system_series, "pool") == 0 ? "System: the pool" : "System: moved", x->header);
    row++;
    for (int f = 0; f < cal->nfys; f++, row++) {
        char fy[GP_LABEL_SIZE + 12];
        gp_calendar_fy_label(cal, f, fy);
        if (gp_calendar_fy_partial(cal, f))
            strcat(fy, " (part)");
        gp_xlsx_text(x, ws, row, 0, fy, x->text);
        for (size_t i = 0; i < sr->nmembers; i++) {
            const gp_unit_result *ur = &res->units[sr->member_index[i]];
            const gp_series_info *mi = NULL;
            const double *v = annual_of(m->backlog ? ur->backlog : ur->finance, m->series, &mi);
            if (v)
                gp_xlsx_number(x, ws, row, (lxw_col_t)(1 + i), v[f], fmt);
        }
        gp_xlsx_number(x, ws, row, (lxw_col_t)(1 + sr->nmembers), sys[f], fmt);
    }
    return row + 1;
}

void gp_xlsx_systems(gp_xlsx *x, lxw_worksheet *ws) {
    lxw_row_t row = 0;
    char line[512];
    gp_xlsx_text(x, ws, row++, 0, "Systems: units planning as one", x->title);
    gp_xlsx_text(x, ws, row++, 0, "Each member side by side and the system's figure, by FY: flows are FY totals, "
                 "stocks the value in the FY's last month. Figures are values (a plan with systems is written "
                 "without formulas).", x->text);
    worksheet_set_column(ws, 0, 0, 52, NULL);
    worksheet_set_column(ws, 1, 12, 15, NULL);
    for (size_t k = 0; k < x->nruns && x->err == GP_OK; k++) {
        const gp_result *res = x->runs[k].result;
        for (size_t s = 0; s < res->nsystems && x->err == GP_OK; s++) {
            const gp_system_result *sr = &res->systems[s];
            row++;
            snprintf(line, sizeof line, "%s%s%s (%s)", x->nruns > 1 ? x->runs[k].name : "", x->nruns > 1 ? ": " : "",
                     sr->name && *sr->name ? sr->name : sr->id, sr->id);
            gp_xlsx_text(x, ws, row++, 0, line, x->bold);
            for (size_t i = 0; i < sizeof measures / sizeof measures[0]; i++)
                row = measure_table(x, ws, row, res, sr, &measures[i]);
        }
    }
    gp_xlsx_print_setup(x, ws, 0);
}

bool gp_xlsx_has_systems(const gp_xlsx *x) {
    for (size_t k = 0; k < x->nruns; k++)
        if (x->runs[k].result->nsystems)
            return true;
    return false;
}
