/*
** core/report_xlsx.h (private): what the workbook writer's files share:
** report_xlsx.c (the workbook, formats, safe cells, the file) and
** report_sheets.c (one function per kind of sheet).
*/
#ifndef GP_REPORT_XLSX_H
#define GP_REPORT_XLSX_H

#include <stdbool.h>

#include <xlsxwriter.h>

#include "gapplan/report.h"
#include "template_private.h"

/* Excel's limit on the characters of a cell's text. */
#define GP_XLSX_TEXT_MAX 32767

/* Columns before the months on Monthly, Assumptions and the waiting-list workings. */
#define GP_XLSX_MONTHLY_KEYS 5
#define GP_XLSX_ASSUMPTION_KEYS 6
#define GP_XLSX_WORKINGS_KEYS 3
/* The live pack's helper sheet, added after the template's sheets when a plan has a waiting list. */
#define GP_XLSX_WORKINGS_SHEET "Waiting list workings"

/*
** The live pack (report_live.c) is the default up to these sizes (the England
** example is 1 unit of 8 groups over 60 months): beyond them a formula that
** sums all units grows past what Excel opens quickly, and `--values` is the
** way. Group-months are summed over the runs of a comparison.
*/
#define GP_LIVE_UNITS_MAX 100
#define GP_LIVE_GROUP_MONTHS_MAX 50000
/* Excel's limit on the characters of a formula. */
#define GP_LIVE_FORMULA_MAX 8192

/* The blocks of a unit's Monthly rows. */
typedef enum gp_live_block { GP_LIVE_GROUP, GP_LIVE_FINANCE, GP_LIVE_PRESSURES, GP_LIVE_FUNDING, GP_LIVE_BACKLOG } gp_live_block;

typedef struct gp_live gp_live;

typedef struct gp_xlsx {
    lxw_workbook *wb;
    const gp_template *tpl;
    const gp_report_run *runs;
    size_t nruns;
    gp_diag *diag;
    gp_error err; /* the first failure; later writes are skipped */
    lxw_format *title, *header, *label, *bold, *text, *wrap, *input; /* label and text: NULL, the default */
    lxw_format *money, *fte, *rate, *count, *pounds;                 /* one object per number code */
    bool reproducible; /* SOURCE_DATE_EPOCH is set */
    bool want_live;    /* write every computed figure as a formula (report_live.c) */
    gp_live *live;     /* the live pack's layout while the sheets are written; NULL: values */
} gp_xlsx;

/* Write text as a string cell (never a formula), made valid UTF-8 and cut to Excel's limit. */
void gp_xlsx_text(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *fmt);
/* The workbook's formats (x->wb is open): a header in `header_color`, and the number formats of the quantities. */
void gp_xlsx_formats(gp_xlsx *x, unsigned header_color, const char *money, const char *fte, const char *rate,
                     const char *count);
/* The board pack's defaults, for the workbooks that have no template (mc, sensitivity). */
#define GP_XLSX_DEFAULT_FORMATS 0x1F4E79, "£#,##0.0,,\"m\"", "#,##0", "0.0%", "#,##0"
/* Write a formula with its cached value (the core's). */
void gp_xlsx_formula(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *formula, double v,
                     lxw_format *fmt);
/* A sheet name as a formula reference: quoted unless it is letters, digits and '_' only. */
void gp_xlsx_sheet_ref(char *out, size_t size, const char *sheet);
/* Write a number; a non-finite value is left blank (a figure a metric left out). */
void gp_xlsx_number(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *fmt);
/* The number format of a series' quantity. */
lxw_format *gp_xlsx_format_of(gp_xlsx *x, const gp_series_info *info);
/* Record a libxlsxwriter failure (the first one wins). */
void gp_xlsx_check(gp_xlsx *x, lxw_error e, const char *what);
/* Landscape, one page wide, header rows repeated, "Page N of M" and the plan's name in the footer. */
void gp_xlsx_print_setup(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t header_rows);

/*
** Write a workbook at `path` through a temporary file beside it: open it in
** constant-memory mode (rows in order, sheet by sheet), set its properties,
** let `fill` add the sheets (recording failures in x->err), close it, check
** it is complete and rename it into place. On failure nothing is left at
** `path` but what was there before. `x` holds the diag and, for the sheet
** helpers, the runs; x->wb is set while `fill` runs.
*/
gp_error gp_xlsx_write(gp_xlsx *x, const char *path, const char *title, const char *subject,
                       void (*fill)(gp_xlsx *x, void *ctx), void *ctx);

/*
** Check the workbook at `path` is complete: every XML part inflates and ends
** with its root's closing tag (xlsx_verify.c). GP_ERR_IO with the diag filled
** when a part was cut short (libxlsxwriter does not report it).
*/
gp_error gp_xlsx_verify(const char *path, gp_diag *diag);

/* ---- the live pack (report_live.c) ---- */

/* True when the runs can be written live: the template has Monthly and Assumptions sheets and the plans are known. */
bool gp_live_possible(const gp_report_run *runs, size_t nruns, const gp_template *tpl);
/* True when they should be by default: possible, and within the sizes above. */
bool gp_live_wanted(const gp_report_run *runs, size_t nruns, const gp_template *tpl);
/* Lay out the rows of Assumptions, Monthly and the workings (x->live); false when out of memory. */
bool gp_live_prepare(gp_xlsx *x);
void gp_live_free(gp_xlsx *x);
/* True when the pack needs the waiting-list workings sheet. */
bool gp_live_has_workings(const gp_xlsx *x);
/*
** The formula of a Monthly cell: run k, unit u (nunits: all units), block,
** group g (a group block; ngroups: total), series or line s, month t. False
** when it would not fit in `size` (the caller writes the value).
*/
bool gp_live_monthly(gp_xlsx *x, size_t k, size_t u, gp_live_block block, size_t g, size_t s, int t, char *out,
                     size_t size);
/* The Monthly row of that series. */
lxw_row_t gp_live_monthly_row(const gp_xlsx *x, size_t k, size_t u, gp_live_block block, size_t g, size_t s);
/* An FY figure over a Monthly row: the SUM of the FY's months (a flow) or its closing month (a stock). */
void gp_live_fy(const gp_xlsx *x, lxw_row_t monthly_row, int f, bool stock, char *out, size_t size);
/* A month of a Monthly row, from another sheet. */
void gp_live_month(const gp_xlsx *x, lxw_row_t monthly_row, int t, char *out, size_t size);
/* The waiting-list workings sheet. */
void gp_xlsx_workings(gp_xlsx *x, lxw_worksheet *ws);

/* ---- systems (report_systems.c) ---- */

/* The sheet added after the template's when a plan has systems. */
#define GP_XLSX_SYSTEMS_SHEET "Systems"
/* True when a run's result has systems. */
bool gp_xlsx_has_systems(const gp_xlsx *x);
/* Each system's members side by side with the system's figure, by FY. */
void gp_xlsx_systems(gp_xlsx *x, lxw_worksheet *ws);

/* The sheets (report_sheets.c and report_inputs.c). */
void gp_xlsx_summary(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s);
void gp_xlsx_workforce(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s);
void gp_xlsx_finance(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s);
void gp_xlsx_backlog(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s);
void gp_xlsx_monthly(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s);
void gp_xlsx_scenarios(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s);
void gp_xlsx_assumptions(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s);
void gp_xlsx_audit(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s);

#endif
