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

typedef struct gp_xlsx {
    lxw_workbook *wb;
    const gp_template *tpl;
    const gp_report_run *runs;
    size_t nruns;
    gp_diag *diag;
    gp_error err; /* the first failure; later writes are skipped */
    lxw_format *title, *header, *label, *bold, *text, *wrap, *input;
    lxw_format *money, *fte, *rate, *count, *pounds;
    bool reproducible; /* SOURCE_DATE_EPOCH is set */
} gp_xlsx;

/* Write text as a string cell (never a formula), made valid UTF-8 and cut to Excel's limit. */
void gp_xlsx_text(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *fmt);
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
