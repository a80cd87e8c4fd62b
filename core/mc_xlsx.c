/*
** core/mc_xlsx.c: the Monte Carlo summary as a workbook (gp_mc_write_xlsx in
** mc.h): fan charts for a board, the percentiles behind them, and what was
** drawn.
**
** Sheets:
**   Fan charts   one chart per headline series of all units: the P5-P95 and
**                P10-P90 bands shaded, split in two shades at the median;
**   Monthly      each charted series by month: P5, P10, P50, P90, P95 and
**                the mean, then the chart's bands as formulas over them
**                (P10 - P5, ...), so a reader sees how the chart is built;
**   Annual       every unit's, group's and block's headline series by FY,
**                each statistic a row, ready for a pivot or a filter;
**   Inputs       the uncertain inputs, their distributions and the rank
**                correlations, with the run's provenance.
**
** A fan chart is a stacked area chart: an invisible first series at P5, then
** the band widths stacked on it; the median is where the two darker bands
** meet. Excel and LibreOffice draw that the same way; libxlsxwriter 1.1.4
** (Debian 12's) has no band chart and cannot combine a line with an area.
*/
#include "mc_private.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gapplan/version.h"
#include "report_xlsx.h"

/* Rows of one series' block on Monthly: a heading, six statistics, four bands, a gap. */
#define STAT_ROWS GP_MC_STATS
#define BAND_ROWS 4
#define BLOCK_ROWS (1 + STAT_ROWS + BAND_ROWS + 1)
/* Columns before the months on Monthly and before the FYs on Annual. */
#define MONTHLY_LEFT 2
#define ANNUAL_LEFT 4
/* Charts on a row of the Fan charts sheet, and the cells one takes. */
#define CHARTS_PER_ROW 2
#define CHART_ROWS 20
#define CHART_COLS 9

typedef struct mc_book {
    const gp_mc_summary *s;
    const gp_mc_info *info;
    lxw_format *stat_label, *band_label;
} mc_book;

/* A charted series: one of all units' headline series. */
typedef struct charted {
    const gp_mc_series *se;
    const char *title;
} charted;

static const gp_series_info *info_of(const gp_mc_series *se) {
    return se->kind == GP_MC_KIND_GROUP     ? &gp_group_series_info[se->index]
           : se->kind == GP_MC_KIND_FINANCE ? &gp_finance_series_info[se->index]
                                            : &gp_backlog_series_info[se->index];
}

/* The statistic's label in the workbook. */
static const char *stat_label(int st) {
    static const char *const labels[GP_MC_STATS] = {"P5", "P10", "P50 (median)", "P90", "P95", "Mean"};
    return labels[st];
}

/* The headline series of all units a board sees charted: the group totals, then finance and backlog. */
static size_t charted_series(const gp_mc_summary *s, charted *out) {
    static const char *const titles[] = {
        "Vacancies (FTE)", "Available FTE", "Staffing gap (FTE)", "Agency cost", "Revenue gap", "Capital gap",
        "Waiting list (pathways)", "Waiting over 52 weeks (pathways)",
    };
    const gp_mc_unit *all = &s->units[s->nunits];
    size_t n = 0, title = 0;
    for (size_t b = 0; b < all->nblocks; b++) {
        const gp_mc_block *bl = &all->blocks[b];
        bool total = bl->kind == GP_MC_KIND_GROUP && strcmp(bl->id, "total") == 0;
        if (bl->kind == GP_MC_KIND_FINANCE)
            title = 4;
        else if (bl->kind == GP_MC_KIND_BACKLOG)
            title = 6;
        if (bl->kind == GP_MC_KIND_GROUP && !total)
            continue;
        for (size_t k = bl->first; k < bl->first + bl->count; k++)
            out[n++] = (charted){&s->series[k], titles[title++]};
    }
    return n;
}

static const double *stat_values(const gp_mc_summary *s, const gp_mc_series *se, int st) {
    return s->stats + (size_t)st * s->ncells + se->month_cell;
}

/* "C5" style reference to (row, col), both zero-based. */
static void cell_ref(lxw_row_t row, lxw_col_t col, char *buf, size_t size) {
    char letters[8];
    int n = 0;
    for (unsigned c = col + 1; c > 0; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    int k = 0;
    while (n > 0 && k + 1 < (int)sizeof letters)
        buf[k++] = letters[--n];
    snprintf(buf + k, size - (size_t)k, "%u", (unsigned)row + 1);
}

/* ---- Monthly ---------------------------------------------------------------------------------- */

static void write_monthly(gp_xlsx *x, lxw_worksheet *ws, mc_book *b, const charted *cs, size_t n) {
    const gp_mc_summary *s = b->s;
    int months = s->cal.months;
    static const char *const band_names[BAND_ROWS] = {
        "chart band: P10 less P5", "chart band: P50 less P10", "chart band: P90 less P50",
        "chart band: P95 less P90",
    };
    /* the band between statistics lo and hi */
    static const int band_lo[BAND_ROWS] = {GP_MC_P5, GP_MC_P10, GP_MC_P50, GP_MC_P90};
    static const int band_hi[BAND_ROWS] = {GP_MC_P10, GP_MC_P50, GP_MC_P90, GP_MC_P95};

    gp_xlsx_text(x, ws, 0, 0, "Series", x->header);
    gp_xlsx_text(x, ws, 0, 1, "Statistic", x->header);
    for (int t = 0; t < months; t++) {
        char label[GP_LABEL_SIZE];
        gp_calendar_month_label(&s->cal, t, label);
        gp_xlsx_text(x, ws, 0, (lxw_col_t)(MONTHLY_LEFT + t), label, x->header);
    }
    worksheet_set_column(ws, 0, 0, 30, NULL);
    worksheet_set_column(ws, 1, 1, 24, NULL);
    worksheet_set_column(ws, MONTHLY_LEFT, (lxw_col_t)(MONTHLY_LEFT + months - 1), 11, NULL);
    worksheet_freeze_panes(ws, 1, MONTHLY_LEFT);
    for (size_t i = 0; i < n && x->err == GP_OK; i++) {
        lxw_row_t top = (lxw_row_t)(1 + i * BLOCK_ROWS);
        lxw_format *fmt = gp_xlsx_format_of(x, info_of(cs[i].se));
        gp_xlsx_text(x, ws, top, 0, cs[i].title, x->bold);
        gp_xlsx_text(x, ws, top, 1, info_of(cs[i].se)->doc, x->text);
        for (int st = 0; st < STAT_ROWS; st++) {
            lxw_row_t row = top + 1 + (lxw_row_t)st;
            const double *v = stat_values(s, cs[i].se, st);
            gp_xlsx_text(x, ws, row, 0, cs[i].title, x->text);
            gp_xlsx_text(x, ws, row, 1, stat_label(st), b->stat_label);
            for (int t = 0; t < months; t++)
                gp_xlsx_number(x, ws, row, (lxw_col_t)(MONTHLY_LEFT + t), v[t], fmt);
        }
        for (int k = 0; k < BAND_ROWS; k++) {
            lxw_row_t row = top + 1 + STAT_ROWS + (lxw_row_t)k;
            const double *lo = stat_values(s, cs[i].se, band_lo[k]), *hi = stat_values(s, cs[i].se, band_hi[k]);
            gp_xlsx_text(x, ws, row, 0, cs[i].title, x->text);
            gp_xlsx_text(x, ws, row, 1, band_names[k], b->band_label);
            for (int t = 0; t < months && x->err == GP_OK; t++) {
                char a[16], c[16], formula[40];
                lxw_col_t col = (lxw_col_t)(MONTHLY_LEFT + t);
                cell_ref(top + 1 + (lxw_row_t)band_hi[k], col, a, sizeof a);
                cell_ref(top + 1 + (lxw_row_t)band_lo[k], col, c, sizeof c);
                snprintf(formula, sizeof formula, "=%s-%s", a, c);
                gp_xlsx_check(x, worksheet_write_formula_num(ws, row, col, formula, fmt, hi[t] - lo[t]),
                              "a band formula");
            }
        }
    }
    gp_xlsx_print_setup(x, ws, 1);
}

/* ---- Fan charts ------------------------------------------------------------------------------- */

static void set_fill(lxw_chart_series *series, lxw_color_t color, bool none) {
    lxw_chart_fill fill = {.color = color, .none = none};
    lxw_chart_line line = {.none = LXW_TRUE};
    chart_series_set_fill(series, &fill);
    chart_series_set_line(series, &line);
}

static void fan_chart(gp_xlsx *x, lxw_worksheet *ws, mc_book *b, const charted *c, size_t i, const char *data) {
    int months = b->s->cal.months;
    lxw_row_t top = (lxw_row_t)(1 + i * BLOCK_ROWS);
    lxw_col_t first = MONTHLY_LEFT, last = (lxw_col_t)(MONTHLY_LEFT + months - 1);
    lxw_chart *area = workbook_add_chart(x->wb, LXW_CHART_AREA_STACKED);
    if (!area) {
        gp_xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "a chart");
        return;
    }
    /* the base at P5 (invisible), then the bands: light, two shades either side of the median, light */
    static const lxw_color_t band_colors[BAND_ROWS] = {0xBDD7EE, 0x6FA8DC, 0x3D85C6, 0xBDD7EE};
    static const char *const band_names[BAND_ROWS] = {"P5 to P10", "P10 to median", "Median to P90",
                                                      "P90 to P95"};
    lxw_chart_series *base = chart_add_series(area, NULL, NULL);
    chart_series_set_categories(base, data, 0, first, 0, last);
    chart_series_set_values(base, data, top + 1 + GP_MC_P5, first, top + 1 + GP_MC_P5, last);
    chart_series_set_name(base, "P5");
    set_fill(base, 0, true);
    for (int k = 0; k < BAND_ROWS; k++) {
        lxw_row_t row = top + 1 + STAT_ROWS + (lxw_row_t)k;
        lxw_chart_series *band = chart_add_series(area, NULL, NULL);
        chart_series_set_categories(band, data, 0, first, 0, last);
        chart_series_set_values(band, data, row, first, row, last);
        chart_series_set_name(band, band_names[k]);
        set_fill(band, band_colors[k], false);
    }
    chart_title_set_name(area, c->title);
    chart_legend_set_position(area, LXW_CHART_LEGEND_BOTTOM);
    chart_legend_delete_series(area, (int16_t[]){0, -1}); /* the invisible base has no meaning to a reader */
    chart_axis_set_num_format(area->y_axis, gp_xlsx_format_of(x, info_of(c->se)) == x->money ? "£#,##0,,\"m\""
                                                                                                 : "#,##0");
    chart_axis_set_label_position(area->x_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
    chart_axis_set_interval_unit(area->x_axis, 6);
    lxw_row_t at_row = (lxw_row_t)(4 + (i / CHARTS_PER_ROW) * CHART_ROWS);
    lxw_col_t at_col = (lxw_col_t)((i % CHARTS_PER_ROW) * CHART_COLS);
    lxw_chart_options size = {.x_scale = 1.0, .y_scale = 1.3};
    gp_xlsx_check(x, worksheet_insert_chart_opt(ws, at_row, at_col, area, &size), "a chart");
}

static void write_fans(gp_xlsx *x, lxw_worksheet *ws, mc_book *b, const charted *cs, size_t n) {
    char line[256];
    const gp_run_info *run = b->info->run;
    gp_xlsx_text(x, ws, 0, 0, "Monte Carlo: how sure are we?", x->title);
    snprintf(line, sizeof line, "%s: %zu runs, each uncertain input drawn from its range (seed %" PRIu64 ").",
             run && run->plan_name ? run->plan_name : "the plan", b->s->iterations, b->info->seed);
    gp_xlsx_text(x, ws, 1, 0, line, x->text);
    gp_xlsx_text(x, ws, 2, 0, "Darker bands: P10 to P90 (8 runs in 10 fall inside), meeting at the median. "
                 "Light bands: out to P5 and P95 (9 in 10). Figures on the Monthly and Annual sheets.", x->text);
    for (size_t i = 0; i < n && x->err == GP_OK; i++)
        fan_chart(x, ws, b, &cs[i], i, "Monthly");
    gp_xlsx_print_setup(x, ws, 0);
    lxw_row_t breaks[] = {4 + 2 * CHART_ROWS, 0}; /* two rows of charts a page */
    gp_xlsx_check(x, worksheet_set_h_pagebreaks(ws, breaks), "a page break");
}

/* ---- Annual ----------------------------------------------------------------------------------- */

static void write_annual(gp_xlsx *x, lxw_worksheet *ws, mc_book *b) {
    const gp_mc_summary *s = b->s;
    static const char *const heads[ANNUAL_LEFT] = {"Unit", "Block", "Series", "Statistic"};
    lxw_row_t row = 0;
    for (lxw_col_t c = 0; c < ANNUAL_LEFT; c++)
        gp_xlsx_text(x, ws, row, c, heads[c], x->header);
    for (int f = 0; f < s->cal.nfys; f++) {
        char fy[GP_LABEL_SIZE];
        gp_calendar_fy_label(&s->cal, f, fy);
        gp_xlsx_text(x, ws, row, (lxw_col_t)(ANNUAL_LEFT + f), fy, x->header);
    }
    worksheet_set_column(ws, 0, 1, 18, NULL);
    worksheet_set_column(ws, 2, 2, 16, NULL);
    worksheet_set_column(ws, 3, 3, 13, NULL);
    worksheet_set_column(ws, ANNUAL_LEFT, (lxw_col_t)(ANNUAL_LEFT + s->cal.nfys - 1), 13, NULL);
    worksheet_freeze_panes(ws, 1, ANNUAL_LEFT);
    /* all units first, as the board reads it; then each unit, then each system */
    for (size_t i = 0; i <= s->nunits + s->nsystems && x->err == GP_OK; i++) {
        const gp_mc_unit *u = &s->units[i == 0 ? s->nunits : i <= s->nunits ? i - 1 : i];
        for (size_t k = 0; k < u->nblocks; k++) {
            const gp_mc_block *bl = &u->blocks[k];
            const char *block = bl->kind == GP_MC_KIND_GROUP ? bl->name : bl->kind == GP_MC_KIND_FINANCE ? "Finance"
                                                                                                       : "Backlog";
            for (size_t j = bl->first; j < bl->first + bl->count; j++) {
                const gp_mc_series *se = &s->series[j];
                lxw_format *fmt = gp_xlsx_format_of(x, info_of(se));
                for (int st = 0; st < GP_MC_STATS; st++) {
                    row++;
                    gp_xlsx_text(x, ws, row, 0, u->name, x->text);
                    gp_xlsx_text(x, ws, row, 1, block, x->text);
                    gp_xlsx_text(x, ws, row, 2, se->name, x->text);
                    gp_xlsx_text(x, ws, row, 3, stat_label(st), b->stat_label);
                    for (int f = 0; f < s->cal.nfys; f++)
                        gp_xlsx_number(x, ws, row, (lxw_col_t)(ANNUAL_LEFT + f),
                                       se->annual[(size_t)st * (size_t)s->cal.nfys + (size_t)f], fmt);
                }
            }
        }
    }
    gp_xlsx_check(x, worksheet_autofilter(ws, 0, 0, row, (lxw_col_t)(ANNUAL_LEFT + s->cal.nfys - 1)),
                  "the filter");
    gp_xlsx_print_setup(x, ws, 1);
}

/* ---- Inputs ----------------------------------------------------------------------------------- */

static void write_inputs(gp_xlsx *x, lxw_worksheet *ws, mc_book *b) {
    const gp_mc_info *info = b->info;
    const gp_run_info *run = info->run;
    size_t n = gp_mc_sampler_count(info->sampler);
    static const char *const heads[] = {"Input", "Kind", "Distribution", "Low", "Mode", "High"};
    lxw_row_t row = 0;

    gp_xlsx_text(x, ws, row++, 0, "What was uncertain", x->title);
    for (lxw_col_t c = 0; c < 6; c++)
        gp_xlsx_text(x, ws, row, c, heads[c], x->header);
    worksheet_set_column(ws, 0, 0, 40, NULL);
    worksheet_set_column(ws, 1, 5, 16, NULL);
    for (size_t i = 0; i < n; i++) {
        const gp_mc_input *in = gp_mc_sampler_input(info->sampler, i);
        row++;
        gp_xlsx_text(x, ws, row, 0, in->name, x->text);
        gp_xlsx_text(x, ws, row, 1, in->range ? "plan input (ranges)" : "scenario param", x->text);
        gp_xlsx_text(x, ws, row, 2, gp_mc_dist_name(in->dist), x->text);
        gp_xlsx_number(x, ws, row, 3, in->low, x->input);
        if (in->dist == GP_MC_TRIANGULAR)
            gp_xlsx_number(x, ws, row, 4, in->mode, x->input);
        gp_xlsx_number(x, ws, row, 5, in->high, x->input);
    }
    row += 2;
    gp_xlsx_text(x, ws, row, 0, "Rank correlations", x->bold);
    if (info->ncorr == 0)
        gp_xlsx_text(x, ws, row, 1, "none: the inputs were drawn independently", x->text);
    for (size_t k = 0; k < info->ncorr; k++) {
        row++;
        gp_xlsx_text(x, ws, row, 0, gp_mc_sampler_input(info->sampler, info->corr[k].a)->name, x->text);
        gp_xlsx_text(x, ws, row, 1, gp_mc_sampler_input(info->sampler, info->corr[k].b)->name, x->text);
        gp_xlsx_number(x, ws, row, 2, info->corr[k].rank, x->input);
    }
    row += 2;
    gp_xlsx_text(x, ws, row++, 0, "Provenance", x->bold);
    const char *labels[] = {"Plan", "Plan file", "Plan SHA-256", "Command", "Iterations", "Seed", "gapplan"};
    char iterations[32], seed[32];
    snprintf(iterations, sizeof iterations, "%zu", b->s->iterations);
    snprintf(seed, sizeof seed, "%" PRIu64, info->seed);
    const char *values[] = {run ? run->plan_name : NULL, run ? run->plan_file : NULL, run ? run->plan_sha256 : NULL,
                            run ? run->command_line : NULL, iterations, seed, GP_VERSION};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++, row++) {
        gp_xlsx_text(x, ws, row, 0, labels[i], x->label);
        gp_xlsx_text(x, ws, row, 1, values[i] ? values[i] : "", x->text);
    }
    for (size_t i = 0; run && i < run->nscenarios; i++, row++) {
        const gp_scenario_info *sc = &run->scenarios[i];
        gp_xlsx_text(x, ws, row, 0, "Scenario", x->label);
        gp_xlsx_text(x, ws, row, 1, sc->id, x->text);
        gp_xlsx_text(x, ws, row, 2, sc->sha256 ? sc->sha256 : "", x->text);
    }
    gp_xlsx_print_setup(x, ws, 0);
}

/* ---- the workbook ----------------------------------------------------------------------------- */

static void make_formats(gp_xlsx *x, mc_book *b) {
    gp_xlsx_formats(x, GP_XLSX_DEFAULT_FORMATS);
    x->label = x->bold;
    b->stat_label = NULL; /* plain: the default format (see gp_xlsx_formats) */
    b->band_label = workbook_add_format(x->wb);
    format_set_italic(b->band_label);
    format_set_font_color(b->band_label, 0x808080);
}

static void fill(gp_xlsx *x, void *ctx) {
    mc_book *b = ctx;
    charted cs[16];
    size_t n = charted_series(b->s, cs);
    make_formats(x, b);
    /* constant-memory mode writes sheets in the order they are added, each row in order */
    lxw_worksheet *fans = workbook_add_worksheet(x->wb, "Fan charts");
    lxw_worksheet *monthly = workbook_add_worksheet(x->wb, "Monthly");
    lxw_worksheet *annual = workbook_add_worksheet(x->wb, "Annual");
    lxw_worksheet *inputs = workbook_add_worksheet(x->wb, "Inputs");
    if (!fans || !monthly || !annual || !inputs) {
        gp_xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "a sheet");
        return;
    }
    write_fans(x, fans, b, cs, n);
    write_monthly(x, monthly, b, cs, n);
    write_annual(x, annual, b);
    write_inputs(x, inputs, b);
}

gp_error gp_mc_write_xlsx(const gp_mc_summary *s, const gp_mc_info *info, const char *path, gp_diag *diag) {
    if (!s || !info || !info->sampler || !path || !diag)
        return GP_ERR_ARGUMENT;
    gp_report_run run = {.name = "mc", .info = info->run};
    gp_xlsx x = {.runs = &run, .nruns = 1, .diag = diag, .err = GP_OK};
    mc_book b = {.s = s, .info = info};
    return gp_xlsx_write(&x, path, info->run ? info->run->plan_name : "", "Monte Carlo", fill, &b);
}
