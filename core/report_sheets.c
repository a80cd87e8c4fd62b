/*
** core/report_sheets.c: the results sheets of the board pack: Summary,
** Workforce, Finance, Backlog (report_xlsx.h). Every figure is the result's
** own (all units summed, MODEL.md §7); the runs of a comparison stand side
** by side, with their differences from the baseline on the Summary.
*/
#include <stdio.h>
#include <string.h>

#include "gapplan/calendar.h"
#include "report_xlsx.h"

/* Rows of the Summary's title and header before its table. */
#define SUMMARY_TABLE_ROW 4
/* Rows a chart takes on the Summary, and its width in columns. */
#define CHART_ROWS 20

/* The block and series index of `name` in a result's all_units; NULL when the plan has no such block. */
static const gp_block *all_units_series(const gp_result *res, const char *name, size_t *s) {
    const gp_unit_result *au = &res->all_units;
    const gp_block *blocks[] = {&au->groups[au->ngroups], au->finance, au->backlog};
    for (size_t b = 0; b < 3; b++) {
        int i = blocks[b] ? gp_block_find_series(blocks[b], name) : -1;
        if (i >= 0) {
            *s = (size_t)i;
            return blocks[b];
        }
    }
    return NULL;
}

/* The header row: the fixed labels, then one column per FY from `col`. */
static void fy_header(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, const char *const *labels, lxw_col_t ncols) {
    const gp_calendar *cal = &x->runs[0].result->cal;
    char fy[GP_LABEL_SIZE + 12];
    for (lxw_col_t c = 0; c < ncols; c++)
        gp_xlsx_text(x, ws, row, c, labels[c], x->header);
    for (int f = 0; f < cal->nfys; f++) {
        gp_calendar_fy_label(cal, f, fy);
        if (gp_calendar_fy_partial(cal, f))
            strcat(fy, " (part)");
        gp_xlsx_text(x, ws, row, (lxw_col_t)(ncols + f), fy, x->header);
    }
    worksheet_set_column(ws, ncols, (lxw_col_t)(ncols + cal->nfys - 1), 13, NULL);
}

/* The Monthly row of series s of block b, one of run k's all-units blocks (a live pack). */
static lxw_row_t monthly_row(const gp_xlsx *x, size_t k, const gp_block *b, size_t s) {
    const gp_result *res = x->runs[k].result;
    const gp_unit_result *au = &res->all_units;
    size_t nu = res->nunits;
    if (b == au->finance)
        return gp_live_monthly_row(x, k, nu, GP_LIVE_FINANCE, 0, s);
    if (b == au->pressures)
        return gp_live_monthly_row(x, k, nu, GP_LIVE_PRESSURES, 0, s);
    if (b == au->funding)
        return gp_live_monthly_row(x, k, nu, GP_LIVE_FUNDING, 0, s);
    if (b == au->backlog)
        return gp_live_monthly_row(x, k, nu, GP_LIVE_BACKLOG, 0, s);
    return gp_live_monthly_row(x, k, nu, GP_LIVE_GROUP, (size_t)(b - au->groups), s);
}

/* One row of FY figures of series s of run k's all-units block b, from column `col`: formulas over Monthly in a
   live pack (the FY's sum or closing month), else the values. */
static void fy_row(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, size_t k, const gp_block *b,
                   size_t s) {
    lxw_format *fmt = gp_xlsx_format_of(x, &b->series[s]);
    char formula[160];
    for (int f = 0; f < b->nfys; f++) {
        double v = gp_block_annual(b, s)[f];
        if (x->live) {
            gp_live_fy(x, monthly_row(x, k, b, s), f, b->series[s].agg == GP_AGG_STOCK, formula, sizeof formula);
            gp_xlsx_formula(x, ws, row, (lxw_col_t)(col + f), formula, v, fmt);
        } else {
            gp_xlsx_number(x, ws, row, (lxw_col_t)(col + f), v, fmt);
        }
    }
}

/* A chart of `nruns` rows of the Summary (first_row, one row per run), FYs as categories. */
static void summary_chart(gp_xlsx *x, lxw_worksheet *ws, const char *sheet, uint8_t type, const char *title,
                          const char *axis_format, lxw_row_t first_row, lxw_row_t at_row, lxw_col_t at_col) {
    lxw_chart *chart = workbook_add_chart(x->wb, type);
    if (!chart) {
        gp_xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "a chart");
        return;
    }
    int nfys = x->runs[0].result->cal.nfys;
    for (size_t k = 0; k < x->nruns; k++) {
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        if (!series) {
            gp_xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "a chart series");
            return;
        }
        chart_series_set_categories(series, sheet, SUMMARY_TABLE_ROW - 1, 2, SUMMARY_TABLE_ROW - 1,
                                    (lxw_col_t)(1 + nfys));
        chart_series_set_values(series, sheet, (lxw_row_t)(first_row + k), 2, (lxw_row_t)(first_row + k),
                                (lxw_col_t)(1 + nfys));
        chart_series_set_name_range(series, sheet, (lxw_row_t)(first_row + k), 1);
    }
    chart_title_set_name(chart, title);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_axis_set_num_format(chart->y_axis, axis_format);
    /* FY labels below the plot area, clear of columns that go negative (a surplus). */
    chart_axis_set_label_position(chart->x_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
    lxw_chart_options size = {.x_scale = 1.5, .y_scale = 1.2};
    gp_xlsx_check(x, worksheet_insert_chart_opt(ws, at_row, at_col, chart, &size), "a chart");
}

/* The baseline's workforce cost by FY as stacked columns: substantive pay, bank and agency. */
static void cost_chart(gp_xlsx *x, lxw_worksheet *ws, const char *sheet, const lxw_row_t rows[3], lxw_row_t at) {
    lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_COLUMN_STACKED);
    static const char *const names[3] = {"Substantive pay", "Bank", "Agency"};
    if (!chart) {
        gp_xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "a chart");
        return;
    }
    int nfys = x->runs[0].result->cal.nfys;
    for (int c = 0; c < 3; c++) {
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        if (!series) {
            gp_xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "a chart series");
            return;
        }
        chart_series_set_categories(series, sheet, SUMMARY_TABLE_ROW - 1, 2, SUMMARY_TABLE_ROW - 1,
                                    (lxw_col_t)(1 + nfys));
        chart_series_set_values(series, sheet, rows[c], 2, rows[c], (lxw_col_t)(1 + nfys));
        chart_series_set_name(series, names[c]);
    }
    char title[200];
    snprintf(title, sizeof title, "Workforce cost by FY: %s", x->runs[0].name);
    chart_title_set_name(chart, title);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_axis_set_num_format(chart->y_axis, x->tpl->fmt_money);
    lxw_chart_options size = {.x_scale = 1.5, .y_scale = 1.2};
    gp_xlsx_check(x, worksheet_insert_chart_opt(ws, at, 0, chart, &size), "a chart");
}

void gp_xlsx_summary(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s) {
    static const char *const labels[] = {"Measure", "Run"};
    const gp_run_info *info = x->runs[0].info;
    char line[512];
    lxw_row_t row = SUMMARY_TABLE_ROW;
    lxw_row_t vacancies = 0, revenue = 0, waiting = 0; /* first rows of the charted measures, 0: absent */
    lxw_row_t cost_rows[3] = {0, 0, 0};               /* pay, bank and agency cost: the cost make-up */
    static const char *const cost_series[3] = {"pay_cost", "bank_cost", "agency_cost"};

    snprintf(line, sizeof line, "%s: %s", info && info->plan_name ? info->plan_name : "Plan", x->tpl->name);
    gp_xlsx_text(x, ws, 0, 0, line, x->title);
    gp_xlsx_text(x, ws, 1, 0,
                 x->nruns > 1 ? "The baseline, each scenario and the changes they make, all units, by financial year."
                              : "All units, by financial year: flows are FY totals, stocks the value in March.",
                 x->text);
    fy_header(x, ws, SUMMARY_TABLE_ROW - 1, labels, 2);
    worksheet_set_column(ws, 0, 0, s->width, NULL);
    worksheet_set_column(ws, 1, 1, 32, NULL);
    for (size_t r = 0; r < s->nrows; r++) {
        size_t si;
        const gp_block *b0 = all_units_series(x->runs[0].result, s->rows[r].series, &si);
        if (!b0)
            continue; /* the plan has no such block (no finance, no backlog): no row */
        if (strcmp(s->rows[r].series, "vacancies") == 0)
            vacancies = row;
        else if (strcmp(s->rows[r].series, "revenue_gap") == 0)
            revenue = row;
        else if (strcmp(s->rows[r].series, "waiting_list") == 0)
            waiting = row;
        for (int c = 0; c < 3; c++)
            if (strcmp(s->rows[r].series, cost_series[c]) == 0)
                cost_rows[c] = row;
        for (size_t k = 0; k < x->nruns; k++, row++) {
            gp_xlsx_text(x, ws, row, 0, k == 0 ? s->rows[r].label : "", k == 0 ? x->bold : x->text);
            gp_xlsx_text(x, ws, row, 1, x->runs[k].name, x->text);
            size_t sk;
            const gp_block *b = all_units_series(x->runs[k].result, s->rows[r].series, &sk);
            if (b)
                fy_row(x, ws, row, 2, k, b, sk);
        }
        lxw_row_t first = row - (lxw_row_t)x->nruns; /* the baseline's row of this measure */
        for (size_t k = 1; k < x->nruns; k++, row++) {
            size_t sk;
            const gp_block *b = all_units_series(x->runs[k].result, s->rows[r].series, &sk);
            snprintf(line, sizeof line, "change: %s", x->runs[k].name);
            gp_xlsx_text(x, ws, row, 1, line, x->text);
            for (int f = 0; b && f < b->nfys; f++) {
                double v = gp_block_annual(b, sk)[f] - gp_block_annual(b0, si)[f];
                lxw_format *fmt = gp_xlsx_format_of(x, &b0->series[si]);
                char run_cell[24], base_cell[24], formula[64];
                lxw_rowcol_to_cell(run_cell, first + (lxw_row_t)k, (lxw_col_t)(2 + f));
                lxw_rowcol_to_cell(base_cell, first, (lxw_col_t)(2 + f));
                snprintf(formula, sizeof formula, "=%s-%s", run_cell, base_cell);
                if (x->live)
                    gp_xlsx_formula(x, ws, row, (lxw_col_t)(2 + f), formula, v, fmt);
                else
                    gp_xlsx_number(x, ws, row, (lxw_col_t)(2 + f), v, fmt);
            }
        }
    }
    worksheet_freeze_panes(ws, SUMMARY_TABLE_ROW, 2);

    /* The scenarios' metrics, below the table. */
    bool any = false;
    for (size_t k = 0; k < x->nruns; k++)
        for (size_t i = 0; x->runs[k].info && i < x->runs[k].info->nscenarios; i++)
            any |= x->runs[k].info->scenarios[i].nmetrics > 0;
    if (any) {
        static const char *const mlabels[] = {"Scenario metric", "Run"};
        row += 1;
        fy_header(x, ws, row++, mlabels, 2);
        gp_xlsx_text(x, ws, row - 1, (lxw_col_t)(2 + x->runs[0].result->cal.nfys), "Value", x->header);
        if (x->live) /* the one part of a live pack that cannot be a formula: it is the plugin's Lua */
            gp_xlsx_text(x, ws, row - 1, (lxw_col_t)(3 + x->runs[0].result->cal.nfys),
                         "Computed by the plugins' Lua: values, not formulas, so they do not follow an edit of the "
                         "Assumptions", x->text);
        for (size_t k = 0; k < x->nruns; k++)
            for (size_t i = 0; x->runs[k].info && i < x->runs[k].info->nscenarios; i++) {
                const gp_scenario_info *sc = &x->runs[k].info->scenarios[i];
                for (size_t m = 0; m < sc->nmetrics; m++, row++) {
                    const gp_metric_value *mv = &sc->metrics[m];
                    snprintf(line, sizeof line, "%s.%s%s%s%s", sc->id, mv->name, *mv->unit ? " (" : "", mv->unit,
                             *mv->unit ? ")" : "");
                    gp_xlsx_text(x, ws, row, 0, line, x->text);
                    gp_xlsx_text(x, ws, row, 1, x->runs[k].name, x->text);
                    if (mv->annual)
                        for (size_t f = 0; f < mv->nannual; f++)
                            gp_xlsx_number(x, ws, row, (lxw_col_t)(2 + f), mv->annual[f], NULL);
                    else
                        gp_xlsx_number(x, ws, row, (lxw_col_t)(2 + x->runs[0].result->cal.nfys), mv->value, NULL);
                }
            }
    }

    /* Charts, below everything: each run a series. */
    row += 2;
    lxw_row_t at = row;
    if (vacancies)
        summary_chart(x, ws, s->name, LXW_CHART_LINE, "Vacancies (FTE, March of each FY)", x->tpl->fmt_fte, vacancies,
                      at, 0),
            at += CHART_ROWS;
    if (revenue)
        summary_chart(x, ws, s->name, LXW_CHART_COLUMN, "Revenue gap by FY", x->tpl->fmt_money, revenue, at, 0),
            at += CHART_ROWS;
    if (waiting)
        summary_chart(x, ws, s->name, LXW_CHART_LINE, "Waiting list (March of each FY)", x->tpl->fmt_count, waiting,
                      at, 0),
            at += CHART_ROWS;
    if (cost_rows[0] && cost_rows[1] && cost_rows[2])
        cost_chart(x, ws, s->name, cost_rows, at);
    gp_xlsx_print_setup(x, ws, SUMMARY_TABLE_ROW);
}

/* The series indices a sheet shows of a block with `n` series: the template's list, or all. */
static size_t shown(const gp_template_sheet *s, const gp_block *b, size_t *idx, size_t max) {
    size_t n = 0;
    if (s->nseries == 0) {
        for (size_t i = 0; i < b->nseries && n < max; i++)
            idx[n++] = i;
        return n;
    }
    for (size_t k = 0; k < s->nseries && n < max; k++) {
        int i = gp_block_find_series(b, s->series[k]);
        if (i >= 0)
            idx[n++] = (size_t)i;
    }
    return n;
}

void gp_xlsx_workforce(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s) {
    static const char *const labels[] = {"Run", "Staff group", "Series"};
    size_t idx[GP_GROUP_SERIES_COUNT];
    lxw_row_t row = 1;
    fy_header(x, ws, 0, labels, 3);
    worksheet_set_column(ws, 0, 0, 18, NULL);
    worksheet_set_column(ws, 1, 1, s->width, NULL);
    worksheet_set_column(ws, 2, 2, 20, NULL);
    for (size_t k = 0; k < x->nruns; k++) {
        const gp_unit_result *au = &x->runs[k].result->all_units;
        for (size_t g = 0; g <= au->ngroups; g++) {
            const gp_block *b = &au->groups[g];
            size_t n = shown(s, b, idx, GP_GROUP_SERIES_COUNT);
            for (size_t i = 0; i < n; i++, row++) {
                gp_xlsx_text(x, ws, row, 0, x->runs[k].name, x->text);
                gp_xlsx_text(x, ws, row, 1, b->name && *b->name ? b->name : b->id, x->text);
                gp_xlsx_text(x, ws, row, 2, b->series[idx[i]].name, x->text);
                fy_row(x, ws, row, 3, k, b, idx[i]);
            }
        }
    }
    worksheet_freeze_panes(ws, 1, 3);
    if (row > 1)
        gp_xlsx_check(x, worksheet_autofilter(ws, 0, 0, row - 1, (lxw_col_t)(2 + x->runs[0].result->cal.nfys)),
                      "an autofilter");
    gp_xlsx_print_setup(x, ws, 1);
}

/* The rows of one line block (pressures or funding) of run k: one a line, named "<kind>: <name>". */
static lxw_row_t line_rows(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, size_t k, const char *kind,
                           const gp_block *b) {
    char label[300];
    for (size_t i = 0; b && i < b->nseries; i++, row++) {
        snprintf(label, sizeof label, "%s: %s", kind, b->series[i].name);
        gp_xlsx_text(x, ws, row, 0, x->runs[k].name, x->text);
        gp_xlsx_text(x, ws, row, 1, label, x->text);
        fy_row(x, ws, row, 2, k, b, i);
    }
    return row;
}

void gp_xlsx_finance(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s) {
    static const char *const labels[] = {"Run", "Item (all units, £)"};
    size_t idx[GP_FINANCE_SERIES_COUNT];
    lxw_row_t row = 1;
    fy_header(x, ws, 0, labels, 2);
    worksheet_set_column(ws, 0, 0, 18, NULL);
    worksheet_set_column(ws, 1, 1, s->width > 40 ? s->width : 40, NULL);
    for (size_t k = 0; k < x->nruns; k++) {
        const gp_unit_result *au = &x->runs[k].result->all_units;
        if (!au->finance) {
            gp_xlsx_text(x, ws, row++, 0, "The plan has no finance block.", x->text);
            break;
        }
        size_t n = shown(s, au->finance, idx, GP_FINANCE_SERIES_COUNT);
        for (size_t i = 0; i < n; i++, row++) {
            gp_xlsx_text(x, ws, row, 0, x->runs[k].name, x->text);
            gp_xlsx_text(x, ws, row, 1, au->finance->series[idx[i]].name, x->text);
            fy_row(x, ws, row, 2, k, au->finance, idx[i]);
        }
        row = line_rows(x, ws, row, k, "pressure", au->pressures);
        row = line_rows(x, ws, row, k, "funding", au->funding);
    }
    worksheet_freeze_panes(ws, 1, 2);
    gp_xlsx_print_setup(x, ws, 1);
}

void gp_xlsx_backlog(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s) {
    size_t idx[GP_BACKLOG_SERIES_COUNT];
    const gp_calendar *cal = &x->runs[0].result->cal;
    char label[GP_LABEL_SIZE], head[300];
    lxw_col_t col = 1;
    const gp_block *first = x->runs[0].result->all_units.backlog;
    gp_xlsx_text(x, ws, 0, 0, "Month", x->header);
    worksheet_set_column(ws, 0, 0, 10, NULL);
    if (!first) {
        gp_xlsx_text(x, ws, 0, 1, "The plan has no waiting list (no backlog block).", x->text);
        gp_xlsx_print_setup(x, ws, 1);
        return;
    }
    size_t n = shown(s, first, idx, GP_BACKLOG_SERIES_COUNT);
    /* Row by row (the workbook is written in constant-memory mode): the header, then a month a row. */
    for (size_t k = 0; k < x->nruns; k++)
        for (size_t i = 0; i < n; i++, col++) {
            if (x->nruns > 1)
                snprintf(head, sizeof head, "%s: %s", x->runs[k].name, first->series[idx[i]].name);
            else
                snprintf(head, sizeof head, "%s", first->series[idx[i]].name);
            gp_xlsx_text(x, ws, 0, col, head, x->header);
        }
    for (int t = 0; t < cal->months; t++) {
        gp_calendar_month_label(cal, t, label);
        gp_xlsx_text(x, ws, (lxw_row_t)(t + 1), 0, label, x->text);
        col = 1;
        for (size_t k = 0; k < x->nruns; k++) {
            const gp_block *b = x->runs[k].result->all_units.backlog;
            for (size_t i = 0; i < n; i++, col++) {
                double v = gp_block_monthly(b, idx[i])[t];
                lxw_format *fmt = gp_xlsx_format_of(x, &b->series[idx[i]]);
                if (x->live) {
                    char formula[64];
                    gp_live_month(x, monthly_row(x, k, b, idx[i]), t, formula, sizeof formula);
                    gp_xlsx_formula(x, ws, (lxw_row_t)(t + 1), col, formula, v, fmt);
                } else {
                    gp_xlsx_number(x, ws, (lxw_row_t)(t + 1), col, v, fmt);
                }
            }
        }
    }
    worksheet_set_column(ws, 1, (lxw_col_t)(col - 1), 16, NULL);
    worksheet_freeze_panes(ws, 1, 1);
    gp_xlsx_print_setup(x, ws, 1);
}
