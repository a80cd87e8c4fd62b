/*
** core/tornado_xlsx.c: a sensitivity analysis as a workbook
** (gp_tornado_write_xlsx in gapplan/report.h): the tornado table and its
** chart, then what was run.
**
** The chart is a horizontal bar chart of each input's change from the
** baseline at its low and at its high, the two bars of an input overlapping
** on one line, widest swing at the top: the tornado a board has seen in
** every business case. The changes are formulas over the table (at low less
** the baseline), so the chart follows if someone edits a figure.
*/
#include <stdio.h>
#include <string.h>

#include "gapplan/report.h"
#include "gapplan/version.h"
#include "report_xlsx.h"

/* The table's first row (zero-based) and its columns. */
#define TABLE_ROW 4
enum { COL_INPUT, COL_LOW, COL_HIGH, COL_AT_LOW, COL_AT_HIGH, COL_SWING, COL_CHANGE_LOW, COL_CHANGE_HIGH, NCOLS };

typedef struct tornado_book {
    const gp_tornado *t;
    lxw_format *figure;
} tornado_book;

static void make_formats(gp_xlsx *x, tornado_book *b) {
    gp_xlsx_formats(x, GP_XLSX_DEFAULT_FORMATS);
    x->label = x->bold;
    b->figure = workbook_add_format(x->wb);
    format_set_num_format(b->figure, "#,##0.####");
}

/* "$B$3" style absolute reference. */
static void abs_ref(lxw_row_t row, lxw_col_t col, char *buf, size_t size) {
    snprintf(buf, size, "$%c$%u", (char)('A' + col), (unsigned)row + 1);
}

static void write_tornado(gp_xlsx *x, lxw_worksheet *ws, tornado_book *b) {
    const gp_tornado *t = b->t;
    static const char *const heads[NCOLS] = {"Input", "Low", "High", "Metric at low", "Metric at high", "Swing",
                                             "Change at low", "Change at high"};
    char base_ref[16];
    abs_ref(2, 1, base_ref, sizeof base_ref);

    gp_xlsx_text(x, ws, 0, 0, "Sensitivity: which assumption does the figure hang on?", x->title);
    gp_xlsx_text(x, ws, 1, 0, "Metric", x->label);
    gp_xlsx_text(x, ws, 1, 1, t->metric, x->text);
    gp_xlsx_text(x, ws, 2, 0, "At every input's default", x->label);
    gp_xlsx_number(x, ws, 2, 1, t->baseline, b->figure);
    for (lxw_col_t c = 0; c < NCOLS; c++)
        gp_xlsx_text(x, ws, TABLE_ROW, c, heads[c], x->header);
    worksheet_set_column(ws, COL_INPUT, COL_INPUT, 40, NULL);
    worksheet_set_column(ws, COL_LOW, COL_CHANGE_HIGH, 15, NULL);
    for (size_t i = 0; i < t->nrows && x->err == GP_OK; i++) {
        const gp_tornado_row *r = &t->rows[i];
        lxw_row_t row = (lxw_row_t)(TABLE_ROW + 1 + i);
        char formula[64];
        gp_xlsx_text(x, ws, row, COL_INPUT, r->input, x->text);
        gp_xlsx_number(x, ws, row, COL_LOW, r->low, x->input);
        gp_xlsx_number(x, ws, row, COL_HIGH, r->high, x->input);
        gp_xlsx_number(x, ws, row, COL_AT_LOW, r->at_low, b->figure);
        gp_xlsx_number(x, ws, row, COL_AT_HIGH, r->at_high, b->figure);
        snprintf(formula, sizeof formula, "=ABS(E%u-D%u)", (unsigned)row + 1, (unsigned)row + 1);
        gp_xlsx_check(x, worksheet_write_formula_num(ws, row, COL_SWING, formula, b->figure,
                                                     r->at_high > r->at_low ? r->at_high - r->at_low
                                                                            : r->at_low - r->at_high),
                      "a swing formula");
        snprintf(formula, sizeof formula, "=D%u-%s", (unsigned)row + 1, base_ref);
        gp_xlsx_check(x, worksheet_write_formula_num(ws, row, COL_CHANGE_LOW, formula, b->figure,
                                                     r->at_low - t->baseline),
                      "a change formula");
        snprintf(formula, sizeof formula, "=E%u-%s", (unsigned)row + 1, base_ref);
        gp_xlsx_check(x, worksheet_write_formula_num(ws, row, COL_CHANGE_HIGH, formula, b->figure,
                                                     r->at_high - t->baseline),
                      "a change formula");
    }
    lxw_row_t last = (lxw_row_t)(TABLE_ROW + t->nrows);
    lxw_row_t note = last + 2;
    gp_xlsx_text(x, ws, note, 0, "Each input alone at its low and its high, the others at their defaults; the "
                 "swings do not add up to the Monte Carlo spread.", x->text);
    if (t->nrows == 0)
        return;

    lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_BAR);
    if (!chart) {
        gp_xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "the chart");
        return;
    }
    static const char *const names[2] = {"Input at its low", "Input at its high"};
    static const lxw_color_t colors[2] = {0xC55A11, 0x2E75B6};
    for (int k = 0; k < 2; k++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        lxw_col_t col = k == 0 ? COL_CHANGE_LOW : COL_CHANGE_HIGH;
        chart_series_set_categories(s, "Tornado", TABLE_ROW + 1, COL_INPUT, last, COL_INPUT);
        chart_series_set_values(s, "Tornado", TABLE_ROW + 1, col, last, col);
        chart_series_set_name(s, names[k]);
        lxw_chart_fill fill = {.color = colors[k]};
        chart_series_set_fill(s, &fill);
    }
    chart_set_series_overlap(chart, 100);
    chart_set_series_gap(chart, 40);
    char title[200];
    snprintf(title, sizeof title, "Change in %s from %s", t->metric, "the baseline");
    chart_title_set_name(chart, title);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_axis_set_reverse(chart->y_axis); /* the widest swing, first in the table, on top */
    chart_axis_set_crossing_max(chart->y_axis); /* and the value axis back at the bottom */
    chart_axis_set_label_position(chart->y_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
    chart_axis_set_num_format(chart->x_axis, "#,##0");
    lxw_chart_options size = {.x_scale = 1.6, .y_scale = 1.0 + 0.08 * (double)(t->nrows > 4 ? t->nrows - 4 : 0)};
    gp_xlsx_check(x, worksheet_insert_chart_opt(ws, note + 2, 0, chart, &size), "the chart");
    gp_xlsx_print_setup(x, ws, 0);
}

static void write_about(gp_xlsx *x, lxw_worksheet *ws, const gp_tornado *t) {
    const gp_run_info *run = t->run;
    lxw_row_t row = 0;
    gp_xlsx_text(x, ws, row++, 0, "What was run", x->title);
    const char *labels[] = {"Plan", "Plan file", "Plan SHA-256", "Command", "gapplan"};
    const char *values[] = {run ? run->plan_name : NULL, run ? run->plan_file : NULL, run ? run->plan_sha256 : NULL,
                            run ? run->command_line : NULL, GP_VERSION};
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 2, 60, NULL);
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++, row++) {
        gp_xlsx_text(x, ws, row, 0, labels[i], x->label);
        gp_xlsx_text(x, ws, row, 1, values[i] ? values[i] : "", x->text);
    }
    for (size_t i = 0; run && i < run->nscenarios; i++, row++) {
        gp_xlsx_text(x, ws, row, 0, "Scenario", x->label);
        gp_xlsx_text(x, ws, row, 1, run->scenarios[i].id, x->text);
        gp_xlsx_text(x, ws, row, 2, run->scenarios[i].sha256 ? run->scenarios[i].sha256 : "", x->text);
    }
    gp_xlsx_print_setup(x, ws, 0);
}

static void fill(gp_xlsx *x, void *ctx) {
    tornado_book *b = ctx;
    make_formats(x, b);
    lxw_worksheet *tornado = workbook_add_worksheet(x->wb, "Tornado");
    lxw_worksheet *about = workbook_add_worksheet(x->wb, "About");
    if (!tornado || !about) {
        gp_xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "a sheet");
        return;
    }
    write_tornado(x, tornado, b);
    write_about(x, about, b->t);
}

gp_error gp_tornado_write_xlsx(const gp_tornado *t, const char *path, gp_diag *diag) {
    if (!t || !t->metric || (t->nrows && !t->rows) || !path || !diag)
        return GP_ERR_ARGUMENT;
    gp_report_run run = {.name = "sensitivity", .info = t->run};
    gp_xlsx x = {.runs = &run, .nruns = 1, .diag = diag, .err = GP_OK};
    tornado_book b = {.t = t};
    return gp_xlsx_write(&x, path, t->run ? t->run->plan_name : "", "Sensitivity", fill, &b);
}
